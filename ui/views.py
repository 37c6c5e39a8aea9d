"""Rendering an assessment: the header, the KPI row, the eligibility table and the investment.

Only presentation: every figure comes from the `Assessment`, every gap's words from
`vip.explain.gap_message`, every number's format from `vip.explain.Fmt`. The HTML views are
templates (`vip/present/templates/app/`) rendered by `vip.present.html.render`, which escapes
every value: what is handed over here is text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Literal, NamedTuple

import streamlit as st

from ui import state
from ui.i18n import fmt, has, period_label, t, tn
from vip.calc.breakeven import BreakEven
from vip.calc.plans import Plan
from vip.calc.results import Assessment, Investment, Roi, SubtrackResult
from vip.calc.scenario import Comparison
from vip.model.edition import Edition
from vip.present import charts, words
from vip.present.explain import (
    SMALL_SPEND,
    Fmt,
    as_of_warnings,
    family_gap_messages,
    gap_message,
    held_back_text,
    origin_notes,
    payback_phrase,
    payback_words,
    roi_words,
    shipping_messages,
    status_label,
)
from vip.present.html import render

BADGE_CLASS = {
    "eligible": "ok",
    "gap_period_end": "soon",
    "gap_enrollment": "now",
    "not_enrolled": "off",
}


def header(a: Assessment) -> str:
    """The line under the partner's name: edition, period, country, certification and the day."""
    f = fmt()
    p, e = a.profile, a.edition
    return " · ".join([e.name, period_label(a.period), country_name(p.country),
                       e.certification_by_id[p.certification].name, t("head.as_of", day=f.day(a.as_of))])


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


# What a return's cards are the value of, and their labels and hover texts: closing the gaps still
# open (the Advisor; Compare words the same per column), or a recommended plan.
RETURN_LABELS = {
    "gaps": ("kpi.investment", "kpi.investment_help", "kpi.payback", "kpi.payback_help", "kpi.npv", "kpi.npv_help"),
    "plan": ("rec.investment", "rec.investment_help", "rec.payback", "rec.payback_help", "rec.npv", "rec.npv_help"),
}


def return_cards(a: Assessment, inv: Investment, roi: Roi, npv: Decimal, f: Fmt,
                 of: Literal["gaps", "plan"] = "gaps", held: bool = False) -> dict[str, Card]:
    """The investment, payback and NPV cards of an investment and its return, at the assessment's
    hourly cost and discount rate, labelled with what they are the value of (`of`: closing the gaps
    still open, or a plan). `held`: there is nothing to invest only because sales are short of a
    minimum (the payback card says so)."""
    investment, investment_help, payback_label, payback_help, npv_label, npv_help = RETURN_LABELS[of]
    payback, months = payback_words(inv, roi, f)
    if held:
        months = t("kpi.held_back")
    roi_note, roi_tone = "", ""
    shown = roi_words(roi, f)
    if shown is not None and roi.roi is not None:
        roi_note = t("kpi.roi", roi=shown)
        if roi.spend >= SMALL_SPEND:
            roi_tone = "up" if roi.roi > 0 else "down" if roi.roi < 0 else ""
    small = Fmt(f.lang).money(SMALL_SPEND)
    return {
        "investment": Card("investment", t(investment), f.money(inv.one_off),
                           t(investment_help, rate=f.money(a.hourly_cost)),
                           t("kpi.investment_delta", cash=f.money(inv.cash), hours=f.num(inv.hours))
                           if inv.one_off else ""),
        "payback": Card("payback", t(payback_label), payback, t(payback_help, months=roi.period_months), months),
        "npv": Card("npv", t(npv_label), f.money(npv),
                    tn(npv_help, roi.horizon_periods, rate=f.pct(a.discount_rate), small=small), roi_note, roi_tone),
    }


class Changes(NamedTuple):
    """The line under the KPI row: what the changes cost, what they are worth (toned), and, where
    that could seem to disagree with the cards above, why."""

    cost: str
    worth: str
    tone: str
    why: str = ""


def kpi_row(cards: Sequence[Card], changes: Changes | None = None) -> None:
    st.html(render("app/kpis.html", cards=cards, changes=changes))


def changes_why(a: Assessment, changes: Plan) -> str:
    """Why the changes' value differs from the cards above it, when it could seem to contradict them:
    the cards close the gaps still open with the changes counted as done, while the changes are
    valued as a plan (what is switched on must still be earned, in its own time)."""
    adds = any(x.kind in ("authorization", "enrollment", "csat") for x in changes.actions)
    if adds and not changes.gained:
        return t("kpi.changes_alone")
    if changes.late:
        return t("kpi.changes_late", names=", ".join(a.edition.name_of(s) for s in changes.late))
    return ""


