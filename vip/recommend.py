"""Recommendations: the best investment plans, the break-even sales per subtrack and the rebate at risk.

A *plan* is a set of actions (earn an authorisation, enrol in a subtrack, hand in the missing CSATs
and, where every enrolled subtrack must meet its minimum, withdraw from one that cannot). Its value
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

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, Context, Decimal
from functools import cached_property
from typing import Any, Literal, NamedTuple

from vip.engine import (
    DAYS_PER_MONTH,
    ZERO,
    Assessment,
    Costing,
    Gap,
    Investment,
    Roi,
    assess,
    months_between,
    paid_total,
    return_over_horizon,
)
from vip.explain import Fmt, Lang
from vip.model import Due, Edition, Profile
from vip.output import num, table

TOP = 5
CENT = Decimal("0.01")
_EDGE = Context(prec=12, rounding=ROUND_CEILING)
SHORTFALL = Decimal("0.10")
SWING = Decimal("0.20")

ActionKind = Literal["authorization", "enrollment", "withdrawal", "csat"]
_KIND_ORDER = {"authorization": 0, "enrollment": 1, "csat": 2, "withdrawal": 3}


class Action(NamedTuple):
    """One step of a plan: earn an authorisation, enrol in or withdraw from a subtrack, or hand in the
    missing CSATs (`id` is the authorisation or subtrack, empty for CSATs)."""

    kind: ActionKind
    id: str = ""


def _action_key(a: Action) -> tuple[int, str]:
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


@dataclass(frozen=True, slots=True)
class BreakEven:
    """What a subtrack with a gap must sell for closing the gap on its own to pay back in the horizon."""

    subtrack: str
    sales: Decimal
    minimum: Decimal
    closes_with: tuple[Action, ...]  # the cheapest way to close its gaps
    investment: Decimal  # one-off
    renewal_per_year: Decimal
    this_period: bool  # every gap can be closed in time for period 1
    rate: Decimal  # the rebate per USD of sales at its product mix
    payback_sales: Decimal | None  # sales at which the gap pays back within the horizon (None: never)
    break_even: Decimal | None  # the larger of payback_sales and the minimum
    blocked_by: tuple[str, ...] = ()  # certification levels the rules give no way to reach

    @property
    def to_minimum(self) -> Decimal:
        return self.minimum - self.sales

    @property
    def to_break_even(self) -> Decimal | None:
        return None if self.break_even is None else self.break_even - self.sales


@dataclass(frozen=True, slots=True)
class Cliff:
    """A subtrack whose rebate drops off when its sales fall below its minimum."""

    subtrack: str
    sales: Decimal
    minimum: Decimal
    rebate: Decimal  # its rebate now
    at: Decimal | None  # the shortfall (fraction of its sales) beyond which it is below its minimum
    lost: Decimal  # the drop in the total rebate when it alone crosses its minimum
    lost_together: Decimal  # the drop at its cliff when every subtrack falls short by the same fraction
    crossed: bool  # below its minimum at the chosen shortfall
    alone: Decimal  # the total rebate when only its sales fall short by the chosen fraction


@dataclass(frozen=True, slots=True)
class Risk:
    shortfall: Decimal
    now: Decimal
    at_shortfall: Decimal  # the total rebate when every subtrack falls short by `shortfall`
    cliffs: tuple[Cliff, ...]

    @property
    def lost(self) -> Decimal:
        return self.now - self.at_shortfall


@dataclass(frozen=True, slots=True)
class Swing:
    """The change in the total rebate when one subtrack sells `swing` less or more."""

    subtrack: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class Recommendation:
    assessment: Assessment
    actions: tuple[Action, ...]  # every candidate action
    plans: tuple[Plan, ...]  # best first; the first is the optimum (possibly: change nothing)
    next_step: NextStep | None
    break_even: tuple[BreakEven, ...]
    risk: Risk
    swing: Decimal
    swings: tuple[Swing, ...]
    explored: int  # plans the search looked at
    notes: tuple[str, ...] = ()

    @property
    def best(self) -> Plan:
        return self.plans[0]


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
    if any(a.kind == "csat" for a in acts):
        required = edition.certification_by_id[profile.certification].csat_required.value
        update["csat_responses"] = max(profile.csat_responses, required)
    return profile.model_copy(update=update)


def on_time(gap: Gap, earned: frozenset[str], edition: Edition) -> bool:
    """Whether a plan that earns `earned` closes `gap` before its deadline.

    An authorisation gap is closed in time when one of the plan's authorisations that meets it takes
    no more months to earn than are left; any other gap when the engine calls it attainable.
    """
    if gap.kind != "authorization":
        return gap.attainable
    left = gap.months_left if gap.months_left is not None else ZERO
    by_id = edition.authorization_by_id
    return any(by_id[x].months_to_earn.value <= left for x in gap.missing_any_of if x in earned)


def _settle(base: Assessment, actions: Iterable[Action], eligible: frozenset[str], amount: dict[str, Decimal],
            sales: dict[str, Decimal], costing: Costing) -> Plan:
    """A plan's figures once it is known which subtracks are eligible with it, at which rebate
    (`amount`) and sales (for the bonuses)."""
    acts = tuple(sorted(set(actions), key=_action_key))
    edition = base.edition
    earned = frozenset(a.id for a in acts if a.kind == "authorization")
    was = frozenset(s.id for s in base.subtracks if s.eligible)
    gaps = {s.id: s.gaps for s in base.subtracks}
    first = frozenset(s for s in eligible if s in was or all(on_time(g, earned, edition) for g in gaps.get(s, ())))
    r0 = base.estimated_rebate
    gain_first = paid_total(edition, amount, sales, first) - r0
    gain_steady = paid_total(edition, amount, sales, eligible) - r0
    csat = max(0, base.csat_required - base.profile.csat_responses)
    inv = costing.investment(earned, csat if any(a.kind == "csat" for a in acts) else 0)
    roi = return_over_horizon(gain_first, gain_steady, inv, base.roi.horizon_periods, base.period.months,
                              base.discount_rate)
    gained = eligible - was
    order = [s.id for s in base.subtracks]
    return Plan(acts, tuple(s for s in order if s in gained), tuple(s for s in order if s in gained - first),
                gain_first, gain_steady, inv, roi)


def evaluate(profile: Profile, edition: Edition, actions: Iterable[Action], base: Assessment | None = None) -> Plan:
    """A plan's value by assessing the profile with the plan applied (the reference the search is
    tested against; `recommend` gets the same figures without assessing again)."""
    acts = tuple(actions)
    base = base or assess(profile, edition)
    return _valued(base, acts, assess(apply_plan(profile, edition, acts), edition))


def actions_between(base: Assessment, after: Assessment) -> tuple[Action, ...]:
    """The plan that takes the baseline to a what-if: the authorisations it adds, the subtracks it
    joins and leaves, and the missing CSATs, when it hands in all of them. (Fewer opens nothing, so
    no plan hands them in; nor can a plan drop an authorisation or move up a certification level.)"""
    b, w = base.profile, after.profile
    held = {*b.specializations, *b.atp}
    acts = [Action("authorization", x) for x in dict.fromkeys([*w.specializations, *w.atp]) if x not in held]
    acts += [Action("enrollment", s) for s in w.enrolled if s not in b.enrolled]
    acts += [Action("withdrawal", s) for s in b.enrolled if s not in w.enrolled]
    if b.csat_responses < base.csat_required <= w.csat_responses:
        acts.append(Action("csat"))
    return tuple(sorted(acts, key=_action_key))


def value_of(base: Assessment, after: Assessment) -> Plan | None:
    """What a what-if's changes are worth against the baseline, valued as a plan is: the
    authorisations and CSATs it adds, costed with the baseline's staff and assumptions, against the
    change in the estimated rebate, period 1 counting only the subtracks whose gaps could be closed
    in time. The authorisations it drops save their renewals. None when the what-if is in another
    edition or period (nothing to set against)."""
    if after.edition is not base.edition or after.period.id != base.period.id:
        return None
    plan = _valued(base, actions_between(base, after), after)
    by_id = base.edition.authorization_by_id
    dropped = {*base.profile.specializations, *base.profile.atp} - {*after.profile.specializations, *after.profile.atp}
    saved = sum((by_id[x].renewal_per_year.value for x in dropped), ZERO)
    if not saved:
        return plan
    inv = replace(plan.investment, renewal_per_year=plan.investment.renewal_per_year - saved)
    roi = return_over_horizon(plan.first, plan.steady, inv, base.roi.horizon_periods, base.period.months,
                              base.discount_rate)
    return replace(plan, investment=inv, roi=roi)


def _valued(base: Assessment, actions: Iterable[Action], after: Assessment) -> Plan:
    amount = {s.id: sum((x.amount for x in s.lines), ZERO) for s in after.subtracks}
    eligible = frozenset(s.id for s in after.subtracks if s.eligible)
    sales = {s.id: s.projected_sales for s in after.subtracks}
    return _settle(base, actions, eligible, amount, sales, Costing.of(base.edition, base.profile, base.hourly_cost))


# --- one assessment's figures, from which plans are valued without assessing again ---------------


class _Group(NamedTuple):
    mask: int  # the authorisations (bits) any one of which meets the requirement
    timely: int  # those of them that can be earned before its deadline


class _Target(NamedTuple):
    """A subtrack a plan could make eligible."""

    id: str
    bit: int
    amount: float
    groups: tuple[_Group, ...]
    in_time: bool  # its gaps other than authorisations can be closed in time for period 1
    needs_enrolment: bool


class _Model:
    """The figures of one assessment that decide any plan's value."""

    def __init__(self, base: Assessment) -> None:
        self.base = base
        e = self.edition = base.edition
        self.costing = Costing.of(e, base.profile, base.hourly_cost)
        self.amount = {s.id: sum((x.amount for x in s.lines), ZERO) for s in base.subtracks}
        self.sales = {s.id: s.projected_sales for s in base.subtracks}
        self.enrolled = frozenset(s.id for s in base.subtracks if s.enrolled)
        self.short = frozenset(s.id for s in base.subtracks if s.projected_sales < s.min_volume)
        self.eligible = frozenset(s.id for s in base.subtracks if s.eligible)
        self.all_enrolled = e.policy.minimums == "all_enrolled"
        self.blocked_now = self.all_enrolled and bool(self.enrolled & self.short)
        self.csat_short = max(0, base.csat_required - base.profile.csat_responses)
        self.left: dict[Due, Decimal] = {
            "enrollment": months_between(base.as_of, base.period.enrollment_closes),
            "period_end": months_between(base.as_of, base.period.end),
        }
        self.deadline: dict[Due, date] = {"enrollment": base.period.enrollment_closes, "period_end": base.period.end}
        self.groups: dict[str, tuple[tuple[frozenset[str], Due], ...]] = {}
        self.certification: dict[str, tuple[str, ...]] = {}  # subtracks only a certification level opens
        for s in base.subtracks:
            self.groups[s.id] = tuple(
                (frozenset(x for x in g.missing_any_of if x in e.authorization_by_id), g.due)
                for g in s.gaps if g.kind == "authorization"
            )
            cert = tuple(x for g in s.gaps if g.kind == "certification" for x in g.missing_any_of)
            if cert:
                self.certification[s.id] = cert
        horizon, months = base.roi.horizon_periods, base.period.months
        # The engine's discounting (`return_over_horizon`), as float weights: NPV is linear in the period-1 gain, the
        # later gain, the one-off cost and the renewals, which is what the search's bound relies on.
        per_period: float = (1 + float(base.discount_rate)) ** (months / 12)
        self.d1 = 1 / per_period
        self.dall = sum(1 / per_period**t for t in range(1, horizon + 1))
        self.renew_weight = self.dall * months / 12

    # -- exact figures of any set of actions

    def eligible_with(self, actions: Iterable[Action]) -> frozenset[str]:
        """The subtracks eligible with the plan done: what `assess` of the applied profile finds."""
        acts = list(actions)
        earned = {a.id for a in acts if a.kind == "authorization"}
        enrolled = (self.enrolled | {a.id for a in acts if a.kind == "enrollment"}) - {
            a.id for a in acts if a.kind == "withdrawal"}
        csat = not self.csat_short or any(a.kind == "csat" for a in acts)
        if (self.all_enrolled and enrolled & self.short) or not csat:
            return frozenset()
        return frozenset(
            s for s in enrolled
            if s not in self.short and s not in self.certification and all(g & earned for g, _ in self.groups[s])
        )

    def plan(self, actions: Iterable[Action]) -> Plan:
        acts = tuple(actions)
        return _settle(self.base, acts, self.eligible_with(acts), self.amount, self.sales, self.costing)

    def candidates(self) -> tuple[Action, ...]:
        """Every action worth considering: authorisations in an unmet requirement of a subtrack with
        sales, enrolment in a subtrack with sales, the missing CSATs, and (where every enrolled
        subtrack must meet its minimum) withdrawal from an enrolled subtrack that does not."""
        with_sales = [s for s in self.base.subtracks if s.projected_sales > 0]
        earn = sorted({x for s in with_sales for g, _ in self.groups[s.id] for x in g})
        acts = [Action("authorization", x) for x in earn]
        acts += [Action("enrollment", s.id) for s in with_sales if not s.enrolled]
        if self.csat_short:
            acts.append(Action("csat"))
        if self.all_enrolled:
            acts += [Action("withdrawal", s.id) for s in self.base.subtracks if s.enrolled and s.id in self.short]
        return tuple(acts)

    def completion(self, earned: frozenset[str]) -> tuple[Action, ...]:
        """The best plan that earns exactly `earned`: enrol in what it opens, hand in the CSATs and
        withdraw from the subtracks that block it, when anything opens at all."""
        opens = [t for t in self.targets if all(set(g) & earned for g, _ in self.groups[t.id])]
        if not opens:
            return tuple(Action("authorization", x) for x in sorted(earned))
        acts = [Action("authorization", x) for x in sorted(earned)]
        acts += [Action("enrollment", t.id) for t in opens if t.needs_enrolment]
        if self.csat_short:
            acts.append(Action("csat"))
        if self.blocked_now:
            acts += [Action("withdrawal", s) for s in sorted(self.enrolled & self.short)]
        return tuple(acts)

    # -- the search

    @cached_property
    def targets(self) -> list[_Target]:
        """The subtracks a plan can make eligible: not eligible now, with sales meeting the minimum,
        and no certification level in the way."""
        order = self.order
        bit = {a: 1 << i for i, a in enumerate(order)}
        months = {a.id: a.months_to_earn.value for a in self.edition.authorizations}
        out: list[_Target] = []
        for i, s in enumerate(self.base.subtracks):
            if s.eligible or s.projected_sales <= 0 or s.id in self.short or s.id in self.certification:
                continue
            groups = []
            for g, due in self.groups[s.id]:
                mask = sum(bit[x] for x in g)
                timely = sum(bit[x] for x in g if months[x] <= self.left[due])
                groups.append(_Group(mask, timely))
            in_time = all(g.attainable for g in s.gaps if g.kind in ("enrollment", "csat", "policy"))
            out.append(_Target(s.id, 1 << i, float(self.amount[s.id]), tuple(groups), in_time, not s.enrolled))
        return out

    @cached_property
    def order(self) -> list[str]:
        """The authorisations that can open something, most promising first (rebate within reach
        per dollar), which finds good plans early and so prunes more."""
        reach: dict[str, Decimal] = {}
        for s in self.base.subtracks:
            if s.eligible or s.projected_sales <= 0 or s.id in self.short or s.id in self.certification:
                continue
            for g, _ in self.groups[s.id]:
                for x in g:
                    reach[x] = reach.get(x, ZERO) + self.amount[s.id]
        return sorted(reach, key=lambda x: (-reach[x] / (self.costing.single(x)[0] + 1), x))

    def search(self, top: int) -> tuple[list[tuple[int, ...]], int]:
        """The `top` best plans as sets of authorisation indexes into `order` (see `_Search`); and how
        many plans the search looked at."""
        return _Search(self, top).run()

    def _bonus_floats(self) -> list[tuple[float, float, dict[int, float], dict[int, float]]]:
        index = {s.id: i for i, s in enumerate(self.base.subtracks)}
        sales = {s.id: float(s.projected_sales) for s in self.base.subtracks}
        return [
            (float(b.rate.value), float(b.cap_rate.value), {1 << index[s]: sales[s] for s in b.applies_to},
             {1 << index[s]: sales[s] for s in b.capped_by})
            for b in self.edition.bonuses
        ]

    @staticmethod
    def _bonus_of(bonuses: list[tuple[float, float, dict[int, float], dict[int, float]]], paid: int) -> float:
        total = 0.0
        for rate, cap_rate, base, cap in bonuses:
            applies = sum((v for b, v in base.items() if b & paid), 0.0)
            capped = sum((v for b, v in cap.items() if b & paid), 0.0)
            total += min(rate * applies, cap_rate * capped)
        return total

    # -- why each action

    def reasons(self, plan: Plan) -> tuple[Reason, ...]:
        e, out = self.edition, []
        earned = frozenset(a.id for a in plan.actions if a.kind == "authorization")
        gained = set(plan.gained)

        def rebate(ids: Iterable[str]) -> Decimal:
            return sum((self.amount[s] for s in ids), ZERO)

        for act in plan.actions:
            if act.kind == "authorization":
                served = [(s, due) for s in plan.gained for g, due in self.groups[s] if act.id in g and g & earned]
                opens = tuple(dict.fromkeys(s for s, _ in served))
                due: Due = min((d for _, d in served), key=lambda d: self.deadline[d], default="period_end")
                months = e.authorization_by_id[act.id].months_to_earn.value
                late = any(months > self.left[d] for _, d in served)
                total, cash, hours = self.costing.single(act.id)
                out.append(Reason(act, opens, rebate(opens), total, cash, hours, self.deadline[due], months,
                                  self.left[due], late))
            elif act.kind == "enrollment":
                opens = (act.id,) if act.id in gained else ()
                out.append(Reason(act, opens, rebate(opens), ZERO, ZERO, 0, self.deadline["enrollment"], None,
                                  self.left["enrollment"], self.left["enrollment"] < 0))
            elif act.kind == "csat":
                due = e.csat.due
                hours = self.csat_short * e.csat.hours_per_response.value
                out.append(Reason(act, plan.gained, rebate(gained), hours * self.base.hourly_cost, ZERO, hours,
                                  self.deadline[due], None, self.left[due], self.left[due] < 0, self.csat_short))
            else:
                out.append(Reason(act, plan.gained, rebate(gained), ZERO, ZERO, 0, self.deadline["period_end"], None,
                                  self.left["period_end"], self.left["period_end"] < 0))
        return tuple(out)


