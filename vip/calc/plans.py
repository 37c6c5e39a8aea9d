"""Recommendations: the best investment plans, the break-even sales per subtrack and the rebate at risk.

A *plan* is a set of actions (earn an authorisation, enrol in a subtrack, book the sales a subtrack
with sales still needs to meet its minimum, hand in the missing CSATs and, where every enrolled subtrack
must meet its minimum, withdraw from one that cannot). Its value
is the NPV over the horizon of the extra rebate minus the investment and renewals, worked out as
the engine's ROI does (`vip.engine.return_over_horizon`): a plan is the assessment of the profile with the plan
applied, period 1 counting only the subtracks whose gaps the plan closes in time.

The search is exact. Given the authorisations a plan earns, the best rest of the plan follows (enrol
in every subtrack they open, hand in the CSATs and withdraw what blocks them, if anything opens), so
the search runs over sets of authorisations, as a branch and bound over one assessment's
per-subtrack figures (`_Search`): only sets whose every authorisation is needed are reached, and a
branch stops when an upper bound on anything below it (the rebate still within reach less what it
must at least cost) cannot beat the plans already kept. The plans kept are valued again exactly.
Moving up a certification level is not an action: the rules carry no cost or lead time for it.

Break-even sales and the rebate at risk are worked out from the same one assessment; `evaluate`
values a plan by assessing the profile with it applied, the reference the faster paths are tested
against.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from vip.calc.costing import Costing
from vip.calc.engine import assess, paid_total, return_over_horizon
from vip.calc.memo import Memo, costing, minimums
from vip.calc.results import CENT, DAYS_PER_MONTH, ZERO, Assessment, Gap, Investment, Roi, earned_in_time, first_share
from vip.model.edition import Due, Edition
from vip.model.profile import Profile, Sales

ActionKind = Literal["authorization", "enrollment", "volume", "withdrawal", "csat"]
_KIND_ORDER = {"authorization": 0, "enrollment": 1, "volume": 2, "csat": 3, "withdrawal": 4}


class Action(NamedTuple):
    """One step of a plan: earn an authorisation, enrol in or withdraw from a subtrack, book the sales a
    subtrack still needs to meet its minimum (`volume`), or hand in the missing CSATs (`id` is the
    authorisation or subtrack, empty for CSATs)."""

    kind: ActionKind
    id: str = ""


def action_key(a: Action) -> tuple[int, str]:
    return _KIND_ORDER[a.kind], a.id


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a plan takes an action: what it opens, what it costs on its own, and when it must be done."""

    action: Action
    opens: tuple[str, ...]  # the subtracks of the plan that need it
    rebate: Decimal  # their rebate per period
    cost: Decimal  # of the action on its own: cash plus staff hours at the hourly cost
    cash: Decimal
    hours: int
    deadline: date
    months_to_earn: int | None
    months_left: Decimal
    late: bool  # cannot be done in time for this period: counts from the next
    count: int = 0  # CSATs to hand in
    due: Due = "period_end"  # which deadline `deadline` is
    booked: Decimal = ZERO  # a volume move: the sales to book (its `cost` is their margin cost per period)
    counts_from: date | None = None  # an enrolment after the deadline: the bookings count from this day
    share: Decimal = Decimal(1)  # of the period's bookings, the part that then counts
    families: tuple[tuple[str, str], ...] = ()  # (subtrack, product family) it opens in subtracks paid without it

    @property
    def per_usd(self) -> Decimal | None:
        """A volume move's rebate per USD booked."""
        return (self.rebate / self.booked).quantize(CENT) if self.booked else None


@dataclass(frozen=True, slots=True)
class Plan:
    actions: tuple[Action, ...]
    gained: tuple[str, ...]  # subtracks eligible with the plan that are not now
    late: tuple[str, ...]  # of those, the ones that count only from period 2
    first: Decimal  # extra rebate in period 1
    steady: Decimal  # extra rebate in every later period
    investment: Investment
    roi: Roi
    reasons: tuple[Reason, ...] = ()

    @property
    def value(self) -> Decimal:
        return self.roi.npv


@dataclass(frozen=True, slots=True)
class NextStep:
    reason: Reason
    start_by: date  # the deadline less the time the action takes
    now: bool  # the start-by day has come (or passed)



# --- the profile with a plan applied, and its value assessed in full ------------------------------


