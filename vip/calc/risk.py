"""The rebate at risk when sales fall short or orders do not ship in time, per subtrack's cliff, and
its sensitivity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Context, Decimal

from vip.calc.engine import paid_total
from vip.calc.results import CENT, ZERO, Assessment

_EDGE = Context(prec=12, rounding=ROUND_CEILING)
SHORTFALL = Decimal("0.10")
SWING = Decimal("0.20")

@dataclass(frozen=True, slots=True)
class Cliff:
    """A subtrack whose rebate drops off when its sales fall below its minimum."""

    subtrack: str
    sales: Decimal
    minimum: Decimal
    rebate: Decimal  # its rebate now
    at: Decimal | None  # the shortfall (fraction of its sales) beyond which it is below its minimum
    lost: Decimal  # the drop in the total rebate when it alone crosses its minimum
    lost_together: Decimal  # the drop at its cliff when every subtrack falls short by the same fraction
    crossed: bool  # below its minimum at the chosen shortfall
    alone: Decimal  # the total rebate when only its sales fall short by the chosen fraction


@dataclass(frozen=True, slots=True)
class Risk:
    shortfall: Decimal
    now: Decimal
    # The total rebate when every subtrack falls short by `shortfall` and what is still to ship does not
    # ship in time: (sales − to ship) × (1 − shortfall).
    at_shortfall: Decimal
    cliffs: tuple[Cliff, ...]
    unshipped: Decimal = ZERO  # the part of the rebate that depends on orders still to ship (`Shipping.depends`)

    @property
    def lost(self) -> Decimal:
        return self.now - self.at_shortfall


@dataclass(frozen=True, slots=True)
class Swing:
    """The change in the total rebate when one subtrack sells `swing` less or more."""

    subtrack: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True, slots=True)
class ToShip:
    """A subtrack's projected sales not shipped yet, and the rebate that depends on their shipping."""

    subtrack: str
    usd: Decimal
    depends: Decimal  # the drop in the total rebate were they not to ship in time (a minimum missed, a bonus less)


@dataclass(frozen=True, slots=True)
class Shipping:
    """What must still ship by `ship_by` (the period's end plus the edition's shipping window) for its
    rebate to count: per subtrack with sales to ship, and the drop were none of it to ship in time."""

    ship_by: date | None  # None: the edition has no shipping window, and nothing depends on shipping
    subtracks: tuple[ToShip, ...]
    depends: Decimal


# --- rebate at risk --------------------------------------------------------------------------------


class _Volumes:
    """The total rebate when sales change and nothing else does (the engine's rules, on one
    assessment's figures): a subtrack pays when its only gaps are its volume (and, where every
    enrolled subtrack must meet its minimum, the others' volume) and its sales meet its minimum."""

    def __init__(self, base: Assessment) -> None:
        self.base, self.edition = base, base.edition
        self.all_enrolled = self.edition.policy.minimums == "all_enrolled"
        self.can_pay = frozenset(
            s.id for s in base.subtracks if s.enrolled and all(g.kind in ("volume", "policy") for g in s.gaps)
        )
        self.enrolled = tuple(s for s in base.subtracks if s.enrolled)

    def total(self, factor: dict[str, Decimal], failing: frozenset[str] = frozenset()) -> Decimal:
        """The estimated rebate with each subtrack's sales times `factor` (1 when absent); the
        subtracks in `failing` count as below their minimum."""
        amount: dict[str, Decimal] = {}
        sales: dict[str, Decimal] = {}
        below = set(failing)
        for s in self.base.subtracks:
            f = factor.get(s.id)
            if f is None:
                amount[s.id] = sum((x.amount for x in s.lines), ZERO)
                sales[s.id] = s.projected_sales
            else:
                bases = [x.base * f for x in s.lines]
                # a line its family's own requirements hold back stays at nothing
                amount[s.id] = sum((b * x.rate for b, x in zip(bases, s.lines, strict=True) if not x.held), ZERO)
                sales[s.id] = sum(bases, ZERO)
            if sales[s.id] < s.min_volume:
                below.add(s.id)
        if self.all_enrolled and any(s.id in below for s in self.enrolled):
            return ZERO
        paid = frozenset(s for s in self.can_pay if s not in below)
        return paid_total(self.edition, amount, sales, paid)


