"""The cost of earning a set of authorisations, with people shared within the role limits."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from vip.calc.results import (
    ZERO,
    AuthorizationGap,
    CertificationGap,
    Cost,
    CostLine,
    Gap,
    Investment,
    earned_in_time,
)
from vip.model.edition import Edition, Requirement, Role
from vip.model.profile import Profile


def spare_slots(edition: Edition, profile: Profile) -> dict[Role, int]:
    """Per role, the authorisations the partner's certified people could still cover."""
    spare: dict[Role, int] = {}
    for person in profile.staff:
        limit = edition.roles[person.role].max_per_person.value
        spare[person.role] = spare.get(person.role, 0) + max(0, limit - len(person.covers))
    return spare


def earning_costs(edition: Edition) -> dict[str, tuple[Decimal, int]]:
    """Per authorisation: the cash (exams for every role slot, training) and staff hours to earn it,
    before any new people it may need."""
    lc = edition.defaults.learning_credit_usd.value
    out = {}
    for a in edition.authorizations:
        exams = sum((x.fee.value * (a.roles.get(x.role, 0) if x.role else 1) for x in a.exams), ZERO)
        t = a.training
        training = Decimal(t.learning_credits) * lc if t.learning_credits is not None else t.usd or ZERO
        out[a.id] = (exams + training, a.staff_hours.value)
    return out


