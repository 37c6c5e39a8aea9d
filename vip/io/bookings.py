"""Importing a partner's bookings export (CSV or XLSX) into projected sales per subtrack.

A line per order line: product/SKU, amount, date and optionally currency and description, read
by `vip.io.tables` (separators, decimal commas, encodings, headers in English, Dutch and German).

Each line maps to a subtrack through the edition's product families (the longest matching SKU
prefix wins). No line is dropped silently: every line is counted, outside the period, unmapped
(no SKU prefix matches) or rejected with its row number and the reason.

A file with a ship date or a status column splits the counted sales into shipped and to ship: a
line is to ship when its status says it has not shipped, or, without a status, when it has no ship
date or one after the import's as-of date. A line that ships (or shipped) after the edition's
ship-by date is listed: its rebate is void unless it ships earlier.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
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
    "no_rate", "bad_ship_date", "bad_ship_day", "bad_status",
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
    ship_date: date | None = None  # shipped or planned to ship on
    shipped: bool | None = None  # what its status says (None: no status)
    to_ship: bool = False  # not shipped by the import's as-of date (only where the file says how it ships)
    sku_rate: Decimal | None = None  # the SKU list's own rate for it, when its SKU is listed on its day


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
    """What an import found: totals in USD per subtrack and family, lines counted and issues counted by
    kind; the counted lines and every line that does not count, with its row and reason, on demand."""

    source: str
    table: Table  # how the file was read (the engine's: with the rows of its first 64 KB only)
    mapping: ColumnMapping
    decimal: str
    day_first: bool
    period: Period
    scale: Decimal
    families: dict[str, dict[str, Decimal]]  # scaled USD per subtrack, per family
    family_count: dict[str, int] = field(default_factory=dict)  # families each subtrack has in the edition
    # Where the file has a ship date or status column: the day shipped and to ship are told apart on,
    # the edition's ship-by date, and per subtrack the USD of its (scaled) sales not shipped by then:
    # its lines to ship and what the scale adds, which is yet to be booked.
    as_of: date | None = None
    ship_by: date | None = None
    to_ship: dict[str, Decimal] = field(default_factory=dict)
    # Per product family of a subtrack with a SKU list: the (scaled) USD at each rate its lines earn.
    mix: dict[str, dict[Decimal, Decimal]] = field(default_factory=dict)
    rows_read: int = 0
    counted: int = 0  # lines in the period and mapped
    issue_counts: Mapping[str, int] = field(default_factory=dict)  # lines that do not count, by kind
    # The counted lines (in the period and mapped) and the issues, in the file's order: held, or read when
    # first asked for.
    detail: Callable[[], tuple[tuple[Line, ...], tuple[Issue, ...]]] = field(
        default=lambda: ((), ()), compare=False, repr=False)
    # The first n issues, read from the file's first lines alone; and the issues alone, read from the lines
    # that do not count alone (None: the issues are held, or read whole with the lines).
    head: Callable[[int], tuple[Issue, ...]] | None = field(default=None, compare=False, repr=False)
    only_issues: Callable[[], tuple[Issue, ...]] | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def _detail(self) -> tuple[tuple[Line, ...], tuple[Issue, ...]]:
        return self.detail()

    @functools.cached_property
    def _issues(self) -> tuple[Issue, ...]:
        return self._detail[1] if self.only_issues is None or "_detail" in self.__dict__ else self.only_issues()

    @property
    def lines(self) -> tuple[Line, ...]:
        return self._detail[0]

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self._issues

    def first_issues(self, count: int) -> tuple[Issue, ...]:
        """The first `count` issues in the file's order: where DuckDB totalled the import and the issues
        have not been read, from the file's first lines only (of a million lines, its first thousands)."""
        if self.head is None or "_detail" in self.__dict__ or "_issues" in self.__dict__:
            return self.issues[:count]
        return self.head(count)

    def count(self, kind: IssueKind) -> int:
        return self.issue_counts.get(kind, 0)

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
    def ships_late(self) -> tuple[Line, ...]:
        """Counted lines that ship (or shipped) after the ship-by date: void unless they ship earlier."""
        by = self.ship_by
        return tuple(x for x in self.lines if x.ship_date and x.ship_date > by) if by else ()

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
        # The SKU list first: a listed SKU is its subtrack's, in the family its prefix says.
        self.skus = {k: (s.id, s.family_of(k).id, sku) for k, (s, sku) in edition.sku_list.items()}
        entries = [
            (prefix.upper(), s.id, f.id)
            for t in edition.tracks for s in t.subtracks for f in s.families for prefix in f.sku_prefixes
        ]
        # Stable sort: among equal prefixes the first in the rules file wins.
        self.entries = sorted(entries, key=lambda e: -len(e[0]))
        self._cache: dict[str, tuple[str, str] | None] = {}

    def __call__(self, sku: str, day: date | None = None) -> tuple[str, str] | None:
        key = sku.upper()
        listed = self.skus.get(key)
        if listed is not None and (day is None or listed[2].listed_on(day)):
            return listed[0], listed[1]
        if key not in self._cache:
            self._cache[key] = next(((s, f) for p, s, f in self.entries if key.startswith(p)), None)
        return self._cache[key]

    def rate(self, sku: str, day: date) -> Decimal | None:
        """The SKU list's own rate for a line of `sku` booked on `day`; None when it is not listed then."""
        listed = self.skus.get(sku.upper())
        return listed[2].rate.value if listed is not None and listed[2].listed_on(day) else None


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
    data: bytes | Table,
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
    as_of: date | None = None,
    partner: str | None = None,
) -> BookingsResult:
    """Read a bookings export (or total a table already read from it by `read_table`) per subtrack
    for `period` of `edition`: every line, or those of `partner` (by its partner column).

    `per_usd` gives exchange rates as units of a currency per USD (EUR 0.92 per USD); lines in
    another currency without a rate are rejected. `currency` is the currency of lines that name
    none. `scale` multiplies the totals (2 extrapolates 3 months of bookings to 6). `as_of`: the day
    a line without a status has shipped by when its ship date is not later (default: the last
    booking date of the counted lines, as the export was made after it).

    A CSV export the engine vouches for (`vip.io.engine`) is totalled by DuckDB, with no limit on
    its rows; any other file is read line by line, up to `MAX_ROWS` rows.
    """
    try:
        if period not in edition.period_by_id:
            raise _refused("unknown_period", period=period, edition=edition.id,
                           choice=nearest(period, edition.period_by_id))
        if not Decimal(scale).is_finite() or not 0 < Decimal(scale) <= MAX_SCALE:
            raise _refused("bad_scale", scale=str(scale), limit=MAX_SCALE)
        if isinstance(data, bytes) and sheet is None and len(data) <= max_bytes:
            from vip.io.engine import load, total  # DuckDB only where it is used

            if partner is None:
                if (got := total(data, name, edition, period, mapping=mapping, per_usd=per_usd, currency=currency,
                                 scale=scale)) is not None:
                    return got
            elif (loaded := load(data, name, mapping)) is not None:
                with loaded:
                    key = partner_key(partner)
                    if loaded.mapping.partner is not None and key and key in loaded.names:
                        got = loaded.imports(edition, period, {"": (key,)}, per_usd=per_usd, currency=currency,
                                             scale=scale)[""]
                        if got is not None:
                            return got
        table = data if isinstance(data, Table) else read_table(data, name, sheet=sheet, wanted=_wanted(mapping),
                                                                max_bytes=max_bytes)
        if partner is not None:
            table = split_partners(table, name, mapping).pick(partner)
        return _import(table, name, edition, period, mapping, dict(per_usd or {}), currency.upper(),
                       Decimal(scale), as_of)
    except BookingsError as exc:
        exc.file = exc.file or name or None
        raise


