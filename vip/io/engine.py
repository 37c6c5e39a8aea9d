"""Bookings read by DuckDB (embedded, no server): a CSV or Parquet export loaded once, then totalled
as one partner's or per partner, with the reader's rules and to the same cent.

`load` takes a CSV it can vouch for: no quotes, no blank line between rows, no row wider or
narrower than the header, decoded as the reader decodes it, with the header row and separator
`read_table` finds in the first 64 KB; and a Parquet file whose mapped columns hold text, amounts
with two decimals (DECIMAL) or days (DATE), each value read as its text. Any other file gives None,
for the reader. `Loaded.imports` totals in SQL the plain lines (a printable SKU, an amount with two
decimals, a `dd-mm-yyyy` or ISO day that exists, a currency with its rate or none) and reads every
other line with the reader's own `_read_line`; the decimal mark and the day order are decided over
each partner's lines as the reader decides them.
A partner it cannot vouch for (a ship date or status column, an edition with a SKU list, the other
decimal mark, a total the reader refuses) gives None, for the reader.

`total` imports every line of a CSV as one partner's (`vip import`) without a table: one parallel
pass groups the rows by SKU, currency and day as written and by whether the amount is plain, summing
the amounts; each SKU, currency and day is then read once, here, and the rows not plainly written
are fetched by a second pass for the reader's `_read_line`. The row each family is first counted on
(the families' order) is found in the file's first lines, else by DuckDB.

What it gives is a `BookingsResult` like the reader's: totals per subtrack and family, lines
counted and issues counted by kind; the lines and issues themselves are read by the reader when
asked for (`BookingsResult.lines`, `.issues`), so each message is the reader's own: the first issues
(`first_issues`) from the file's first lines alone, and `total`'s issues alone from the lines it did
not count alone.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from vip.io.bookings import (
    MAX_RATE,
    MAX_SCALE,
    MIN_RATE,
    BookingsResult,
    Issue,
    PrefixIndex,
    _read_line,
    _wanted,
    partner_key,
    read_detail,
    read_head,
)
from vip.io.tables import (
    _NUMERIC,
    CENT,
    MAX_COLUMNS,
    SYMBOLS,
    ColumnMapping,
    Table,
    _decode,
    _parquet_cell,
    _vote,
    mapping_of,
    read_table,
)
from vip.model.edition import MONEY_LIMIT, Edition, Period
from vip.model.errors import BookingsError

SAMPLE = 64 * 1024
PRINTABLE = r"[!-~]([ -~]*[!-~])?"  # a SKU the engine reads as written: printable ASCII, no space at either end
# An amount the reader's vote and parser take one way only: two decimals after the mark, thousands
# marks (if any) in groups of three, at most 12 digits before the mark (far below the money limit).
AMOUNT = {",": r"^-?(\d{1,3}(\.\d{3}){0,3}|\d{1,12}),\d{2}$", ".": r"^-?(\d{1,3}(,\d{3}){0,3}|\d{1,12})\.\d{2}$"}


@dataclass
class _File:
    """An export the engine reads, and how."""

    data: bytes  # the file, for the reader to read the lines when they are asked for
    name: str
    table: Table  # how the file is read: kind, encoding, separator, header; the rows of its first 64 KB
    mapping: ColumnMapping
    given: ColumnMapping | Mapping[str, str | None] | None
    col: dict[str, int]  # field -> its column


@dataclass
class Loaded(_File):
    """One CSV or Parquet export in DuckDB, its partners (by `partner_key`) counted, until `close`."""

    db: Any = None
    names: dict[str, str] = field(default_factory=dict)  # partner key -> the partner as the file first writes it
    cells: dict[str, list[str]] = field(default_factory=dict)  # partner key -> its cells as written
    # Per partner cell: the days whose first and whose second number is above 12, and the amounts written
    # plainly (each a vote for the file's decimal mark); and the rows whose day is not plainly written
    # (row number, cells), which the reader's own functions read.
    votes: dict[str, list[int]] = field(default_factory=dict)
    odd: dict[str, list[tuple[int, bool, tuple[str, ...]]]] = field(default_factory=dict)

    def __enter__(self) -> Loaded:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def _offset(self) -> int:
        return self.table.row_numbers[0]

    def _pk(self, cells: Sequence[tuple[str, str]], day_first: Sequence[bool]) -> None:
        self.db.execute("CREATE OR REPLACE TEMP TABLE pk AS SELECT unnest(?::VARCHAR[]) AS cell, "
                        "unnest(?::VARCHAR[]) AS label, unnest(?::BOOLEAN[]) AS day_first",
                        [[c for c, _ in cells], [k for _, k in cells], list(day_first) or [True] * len(cells)])

    def rows_of(self, keys: Sequence[str]) -> dict[str, tuple[int, ...]]:
        """The row numbers of each partner's lines, in the file's order."""
        cells = [(c, k) for k in keys for c in self.cells[k]]
        if not cells:
            return {}
        self._pk(cells, [])
        out: dict[str, list[int]] = {k: [] for k in keys}
        for key, line in self.db.execute(f"""SELECT pk.label, raw.rowid + {self._offset} FROM raw JOIN pk USING (cell)
                WHERE NOT blank ORDER BY raw.rowid""").fetchall():
            out[key].append(int(line))
        return {k: tuple(v) for k, v in out.items()}

    def imports(self, edition: Edition, period_id: str, groups: Mapping[str, Sequence[str] | None], *,
                per_usd: Mapping[str, Decimal] | None = None, currency: str = "USD",
                scale: Decimal | int = 1) -> dict[str, BookingsResult | None]:
        """Per group (a label and the partner keys whose lines it takes; None: every line) the import
        of its lines as `import_bookings` gives it, or None where the reader must read them."""
        settings = _settings(edition, self.mapping, period_id, per_usd, currency, scale)
        if settings is None:
            return dict.fromkeys(groups)
        factor, rates, currency = settings
        cells = {label: [c for k in (self.cells if keys is None else keys) for c in self.cells.get(k, ())]
                 for label, keys in groups.items()}
        day_first = {}
        for label, of in cells.items():  # the reader's `detect_day_first` over the group's lines
            first, second = sum(self.votes[c][0] for c in of), sum(self.votes[c][1] for c in of)
            day_first[label] = not (second and not first)
        self._pk([(c, label) for label, of in cells.items() for c in of],
                 [day_first[label] for label, of in cells.items() for _ in of])
        return self._imports(edition, period_id, groups, cells, rates, currency, factor, day_first)

    def _imports(self, edition: Edition, period_id: str, groups: Mapping[str, Sequence[str] | None],
                 cells: dict[str, list[str]], rates: dict[str, Decimal], currency: str, factor: Decimal,
                 day_first: dict[str, bool]) -> dict[str, BookingsResult | None]:
        db, period = self.db, edition.period_by_id[period_id]
        decimal = "," if self.table.delimiter == ";" else "."
        index = PrefixIndex(edition)
        skus = [r[0] for r in db.execute("SELECT DISTINCT sku FROM raw WHERE sku_ok").fetchall()]
        mapped = [(s, *(index(s) or (None, None))) for s in skus]
        db.execute("CREATE OR REPLACE TEMP TABLE m AS SELECT unnest(?::VARCHAR[]) AS sku, "
                   "unnest(?::VARCHAR[]) AS subtrack, unnest(?::VARCHAR[]) AS family",
                   [[m[0] for m in mapped], [m[1] for m in mapped], [m[2] for m in mapped]])
        kept = _kept(rates)
        db.execute("""CREATE OR REPLACE TEMP TABLE k AS
            WITH r AS (
                SELECT raw.rowid AS rid, pk.label, cur, sku,
                    CASE WHEN shape = 'iso' THEN try_strptime(d, '%Y-%m-%d') WHEN pk.day_first THEN
                        try_strptime(d, '%d-%m-%Y') ELSE try_strptime(d, '%m-%d-%Y') END::DATE AS day,
                    amt IS NOT NULL AND sku_ok AND (cur IN (SELECT unnest($kept::VARCHAR[])) OR (cur = '' AND $bare))
                        AS fine, amt
                FROM raw JOIN pk USING (cell) WHERE NOT blank AND shape IS NOT NULL)
            SELECT rid, label, cur, amt, fine AND day IS NOT NULL AS plain, day BETWEEN $start AND $end AS inside,
                m.subtrack, m.family
            FROM r LEFT JOIN m USING (sku)""",
                   {"kept": kept or [""], "bare": currency in kept, "start": period.start, "end": period.end})
        sums = db.execute("""SELECT label, subtrack, family, cur, (sum(amt) * 100)::HUGEINT, min(rid) FROM k
            WHERE plain AND inside AND subtrack IS NOT NULL GROUP BY ALL ORDER BY ALL""").fetchall()
        counts = db.execute("""SELECT label, count(*) FILTER (WHERE plain AND inside AND subtrack IS NOT NULL),
            count(*) FILTER (WHERE plain AND NOT inside), count(*) FILTER (WHERE plain AND inside AND subtrack IS NULL)
            FROM k GROUP BY label""").fetchall()
        other = db.execute(f"""SELECT k.label, raw.rowid + {self._offset}, raw.amt IS NOT NULL, COLUMNS('^c[0-9]+$')
            FROM k JOIN raw ON raw.rowid = k.rid WHERE NOT k.plain ORDER BY raw.rowid""").fetchall()

        tally = {label: _Tally(sum(self.votes[c][2] for c in of), sum(self.votes[c][3] for c in of))
                 for label, of in cells.items()}
        rate_of, offset = {cur: rates[cur or currency] for cur in {row[3] for row in sums}}, self._offset
        for label, sid, fid, cur_of, cents, rid in sums:  # `_Tally.add`, written out: 18 rows a partner
            t, usd, row = tally[label], Decimal(cents).scaleb(-2) / rate_of[cur_of], rid + offset
            fam = t.families.setdefault(sid, {})
            fam[fid] = fam[fid] + usd if fid in fam else usd
            if t.first.get((sid, fid), row) >= row:
                t.first[sid, fid] = row
        for label, inside, outside, unmapped in counts:
            tally[label].counted = inside
            tally[label].kinds["outside_period"] += outside
            tally[label].kinds["unmapped"] += unmapped
        for label, number, plain_amount, *cs in other:
            tally[label].rows.append((number, plain_amount, tuple(c or "" for c in cs)))
        for label, of in cells.items():
            tally[label].rows += [odd for c in of for odd in self.odd[c]]
        return {label: _finish(tally[label], self, edition, period_id, index, rates, currency, factor, decimal,
                               day_first[label], None if keys is None else tuple(keys))
                for label, keys in groups.items()}


def _settings(edition: Edition, mapping: ColumnMapping, period_id: str, per_usd: Mapping[str, Decimal] | None,
              currency: str, scale: Decimal | int) -> tuple[Decimal, dict[str, Decimal], str] | None:
    """The scale, the rates per USD (USD's own included) and the currency of lines that name none; None
    where the engine leaves the import to the reader: a ship date or status column, an edition with a
    SKU list, or a period, scale or rate the reader refuses with its own message."""
    factor = Decimal(scale)
    rates = {k.upper(): Decimal(v) for k, v in (per_usd or {}).items()}
    if (edition.sku_list or mapping.ship_date or mapping.status or period_id not in edition.period_by_id
            or not factor.is_finite() or not 0 < factor <= MAX_SCALE
            or any(not (v.is_finite() and MIN_RATE <= v <= MAX_RATE) for v in rates.values())):
        return None
    return factor, {**rates, "USD": Decimal(1)}, currency.upper()


def _kept(rates: Mapping[str, Decimal]) -> list[str]:
    """The currencies a plain line may name: those with a rate, written as a code."""
    return [k for k in sorted(rates) if re.fullmatch(r"[A-Z]{3}", k) and k not in SYMBOLS]


@dataclass
class _Tally:
    """One partner's (or the file's) import as it is counted: plain lines totalled in SQL, the rest
    (`rows`: row number, whether its amount is plain (None: not known), cells) read here."""

    plain_amounts: int  # amounts written plainly: each a vote for the file's decimal mark
    rows_read: int
    families: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    first: dict[tuple[str, str], int] = field(default_factory=dict)  # the row each family is first counted on
    counted: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: {"rejected": 0, "outside_period": 0, "unmapped": 0})
    rows: list[tuple[int, bool | None, tuple[str, ...]]] = field(default_factory=list)

    def add(self, sid: str, fid: str, usd: Decimal, row: int) -> None:
        fam = self.families.setdefault(sid, {})
        fam[fid] = fam.get(fid, Decimal(0)) + usd
        self.first[sid, fid] = min(self.first.get((sid, fid), row), row)


def _finish(tally: _Tally, file: _File, edition: Edition, period_id: str, index: PrefixIndex,
            rates: dict[str, Decimal], currency: str, factor: Decimal, decimal: str, day_first: bool,
            keys: tuple[str, ...] | None, only_issues: Callable[[], tuple[Issue, ...]] | None = None
            ) -> BookingsResult | None:
    """The import of what `tally` holds: the lines not plainly written read as the reader reads them,
    the decimal mark decided as the reader decides it; None where the reader must say what it makes
    of them (the other decimal mark, nothing usable, a total too large)."""
    period, votes = edition.period_by_id[period_id], [tally.plain_amounts, 0]
    for number, plain_amount, row in sorted(tally.rows, key=lambda r: r[0]):  # line by line, as the reader reads
        if not plain_amount and (vote := _vote(row[file.col["amount"]])) is not None:
            votes[vote != decimal] += 1
        got = _read_line(number, row, file.col, decimal, (day_first, day_first), rates, currency, period, index)
        if isinstance(got, Issue):
            tally.kinds[got.kind] += 1
        elif got.subtrack is not None and got.family is not None:
            tally.add(got.subtrack, got.family, got.usd, number)
            tally.counted += 1
    fams, first = tally.families, tally.first
    if (votes[1] > votes[0] or not tally.counted
            or any(sum(f.values(), Decimal(0)) * factor >= MONEY_LIMIT for f in fams.values())):
        return None
    at = {sid: min(first[sid, fid] for fid in fam) for sid, fam in fams.items()}
    scaled = {sid: {fid: (fam[fid] * factor).quantize(CENT, ROUND_HALF_UP)
                    for fid in sorted(fam, key=lambda f, sid=sid: first[sid, f])}  # type: ignore[misc]
              for sid, fam in sorted(fams.items(), key=lambda x: at[x[0]])}
    read = (file.data, file.name, edition, period_id, file.given, rates, currency, factor, keys)
    return BookingsResult(
        file.name, file.table, file.mapping, decimal, day_first, period, factor, scaled,
        {s.id: len(s.families) for s in edition.subtrack_by_id.values()}, rows_read=tally.rows_read,
        counted=tally.counted, issue_counts=tally.kinds, detail=partial(read_detail, *read),
        head=partial(read_head, *read, (decimal, day_first)), only_issues=only_issues)


def load(data: bytes, name: str, mapping: ColumnMapping | Mapping[str, str | None] | None = None) -> Loaded | None:
    """The file in DuckDB with its partners counted (by `mapping["partner"]`, else a partner column
    guessed when the mapping names one), or None when it is not a file the engine vouches for."""
    if data.startswith(b"PAR1") and data.endswith(b"PAR1"):
        return _parquet(data, name, mapping)
    plain = _plain_csv(data, name, mapping)
    if plain is None:
        return None
    sample, columns, text, lines = plain
    import duckdb  # only here: the rest of the core does without it

    db = duckdb.connect()
    try:
        with _temporary(text, ".csv") as path:
            loaded = _load(db, _read_csv(sample), {"path": path, "delim": sample.delimiter}, data, name, sample,
                           columns, mapping, lines=lines)
        if loaded is None:
            db.close()
        return loaded
    except duckdb.Error:  # a row wider or narrower than the header, say: the reader's to tell
        db.close()
        return None


def total(data: bytes, name: str, edition: Edition, period_id: str, *,
          mapping: ColumnMapping | Mapping[str, str | None] | None = None, per_usd: Mapping[str, Decimal] | None = None,
          currency: str = "USD", scale: Decimal | int = 1) -> BookingsResult | None:
    """Every line of an export as one partner's, as `import_bookings` gives it, or None where the reader
    must read the file. A CSV is totalled in one pass, with no table kept: what `load(...).imports`
    gives for every line, in a fraction of its time and memory."""
    if data.startswith(b"PAR1") and data.endswith(b"PAR1"):
        loaded = load(data, name, mapping)
        if loaded is None:
            return None
        with loaded:
            return loaded.imports(edition, period_id, {"": None}, per_usd=per_usd, currency=currency, scale=scale)[""]
    plain = _plain_csv(data, name, mapping)
    if plain is None:
        return None
    sample, columns, text, lines = plain
    settings = _settings(edition, columns, period_id, per_usd, currency, scale)
    if settings is None:
        return None
    factor, rates, currency = settings
    import duckdb

    file = _File(data, name, sample, columns, mapping,
                 {f: sample.headers.index(h) for f, h in columns.items() if h is not None})
    decimal, period = "," if sample.delimiter == ";" else ".", edition.period_by_id[period_id]
    try:
        with _temporary(text, ".csv") as path, _database().cursor() as db:
            return _total(db, file, text, {"path": path, "delim": sample.delimiter, **_marks(decimal)}, lines,
                          edition, period_id, rates, currency, factor, decimal, period)
    except duckdb.Error:  # a row wider or narrower than the header, say: the reader's to tell
        return None


_DATABASE: tuple[int, Any] | None = None  # the process that opened it, and DuckDB in memory


def _database() -> Any:
    """One DuckDB for `total`'s imports in this process, opened once (a connection costs some 15 ms): each
    import works in a cursor of its own, a connection whose temporary tables go with it, so that imports
    in several threads (the app's sessions) never meet. A forked process opens its own."""
    global _DATABASE
    import duckdb

    if _DATABASE is None or _DATABASE[0] != os.getpid():
        _DATABASE = (os.getpid(), duckdb.connect())
    return _DATABASE[1]


def _total(db: Any, file: _File, text: bytes, params: dict[str, Any], lines: int, edition: Edition, period_id: str,
           rates: dict[str, Decimal], currency: str, factor: Decimal, decimal: str, period: Period
           ) -> BookingsResult | None:
    """`total`'s pass over the file: its rows grouped by the cells that decide how each counts (SKU,
    currency and day as written, whether the amount is plainly written), the amounts summed. Each
    SKU, currency and day is then read here once; the rows not plainly written are fetched by a second
    pass, if any, for the reader's `_read_line`."""
    offset, read, cell = file.table.row_numbers[0], _read_csv(file.table), _cells(file.col)
    plain = {**params, "amount": _plain_amount(decimal)}
    amt = f"""CASE WHEN regexp_matches({cell['amount']}, $amount) THEN  -- in cents
        replace(replace({cell['amount']}, $thousands, ''), $decimal, '')::BIGINT END"""
    db.execute(f"""CREATE TEMP TABLE g AS SELECT {cell['product']} AS sku, {cell['currency']} AS cur,
            {cell['date']} AS d, amt IS NOT NULL AS plain, count(*) AS n, sum(amt) AS amount
        FROM (SELECT *, {amt} AS amt FROM {read}) GROUP BY ALL""", plain)
    written = db.execute("SELECT d, sum(n) FROM g GROUP BY d").fetchall()
    if sum(n for _, n in written) != lines - (offset - 1):
        return None  # DuckDB skipped blank lines, which the reader counts in its row numbers
    first = second = 0
    for d, n in written:  # the reader's `detect_day_first`, over the days as the reader strips them
        if m := _NUMERIC.match(d.strip()):
            first, second = first + n * (int(m.group(1)) > 12), second + n * (int(m.group(2)) > 12)
    day_first = not (second and not first)
    codes = {d: _day_code(d.strip(" "), day_first, period) for d, _ in written}
    _days(db, codes)
    groups = db.execute("""SELECT sku, cur, plain, code, sum(n), sum(amount) FROM g JOIN days USING (d)
        GROUP BY ALL""").fetchall()
    kept, index = set(_kept(rates)), PrefixIndex(edition)
    skus = {sku: _sku(sku) for sku, *_ in groups}  # as written -> as read, or None: the reader's to read
    curs: dict[str, str | None] = {}
    for _, cur, *_ in groups:
        read_as = cur.strip(" ").upper()
        curs[cur] = read_as if cur.isascii() and (read_as in kept or (read_as == "" and currency in kept)) else None
    tally = _Tally(sum(g[4] for g in groups if g[2]), sum(g[4] for g in groups))
    sums: dict[tuple[str, str, str], Decimal] = {}
    counting: dict[tuple[str, str], tuple[str, str]] = {}  # (SKU, currency) as written -> the family they count in
    other = False  # a row not plainly written
    for sku, cur, plain_amount, code, n, total_of in groups:
        sku_as, cur_as = skus[sku], curs[cur]
        if code < OUTSIDE or not plain_amount or sku_as is None or cur_as is None:
            other = True
        elif code == OUTSIDE:
            tally.kinds["outside_period"] += n
        elif (mapped := index(sku_as)) is None:
            tally.kinds["unmapped"] += n
        else:
            key = (*mapped, cur_as)
            sums[key] = sums.get(key, Decimal(0)) + Decimal(total_of).scaleb(-2)
            counting[sku, cur] = mapped
            tally.counted += n
    for (sid, fid, cur), usd in sorted(sums.items()):  # as `Loaded.imports` adds them
        fam = tally.families.setdefault(sid, {})
        fam[fid] = fam.get(fid, Decimal(0)) + usd / rates[cur or currency]
    tally.first.update(_first_counted(db, file, text, read, plain, counting, codes))
    if other:  # the rows not plainly written, each as the reader reads it
        rows = db.execute(f"""SELECT ordinality - 1 + {offset}, amt IS NOT NULL, code, COLUMNS('^c[0-9]+$')
            FROM (SELECT *, {amt} AS amt FROM {read} WITH ORDINALITY) r JOIN days ON days.d = {cell['date']}
            WHERE amt IS NULL OR code < {OUTSIDE} OR list_contains($skus::VARCHAR[], {cell['product']})
                OR list_contains($curs::VARCHAR[], {cell['currency']})""",
                          {**plain, "skus": [k for k, v in skus.items() if v is None],
                           "curs": [k for k, v in curs.items() if v is None]}).fetchall()
        for number, plain_amount, code, *cells in rows:
            row = tuple((x or "").strip() if code == ODD else x or "" for x in cells)
            if not any(row):  # blank to the reader, which strips more than spaces: not a row
                tally.rows_read -= 1
                continue
            tally.rows.append((number, plain_amount, row))
    counts = {"skus": [k for k, _ in counting], "curs": [c for _, c in counting]}  # as written: both count
    only_issues = partial(_issues_of, file, edition, period_id, rates, currency, decimal, day_first, codes, counts)
    return _finish(tally, file, edition, period_id, index, rates, currency, factor, decimal, day_first, None,
                   only_issues)


def _issues_of(file: _File, edition: Edition, period_id: str, rates: dict[str, Decimal], currency: str,
               decimal: str, day_first: bool, codes: Mapping[str, int], counts: Mapping[str, list[str]]
               ) -> tuple[Issue, ...]:
    """The lines of `total`'s import that do not count, as the reader gives them: each line DuckDB did
    not count (`codes`: how each day as written reads; `counts`: the SKUs and currencies, as written,
    of the lines that count) read by the reader's `_read_line`, for its issue."""
    col, offset, read, cell = file.col, file.table.row_numbers[0], _read_csv(file.table), _cells(file.col)
    with _temporary(_utf8(file.data, file.table.encoding or "utf-8"), ".csv") as path, _database().cursor() as db:
        _days(db, codes)
        rows = db.execute(f"""SELECT ordinality - 1 + {offset}, COLUMNS('^c[0-9]+$')
            FROM {read} WITH ORDINALITY JOIN days ON days.d = {cell['date']}
            WHERE NOT (code = {INSIDE} AND regexp_matches({cell['amount']}, $amount)
                AND list_contains($skus::VARCHAR[], {cell['product']})
                AND list_contains($curs::VARCHAR[], {cell['currency']}))
            ORDER BY 1""", {"path": path, "delim": file.table.delimiter, "amount": _plain_amount(decimal), **counts}
                          ).fetchall()
    period, index, out = edition.period_by_id[period_id], PrefixIndex(edition), []
    for number, *cells in rows:
        row = tuple((x or "").strip() for x in cells)  # as the reader's table holds it
        if any(row) and isinstance(got := _read_line(number, row, col, decimal, (day_first, day_first), rates,
                                                     currency, period, index), Issue):
            out.append(got)
    return tuple(out)


def _sku(written: str) -> str | None:
    """A SKU as written, as the engine reads it (trimmed, in capitals), or None for one the reader reads
    its own way: empty, or not printable ASCII."""
    sku = written.strip(" ")
    return sku.upper() if re.fullmatch(PRINTABLE, sku) else None


FIRST_LINES = 100_000  # lines read here for the first counted line of each family, before DuckDB looks


def _first_counted(db: Any, file: _File, text: bytes, read: str, params: dict[str, Any],
                   counting: Mapping[tuple[str, str], tuple[str, str]], codes: Mapping[str, int]
                   ) -> dict[tuple[str, str], int]:
    """The row each family is first counted on, which orders the families as the reader does: found
    by reading the file's first lines (`text`, as DuckDB reads it: UTF-8, no BOM), where each family
    nearly always is, else by DuckDB."""
    families, col = set(counting.values()), file.col
    amount = re.compile(params["amount"].replace(r"\d", "[0-9]"))
    first: dict[tuple[str, str], int] = {}
    at, number = 0, 1
    while number < file.table.row_numbers[0]:  # the title and header lines
        at, number = text.index(b"\n", at) + 1, number + 1
    while len(first) < len(families) and at < len(text) and number < FIRST_LINES:
        end = text.find(b"\n", at)
        end = len(text) if end < 0 else end
        cells = text[at:end].removesuffix(b"\r").decode().split(file.table.delimiter)
        at, number = end + 1, number + 1
        if len(cells) != len(file.table.headers):  # a blank line after the last: none of DuckDB's rows
            continue
        key = (cells[col["product"]], cells[col["currency"]] if "currency" in col else "")
        if (fam := counting.get(key)) is not None and fam not in first and codes.get(cells[col["date"]]) == INSIDE \
                and amount.match(cells[col["amount"]]):
            first[fam] = number - 1
    if len(first) < len(families):  # a family first counted further on: DuckDB finds where
        cell, offset = _cells(col), file.table.row_numbers[0]
        found = db.execute(f"""SELECT {cell['product']}, {cell['currency']}, min(ordinality) - 1 + {offset}
            FROM {read} WITH ORDINALITY JOIN days ON days.d = {cell['date']}
            WHERE code = {INSIDE} AND regexp_matches({cell['amount']}, $amount) GROUP BY ALL""",
                           {"path": params["path"], "delim": params["delim"], "amount": params["amount"]}).fetchall()
        first = {}
        for sku, cur, line in found:
            if (fam := counting.get((sku, cur))) is not None:
                first[fam] = min(first.get(fam, line), line)
    return first


# How a day as written reads: in a form the reader reads its own way (or not at all), a day that does not
# exist, outside the period, in it.
ODD, NO_DAY, OUTSIDE, INSIDE = 0, 1, 2, 3


def _day_code(d: str, day_first: bool, period: Period) -> int:
    """A day as written (`_shaped`'s `d`), read as the engine's SQL reads it: `yyyy-mm-dd`, or
    `dd-mm-yyyy` (`mm-dd-yyyy` where the file writes its days month first)."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", d):
        y, m, day = d[:4], d[5:7], d[8:]
    elif re.fullmatch(r"[0-9]{2}-[0-9]{2}-[0-9]{4}", d):
        y, m, day = (d[6:], d[3:5], d[:2]) if day_first else (d[6:], d[:2], d[3:5])
    else:
        return ODD
    try:
        on = date(int(y), int(m), int(day))
    except ValueError:
        return NO_DAY
    return INSIDE if period.start <= on <= period.end else OUTSIDE


def _plain_csv(data: bytes, name: str, mapping: ColumnMapping | Mapping[str, str | None] | None
               ) -> tuple[Table, ColumnMapping, bytes, int] | None:
    """A CSV the engine can vouch for: how it is read (its first 64 KB, the encoding the reader takes),
    its columns, its text in UTF-8 and its lines up to the last that is not blank; else None."""
    if b'"' in data or data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        return None  # quotes, a workbook or no text at all
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    if data[:1] in (b"\r", b"\n"):
        return None  # a blank first line: the reader's row numbers would differ
    # A carriage return alone, which the reader takes for a line break: DuckDB refuses it within a file
    # of carriage returns and line feeds, or of line feeds, and with carriage returns alone a file's rows
    # outnumber its line feeds (both checked by the tests).
    try:
        cut = data[:SAMPLE]
        sample = read_table(cut[:cut.rfind(b"\n") + 1] if len(data) > SAMPLE else data, name, wanted=_wanted(mapping),
                            max_rows=SAMPLE)
        columns = mapping_of(sample.headers, mapping)
    except BookingsError:
        return None
    if sample.kind != "csv" or columns.missing() or not sample.row_numbers or sample.delimiter is None \
            or len(set(sample.headers)) != len(sample.headers):
        return None
    try:
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        if not data.isascii():
            data.decode("utf-8")  # as the reader decodes it: UTF-8 (with or without BOM), else Windows-1252
        text = _utf8(data, encoding)
    except UnicodeDecodeError:
        try:
            text, encoding = _utf8(data, "cp1252"), "cp1252"
        except BookingsError:
            return None
    return replace(sample, encoding=encoding), columns, text, data.count(b"\n", 0, end) + 1


@contextmanager
def _temporary(data: bytes, suffix: str) -> Iterator[str]:
    """A file holding `data` for DuckDB to read, removed after."""
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        yield path
    finally:
        os.unlink(path)


def _read_csv(sample: Table) -> str:
    """SQL reading the CSV at `$path` (separator `$delim`) from its first data row: each cell as text,
    in columns c0, c1, …; a row wider or narrower than the header is an error."""
    names = {f"c{i}": "VARCHAR" for i in range(len(sample.headers))}
    return (f"read_csv($path, delim=$delim, header=false, skip={sample.row_numbers[0] - 1}, columns={names!r}, "
            "quote='', escape='', strict_mode=true, null_padding=false, auto_detect=false)")


def _utf8(data: bytes, encoding: str) -> bytes:
    """The file's text as DuckDB reads it: UTF-8 without a BOM (from Windows-1252 where the reader
    decodes it so)."""
    if encoding == "cp1252":
        return _decode(data)[0].encode()
    return data[3:] if encoding == "utf-8-sig" else data


def _cells(col: Mapping[str, int]) -> dict[str, str]:
    """SQL of a row's product, currency, day and amount cells as written ('' where empty or absent)."""
    return {f: f"coalesce(c{col[f]}, '')" if f in col else "''" for f in ("product", "currency", "date", "amount")}


