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

What it gives is a `BookingsResult` like the reader's: totals per subtrack and family, lines
counted and issues counted by kind; the lines and issues themselves are read by the reader when
asked for (`BookingsResult.lines`, `.issues`), so each message is the reader's own.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
from vip.model.edition import MONEY_LIMIT, Edition
from vip.model.errors import BookingsError

SAMPLE = 64 * 1024
# An amount the reader's vote and parser take one way only: two decimals after the mark, thousands
# marks (if any) in groups of three, at most 12 digits before the mark (far below the money limit).
AMOUNT = {",": r"^-?(\d{1,3}(\.\d{3}){0,3}|\d{1,12}),\d{2}$", ".": r"^-?(\d{1,3}(,\d{3}){0,3}|\d{1,12})\.\d{2}$"}


@dataclass
class Loaded:
    """One CSV export in DuckDB, its partners (by `partner_key`) counted, until `close`."""

    db: Any
    data: bytes  # the file, for the reader to read a partner's lines when they are asked for
    name: str
    table: Table  # how the file is read: kind, encoding, separator, header; the rows of its first 64 KB
    mapping: ColumnMapping
    given: ColumnMapping | Mapping[str, str | None] | None
    col: dict[str, int]  # field -> its column
    names: dict[str, str] = field(default_factory=dict)  # partner key -> the partner as the file first writes it
    cells: dict[str, list[str]] = field(default_factory=dict)  # partner key -> its cells as written
    # Per partner cell: the days whose first and whose second number is above 12, and the amounts written
    # plainly (each a vote for the file's decimal mark); and the rows whose day is not plainly written
    # (row number, cells), which the reader's own functions read.
    votes: dict[str, list[int]] = field(default_factory=dict)
    odd: dict[str, list[tuple[int, tuple[str, ...]]]] = field(default_factory=dict)

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
        factor, currency = Decimal(scale), currency.upper()
        rates = {k.upper(): Decimal(v) for k, v in (per_usd or {}).items()}
        if (edition.sku_list or self.mapping.ship_date or self.mapping.status or period_id not in edition.period_by_id
                or not factor.is_finite() or not 0 < factor <= MAX_SCALE
                or any(not (v.is_finite() and MIN_RATE <= v <= MAX_RATE) for v in rates.values())):
            return dict.fromkeys(groups)
        rates["USD"] = Decimal(1)
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
        kept = [k for k in sorted(rates) if re.fullmatch(r"[A-Z]{3}", k) and k not in SYMBOLS]
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
        sums = db.execute("""SELECT label, subtrack, family, cur, sum(amt), min(rid) FROM k
            WHERE plain AND inside AND subtrack IS NOT NULL GROUP BY ALL ORDER BY ALL""").fetchall()
        counts = db.execute("""SELECT label, count(*) FILTER (WHERE plain AND inside AND subtrack IS NOT NULL),
            count(*) FILTER (WHERE plain AND NOT inside), count(*) FILTER (WHERE plain AND inside AND subtrack IS NULL)
            FROM k GROUP BY label""").fetchall()
        other = db.execute(f"""SELECT k.label, raw.rowid + {self._offset}, raw.amt IS NULL, COLUMNS('^c[0-9]+$')
            FROM k JOIN raw ON raw.rowid = k.rid WHERE NOT k.plain ORDER BY raw.rowid""").fetchall()

        families: dict[str, dict[str, dict[str, Decimal]]] = {label: {} for label in groups}
        first: dict[tuple[str, str, str], int] = {}  # the row each family is first counted on: the reader's order

        def add(label: str, sid: str, fid: str, usd: Decimal, row: int) -> None:
            fam = families[label].setdefault(sid, {})
            fam[fid] = fam.get(fid, Decimal(0)) + usd
            first[label, sid, fid] = min(first.get((label, sid, fid), row), row)

        for label, sid, fid, cur_of, amount, rid in sums:
            add(label, sid, fid, Decimal(amount) / rates[cur_of or currency], rid + self._offset)
        counted = dict.fromkeys(groups, 0)
        kinds = {label: {"rejected": 0, "outside_period": 0, "unmapped": 0} for label in groups}
        for label, inside, outside, unmapped in counts:
            counted[label] = inside
            kinds[label]["outside_period"] += outside
            kinds[label]["unmapped"] += unmapped
        # The decimal mark, decided as the reader decides it: each amount written plainly votes for the file's;
        # the others as the reader's `_vote` says.
        votes = {label: [sum(self.votes[c][2] for c in of), 0] for label, of in cells.items()}
        rows = [(label, number, odd_amount, tuple(c or "" for c in cs)) for label, number, odd_amount, *cs in other]
        rows += [(label, number, True, row) for label, of in cells.items() for c in of for number, row in self.odd[c]]
        rows.sort(key=lambda r: r[1])
        for label, number, odd_amount, row in rows:  # what is not plain, line by line as the reader reads it
            if odd_amount and (vote := _vote(row[self.col["amount"]])) is not None:
                votes[label][vote != decimal] += 1
            got = _read_line(number, row, self.col, decimal, (day_first[label], day_first[label]), rates, currency,
                             period, index)
            if isinstance(got, Issue):
                kinds[label][got.kind] += 1
            elif got.subtrack is not None and got.family is not None:
                add(label, got.subtrack, got.family, got.usd, number)
                counted[label] += 1
        counts_of = {s.id: len(s.families) for s in edition.subtrack_by_id.values()}
        out: dict[str, BookingsResult | None] = {}
        for label, keys in groups.items():
            fams = families[label]
            if (votes[label][1] > votes[label][0] or not counted[label]
                    or any(sum(f.values(), Decimal(0)) * factor >= MONEY_LIMIT for f in fams.values())):
                out[label] = None  # the other decimal mark, nothing usable, a total too large: the reader's to say
                continue
            at = {sid: min(first[label, sid, fid] for fid in fam) for sid, fam in fams.items()}
            scaled = {sid: {fid: (fam[fid] * factor).quantize(CENT, ROUND_HALF_UP)
                            for fid in sorted(fam, key=lambda f, sid=sid: first[label, sid, f])}  # type: ignore[misc]
                      for sid, fam in sorted(fams.items(), key=lambda x: at[x[0]])}
            detail = partial(read_detail, self.data, self.name, edition, period_id, self.given, rates, currency,
                             factor, None if keys is None else tuple(keys))
            out[label] = BookingsResult(
                self.name, self.table, self.mapping, decimal, day_first[label], period, factor, scaled, counts_of,
                rows_read=sum(self.votes[c][3] for c in cells[label]), counted=counted[label],
                issue_counts=kinds[label], detail=detail)
        return out


