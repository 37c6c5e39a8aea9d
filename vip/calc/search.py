"""The exact search for the best plans: a branch and bound over one assessment's figures.

`Figures` holds what decides any plan's value (each subtrack's rebate, its open requirements and
their deadlines, the costing); `_Search` walks the sets of authorisations, bounding each branch
by what it could still gain less what it must at least cost. It is one piece at some 530 lines:
the bound is only safe because it is worked out from exactly the figures `Figures` settles a plan
with, so the two are kept side by side rather than split. Break-even sales (`breakeven.py`) reuse
`Figures`.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from vip.calc.engine import months_between, rebate_lines
from vip.calc.memo import Memo, costing
from vip.calc.plans import Action, Plan, Reason, action_key, booked_sales, margin_cost, settle
from vip.calc.results import CENT, ZERO, Assessment, earned_in_time, first_share, overdue
from vip.model.edition import Due

TOP = 5
# A plan's value in the search's floats is its exact value (in cents) to within half a cent: plans within
# TIE of the `top`-th best may be as good once valued exactly, so they are kept too, and valued exactly.
TIE = 0.02

# --- one assessment's figures, from which plans are valued without assessing again ---------------


class _Group(NamedTuple):
    mask: int  # the authorisations (bits) any one of which meets the requirement (a minimum: its volume move)
    timely: int  # those of them that can be earned before its deadline


class _Family(NamedTuple):
    """A product family held back by its own requirements."""

    family: str
    rebate: Decimal  # its line at the projected sales
    booked: Decimal  # its line once a volume move books the subtrack's minimum
    groups: tuple[tuple[frozenset[str], Due], ...]  # its unmet requirements: the authorisations meeting each


class _Target(NamedTuple):
    """A subtrack a plan could make eligible, or a product family of one a plan could open."""

    id: str
    bit: int
    amount: float
    groups: tuple[_Group, ...]
    in_time: bool  # its gaps other than authorisations can be closed in time for period 1
    needs_enrolment: bool
    first: float  # its rebate in period 1 when it counts then: less than `amount` when enrolled late


class Figures:
    """The figures of one assessment that decide any plan's value."""

    def __init__(self, base: Assessment, memo: Memo | None = None) -> None:
        self.base = base
        e = self.edition = base.edition
        self.costing = costing(memo, e, base.profile, base.hourly_cost)
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
        # Volume moves: a subtrack with sales short of its minimum books the rest, at its product mix; once
        # booked, it pays the rebate on its minimum, and the margin cost of the extra sales in every period.
        self.margin = margin_cost(base)
        self.volume = {s.id: s.min_volume - s.projected_sales for s in base.subtracks
                       if 0 < s.projected_sales < s.min_volume and s.id not in self.certification}
        self.booked_amount: dict[str, Decimal] = {}
        profile = base.profile
        for sid, more in self.volume.items():
            raised = profile.model_copy(update={"projected_sales": {
                **profile.projected_sales, sid: booked_sales(profile.projected_sales[sid], more)}})
            self.booked_amount[sid] = sum((x.amount for x in rebate_lines(e.subtrack_by_id[sid], raised)), ZERO)
        # Product families held back by their own requirements: each is a target of its own, worth its line.
        self.families: dict[str, tuple[_Family, ...]] = {}
        for s in base.subtracks:
            held = [f for f in s.family_gaps if f.closable]
            if not held:
                continue
            booked: dict[str | None, Decimal] = {}
            if s.id in self.volume:  # its lines at the booked sales, the held ones taken out of the subtrack's
                raised = profile.model_copy(update={"projected_sales": {
                    **profile.projected_sales, s.id: booked_sales(profile.projected_sales[s.id], self.volume[s.id])}})
                first = e.subtrack_by_id[s.id].families[0].id
                for x in rebate_lines(e.subtrack_by_id[s.id], raised):
                    booked[x.family or first] = booked.get(x.family or first, ZERO) + x.amount
                self.booked_amount[s.id] -= sum((booked.get(f.family, ZERO) for f in held), ZERO)
            self.families[s.id] = tuple(
                _Family(f.family, f.rebate, booked.get(f.family, f.rebate), tuple(
                    (frozenset(x for x in g.missing_any_of if x in e.authorization_by_id), g.due) for g in f.gaps))
                for f in held)
        horizon, months = base.roi.horizon_periods, base.period.months
        # The engine's discounting (`return_over_horizon`), as float weights: NPV is linear in the period-1 gain, the
        # later gain, the one-off cost and the renewals, which is what the search's bound relies on.
        per_period: float = (1 + float(base.discount_rate)) ** (months / 12)
        dall = sum(1 / per_period**t for t in range(1, horizon + 1))
        self.renew_weight = dall * months / 12
        # The rebate is paid `lag_months` after its period: its weights are discounted that much more.
        late: float = (1 + float(base.discount_rate)) ** (base.roi.lag_months / 12)
        self.d1, self.dall = 1 / per_period / late, dall / late

    # -- exact figures of any set of actions

    def eligible_with(self, actions: Iterable[Action]) -> frozenset[str]:
        """The subtracks eligible with the plan done: what `assess` of the applied profile finds."""
        acts = list(actions)
        earned = {a.id for a in acts if a.kind == "authorization"}
        enrolled = (self.enrolled | {a.id for a in acts if a.kind == "enrollment"}) - {
            a.id for a in acts if a.kind == "withdrawal"}
        short = self.short - {a.id for a in acts if a.kind == "volume" and a.id in self.volume}
        csat = not self.csat_short or any(a.kind == "csat" for a in acts)
        if (self.all_enrolled and enrolled & short) or not csat:
            return frozenset()
        return frozenset(
            s for s in enrolled
            if s not in short and s not in self.certification and all(g & earned for g, _ in self.groups[s])
        )

    def booked(self, actions: Iterable[Action]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
        """Each subtrack's rebate and sales with the plan's volume moves booked."""
        booked = [a.id for a in actions if a.kind == "volume" and a.id in self.volume]
        if not booked:
            return self.amount, self.sales
        return ({**self.amount, **{s: self.booked_amount[s] for s in booked}},
                {**self.sales, **{s: self.sales[s] + self.volume[s] for s in booked}})

    def with_families(self, amount: dict[str, Decimal], actions: Iterable[Action]) -> dict[str, Decimal]:
        """Each subtrack's rebate with the product families the plan's authorisations open."""
        if not self.families:
            return amount
        acts = list(actions)
        earned = {a.id for a in acts if a.kind == "authorization"}
        booked = {a.id for a in acts if a.kind == "volume"}
        more = {sid: sum((f.booked if sid in booked else f.rebate for f in fams
                          if all(g & earned for g, _ in f.groups)), ZERO) for sid, fams in self.families.items()}
        return {**amount, **{sid: amount[sid] + x for sid, x in more.items() if x}}

    def plan(self, actions: Iterable[Action]) -> Plan:
        acts = tuple(actions)
        amount, sales = self.booked(acts)
        return settle(self.base, acts, self.eligible_with(acts), self.with_families(amount, acts), sales,
                      self.costing)

    def candidates(self) -> tuple[Action, ...]:
        """Every action worth considering: authorisations in an unmet requirement of a subtrack with
        sales, enrolment in a subtrack with sales, booking the rest of the minimum of a subtrack with
        sales short of it, the missing CSATs, and (where every enrolled subtrack must meet its minimum)
        withdrawal from an enrolled subtrack that does not."""
        with_sales = [s for s in self.base.subtracks if s.projected_sales > 0]
        earn = sorted({x for s in with_sales for g, _ in self.groups[s.id] for x in g}
                      | {x for fams in self.families.values() for f in fams for g, _ in f.groups for x in g})
        acts = [Action("authorization", x) for x in earn]
        acts += [Action("enrollment", s.id) for s in with_sales if not s.enrolled]
        acts += [Action("volume", s) for s in self.volume]
        if self.csat_short:
            acts.append(Action("csat"))
        if self.all_enrolled:
            acts += [Action("withdrawal", s.id) for s in self.base.subtracks if s.enrolled and s.id in self.short]
        return tuple(acts)

    def completion(self, chosen: Iterable[Action]) -> tuple[Action, ...]:
        """The best plan that earns exactly the authorisations and books exactly the volume moves
        `chosen`: enrol in what they open, hand in the CSATs and withdraw from the subtracks that block
        it, when anything opens at all."""
        acts = sorted(set(chosen), key=action_key)
        earned = {a.id for a in acts if a.kind == "authorization"}
        short = self.short - {a.id for a in acts if a.kind == "volume"}
        opens = [t for t in self.targets
                 if t.id not in short and all(set(g) & earned for g, _ in self.groups[t.id])]
        if not opens:
            return tuple(acts)
        acts += [Action("enrollment", t.id) for t in opens if t.needs_enrolment]
        if self.csat_short:
            acts.append(Action("csat"))
        if self.blocked_now:
            acts += [Action("withdrawal", s) for s in sorted(self.enrolled & short)]
        return tuple(acts)

    # -- the search

    @cached_property
    def targets(self) -> list[_Target]:
        """The subtracks a plan can make eligible: not eligible now, with sales meeting the minimum,
        and no certification level in the way."""
        bit = {a: 1 << i for i, a in enumerate(self.order)}
        months = {a.id: a.months_to_earn.value for a in self.edition.authorizations}
        out: list[_Target] = []
        for i, s in enumerate(self.base.subtracks):
            if not self._within_reach(s.id):
                continue
            groups = []
            for g, due in self.groups[s.id]:
                mask = sum(bit[Action("authorization", x)] for x in g)
                timely = sum(bit[Action("authorization", x)] for x in g if earned_in_time(months[x], self.left[due]))
                groups.append(_Group(mask, timely))
            if s.id in self.short:
                move = bit[Action("volume", s.id)]
                groups.append(_Group(move, move if not overdue(self.left["period_end"]) else 0))
            in_time = all(g.attainable for g in s.gaps if g.kind in ("enrollment", "csat", "policy"))
            paid = float(self.paid_amount(s.id))
            out.append(_Target(s.id, 1 << i, paid, tuple(groups), in_time, not s.enrolled,
                               paid * float(first_share(s.gaps))))
        # A held-back product family opens with its subtrack's requirements (none once eligible) and its own.
        within = {t.id: t for t in out}
        k = len(self.base.subtracks)
        for s in self.base.subtracks:
            if s.id not in self.families or not (s.id in self.eligible or s.id in within):
                continue
            own = within.get(s.id)
            share = float(first_share(s.gaps)) if own else 1.0
            for f in self.families[s.id]:
                groups = list(own.groups if own else ())
                for g, due in f.groups:
                    mask = sum(bit[Action("authorization", x)] for x in g)
                    timely = sum(bit[Action("authorization", x)] for x in g
                                 if earned_in_time(months[x], self.left[due]))
                    groups.append(_Group(mask, timely))
                paid = float(f.booked if s.id in self.short else f.rebate)
                out.append(_Target(s.id, 1 << k, paid, tuple(groups), own.in_time if own else True,
                                   own.needs_enrolment if own else False, paid * share))
                k += 1
        return out

    def _within_reach(self, sid: str) -> bool:
        """A plan can make the subtrack eligible: not eligible now, with sales that meet the minimum or
        a volume move that books the rest, and no certification level in the way."""
        return (sid not in self.eligible and self.sales[sid] > 0 and (sid not in self.short or sid in self.volume)
                and sid not in self.certification)

    def paid_amount(self, sid: str) -> Decimal:
        """The subtrack's rebate once a plan makes it eligible (at its minimum when it is short)."""
        return self.booked_amount[sid] if sid in self.short else self.amount[sid]

    @cached_property
    def order(self) -> list[Action]:
        """The authorisations that can open something, most promising first (rebate within reach per
        dollar), which finds good plans early and so prunes more; then the volume moves. A volume move
        is added last, once its subtrack's authorisations are in: first, it would be carried through
        every set below it, needed or not (it costs nothing one-off, so it looks most promising)."""
        reach: dict[Action, Decimal] = {}
        for s in self.base.subtracks:
            if not self._within_reach(s.id):
                continue
            moves = [Action("authorization", x) for g, _ in self.groups[s.id] for x in g]
            for a in moves + ([Action("volume", s.id)] if s.id in self.short else []):
                reach[a] = reach.get(a, ZERO) + self.paid_amount(s.id)
        for sid, fams in self.families.items():
            if sid in self.eligible or self._within_reach(sid):
                for f in fams:
                    for a in {Action("authorization", x) for g, _ in f.groups for x in g}:
                        reach[a] = reach.get(a, ZERO) + f.rebate

        def cost(a: Action) -> Decimal:
            return self.costing.single(a.id).total if a.kind == "authorization" else self.margin * self.volume[a.id]

        return sorted(reach, key=lambda a: (a.kind == "volume", -reach[a] / (cost(a) + 1), action_key(a)))

    def search(self, top: int) -> tuple[list[tuple[int, ...]], int]:
        """The `top` best plans as sets of authorisation indexes into `order` (see `_Search`), with any
        others within TIE of the last; and how many plans the search looked at."""
        return _Search(self, top).run()

    def _bonus_floats(self, first: bool = False) -> list[tuple[float, float, dict[int, float], dict[int, float]]]:
        """The bonus rules over the subtracks' sales (`first`: those that count in period 1)."""
        index = {s.id: i for i, s in enumerate(self.base.subtracks)}
        # A subtrack short of its minimum is paid only once its volume move books the rest.
        sales = {s.id: float(s.projected_sales + self.volume.get(s.id, ZERO)) * (float(first_share(s.gaps)) if first
                                                                                else 1.0) for s in self.base.subtracks}
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
        amount, _ = self.booked(plan.actions)
        amount = self.with_families(amount, plan.actions)
        paid = self.eligible | gained

        def rebate(ids: Iterable[str]) -> Decimal:
            return sum((amount[s] for s in ids), ZERO)

        for act in plan.actions:
            if act.kind == "authorization":
                served = [(s, due) for s in plan.gained for g, due in self.groups[s] if act.id in g and g & earned]
                opens = tuple(dict.fromkeys(s for s, _ in served))
                # The product families it opens in subtracks it does not open itself (theirs count in `opens`).
                booked = {a.id for a in plan.actions if a.kind == "volume"}
                fams = [(sid, f, due) for sid, fs in self.families.items() if sid in paid and sid not in opens
                        for f in fs if all(g & earned for g, _ in f.groups) for g, due in f.groups if act.id in g]
                families = tuple(dict.fromkeys((sid, f.family) for sid, f, _ in fams))
                served += [(sid, due) for sid, _, due in fams]
                due: Due = min((d for _, d in served), key=lambda d: self.deadline[d], default="period_end")
                months = e.authorization_by_id[act.id].months_to_earn.value
                late = not all(earned_in_time(months, self.left[d]) for _, d in served)
                total, cash, hours = self.costing.single(act.id)
                held = sum((f.booked if sid in booked else f.rebate for sid, f in dict.fromkeys(
                    (sid, f) for sid, f, _ in fams)), ZERO)
                out.append(Reason(act, opens, rebate(opens) + held, total, cash, hours, self.deadline[due], months,
                                  self.left[due], late, due=due, families=families))
            elif act.kind == "enrollment":
                opens = (act.id,) if act.id in gained else ()
                gap = next(g for g in self.base.subtrack(act.id).gaps if g.kind == "enrollment")
                out.append(Reason(act, opens, rebate(opens), ZERO, ZERO, 0, self.deadline["enrollment"], None,
                                  self.left["enrollment"], not gap.attainable, due="enrollment",
                                  counts_from=gap.counts_from, share=gap.share))
            elif act.kind == "csat":
                due = e.csat.due
                hours = self.csat_short * e.csat.hours_per_response.value
                out.append(Reason(act, plan.gained, rebate(gained), hours * self.base.hourly_cost, ZERO, hours,
                                  self.deadline[due], None, self.left[due], overdue(self.left[due]), self.csat_short,
                                  due))
            elif act.kind == "volume":
                opens = (act.id,) if act.id in gained else ()
                more, left = self.volume[act.id], self.left["period_end"]
                out.append(Reason(act, opens, rebate(opens), (more * self.margin).quantize(CENT), ZERO, 0,
                                  self.deadline["period_end"], None, left, overdue(left), booked=more))
            else:
                out.append(Reason(act, plan.gained, rebate(gained), ZERO, ZERO, 0, self.deadline["period_end"], None,
                                  self.left["period_end"], overdue(self.left["period_end"])))
        return tuple(out)


def _from_each(mask: int, n: int) -> list[tuple[int, ...]]:
    """Per index j = 0 … n: the indexes from j on of the bits set in `mask`."""
    out: list[tuple[int, ...]] = [()]
    for i in range(n - 1, -1, -1):
        out.append((i, *out[-1]) if mask >> i & 1 else out[-1])
    return out[::-1]


class _Search:
    """Branch and bound over sets of authorisations (indexes into `Figures.order`, as bits).

    A node is a set; its children add one authorisation of a higher index, and only one that meets
    a requirement nothing in the set meets yet (or meets it in time where the set does not), so every
    set in which each authorisation is needed is reached exactly once. A set's plan is its
    completion (`Figures.completion`); its value is computed along the way in floats from the one
    assessment's figures (the exact value is worked out again for the plans kept).

    The bound on everything below a node: the cost of the set so far, plus per subtrack still within
    reach its rebate less the least its open requirements can cost. Each authorisation not yet
    decided shares its cost out over the open requirements it can meet, in proportion to what their
    subtracks bring; a plan pays each authorisation it holds in full, so the shares of the
    requirements it meets never add up to more than it pays. Costs are counted twice over: without
    new people, and with each role slot at its people's price per slot less the slots the people
    already hired still have free (new people cost at least that); the lower bound of the two holds.
    """

    def __init__(self, model: Figures, top: int) -> None:
        self.model, self.top = model, top
        e = model.edition
        self.order, self.targets = model.order, model.targets
        n = self.n = len(self.order)
        by_id = e.authorization_by_id
        hourly = float(model.base.hourly_cost)
        self.renew_weight, self.d1, self.rest = model.renew_weight, model.d1, model.dall - model.d1
        # A volume move is a pseudo-authorisation: nothing one-off, its margin cost per period as a renewal.
        earns = [a.kind == "authorization" for a in self.order]
        per_year = 12 / model.base.period.months
        self.renew = [float(by_id[a.id].renewal_per_year.value) if x
                      else float(model.margin * model.volume[a.id]) * per_year
                      for a, x in zip(self.order, earns, strict=True)]
        self.one_off = [float(model.costing.earning[a.id][0]) + model.costing.earning[a.id][1] * hourly if x else 0.0
                        for a, x in zip(self.order, earns, strict=True)]
        self.earns = sum(1 << i for i, x in enumerate(earns) if x)
        own = [self.one_off[i] + self.renew_weight * self.renew[i] for i in range(n)]
        self.roles = sorted(e.roles)
        people = [e.roles[r] for r in self.roles]
        self.limit = [x.max_per_person.value for x in people]
        self.per_slot = [(float(x.new_person_fee.value) + x.new_person_hours.value * hourly) / x.max_per_person.value
                         if x.max_per_person.value else 0.0 for x in people]
        self.spare = [model.costing.spare.get(r, 0) for r in self.roles]
        self.slots = [tuple(by_id[a.id].roles.get(r, 0) if x else 0 for r in self.roles)
                      for a, x in zip(self.order, earns, strict=True)]
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
        worth = [self.rest * t.amount + self.d1 * t.in_time * t.first for t in self.targets]
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
        self.bonuses_first = model._bonus_floats(first=True)
        self.paid_now = sum(1 << i for i, s in enumerate(model.base.subtracks) if s.eligible)
        self.bonus_now = model._bonus_of(self.bonuses, self.paid_now)
        self.costs: dict[int, float] = {}
        self.kept: list[tuple[float, int, tuple[int, ...]]] = []  # a min-heap of the best `top`
        self.near: list[tuple[float, int, tuple[int, ...]]] = []  # others found within TIE of the worst of them
        self.seen = 0

    def cost(self, mask: int) -> float:
        """The one-off cost of the set's authorisations (its volume moves cost nothing one-off)."""
        mask &= self.earns
        hit = self.costs.get(mask)
        if hit is None:
            ids = frozenset(self.order[i].id for i in range(self.n) if mask >> i & 1)
            hit = self.costs[mask] = float(self.model.costing.cost(ids).total)
        return hit

    def value(self, mask: int, renewals: float, opened: int, firsts: int, steady: float, first: float) -> float:
        if self.bonuses:
            steady += self.model._bonus_of(self.bonuses, self.paid_now | opened) - self.bonus_now
            first += self.model._bonus_of(self.bonuses_first, self.paid_now | firsts) - self.bonus_now
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
                gain = rest * t.amount + d1 * t.first if counts else rest * t.amount
                if gain > owed1:
                    ub1 += gain - owed1
                if gain > owed2:
                    ub2 += gain - owed2
        known = -self.cost(parent) - self.one_off[i] - self.renew_weight * renewals
        return self.settle(known, used, self.later[i], ub1, ub2 - self.people_of[i], within)

    def settle(self, known: float, used: tuple[int, ...], later: tuple[int, ...], ub1: float, ub2: float,
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
            # the bonus of every subtrack within reach, in every period: what `value` adds to `first` and `steady`
            ub += (self.d1 + self.rest) * (self.model._bonus_of(self.bonuses, self.paid_now | within) - self.bonus_now)
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
                worth = rest * t.amount + d1 * t.first if counts else rest * t.amount
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
        return self.settle(-self.cost(mask) - self.renew_weight * renewals, used, self.later[j], ub1, ub2, within)

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
            self.near.append(heapq.heapreplace(self.kept, entry))
        elif npv >= self.kept[0][0] - TIE:
            self.near.append(entry)

    def visit(self, mask: int, renewals: float, used: tuple[int, ...], j: int,
              opened: int, firsts: int, steady: float, first: float) -> None:
        self.seen += 1
        kept, top = self.kept, self.top
        npv = self.value(mask, renewals, opened, firsts, steady, first)
        if mask == 0:
            self.offer(0.0, (-1,))
            if opened:
                self.offer(npv, ())
        elif (len(kept) < top or npv >= kept[0][0] - TIE) and self.lean(mask, opened, firsts):
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
                bar = kept[0][0] - TIE  # never drop a plan that may tie
                if ub < bar or self.bound(child, renewed, more, i + 1) < bar:
                    continue
            o, f, st, fs = opened, firsts, steady, first
            for t, r in self.touched[i]:
                if not t.bit & o:
                    if all(m & child for m, *_ in r):
                        o, st = o | t.bit, st + t.amount
                        if t.in_time and all(tm & child for _, tm, _ in r):
                            f, fs = f | t.bit, fs + t.first
                elif t.in_time and not t.bit & f and all(tm & child for _, tm, _ in r):
                    f, fs = f | t.bit, fs + t.first
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
                    firsts, first = firsts | t.bit, first + t.first
        self.visit(0, 0.0, tuple(0 for _ in self.roles), 0, opened, firsts, steady, first)
        bar = self.kept[0][0] - TIE if len(self.kept) == self.top else -math.inf
        near = [e for e in self.near if e[0] >= bar]
        return [plan for _, _, plan in sorted(self.kept + near, reverse=True)], self.seen


def best_plans(base: Assessment, top: int = TOP, memo: Memo | None = None) -> tuple[tuple[Plan, ...], int]:
    """The `top` best plans, best first (exact), each with a reason per action; and how many plans
    the search looked at."""
    return best_plans_in(Figures(base, memo), top)


def best_plans_in(model: Figures, top: int, explained: int | None = None) -> tuple[tuple[Plan, ...], int]:
    """`best_plans` of the figures; only the first `explained` plans (None: all) have their reasons."""
    found, explored = model.search(top)
    order = model.order
    plans = [model.plan(() if idx == (-1,) else model.completion(order[i] for i in idx)) for idx in found]
    plans.sort(key=lambda p: (-p.value, len(p.actions), [action_key(a) for a in p.actions]))
    del plans[top:]  # the plans found within TIE of the last: valued, and the best `top` of them kept
    return tuple(Plan(p.actions, p.gained, p.late, p.first, p.steady, p.investment, p.roi, model.reasons(p))
                 if explained is None or i < explained else p for i, p in enumerate(plans)), explored


