"""Every client at once: per partner its rebate, what is at risk, the nearest deadline, the next step
and the flags that ask for a look (a minimum nearly met, a cliff close by, CSATs missing, enrolment
about to close)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from vip.calc.plans import NextStep
from vip.calc.recommend import Recommendation

Flag = Literal["near_minimum", "near_cliff", "csat_missing", "enrollment_closing"]
FLAGS: tuple[Flag, ...] = ("near_minimum", "near_cliff", "csat_missing", "enrollment_closing")
DeadlineKind = Literal["enrollment", "period_end", "ship_by"]

NEAR = Decimal("0.10")  # within 10% below a minimum, or less than 10% above one (a cliff)
CLOSING_DAYS = 14


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    day: date


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    """One partner's line of the portfolio: the figures of its assessment and recommendation."""

    partner: str
    partner_id: str | None
    estimated_rebate: Decimal
    potential_rebate: Decimal
    at_risk: Decimal  # the rebate lost when sales fall short by `shortfall` (and what is to ship does not ship)
    shortfall: Decimal
    deadline: Deadline | None  # the nearest one from the assessment's day on (None: all have gone by)
    next_step: NextStep | None
    flags: tuple[Flag, ...]
    near_minimum: tuple[str, ...]  # the subtracks of each flag that names subtracks
    near_cliff: tuple[str, ...]
    recommendation: Recommendation


def nearest_deadline(rec: Recommendation) -> Deadline | None:
    """The first of enrolment closing, the period's end and the ship-by day not before the assessment's day."""
    a = rec.assessment
    days: list[tuple[date, DeadlineKind]] = [(a.period.enrollment_closes, "enrollment"), (a.period.end, "period_end")]
    if (ship_by := a.edition.ship_by(a.period)) is not None:
        days.append((ship_by, "ship_by"))
    ahead = sorted(d for d in days if d[0] >= a.as_of)
    return Deadline(ahead[0][1], ahead[0][0]) if ahead else None


def summarise(rec: Recommendation) -> PartnerSummary:
    """The portfolio line of one partner's recommendation (its assessment and rebate at risk inside)."""
    a = rec.assessment
    near_minimum = tuple(
        s.id for s in a.subtracks
        if s.enrolled and s.min_volume > 0 and s.min_volume * (1 - NEAR) <= s.projected_sales < s.min_volume
    )
    near_cliff = tuple(c.subtrack for c in rec.risk.cliffs if c.minimum > 0 and c.sales < c.minimum * (1 + NEAR))
    closes = a.period.enrollment_closes
    flagged = {
        "near_minimum": bool(near_minimum),
        "near_cliff": bool(near_cliff),
        "csat_missing": any(g.kind == "csat" for g in a.gaps),
        "enrollment_closing": a.as_of <= closes <= a.as_of + timedelta(days=CLOSING_DAYS),
    }
    return PartnerSummary(
        partner=a.profile.partner, partner_id=a.profile.partner_id, estimated_rebate=a.estimated_rebate,
        potential_rebate=a.potential_rebate, at_risk=rec.risk.lost, shortfall=rec.risk.shortfall,
        deadline=nearest_deadline(rec), next_step=rec.next_step, flags=tuple(f for f in FLAGS if flagged[f]),
        near_minimum=near_minimum, near_cliff=near_cliff, recommendation=rec,
    )
