"""Assessing a partner against an edition: eligibility with its gaps, the rebate, the investment
that closes the gaps and the return on it over a horizon.

Everything here is a pure function of a `Profile` and an `Edition`; results are plain frozen
dataclasses that explain themselves (each gap says what, how much, by when and at what cost).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from vip.calc.memo import Memo
from vip.calc.memo import costing as memo_costing
from vip.calc.memo import minimums as worked_out_minimums
from vip.calc.results import (
    DAYS_PER_MONTH,
    ZERO,
    Assessment,
    AuthorizationGap,
    BonusAmount,
    BonusResult,
    CertificationGap,
    CsatGap,
    EnrollmentGap,
    Gap,
    Investment,
    Outcome,
    PolicyGap,
    RebateLine,
    Roi,
    SubtrackResult,
    VolumeGap,
    discount_factors,
)
from vip.model.edition import Edition, Subtrack
from vip.model.profile import Profile

# --- the assessment ----------------------------------------------------------------------------


def months_between(start: date, end: date) -> Decimal:
    """Months from `start` to `end`: the days over the mean month, unrounded, as every comparison
    needs them (90 days are 2.957 months, short of 3); only what shows them rounds. Negative once
    `end` has gone by: `overdue` tells a deadline that has gone by from one that is due today."""
    return Decimal((end - start).days) / DAYS_PER_MONTH


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


def bonus_amounts(edition: Edition, sales: dict[str, Decimal], paid: frozenset[str]) -> list[BonusAmount]:
    """Each bonus rule's figures when the subtracks in `paid` are eligible."""
    out = []
    for b in edition.bonuses:
        base = sum((sales[s] for s in b.applies_to if s in paid), ZERO)
        cap = b.cap_rate.value * sum((sales[s] for s in b.capped_by if s in paid), ZERO)
        out.append(BonusAmount(base, cap, min(base * b.rate.value, cap)))
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
    bonuses: list[BonusAmount] | None = None,
) -> Decimal:
    """The rebate of the `paid` subtracks (`amount` each) plus the bonuses on them (given, or
    worked out from `sales`)."""
    if bonuses is None:
        bonuses = bonus_amounts(edition, sales, paid)
    return sum((amount[s] for s in paid), ZERO) + sum((b.amount for b in bonuses), ZERO)


