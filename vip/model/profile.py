"""A partner profile: what the partner holds and plans, read from a YAML file or built on screen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from vip.model.edition import Counted, CountryCode, Fraction, Frozen, Id, Money, PlainText, Role, plain_text


class StaffMember(Frozen):
    role: Role
    covers: tuple[Id, ...] = ()
    name: Annotated[PlainText, Field(max_length=200)] | None = None


class Assumptions(Frozen):
    hourly_cost: Money | None = None
    horizon_periods: Annotated[int, Field(ge=1, le=40)] | None = None
    discount_rate: Fraction | None = None
    # What a USD of extra sales costs the partner (its margin given up to win it), for the plans that book
    # more to meet a minimum; none given: 0.
    margin_cost: Fraction | None = None


Sales = Money | dict[Id, Money]


class Profile(Frozen):
    version: Literal[1] = 1
    partner: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(plain_text)]
    # Cisco's partner id (BE GEO ID), as a distributor's export of many partners may name the partner by it.
    partner_id: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(plain_text)] | None = None
    country: CountryCode
    edition: str
    period: Id
    certification: Id
    specializations: tuple[Id, ...] = ()
    atp: tuple[Id, ...] = ()
    csat_responses: Counted = 0
    enrolled: tuple[Id, ...] = ()
    projected_sales: dict[Id, Sales] = {}  # noqa: RUF012 (a pydantic field: each instance gets its own copy)
    # USD of a subtrack's projected sales not shipped yet (at most its projected sales): what must still
    # ship within the edition's shipping window for its rebate to count.
    to_ship: dict[Id, Money] = {}  # noqa: RUF012
    # Where the edition lists SKUs with rates of their own: per product family, the USD booked at each
    # rate (as a bookings import found them); the family's projected sales earn those rates in those shares.
    mix: dict[Id, dict[Fraction, Money]] = {}  # noqa: RUF012
    staff: tuple[StaffMember, ...] = ()
    assumptions: Assumptions = Assumptions()
    as_of: date | None = None

    def sales_of(self, subtrack_id: str) -> Decimal:
        value = self.projected_sales.get(subtrack_id, Decimal(0))
        return sum(value.values(), Decimal(0)) if isinstance(value, dict) else value
