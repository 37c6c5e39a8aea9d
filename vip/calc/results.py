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
class Cost(NamedTuple):
    """What earning something costs: the cash, the staff hours, and both together at the hourly cost (USD)."""

    total: Decimal
    cash: Decimal
    hours: int


class BonusAmount(NamedTuple):
    """A bonus rule's figures for one set of eligible subtracks."""

    base: Decimal  # the eligible sales it applies to
    cap: Decimal  # the most it may pay: its cap rate on the eligible sales it is capped by
    amount: Decimal  # the bonus: its rate on the base, at most the cap


# --- what stands between a subtrack and its rebate: one record per kind of gap ----------------------


# Named tuples rather than frozen dataclasses: an assessment makes several, and a named tuple is made
# in half the time. Each starts with the fields every gap has: when it is due, by which day, the
# months left from the as-of date to that day, and whether it can be closed before then.


class EnrollmentGap(NamedTuple):
    """Not enrolled in the subtrack (due at enrolment). Enrolling after `deadline`, where the edition
    lets late enrolments count, counts the bookings from `counts_from` on: `share` of the period's."""

    due: Due
    deadline: date
    months_left: Decimal
    attainable: bool = True
    opens: date | None = None  # the enrolment window opens on this day, after the assessment's
    counts_from: date | None = None  # enrolled late: bookings count from this day (None: the whole period)
    share: Decimal = Decimal(1)  # the part of the period's projected sales that counts in period 1
    kind: Literal["enrollment"] = "enrollment"


class VolumeGap(NamedTuple):
    """Projected sales below the subtrack's minimum."""

    due: Due
    deadline: date
    months_left: Decimal
    attainable: bool
    shortfall: Decimal  # USD still to book
    kind: Literal["volume"] = "volume"


class CsatGap(NamedTuple):
    """Fewer CSAT surveys handed in than the certification level asks."""

    due: Due
    deadline: date
    months_left: Decimal
    attainable: bool
    shortfall: int  # surveys still to hand in
    kind: Literal["csat"] = "csat"


class AuthorizationGap(NamedTuple):
    """An entry requirement that an authorisation the partner lacks would meet."""

    due: Due
    deadline: date
    months_left: Decimal
    attainable: bool
    missing_any_of: tuple[str, ...]  # any one of these closes it
    cheapest: str  # the cheapest of them that can be earned in time (of all, if none can)
    cost: Cost  # of `cheapest` on its own
    months_to_earn: int  # of the quickest way to close it (in time, if one can)
    buys_from: frozenset[str]  # what the investment chooses from: those in time, if any can be
    kind: Literal["authorization"] = "authorization"


class CertificationGap(NamedTuple):
    """An entry requirement only a certification level meets (the rules give no cost or lead time for it)."""

    due: Due
    deadline: date
    months_left: Decimal
    missing_any_of: tuple[str, ...]
    attainable: bool = False
    kind: Literal["certification"] = "certification"


class PolicyGap(NamedTuple):
    """Under the `all_enrolled` policy: another enrolled subtrack is below its minimum."""

    due: Due
    deadline: date
    months_left: Decimal
    attainable: bool
    blocking: tuple[str, ...]  # the enrolled subtracks that are short of their minimum
    kind: Literal["policy"] = "policy"


Gap = EnrollmentGap | VolumeGap | CsatGap | AuthorizationGap | CertificationGap | PolicyGap


def first_share(gaps: tuple[Gap, ...] | list[Gap]) -> Decimal:
    """The part of the period's projected sales that counts in period 1 once `gaps` are closed: less
    than all of it for an enrolment after the deadline that counts from the enrolment date."""
    return next((g.share for g in gaps if g.kind == "enrollment"), Decimal(1))


def overdue(months_left: Decimal) -> bool:
    """Whether a deadline `months_left` away has gone by: a day late is below zero and overdue, while
    the deadline day itself is 0 and not."""
    return months_left < 0


def earned_in_time(months_to_earn: int, months_left: Decimal) -> bool:
    """Whether something that takes `months_to_earn` can be done before a deadline `months_left`
    away (never once the deadline has gone by, even what takes no time)."""
    return months_to_earn <= months_left and not overdue(months_left)


class Outcome(NamedTuple):
    """One requirement: met (by which id, implied by the certification level or not) or a gap; of the
    subtrack, or of one of its product families (`family`)."""

    requirement: Requirement
    met_by: str | None
    implied: bool = False
    gap: Gap | None = None
    family: str | None = None


class FamilyGap(NamedTuple):
    """A product family whose own requirements are unmet: its line earns nothing until they are.
    Not a gap of the subtrack's eligibility: the subtrack earns its other families."""

    family: str
    sales: Decimal  # the family's sales (a subtrack's sales given as one figure: its first family's)
    rebate: Decimal  # what its line holds back
    gaps: tuple[AuthorizationGap | CertificationGap, ...]  # each unmet requirement of the family

    @property
    def closable(self) -> bool:
        """Some action can close it: no requirement of it that only a certification level meets."""
        return all(g.kind == "authorization" for g in self.gaps)

    @property
    def attainable(self) -> bool:
        return all(g.attainable for g in self.gaps)


class RebateLine(NamedTuple):
    family: str | None  # None: the subtrack's sales as one figure
    base: Decimal
    rate: Decimal
    amount: Decimal  # 0 while the family's own requirements are unmet
    held: Decimal = ZERO  # the amount those unmet requirements hold back (base × rate)


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
    family_gaps: tuple[FamilyGap, ...] = ()  # product families held back by their own requirements

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
    booked: Decimal = ZERO  # extra sales a plan books, in every period
    booking_cost: Decimal = ZERO  # their margin cost per period


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
    # `(1 + i)^t` for each period: what the NPV divides by (plans valued against this one reuse them)
    factors: tuple[Decimal, ...] = field(default=(), compare=False, repr=False)
    bookings: tuple[Decimal, ...] = ()  # the margin cost of extra sales booked, in each period
    lag_months: int = 0  # each period's rebate is paid this many months after the period ends

    @property
    def spend(self) -> Decimal:
        """What the ROI is a return on: the one-off investment plus the renewals and the margin cost of
        extra sales over the horizon."""
        return -self.cumulative[0] + sum(self.renewals, ZERO) + sum(self.bookings, ZERO)


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


def discount_factors(discount: Decimal, months: int, horizon: int) -> tuple[Decimal, ...]:
    """`(1 + i)^t` for t = 1 … horizon, with the per-period rate i = (1 + yearly rate)^(months / 12) − 1."""
    per_period = Decimal(repr((1 + float(discount)) ** (months / 12)))
    return tuple(per_period**t for t in range(1, horizon + 1))
