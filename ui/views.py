"""Rendering an assessment: the header, the KPI row, the eligibility table and the investment.

Only presentation: every figure comes from the `Assessment`, every gap's words from
`vip.explain.gap_message`, every number's format from `vip.explain.Fmt`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Sequence
from decimal import Decimal
from html import escape

import streamlit as st

from ui import state
from ui.i18n import TEXT, fmt, period_label, t
from vip.calc.engine import nothing_to_invest
from vip.calc.plans import Plan
from vip.calc.results import Assessment, Investment, Roi, SubtrackResult
from vip.calc.scenario import Comparison
from vip.model.edition import Edition
from vip.present.explain import STATUS, Fmt, gap_message

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
.vip-table li{margin:0 0 0.2rem 0;font-size:inherit;line-height:inherit}
.vip-table li.late{color:#9a3412}
.vip-badge{display:inline-block;padding:0.12rem 0.55rem;border-radius:0.7rem;font-size:0.78rem;font-weight:600;
  max-width:11rem;line-height:1.3}
.vip-badge.ok{background:#dcf3e5;color:#13663a}
.vip-badge.soon{background:#fdf1d6;color:#8a5a00}
.vip-badge.now{background:#fde2df;color:#a1281b}
.vip-badge.off{background:#eceef1;color:#4b5260}
</style>
"""


def header(a: Assessment) -> None:
    f = fmt()
    p, e = a.profile, a.edition
    country = country_name(p.country)
    st.title(p.partner, anchor=False)
    st.caption(
        " · ".join([
            e.name,
            period_label(a.period),
            country,
            e.certification_by_id[p.certification].name,
            t("head.as_of", day=f.day(a.as_of)),
        ])
    )


def country_name(code: str) -> str:
    """A country's name in the chosen language."""
    return Fmt(state.lang()).country(code)


KPI_CSS = """
<style>
.vip-kpis{display:flex;gap:0.6rem;margin:0.2rem 0 0.4rem 0}
.vip-kpi{flex:1 1 0;min-width:0;border:1px solid #dfe3e8;border-radius:0.5rem;padding:0.7rem 0.85rem;background:#fff}
.vip-kpi-label{font-size:0.85rem;color:#4b5260;display:flex;gap:0.3rem;align-items:baseline}
.vip-kpi-help{display:inline-flex;align-items:center;justify-content:center;width:0.95rem;height:0.95rem;
  border:1px solid #b3b9c2;border-radius:50%;color:#7a818c;font-size:0.65rem;font-weight:600;cursor:help;
  position:relative;top:-0.05rem}
.vip-kpi-value{font-size:1.5rem;font-weight:600;color:#1f2733;white-space:nowrap;line-height:1.3;
  font-variant-numeric:tabular-nums;margin-top:0.15rem}
.vip-kpi-note{display:inline-block;margin-top:0.3rem;font-size:0.78rem;padding:0.05rem 0.45rem;border-radius:999px;
  background:#eceef1;color:#4b5260;white-space:nowrap}
.vip-kpi-note.up{background:#dcf3e5;color:#13663a}
.vip-kpi-note.down{background:#fde2df;color:#a1281b}
.vip-kpi-changes{font-size:0.85rem;color:#4b5260;margin:0 0 0.4rem 0.1rem}
.vip-kpi-changes .vip-kpi-note{margin-top:0}
</style>
"""


def _kpi(name: str, label: str, value: str, help_: str, note: str = "", tone: str = "") -> str:
    note_html = f'<span class="vip-kpi-note {tone}">{escape(note)}</span>' if note else ""
    return (
        f'<div class="vip-kpi" data-kpi="{name}"><div class="vip-kpi-label">{escape(label)}'
        f'<span class="vip-kpi-help" title="{escape(help_)}">?</span></div>'
        f'<div class="vip-kpi-value">{escape(value)}</div>{note_html}</div>'
    )


