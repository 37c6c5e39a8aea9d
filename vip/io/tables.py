"""Reading a table of a user's file (CSV or XLSX): bookings exports today, and the reader any other
table of figures (SKU lists, minimums) is to use.

It copes with what European exports look like: `;` separators, decimal commas, UTF-8 with or
without a byte-order mark, or Windows-1252, title lines above the header; the column holding each
field is guessed from common English, Dutch and German headers and can be given by hand; amounts
and dates are read in the forms those exports write them. A file it cannot read is refused with a
coded `BookingsError` (worded by `vip.present.explain.error_line`).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from vip.model.checks import nearest
from vip.model.errors import BookingsError

MAX_BYTES = 10 * 1024 * 1024  # an upload to the app
MAX_FILE_BYTES = 2 * 1024**3  # a file the command line reads: DuckDB totals it, the reader stops at MAX_ROWS
MAX_ROWS = 500_000
MAX_COLUMNS = 1000  # cells in one row
CENT = Decimal("0.01")

Cell = str | int | float | Decimal | date | datetime | None
Field = Literal["product", "amount", "date", "currency", "description", "ship_date", "status", "partner"]
FIELDS: tuple[Field, ...] = ("product", "amount", "date", "currency", "description", "ship_date", "status")
# `partner` is not among them: a one-partner import totals every line; `split_partners` reads it.
REQUIRED: tuple[Field, ...] = ("product", "amount", "date")

# Normalised header words per field, most specific first. A header matches a word exactly, or
# contains it as a whole word ("Order date", "Bedrag excl. BTW").
HEADER_WORDS: dict[Field, tuple[str, ...]] = {
    "product": (
        "sku", "product id", "product number", "product code", "part number", "part", "pid", "item number",
        "item", "material", "product", "artikelnummer", "artikelcode", "artikel", "productnummer",
        "productcode", "materiaal", "materialnummer", "produkt",
    ),
    "amount": (
        "amount", "net amount", "net value", "line total", "extended price", "total", "value", "revenue",
        "sales", "bookings", "price", "bedrag", "nettobedrag", "netto bedrag", "regeltotaal", "totaal", "omzet",
        "waarde", "prijs", "betrag", "nettobetrag", "umsatz", "wert", "summe",
    ),
    "date": (
        "date", "order date", "booking date", "invoice date", "ship date", "booked", "datum", "orderdatum",
        "boekdatum", "factuurdatum", "besteldatum", "leverdatum", "bestelldatum", "rechnungsdatum",
    ),
    # A ship date beside the booking date; a file with a ship date only books by it, as before.
    "ship_date": (
        "ship date", "shipping date", "shipped date", "planned ship date", "delivery date", "verzenddatum",
        "leverdatum", "geplande leverdatum", "lieferdatum", "versanddatum",
        "liefertermin",
    ),
    "status": (
        "status", "order status", "line status", "shipping status", "ship status", "delivery status", "orderstatus",
        "leverstatus", "verzendstatus", "lieferstatus", "versandstatus", "auftragsstatus",
    ),
    # Whose line it is, in a distributor's export of many partners: a name or Cisco's partner id (never the
    # customer's: "Customer", "Klant", "Kunde" are not partners).
    "partner": (
        "partner", "partner name", "reseller", "reseller name", "partner id", "cisco partner id", "be geo id",
        "partnernaam", "partnername", "wederverkoper", "händler", "haendler",
    ),
    "currency": ("currency", "ccy", "cur", "valuta", "munt", "munteenheid", "währung", "waehrung"),
    "description": (
        "description", "product description", "item description", "desc", "name", "omschrijving",
        "beschrijving", "productomschrijving", "naam", "bezeichnung", "beschreibung",
    ),
}

SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "FR.": "CHF", "CHF": "CHF"}
MONTHS = {
    name: i + 1
    for names in (
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "jan feb mär apr mai jun jul aug sep okt nov dez",
        "january february march april may june july august september october november december",
        "januari februari maart april mei juni juli augustus september oktober november december",
    )
    for i, name in enumerate(names.split())
}
MONTHS["sept"] = 9
MONTHS["maa"] = 3

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CODE = re.compile(r"^([A-Z]{3})\s*|\s*([A-Z]{3})$")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T ].*)?$")
_NAMED = re.compile(r"^(\d{1,2})[-/. ]+([^\W\d_]+)\.?[-/. ]+(\d{2}|\d{4})$")


# --- reading a file into a table ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """The cells of a bookings export: a header row, then data rows with their row numbers."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_numbers: tuple[int, ...]  # the line (CSV), sheet row (XLSX) or row (Parquet, its names row 1) of each
    kind: Literal["csv", "xlsx", "parquet"]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    blank_rows: int = 0