def apply_plan(profile: Profile, edition: Edition, actions: Iterable[Action]) -> Profile:
    """The profile as it would be with the plan done (a new profile; the baseline is untouched)."""
    acts = list(actions)
    earn = [a.id for a in acts if a.kind == "authorization"]
    by_id = edition.authorization_by_id
    specs = [*profile.specializations, *(x for x in earn if by_id[x].kind == "specialization"
                                         and x not in profile.specializations)]
    atp = [*profile.atp, *(x for x in earn if by_id[x].kind == "atp" and x not in profile.atp)]
    leave = {a.id for a in acts if a.kind == "withdrawal"}
    join = [a.id for a in acts if a.kind == "enrollment" and a.id not in profile.enrolled]
    update: dict[str, Any] = {
        "specializations": tuple(specs), "atp": tuple(atp),
        "enrolled": tuple(s for s in [*profile.enrolled, *join] if s not in leave),
    }
    book = {a.id for a in acts if a.kind == "volume"}
    if book:
        minimum = {s: m for s, (m, _) in minimums(edition, profile.period, profile.country).items()}
        short = {s for s in book if profile.sales_of(s) < minimum[s]}
        update["projected_sales"] = {s: booked_sales(v, minimum[s] - profile.sales_of(s)) if s in short else v
                                     for s, v in profile.projected_sales.items()}
    if any(a.kind == "csat" for a in acts):
        required = edition.certification_by_id[profile.certification].csat_required.value
        update["csat_responses"] = max(profile.csat_responses, required)
    return profile.model_copy(update=update)


def booked_sales(sales: Sales, more: Decimal) -> Sales:
    """A subtrack's projected sales with `more` booked: given per product family, at its product mix,
    each family's share in cents and the rest on the largest, so that the total is exact."""
    if not isinstance(sales, dict):
        return sales + more
    total = sum(sales.values(), ZERO)
    if not total:
        first = next(iter(sales), None)
        return {f: v + more if f == first else v for f, v in sales.items()} if first else more
    largest = max(sales, key=lambda f: sales[f])
    share = {f: (more * v / total).quantize(CENT) for f, v in sales.items() if f != largest}
    rest = more - sum(share.values(), ZERO)
    return {f: v + share[f] if f != largest else v + rest for f, v in sales.items()}


def margin_cost(base: Assessment) -> Decimal:
    """What a USD of extra sales costs the partner (the assumption; 0 when not given)."""
    m = base.profile.assumptions.margin_cost
    return m if m is not None else ZERO


def on_time(gap: Gap, earned: frozenset[str], edition: Edition) -> bool:
    """Whether a plan that earns `earned` closes `gap` before its deadline.

    An authorisation gap is closed in time when one of the plan's authorisations that meets it takes
    no more months to earn than are left; any other gap when the engine calls it attainable.
    """
    if gap.kind != "authorization":
        return gap.attainable
    left = gap.months_left if gap.months_left is not None else ZERO
    by_id = edition.authorization_by_id
    return any(earned_in_time(by_id[x].months_to_earn.value, left) for x in gap.missing_any_of if x in earned)


def settle(base: Assessment, actions: Iterable[Action], eligible: frozenset[str], amount: dict[str, Decimal],
            sales: dict[str, Decimal], costing: Costing) -> Plan:
    """A plan's figures once it is known which subtracks are eligible with it, at which rebate
    (`amount`) and sales (for the bonuses)."""
    acts = tuple(sorted(set(actions), key=action_key))
    edition = base.edition
    earned = frozenset(a.id for a in acts if a.kind == "authorization")
    was = frozenset(s.id for s in base.subtracks if s.eligible)
    gaps = {s.id: s.gaps for s in base.subtracks}
    first = frozenset(s for s in eligible if s in was or all(on_time(g, earned, edition) for g in gaps.get(s, ())))
    r0 = base.estimated_rebate
    # Enrolled late, a subtrack counts in period 1 only the bookings from its enrolment date on.
    share = {s: x for s in first - was if (x := first_share(gaps[s])) < 1}
    paid1 = _less_late_families(base, amount, sales, first, earned)
    amount_first = {**paid1, **{s: paid1[s] * x for s, x in share.items()}} if share else paid1
    sales_first = {**sales, **{s: sales[s] * x for s, x in share.items()}} if share else sales
    gain_first = paid_total(edition, amount_first, sales_first, first) - r0
    gain_steady = paid_total(edition, amount, sales, eligible) - r0
    csat = max(0, base.csat_required - base.profile.csat_responses)
    inv = costing.investment(earned, csat if any(a.kind == "csat" for a in acts) else 0)
    # Extra sales (a volume move books the shortfall; a what-if may book any amount) cost their margin in every period.
    booked = sum((max(ZERO, sales[s.id] - s.projected_sales) for s in base.subtracks), ZERO)
    if booked:
        inv = replace(inv, booked=booked, booking_cost=(booked * margin_cost(base)).quantize(CENT))
    roi = return_over_horizon(gain_first, gain_steady, inv, base.roi.horizon_periods, base.period.months,
                              base.discount_rate, base.roi.factors, base.roi.lag_months)
    gained = eligible - was
    order = [s.id for s in base.subtracks]
    return Plan(acts, tuple(s for s in order if s in gained), tuple(s for s in order if s in gained - first),
                gain_first, gain_steady, inv, roi)


