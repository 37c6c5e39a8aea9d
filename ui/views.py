"""Rendering an assessment: the header, the KPI row, the eligibility table and the investment.

Only presentation: every figure comes from the `Assessment`, every gap's words from
`vip.explain.gap_message`, every number's format from `vip.explain.Fmt`. The HTML views are
templates (`vip/present/templates/app/`) rendered by `vip.present.html.render`, which escapes
every value: what is handed over here is text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

import streamlit as st

from ui import state
from ui.i18n import fmt, has, period_label, t
from vip.calc.engine import nothing_to_invest
from vip.calc.plans import Plan
from vip.calc.results import Assessment, Investment, Roi, SubtrackResult
from vip.calc.scenario import Comparison
from vip.model.edition import Edition
from vip.present.explain import Fmt, gap_message, status_label
from vip.present.html import render

BADGE_CLASS = {
    "eligible": "ok",
    "gap_period_end": "soon",
    "gap_enrollment": "now",
    "not_enrolled": "off",
}


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


class Card(NamedTuple):
    """One KPI card: `name` keys it on the page (`data-kpi`), `help` is its hover text, `note` a pill
    under the figure, toned `up`, `down` or neither."""

    name: str
    label: str
    value: str
    help: str
    note: str = ""
    tone: str = ""


def return_cards(a: Assessment, inv: Investment, roi: Roi, npv: Decimal, f: Fmt) -> dict[str, Card]:
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
        "investment": Card("investment", t("kpi.investment"), f.money(inv.one_off),
                           t("kpi.investment_help", rate=f.money(a.hourly_cost)),
                           t("kpi.investment_delta", cash=f.money(inv.cash), hours=f.num(inv.hours))
                           if inv.one_off else ""),
        "payback": Card("payback", t("kpi.payback"), payback, t("kpi.payback_help", months=roi.period_months),
                        months),
        "npv": Card("npv", t("kpi.npv"), f.money(npv),
                    t("kpi.npv_help", rate=f.pct(a.discount_rate), n=roi.horizon_periods), roi_note, roi_tone),
    }


class Changes(NamedTuple):
    """The line under the KPI row: what the changes cost, and what they are worth (toned)."""

    cost: str
    worth: str
    tone: str


def kpi_row(cards: Sequence[Card], changes: Changes | None = None) -> None:
    st.html(render("app/kpis.html", cards=cards, changes=changes))


def kpis(a: Assessment, changes: Plan | None = None, partner: str = "") -> None:
    """The KPI row, as one element: five `st.metric`s cost the browser about 25 ms more per rerun.
    Under it, when the inputs differ from the partner as loaded (`partner`), what those changes cost
    and are worth (`changes`, valued as a plan on Recommendations)."""
    f = fmt()
    gain = a.potential_rebate - a.estimated_rebate
    ret = return_cards(a, a.investment, a.roi, a.roi.npv, f)
    below = None
    if changes is not None and (changes.actions or changes.first or changes.steady or changes.roi.npv):
        npv = changes.roi.npv
        tone = "up" if npv > 0 else "down" if npv < 0 else ""
        cost = t("kpi.changes", partner=partner, cost=f.money(changes.investment.one_off))
        worth = t("kpi.changes_npv", npv=f.money(npv, signed=bool(npv)), n=changes.roi.horizon_periods)
        below = Changes(cost, worth, tone)
    kpi_row([
        Card("now", t("kpi.now"), f.money(a.estimated_rebate), t("kpi.now_help")),
        Card("potential", t("kpi.potential"), f.money(a.potential_rebate), t("kpi.potential_help"),
             f.money(gain, signed=True) if gain else "", "up" if gain > 0 else ""),
        ret["investment"], ret["payback"], ret["npv"],
    ], below)


# What could start markup in the middle of a markdown line: emphasis, code, links and Streamlit's
# `:colour[...]`, HTML tags and entities, strikethrough and LaTeX. Line-start markers (`#`, `-`,
# `1.`) stay: the text is never put at the start of a line.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&~$])")


def literal(text: str) -> str:
    """Text to put in `st.markdown` so that it shows as written (`Plan <1> *now*` stays that)."""
    return _MARKDOWN.sub(r"\\\1", text)


def shown_subtracks(a: Assessment, everything: bool = False) -> list[SubtrackResult]:
    """The subtracks worth a row: enrolled, selling or eligible (or all of them)."""
    return [s for s in a.subtracks if everything or s.enrolled or s.projected_sales > 0 or s.eligible]


class SubtrackRow(NamedTuple):
    """A subtrack's row of the eligibility table, worded and formatted. Rows of the app's tables are
    tuples, not dicts: a template reads a tuple's fields quicker, and they render on every rerun."""

    name: str
    track: str
    rate: str
    status: str
    tone: str  # the badge's colour: BADGE_CLASS
    sales: str
    minimum: str
    now: str
    potential: str
    gaps: list[tuple[str, bool]]  # what it takes, and whether that is too late for this period


