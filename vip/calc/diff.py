"""What differs between two editions, figure by figure.

Figures are compared as the rules give them (decimals, counts, ids, dates), never as they are shown:
a change that rounds away on screen (8% against 8.01%) or that one language writes the same way is
still a difference. The records carry values and ids only; putting them into words is for
`vip.present` and the app. Only values decide: a figure with the same value in both editions is no
difference, even when one edition sources it and the other marks it illustrative (a rules file
catching up with the real figure changes nothing in the program); each side's origin comes along
so that a reader sees which figures to check.

The figures compared: the maximum rate and the minimums policy; each period's dates; per
certification level the CSATs it asks and the authorisations it brings; per subtrack its rate, the
own rates of its product families, its SKU list (in brief), its minimum in each period for one
country (the country's own figure, else the default) and its requirements; per authorisation the
months to earn it, its staff hours, its renewal and its exam fees; each bonus; the defaults for
hourly cost, horizon, discount rate and EUR per USD.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias

from vip.model.edition import Authorization, Due, Edition, Provenance, Requirement, Subtrack

Figure = Literal[
    "max_rate", "policy", "late_enrollment", "payment_lag", "shipping_window", "period", "csat_required", "implies",
    "rate", "family_rate", "sku_list", "minimum", "requires", "family_requires",
    "months_to_earn", "staff_hours", "renewal_per_year", "exam_fees", "bonus",
    "hourly_cost", "horizon_periods", "discount_rate", "eur_per_usd",
]


@dataclass(frozen=True, slots=True)
class Dates:
    """A period's dates."""

    start: date
    end: date
    enrollment_closes: date
    enrollment_opens: date  # the period's start when the rules give no other day


@dataclass(frozen=True, slots=True)
class AnyOf:
    """A requirement as it binds a partner: any one of these ids, by this deadline (its source aside)."""

    ids: tuple[str, ...]
    due: Due


@dataclass(frozen=True, slots=True)
class BonusRule:
    """`rate` of the eligible sales of `applies_to`, capped at `cap_rate` of those of `capped_by`."""

    rate: Decimal
    applies_to: tuple[str, ...]
    cap_rate: Decimal
    capped_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkuList:
    """A subtrack's SKU list in brief: how many SKUs, their lowest and highest rate, and a digest of
    every (SKU, rate, joins, leaves), so that two lists of the same size and range still differ."""

    count: int
    lowest: Decimal
    highest: Decimal
    digest: int


