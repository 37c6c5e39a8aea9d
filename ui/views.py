"""Rendering an assessment: the header, the KPI row, the eligibility table and the investment.

Only presentation: every figure comes from the `Assessment`, every gap's words from
`vip.explain.gap_message`, every number's format from `vip.explain.Fmt`.
"""

from __future__ import annotations

from html import escape

import streamlit as st

from ui import state
from ui.i18n import fmt, t
from vip.engine import Assessment, SubtrackResult
from vip.explain import STATUS, gap_message

BADGE_CLASS = {
    "eligible": "ok",
    "gap_period_end": "soon",
    "gap_enrollment": "now",
    "not_enrolled": "off",
}

TABLE_CSS = """
<style>
.vip-table{width:100%;border-collapse:collapse;font-size:0.92rem;line-height:1.35}
.vip-table th{font-weight:600;text-align:left;color:#5b6270;font-size:0.8rem;text-transform:uppercase;
  letter-spacing:0.03em;padding:0.45rem 0.6rem;border-bottom:2px solid #e3e6ea;white-space:nowrap}
.vip-table td{padding:0.55rem 0.6rem;border-bottom:1px solid #eceef1;vertical-align:top}
.vip-table td.num,.vip-table th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.vip-table .sub{font-weight:600;color:#1f2733}
.vip-table td.first{min-width:11.5rem}
.vip-table .track{display:block;font-size:0.78rem;color:#7a818c}
.vip-table .muted{color:#7a818c;font-size:0.8rem}
.vip-table ul{margin:0;padding-left:1.05rem}
.vip-table li{margin:0 0 0.2rem 0}
.vip-table li.late{color:#9a3412}
.vip-badge{display:inline-block;padding:0.12rem 0.55rem;border-radius:999px;font-size:0.78rem;font-weight:600;
  white-space:nowrap}
.vip-badge.ok{background:#dcf3e5;color:#13663a}
.vip-badge.soon{background:#fdf1d6;color:#8a5a00}
.vip-badge.now{background:#fde2df;color:#a1281b}
.vip-badge.off{background:#eceef1;color:#4b5260}
</style>
"""


def header(a: Assessment) -> None:
    f = fmt()
    p, e = a.profile, a.edition
    country = _country_name(p.country)
    st.title(p.partner, anchor=False)
    st.caption(
        " · ".join([
            e.name,
            t("in.period_months", n=a.period.months) + f" ({f.day(a.period.start)} – {f.day(a.period.end)})",
            country,
            e.certification_by_id[p.certification].name,
            t("head.as_of", day=f.day(a.as_of)),
        ])
    )


def _country_name(code: str) -> str:
    from babel import Locale

    return str(Locale(state.lang()).territories.get(code, code))


KPI_CSS = """
<style>
.vip-kpis{display:flex;gap:0.6rem;margin:0.2rem 0 0.4rem 0}
.vip-kpi{flex:1 1 0;min-width:0;border:1px solid #dfe3e8;border-radius:0.5rem;padding:0.7rem 0.85rem;background:#fff}
.vip-kpi-label{font-size:0.85rem;color:#4b5260;display:flex;gap:0.3rem;align-items:baseline}
.vip-kpi-help{color:#9aa1ab;cursor:help;font-size:0.8rem}
.vip-kpi-value{font-size:1.5rem;font-weight:600;color:#1f2733;white-space:nowrap;line-height:1.3;
  font-variant-numeric:tabular-nums;margin-top:0.15rem}
.vip-kpi-note{display:inline-block;margin-top:0.3rem;font-size:0.78rem;padding:0.05rem 0.45rem;border-radius:999px;
  background:#eceef1;color:#4b5260;white-space:nowrap}
.vip-kpi-note.up{background:#dcf3e5;color:#13663a}
.vip-kpi-note.down{background:#fde2df;color:#a1281b}
</style>
"""


def _kpi(name: str, label: str, value: str, help_: str, note: str = "", tone: str = "") -> str:
    note_html = f'<span class="vip-kpi-note {tone}">{escape(note)}</span>' if note else ""
    return (
        f'<div class="vip-kpi" data-kpi="{name}"><div class="vip-kpi-label">{escape(label)}'
        f'<span class="vip-kpi-help" title="{escape(help_)}">ⓘ</span></div>'
        f'<div class="vip-kpi-value">{escape(value)}</div>{note_html}</div>'
    )