def return_cards(a: Assessment, inv: Investment, roi: Roi, npv: Decimal, f: Fmt) -> dict[str, str]:
    """The investment, payback and NPV cards of an investment and its return (the Advisor's gaps, or
    a recommended plan), at the assessment's hourly cost and discount rate."""
    if nothing_to_invest(inv, roi):
        payback, months = "—", t("kpi.nothing_to_invest")
    elif roi.payback_periods is None:
        payback, months = t("kpi.never"), ""
    else:
        payback = t("kpi.periods", n=f.num(roi.payback_periods, 1))
        months = t("kpi.months", n=f.num(roi.payback_periods * roi.period_months, 0))
    roi_note, roi_tone = "", ""
    if roi.roi is not None:
        roi_note = t("kpi.roi") + " " + ("+" if roi.roi > 0 else "") + f.pct(roi.roi)
        roi_tone = "up" if roi.roi > 0 else "down" if roi.roi < 0 else ""
    return {
        "investment": _kpi("investment", t("kpi.investment"), f.money(inv.one_off),
                           t("kpi.investment_help", rate=f.money(a.hourly_cost)),
                           t("kpi.investment_delta", cash=f.money(inv.cash), hours=f.num(inv.hours))
                           if inv.one_off else ""),
        "payback": _kpi("payback", t("kpi.payback"), payback, t("kpi.payback_help", months=roi.period_months),
                        months),
        "npv": _kpi("npv", t("kpi.npv"), f.money(npv),
                    t("kpi.npv_help", rate=f.pct(a.discount_rate), n=roi.horizon_periods), roi_note, roi_tone),
    }


def kpi_row(cards: Sequence[str], below: str = "") -> None:
    st.html(f'{KPI_CSS}<div class="vip-kpis">{"".join(cards)}</div>{below}')


def kpis(a: Assessment, changes: Plan | None = None, partner: str = "") -> None:
    """The KPI row, as one element: five `st.metric`s cost the browser about 25 ms more per rerun.
    Under it, when the inputs differ from the partner as loaded (`partner`), what those changes cost
    and are worth (`changes`, valued as a plan on Recommendations)."""
    f = fmt()
    gain = a.potential_rebate - a.estimated_rebate
    ret = return_cards(a, a.investment, a.roi, a.roi.npv, f)
    below = ""
    if changes is not None and (changes.actions or changes.first or changes.steady or changes.roi.npv):
        npv = changes.roi.npv
        tone = "up" if npv > 0 else "down" if npv < 0 else ""
        cost = t("kpi.changes", partner=partner, cost=f.money(changes.investment.one_off))
        worth = t("kpi.changes_npv", npv=f.money(npv, signed=bool(npv)), n=changes.roi.horizon_periods)
        below = (f'<div class="vip-kpi-changes" data-kpi="changes">{escape(cost)} '
                 f'<span class="vip-kpi-note {tone}">{escape(worth)}</span></div>')
    kpi_row([
        _kpi("now", t("kpi.now"), f.money(a.estimated_rebate), t("kpi.now_help")),
        _kpi("potential", t("kpi.potential"), f.money(a.potential_rebate), t("kpi.potential_help"),
             f.money(gain, signed=True) if gain else "", "up" if gain > 0 else ""),
        ret["investment"], ret["payback"], ret["npv"],
    ], below)


def shown_subtracks(a: Assessment, everything: bool = False) -> list[SubtrackResult]:
    """The subtracks worth a row: enrolled, selling or eligible (or all of them)."""
    return [s for s in a.subtracks if everything or s.enrolled or s.projected_sales > 0 or s.eligible]