def _shipped_share(base: Assessment) -> dict[str, Decimal]:
    """Per subtrack with sales still to ship, the share of its sales shipped, rounded up so that the
    scaled sales land on (not a rounding error below) its sales less what is to ship; none when the
    edition has no shipping window."""
    if base.edition.shipping is None:
        return {}
    return {s.id: _EDGE.divide(s.projected_sales - usd, s.projected_sales) for s in base.subtracks
            if (usd := base.profile.to_ship.get(s.id, ZERO)) > 0 and s.projected_sales > 0}


def shipping(base: Assessment) -> Shipping:
    """What is still to ship by the ship-by date and the rebate that depends on it: the rebate now less
    the rebate with each subtrack's sales less what it has to ship (which catches a minimum no longer
    met, and a bonus or, where every enrolled subtrack must meet its minimum, the others' rebate lost)."""
    shares = _shipped_share(base)
    vol = _Volumes(base)
    now = base.estimated_rebate
    rows = tuple(ToShip(sid, base.profile.to_ship[sid], (now - vol.total({sid: x})).quantize(CENT))
                 for sid, x in shares.items())
    return Shipping(base.edition.ship_by(base.period), rows, (now - vol.total(shares)).quantize(CENT) if rows else ZERO)


def at_risk(base: Assessment, shortfall: Decimal = SHORTFALL) -> Risk:
    """What a sales shortfall of `shortfall` (a fraction) costs, with what is still to ship not shipping
    in time: the total rebate when every subtrack falls short by it, and per subtrack the cliff where it
    drops below its minimum, the rebate lost there, and the total when only its sales fall short."""
    vol = _Volumes(base)
    now = base.estimated_rebate
    keep = 1 - shortfall
    shipped = _shipped_share(base)
    every = {s.id: keep * shipped.get(s.id, Decimal(1)) for s in base.subtracks}
    cliffs = []
    for s in base.subtracks:
        if s.projected_sales <= 0 or s.projected_sales < s.min_volume:
            continue
        # Where every enrolled subtrack must meet its minimum, any of them falling short costs the rest.
        if not (s.eligible or (vol.all_enrolled and s.enrolled)):
            continue
        at = 1 - s.min_volume / s.projected_sales if s.min_volume > 0 else None
        # The share of its sales it may keep and still pay, rounded up so that the scaled sales land on
        # (not a rounding error below) the minimum.
        edge = _EDGE.divide(s.min_volume, s.projected_sales)
        if at is None:
            lost = together = ZERO
        else:
            lost = vol.total({s.id: edge}) - vol.total({s.id: edge}, frozenset((s.id,)))
            everyone = {x: edge for x in every}  # the cliffs are those of the sales, shipped or not
            together = vol.total(everyone) - vol.total(everyone, frozenset((s.id,)))
        crossed = at is not None and shortfall > at
        cliffs.append(Cliff(s.id, s.projected_sales, s.min_volume, s.estimated_rebate, at, lost.quantize(CENT),
                            together.quantize(CENT), crossed, vol.total({s.id: keep})))
    cliffs.sort(key=lambda c: (c.at is None, c.at or ZERO, c.subtrack))
    if not shipped:
        return Risk(shortfall, now, vol.total(every), tuple(cliffs))
    # rounded, as the shares shipped are rounded up
    unshipped = (now - vol.total(shipped)).quantize(CENT)
    return Risk(shortfall, now, vol.total(every).quantize(CENT), tuple(cliffs), unshipped)


def sensitivity(base: Assessment, swing: Decimal = SWING) -> tuple[Swing, ...]:
    """Per enrolled subtrack with sales, the change in the total rebate when its sales alone are
    `swing` lower or higher (the bars of a tornado chart), largest span first."""
    vol = _Volumes(base)
    now = base.estimated_rebate
    out = [
        Swing(s.id, vol.total({s.id: 1 - swing}) - now, vol.total({s.id: 1 + swing}) - now)
        for s in base.subtracks if s.enrolled and s.projected_sales > 0
    ]
    out.sort(key=lambda w: (-(w.high - w.low), w.subtrack))
    return tuple(out)