def _wanted(given: ColumnMapping | Mapping[str, str | None] | None) -> list[str]:
    """The headers a mapping names, which mark the header row."""
    return [h for _, h in (given.items() if isinstance(given, ColumnMapping) else (given or {}).items()) if h]


def read_detail(data: bytes, name: str, edition: Edition, period_id: str,
                given: ColumnMapping | Mapping[str, str | None] | None, rates: Mapping[str, Decimal], currency: str,
                scale: Decimal, keys: tuple[str, ...] | None) -> tuple[tuple[Line, ...], tuple[Issue, ...]]:
    """The counted lines and the issues of an import the engine totalled (of the partners `keys`, or
    of every line), as the reader reads them."""
    table = read_table(data, name, wanted=_wanted(given), max_bytes=len(data), max_rows=len(data))
    if keys is not None:
        table = split_partners(table, name, given).of(keys)
    r = _import(table, name, edition, period_id, given, dict(rates), currency, scale, None)
    return r.lines, r.issues


def read_head(data: bytes, name: str, edition: Edition, period_id: str,
              given: ColumnMapping | Mapping[str, str | None] | None, rates: Mapping[str, Decimal], currency: str,
              scale: Decimal, keys: tuple[str, ...] | None, settled: tuple[str, bool], count: int) -> tuple[Issue, ...]:
    """The first `count` issues of an import the engine totalled, as `read_detail` gives them: read from
    the file's first 64 KB, then four times as much, and so on until there are as many (or the file
    ends), each line with the decimal mark and day order `settled` over the whole file."""
    cut = 64 * 1024
    while True:
        part = data if cut >= len(data) else data[:data.rfind(b"\n", 0, cut) + 1]
        try:
            table = read_table(part, name, wanted=_wanted(given), max_bytes=len(data), max_rows=len(data))
            if keys is not None:
                table = split_partners(table, name, given).of(keys)
            issues = _import(table, name, edition, period_id, given, dict(rates), currency, scale, None,
                             settled=settled).issues
        except BookingsError:
            if part is data:
                raise
            issues = ()  # too few lines yet to tell (none of the partner's, say)
        if len(issues) >= count or part is data:
            return issues[:count]
        cut *= 4


