"""The rules of a program edition and a partner's profile, as frozen, validated models.

Rules files are data: every number says where it came from (`source: ...`) or admits that it is
only a plausible placeholder (`illustrative: true`). The models check each value on its own; the
checks that need the whole file (ids that must exist, rates under the edition's maximum) live in
`vip.model.checks`. The models' own checks raise PydanticCustomError: its type names the catalogue
message that words it (`error.value.<type>`), its context the figures; the English template is
pydantic's own text for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, Self

import pycountry
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

Role = Literal["AM", "SE", "FE"]
Due = Literal["enrollment", "period_end"]
Kind = Literal["specialization", "atp"]

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
# The bounds of every figure a file or a screen can give (README, "Limits"): money below USD 10^12
# per figure, counts below 10^6, rates within 0..1, all finite, so arithmetic never meets 1e999999999.
MONEY_LIMIT = 10**12
COUNT_LIMIT = 10**6
Money = Annotated[Decimal, Field(ge=0, lt=MONEY_LIMIT, allow_inf_nan=False)]
Fraction = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
Counted = Annotated[int, Field(ge=0, lt=COUNT_LIMIT)]


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character of a name or note (`U+0007`), or None: no name holds a line
    break, an escape or a NUL, which would break a line of output, a terminal or a workbook."""
    bad = _CONTROL.search(text)
    return None if bad is None else f"U+{ord(bad.group()):04X}"


def plain_text(text: str) -> str:
    if (bad := control_character(text)) is not None:
        raise PydanticCustomError("control_character", "expected text without control characters, got {char}",
                                  {"char": bad})
    return text


PlainText = Annotated[str, AfterValidator(plain_text)]


def _country(code: str) -> str:
    if len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None:
        return code
    raise PydanticCustomError("country_code", "expected an ISO 3166-1 alpha-2 country code such as NL or DE, got {got}",
                              {"got": repr(code)})


def _country_or_default(code: str) -> str:
    return code if code == "default" else _country(code)


CountryCode = Annotated[str, AfterValidator(_country)]
CountryKey = Annotated[str, AfterValidator(_country_or_default)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Frozen):
    """Where a figure came from: a `source`, or `illustrative: true` when it is a placeholder."""

    source: str | None = None
    illustrative: bool = False

    @model_validator(mode="after")
    def _one_origin(self) -> Provenance:
        if (self.source is None) == (not self.illustrative):
            raise PydanticCustomError("origin",
                                      "expected either `source: <where it came from>` or `illustrative: true`")
        return self


class Amount(Provenance):
    value: Money


class Rate(Provenance):
    value: Fraction


class Count(Provenance):
    value: Counted


# --- the edition -------------------------------------------------------------------------------


class Period(Provenance):
    id: Id
    name: str
    months: Annotated[int, Field(ge=1, le=12)]
    start: date
    end: date
    enrollment_closes: date
    enrollment_opens: date | None = None  # None: enrolment is open from the period's start

    @model_validator(mode="after")
    def _well_formed(self) -> Period:
        if not self.start < self.end:
            raise PydanticCustomError("period_order", "expected start before end, got {start} .. {end}",
                                      {"start": self.start.isoformat(), "end": self.end.isoformat()})
        if not self.start <= (self.enrollment_opens or self.start) <= self.enrollment_closes <= self.end:
            raise PydanticCustomError("enrollment_window", "expected enrollment_closes between start and end, "
                                      "after enrollment_opens when given")
        days = (self.end - self.start).days + 1
        if not self.months * 28 <= days <= self.months * 31 + 7:
            raise PydanticCustomError("period_length", "expected about {months} months between start and end, "
                                      "got {days} days", {"months": self.months, "days": days})
        return self


class VolumeTable(Provenance):
    """Minimum purchase volume in USD per country for one period; `default` covers the rest."""

    period: Id
    usd: dict[CountryKey, Money]


class Requirement(Frozen):
    """Hold any one of these authorisations (or at least one of these certification levels).

    `source` says where the group comes from; `illustrative` marks one whose shape is taken from
    another edition (VIP 30's lists for VIP 25) or is our reading."""

    any_of: Annotated[tuple[Id, ...], Field(min_length=1)]
    due: Due
    source: str | None = None
    illustrative: bool = False