# Decimal: rates and USD; int: counts, months and hours; str: the minimums policy; tuple[str, ...]:
# the authorisation ids a certification level brings.
Value: TypeAlias = Decimal | int | str | tuple[str, ...] | tuple[AnyOf, ...] | Dates | BonusRule | SkuList


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a figure came from: its sources, and whether any part of it is an illustrative placeholder."""

    illustrative: bool
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Difference:
    """A figure that differs between two editions, or that one of them lacks (`None` on that side).

    `place` locates it by id from the edition down: () for the edition's own figures and defaults;
    (period,); (certification,); (subtrack,); (subtrack, family) for a family rate; (subtrack,
    period, country) for a minimum; (authorization,); (bonus,).
    """

    figure: Figure
    place: tuple[str, ...]
    before: Value | None
    after: Value | None
    before_origin: Origin | None
    after_origin: Origin | None


Key = tuple[Figure, tuple[str, ...]]


def differences(a: Edition, b: Edition, country: str) -> list[Difference]:
    """Every figure that differs from `a` to `b` or is in one of them only, with the minimums for
    `country` (a code such as NL, or `default`). In the order of `a`, then what only `b` has."""
    before, after = _figures(a, country), _figures(b, country)
    out = []
    for key in dict.fromkeys([*before, *after]):
        x, y = before.get(key), after.get(key)
        if x is not None and y is not None and x[0] == y[0]:
            continue
        out.append(Difference(key[0], key[1], x[0] if x else None, y[0] if y else None,
                              x[1] if x else None, y[1] if y else None))
    return out


def _origin(*parts: Provenance | Requirement | None) -> Origin:
    sources = tuple(dict.fromkeys(p.source for p in parts if p is not None and p.source))
    illustrative = any(isinstance(p, Provenance | Requirement) and p.illustrative for p in parts)
    return Origin(illustrative, sources)


def _figures(e: Edition, country: str) -> dict[Key, tuple[Value, Origin]]:
    out: dict[Key, tuple[Value, Origin]] = {
        ("max_rate", ()): (e.max_rate.value, _origin(e.max_rate)),
        ("policy", ()): (e.policy.minimums, _origin(e.policy)),
        # No rule and `forfeit` do the same, as no payment rule and a lag of 0 do.
        ("late_enrollment", ()): (e.late_enrollment.bookings if e.late_enrollment else "forfeit",
                                  _origin(e.late_enrollment)),
        ("payment_lag", ()): (e.payment.lag_months if e.payment else 0, _origin(e.payment)),
    }
    if e.shipping is not None:  # none: not in this edition
        out["shipping_window", ()] = (e.shipping.window_days.value, _origin(e.shipping.window_days))
    for p in e.periods:
        out["period", (p.id,)] = (Dates(p.start, p.end, p.enrollment_closes, p.enrollment_opens or p.start),
                                  _origin(p))
    for c in e.certifications:
        out["csat_required", (c.id,)] = (c.csat_required.value, _origin(c.csat_required))
        # No implication and an empty one bring the same: nothing.
        out["implies", (c.id,)] = (c.implies.ids if c.implies else (), _origin(c.implies))
    for s in e.subtrack_by_id.values():
        out.update(_subtrack_figures(e, s, country))
    for auth in e.authorizations:
        out.update(_authorization_figures(auth))
    for bonus in e.bonuses:
        rule = BonusRule(bonus.rate.value, bonus.applies_to, bonus.cap_rate.value, bonus.capped_by)
        out["bonus", (bonus.id,)] = (rule, _origin(bonus.rate, bonus.cap_rate))
    d = e.defaults
    out["hourly_cost", ()] = (d.hourly_cost.value, _origin(d.hourly_cost))
    out["horizon_periods", ()] = (d.horizon_periods.value, _origin(d.horizon_periods))
    out["discount_rate", ()] = (d.discount_rate.value, _origin(d.discount_rate))
    out["eur_per_usd", ()] = (d.eur_per_usd.value, _origin(d.eur_per_usd))
    return out


def _subtrack_figures(e: Edition, s: Subtrack, country: str) -> Iterator[tuple[Key, tuple[Value, Origin]]]:
    yield ("rate", (s.id,)), (s.rate.value, _origin(s.rate))
    for fam in s.families:
        if fam.rate:
            yield ("family_rate", (s.id, fam.id)), (fam.rate.value, _origin(fam.rate))
    if s.skus:  # none: no SKU list in this edition
        rates = [k.rate.value for k in s.skus]
        listed = hash(tuple(sorted((k.id, k.rate.value, k.joins, k.leaves) for k in s.skus)))
        yield ("sku_list", (s.id,)), (SkuList(len(rates), min(rates), max(rates), listed),
                                      _origin(*(k.rate for k in s.skus)))
    for p in e.periods:
        amount, table = e.min_volume(s, p.id, country)
        yield ("minimum", (s.id, p.id, country)), (amount, _origin(table))
    needs = tuple(AnyOf(r.any_of, r.due) for r in s.requires)
    yield ("requires", (s.id,)), (needs, _origin(*s.requires))
    for fam in s.families:  # every family: one without requirements of its own shows as none
        needs = tuple(AnyOf(r.any_of, r.due) for r in fam.requires)
        yield ("family_requires", (s.id, fam.id)), (needs, _origin(*fam.requires))


def _authorization_figures(a: Authorization) -> Iterator[tuple[Key, tuple[Value, Origin]]]:
    yield ("months_to_earn", (a.id,)), (a.months_to_earn.value, _origin(a.months_to_earn))
    yield ("staff_hours", (a.id,)), (a.staff_hours.value, _origin(a.staff_hours))
    yield ("renewal_per_year", (a.id,)), (a.renewal_per_year.value, _origin(a.renewal_per_year))
    # What the exams cost the partner: a role's exam is taken by every person filling that role.
    fees = sum((x.fee.value * (a.roles.get(x.role, 0) if x.role else 1) for x in a.exams), Decimal(0))
    yield ("exam_fees", (a.id,)), (fees, _origin(*(x.fee for x in a.exams)))