class Costing:
    """The cost of earning a set of authorisations, with people shared within the role limits.

    Each role slot an authorisation needs is filled first by spare capacity of the partner's
    existing staff in that role, then by new people (a new person fills up to `max_per_person`
    slots and brings the role's career-certification fee and hours once).
    """

    def __init__(self, edition: Edition, spare: dict[Role, int], hourly_cost: Decimal) -> None:
        self.edition, self.spare, self.hourly_cost = edition, spare, hourly_cost
        self.earning = earning_costs(edition)
        self._cache: dict[frozenset[str], Cost] = {}
        self._single: dict[str, Cost] = {}
        self._gaps: dict[tuple[int, Decimal, date], Gap] = {}
        self._covers: dict[tuple[frozenset[str], ...], frozenset[str]] = {}
        self._investments: dict[tuple[frozenset[str], int], Investment] = {}

    @classmethod
    def of(cls, edition: Edition, profile: Profile, hourly_cost: Decimal) -> Costing:
        """A fresh costing for a profile's staff and hourly cost (a `Memo` shares one between the
        assessments that have the same ones)."""
        return cls(edition, spare_slots(edition, profile), hourly_cost)

    def requirement_gap(self, req: Requirement, left: Decimal, deadline: date) -> Gap:
        """The gap an unmet requirement leaves: the cheapest way to meet it and whether it can be in time."""
        key = (id(req), left, deadline)  # requirements live as long as the edition this costing holds
        hit = self._gaps.get(key)
        if hit is not None:
            return hit
        auths = [x for x in req.any_of if x in self.edition.authorization_by_id]
        if not auths:
            gap: Gap = CertificationGap(due=req.due, deadline=deadline, months_left=left, missing_any_of=req.any_of)
        else:
            months = {x: self.edition.authorization_by_id[x].months_to_earn.value for x in auths}
            timely = [x for x in auths if earned_in_time(months[x], left)]
            pool = timely or auths  # closing it in time takes one that can be earned in time
            cheapest = min(pool, key=lambda x: self.single(x).total)
            gap = AuthorizationGap(
                due=req.due, deadline=deadline, months_left=left, attainable=bool(timely), missing_any_of=req.any_of,
                cheapest=cheapest, cost=self.single(cheapest), months_to_earn=min(months[x] for x in pool),
                buys_from=frozenset(pool),
            )
        self._gaps[key] = gap
        return gap

    def new_people(self, ids: Iterable[str]) -> dict[Role, int]:
        slots: dict[Role, int] = {}
        for a in ids:
            for role, n in self.edition.authorization_by_id[a].roles.items():
                slots[role] = slots.get(role, 0) + n
        people = {}
        for role, n in slots.items():
            limit = self.edition.roles[role].max_per_person.value
            extra = max(0, n - self.spare.get(role, 0))
            people[role] = math.ceil(extra / limit) if extra and limit else 0
        return {r: n for r, n in people.items() if n}

    def cost(self, ids: frozenset[str]) -> Cost:
        """What earning `ids` costs, with people shared within the role limits."""
        hit = self._cache.get(ids)
        if hit is not None:
            return hit
        cash, hours = ZERO, 0
        for a in ids:
            c, h = self.earning[a]
            cash, hours = cash + c, hours + h
        for role, n in self.new_people(ids).items():
            policy = self.edition.roles[role]
            cash += n * policy.new_person_fee.value
            hours += n * policy.new_person_hours.value
        result = Cost(cash + hours * self.hourly_cost, cash, hours)
        self._cache[ids] = result
        return result

    def single(self, a: str) -> Cost:
        """`cost` of earning one authorisation on its own."""
        hit = self._single.get(a)
        if hit is None:
            hit = self._single[a] = self.cost(frozenset((a,)))
        return hit

    def cheapest_cover(self, groups: Iterable[frozenset[str]]) -> frozenset[str]:
        """The cheapest set of authorisations holding at least one of each group (exact).

        Branch and bound: take the first group the choice does not yet hit and try each of its
        members, cheapest first; a branch stops once it costs no less than the best full cover.
        The cost never falls when an authorisation is added, so the bound is safe. Remembered per
        list of groups: partners with the same gaps and staff get the same answer without a search.
        """
        key = tuple(groups)
        hit = self._covers.get(key)
        if hit is None:
            hit = self._covers[key] = self._search_cover(key)
        return hit

    def _search_cover(self, groups: tuple[frozenset[str], ...]) -> frozenset[str]:
        pending = sorted(set(groups), key=len)
        pending = [g for i, g in enumerate(pending) if not any(h < g for h in pending[:i])]
        best: list[tuple[Decimal, frozenset[str]] | None] = [None]

        def search(chosen: frozenset[str]) -> None:
            total = self.cost(chosen).total
            if best[0] is not None and total >= best[0][0]:
                return
            open_group = next((g for g in pending if not g & chosen), None)
            if open_group is None:
                best[0] = (total, chosen)
                return
            for a in sorted(open_group, key=lambda a: (self.single(a).total, a)):  # ties: by id, whatever the hash seed
                search(chosen | {a})

        search(frozenset())
        assert best[0] is not None
        return best[0][1]

    def investment(self, ids: frozenset[str], csat_shortfall: int) -> Investment:
        """The cost lines and totals of earning `ids` and handing in the missing CSATs (remembered)."""
        key = (ids, csat_shortfall)
        hit = self._investments.get(key)
        if hit is None:
            hit = self._investments[key] = self._investment(ids, csat_shortfall)
        return hit

    def _investment(self, ids: frozenset[str], csat_shortfall: int) -> Investment:
        lines: list[CostLine] = []
        lc = self.edition.defaults.learning_credit_usd.value
        for a_id in sorted(ids):
            a = self.edition.authorization_by_id[a_id]
            for x in a.exams:
                n = a.roles.get(x.role, 0) if x.role else 1
                if n:
                    lines.append(CostLine("exam", f"{x.name} × {n}" if n > 1 else x.name, a_id, x.fee.value * n, 0))
            t = a.training
            training = Decimal(t.learning_credits) * lc if t.learning_credits is not None else t.usd or ZERO
            lines.append(CostLine("training", "training", a_id, training, 0))
            lines.append(CostLine("staff_hours", "staff hours", a_id, ZERO, a.staff_hours.value))
        people = self.new_people(ids)
        for role, n in sorted(people.items()):
            p = self.edition.roles[role]
            cash, hours = n * p.new_person_fee.value, n * p.new_person_hours.value
            lines.append(CostLine("new_person", f"{n} × {role}", None, cash, hours))
        if csat_shortfall:
            hours = csat_shortfall * self.edition.csat.hours_per_response.value
            lines.append(CostLine("csat", f"{csat_shortfall} × CSAT", None, ZERO, hours))
        cash = sum((x.cash for x in lines), ZERO)
        hours = sum(x.hours for x in lines)
        renewal = sum((self.edition.authorization_by_id[a].renewal_per_year.value for a in ids), ZERO)
        return Investment(
            tuple(sorted(ids)), tuple(sorted(people.items())), tuple(lines), cash, hours,
            cash + hours * self.hourly_cost, renewal,
        )