def _import(table: Table, name: str, edition: Edition, period_id: str,
            given: ColumnMapping | Mapping[str, str | None] | None, rates: dict[str, Decimal], default_currency: str,
            scale: Decimal, as_of: date | None, settled: tuple[str, bool] | None = None) -> BookingsResult:
    """`settled`: the decimal mark and day order to read the lines with (those of a whole file whose
    first lines alone `table` holds), else decided over `table`."""
    period = edition.period_by_id[period_id]
    mapping = mapping_of(table.headers, given)
    if mapping.missing():
        raise _refused("which_column", what=tuple(mapping.missing()), columns=", ".join(table.headers))
    col: dict[str, int] = {f: table.headers.index(h) for f, h in mapping.items() if h is not None}
    amounts = [r[col["amount"]] for r in table.rows]
    decimal, day_first = settled or (detect_decimal(amounts, "," if table.delimiter == ";" else "."),
                                     detect_day_first(r[col["date"]] for r in table.rows))
    ship_first = detect_day_first(r[col["ship_date"]] for r in table.rows) if "ship_date" in col else day_first
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
    mix: dict[str, dict[Decimal, Decimal]] = {}
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        got = _read_line(number, row, col, decimal, (day_first, ship_first), rates, default_currency, period, index)
        if isinstance(got, Issue):
            issues.append(got)
            continue
        lines.append(got)
        assert got.subtrack is not None and got.family is not None
        fam = families.setdefault(got.subtrack, {})
        fam[got.family] = fam.get(got.family, Decimal(0)) + got.usd
        sub = edition.subtrack_by_id[got.subtrack]
        if sub.skus:  # a line earns its SKU's rate, else its family's
            family = next(f for f in sub.families if f.id == got.family)
            rate = got.sku_rate if got.sku_rate is not None else (family.rate or sub.rate).value
            at = mix.setdefault(got.family, {})
            at[rate] = at.get(rate, Decimal(0)) + got.usd

    for sid, fam in families.items():  # every line is below the limit; their sum must be too
        if sum(fam.values(), Decimal(0)) * scale >= MONEY_LIMIT:
            raise _refused("total_too_large", subtrack=sid, limit=Decimal(MONEY_LIMIT))
    scaled = {
        sid: {fid: (v * scale).quantize(CENT, ROUND_HALF_UP) for fid, v in fam.items()}
        for sid, fam in families.items()
    }
    counts = {s.id: len(s.families) for s in edition.subtrack_by_id.values()}
    # Credit notes that outweigh a rate's sales leave it out, as they count a family as 0.
    booked = {fid: {r: (v * scale).quantize(CENT, ROUND_HALF_UP) for r, v in at.items() if v > 0}
              for fid, at in mix.items()}
    kinds: dict[str, int] = {}
    for i in issues:
        kinds[i.kind] = kinds.get(i.kind, 0) + 1
    held = (tuple(lines), tuple(issues))
    result = BookingsResult(name, table, mapping, decimal, day_first, period, scale, scaled, counts, mix=booked,
                            rows_read=len(table.rows), counted=len(lines), issue_counts=kinds,
                            detail=partial(_held, held))
    if not lines and settled is None:  # (the first lines of a file whose later lines count may hold none)
        raise _nothing_usable(result)
    if "ship_date" in col or "status" in col:
        result = _shipping(result, as_of or max(x.day for x in lines), edition.ship_by(period))
    return result


