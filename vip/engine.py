"""Assessing a partner against an edition: eligibility with its gaps, the rebate, the investment
that closes the gaps and the return on it over a horizon.

Everything here is a pure function of a `Profile` and an `Edition`; results are plain frozen
dataclasses that explain themselves (each gap says what, how much, by when and at what cost).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from vip.model import Due, Edition, Period, Profile, Requirement, Role, Subtrack

ZERO = Decimal(0)
DAYS_PER_MONTH = Decimal("30.4375")
GapKind = Literal["volume", "authorization", "certification", "csat", "enrollment", "policy"]


class Gap(NamedTuple):
    """Something that stands between a subtrack and its rebate, with its deadline."""

    kind: GapKind
    due: Due
    deadline: date
    shortfall: Decimal | None = None  # USD still to book (volume), surveys still to hand in (csat)
    missing_any_of: tuple[str, ...] = ()  # any one of these closes it (authorization, certification)
    cheapest: str | None = None  # the cheapest of missing_any_of that can be earned in time (of all, if none can)
    cost: Decimal | None = None  # of `cheapest`: cash plus staff hours at the hourly cost, USD
    cash: Decimal | None = None
    hours: int | None = None
    months_to_earn: int | None = None  # of the quickest way to close it (in time, if one can)
    months_left: Decimal | None = None  # from the profile's as-of date to the deadline
    attainable: bool = True  # can be closed before its deadline
    blocking: tuple[str, ...] = ()  # policy: the enrolled subtracks that are short of their minimum
    # authorization: what the investment chooses from to close it: those that can be earned in time, if any can
    buys_from: frozenset[str] = frozenset()


class Outcome(NamedTuple):
    """One entry requirement: met (by which id, implied by the certification level or not) or a gap."""

    requirement: Requirement
    met_by: str | None
    implied: bool = False
    gap: Gap | None = None


class RebateLine(NamedTuple):
    family: str | None  # None: the subtrack's sales as one figure
    base: Decimal
    rate: Decimal
    amount: Decimal


class SubtrackResult(NamedTuple):
    id: str
    name: str
    track: str
    enrolled: bool
    eligible: bool
    projected_sales: Decimal
    min_volume: Decimal
    min_volume_source: str | None  # None: illustrative
    rate: Decimal
    outcomes: tuple[Outcome, ...]
    gaps: tuple[Gap, ...]
    lines: tuple[RebateLine, ...]  # the rebate at the projected sales, were it eligible
    estimated_rebate: Decimal
    potential_rebate: Decimal

    @property
    def status(self) -> Literal["eligible", "not_enrolled", "gap_enrollment", "gap_period_end"]:
        if self.eligible:
            return "eligible"
        if not self.enrolled:
            return "not_enrolled"
        return "gap_enrollment" if any(g.due == "enrollment" for g in self.gaps) else "gap_period_end"


class BonusResult(NamedTuple):
    id: str
    name: str
    rate: Decimal
    base: Decimal
    cap: Decimal
    estimated: Decimal
    potential: Decimal


class CostLine(NamedTuple):
    kind: Literal["exam", "training", "staff_hours", "new_person", "csat"]
    label: str
    authorization: str | None
    cash: Decimal
    hours: int


@dataclass(frozen=True, slots=True)
class Investment:
    authorizations: tuple[str, ...]
    new_people: tuple[tuple[Role, int], ...]
    lines: tuple[CostLine, ...]
    cash: Decimal
    hours: int
    one_off: Decimal  # cash + hours at the hourly cost
    renewal_per_year: Decimal


@dataclass(frozen=True, slots=True)
class Roi:
    horizon_periods: int
    period_months: int
    incremental: tuple[Decimal, ...]  # extra rebate in each period of the horizon
    renewals: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]  # cash position after each period; [0] is the investment
    payback_periods: Decimal | None
    roi: Decimal | None
    npv: Decimal


@dataclass(frozen=True, slots=True)
class Assessment:
    profile: Profile
    edition: Edition
    period: Period
    as_of: date
    hourly_cost: Decimal
    discount_rate: Decimal
    implied: tuple[str, ...]  # authorisations the certification level brings
    csat_required: int
    subtracks: tuple[SubtrackResult, ...]
    bonuses: tuple[BonusResult, ...]
    estimated_rebate: Decimal
    potential_rebate: Decimal
    investment: Investment
    roi: Roi
    notes: tuple[str, ...] = field(default=())

    def subtrack(self, subtrack_id: str) -> SubtrackResult:
        return next(s for s in self.subtracks if s.id == subtrack_id)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(g for s in self.subtracks for g in s.gaps)


# --- costs of earning authorisations -----------------------------------------------------------


_COSTINGS: dict[tuple[int, tuple[tuple[Role, int], ...], Decimal], Costing] = {}


class Costing:
    """The cost of earning a set of authorisations, with people shared within the role limits.

    Each role slot an authorisation needs is filled first by spare capacity of the partner's
    existing staff in that role, then by new people (a new person fills up to `max_per_person`
    slots and brings the role's career-certification fee and hours once).
    """

    def __init__(self, edition: Edition, spare: dict[Role, int], hourly_cost: Decimal) -> None:
        self.edition, self.spare, self.hourly_cost = edition, spare, hourly_cost
        self._cache: dict[frozenset[str], tuple[Decimal, Decimal, int]] = {}
        self._single: dict[str, tuple[Decimal, Decimal, int]] = {}
        self._gaps: dict[tuple[int, Decimal, date], Gap] = {}
        self._covers: dict[tuple[frozenset[str], ...], frozenset[str]] = {}
        self._investments: dict[tuple[frozenset[str], int], Investment] = {}

    @classmethod
    def of(cls, edition: Edition, profile: Profile, hourly_cost: Decimal) -> Costing:
        """The costing for a profile's staff and hourly cost, shared by every assessment that has
        the same ones (costs are a pure function of them, so what one computes serves the next)."""
        spare: dict[Role, int] = {}
        for person in profile.staff:
            limit = edition.roles[person.role].max_per_person.value
            spare[person.role] = spare.get(person.role, 0) + max(0, limit - len(person.covers))
        key = (id(edition), tuple(sorted(spare.items())), hourly_cost)
        hit = _COSTINGS.get(key)
        if hit is None or hit.edition is not edition:
            if len(_COSTINGS) > 512:
                _COSTINGS.clear()
            hit = _COSTINGS[key] = cls(edition, spare, hourly_cost)
        return hit

    def requirement_gap(self, req: Requirement, left: Decimal, deadline: date) -> Gap:
        """The gap an unmet requirement leaves: the cheapest way to meet it and whether it can be in time."""
        key = (id(req), left, deadline)  # requirements live as long as the edition this costing holds
        hit = self._gaps.get(key)
        if hit is not None:
            return hit
        auths = [x for x in req.any_of if x in self.edition.authorization_by_id]
        if not auths:
            gap = Gap("certification", req.due, deadline, missing_any_of=req.any_of, months_left=left,
                      attainable=False)
        else:
            months = {x: self.edition.authorization_by_id[x].months_to_earn.value for x in auths}
            timely = [x for x in auths if months[x] <= left]
            pool = timely or auths  # closing it in time takes one that can be earned in time
            cheapest = min(pool, key=lambda x: self.single(x)[0])
            total, cash, hours = self.single(cheapest)
            gap = Gap(
                "authorization", req.due, deadline, missing_any_of=req.any_of, cheapest=cheapest, cost=total,
                cash=cash, hours=hours, months_to_earn=min(months[x] for x in pool), months_left=left,
                attainable=bool(timely), buys_from=frozenset(pool),
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

    def cost(self, ids: frozenset[str]) -> tuple[Decimal, Decimal, int]:
        """(total USD, cash USD, staff hours) of earning `ids`."""
        hit = self._cache.get(ids)
        if hit is not None:
            return hit
        cash, hours = ZERO, 0
        for a in ids:
            c, h = self.edition.earning_cost[a]
            cash, hours = cash + c, hours + h
        for role, n in self.new_people(ids).items():
            policy = self.edition.roles[role]
            cash += n * policy.new_person_fee.value
            hours += n * policy.new_person_hours.value
        result = (cash + hours * self.hourly_cost, cash, hours)
        self._cache[ids] = result
        return result

    def single(self, a: str) -> tuple[Decimal, Decimal, int]:
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
            total = self.cost(chosen)[0]
            if best[0] is not None and total >= best[0][0]:
                return
            open_group = next((g for g in pending if not g & chosen), None)
            if open_group is None:
                best[0] = (total, chosen)
                return
            for a in sorted(open_group, key=lambda a: self.single(a)[0]):
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


# --- the assessment ----------------------------------------------------------------------------


def months_between(start: date, end: date) -> Decimal:
    return (Decimal((end - start).days) / DAYS_PER_MONTH).quantize(Decimal("0.1"))


def held_authorizations(profile: Profile, edition: Edition) -> tuple[frozenset[str], tuple[str, ...]]:
    """What the partner holds, and what of it comes only from its certification level."""
    own = frozenset(profile.specializations) | frozenset(profile.atp)
    cert = edition.certification_by_id[profile.certification]
    implied = tuple(a for a in (cert.implies.ids if cert.implies else ()) if a not in own)
    return own | frozenset(implied), implied


def rebate_lines(subtrack: Subtrack, profile: Profile) -> tuple[RebateLine, ...]:
    sales = profile.projected_sales.get(subtrack.id, ZERO)
    if not isinstance(sales, dict):
        rate = subtrack.rate.value
        return (RebateLine(None, sales, rate, sales * rate),)
    rates = {f.id: (f.rate or subtrack.rate).value for f in subtrack.families}
    return tuple(RebateLine(fid, amount, rates[fid], amount * rates[fid]) for fid, amount in sales.items())


def bonus_amounts(
    edition: Edition, sales: dict[str, Decimal], paid: frozenset[str]
) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(base, cap, amount) per bonus rule when the subtracks in `paid` are eligible."""
    out = []
    for b in edition.bonuses:
        base = sum((sales[s] for s in b.applies_to if s in paid), ZERO)
        cap = b.cap_rate.value * sum((sales[s] for s in b.capped_by if s in paid), ZERO)
        out.append((base, cap, min(base * b.rate.value, cap)))
    return out


class _Row(NamedTuple):
    """A subtrack's figures while the assessment is being put together."""

    subtrack: Subtrack
    outcomes: list[Outcome]
    gaps: list[Gap]
    sales: Decimal
    minimum: Decimal
    source: str | None
    short: bool
    lines: tuple[RebateLine, ...]


def paid_total(
    edition: Edition, amount: dict[str, Decimal], sales: dict[str, Decimal], paid: frozenset[str],
    bonuses: list[tuple[Decimal, Decimal, Decimal]] | None = None,
) -> Decimal:
    """The rebate of the `paid` subtracks (`amount` each) plus the bonuses on them (given, or
    worked out from `sales`)."""
    if bonuses is None:
        bonuses = bonus_amounts(edition, sales, paid)
    return sum((amount[s] for s in paid), ZERO) + sum((b[2] for b in bonuses), ZERO)


def assess(profile: Profile, edition: Edition) -> Assessment:
    """Eligibility, rebate, investment and ROI of one partner profile under one edition."""
    period = edition.period_by_id[profile.period]
    as_of = profile.as_of or period.start
    a = profile.assumptions
    d = edition.defaults
    hourly = a.hourly_cost if a.hourly_cost is not None else d.hourly_cost.value
    horizon = a.horizon_periods if a.horizon_periods is not None else d.horizon_periods.value
    discount = a.discount_rate if a.discount_rate is not None else d.discount_rate.value
    costing = Costing.of(edition, profile, hourly)

    held, implied = held_authorizations(profile, edition)
    cert = edition.certification_by_id[profile.certification]
    # What meets a requirement: an authorisation held, or a level at most the partner's own.
    have = held | {c for c, rank in edition.rank_of.items() if rank <= cert.rank}
    only_implied = frozenset(implied)
    enrolled = frozenset(profile.enrolled)
    left = {
        "enrollment": months_between(as_of, period.enrollment_closes),
        "period_end": months_between(as_of, period.end),
    }
    deadline = {"enrollment": period.enrollment_closes, "period_end": period.end}

    csat_short = max(0, cert.csat_required.value - profile.csat_responses)
    csat_gap = (
        Gap("csat", edition.csat.due, deadline[edition.csat.due], shortfall=Decimal(csat_short),
            months_left=left[edition.csat.due], attainable=left[edition.csat.due] >= 0)
        if csat_short else None
    )

    enroll_gap = Gap("enrollment", "enrollment", period.enrollment_closes, months_left=left["enrollment"],
                     attainable=left["enrollment"] >= 0)
    end_left = left["period_end"]
    minimums = edition.minimums(profile.period, profile.country)
    rows: list[_Row] = []
    for s in edition.subtrack_by_id.values():
        outcomes: list[Outcome] = []
        gaps: list[Gap] = [] if s.id in enrolled else [enroll_gap]
        for req in s.requires:
            for x in req.any_of:
                if x in have:
                    outcomes.append(Outcome(req, x, x in only_implied))
                    break
            else:
                gap = costing.requirement_gap(req, left[req.due], deadline[req.due])
                outcomes.append(Outcome(req, None, False, gap))
                gaps.append(gap)
        lines = rebate_lines(s, profile)
        sales = lines[0].base if len(lines) == 1 else sum((x.base for x in lines), ZERO)
        minimum, source = minimums[s.id]
        short = sales < minimum
        if short:
            gaps.append(Gap("volume", "period_end", period.end, shortfall=minimum - sales, months_left=end_left,
                            attainable=end_left >= 0))
        if csat_gap is not None:
            gaps.append(csat_gap)
        rows.append(_Row(s, outcomes, gaps, sales, minimum, source, short, lines))

    if edition.policy.minimums == "all_enrolled":
        blocking = tuple(r.subtrack.id for r in rows if r.subtrack.id in enrolled and r.short)
        for r in rows if blocking else ():
            if r.subtrack.id in enrolled and not r.short:
                r.gaps.append(Gap("policy", "period_end", period.end, blocking=blocking, months_left=end_left,
                                  attainable=end_left >= 0))

    sales_by = {r.subtrack.id: r.sales for r in rows}
    amount = {r.subtrack.id: r.lines[0].amount if len(r.lines) == 1 else sum((x.amount for x in r.lines), ZERO)
              for r in rows}
    eligible = frozenset(r.subtrack.id for r in rows if not r.gaps)
    # Potential: every gap closed but the volume, which the projected sales must meet themselves.
    to_close = [r for r in rows if r.gaps and r.sales > 0 and not r.short]
    potential = eligible | {r.subtrack.id for r in to_close}
    soon = eligible | {r.subtrack.id for r in to_close if all(g.attainable for g in r.gaps)}

    # For a gap that can be closed in time, the investment buys a way that is in time: period 1 counts on it.
    groups = [g.buys_from for r in to_close for g in r.gaps if g.kind == "authorization"]
    chosen = costing.cheapest_cover(groups) if groups else frozenset()
    investment = costing.investment(chosen, csat_short if to_close else 0)

    results = tuple(
        SubtrackResult(
            r.subtrack.id, r.subtrack.name, edition.track_of[r.subtrack.id].id, r.subtrack.id in enrolled,
            r.subtrack.id in eligible, r.sales, r.minimum, r.source, r.subtrack.rate.value, tuple(r.outcomes),
            tuple(r.gaps), r.lines, amount[r.subtrack.id] if r.subtrack.id in eligible else ZERO,
            amount[r.subtrack.id] if r.subtrack.id in potential else ZERO,
        )
        for r in rows
    )
    now, later = bonus_amounts(edition, sales_by, eligible), bonus_amounts(edition, sales_by, potential)
    bonuses = tuple(
        BonusResult(b.id, b.name, b.rate.value, p[0], p[1], n[2], p[2])
        for b, n, p in zip(edition.bonuses, now, later, strict=True)
    )
    estimated = paid_total(edition, amount, sales_by, eligible, now)
    best = paid_total(edition, amount, sales_by, potential, later)
    soon_total = paid_total(edition, amount, sales_by, soon)
    roi = return_over_horizon(soon_total - estimated, best - estimated, investment, horizon, period.months, discount)
    return Assessment(
        profile=profile, edition=edition, period=period, as_of=as_of, hourly_cost=hourly,
        discount_rate=discount, implied=implied, csat_required=cert.csat_required.value,
        subtracks=results, bonuses=bonuses, estimated_rebate=estimated, potential_rebate=best,
        investment=investment, roi=roi,
    )


@functools.lru_cache(maxsize=256)
def _discount_factors(discount: Decimal, months: int, horizon: int) -> tuple[Decimal, ...]:
    """`(1 + i)^t` for t = 1 … horizon, with the per-period rate i = (1 + yearly rate)^(months / 12) − 1."""
    per_period = Decimal(repr((1 + float(discount)) ** (months / 12)))
    return tuple(per_period**t for t in range(1, horizon + 1))


def nothing_to_invest(inv: Investment, roi: Roi) -> bool:
    """No cost and no extra rebate: there is nothing to pay back (payback and ROI mean nothing)."""
    return inv.one_off == 0 and not any(roi.incremental)


def return_over_horizon(
    first: Decimal, steady: Decimal, inv: Investment, horizon: int, months: int, discount: Decimal
) -> Roi:
    """Incremental rebate per period against the one-off investment plus renewals.

    Period 1 counts only the gains that can be had this period (`first`); later periods count them
    all (`steady`). Renewals are spread evenly: the yearly cost × months / 12 in every period.
    """
    renewal = inv.renewal_per_year * months / 12
    incremental = tuple(first if t == 0 else steady for t in range(horizon))
    cumulative = [-inv.one_off]
    for gain in incremental:
        cumulative.append(cumulative[-1] + gain - renewal)
    payback: Decimal | None = None
    if steady > 0 or first > 0:
        if inv.one_off == 0 and first - renewal >= 0:
            payback = ZERO
        else:
            for t in range(1, horizon + 1):
                if cumulative[t] >= 0:
                    net = incremental[t - 1] - renewal
                    payback = t - 1 + (-cumulative[t - 1]) / net
                    break
            else:
                net = steady - renewal
                if net > 0:
                    payback = horizon + (-cumulative[horizon]) / net
    cost = inv.one_off + renewal * horizon
    gain = sum(incremental, ZERO)
    npv = -inv.one_off + sum(
        ((g - renewal) / f for g, f in zip(incremental, _discount_factors(discount, months, horizon), strict=True)),
        ZERO,
    )
    return Roi(
        horizon_periods=horizon, period_months=months, incremental=incremental,
        renewals=tuple(renewal for _ in incremental), cumulative=tuple(cumulative),
        payback_periods=payback.quantize(Decimal("0.01")) if payback is not None else None,
        roi=((gain - cost) / cost).quantize(Decimal("0.0001")) if cost > 0 else None,
        npv=npv.quantize(Decimal("0.01")),
    )