def _plain_amount(decimal: str) -> str:
    """The regular expression of an amount `total` sums: `AMOUNT`, spaces around it allowed."""
    return AMOUNT[decimal].replace("^", "^ *").replace("$", " *$")


def _days(db: Any, codes: Mapping[str, int]) -> None:
    """The table `days`: each day as written (`d`) and how it reads (`code`: `_day_code`)."""
    db.execute("CREATE TEMP TABLE days AS SELECT unnest(?::VARCHAR[]) AS d, unnest(?::TINYINT[]) AS code",
               [list(codes), list(codes.values())])


def _parquet(data: bytes, name: str, mapping: ColumnMapping | Mapping[str, str | None] | None) -> Loaded | None:
    """A Parquet file whose mapped columns hold text, or an amount with two decimals, or a day: each
    value as text is what the reader reads in it (`tables._read_parquet`). Any other, None."""
    import duckdb

    fd, path = tempfile.mkstemp(suffix=".parquet")
    db, loaded = duckdb.connect(), None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        described = db.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        names, types = [str(r[0]) for r in described], [str(r[1]) for r in described]
        if any(not n or n != n.strip() for n in names) or len(set(names)) != len(names) or len(names) > MAX_COLUMNS:
            return None  # the reader names such columns its own way
        head = db.execute("SELECT * FROM read_parquet(?) LIMIT 64", [path]).fetchall()
        sample = Table(tuple(names), tuple(tuple(map(_parquet_cell, r)) for r in head),
                       tuple(range(2, len(head) + 2)), "parquet")
        columns = mapping_of(sample.headers, mapping)
        kind = dict(zip(names, types, strict=True))
        typed = {f: kind[h] for f, h in columns.items() if h is not None and f != "description"}
        if columns.missing() or not head or any(
                t != "VARCHAR" and not (f == "amount" and re.fullmatch(r"DECIMAL\(\d+,2\)", t))
                and not (f == "date" and t == "DATE") for f, t in typed.items()):
            return None
        cast = ", ".join(f'CAST("{n.replace(chr(34), chr(34) * 2)}" AS VARCHAR) AS c{i}' for i, n in enumerate(names))
        loaded = _load(db, f"(SELECT {cast} FROM read_parquet($path))", {"path": path}, data, name, sample, columns,
                       mapping, lines=None)
        return loaded
    except duckdb.Error:
        return None
    finally:
        if loaded is None:
            db.close()
        os.unlink(path)


