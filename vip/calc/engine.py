"""Assessing a partner against an edition: eligibility with its gaps, the rebate, the investment
that closes the gaps and the return on it over a horizon.

Everything here is a pure function of a `Profile` and an `Edition`; results are plain frozen
dataclasses that explain themselves (each gap says what, how much, by when and at what cost).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    FamilyGap,
    Gap,
    Investment,
    Outcome,
    PolicyGap,
    RebateLine,
    Roi,
    SubtrackResult,
    VolumeGap,
    discount_factors,
    first_share,
)
from vip.model.edition import Edition, Period, Requirement, Subtrack
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
    mix = profile.mix if subtrack.skus else {}  # the rates of a SKU mix are those of an edition's SKU list
    if not isinstance(sales, dict):
        first = subtrack.families[0].id
        if first in mix:  # a plain figure is the first family's, as the app books it
            return _mixed(None, sales, mix[first], subtrack.rate.value)
        rate = subtrack.rate.value
        return (RebateLine(None, sales, rate, sales * rate),)
    rates = {f.id: (f.rate or subtrack.rate).value for f in subtrack.families}
    return tuple(x for fid, amount in sales.items() for x in (
        _mixed(fid, amount, mix[fid], rates[fid]) if fid in mix
        else (RebateLine(fid, amount, rates[fid], amount * rates[fid]),)))


def _mixed(family: str | None, sales: Decimal, mix: Mapping[Decimal, Decimal], rate: Decimal) -> tuple[RebateLine, ...]:
    """A family's sales at the rates of its SKU mix, in the shares booked (as booked, each share is
    exactly what was booked at that rate); a mix of nothing leaves the family's own rate."""
    total = sum(mix.values(), ZERO)
    if total <= 0:
        return (RebateLine(family, sales, rate, sales * rate),)
    parts = [(r, v if sales == total else v * sales / total) for r, v in sorted(mix.items(), reverse=True) if v]
    return tuple(RebateLine(family, base, r, base * r) for r, base in parts)


