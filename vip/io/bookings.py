"""Importing a partner's bookings export (CSV or XLSX) into projected sales per subtrack.

A line per order line: product/SKU, amount, date and optionally currency and description, read
by `vip.io.tables` (separators, decimal commas, encodings, headers in English, Dutch and German).

Each line maps to a subtrack through the edition's product families (the longest matching SKU
prefix wins). No line is dropped silently: every line is counted, outside the period, unmapped
(no SKU prefix matches) or rejected with its row number and the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from vip.io.tables import (
    CENT,
    MAX_BYTES,
    SYMBOLS,
    Cell,
    ColumnMapping,
    Table,
    _refused,
    detect_day_first,
    detect_decimal,
    mapping_of,
    parse_amount,
    parse_date,
    read_table,
)
from vip.model.checks import nearest
from vip.model.edition import MONEY_LIMIT, Edition, Period
from vip.model.errors import BookingsError
from vip.model.profile import Profile, Sales

# --- the import --------------------------------------------------------------------------------

IssueKind = Literal["rejected", "outside_period", "unmapped"]
Reason = Literal[
    "no_product", "no_amount", "bad_amount", "amount_format", "amount_too_large", "no_date", "bad_date", "bad_day",
    "bad_currency",
    "no_rate",
    "outside_period", "unmapped",
]

@dataclass(frozen=True, slots=True)
class Line:
    """One order line that was read: counted, outside the period or unmapped."""

    row: int
    sku: str
    description: str
    day: date
    amount: Decimal  # as written, in `currency`
    currency: str
    usd: Decimal
    subtrack: str | None
    family: str | None


@dataclass(frozen=True, slots=True)
class Issue:
    """A line that does not count, with its row number and why."""

    row: int
    kind: IssueKind
    reason: Reason
    value: str = ""
    detail: str = ""
    sku: str = ""
    amount: str = ""
    day: str = ""



@dataclass(frozen=True)
class BookingsResult:
    """What an import found: totals in USD per subtrack and family, and every line that does not count."""

    source: str
    table: Table
    mapping: ColumnMapping
    decimal: str
    day_first: bool
    period: Period
    scale: Decimal
    lines: tuple[Line, ...]  # counted: in the period and mapped
    issues: tuple[Issue, ...]
    families: dict[str, dict[str, Decimal]]  # scaled USD per subtrack, per family
    family_count: dict[str, int] = field(default_factory=dict)  # families each subtrack has in the edition

    @property
    def rows_read(self) -> int:
        return len(self.table.rows)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {sid: sum(fam.values(), Decimal(0)) for sid, fam in self.families.items()}

    def of_kind(self, kind: IssueKind) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.kind == kind)

    @property
    def rejected(self) -> tuple[Issue, ...]:
        return self.of_kind("rejected")

    @property
    def outside_period(self) -> tuple[Issue, ...]:
        return self.of_kind("outside_period")

    @property
    def unmapped(self) -> tuple[Issue, ...]:
        return self.of_kind("unmapped")

    @property
    def negative(self) -> tuple[str, ...]:
        """Subtracks (or `subtrack/family`) whose credit notes outweigh their sales: counted as 0."""
        return tuple(
            f"{sid}/{fid}" if self.family_count.get(sid, 1) > 1 else sid
            for sid, fam in self.families.items() for fid, v in fam.items() if v < 0
        )

    def projected_sales(self) -> dict[str, Sales]:
        """Sales per subtrack in the profile's shape: per family where the subtrack has several."""
        out: dict[str, Sales] = {}
        for sid, fam in self.families.items():
            clean = {fid: max(v, Decimal(0)) for fid, v in fam.items()}
            if self.family_count.get(sid, 1) > 1:
                out[sid] = clean
            else:
                out[sid] = sum(clean.values(), Decimal(0))
        return out