class Deadline:
    """A time budget for reading one file: `check()`, called every few thousand rows or cells,
    refuses the file once the budget is spent (the app's bound on an upload; none by default)."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise _refused("too_slow", seconds=Decimal(str(self.seconds)).normalize())


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):  # says UTF-8: a byte that is not is an error, not another encoding
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _refused("bad_utf8", line=data.count(b"\n", 0, exc.start + 3) + 1) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 reads those where cp1252 cannot.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"


def _delimiter(lines: Sequence[str]) -> str:
    """The separator that splits the sample into the most consistent number of columns."""
    best, best_score = ",", (0.0, 0)
    for d in (";", ",", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d) if r]
        except csv.Error:  # a field too long for this separator: not the one
            continue
        if not counts:
            continue
        width = max(set(counts), key=lambda n: (counts.count(n), n))
        score = (counts.count(width) / len(counts), width) if width > 1 else (0.0, 0)
        if score > best_score:
            best, best_score = d, score
    return best


def _is_blank(row: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _read_csv(data: bytes, deadline: Deadline, max_rows: int) -> tuple[list[tuple[int, tuple[Cell, ...]]], str, str]:
    text, encoding = _decode(data)
    lines = text.splitlines()
    first = 1
    sep = re.fullmatch(r'"?sep=(.)"?', lines[0].strip()) if lines else None
    if sep:  # Excel's "sep=;" hint line
        delimiter, first = sep.group(1), 2
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _delimiter([ln for ln in lines[:60] if ln.strip()])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    start = first
    try:
        for row in reader:
            if reader.line_num + first - 1 > start:
                # A quoted field held a line break: most often a stray quote that swallowed the lines after
                # it, which would fold many order lines into one cell; refused, never guessed.
                raise _refused("quote_spans_lines", line=start)
            if len(row) > MAX_COLUMNS:
                raise _refused("too_wide", row=start, max=MAX_COLUMNS)
            rows.append((start, tuple(row)))  # a tuple of str: the collector need not keep track of it
            start = reader.line_num + first
            if len(rows) > max_rows:
                raise _refused("too_many_rows", max=max_rows)
            if not len(rows) % 4096:
                deadline.check()
    except csv.Error as exc:
        raise _refused("csv", line=start, detail=exc) from None
    return rows, encoding, delimiter


def _read_xlsx(data: bytes, sheet: str | None, deadline: Deadline,
               max_rows: int) -> tuple[list[tuple[int, tuple[Cell, ...]]], str]:
    from vip.io.xlsx import Workbook  # loaded only for XLSX

    wb = Workbook(data, deadline)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise _refused("no_sheet", sheet=sheet, sheets=", ".join(wb.sheetnames),
                           choice=nearest(sheet, wb.sheetnames))
        name = sheet if sheet is not None else wb.sheetnames[0]
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in wb.rows(name):
            rows.append((number, tuple([str(v) if v is True or v is False else v for v in values])))
            if len(rows) > max_rows:
                raise _refused("too_many_rows", max=max_rows)
        return rows, name
    finally:
        wb.close()


def _read_parquet(data: bytes, max_rows: int) -> list[tuple[int, tuple[Cell, ...]]]:
    """A Parquet file's column names (row 1) and rows, read by DuckDB, each value as the XLSX reader
    gives it: text, a number, a day or a time; anything else (a yes/no, a list, a number that is not
    finite) as its text, which the reader then refuses or reads as text."""
    import os
    import tempfile

    import duckdb  # loaded only for Parquet

    fd, path = tempfile.mkstemp(suffix=".parquet")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        with duckdb.connect() as db:
            try:
                got = db.execute("SELECT * FROM read_parquet(?) LIMIT ?", [path, max_rows + 1])
                names = tuple(str(d[0]) for d in got.description)
                rows = got.fetchall()
            except duckdb.Error:
                raise _refused("parquet") from None
    finally:
        os.unlink(path)
    if len(names) > MAX_COLUMNS:
        raise _refused("too_wide", row=1, max=MAX_COLUMNS)
    if len(rows) > max_rows:
        raise _refused("too_many_rows", max=max_rows)
    return [(1, names), *((n, tuple(map(_parquet_cell, row))) for n, row in enumerate(rows, start=2))]


def _parquet_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | Decimal | date):  # a datetime is a date
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    return str(value)


def _norm(header: str) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", header.lower())
    return " ".join(re.sub(r"[._:#/\-]+", " ", text).split())


def _header_score(header: str, word: str) -> int:
    h = _norm(header)
    if not h:
        return 0
    if h == word:
        return 3
    if re.search(rf"(^| ){re.escape(word)}( |$)", h):
        return 2 if h.startswith(word) else 1
    return 0


def _header_row(rows: Sequence[tuple[int, tuple[Cell, ...]]], wanted: Iterable[str],
                header_words: Mapping[str, Sequence[str]] | None = None) -> int:
    """Index of the header row: the first holding every wanted name, else the first that looks
    like a header (two or more known column names: `header_words`, by default a bookings
    export's), else the first non-empty row."""
    wanted = {w.strip().lower() for w in wanted}
    filled = [i for i, (_, row) in enumerate(rows[:30]) if not _is_blank(row)]
    if not filled:
        raise _refused("empty")
    if wanted:
        for i in filled:
            if wanted <= {str(c).strip().lower() for c in rows[i][1] if c is not None}:
                return i
    for i in filled:
        known = sum(
            1 for c in rows[i][1] if isinstance(c, str)
            and any(_header_score(c, w) for words in (header_words or HEADER_WORDS).values() for w in words)
        )
        if known >= 2:
            return i
    return filled[0]


def read_table(data: bytes, name: str = "", *, sheet: str | None = None, wanted: Iterable[str] = (),
               max_bytes: int = MAX_BYTES, budget_s: float | None = None,
               header_words: Mapping[str, Sequence[str]] | None = None, max_rows: int | None = None) -> Table:
    """The header and data rows of a CSV, XLSX or Parquet export (the latter two recognised by their
    content; Parquet's column names are its header row, row 1, its rows the rows below); refused
    once reading it takes longer than `budget_s` seconds, or with more than `max_rows` rows (by
    default `MAX_ROWS`, which keeps the rows of one upload within what a session holds)."""
    deadline = Deadline(budget_s)
    most = MAX_ROWS if max_rows is None else max_rows
    try:
        if len(data) > max_bytes:
            # One decimal always (rounded down): a file just over the limit must not read as equal to it.
            raise _refused("too_big", size=(Decimal(len(data)) / 10**6).quantize(Decimal("0.1")), limit=max_bytes / 1e6)
        if not data.strip():
            raise _refused("empty")
        encoding = delimiter = sheet_name = None
        if data.startswith(b"PK\x03\x04") and zipfile.is_zipfile(io.BytesIO(data)):
            raw, sheet_name = _read_xlsx(data, sheet, deadline, most)
            kind: Literal["csv", "xlsx", "parquet"] = "xlsx"
        elif data.startswith(b"PAR1") and data.endswith(b"PAR1"):
            raw, kind = _read_parquet(data, most), "parquet"
        elif data.startswith(b"\xd0\xcf\x11\xe0") or b"\x00" in data[:4096]:
            raise _refused("not_table")
        else:
            raw, encoding, delimiter = _read_csv(data, deadline, most)
            kind = "csv"
        at = 0 if kind == "parquet" else _header_row(raw, wanted, header_words)  # Parquet: its column names
        header_cells = raw[at][1]
        while header_cells and (header_cells[-1] is None or str(header_cells[-1]).strip() == ""):
            header_cells = header_cells[:-1]
        headers: list[str] = []
        for i, cell in enumerate(header_cells):
            label = str(cell).strip() if cell is not None and str(cell).strip() else f"column {i + 1}"
            while label in headers:  # duplicate headers would make a mapping by name ambiguous
                label += f" ({i + 1})"
            headers.append(label)
        width = len(headers)
        rows, numbers, blank = [], [], 0
        for number, row in raw[at + 1:]:
            if _is_blank(row):
                blank += 1
                continue
            cells = [c.strip() if isinstance(c, str) else c for c in row[:width]]
            rows.append(tuple(cells + [None] * (width - len(cells))))
            numbers.append(number)
        deadline.check()
        return Table(tuple(headers), tuple(rows), tuple(numbers), kind, encoding, delimiter, sheet_name, blank)
    except BookingsError as exc:
        exc.file = exc.file or name or None
        raise


# --- the column mapping ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column (by header) holds each field; `None` where the file has no such column."""

    product: str | None = None
    amount: str | None = None
    date: str | None = None
    currency: str | None = None
    description: str | None = None
    ship_date: str | None = None
    status: str | None = None
    partner: str | None = None

    def items(self) -> list[tuple[Field, str | None]]:
        return [("product", self.product), ("amount", self.amount), ("date", self.date),
                ("currency", self.currency), ("description", self.description), ("ship_date", self.ship_date),
                ("status", self.status), ("partner", self.partner)]

    def missing(self) -> tuple[Field, ...]:
        return tuple(f for f in REQUIRED if getattr(self, f) is None)


def guess_columns(headers: Sequence[str], header_words: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The likeliest column for each field of `header_words` (a table other than a bookings export:
    a SKU list, minimums), each column used at most once."""
    scored = sorted(((_header_score(h, w), -rank, -col, fld, h) for fld, words in header_words.items()
                     for rank, w in enumerate(words) for col, h in enumerate(headers)), reverse=True)
    chosen: dict[str, str] = {}
    for score, _, _, fld, header in scored:
        if score and fld not in chosen and header not in chosen.values():
            chosen[fld] = header
    return chosen


def guess_mapping(headers: Sequence[str]) -> ColumnMapping:
    """The likeliest column for each field, each column used at most once."""
    return _guess(tuple(headers))


@functools.lru_cache(maxsize=64)  # a portfolio asks once per partner, of the same header
def _guess(headers: tuple[str, ...]) -> ColumnMapping:
    scored = sorted(
        (
            (_header_score(h, w), -rank, -col, fld, h)
            for fld, words in HEADER_WORDS.items()
            for rank, w in enumerate(words)
            for col, h in enumerate(headers)
        ),
        reverse=True,
    )
    # The partner takes a column only once every other field has chosen, unless its header says just that
    # ("Partner", "Partner ID"): "Partner price" is an amount.
    scored.sort(key=lambda x: x[3] == "partner" and x[0] < 3)
    chosen: dict[str, str] = {}
    for score, _, _, fld, header in scored:
        if score and fld not in chosen and header not in chosen.values():
            chosen[fld] = header
    if "date" not in chosen and "ship_date" in chosen:  # the only date there is: the booking date, as before
        chosen["date"] = chosen.pop("ship_date")
    return ColumnMapping(**chosen)


def mapping_of(headers: Sequence[str], given: ColumnMapping | Mapping[str, str | None] | None) -> ColumnMapping:
    """The given mapping (checked against the headers), filled in with guesses where it is silent."""
    guess = guess_mapping(headers)
    if given is None:
        return guess
    explicit = dict(given.items()) if isinstance(given, ColumnMapping) else dict(given)
    names = {f.name for f in fields(ColumnMapping)}
    for key, header in explicit.items():
        if key not in names:
            raise _refused("unknown_field", field=key, fields=", ".join(names), choice=nearest(key, names))
        if header is not None and header not in headers:
            raise _refused("no_column", column=header, columns=", ".join(headers), choice=nearest(header, headers))
    merged = {k: explicit.get(k, v) for k, v in guess.items()}
    used = [v for k, v in merged.items() if v is not None and k in explicit]
    # A guess never takes a column the user gave to another field.
    merged = {k: (None if k not in explicit and v in used else v) for k, v in merged.items()}
    return ColumnMapping(**merged)


# --- reading amounts, dates and currencies -----------------------------------------------------


def _strip_currency(text: str) -> tuple[str, str | None]:
    """`€ 1.234,50` -> (`1.234,50`, `EUR`); the sign and parentheses stay."""
    t = text.strip()
    upper = t.upper()
    for symbol, code in SYMBOLS.items():
        if symbol in upper:
            idx = upper.index(symbol)
            return (t[:idx] + t[idx + len(symbol):]).strip(), code
    m = _CODE.search(t)
    if m:
        return (t[:m.start()] + t[m.end():]).strip(), m.group(1) or m.group(2)
    return t, None


def _vote(text: str) -> str | None:
    """The decimal separator a written number shows plainly, or None when it could be either."""
    t, _ = _strip_currency(text)
    t = _SPACES.sub("", t).strip("()+-")
    dot, comma = t.rfind("."), t.rfind(",")
    if dot >= 0 and comma >= 0:
        return "." if dot > comma else ","
    sep = "." if dot >= 0 else "," if comma >= 0 else None
    if sep is None:
        return None
    if t.count(sep) > 1:
        return "," if sep == "." else "."
    return None if len(t) - t.rfind(sep) - 1 == 3 else sep


def detect_decimal(values: Iterable[Cell], default: str = ".") -> str:
    """`,` or `.`: the decimal separator of a column, by majority of the values that show it."""
    votes = {".": 0, ",": 0}
    for v in values:
        if isinstance(v, str):
            sep = _vote(v)
            if sep:
                votes[sep] += 1
    if votes["."] == votes[","]:
        return default
    return "." if votes["."] > votes[","] else ","


def parse_amount(value: Cell, decimal: str) -> tuple[Decimal, str | None]:
    """(amount, currency written with it); ValueError("comma"/"point") when the number is written
    for the other decimal separator, ValueError("number") when it is no number at all."""
    if isinstance(value, bool) or value is None:
        raise ValueError("number")
    if isinstance(value, int | Decimal):
        return Decimal(value), None
    if isinstance(value, float):
        return Decimal(repr(value)), None
    if not isinstance(value, str):
        raise ValueError("number")
    text, currency = _strip_currency(value)
    text = _SPACES.sub("", text)
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text.endswith("-"):
        negative, text = True, text[:-1]
    if text and text[0] in "+-":
        negative, text = negative or text[0] == "-", text[1:]
    if not re.fullmatch(r"\d[\d.,]*", text):
        raise ValueError("number")
    thousands = "," if decimal == "." else "."
    whole, _, frac = text.partition(decimal)
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise ValueError("comma" if decimal == "," else "point")
        whole = "".join(groups)
    plain = f"{whole}.{frac}" if frac else whole
    if not _NUMBER.match(plain):
        raise ValueError("comma" if decimal == "," else "point")
    amount = Decimal(plain)
    return (-amount if negative else amount), currency


def _year(text: str) -> int:
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 70 else 1900 + y)


def detect_day_first(values: Iterable[Cell]) -> bool:
    """Whether d-m-y (European) rather than m/d/y: m/d/y only when the column shows it plainly."""
    day_first = month_first = 0
    for v in values:
        m = _NUMERIC.match(v) if isinstance(v, str) else None
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            day_first += a > 12
            month_first += b > 12
    return not (month_first and not day_first)


def parse_date(value: Cell, day_first: bool = True) -> date:
    """A date from a cell: ISO, European (1-3-2015, 01.03.2015, 1 mrt 2015) or an Excel serial;
    ValueError("day") for a date that does not exist (31-02-2015), ValueError("date") otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return date(1899, 12, 30) + timedelta(days=int(value))  # an Excel day number
    if not isinstance(value, str) or not value:
        raise ValueError("date")
    text = value.strip()
    try:
        if m := _ISO.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _ISO_BASIC.match(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.match(text):
            a, b = int(m.group(1)), int(m.group(2))
            day, month = (a, b) if day_first else (b, a)
            return date(_year(m.group(3)), month, day)
        if (m := _NAMED.match(text)) and m.group(2).lower() in MONTHS:
            return date(_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        raise ValueError("day") from None
    raise ValueError("date")


def _refused(code: str, *, choice: str | None = None, **params: object) -> BookingsError:
    """A whole file refused: the code, its figures and the nearest valid `choice` (worded by
    `vip.present.explain.error_line`)."""
    return BookingsError(code=f"bookings.refused.{code}", params=params, suggestion=choice)