class ProductFamily(Frozen):
    """Products of a subtrack. Its own `requires` (an ATP authorising these products) gate only its
    rebate line: unmet, the family earns nothing while the rest of the subtrack does."""

    id: Id
    name: str
    sku_prefixes: tuple[Annotated[str, Field(min_length=2)], ...] = ()
    rate: Rate | None = None
    requires: tuple[Requirement, ...] = ()


# A SKU as Cisco's lists write them: capitals, digits and - . / + = # (`UCSC-C220-M4S=`, `L-FPR2K-ASA-BPU`).
SkuCode = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9._/+=#-]*$", max_length=60)]


class Sku(Frozen):
    """One SKU of the edition's SKU list, with its own rate. A booked line of exactly this SKU earns
    it, from `joins` and through `leaves` where the list gives them (a transition window); outside
    them the line is matched by prefix like any other."""

    id: SkuCode
    rate: Rate
    description: Annotated[PlainText, Field(max_length=300)] = ""
    joins: date | None = None
    leaves: date | None = None

    def listed_on(self, day: date) -> bool:
        return (self.joins is None or self.joins <= day) and (self.leaves is None or day <= self.leaves)


class Subtrack(Frozen):
    id: Id
    name: str
    families: Annotated[tuple[ProductFamily, ...], Field(min_length=1)]
    rate: Rate
    min_volume: Annotated[tuple[VolumeTable, ...], Field(min_length=1)]
    requires: tuple[Requirement, ...] = ()
    skus: tuple[Sku, ...] = ()  # the SKU list's SKUs of this subtrack, each with its own rate

    def family_of(self, sku: str) -> ProductFamily:
        """The family a SKU of this subtrack belongs to: the longest of its prefixes, else the first."""
        key, best, length = sku.upper(), self.families[0], 0
        for f in self.families:
            for p in f.sku_prefixes:
                if len(p) > length and key.startswith(p.upper()):
                    best, length = f, len(p)
        return best


class Track(Frozen):
    id: Id
    name: str
    subtracks: Annotated[tuple[Subtrack, ...], Field(min_length=1)]


class Implication(Provenance):
    ids: tuple[Id, ...]


class Certification(Frozen):
    id: Id
    name: str
    rank: Annotated[int, Field(ge=0)]
    csat_required: Count
    implies: Implication | None = None
    source: str | None = None  # where the level itself is documented (e.g. when Cisco retired it)


class Exam(Frozen):
    name: str
    role: Role | None = None  # taken by each person filling this role; None: once per authorisation
    fee: Amount


class Training(Provenance):
    learning_credits: Annotated[int, Field(ge=0)] | None = None
    usd: Money | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> Training:
        if (self.learning_credits is None) == (self.usd is None):
            raise PydanticCustomError("training_cost", "expected either `learning_credits` or `usd`")
        return self


class Authorization(Frozen):
    id: Id
    name: str
    kind: Kind
    track: Id | None = None
    roles: dict[Role, Annotated[int, Field(ge=0, le=10)]] = {}
    exams: tuple[Exam, ...] = ()
    training: Training
    staff_hours: Count
    months_to_earn: Count
    renewal_per_year: Amount


class RolePolicy(Frozen):
    max_per_person: Count
    new_person_fee: Amount  # career certification exams for a person new to the role
    new_person_hours: Count


class CsatPolicy(Frozen):
    due: Due
    hours_per_response: Count


class Policy(Provenance):
    minimums: Literal["per_subtrack", "all_enrolled"]


class LateEnrollment(Provenance):
    """What enrolling after enrolment has closed does: `forfeit` the period (nothing counts until the
    next), or count the bookings `from_enrollment_date` on."""

    bookings: Literal["forfeit", "from_enrollment_date"]


class Payment(Provenance):
    """When the rebate is paid: `lag_months` after the period's end (as cash or as credit on orders)."""

    lag_months: Annotated[int, Field(ge=0, le=24)]


class Shipping(Frozen):
    """Orders must ship within `window_days` after the period closes, or their rebate is void."""

    window_days: Count