def _held(detail: tuple[tuple[Line, ...], tuple[Issue, ...]]) -> tuple[tuple[Line, ...], tuple[Issue, ...]]:
    return detail


# A line's status in English, Dutch and German: shipped, or not (yet). Matched as written, in lower case.
SHIPPED = frozenset((
    "shipped", "delivered", "closed", "complete", "completed", "fulfilled", "invoiced", "done",
    "verzonden", "geleverd", "afgeleverd", "gesloten", "afgerond", "voltooid", "gefactureerd",
    "versandt", "versendet", "geliefert", "ausgeliefert", "abgeschlossen", "erledigt", "fakturiert",
))
NOT_SHIPPED = frozenset((
    "open", "booked", "backlog", "pending", "on hold", "scheduled", "planned", "in progress", "entered",
    "not shipped", "awaiting shipment", "partially shipped", "ordered", "processing",
    "in behandeling", "geboekt", "besteld", "gepland", "in backorder", "backorder", "niet verzonden",
    "in afwachting", "offen", "gebucht", "bestellt", "geplant", "in bearbeitung", "rückstand", "nicht versandt",
))


def _shipping(r: BookingsResult, as_of: date, ship_by: date | None) -> BookingsResult:
    """The result with each line's shipping told and per subtrack the USD still to ship."""
    lines = tuple(replace(x, to_ship=not x.shipped if x.shipped is not None else x.ship_date is None
                          or x.ship_date > as_of) for x in r.lines)
    shipped: dict[str, Decimal] = {}
    for x in lines:
        if not x.to_ship and x.subtrack is not None:
            shipped[x.subtrack] = shipped.get(x.subtrack, Decimal(0)) + x.usd
    to_ship = {}
    for sid, sales in r.projected_sales().items():
        total = sum(sales.values(), Decimal(0)) if isinstance(sales, dict) else sales
        left = min(total, max(Decimal(0), total - shipped.get(sid, Decimal(0)).quantize(CENT, ROUND_HALF_UP)))
        if left:
            to_ship[sid] = left
    return replace(r, as_of=as_of, ship_by=ship_by, to_ship=to_ship, detail=partial(_held, (lines, r.issues)))