def gate_families(
    subtrack: Subtrack, lines: tuple[RebateLine, ...], met: Callable[[Requirement], Outcome],
) -> tuple[tuple[RebateLine, ...], list[Outcome], tuple[FamilyGap, ...]]:
    """The lines with those of families whose own requirements are unmet held back, each family
    requirement's outcome (`met`: the outcome of one requirement) and the families held back with
    sales. A subtrack's sales given as one figure are its first family's, as the app books them."""
    outcomes: list[Outcome] = []
    held: dict[str, list[AuthorizationGap | CertificationGap]] = {}
    for f in subtrack.families:
        for req in f.requires:
            o = met(req)._replace(family=f.id)
            outcomes.append(o)
            if isinstance(o.gap, AuthorizationGap | CertificationGap):
                held.setdefault(f.id, []).append(o.gap)
    if not held:
        return lines, outcomes, ()
    first = subtrack.families[0].id
    out: list[RebateLine] = []
    gaps: dict[str, FamilyGap] = {}  # a family's lines at the rates of its SKU mix are held back as one gap
    for x in lines:
        fid = x.family or first
        if fid in held and x.amount:
            g = gaps.get(fid)
            gaps[fid] = FamilyGap(fid, x.base + (g.sales if g else ZERO), x.amount + (g.rebate if g else ZERO),
                                  tuple(held[fid]))
            x = x._replace(amount=ZERO, held=x.amount)
        out.append(x)
    return tuple(out), outcomes, tuple(gaps.values())


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
    family_gaps: tuple[FamilyGap, ...]


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

    opens = period.enrollment_opens
    enroll_gap = EnrollmentGap(due="enrollment", deadline=period.enrollment_closes, months_left=left["enrollment"],
                               attainable=in_time["enrollment"], opens=opens if opens and as_of < opens else None)
    late_share = late_enrollment_share(edition, period, as_of)
    end_left, end_in_time = left["period_end"], in_time["period_end"]
    minimums = memo.minimums(edition, profile.period, profile.country) if memo else worked_out_minimums(
        edition, profile.period, profile.country)
    gated = edition.gated_subtracks

    def met(req: Requirement) -> Outcome:
        """One requirement's outcome: the first authorisation held that meets it, or its gap."""
        for x in req.any_of:
            if x in have:
                return Outcome(req, x, x in only_implied)
        return Outcome(req, None, False, costing.requirement_gap(req, left[req.due], deadline[req.due]))

    rows: list[_Row] = []
    for s in edition.subtrack_by_id.values():
        gaps: list[Gap] = [] if s.id in enrolled else [enroll_gap]
        outcomes: list[Outcome] = []
        for req in s.requires:
            outcome = met(req)
            outcomes.append(outcome)
            if outcome.gap is not None:
                gaps.append(outcome.gap)
        lines = rebate_lines(s, profile)
        family_gaps: tuple[FamilyGap, ...] = ()
        if s.id in gated:
            lines, family_outcomes, family_gaps = gate_families(s, lines, met)
            outcomes += family_outcomes
        sales = lines[0].base if len(lines) == 1 else sum((x.base for x in lines), ZERO)
        minimum, source = minimums[s.id]
        if late_share is not None and s.id not in enrolled:
            # Enrolling now counts the bookings from today: period 1 counts when those still meet the minimum.
            gaps[0] = enroll_gap._replace(counts_from=as_of, share=late_share, attainable=sales * late_share >= minimum)
        short = sales < minimum
        if short:
            gaps.append(VolumeGap(due="period_end", deadline=period.end, shortfall=minimum - sales,
                                  months_left=end_left, attainable=end_in_time))
        if csat_gap is not None:
            gaps.append(csat_gap)
        rows.append(_Row(s, outcomes, gaps, sales, minimum, source, short, lines, family_gaps))

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
    # A family held back by its own requirements counts as closed in the potential (in period 1 when
    # it can be closed in time), its authorisations bought with the rest; the subtrack's eligibility
    # does not wait for it.
    best_amount, soon_amount = amount, amount
    held_back = [(r.subtrack.id, f) for r in rows if r.family_gaps and r.subtrack.id in potential
                 for f in r.family_gaps if f.closable]
    if held_back:
        best_amount, soon_amount = dict(amount), dict(amount)
        for sid, f in held_back:
            best_amount[sid] += f.rebate
            soon_amount[sid] += f.rebate if f.attainable else ZERO
            groups += [g.buys_from for g in f.gaps if isinstance(g, AuthorizationGap)]
    # Enrolled late, a subtrack's period-1 rebate and bonus base are those of the bookings that count.
    soon_sales = sales_by
    late: dict[str, Decimal] = {}
    if late_share is not None:
        late = {sid: part for r in to_close if (sid := r.subtrack.id) in soon and (part := first_share(r.gaps)) < 1}
    if late:
        soon_amount = {**soon_amount, **{sid: soon_amount[sid] * x for sid, x in late.items()}}
        soon_sales = {**sales_by, **{sid: sales_by[sid] * x for sid, x in late.items()}}
    chosen = costing.cheapest_cover(groups) if groups else frozenset()
    investment = costing.investment(chosen, csat_short if to_close else 0)

    results = tuple(
        SubtrackResult(
            r.subtrack.id, r.subtrack.name, edition.track_of[r.subtrack.id].id, r.subtrack.id in enrolled,
            r.subtrack.id in eligible, r.sales, r.minimum, r.source, r.subtrack.rate.value, tuple(r.outcomes),
            tuple(r.gaps), r.lines, amount[r.subtrack.id] if r.subtrack.id in eligible else ZERO,
            best_amount[r.subtrack.id] if r.subtrack.id in potential else ZERO, r.family_gaps,
        )
        for r in rows
    )
    now, later = bonus_amounts(edition, sales_by, eligible), bonus_amounts(edition, sales_by, potential)
    bonuses = tuple(
        BonusResult(b.id, b.name, b.rate.value, p.base, p.cap, n.amount, p.amount)
        for b, n, p in zip(edition.bonuses, now, later, strict=True)
    )
    estimated = paid_total(edition, amount, sales_by, eligible, now)
    best = paid_total(edition, best_amount, sales_by, potential, later)
    soon_total = paid_total(edition, soon_amount, soon_sales, soon)
    factors = memo.factors(discount, period.months, horizon) if memo else ()
    roi = return_over_horizon(soon_total - estimated, best - estimated, investment, horizon, period.months, discount,
                              factors, payment_lag(edition))
    return Assessment(
        profile=profile, edition=edition, period=period, as_of=as_of, hourly_cost=hourly,
        discount_rate=discount, implied=implied, csat_required=cert.csat_required.value,
        subtracks=results, bonuses=bonuses, estimated_rebate=estimated, potential_rebate=best,
        investment=investment, roi=roi,
    )


def nothing_to_invest(inv: Investment, roi: Roi) -> bool:
    """No cost and no extra rebate: there is nothing to pay back (payback and ROI mean nothing)."""
    return inv.one_off == 0 and not any(roi.incremental)


