"""What an assessment returns: each subtrack's outcome with its gaps, rebate lines, bonuses, the
investment that closes the gaps and the return on it. Plain frozen records that explain themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from vip.model.edition import Due, Edition, Period, Requirement, Role
from vip.model.profile import Profile

ZERO = Decimal(0)
CENT = Decimal("0.01")
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