def kpis(a: Assessment) -> None:
    """The KPI row, as one element: five `st.metric`s cost the browser about 25 ms more per rerun."""
    f = fmt()
    inv, roi = a.investment, a.roi
    gain = a.potential_rebate - a.estimated_rebate
    if roi.payback_periods is None:
        payback, months = t("kpi.never"), ""
    else:
        payback = t("kpi.periods", n=f.num(roi.payback_periods, 1))
        months = t("kpi.months", n=f.num(roi.payback_periods * roi.period_months, 0))
    roi_note, roi_tone = "", ""
    if roi.roi is not None:
        roi_note = t("kpi.roi") + " " + ("+" if roi.roi > 0 else "") + f.pct(roi.roi)
        roi_tone = "up" if roi.roi > 0 else "down" if roi.roi < 0 else ""
    cards = [
        _kpi("now", t("kpi.now"), f.money(a.estimated_rebate), t("kpi.now_help")),
        _kpi("potential", t("kpi.potential"), f.money(a.potential_rebate), t("kpi.potential_help"),
             f.money(gain, signed=True) if gain else "", "up" if gain > 0 else ""),
        _kpi("investment", t("kpi.investment"), f.money(inv.one_off),
             t("kpi.investment_help", rate=f.money(a.hourly_cost)),
             t("kpi.investment_delta", cash=f.money(inv.cash), hours=f.num(inv.hours)) if inv.one_off else ""),
        _kpi("payback", t("kpi.payback"), payback, t("kpi.payback_help", months=roi.period_months), months),
        _kpi("npv", t("kpi.npv"), f.money(roi.npv),
             t("kpi.npv_help", rate=f.pct(a.discount_rate), n=roi.horizon_periods), roi_note, roi_tone),
    ]
    st.html(f'{KPI_CSS}<div class="vip-kpis">{"".join(cards)}</div>')


def shown_subtracks(a: Assessment, everything: bool = False) -> list[SubtrackResult]:
    """The subtracks worth a row: enrolled, selling or eligible (or all of them)."""
    return [s for s in a.subtracks if everything or s.enrolled or s.projected_sales > 0 or s.eligible]


def eligibility(a: Assessment, rows: list[SubtrackResult]) -> None:
    f = fmt()
    e = a.edition
    lang = state.lang()
    track_names = {tr.id: tr.name for tr in e.tracks}
    body = []
    for s in rows:
        badge = f'<span class="vip-badge {BADGE_CLASS[s.status]}">{escape(STATUS[s.status][lang])}</span>'
        gaps = []
        for g in s.gaps:
            late = ' class="late"' if not g.attainable else ""
            gaps.append(f"<li{late}>{escape(gap_message(g, s.name, e, f))}</li>")
        todo = f"<ul>{''.join(gaps)}</ul>" if gaps else f'<span class="muted">{escape(t("elig.nothing"))}</span>'
        body.append(
            "<tr>"
            f'<td class="first"><span class="sub">{escape(s.name)}</span>'
            f'<span class="track">{escape(track_names[s.track])} · {escape(f.pct(s.rate))}</span></td>'
            f"<td>{badge}</td>"
            f'<td class="num">{escape(f.money(s.projected_sales))}<br>'
            f'<span class="muted">{escape(t("elig.min", amount=f.money(s.min_volume)))}</span></td>'
            f'<td class="num">{escape(f.money(s.estimated_rebate))}</td>'
            f'<td class="num">{escape(f.money(s.potential_rebate))}</td>'
            f"<td>{todo}</td>"
            "</tr>"
        )
    head = (
        f"<tr><th>{escape(t('elig.subtrack'))}</th><th>{escape(t('elig.status'))}</th>"
        f"<th class='num'>{escape(t('elig.sales'))}</th><th class='num'>{escape(t('elig.now'))}</th>"
        f"<th class='num'>{escape(t('elig.potential'))}</th><th>{escape(t('elig.todo'))}</th></tr>"
    )
    st.html(f'{TABLE_CSS}<table class="vip-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')
    for b in a.bonuses:
        st.caption(t("elig.bonus", name=b.name, now=f.money(b.estimated), potential=f.money(b.potential),
                     rate=f.pct(b.rate), base=f.money(b.base), cap=f.money(b.cap)))


def investment(a: Assessment) -> None:
    f = fmt()
    e = a.edition
    inv = a.investment
    if not inv.lines:
        st.caption(t("inv.none"))
        return
    earn = ", ".join(e.name_of(x) for x in inv.authorizations) or "—"
    people = ", ".join(f"{n} × {role}" for role, n in inv.new_people) or t("inv.no_people")
    st.markdown(t("inv.summary", earn=earn, people=people))
    kind_names = {"training": t("inv.training"), "staff_hours": t("inv.staff_hours")}
    body = []
    for line in inv.lines:
        what = kind_names.get(line.kind, line.label)
        for_ = e.name_of(line.authorization) if line.authorization else ""
        body.append(
            f"<tr><td>{escape(for_)}</td><td>{escape(what)}</td>"
            f"<td class='num'>{escape(f.money(line.cash)) if line.cash else ''}</td>"
            f"<td class='num'>{escape(f.num(line.hours)) if line.hours else ''}</td></tr>"
        )
    body.append(
        f"<tr><td class='sub'>{escape(t('inv.total'))}</td><td class='muted'>"
        f"{escape(t('inv.total_note', rate=f.money(a.hourly_cost)))}</td>"
        f"<td class='num sub'>{escape(f.money(inv.cash))}</td><td class='num sub'>{escape(f.num(inv.hours))}</td></tr>"
    )
    head = (
        f"<tr><th>{escape(t('inv.for'))}</th><th>{escape(t('inv.item'))}</th>"
        f"<th class='num'>{escape(t('inv.cash'))}</th><th class='num'>{escape(t('inv.hours'))}</th></tr>"
    )
    st.html(f'{TABLE_CSS}<table class="vip-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')
    st.caption(t("inv.renewal", amount=f.money(inv.renewal_per_year)))