class PrefixIndex:
    """SKU -> (subtrack, family) by the longest matching prefix of the edition's product families."""

    def __init__(self, edition: Edition) -> None:
        entries = [
            (prefix.upper(), s.id, f.id)
            for t in edition.tracks for s in t.subtracks for f in s.families for prefix in f.sku_prefixes
        ]
        # Stable sort: among equal prefixes the first in the rules file wins.
        self.entries = sorted(entries, key=lambda e: -len(e[0]))
        self._cache: dict[str, tuple[str, str] | None] = {}

    def __call__(self, sku: str) -> tuple[str, str] | None:
        key = sku.upper()
        if key not in self._cache:
            self._cache[key] = next(((s, f) for p, s, f in self.entries if key.startswith(p)), None)
        return self._cache[key]


# The bounds of what scales an import: exchange rates (units of a currency per USD) and the factor.
MIN_RATE, MAX_RATE = Decimal("0.000001"), Decimal(10**6)
MAX_SCALE = Decimal(100)


def scale_for(months_so_far: Decimal | int, period_months: int) -> Decimal:
    """The factor that extrapolates `months_so_far` of bookings to the whole period."""
    months = Decimal(months_so_far)
    if not months.is_finite() or months <= 0 or Decimal(period_months) / months > MAX_SCALE or months > 12:
        raise _refused("bad_months", months=str(months_so_far))
    return Decimal(period_months) / months


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def import_bookings(
    data: bytes,
    name: str,
    edition: Edition,
    period: str,
    *,
    mapping: ColumnMapping | Mapping[str, str | None] | None = None,
    per_usd: Mapping[str, Decimal] | None = None,
    currency: str = "USD",
    scale: Decimal | int = 1,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> BookingsResult:
    """Read a bookings export and total it per subtrack for `period` of `edition`.

    `per_usd` gives exchange rates as units of a currency per USD (EUR 0.92 per USD); lines in
    another currency without a rate are rejected. `currency` is the currency of lines that name
    none. `scale` multiplies the totals (2 extrapolates 3 months of bookings to 6).
    """
    try:
        return _import(data, name, edition, period, mapping, dict(per_usd or {}), currency.upper(),
                       Decimal(scale), sheet, max_bytes)
    except BookingsError as exc:
        exc.file = exc.file or name or None
        raise


def _import(data: bytes, name: str, edition: Edition, period_id: str,
            given: ColumnMapping | Mapping[str, str | None] | None, rates: dict[str, Decimal], default_currency: str,
            scale: Decimal, sheet: str | None, max_bytes: int) -> BookingsResult:
    if period_id not in edition.period_by_id:
        raise _refused("unknown_period", period=period_id, edition=edition.id,
                       choice=nearest(period_id, edition.period_by_id))
    if not scale.is_finite() or not 0 < scale <= MAX_SCALE:
        raise _refused("bad_scale", scale=str(scale), limit=MAX_SCALE)
    period = edition.period_by_id[period_id]
    wanted: list[str] = []
    if given is not None:
        wanted = [h for _, h in given.items() if h]
    table = read_table(data, name, sheet=sheet, wanted=wanted, max_bytes=max_bytes)
    mapping = mapping_of(table.headers, given)
    if mapping.missing():
        raise _refused("which_column", what=tuple(mapping.missing()), columns=", ".join(table.headers))
    col: dict[str, int] = {f: table.headers.index(h) for f, h in mapping.items() if h is not None}
    amounts = [r[col["amount"]] for r in table.rows]
    decimal = detect_decimal(amounts, "," if table.delimiter == ";" else ".")
    day_first = detect_day_first(r[col["date"]] for r in table.rows)
    rates = {k.upper(): Decimal(v) for k, v in rates.items()}
    for cur, rate in rates.items():
        if not (rate.is_finite() and MIN_RATE <= rate <= MAX_RATE):
            raise BookingsError(code="error.cli.rate", params={"currency": cur, "got": str(rate), "low": MIN_RATE,
                                                                "high": MAX_RATE})
    rates["USD"] = Decimal(1)
    index = PrefixIndex(edition)

    lines: list[Line] = []
    issues: list[Issue] = []
    families: dict[str, dict[str, Decimal]] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        got = _read_line(number, row, col, decimal, day_first, rates, default_currency, period, index)
        if isinstance(got, Issue):
            issues.append(got)
            continue
        lines.append(got)
        assert got.subtrack is not None and got.family is not None
        fam = families.setdefault(got.subtrack, {})
        fam[got.family] = fam.get(got.family, Decimal(0)) + got.usd

    for sid, fam in families.items():  # every line is below the limit; their sum must be too
        if sum(fam.values(), Decimal(0)) * scale >= MONEY_LIMIT:
            raise _refused("total_too_large", subtrack=sid, limit=Decimal(MONEY_LIMIT))
    scaled = {
        sid: {fid: (v * scale).quantize(CENT, ROUND_HALF_UP) for fid, v in fam.items()}
        for sid, fam in families.items()
    }
    counts = {s.id: len(s.families) for s in edition.subtrack_by_id.values()}
    result = BookingsResult(name, table, mapping, decimal, day_first, period, scale, tuple(lines), tuple(issues),
                            scaled, counts)
    if not lines:
        raise _nothing_usable(result)
    return result


def _read_line(number: int, row: tuple[Cell, ...], col: dict[str, int], decimal: str, day_first: bool,
               rates: dict[str, Decimal], default_currency: str, period: Period, index: PrefixIndex) -> Line | Issue:
    """One data row as a counted line, or the issue that keeps it from counting."""
    sku = _text(row[col["product"]]).upper()
    raw_amount, raw_date = row[col["amount"]], row[col["date"]]
    shown = {"sku": sku, "amount": _text(raw_amount), "day": _text(raw_date)}
    if not sku:
        return Issue(number, "rejected", "no_product", **shown)
    if shown["amount"] == "":
        return Issue(number, "rejected", "no_amount", **shown)
    try:
        amount, written = parse_amount(raw_amount, decimal)
    except ValueError as exc:
        reason: Reason = "amount_format" if str(exc) in ("comma", "point") else "bad_amount"
        return Issue(number, "rejected", reason, shown["amount"], str(exc), **shown)
    if not amount.is_finite() or abs(amount) >= MONEY_LIMIT:  # Excel's 1e300, a figure of 30 digits
        return Issue(number, "rejected", "amount_too_large", shown["amount"][:40], **shown)
    if shown["day"] == "":
        return Issue(number, "rejected", "no_date", **shown)
    try:
        day = parse_date(raw_date, day_first)
    except ValueError as exc:
        return Issue(number, "rejected", "bad_day" if str(exc) == "day" else "bad_date", shown["day"], **shown)
    cur = _text(row[col["currency"]]).upper() if "currency" in col else ""
    cur = SYMBOLS.get(cur, cur) if cur else (written or default_currency)
    if not re.fullmatch(r"[A-Z]{3}", cur):
        return Issue(number, "rejected", "bad_currency", cur, **shown)
    if cur not in rates or rates[cur] <= 0:
        return Issue(number, "rejected", "no_rate", cur, **shown)
    if not period.start <= day <= period.end:
        return Issue(number, "outside_period", "outside_period", day.isoformat(), **shown)
    hit = index(sku)
    if hit is None:
        return Issue(number, "unmapped", "unmapped", sku, **shown)
    description = _text(row[col["description"]]) if "description" in col else ""
    usd = amount / rates[cur]
    if abs(usd) >= MONEY_LIMIT:
        return Issue(number, "rejected", "amount_too_large", shown["amount"][:40], **shown)
    return Line(number, sku, description, day, amount, cur, usd, hit[0], hit[1])


def _nothing_usable(r: BookingsResult) -> BookingsError:
    return _refused(
        "nothing_usable", rows=r.rows_read, rejected=len(r.rejected), outside=len(r.outside_period),
        unmapped=len(r.unmapped), start=r.period.start.isoformat(), end=r.period.end.isoformat(),
        first=r.issues[0] if r.issues else None,
    )


def apply_bookings(profile: Profile, result: BookingsResult, *, replace_all: bool = False) -> dict[str, Sales]:
    """The profile's projected sales with the imported subtracks replaced (or all of them replaced)."""
    imported = result.projected_sales()
    if replace_all:
        return imported
    return {**{k: v for k, v in profile.projected_sales.items() if k not in imported}, **imported}