def kpis(a: Assessment, changes: Plan | None = None, partner: str = "",
         held: bool = False) -> tuple[list[Card], Changes | None]:
    """The KPI row's cards and, when the inputs differ from the partner as loaded (`partner`), the
    line under it on what those changes cost and are worth (`changes`, valued as a plan on
    Recommendations). `held`: nothing is invested only because sales are short of a minimum."""
    f = fmt()
    gain = a.potential_rebate - a.estimated_rebate
    ret = return_cards(a, a.investment, a.roi, a.roi.npv, f, held=held)
    below = None
    if changes is not None and (changes.actions or changes.first or changes.steady or changes.roi.npv):
        npv = changes.roi.npv
        tone = "up" if npv > 0 else "down" if npv < 0 else ""
        cost = t("kpi.changes", partner=partner, cost=f.money(changes.investment.one_off))
        worth = tn("kpi.changes_npv", changes.roi.horizon_periods, npv=f.money(npv, signed=bool(npv)))
        below = Changes(cost, worth, tone, changes_why(a, changes))
    cards = [
        Card("now", t("kpi.now"), f.money(a.estimated_rebate), t("kpi.now_help")),
        Card("potential", t("kpi.potential"), f.money(a.potential_rebate), t("kpi.potential_help"),
             f.money(gain, signed=True) if gain else "", "up" if gain > 0 else ""),
        ret["investment"], ret["payback"], ret["npv"],
    ]
    return cards, below


def results_head(a: Assessment, cards: Sequence[Card], changes: Changes | None) -> None:
    """The head of the Advisor's results as one element: the line under the title, the KPI row and
    the changes line. Apart from the rest (`results`), so that the figures can go out first."""
    st.html(render("app/results_head.html", caption=header(a), cards=cards, changes=changes,
                   warnings=[x.message for x in as_of_warnings(a, fmt())], origins=origin_notes(a, fmt(), "app")))


def results(a: Assessment, rows: Sequence[SubtrackResult], notes: Sequence[str] = ()) -> None:
    """The rest of the Advisor's results as one element (each element costs the browser a render on
    every rerun): the eligibility table for `rows`, and the charts; `notes` instead of the cash chart
    where there is nothing to invest (why)."""
    f = fmt()
    spent = bool(a.investment.one_off or any(a.roi.incremental))
    st.html(render(
        "app/results.html", empty=t("elig.empty"), **eligibility(a, rows), bonuses=bonuses(a),
        progress=charts.progress(rows, f), cash=None if notes else charts.cash(a.roi, f, spent), notes=notes,
    ))


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


def eligibility(a: Assessment, rows: Sequence[SubtrackResult]) -> dict[str, object]:
    """The eligibility table's rows and heads, for `app/eligibility.html`."""
    f = fmt()
    e = a.edition
    lang = state.lang()
    track_names = {tr.id: tr.name for tr in e.tracks}
    ship = shipping_messages(a, f)
    body = [
        SubtrackRow(s.name, track_names[s.track], f.pct(s.rate), status_label(s.status, lang), BADGE_CLASS[s.status],
                    f.money(s.projected_sales), t("elig.min", amount=f.money(s.min_volume)),
                    f.money(s.estimated_rebate), f.money(s.potential_rebate),
                    [(gap_message(g, s.name, e, f), not g.attainable) for g in s.gaps]
                    + family_gap_messages(s, e, f) + ([ship[s.id]] if s.id in ship else []))
        for s in rows
    ]
    heads = [t(k) for k in ("elig.subtrack", "elig.status", "elig.sales", "elig.now", "elig.potential", "elig.todo")]
    return {"rows": body, "nothing": t("elig.nothing"), "numeric": (2, 3, 4), "heads": heads}


def bonuses(a: Assessment) -> list[str]:
    """Each bonus in a line: what it pays now and at most, and on what."""
    f = fmt()
    lang = state.lang()
    return [t("elig.bonus", name=words.rules_text(lang, f"bonus.{b.id}", b.name), now=f.money(b.estimated),
              potential=f.money(b.potential),
              rate=f.pct(b.rate), base=f.money(b.base), cap=f.money(b.cap)) for b in a.bonuses]


def held_back(a: Assessment, held: Sequence[BreakEven]) -> list[str]:
    """Per subtrack whose gaps the investment leaves out because its sales are short of its minimum:
    why, what to book first, and what closing its gaps would then earn and cost."""
    return held_back_text(a, held, fmt())