def _load(db: Any, source: str, params: dict[str, Any], data: bytes, name: str, sample: Table,
          columns: ColumnMapping, mapping: ColumnMapping | Mapping[str, str | None] | None,
          lines: int | None) -> Loaded | None:
    """The file in DuckDB, read from `source` (SQL naming its columns c0, c1, …, as text), with
    `lines` lines up to the last that is not blank (a CSV), or None when DuckDB read fewer rows: it
    skips blank lines, which the reader counts in its row numbers."""
    width = len(sample.headers)
    col: dict[str, int] = {f: sample.headers.index(h) for f, h in columns.items() if h is not None}
    decimal = "," if sample.delimiter == ";" else "."
    db.execute(rf"""CREATE TEMP TABLE raw AS
        SELECT *, regexp_matches(sku, '^{PRINTABLE}$') AS sku_ok FROM ({_shaped(col, width, source)})""",
               {**params, **_marks(decimal)})
    skipped = sample.row_numbers[0] - 1
    if lines is not None and db.execute("SELECT count(*) FROM raw").fetchone()[0] != lines - skipped:
        return None
    stats = db.execute(r"""SELECT cell, min(rowid) AS first,
        count(*) FILTER (WHERE shape = 'dm' AND TRY_CAST(substr(d, 1, 2) AS INT) > 12),
        count(*) FILTER (WHERE shape = 'dm' AND TRY_CAST(substr(d, 4, 2) AS INT) > 12),
        count(amt), count(*) FROM raw WHERE NOT blank GROUP BY ALL ORDER BY first""").fetchall()
    odd = db.execute(f"""SELECT cell, rowid + {sample.row_numbers[0]}, amt IS NOT NULL, COLUMNS('^c[0-9]+$') FROM raw
        WHERE NOT blank AND shape IS NULL ORDER BY rowid""").fetchall()
    loaded = Loaded(data, name, sample, columns, mapping, col, db)
    for cell, _, first, second, plain, rows in stats:
        key = partner_key(cell) if "partner" in col else ""
        loaded.names.setdefault(key, " ".join(cell.split()))
        loaded.cells.setdefault(key, []).append(cell)
        loaded.votes[cell] = [first, second, plain, rows]
        loaded.odd[cell] = []
    for cell, number, plain_amount, *cells in odd:  # a day the reader reads in another form (or not at all)
        row = tuple((x or "").strip() for x in cells)
        if not any(row):  # blank to the reader, which strips more than spaces: not a row
            loaded.votes[cell][3] -= 1
            continue
        loaded.odd[cell].append((number, plain_amount, row))
        if m := _NUMERIC.match(row[col["date"]]):
            loaded.votes[cell][0] += int(m.group(1)) > 12
            loaded.votes[cell][1] += int(m.group(2)) > 12
    return loaded