def table(heads: Sequence[str], rows: Sequence[str], numeric: Container[int] = ()) -> None:
    """A results table as one element: the column heads (those in `numeric` right-aligned) over
    `rows`, each a finished `<tr>`."""
    head = "".join(f"<th class='num'>{escape(h)}</th>" if i in numeric else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(heads))
    st.html(f'{TABLE_CSS}<table class="vip-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


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
    table([t(k) for k in ("elig.subtrack", "elig.status", "elig.sales", "elig.now", "elig.potential", "elig.todo")],
          body, numeric=(2, 3, 4))
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
    table([t(k) for k in ("inv.for", "inv.item", "inv.cash", "inv.hours")], body, numeric=(2, 3))
    st.caption(t("inv.renewal", amount=f.money(inv.renewal_per_year)))


# --- Compare -----------------------------------------------------------------------------------


def _delta(change: Decimal, text: str, *, good_when_up: bool = True) -> str:
    if not change:
        return ""
    good = (change > 0) == good_when_up
    return f'<span class="vip-delta {"up" if good else "down"}">{escape(text)}</span>'


COMPARE_CSS = """
<style>
.vip-delta{display:block;font-size:0.78rem;font-weight:600}
.vip-delta.up{color:#13663a}
.vip-delta.down{color:#a1281b}
.vip-table th.scen{text-align:right}
.vip-table tr.changes td{border-top:2px solid rgba(49,51,63,0.25)}
.vip-mark{font-size:0.78rem;color:#7a818c;margin-left:0.3rem}
.vip-mark.ok{color:#13663a}
</style>
"""


def comparison_totals(names: Sequence[str], base: Assessment, whatifs: Sequence[Assessment],
                      comparisons: Sequence[Comparison]) -> None:
    """Totals of the baseline and each what-if, with the change against the baseline, then what each
    what-if's own changes cost and are worth."""
    f = fmt()
    every = [base, *whatifs]

    def payback(a: Assessment) -> str:
        p = a.roi.payback_periods
        if nothing_to_invest(a.investment, a.roi):
            return "—"
        return t("kpi.periods", n=f.num(p, 1)) if p is not None else t("kpi.never")

    def roi(a: Assessment) -> str:
        return f.pct(a.roi.roi) if a.roi.roi is not None else "—"

    rows: list[tuple[str, Callable[[Assessment], str], Callable[[Assessment], Decimal] | None, bool]] = [
        (t("kpi.now"), lambda a: f.money(a.estimated_rebate), lambda a: a.estimated_rebate, True),
        (t("kpi.potential"), lambda a: f.money(a.potential_rebate), lambda a: a.potential_rebate, True),
        (t("compare.investment"), lambda a: f.money(a.investment.one_off), lambda a: a.investment.one_off, False),
        (t("kpi.payback"), payback, None, True),
        (t("compare.roi"), roi, None, True),
        (t("compare.npv"), lambda a: f.money(a.roi.npv), lambda a: a.roi.npv, True),
    ]
    head = "".join(f"<th class='scen'>{escape(n)}</th>" for n in names)
    body = []
    for label, show, amount, up in rows:
        cells = []
        for i, a in enumerate(every):
            extra = ""
            if i and amount is not None:
                change = amount(a) - amount(base)
                extra = _delta(change, f.money(change, signed=True), good_when_up=up)
            cells.append(f"<td class='num'>{escape(show(a))}{extra}</td>")
        body.append(f"<tr><td class='sub'>{escape(label)}</td>{''.join(cells)}</tr>")
    plans = [c.changes for c in comparisons]
    for label, shown, css in (
        (t("compare.changes_cost"), [f.money(p.investment.one_off) if p else "—" for p in plans], "changes"),
        (t("compare.changes_npv"), [f.money(p.roi.npv, signed=bool(p.roi.npv)) if p else "—" for p in plans], ""),
    ):
        row = "".join(f"<td class='num'>{escape(x)}</td>" for x in ["—", *shown])
        body.append(f"<tr class='{css}'><td class='sub'>{escape(label)}</td>{row}</tr>")
    st.html(f"{TABLE_CSS}{COMPARE_CSS}<table class='vip-table'><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")
    if plans:
        st.caption(t("compare.changes_note"))


def comparison_subtracks(names: Sequence[str], comparisons: Sequence[Comparison]) -> None:
    """Estimated rebate per subtrack in each column, with eligibility and the change."""
    f = fmt()
    ids = [s.id for s in comparisons[0].subtracks]
    for c in comparisons[1:]:
        ids += [s.id for s in c.subtracks if s.id not in ids]
    body = []
    for sid in ids:
        rows = [next((s for s in c.subtracks if s.id == sid), None) for c in comparisons]
        present = [r for r in rows if r is not None]
        if not any(r.estimated_rebate.base or r.estimated_rebate.scenario or any(r.eligible) for r in present):
            continue
        first = present[0]

        def mark(eligible: bool) -> str:
            return f'<span class="vip-mark {"ok" if eligible else ""}">{"✓" if eligible else "✗"}</span>'

        cells = [f"<td class='num'>{escape(f.money(first.estimated_rebate.base))}{mark(first.eligible[0])}</td>"]
        for r in rows:
            if r is None:
                cells.append("<td class='num'>—</td>")
                continue
            change = r.estimated_rebate.change
            cells.append(f"<td class='num'>{escape(f.money(r.estimated_rebate.scenario))}{mark(r.eligible[1])}"
                         f"{_delta(change, f.money(change, signed=True))}</td>")
        body.append(f"<tr><td class='sub'>{escape(first.name)}</td>{''.join(cells)}</tr>")
    head = "".join(f"<th class='scen'>{escape(n)}</th>" for n in names)
    st.html(f"{TABLE_CSS}{COMPARE_CSS}<table class='vip-table'><thead><tr><th>{escape(t('elig.subtrack'))}</th>"
            f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    st.caption(t("compare.marks"))


def input_changes(diff: Comparison, base: Edition, other: Edition) -> list[str]:
    """The inputs a what-if changed, in words: one markdown line per change."""
    f = fmt()
    usd = Fmt(state.lang())

    def name(any_id: str) -> str:
        found = other.name_of(any_id)
        return found if found != any_id else base.name_of(any_id)

    out: list[str] = []
    for field, was, now in diff.inputs:
        label = t(f"field.{field}") if f"field.{field}" in TEXT else field
        if field in ("specializations", "atp", "enrolled"):
            added = [x for x in now or () if x not in (was or ())]
            dropped = [x for x in was or () if x not in (now or ())]
            parts = [f"+ {name(x)}" for x in added] + [f"− {name(x)}" for x in dropped]
            out.append(f"**{label}**: " + ", ".join(parts))
        elif field == "projected_sales":
            for sid in dict.fromkeys([*(was or {}), *(now or {})]):
                a, b = _sales_total((was or {}).get(sid)), _sales_total((now or {}).get(sid))
                if (was or {}).get(sid) != (now or {}).get(sid):
                    out.append(f"**{label}** {name(sid)}: {usd.money(a)} → {usd.money(b)}")
        elif field == "assumptions":
            for key in dict.fromkeys([*(was or {}), *(now or {})]):
                before, after = (was or {}).get(key), (now or {}).get(key)
                if before != after:
                    out.append(f"**{t('field.' + key)}**: {_assumption(key, before, usd)} → "
                               f"{_assumption(key, after, usd)}")
        elif field == "certification":
            out.append(f"**{label}**: {base.name_of(was)} → {other.name_of(now)}")
        elif field == "edition":
            out.append(f"**{label}**: {base.name} → {other.name}")
        elif field == "country":
            out.append(f"**{label}**: {country_name(str(was))} → {country_name(str(now))}")
        elif field == "as_of":
            start = t("field.period_start")
            out.append(f"**{label}**: {_day(was, f) or start} → {_day(now, f) or start}")
        elif field == "staff":
            out.append(f"**{label}**: {len(was or ())} → {len(now or ())}")
        else:
            out.append(f"**{label}**: {was} → {now}")
    return out


def _sales_total(value: object) -> Decimal:
    if isinstance(value, dict):
        return sum((Decimal(str(v)) for v in value.values()), Decimal(0))
    return Decimal(str(value)) if value is not None else Decimal(0)


def _assumption(key: str, value: object, usd: Fmt) -> str:
    if value is None:
        return t("field.default")
    if key == "hourly_cost":
        return usd.money(Decimal(str(value)))
    if key == "discount_rate":
        return usd.pct(Decimal(str(value)))
    return str(value)


def _day(value: object, f: Fmt) -> str:
    return f.day(dt.date.fromisoformat(str(value))) if value else ""