def assess(profile: Profile, edition: Edition, memo: Memo | None = None) -> Assessment:
    """Eligibility, rebate, investment and ROI of one partner profile under one edition (`memo`:
    what earlier assessments under the edition worked out that this one can reuse)."""
    period = edition.period_by_id[profile.period]
    as_of = profile.as_of or period.start
    a = profile.assumptions
    d = edition.defaults
    hourly = a.hourly_cost if a.hourly_cost is not None else d.hourly_cost.value
    horizon = a.horizon_periods if a.horizon_periods is not None else d.horizon_periods.value
    discount = a.discount_rate if a.discount_rate is not None else d.discount_rate.value
    costing = memo_costing(memo, edition, profile, hourly)

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
    # By the day, not the rounded months: the day after enrolment closes is −0.0 months away, and late.
    in_time = {due: as_of <= day for due, day in deadline.items()}

    csat_short = max(0, cert.csat_required.value - profile.csat_responses)
    csat_gap = (
        CsatGap(due=edition.csat.due, deadline=deadline[edition.csat.due], shortfall=csat_short,
                months_left=left[edition.csat.due], attainable=in_time[edition.csat.due])
        if csat_short else None
    )

    enroll_gap = EnrollmentGap(due="enrollment", deadline=period.enrollment_closes, months_left=left["enrollment"],
                               attainable=in_time["enrollment"])
    end_left, end_in_time = left["period_end"], in_time["period_end"]
    minimums = memo.minimums(edition, profile.period, profile.country) if memo else worked_out_minimums(
        edition, profile.period, profile.country)
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
            gaps.append(VolumeGap(due="period_end", deadline=period.end, shortfall=minimum - sales,
                                  months_left=end_left, attainable=end_in_time))
        if csat_gap is not None:
            gaps.append(csat_gap)
        rows.append(_Row(s, outcomes, gaps, sales, minimum, source, short, lines))

    if edition.policy.minimums == "all_enrolled":
        blocking = tuple(r.subtrack.id for r in rows if r.subtrack.id in enrolled and r.short)
        for r in rows if blocking else ():
            if r.subtrack.id in enrolled and not r.short:
                r.gaps.append(PolicyGap(due="period_end", deadline=period.end, blocking=blocking,
                                        months_left=end_left, attainable=end_in_time))

    sales_by = {r.subtrack.id: r.sales for r in rows}
    amount = {r.subtrack.id: r.lines[0].amount if len(r.lines) == 1 else sum((x.amount for x in r.lines), ZERO)
              for r in rows}
    eligible = frozenset(r.subtrack.id for r in rows if not r.gaps)
    # Potential: every gap closed but the volume, which the projected sales must meet themselves, and a
    # certification level, which no action reaches (the rules give it no cost or lead time).
    to_close = [r for r in rows if r.gaps and r.sales > 0 and not r.short
                and not any(isinstance(g, CertificationGap) for g in r.gaps)]
    potential = eligible | {r.subtrack.id for r in to_close}
    soon = eligible | {r.subtrack.id for r in to_close if all(g.attainable for g in r.gaps)}

    # For a gap that can be closed in time, the investment buys a way that is in time: period 1 counts on it.
    groups = [g.buys_from for r in to_close for g in r.gaps if isinstance(g, AuthorizationGap)]
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
        BonusResult(b.id, b.name, b.rate.value, p.base, p.cap, n.amount, p.amount)
        for b, n, p in zip(edition.bonuses, now, later, strict=True)
    )
    estimated = paid_total(edition, amount, sales_by, eligible, now)
    best = paid_total(edition, amount, sales_by, potential, later)
    soon_total = paid_total(edition, amount, sales_by, soon)
    factors = memo.factors(discount, period.months, horizon) if memo else ()
    roi = return_over_horizon(soon_total - estimated, best - estimated, investment, horizon, period.months, discount,
                              factors)
    return Assessment(
        profile=profile, edition=edition, period=period, as_of=as_of, hourly_cost=hourly,
        discount_rate=discount, implied=implied, csat_required=cert.csat_required.value,
        subtracks=results, bonuses=bonuses, estimated_rebate=estimated, potential_rebate=best,
        investment=investment, roi=roi,
    )


def nothing_to_invest(inv: Investment, roi: Roi) -> bool:
    """No cost and no extra rebate: there is nothing to pay back (payback and ROI mean nothing)."""
    return inv.one_off == 0 and not any(roi.incremental)


def return_over_horizon(
    first: Decimal, steady: Decimal, inv: Investment, horizon: int, months: int, discount: Decimal,
    factors: tuple[Decimal, ...] = (),
) -> Roi:
    """Incremental rebate per period against the one-off investment plus renewals.

    Period 1 counts only the gains that can be had this period (`first`); later periods count them
    all (`steady`). Renewals are spread evenly: the yearly cost × months / 12 in every period.
    `factors`: the discount factors for this horizon, period and rate, when the caller has them.
    """
    factors = factors or discount_factors(discount, months, horizon)
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
        ((g - renewal) / f for g, f in zip(incremental, factors, strict=True)),
        ZERO,
    )
    return Roi(
        horizon_periods=horizon, period_months=months, incremental=incremental,
        renewals=tuple(renewal for _ in incremental), cumulative=tuple(cumulative),
        payback_periods=payback.quantize(Decimal("0.01")) if payback is not None else None,
        roi=((gain - cost) / cost).quantize(Decimal("0.0001")) if cost > 0 else None,
        npv=npv.quantize(Decimal("0.01")),
        factors=factors,
    )
