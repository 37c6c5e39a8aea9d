"""Break-even sales: what a subtrack with a gap must sell for closing it to pay back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from vip.calc.memo import Memo
from vip.calc.plans import Action, on_time
from vip.calc.results import CENT, ZERO, Assessment, first_share
from vip.calc.search import Figures


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

    @property
    def rebate_at_minimum(self) -> Decimal:
        """Its rebate per period once its sales just meet the minimum (at its product mix)."""
        return (self.minimum * self.rate).quantize(CENT)



# --- break-even sales ------------------------------------------------------------------------------


def break_even(base: Assessment, memo: Memo | None = None) -> tuple[BreakEven, ...]:
    """Per subtrack with a gap (enrolled or with sales): the sales at which closing its gaps on its
    own pays back within the horizon, next to its minimum.

    Closing costs the cheapest authorisations that meet its requirements plus the missing CSATs,
    `K` one-off and `r` renewals per period. With `ρ` its rebate per USD of sales and `n1` = 1 when
    every gap can be closed in time for period 1 (else 0), the cash after the horizon's `H` periods
    is `−K + (H − 1 + n1)·ρ·x − H·r`: it pays back within the horizon from
    `x = (K + H·r) / ((H − 1 + n1)·ρ)`, and the subtrack pays only from its minimum, so the
    break-even is the larger of the two. Bonuses are left out (they can only lower it). With a
    payment lag of `λ` periods the rebate paid by the horizon's end is that of
    `max(0, H − λ − 1) + n1·s·min(1, max(0, H − λ))` periods in place of `H − 1 + n1`, `s` the part of
    period 1's bookings that counts (less than 1 when enrolled late).
    """
    return break_even_in(Figures(base, memo))


def break_even_in(model: Figures) -> tuple[BreakEven, ...]:
    base = model.base
    e, costing = base.edition, model.costing
    horizon, months = base.roi.horizon_periods, base.period.months
    out = []
    for s in base.subtracks:
        if s.eligible or not (s.enrolled or s.projected_sales > 0):
            continue
        # Its gaps closed on its own include the product families held back by their own requirements.
        families = model.families.get(s.id, ())
        opened = model.amount[s.id] + sum((f.rebate for f in families), ZERO)
        rate = opened / s.projected_sales if s.projected_sales > 0 else s.rate
        if s.id in model.certification:
            out.append(BreakEven(s.id, s.projected_sales, s.min_volume, (), ZERO, ZERO, False, rate, None, None,
                                 model.certification[s.id]))
            continue
        groups = [g for g, _ in model.groups[s.id]] + [g for f in families for g, _ in f.groups]
        cover = costing.cheapest_cover(groups) if groups else frozenset()
        csat = any(g.kind == "csat" for g in s.gaps)
        inv = costing.investment(cover, model.csat_short if csat else 0)
        acts = [Action("authorization", x) for x in sorted(cover)]
        acts += [Action("enrollment", s.id)] if not s.enrolled else []
        acts += [Action("csat")] if csat else []
        if model.blocked_now and s.enrolled and s.id not in model.short:
            acts += [Action("withdrawal", x) for x in sorted(model.enrolled & model.short)]
        held = [g for f in s.family_gaps if f.closable for g in f.gaps]
        in_time = all(on_time(g, cover, e) for g in (*s.gaps, *held))
        need = inv.one_off + horizon * inv.renewal_per_year * months / 12
        # The periods' rebate paid by the horizon's end: from period 2 on, and period 1's (the part of its
        # bookings that counts) when its gaps close in time, less what is paid only after the horizon.
        lag = Decimal(base.roi.lag_months) / months
        periods = max(ZERO, horizon - lag - 1) + (
            first_share(s.gaps) * min(Decimal(1), max(ZERO, horizon - lag)) if in_time else ZERO)
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


def held_back(base: Assessment, memo: Memo | None = None) -> tuple[BreakEven, ...]:
    """The subtracks whose gaps cost something to close but which are below their minimum: the
    investment leaves them out, as closing their gaps alone would earn nothing. Each with its
    break-even sales, which say what they must sell first."""
    short = {s.id for s in base.subtracks if s.projected_sales < s.min_volume}
    return tuple(b for b in break_even(base, memo) if b.subtrack in short and b.investment > 0)


def _cents(x: Decimal | None) -> Decimal | None:
    return None if x is None else x.quantize(CENT)