def _shaped(col: Mapping[str, int], width: int, source: str) -> str:
    """SQL of `source`'s rows (columns c0, c1, …, as text) with what each is read by: its partner cell,
    SKU, amount, currency and day as written (trimmed), the day's shape (`iso`, `dm` or none), the
    amount when plainly written (`$amount`: `AMOUNT`), and whether the row is blank."""
    c = {f: f"c{i}" for f, i in col.items()}
    d = f"trim(coalesce({c['date']}, ''))"
    return rf"""SELECT *,
            CASE WHEN regexp_matches(d, '^\d{{4}}-\d{{2}}-\d{{2}}$') THEN 'iso'
                 WHEN regexp_matches(d, '^\d{{2}}-\d{{2}}-\d{{4}}$') THEN 'dm' END AS shape,
            CASE WHEN regexp_matches(amount, $amount) THEN
                replace(replace(amount, $thousands, ''), $decimal, '.')::DECIMAL(18,2) END AS amt
        FROM (SELECT *, {f"coalesce({c['partner']}, '')" if 'partner' in c else "''"} AS cell,
                  upper(trim(coalesce({c['product']}, ''))) AS sku, trim(coalesce({c['amount']}, '')) AS amount,
                  {f"upper(trim(coalesce({c['currency']}, '')))" if 'currency' in c else "''"} AS cur, {d} AS d,
                  CASE WHEN sku = '' AND amount = '' AND d = '' THEN
                      trim(concat({", ".join(f"c{i}" for i in range(width))})) = '' ELSE false END AS blank
              FROM {source})"""


def _marks(decimal: str) -> dict[str, str]:
    return {"amount": AMOUNT[decimal], "thousands": "." if decimal == "," else ",", "decimal": decimal}