class Bonus(Frozen):
    """`rate` of the eligible sales of `applies_to`, capped at `cap_rate` of those of `capped_by`."""

    id: Id
    name: str
    rate: Rate
    applies_to: Annotated[tuple[Id, ...], Field(min_length=1)]
    cap_rate: Rate
    capped_by: Annotated[tuple[Id, ...], Field(min_length=1)]


class Defaults(Frozen):
    hourly_cost: Amount
    horizon_periods: Count
    discount_rate: Rate
    eur_per_usd: Amount
    learning_credit_usd: Amount


class Edition(Frozen):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$")]
    name: str
    program: str
    currency: Literal["USD"]
    description: str = ""
    max_rate: Rate
    policy: Policy
    periods: Annotated[tuple[Period, ...], Field(min_length=1)]
    certifications: Annotated[tuple[Certification, ...], Field(min_length=1)]
    roles: dict[Role, RolePolicy]
    csat: CsatPolicy
    authorizations: tuple[Authorization, ...]
    tracks: Annotated[tuple[Track, ...], Field(min_length=1)]
    bonuses: tuple[Bonus, ...] = ()
    late_enrollment: LateEnrollment | None = None  # None: enrolling late forfeits the period
    payment: Payment | None = None  # None: the rebate counts as paid at the period's end
    shipping: Shipping | None = None  # None: no shipping window (what is booked counts)
    defaults: Defaults

    # Lookups by id, built once per edition on first use: views of the fields, not results of a
    # calculation (the models are frozen, so they never go stale; `model_copy` rebuilds them).
    @cached_property
    def period_by_id(self) -> dict[str, Period]:
        return {p.id: p for p in self.periods}

    @cached_property
    def subtrack_by_id(self) -> dict[str, Subtrack]:
        return {s.id: s for t in self.tracks for s in t.subtracks}

    @cached_property
    def track_of(self) -> dict[str, Track]:
        return {s.id: t for t in self.tracks for s in t.subtracks}

    @cached_property
    def authorization_by_id(self) -> dict[str, Authorization]:
        return {a.id: a for a in self.authorizations}

    @cached_property
    def certification_by_id(self) -> dict[str, Certification]:
        return {c.id: c for c in self.certifications}

    @cached_property
    def rank_of(self) -> dict[str, int]:
        return {c.id: c.rank for c in self.certifications}

    @cached_property
    def sku_list(self) -> dict[str, tuple[Subtrack, Sku]]:
        """The SKU list: each listed SKU with its subtrack."""
        return {k.id: (s, k) for s in self.subtrack_by_id.values() for k in s.skus}

    @cached_property
    def gated_subtracks(self) -> frozenset[str]:
        """The subtracks with a product family that has requirements of its own."""
        return frozenset(s.id for s in self.subtrack_by_id.values() if any(f.requires for f in s.families))

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with `update` applied, whose lookups are built afresh from its own fields (a plain
        copy would carry the original's over, stale once `update` changes what they derive from)."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _LOOKUPS:
            copied.__dict__.pop(name, None)
        return copied

    def ship_by(self, period: Period) -> date | None:
        """The last day an order of `period` may ship and still count (None: no shipping window)."""
        return period.end + timedelta(days=self.shipping.window_days.value) if self.shipping else None

    def name_of(self, any_id: str) -> str:
        """The display name of an authorisation, certification level, subtrack or track id."""
        for table in (self.authorization_by_id, self.certification_by_id, self.subtrack_by_id):
            if any_id in table:
                return table[any_id].name
        return next((t.name for t in self.tracks if t.id == any_id), any_id)

    def min_volume(self, subtrack: Subtrack, period: str, country: str) -> tuple[Decimal, VolumeTable]:
        """The minimum for a country (or the default), and the table it came from."""
        fallback: tuple[Decimal, VolumeTable] | None = None
        for table in subtrack.min_volume:
            if table.period != period:
                continue
            if country in table.usd:
                return table.usd[country], table
            if "default" in table.usd:
                fallback = (table.usd["default"], table)
        if fallback is None:  # the loader's cross-checks make this unreachable for loaded rules
            raise KeyError(f"{subtrack.id} has no minimum for {period}")
        return fallback


_LOOKUPS = tuple(name for name, v in vars(Edition).items() if isinstance(v, cached_property))