def _less_late_families(base: Assessment, amount: dict[str, Decimal], sales: dict[str, Decimal],
                        first: frozenset[str], earned: frozenset[str]) -> dict[str, Decimal]:
    """Period 1's rebate of the subtracks in `first`: less the product families the plan opens with an
    authorisation too late for this period (they count from the next), at the plan's sales."""
    late = {}
    for s in base.subtracks:
        if s.id not in first or not s.family_gaps:
            continue
        held = sum((f.rebate for f in s.family_gaps
                    if all(set(g.missing_any_of) & earned for g in f.gaps)
                    and not all(on_time(g, earned, base.edition) for g in f.gaps)), ZERO)
        if held:
            late[s.id] = held * sales[s.id] / s.projected_sales if sales[s.id] != s.projected_sales else held
    return {**amount, **{s: amount[s] - x for s, x in late.items()}} if late else amount


def evaluate(profile: Profile, edition: Edition, actions: Iterable[Action], base: Assessment | None = None,
             memo: Memo | None = None) -> Plan:
    """A plan's value by assessing the profile with the plan applied (the reference the search is
    tested against; `recommend` gets the same figures without assessing again)."""
    acts = tuple(actions)
    base = base or assess(profile, edition, memo)
    return _valued(base, acts, assess(apply_plan(profile, edition, acts), edition, memo), memo)


def actions_between(base: Assessment, after: Assessment) -> tuple[Action, ...]:
    """The plan that takes the baseline to a what-if: the authorisations it adds, the subtracks it
    joins and leaves, the sales it books to meet a minimum, and the missing CSATs, when it hands in
    all of them. (Fewer opens nothing, so no plan hands them in; nor can a plan drop an authorisation
    or move up a certification level.)"""
    b, w = base.profile, after.profile
    held = {*b.specializations, *b.atp}
    acts = [Action("authorization", x) for x in dict.fromkeys([*w.specializations, *w.atp]) if x not in held]
    acts += [Action("enrollment", s) for s in w.enrolled if s not in b.enrolled]
    now = {s.id: s for s in after.subtracks}
    acts += [Action("volume", s.id) for s in base.subtracks
             if s.projected_sales < s.min_volume <= now[s.id].projected_sales]
    acts += [Action("withdrawal", s) for s in b.enrolled if s not in w.enrolled]
    if b.csat_responses < base.csat_required <= w.csat_responses:
        acts.append(Action("csat"))
    return tuple(sorted(acts, key=action_key))


def value_of(base: Assessment, after: Assessment, memo: Memo | None = None) -> Plan | None:
    """What a what-if's changes are worth against the baseline, valued as a plan is: the
    authorisations and CSATs it adds, costed with the baseline's staff and assumptions, against the
    change in the estimated rebate, period 1 counting only the subtracks whose gaps could be closed
    in time; every USD of sales it adds pays the baseline's margin cost in every period, as a volume
    move's do. The authorisations it drops save their renewals. None when the what-if is in another
    edition or period (nothing to set against)."""
    if after.edition is not base.edition or after.period.id != base.period.id:
        return None
    plan = _valued(base, actions_between(base, after), after, memo)
    by_id = base.edition.authorization_by_id
    dropped = {*base.profile.specializations, *base.profile.atp} - {*after.profile.specializations, *after.profile.atp}
    saved = sum((by_id[x].renewal_per_year.value for x in dropped), ZERO)
    if not saved:
        return plan
    inv = replace(plan.investment, renewal_per_year=plan.investment.renewal_per_year - saved)
    roi = return_over_horizon(plan.first, plan.steady, inv, base.roi.horizon_periods, base.period.months,
                              base.discount_rate, base.roi.factors, base.roi.lag_months)
    return replace(plan, investment=inv, roi=roi)


def _valued(base: Assessment, actions: Iterable[Action], after: Assessment, memo: Memo | None) -> Plan:
    amount = {s.id: sum((x.amount for x in s.lines), ZERO) for s in after.subtracks}
    eligible = frozenset(s.id for s in after.subtracks if s.eligible)
    sales = {s.id: s.projected_sales for s in after.subtracks}
    return settle(base, actions, eligible, amount, sales, costing(memo, base.edition, base.profile, base.hourly_cost))



def start_by(deadline: date, months_to_earn: int | None) -> date:
    """The last day to start what takes `months_to_earn` and still have it by `deadline`: the lead
    time in whole days, rounded up, as `earned_in_time` compares the unrounded months (3 months are
    91.3125 days: starting 91 days before leaves 2.99 months, too few)."""
    return deadline - timedelta(days=math.ceil(DAYS_PER_MONTH * months_to_earn)) if months_to_earn else deadline


def next_step(plan: Plan, as_of: date) -> NextStep | None:
    """The action of a plan to start first: the one whose deadline less its lead time comes first
    (ties: the one that opens the most rebate). A start-by day before `as_of` says to start now; the
    plan already counts such an action from the next period (`Reason.late`)."""
    steps = []
    for r in plan.reasons:
        steps.append((start_by(r.deadline, r.months_to_earn), -r.rebate, action_key(r.action), r))
    if not steps:
        return None
    start, _, _, reason = min(steps, key=lambda x: x[:3])
    return NextStep(reason, start, start <= as_of)