def _read_line(number: int, row: tuple[Cell, ...], col: dict[str, int], decimal: str, day_first: tuple[bool, bool],
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
        day = parse_date(raw_date, day_first[0])
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
    hit = index(sku, day)
    if hit is None:
        return Issue(number, "unmapped", "unmapped", sku, **shown)
    description = _text(row[col["description"]]) if "description" in col else ""
    usd = amount / rates[cur]
    if abs(usd) >= MONEY_LIMIT:
        return Issue(number, "rejected", "amount_too_large", shown["amount"][:40], **shown)
    ship_date, shipped = None, None
    if (raw_ship := _text(row[col["ship_date"]]) if "ship_date" in col else ""):
        try:
            ship_date = parse_date(row[col["ship_date"]], day_first[1])
        except ValueError as exc:
            return Issue(number, "rejected", "bad_ship_day" if str(exc) == "day" else "bad_ship_date", raw_ship,
                         **shown)
    if (status := " ".join(_text(row[col["status"]]).lower().split()) if "status" in col else ""):
        if status not in SHIPPED and status not in NOT_SHIPPED:
            return Issue(number, "rejected", "bad_status", _text(row[col["status"]])[:40], **shown)
        shipped = status in SHIPPED
    return Line(number, sku, description, day, amount, cur, usd, hit[0], hit[1], ship_date, shipped,
                sku_rate=index.rate(sku, day))


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


def apply_to_ship(profile: Profile, result: BookingsResult, *, replace_all: bool = False) -> dict[str, Decimal]:
    """The profile's sales still to ship once `apply_bookings` has applied the import: the imported
    subtracks' from the file (none where it does not say how its lines ship), the others' as they were."""
    kept = {} if replace_all else {k: v for k, v in profile.to_ship.items() if k not in result.families}
    return {**kept, **result.to_ship}


def apply_mix(profile: Profile, result: BookingsResult, edition: Edition, *,
              replace_all: bool = False) -> dict[str, dict[Decimal, Decimal]]:
    """The profile's SKU mix with that of the imported subtracks' families replaced (or all replaced)."""
    imported = {f.id for sid in result.families for f in edition.subtrack_by_id[sid].families}
    kept = {} if replace_all else {k: v for k, v in profile.mix.items() if k not in imported}
    return {**kept, **result.mix}


# --- many partners in one export -----------------------------------------------------------------


def partner_key(text: str) -> str:
    """A partner's name or id as an export's lines are matched to it: case and spacing aside."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Partners:
    """A distributor's export split per partner: each partner's rows as a table of their own (with the
    file's row numbers), which `import_bookings` totals exactly as it would a file of that partner alone."""

    column: str
    tables: dict[str, Table]  # by `partner_key`, in the order the file first names them ("": no partner given)
    names: dict[str, str]  # `partner_key` -> the partner as the file first writes it
    source: str = ""  # the file's name, for errors

    def pick(self, partner: str) -> Table:
        """One partner's rows; refused, with the nearest partner the file names, when it has none."""
        key = partner_key(partner)
        if key not in self.tables or not key:
            exc = _refused("unknown_partner", partner=partner, column=self.column,
                           choice=nearest(partner, [n for k, n in self.names.items() if k]))
            exc.file = self.source or None
            raise exc
        return self.tables[key]

    def of(self, keys: Sequence[str]) -> Table:
        """The rows of a partner the file names in more than one way (its name and its id), in the file's order."""
        if len(keys) == 1:
            return self.tables[keys[0]]
        rows = sorted(((n, r) for k in keys for n, r in zip(self.tables[k].row_numbers, self.tables[k].rows,
                                                              strict=True)), key=lambda x: x[0])
        return replace(self.tables[keys[0]], rows=tuple(r for _, r in rows), row_numbers=tuple(n for n, _ in rows))


def split_partners(table: Table, name: str = "",
                   mapping: ColumnMapping | Mapping[str, str | None] | None = None) -> Partners:
    """The table's rows per partner, by its partner column (given as `mapping["partner"]`, else guessed)."""
    try:
        column = mapping_of(table.headers, mapping).partner
        if column is None:
            raise _refused("which_partner_column", columns=", ".join(table.headers))
    except BookingsError as exc:
        exc.file = exc.file or name or None
        raise
    at = table.headers.index(column)
    rows: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for i, row in enumerate(table.rows):
        cell = row[at]  # an id a workbook holds as a number: 1234567.0 is written 1234567
        written = " ".join(_text(int(cell) if isinstance(cell, float) and cell.is_integer() else cell).split())
        key = partner_key(written)
        rows.setdefault(key, []).append(i)
        names.setdefault(key, written)
    tables = {key: replace(table, rows=tuple(table.rows[i] for i in idx),
                           row_numbers=tuple(table.row_numbers[i] for i in idx)) for key, idx in rows.items()}
    return Partners(column, tables, names, name)


class Export:
    """A distributor's export of many partners: whom it names, the rows of each, and each partner's
    import (per `partner_key`, a name or an id), by DuckDB where it vouches for the file, else by the
    reader, which reads the file once for every partner it is left."""

    def __init__(self, data: bytes, name: str, mapping: ColumnMapping | Mapping[str, str | None] | None = None, *,
                 sheet: str | None = None, max_bytes: int = MAX_BYTES, budget_s: float | None = None) -> None:
        from vip.io.engine import load  # DuckDB only where it is used

        self.data, self.name, self.given, self.sheet, self.max_bytes, self.budget_s = (
            data, name, mapping, sheet, max_bytes, budget_s)
        self.loaded = load(data, name, mapping) if sheet is None and len(data) <= max_bytes else None
        self._split: Partners | None = None
        if self.loaded is not None and self.loaded.mapping.partner is None:
            self.close()
        self.names = self.loaded.names if self.loaded is not None else self.split.names
        self.column = self.loaded.mapping.partner if self.loaded is not None else self.split.column

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self.loaded is not None:
            self.loaded.close()
            self.loaded = None

    @property
    def split(self) -> Partners:
        """The file read by the reader, its rows per partner (refused without a partner column)."""
        if self._split is None:
            table = read_table(self.data, self.name, sheet=self.sheet, wanted=_wanted(self.given),
                               max_bytes=self.max_bytes, budget_s=self.budget_s)
            self._split = split_partners(table, self.name, self.given)
        return self._split

    def rows_of(self, keys: Sequence[str]) -> dict[str, tuple[int, ...]]:
        """The row numbers of each partner's lines."""
        if self.loaded is not None:
            return self.loaded.rows_of(keys)
        return {k: self.split.tables[k].row_numbers for k in keys}

    def imports(self, groups: Mapping[str, Sequence[str]], edition: Edition, period: str, *,
                as_of: Mapping[str, date | None], per_usd: Mapping[str, Decimal] | None = None,
                currency: str = "USD") -> dict[str, BookingsResult | BookingsError]:
        """Per group (a label and the keys of one partner's lines) its import as `import_bookings` of
        those lines gives it, or why it cannot be imported."""
        fast = (self.loaded.imports(edition, period, groups, per_usd=per_usd, currency=currency)
                if self.loaded is not None else dict.fromkeys(groups))
        out: dict[str, BookingsResult | BookingsError] = {}
        for label, keys in groups.items():
            got = fast[label]
            if got is None:
                try:
                    got = import_bookings(self.split.of(keys), self.name, edition, period, mapping=self.given,
                                          per_usd=per_usd, currency=currency, as_of=as_of.get(label))
                except BookingsError as exc:
                    got = exc
            out[label] = got
        return out