def _from_each(mask: int, n: int) -> list[tuple[int, ...]]:
    """Per index j = 0 … n: the indexes from j on of the bits set in `mask`."""
    out: list[tuple[int, ...]] = [()]
    for i in range(n - 1, -1, -1):
        out.append((i, *out[-1]) if mask >> i & 1 else out[-1])
    return out[::-1]


class _Search:
    """Branch and bound over sets of authorisations (indexes into `_Model.order`, as bits).

    A node is a set; its children add one authorisation of a higher index, and only one that meets
    a requirement nothing in the set meets yet (or meets it in time where the set does not), so every
    set in which each authorisation is needed is reached exactly once. A set's plan is its
    completion (`_Model.completion`); its value is computed along the way in floats from the one
    assessment's figures (the exact value is worked out again for the plans kept).

    The bound on everything below a node: the cost of the set so far, plus per subtrack still within
    reach its rebate less the least its open requirements can cost. Each authorisation not yet
    decided shares its cost out over the open requirements it can meet, in proportion to what their
    subtracks bring; a plan pays each authorisation it holds in full, so the shares of the
    requirements it meets never add up to more than it pays. Costs are counted twice over: without
    new people, and with each role slot at its people's price per slot less the slots the people
    already hired still have free (new people cost at least that); the lower bound of the two holds.
    """

    def __init__(self, model: _Model, top: int) -> None:
        self.model, self.top = model, top
        e = model.edition
        self.order, self.targets = model.order, model.targets
        n = self.n = len(self.order)
        by_id = e.authorization_by_id
        hourly = float(model.base.hourly_cost)
        self.renew_weight, self.d1, self.rest = model.renew_weight, model.d1, model.dall - model.d1
        self.renew = [float(by_id[a].renewal_per_year.value) for a in self.order]
        self.one_off = [float(e.earning_cost[a][0]) + e.earning_cost[a][1] * hourly for a in self.order]
        own = [self.one_off[i] + self.renew_weight * self.renew[i] for i in range(n)]
        self.roles = sorted(e.roles)
        people = [e.roles[r] for r in self.roles]
        self.limit = [x.max_per_person.value for x in people]
        self.per_slot = [(float(x.new_person_fee.value) + x.new_person_hours.value * hourly) / x.max_per_person.value
                         if x.max_per_person.value else 0.0 for x in people]
        self.spare = [model.costing.spare.get(r, 0) for r in self.roles]
        self.slots = [tuple(by_id[a].roles.get(r, 0) for r in self.roles) for a in self.order]
        # The slots authorisations from index j on could still need, per role.
        later = [tuple(0 for _ in self.roles)]
        for i in range(n - 1, -1, -1):
            later.append(tuple(x + y for x, y in zip(later[-1], self.slots[i], strict=True)))
        self.later = later[::-1]
        self.people_of = [sum(p * k for p, k in zip(self.per_slot, self.slots[i], strict=True)) for i in range(n)]
        self.weights = (own, [own[i] + self.people_of[i] for i in range(n)])
        self.suffix = [((1 << n) - 1) >> j << j for j in range(n + 1)]
        # Per target, its requirements as (authorisations, those in time, and per index j the indexes
        # from j on of its authorisations).
        self.reqs = [tuple((g.mask, g.timely, _from_each(g.mask, n)) for g in t.groups) for t in self.targets]
        self.plain = list(zip(self.targets, self.reqs, strict=True))
        # The same shares worked out once, over every requirement: cheaper, a little less tight.
        worth = [(self.rest + self.d1 * t.in_time) * t.amount for t in self.targets]
        spread = [sum(w for t, w in zip(self.targets, worth, strict=True) for g in t.groups if g.mask >> i & 1)
                  for i in range(n)]
        self.fixed_shares = []
        for t, w in zip(self.targets, worth, strict=True):
            rows = []
            for g in t.groups:
                pair = []
                for weight in self.weights:
                    row = [math.inf] * (n + 1)
                    for j in range(n - 1, -1, -1):
                        share = weight[j] * w / spread[j] if spread[j] else weight[j]
                        row[j] = min(row[j + 1], share) if g.mask >> j & 1 else row[j + 1]
                    pair.append(row)
                rows.append((g.mask, g.timely, pair[0], pair[1]))
            self.fixed_shares.append((t, tuple(rows)))
        self.touched = [[(t, r) for t, r in self.plain if any(m >> i & 1 for m, *_ in r)] for i in range(n)]
        # The authorisations that meet a requirement together with authorisation i.
        near = [0] * n
        for t in self.targets:
            for g in t.groups:
                for i in _from_each(g.mask, n)[0]:
                    near[i] |= g.mask
        self.nearby = [_from_each(m, n)[0] for m in near]
        self.csat_cost = float(model.csat_short * e.csat.hours_per_response.value) * hourly if model.csat_short else 0.0
        self.bonuses = model._bonus_floats()
        self.paid_now = sum(1 << i for i, s in enumerate(model.base.subtracks) if s.eligible)
        self.bonus_now = model._bonus_of(self.bonuses, self.paid_now)
        self.costs: dict[int, float] = {}
        self.kept: list[tuple[float, int, tuple[int, ...]]] = []  # a min-heap of the best `top`
        self.seen = 0

    def cost(self, mask: int) -> float:
        hit = self.costs.get(mask)
        if hit is None:
            ids = frozenset(self.order[i] for i in range(self.n) if mask >> i & 1)
            hit = self.costs[mask] = float(self.model.costing.cost(ids)[0])
        return hit

    def value(self, mask: int, renewals: float, opened: int, firsts: int, steady: float, first: float) -> float:
        if self.bonuses:
            steady += self.model._bonus_of(self.bonuses, self.paid_now | opened) - self.bonus_now
            first += self.model._bonus_of(self.bonuses, self.paid_now | firsts) - self.bonus_now
        npv = -self.cost(mask) - self.renew_weight * renewals + self.d1 * first + self.rest * steady
        return npv - self.csat_cost if opened else npv

    def lean(self, mask: int, opened: int, firsts: int) -> bool:
        """Every authorisation of `mask` is needed: without it a subtrack would not open, or not
        count in period 1."""
        needed = 0
        for t, r in self.plain:
            if t.bit & opened:
                counts = t.bit & firsts
                for m, tm, _ in r:
                    hit = m & mask
                    if hit & (hit - 1) == 0:
                        needed |= hit
                    if counts:
                        hit = tm & mask
                        if hit & (hit - 1) == 0:
                            needed |= hit
        return needed == mask

    def quick_bound(self, parent: int, used: tuple[int, ...], i: int, renewals: float) -> float:
        """`bound` for the set `parent` plus authorisation i, cheaper: with the shares worked out once
        for all sets, and the set's cost bounded from its parent's (the parent's cost plus i's own,
        and with people, i's role slots at their price per slot less what the parent's people have
        free), so that sets never visited are never costed."""
        mask, j = parent | 1 << i, i + 1
        reach, d1, rest = mask | self.suffix[j], self.d1, self.rest
        ub1 = ub2 = 0.0
        within = 0
        for t, r in self.fixed_shares:
            counts = t.in_time
            owed1 = owed2 = 0.0
            for m, tm, row1, row2 in r:
                if not m & reach:
                    break
                if counts and not tm & reach:
                    counts = False
                if not m & mask:
                    owed1 += row1[j]
                    owed2 += row2[j]
            else:
                within |= t.bit
                gain = (rest + d1) * t.amount if counts else rest * t.amount
                if gain > owed1:
                    ub1 += gain - owed1
                if gain > owed2:
                    ub2 += gain - owed2
        known = -self.cost(parent) - self.one_off[i] - self.renew_weight * renewals
        return self._settle(known, used, self.later[i], ub1, ub2 - self.people_of[i], within)

    def _settle(self, known: float, used: tuple[int, ...], later: tuple[int, ...], ub1: float, ub2: float,
                within: int) -> float:
        """A bound from what is known to be paid (`known`, negative) and the subtracks' rebate less their
        shares, without (`ub1`) and with (`ub2`) new people at their price per slot, given the slots
        `used` so far and the most that may still be added (`later`)."""
        credit = 0.0
        for k, have in enumerate(self.spare):
            if self.limit[k]:
                hired = -(-max(0, used[k] - have) // self.limit[k])
                credit += self.per_slot[k] * min(have + hired * self.limit[k] - used[k], later[k])
        ub = known - self.csat_cost + min(ub1, ub2 + credit)
        if self.bonuses:
            ub += self.model._bonus_of(self.bonuses, self.paid_now | within) - self.bonus_now
        return ub

    def bound(self, mask: int, renewals: float, used: tuple[int, ...], j: int) -> float:
        """No plan that adds authorisations from index j on to `mask` is worth more than this."""
        reach, d1, rest = mask | self.suffix[j], self.d1, self.rest
        spread = [0.0] * self.n
        within = 0
        open_: list[tuple[float, list[tuple[int, ...]]]] = []
        for t, r in self.plain:
            counts = t.in_time
            for m, tm, _ in r:
                if not m & reach:
                    break
                if counts and not tm & reach:
                    counts = False
            else:
                within |= t.bit
                worth = (rest + d1) * t.amount if counts else rest * t.amount
                if worth <= 0:
                    continue
                groups = [idx[j] for m, _, idx in r if not m & mask]
                for idx in groups:
                    for i in idx:
                        spread[i] += worth
                open_.append((worth, groups))
        w1, w2 = self.weights
        ub1 = ub2 = 0.0
        for worth, groups in open_:
            owed1 = owed2 = 0.0
            for idx in groups:
                low1 = low2 = math.inf
                for i in idx:
                    x = spread[i]
                    if w1[i] < low1 * x:
                        low1 = w1[i] / x
                    if w2[i] < low2 * x:
                        low2 = w2[i] / x
                owed1 += low1
                owed2 += low2
            if owed1 < 1:
                ub1 += worth * (1 - owed1)
            if owed2 < 1:
                ub2 += worth * (1 - owed2)
        return self._settle(-self.cost(mask) - self.renew_weight * renewals, used, self.later[j], ub1, ub2, within)

    def useful(self, i: int, mask: int) -> bool:
        """Adding authorisation i meets a requirement (or meets it in time) that `mask` does not, of a
        subtrack still within reach."""
        bit, reach = 1 << i, mask | self.suffix[i]
        for t, r in self.touched[i]:
            if all(m & reach for m, *_ in r):
                for m, tm, _ in r:
                    if m & bit and (not m & mask or (t.in_time and tm & bit and not tm & mask)):
                        return True
        return False

    def dead(self, mask: int, i: int) -> bool:
        """Adding authorisation i leaves another one of `mask` needed nowhere it could still be: every
        requirement it meets, of a subtrack still within reach, is met by the others too (in time,
        where it is in time). Adding more never changes that, so no set below is lean."""
        reach = mask | self.suffix[i + 1]
        for k in self.nearby[i]:
            if not mask >> k & 1 or k == i:
                continue
            bit, others = 1 << k, mask & ~(1 << k)
            for t, r in self.touched[k]:
                if not all(m & reach for m, *_ in r):
                    continue
                if any(m & bit and (not m & others or (t.in_time and tm & bit and not tm & others))
                       for m, tm, _ in r):
                    break
            else:
                return True
        return False

    def offer(self, npv: float, plan: tuple[int, ...]) -> None:
        entry = (npv, -self.seen, plan)
        if len(self.kept) < self.top:
            heapq.heappush(self.kept, entry)
        elif npv > self.kept[0][0]:
            heapq.heapreplace(self.kept, entry)

    def visit(self, mask: int, renewals: float, used: tuple[int, ...], j: int,
              opened: int, firsts: int, steady: float, first: float) -> None:
        self.seen += 1
        kept, top = self.kept, self.top
        npv = self.value(mask, renewals, opened, firsts, steady, first)
        if mask == 0:
            self.offer(0.0, (-1,))
            if opened:
                self.offer(npv, ())
        elif (len(kept) < top or npv > kept[0][0]) and self.lean(mask, opened, firsts):
            self.offer(npv, tuple(i for i in range(self.n) if mask >> i & 1))
        children = []
        for i in range(j, self.n):
            if self.useful(i, mask) and not self.dead(mask | 1 << i, i):
                child, renewed = mask | 1 << i, renewals + self.renew[i]
                more = tuple(u + k for u, k in zip(used, self.slots[i], strict=True))
                children.append((self.quick_bound(mask, used, i, renewed), -i, child, renewed, more))
        # The most promising first: good plans found early raise the bar the others must clear.
        children.sort(reverse=True)
        for ub, neg, child, renewed, more in children:
            i = -neg
            if len(kept) == top:
                bar = kept[0][0] - 0.005  # cents: never drop a plan that may tie
                if ub < bar or self.bound(child, renewed, more, i + 1) < bar:
                    continue
            o, f, st, fs = opened, firsts, steady, first
            for t, r in self.touched[i]:
                if not t.bit & o:
                    if all(m & child for m, *_ in r):
                        o, st = o | t.bit, st + t.amount
                        if t.in_time and all(tm & child for _, tm, _ in r):
                            f, fs = f | t.bit, fs + t.amount
                elif t.in_time and not t.bit & f and all(tm & child for _, tm, _ in r):
                    f, fs = f | t.bit, fs + t.amount
            self.visit(child, renewed, more, i + 1, o, f, st, fs)

    def run(self) -> tuple[list[tuple[int, ...]], int]:
        """The plans kept, best first (an empty tuple: the plan that earns nothing; `(-1,)`: the plan
        that changes nothing at all), and how many sets were looked at."""
        opened = firsts = 0
        steady = first = 0.0
        for t in self.targets:
            if not t.groups:
                opened, steady = opened | t.bit, steady + t.amount
                if t.in_time:
                    firsts, first = firsts | t.bit, first + t.amount
        self.visit(0, 0.0, tuple(0 for _ in self.roles), 0, opened, firsts, steady, first)
        return [plan for _, _, plan in sorted(self.kept, reverse=True)], self.seen


def best_plans(base: Assessment, top: int = TOP) -> tuple[tuple[Plan, ...], int]:
    """The `top` best plans, best first (exact), each with a reason per action; and how many plans
    the search looked at."""
    return _best_plans(_Model(base), top)


def _best_plans(model: _Model, top: int) -> tuple[tuple[Plan, ...], int]:
    found, explored = model.search(top)
    order = model.order
    plans = []
    for idx in found:
        acts = () if idx == (-1,) else model.completion(frozenset(order[i] for i in idx))
        plan = model.plan(acts)
        plans.append(Plan(plan.actions, plan.gained, plan.late, plan.first, plan.steady, plan.investment, plan.roi,
                          model.reasons(plan)))
    plans.sort(key=lambda p: (-p.value, len(p.actions), [_action_key(a) for a in p.actions]))
    return tuple(plans), explored


def next_step(plan: Plan, as_of: date) -> NextStep | None:
    """The action of a plan to start first: the one whose deadline less its lead time comes first
    (ties: the one that opens the most rebate)."""
    steps = []
    for r in plan.reasons:
        lead = timedelta(days=float(DAYS_PER_MONTH * r.months_to_earn)) if r.months_to_earn else timedelta()
        steps.append((r.deadline - lead, -r.rebate, _action_key(r.action), r))
    if not steps:
        return None
    start, _, _, reason = min(steps, key=lambda x: x[:3])
    return NextStep(reason, start, start <= as_of)


# --- break-even sales ------------------------------------------------------------------------------


def break_even(base: Assessment) -> tuple[BreakEven, ...]:
    """Per subtrack with a gap (enrolled or with sales): the sales at which closing its gaps on its
    own pays back within the horizon, next to its minimum.

    Closing costs the cheapest authorisations that meet its requirements plus the missing CSATs,
    `K` one-off and `r` renewals per period. With `ρ` its rebate per USD of sales and `n1` = 1 when
    every gap can be closed in time for period 1 (else 0), the cash after the horizon's `H` periods
    is `−K + (H − 1 + n1)·ρ·x − H·r`: it pays back within the horizon from
    `x = (K + H·r) / ((H − 1 + n1)·ρ)`, and the subtrack pays only from its minimum, so the
    break-even is the larger of the two. Bonuses are left out (they can only lower it).
    """
    return _break_even(_Model(base))


def _break_even(model: _Model) -> tuple[BreakEven, ...]:
    base = model.base
    e, costing = base.edition, model.costing
    horizon, months = base.roi.horizon_periods, base.period.months
    out = []
    for s in base.subtracks:
        if s.eligible or not (s.enrolled or s.projected_sales > 0):
            continue
        rate = model.amount[s.id] / s.projected_sales if s.projected_sales > 0 else s.rate
        if s.id in model.certification:
            out.append(BreakEven(s.id, s.projected_sales, s.min_volume, (), ZERO, ZERO, False, rate, None, None,
                                 model.certification[s.id]))
            continue
        groups = [g for g, _ in model.groups[s.id]]
        cover = costing.cheapest_cover(groups) if groups else frozenset()
        csat = any(g.kind == "csat" for g in s.gaps)
        inv = costing.investment(cover, model.csat_short if csat else 0)
        acts = [Action("authorization", x) for x in sorted(cover)]
        acts += [Action("enrollment", s.id)] if not s.enrolled else []
        acts += [Action("csat")] if csat else []
        if model.blocked_now and s.enrolled and s.id not in model.short:
            acts += [Action("withdrawal", x) for x in sorted(model.enrolled & model.short)]
        in_time = all(on_time(g, cover, e) for g in s.gaps)
        need = inv.one_off + horizon * inv.renewal_per_year * months / 12
        periods = horizon - 1 + in_time
        payback: Decimal | None
        if need == 0:
            payback = ZERO
        elif periods == 0 or rate == 0:
            payback = None
        else:
            payback = need / (periods * rate)
        even = None if payback is None else max(payback, s.min_volume)
        out.append(BreakEven(s.id, s.projected_sales, s.min_volume, tuple(acts), inv.one_off, inv.renewal_per_year,
                             in_time, rate, _cents(payback), _cents(even)))
    return tuple(out)


def _cents(x: Decimal | None) -> Decimal | None:
    return None if x is None else x.quantize(CENT)


# --- rebate at risk --------------------------------------------------------------------------------


class _Volumes:
    """The total rebate when sales change and nothing else does (the engine's rules, on one
    assessment's figures): a subtrack pays when its only gaps are its volume (and, where every
    enrolled subtrack must meet its minimum, the others' volume) and its sales meet its minimum."""

    def __init__(self, base: Assessment) -> None:
        self.base, self.edition = base, base.edition
        self.all_enrolled = self.edition.policy.minimums == "all_enrolled"
        self.can_pay = frozenset(
            s.id for s in base.subtracks if s.enrolled and all(g.kind in ("volume", "policy") for g in s.gaps)
        )
        self.enrolled = tuple(s for s in base.subtracks if s.enrolled)

    def total(self, factor: dict[str, Decimal], failing: frozenset[str] = frozenset()) -> Decimal:
        """The estimated rebate with each subtrack's sales times `factor` (1 when absent); the
        subtracks in `failing` count as below their minimum."""
        amount: dict[str, Decimal] = {}
        sales: dict[str, Decimal] = {}
        below = set(failing)
        for s in self.base.subtracks:
            f = factor.get(s.id)
            if f is None:
                amount[s.id] = sum((x.amount for x in s.lines), ZERO)
                sales[s.id] = s.projected_sales
            else:
                bases = [x.base * f for x in s.lines]
                amount[s.id] = sum((b * x.rate for b, x in zip(bases, s.lines, strict=True)), ZERO)
                sales[s.id] = sum(bases, ZERO)
            if sales[s.id] < s.min_volume:
                below.add(s.id)
        if self.all_enrolled and any(s.id in below for s in self.enrolled):
            return ZERO
        paid = frozenset(s for s in self.can_pay if s not in below)
        return paid_total(self.edition, amount, sales, paid)


def at_risk(base: Assessment, shortfall: Decimal = SHORTFALL) -> Risk:
    """What a sales shortfall of `shortfall` (a fraction) costs: the total rebate when every
    subtrack falls short by it, and per subtrack the cliff where it drops below its minimum, the
    rebate lost there, and the total when only its sales fall short."""
    vol = _Volumes(base)
    now = base.estimated_rebate
    keep = 1 - shortfall
    every = {s.id: keep for s in base.subtracks}
    cliffs = []
    for s in base.subtracks:
        if s.projected_sales <= 0 or s.projected_sales < s.min_volume:
            continue
        # Where every enrolled subtrack must meet its minimum, any of them falling short costs the rest.
        if not (s.eligible or (vol.all_enrolled and s.enrolled)):
            continue
        at = 1 - s.min_volume / s.projected_sales if s.min_volume > 0 else None
        # The share of its sales it may keep and still pay, rounded up so that the scaled sales land on
        # (not a rounding error below) the minimum.
        edge = _EDGE.divide(s.min_volume, s.projected_sales)
        if at is None:
            lost = together = ZERO
        else:
            lost = vol.total({s.id: edge}) - vol.total({s.id: edge}, frozenset((s.id,)))
            everyone = {x: edge for x in every}
            together = vol.total(everyone) - vol.total(everyone, frozenset((s.id,)))
        crossed = at is not None and shortfall > at
        cliffs.append(Cliff(s.id, s.projected_sales, s.min_volume, s.estimated_rebate, at, lost.quantize(CENT),
                            together.quantize(CENT), crossed, vol.total({s.id: keep})))
    cliffs.sort(key=lambda c: (c.at is None, c.at or ZERO, c.subtrack))
    return Risk(shortfall, now, vol.total(every), tuple(cliffs))


def sensitivity(base: Assessment, swing: Decimal = SWING) -> tuple[Swing, ...]:
    """Per enrolled subtrack with sales, the change in the total rebate when its sales alone are
    `swing` lower or higher (the bars of a tornado chart), largest span first."""
    vol = _Volumes(base)
    now = base.estimated_rebate
    out = [
        Swing(s.id, vol.total({s.id: 1 - swing}) - now, vol.total({s.id: 1 + swing}) - now)
        for s in base.subtracks if s.enrolled and s.projected_sales > 0
    ]
    out.sort(key=lambda w: (-(w.high - w.low), w.subtrack))
    return tuple(out)


# --- everything together ---------------------------------------------------------------------------


def recommend(profile: Profile, edition: Edition, *, top: int = TOP, shortfall: Decimal = SHORTFALL,
              swing: Decimal = SWING, base: Assessment | None = None) -> Recommendation:
    """The best plans and next step, break-even sales, rebate at risk and its sensitivity."""
    base = base or assess(profile, edition)
    model = _Model(base)
    plans, explored = _best_plans(model, top)
    notes = []
    blocked = [s.id for s in base.subtracks if s.id in model.certification and s.projected_sales > 0]
    if blocked:
        notes.append("certification")
    return Recommendation(
        assessment=base, actions=model.candidates(), plans=plans,
        next_step=next_step(plans[0], base.as_of) if plans and plans[0].actions else None,
        break_even=_break_even(model), risk=at_risk(base, shortfall), swing=swing,
        swings=sensitivity(base, swing), explored=explored, notes=tuple(notes),
    )


# --- words, JSON and text ------------------------------------------------------------------------------


def _names(ids: Sequence[str], edition: Edition, lang: Lang) -> str:
    names = [edition.name_of(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " en ") + names[-1]


def action_label(action: Action, edition: Edition, lang: Lang = "en") -> str:
    """An action in a few words: `Earn Advanced Unified Computing Technology`."""
    en = lang == "en"
    name = edition.name_of(action.id) if action.id else ""
    if action.kind == "authorization":
        return f"Earn {name}" if en else f"Behaal {name}"
    if action.kind == "enrollment":
        return f"Enrol in {name}" if en else f"Schrijf je in voor {name}"
    if action.kind == "withdrawal":
        return f"Withdraw from {name}" if en else f"Trek je terug uit {name}"
    return "Hand in the missing CSATs" if en else "Lever de ontbrekende CSAT’s in"


def reason_text(r: Reason, edition: Edition, fmt: Fmt) -> str:
    """One line on why a plan takes an action, what it costs and by when."""
    en = fmt.lang == "en"
    opens = _names(r.opens, edition, fmt.lang)
    worth = (f"{fmt.money(r.rebate)} a period" if en else f"{fmt.money(r.rebate)} per periode")
    when = fmt.day(r.deadline)
    kind = r.action.kind
    if kind == "authorization":
        name = edition.name_of(r.action.id)
        text = (f"Earn {name}: needed for {opens} ({worth}); about {fmt.money(r.cash)} and {fmt.num(r.hours)} staff "
                f"hours on its own" if en else
                f"Behaal {name}: nodig voor {opens} ({worth}); op zich ongeveer {fmt.money(r.cash)} en "
                f"{fmt.num(r.hours)} uur personeelsinzet")
        left = fmt.num(max(r.months_left, ZERO), 1)
        if r.late:
            text += (f"; takes about {r.months_to_earn} months, {left} left: counts from the next period" if en
                     else f"; duurt ongeveer {r.months_to_earn} maanden, nog {left} over: telt pas vanaf de volgende "
                     "periode")
        else:
            text += (f"; takes about {r.months_to_earn} months, due {when}" if en else
                     f"; duurt ongeveer {r.months_to_earn} maanden, uiterlijk {when}")
        return text
    if kind == "enrollment":
        name = edition.name_of(r.action.id)
        if r.late:
            return (f"Enrol in {name} in PPE for the next period (enrolment closed on {when}): {worth}" if en else
                    f"Schrijf je in voor {name} in PPE voor de volgende periode (de inschrijving sloot op {when}): "
                    f"{worth}")
        return (f"Enrol in {name} in PPE before enrolment closes on {when}: {worth}" if en else
                f"Schrijf je in voor {name} in PPE voordat de inschrijving sluit op {when}: {worth}")
    if kind == "csat":
        n = r.count
        if en:
            text = (f"Hand in {n} more CSAT{'s' if n != 1 else ''} by {when} (about {fmt.num(r.hours)} staff hours): "
                    f"the rebate on {opens} depends on it, {worth}")
        else:
            text = (f"Lever nog {n} CSAT{'’s' if n != 1 else ''} in vóór {when} (ongeveer {fmt.num(r.hours)} uur "
                    f"personeelsinzet): de rebate op {opens} hangt ervan af, {worth}")
        if r.late:
            text += ": counts from the next period" if en else ": telt pas vanaf de volgende periode"
        return text
    name = edition.name_of(r.action.id)
    return (f"Withdraw from {name}: it is short of its minimum and, as every enrolled subtrack must meet its "
            f"minimum, holds back {opens} ({worth})" if en else
            f"Trek je terug uit {name}: het haalt zijn minimum niet en houdt, omdat elk ingeschreven subtrack zijn "
            f"minimum moet halen, {opens} tegen ({worth})")


def next_step_text(step: NextStep, edition: Edition, fmt: Fmt) -> str:
    """The next step in a line: when to start, then why (an action that takes no time to earn says
    its deadline itself)."""
    en = fmt.lang == "en"
    why = reason_text(step.reason, edition, fmt)
    if step.now:
        return ("Start now: " if en else "Begin nu: ") + why
    if step.reason.months_to_earn:
        return (f"Start by {fmt.day(step.start_by)}: " if en else f"Begin uiterlijk {fmt.day(step.start_by)}: ") + why
    return why


NOTES: dict[str, dict[Lang, str]] = {
    "certification": {
        "en": "Moving up a certification level is not among the actions: the rules carry no cost or lead time "
              "for it, so the subtracks that need one are left out of the plans.",
        "nl": "Een hoger certificeringsniveau is geen actie: de regels kennen er geen kosten of doorlooptijd "
              "voor, dus de subtracks die er een nodig hebben blijven buiten de plannen.",
    },
}


def _action_dict(a: Action) -> dict[str, Any]:
    return {"kind": a.kind, "id": a.id or None}


def plan_dict(p: Plan, edition: Edition, fmt: Fmt | None = None) -> dict[str, Any]:
    f = fmt or Fmt("en")
    return {
        "actions": [_action_dict(a) for a in p.actions],
        "value": num(p.value),
        "payback_periods": num(p.roi.payback_periods),
        "roi": num(p.roi.roi),
        "investment": num(p.investment.one_off),
        "renewal_per_year": num(p.investment.renewal_per_year),
        "authorizations": list(p.investment.authorizations),
        "gained": list(p.gained),
        "from_next_period": list(p.late),
        "incremental_rebate": {"first_period": num(p.first), "later_periods": num(p.steady)},
        "cumulative": [num(x) for x in p.roi.cumulative],
        "rationale": [
            {**_action_dict(r.action), "opens": list(r.opens), "rebate": num(r.rebate), "cost": num(r.cost),
             "cash": num(r.cash), "hours": r.hours, "deadline": r.deadline.isoformat(), "late": r.late,
             "text": reason_text(r, edition, f)}
            for r in p.reasons
        ],
    }


def recommendation_dict(rec: Recommendation, fmt: Fmt | None = None) -> dict[str, Any]:
    """The JSON contract of `vip recommend`."""
    f = fmt or Fmt("en")
    a, e = rec.assessment, rec.assessment.edition
    step = rec.next_step
    return {
        "partner": a.profile.partner,
        "edition": e.id,
        "period": a.period.id,
        "currency": e.currency,
        "horizon_periods": a.roi.horizon_periods,
        "discount_rate": num(a.discount_rate),
        "estimated_rebate": num(a.estimated_rebate),
        "candidate_actions": [_action_dict(x) for x in rec.actions],
        "explored_plans": rec.explored,
        "plans": [plan_dict(p, e, f) for p in rec.plans],
        "next_step": None if step is None else {
            **_action_dict(step.reason.action), "start_by": step.start_by.isoformat(), "now": step.now,
            "text": next_step_text(step, e, f),
        },
        "break_even": [
            {"subtrack": b.subtrack, "sales": num(b.sales), "minimum": num(b.minimum), "to_minimum": num(b.to_minimum),
             "closes_with": [_action_dict(x) for x in b.closes_with], "investment": num(b.investment),
             "renewal_per_year": num(b.renewal_per_year), "this_period": b.this_period, "rate": num(b.rate),
             "payback_sales": num(b.payback_sales), "break_even": num(b.break_even),
             "to_break_even": num(b.to_break_even), "blocked_by": list(b.blocked_by)}
            for b in rec.break_even
        ],
        "at_risk": {
            "shortfall": num(rec.risk.shortfall), "now": num(rec.risk.now), "at_shortfall": num(rec.risk.at_shortfall),
            "lost": num(rec.risk.lost),
            "cliffs": [
                {"subtrack": c.subtrack, "sales": num(c.sales), "minimum": num(c.minimum), "rebate": num(c.rebate),
                 "cliff_at": num(c.at), "lost_at_cliff": num(c.lost), "lost_at_cliff_together": num(c.lost_together),
                 "crossed": c.crossed, "total_if_alone_short": num(c.alone)}
                for c in rec.risk.cliffs
            ],
        },
        "sensitivity": {
            "swing": num(rec.swing),
            "subtracks": [{"subtrack": w.subtrack, "low": num(w.low), "high": num(w.high)} for w in rec.swings],
        },
        "notes": [NOTES[n][f.lang] for n in rec.notes],
    }


_WORDS: dict[str, dict[Lang, str]] = {
    "value": {"en": "value = NPV over {h} periods at {r} a year",
              "nl": "waarde = NPV over {h} perioden tegen {r} per jaar"},
    "next": {"en": "Next step", "nl": "Volgende stap"},
    "none": {"en": "none: no plan is worth more than leaving things as they are",
             "nl": "geen: geen plan levert meer op dan alles laten zoals het is"},
    "plans": {"en": "#|Value|Payback|Investment|Extra/period|Actions",
              "nl": "#|Waarde|Terugverdiend|Investering|Extra/periode|Acties"},
    "nothing": {"en": "Change nothing", "nl": "Niets veranderen"},
    "plan": {"en": "Plan", "nl": "Plan"},
    "break_even": {"en": "Break-even sales (closing each subtrack's gaps on its own, payback within the horizon):",
                   "nl": "Break-even omzet (elk subtrack op zich, terugverdiend binnen de horizon):"},
    "break_even_cols": {"en": "Subtrack|Sales|Minimum|To minimum|Cost to close|Break-even|To break-even",
                        "nl": "Subtrack|Omzet|Minimum|Tot minimum|Kosten|Break-even|Tot break-even"},
    "needs": {"en": "needs", "nl": "vraagt"},
    "never": {"en": "never", "nl": "nooit"},
    "risk": {"en": "Rebate at risk: sales {x} short everywhere", "nl": "Rebate in gevaar: overal {x} minder omzet"},
    "risk_cols": {"en": "Subtrack|Rebate now|Cliff at|Lost at cliff|Crossed",
                  "nl": "Subtrack|Rebate nu|Klif bij|Verlies bij klif|Gepasseerd"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "swing": {"en": "Sensitivity of the total rebate to one subtrack's sales ±{x}:",
              "nl": "Gevoeligheid van de totale rebate voor de omzet van één subtrack ±{x}:"},
    "note": {"en": "Note", "nl": "Let op"},
}


def recommendation_text(rec: Recommendation, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    a, e = rec.assessment, rec.assessment.edition

    def w(key: str) -> str:
        return _WORDS[key][f.lang]

    out = [
        f"{a.profile.partner} ({a.profile.country}, {e.name}, {a.period.name}): "
        + w("value").format(h=a.roi.horizon_periods, r=f.pct(a.discount_rate)),
        "",
        f"{w('next')}: " + (next_step_text(rec.next_step, e, f) if rec.next_step else w("none")),
        "",
    ]
    rows = []
    for i, p in enumerate(rec.plans, start=1):
        payback = f.num(p.roi.payback_periods, 1) if p.roi.payback_periods is not None else "-"
        what = "; ".join(action_label(x, e, f.lang) for x in p.actions) or w("nothing")
        rows.append([str(i), f.money(p.value), payback, f.money(p.investment.one_off), f.money(p.steady), what])
    out.append(table(w("plans").split("|"), rows, right=(0, 1, 2, 3, 4)))
    for i, p in enumerate(rec.plans, start=1):
        if p.reasons:
            out += ["", f"{w('plan')} {i}:", *(f"  - {reason_text(r, e, f)}" for r in p.reasons)]
    if rec.break_even:
        rows = []
        for b in rec.break_even:
            even = f.money(b.break_even) if b.break_even is not None else (
                f"{w('needs')} {_names(b.blocked_by, e, f.lang)}" if b.blocked_by else w("never"))
            to_even = f.money(b.to_break_even, signed=True) if b.to_break_even is not None else "-"
            rows.append([e.name_of(b.subtrack), f.money(b.sales), f.money(b.minimum),
                         f.money(b.to_minimum, signed=True), f.money(b.investment), even, to_even])
        out += ["", w("break_even"), table(w("break_even_cols").split("|"), rows, right=(1, 2, 3, 4, 5, 6))]
    r = rec.risk
    out += ["", w("risk").format(x=f.pct(r.shortfall))
            + f": {f.money(r.now)} -> {f.money(r.at_shortfall)} ({f.money(-r.lost, signed=True)})"]
    if r.cliffs:
        rows = [[e.name_of(c.subtrack), f.money(c.rebate), f.pct(c.at) if c.at is not None else "-",
                 f.money(c.lost), w("yes") if c.crossed else w("no")] for c in r.cliffs]
        out.append(table(w("risk_cols").split("|"), rows, right=(1, 2, 3)))
    if rec.swings:
        rows = [[e.name_of(x.subtrack), f.money(x.low, signed=True), f.money(x.high, signed=True)] for x in rec.swings]
        out += ["", w("swing").format(x=f.pct(rec.swing)),
                table(["Subtrack", f"-{f.pct(rec.swing)}", f"+{f.pct(rec.swing)}"], rows, right=(1, 2))]
    out += [f"\n{w('note')}: {NOTES[n][f.lang]}" for n in rec.notes]
    return "\n".join(out)