def payment_lag(edition: Edition) -> int:
    """The months after a period's end that its rebate is paid (0 when the rules do not say)."""
    return edition.payment.lag_months if edition.payment is not None else 0


def late_enrollment_share(edition: Edition, period: Period, as_of: date) -> Decimal | None:
    """Enrolling on `as_of`, after enrolment has closed, where the edition counts the bookings from the
    enrolment date: the part of the period left, by the day (the projected sales taken to come in
    evenly over the period). None when enrolling then is in time, forfeits the period, or is too late."""
    late = edition.late_enrollment
    if late is None or late.bookings != "from_enrollment_date" or not period.enrollment_closes < as_of <= period.end:
        return None
    return Decimal((period.end - as_of).days + 1) / Decimal((period.end - period.start).days + 1)


def _paid_by(first: Decimal, steady: Decimal, x: Decimal) -> Decimal:
    """The extra rebate in by `x` periods after the first period's rebate starts coming in: the first
    period's, then the steady one's, each coming in evenly over a period."""
    if x <= 0:
        return ZERO
    return first * x if x <= 1 else first + steady * (x - 1)


def return_over_horizon(
    first: Decimal, steady: Decimal, inv: Investment, horizon: int, months: int, discount: Decimal,
    factors: tuple[Decimal, ...] = (), lag_months: int = 0,
) -> Roi:
    """Incremental rebate per period against the one-off investment plus renewals.

    Period 1 counts only the gains that can be had this period (`first`); later periods count them
    all (`steady`). Renewals are spread evenly: the yearly cost × months / 12 in every period; the
    margin cost of the extra sales a plan books (`inv.booking_cost`) is paid in every period like them.
    Each period's rebate is paid `lag_months` after the period ends (`lag` = lag_months / months
    periods later): the cash position and the payback count it from then, and the NPV discounts it
    at (1 + i)^(t + lag); renewals and booking costs are paid in their own period.
    `factors`: the discount factors for this horizon, period and rate, when the caller has them.
    """
    factors = factors or discount_factors(discount, months, horizon)
    renewal = inv.renewal_per_year * months / 12
    booking = inv.booking_cost
    spent = renewal + booking
    incremental = tuple(first if t == 0 else steady for t in range(horizon))
    if lag_months:
        lag = Decimal(lag_months) / months
        cumulative = [-inv.one_off + _paid_by(first, steady, t - lag) - spent * t for t in range(horizon + 1)]
    else:  # the same, summed period by period
        lag, cumulative = ZERO, [-inv.one_off]
        for gain in incremental:
            cumulative.append(cumulative[-1] + gain - spent)
    payback: Decimal | None = None
    if steady > 0 or first > 0:
        at_lag = -inv.one_off - spent * lag  # the cash when the first rebate starts coming in
        if inv.one_off == 0 and at_lag >= 0 and at_lag + first - spent >= 0:
            payback = ZERO
        else:
            # The cash runs straight between its turns: −spent a period until the first rebate comes in,
            # first − spent for a period, then steady − spent (past the horizon too: the payback may fall there).
            start, cash = ZERO, -inv.one_off
            for length, slope in ((lag, -spent), (Decimal(1), first - spent), (None, steady - spent)):
                if cash < 0 < slope and (length is None or cash + slope * length >= 0):
                    payback = start + -cash / slope
                    break
                if length is None:
                    break
                start, cash = start + length, cash + slope * length
    cost = inv.one_off + spent * horizon
    gain = sum(incremental, ZERO)
    # Paid `lag` periods late: (1 + i)^lag = (1 + yearly rate)^(lag_months / 12).
    paid = incremental
    if lag_months:
        late = Decimal(repr((1 + float(discount)) ** (lag_months / 12)))
        paid = tuple(g / late for g in incremental)
    npv = -inv.one_off + sum(
        ((g - spent) / f for g, f in zip(paid, factors, strict=True)),
        ZERO,
    )
    return Roi(
        horizon_periods=horizon, period_months=months, incremental=incremental,
        renewals=tuple(renewal for _ in incremental), cumulative=tuple(cumulative),
        payback_periods=payback.quantize(Decimal("0.01")) if payback is not None else None,
        roi=((gain - cost) / cost).quantize(Decimal("0.0001")) if cost > 0 else None,
        npv=npv.quantize(Decimal("0.01")),
        factors=factors, bookings=tuple(booking for _ in incremental) if booking else (), lag_months=lag_months,
    )