def eligibility(a: Assessment, rows: list[SubtrackResult]) -> None:
    f = fmt()
    e = a.edition
    lang = state.lang()
    track_names = {tr.id: tr.name for tr in e.tracks}
    body = [
        SubtrackRow(s.name, track_names[s.track], f.pct(s.rate), status_label(s.status, lang), BADGE_CLASS[s.status],
                    f.money(s.projected_sales), t("elig.min", amount=f.money(s.min_volume)),
                    f.money(s.estimated_rebate), f.money(s.potential_rebate),
                    [(gap_message(g, s.name, e, f), not g.attainable) for g in s.gaps])
        for s in rows
    ]
    st.html(render(
        "app/eligibility.html", rows=body, nothing=t("elig.nothing"), numeric=(2, 3, 4),
        heads=[t(k) for k in ("elig.subtrack", "elig.status", "elig.sales", "elig.now", "elig.potential",
                              "elig.todo")],
    ))
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
    body = [
        (e.name_of(line.authorization) if line.authorization else "", kind_names.get(line.kind, line.label),
         f.money(line.cash) if line.cash else "", f.num(line.hours) if line.hours else "")
        for line in inv.lines
    ]
    total = {"label": t("inv.total"), "note": t("inv.total_note", rate=f.money(a.hourly_cost)),
             "cash": f.money(inv.cash), "hours": f.num(inv.hours)}
    st.html(render("app/investment.html", rows=body, total=total, numeric=(2, 3),
                   heads=[t(k) for k in ("inv.for", "inv.item", "inv.cash", "inv.hours")]))
    st.caption(t("inv.renewal", amount=f.money(inv.renewal_per_year)))


# --- Compare -----------------------------------------------------------------------------------


class Delta(NamedTuple):
    """A change against the baseline, under a figure: toned `up` when it is good news, else `down`."""

    text: str
    tone: str


def _delta(change: Decimal, text: str, *, good_when_up: bool = True) -> Delta | None:
    if not change:
        return None
    good = (change > 0) == good_when_up
    return Delta(text, "up" if good else "down")




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
    body = []
    for label, show, amount, up in rows:
        cells = []
        for i, a in enumerate(every):
            extra = None
            if i and amount is not None:
                change = amount(a) - amount(base)
                extra = _delta(change, f.money(change, signed=True), good_when_up=up)
            cells.append((show(a), extra))
        body.append((label, cells))
    plans = [c.changes for c in comparisons]
    changes = [  # (label, a value per column, the row's class)
        (t("compare.changes_cost"), ["—", *(f.money(p.investment.one_off) if p else "—" for p in plans)], "changes"),
        (t("compare.changes_npv"), ["—", *(f.money(p.roi.npv, signed=bool(p.roi.npv)) if p else "—" for p in plans)],
         ""),
    ]
    st.html(render("app/comparison_totals.html", names=names, rows=body, changes=changes))
    if plans:
        st.caption(t("compare.changes_note"))


class RebateCell(NamedTuple):
    """A subtrack's estimated rebate in one column of Compare, whether it is eligible there, and the
    change against the baseline (None in the baseline's column or without a change)."""

    value: str
    eligible: bool
    change: Delta | None


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
        cells: list[RebateCell | None] = [
            RebateCell(f.money(first.estimated_rebate.base), first.eligible[0], None)
        ]
        for r in rows:  # None: the subtrack is not in this what-if's edition
            cells.append(None if r is None else RebateCell(
                f.money(r.estimated_rebate.scenario), r.eligible[1],
                _delta(r.estimated_rebate.change, f.money(r.estimated_rebate.change, signed=True)),
            ))
        body.append((first.name, cells))
    st.html(render("app/comparison_subtracks.html", subtrack=t("elig.subtrack"), names=names, rows=body))
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
        label = t(f"field.{field}") if has(f"field.{field}") else field
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