def load(data: bytes, name: str, mapping: ColumnMapping | Mapping[str, str | None] | None = None) -> Loaded | None:
    """The file in DuckDB with its partners counted (by `mapping["partner"]`, else a partner column
    guessed when the mapping names one), or None when it is not a file the engine vouches for."""
    if data.startswith(b"PAR1") and data.endswith(b"PAR1"):
        return _parquet(data, name, mapping)
    if b'"' in data or data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        return None  # quotes, a workbook or no text at all
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    if (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")) or data[:1] in (b"\r", b"\n"):
        return None  # a lone carriage return or a blank first line: the reader's row numbers would differ
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
        data.decode("utf-8")  # as the reader decodes it: UTF-8 (with or without BOM), else Windows-1252
        text = data[3:] if encoding == "utf-8-sig" else data
    except UnicodeDecodeError:
        try:
            text, encoding = _decode(data)[0].encode(), "cp1252"
        except BookingsError:
            return None
    import duckdb  # only here: the rest of the core does without it

    fd, path = tempfile.mkstemp(suffix=".csv")
    db = duckdb.connect()
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text)
        names = {f"c{i}": "VARCHAR" for i in range(len(sample.headers))}
        source = (f"read_csv($path, delim=$delim, header=false, skip={sample.row_numbers[0] - 1}, columns={names!r}, "
                  "quote='', escape='', strict_mode=true, null_padding=false, auto_detect=false)")
        loaded = _load(db, source, {"path": path, "delim": sample.delimiter}, data, name,
                       replace(sample, encoding=encoding), columns, mapping, lines=data.count(b"\n", 0, end) + 1)
        if loaded is None:
            db.close()
        return loaded
    except duckdb.Error:  # a row wider or narrower than the header, say: the reader's to tell
        db.close()
        return None
    finally:
        os.unlink(path)


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
    c = {f: f"c{i}" for f, i in col.items()}
    d = f"trim(coalesce({c['date']}, ''))"
    db.execute(rf"""CREATE TEMP TABLE raw AS
        SELECT *,
            CASE WHEN regexp_matches(d, '^\d{{4}}-\d{{2}}-\d{{2}}$') THEN 'iso'
                 WHEN regexp_matches(d, '^\d{{2}}-\d{{2}}-\d{{4}}$') THEN 'dm' END AS shape,
            regexp_matches(sku, '^[!-~]([ -~]*[!-~])?$') AS sku_ok,
            CASE WHEN regexp_matches(amount, $amount) THEN
                replace(replace(amount, $thousands, ''), $decimal, '.')::DECIMAL(18,2) END AS amt
        FROM (SELECT *, {f"coalesce({c['partner']}, '')" if 'partner' in c else "''"} AS cell,
                  upper(trim(coalesce({c['product']}, ''))) AS sku, trim(coalesce({c['amount']}, '')) AS amount,
                  {f"upper(trim(coalesce({c['currency']}, '')))" if 'currency' in c else "''"} AS cur, {d} AS d,
                  CASE WHEN sku = '' AND amount = '' AND d = '' THEN
                      trim(concat({", ".join(f"c{i}" for i in range(width))})) = '' ELSE false END AS blank
              FROM {source})""",
               {**params, "amount": AMOUNT[decimal], "thousands": "." if decimal == "," else ",", "decimal": decimal})
    skipped = sample.row_numbers[0] - 1
    if lines is not None and db.execute("SELECT count(*) FROM raw").fetchone()[0] != lines - skipped:
        return None
    stats = db.execute(r"""SELECT cell, min(rowid) AS first,
        count(*) FILTER (WHERE shape = 'dm' AND TRY_CAST(substr(d, 1, 2) AS INT) > 12),
        count(*) FILTER (WHERE shape = 'dm' AND TRY_CAST(substr(d, 4, 2) AS INT) > 12),
        count(amt), count(*) FROM raw WHERE NOT blank GROUP BY ALL ORDER BY first""").fetchall()
    odd = db.execute(f"""SELECT cell, rowid + {sample.row_numbers[0]}, COLUMNS('^c[0-9]+$') FROM raw
        WHERE NOT blank AND shape IS NULL ORDER BY rowid""").fetchall()
    loaded = Loaded(db, data, name, sample, columns, mapping, col)
    for cell, _, first, second, plain, rows in stats:
        key = partner_key(cell) if "partner" in col else ""
        loaded.names.setdefault(key, " ".join(cell.split()))
        loaded.cells.setdefault(key, []).append(cell)
        loaded.votes[cell] = [first, second, plain, rows]
        loaded.odd[cell] = []
    for cell, number, *cells in odd:  # a day the reader reads in another form (or not at all)
        row = tuple((x or "").strip() for x in cells)
        if not any(row):  # blank to the reader, which strips more than spaces: not a row
            loaded.votes[cell][3] -= 1
            continue
        loaded.odd[cell].append((number, row))
        if m := _NUMERIC.match(row[col["date"]]):
            loaded.votes[cell][0] += int(m.group(1)) > 12
            loaded.votes[cell][1] += int(m.group(2)) > 12
    return loaded
