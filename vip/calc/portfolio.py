"""Every client at once: per partner its rebate, what is at risk, the nearest deadline, the next step
and the flags that ask for a look (a minimum nearly met, a cliff close by, CSATs missing, enrolment
about to close)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from vip.calc.engine import assess
from vip.calc.memo import Memo
from vip.calc.plans import NextStep
from vip.calc.recommend import first_step
from vip.calc.results import Assessment
from vip.calc.risk import SHORTFALL, Risk, at_risk
from vip.calc.search import Figures, best_plans_in
from vip.model.edition import Edition
from vip.model.profile import Profile

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
    """One partner's line of the portfolio: the figures of its assessment and recommendation, and the
    profile and edition it was assessed with."""

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
    profile: Profile  # as assessed: with the sales of its bookings, when a file gave them
    edition: Edition
    period: str


def nearest_deadline(a: Assessment) -> Deadline | None:
    """The first of enrolment closing, the period's end and the ship-by day not before the assessment's day."""
    days: list[tuple[date, DeadlineKind]] = [(a.period.enrollment_closes, "enrollment"), (a.period.end, "period_end")]
    if (ship_by := a.edition.ship_by(a.period)) is not None:
        days.append((ship_by, "ship_by"))
    ahead = sorted(d for d in days if d[0] >= a.as_of)
    return Deadline(ahead[0][1], ahead[0][0]) if ahead else None


def summary(profile: Profile, edition: Edition, *, shortfall: Decimal = SHORTFALL,
            memo: Memo | None = None) -> PartnerSummary:
    """The portfolio line of one partner: `recommend`'s assessment, next step and rebate at risk, without
    what the line does not show (break-even sales, sensitivity, the plans after the best). The search
    for the best plan alone finds `recommend`'s first: each keeps every plan that may tie with its last."""
    a = assess(profile, edition, memo)
    plans, _ = best_plans_in(Figures(a, memo), 1)
    return summarise(a, first_step(plans, a.as_of), at_risk(a, shortfall))


def summarise(a: Assessment, step: NextStep | None, risk: Risk) -> PartnerSummary:
    """The portfolio line of one partner's assessment, next step and rebate at risk."""
    near_minimum = tuple(
        s.id for s in a.subtracks
        if s.enrolled and s.min_volume > 0 and s.min_volume * (1 - NEAR) <= s.projected_sales < s.min_volume
    )
    near_cliff = tuple(c.subtrack for c in risk.cliffs if c.minimum > 0 and c.sales < c.minimum * (1 + NEAR))
    closes = a.period.enrollment_closes
    flagged = {
        "near_minimum": bool(near_minimum),
        "near_cliff": bool(near_cliff),
        "csat_missing": any(g.kind == "csat" for g in a.gaps),
        "enrollment_closing": a.as_of <= closes <= a.as_of + timedelta(days=CLOSING_DAYS),
    }
    return PartnerSummary(
        partner=a.profile.partner, partner_id=a.profile.partner_id, estimated_rebate=a.estimated_rebate,
        potential_rebate=a.potential_rebate, at_risk=risk.lost, shortfall=risk.shortfall,
        deadline=nearest_deadline(a), next_step=step, flags=tuple(f for f in FLAGS if flagged[f]),
        near_minimum=near_minimum, near_cliff=near_cliff, profile=a.profile, edition=a.edition, period=a.period.id,
    )