def investment(a: Assessment, held: Sequence[str] = ()) -> None:
    """What the investment buys, and (`held`, worded by `held_back`) what it leaves out."""
    f = fmt()
    e = a.edition
    inv = a.investment
    if not inv.lines:
        st.caption(t("inv.held") if held else t("inv.none"))
        for line in held:
            st.caption(line)
        return
    earn = ", ".join(e.name_of(x) for x in inv.authorizations)
    people = ", ".join(f"{n} × {role}" for role, n in inv.new_people) or t("inv.no_people")
    st.markdown(t("inv.summary", earn=earn, people=people) if earn else t("inv.summary_people", people=people))
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
    for line in held:
        st.caption(t("inv.left_out", why=line))


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
        return payback_phrase(a.investment, a.roi, f)

    def roi(a: Assessment) -> str:
        return roi_words(a.roi, f) or "—"

    rows: list[tuple[str, Callable[[Assessment], str], Callable[[Assessment], Decimal] | None, bool]] = [
        (t("kpi.now"), lambda a: f.money(a.estimated_rebate), lambda a: a.estimated_rebate, True),
        (t("kpi.potential"), lambda a: f.money(a.potential_rebate), lambda a: a.potential_rebate, True),
        (t("compare.investment"), lambda a: f.money(a.investment.one_off), lambda a: a.investment.one_off, False),
        (t("compare.payback"), payback, None, True),
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
    # What each what-if's own changes are worth, as Recommendations shows a plan: the same four figures.
    changes = [  # (label, a value per column, the row's class)
        (t("compare.changes_cost"), ["—", *(f.money(p.investment.one_off) if p else "—" for p in plans)], "changes"),
        (t("compare.changes_payback"), ["—", *(payback_words(p.investment, p.roi, f)[0] if p else "—" for p in plans)],
         ""),
        (t("compare.changes_roi"), ["—", *((roi_words(p.roi, f) or "—") if p else "—" for p in plans)], ""),
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


def input_changes(diff: Comparison, base: Edition, other: Edition) -> list[tuple[str, str]]:
    """The inputs a what-if changed, in words: per change its field's label and what follows it (plain
    text: names in it are the user's, so whatever shows it as markdown escapes both)."""
    f = fmt()
    usd = Fmt(state.lang())

    def name(any_id: str) -> str:
        found = other.name_of(any_id)
        return found if found != any_id else base.name_of(any_id)

    out: list[tuple[str, str]] = []
    for field, was, now in diff.inputs:
        label = t(f"field.{field}") if has(f"field.{field}") else field
        if field in ("specializations", "atp", "enrolled"):
            added = [x for x in now or () if x not in (was or ())]
            dropped = [x for x in was or () if x not in (now or ())]
            parts = [f"+ {name(x)}" for x in added] + [f"− {name(x)}" for x in dropped]
            out.append((label, ": " + ", ".join(parts)))
        elif field in ("projected_sales", "to_ship"):
            for sid in dict.fromkeys([*(was or {}), *(now or {})]):
                a, b = _sales_total((was or {}).get(sid)), _sales_total((now or {}).get(sid))
                if (was or {}).get(sid) != (now or {}).get(sid):
                    out.append((label, f" {name(sid)}: {usd.money(a)} → {usd.money(b)}"))
        elif field == "assumptions":
            for key in dict.fromkeys([*(was or {}), *(now or {})]):
                before, after = (was or {}).get(key), (now or {}).get(key)
                if before != after:
                    out.append((t('field.' + key), f": {_assumption(key, before, usd)} → "
                                f"{_assumption(key, after, usd)}"))
        elif field == "certification":
            out.append((label, f": {base.name_of(was)} → {other.name_of(now)}"))
        elif field == "edition":
            out.append((label, f": {base.name} → {other.name}"))
        elif field == "country":
            out.append((label, f": {country_name(str(was))} → {country_name(str(now))}"))
        elif field == "as_of":
            start = t("field.period_start")
            out.append((label, f": {_day(was, f) or start} → {_day(now, f) or start}"))
        elif field == "staff":
            out.append((label, f": {len(was or ())} → {len(now or ())}"))
        else:
            out.append((label, f": {was} → {now}"))
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
    if key in ("discount_rate", "margin_cost"):
        return usd.pct(Decimal(str(value)))
    return str(value)


def _day(value: object, f: Fmt) -> str:
    return f.day(dt.date.fromisoformat(str(value))) if value else ""
