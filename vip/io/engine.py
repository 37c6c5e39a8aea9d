"""Bookings totals by DuckDB (embedded, no server), for the CSV exports it can vouch for.

It takes a CSV without quotes, blank lines or rows wider or narrower than the header, decoded as the
reader decodes it, with the header row and separator `read_table` finds in the first 64 KB, no ship
date or status column, and an edition without a SKU list; any other file gives None, for the reader.
DuckDB totals the plain lines (a printable SKU, an amount with two decimals, a `dd-mm-yyyy` or ISO
day that exists, a currency with its rate or none); every other line is read by the reader's own
`_read_line`, and the decimal mark and day order are decided over all lines as the reader decides
them. So `totals` gives the same subtrack and family totals (to the cent, scaled), lines counted and
rows outside the period, unmapped or rejected, in the file's order, as `import_bookings`.

Not yet used by `import_bookings` or the portfolio: it gives totals and issues only, not the counted
lines a `BookingsResult` holds.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from vip.io.bookings import MAX_RATE, MAX_SCALE, MIN_RATE, Issue, PrefixIndex, _read_line
from vip.io.tables import CENT, SYMBOLS, _decode, _vote, mapping_of, read_table
from vip.model.edition import Edition
from vip.model.errors import BookingsError

SAMPLE = 64 * 1024
# An amount the reader's vote and parser take one way only: two decimals after the mark, thousands
# marks (if any) in groups of three, at most 12 digits before the mark (far below the money limit).
AMOUNT = {",": r"^-?(\d{1,3}(\.\d{3}){0,3}|\d{1,12}),\d{2}$", ".": r"^-?(\d{1,3}(,\d{3}){0,3}|\d{1,12})\.\d{2}$"}


@dataclass(frozen=True, slots=True)
class Totals:
    """What `import_bookings` totals from a plain file: USD per subtrack and family (scaled, to the
    cent), the lines counted and the rows outside the period and unmapped, by row."""

    families: dict[str, dict[str, Decimal]]
    counted: int
    issues: tuple[tuple[int, str], ...]  # (row, kind of issue), in the file's order


def totals(data: bytes, name: str, edition: Edition, period_id: str, *, per_usd: Mapping[str, Decimal] | None = None,
           currency: str = "USD", scale: Decimal | int = 1) -> Totals | None:
    """The file's totals as `import_bookings` gives them, or None when the file is not plain."""
    import duckdb  # only here: the rest of the core does without it

    factor = Decimal(scale)
    if edition.sku_list or not factor.is_finite() or not 0 < factor <= MAX_SCALE \
            or period_id not in edition.period_by_id or b'"' in data:
        return None
    end = data.rstrip(b"\r\n")
    if data.count(b"\r") != data.count(b"\r\n") or b"\n\n" in end or b"\n\r\n" in end or data[:1] in (b"\r", b"\n"):
        return None  # a blank line or a lone carriage return: the reader's row numbers would differ
    try:
        text, _ = _decode(data)  # as the reader decodes it: UTF-8 (with or without BOM), else Windows-1252
        cut = data[:SAMPLE]
        sample = read_table(cut[:cut.rfind(b"\n") + 1] if len(data) > SAMPLE else data, name)
    except BookingsError:
        return None
    mapping = mapping_of(sample.headers, None)
    if sample.kind != "csv" or mapping.missing() or mapping.ship_date or mapping.status or not sample.row_numbers \
            or sample.delimiter is None or len(set(sample.headers)) != len(sample.headers):
        return None
    header_line = sample.row_numbers[0] - 1
    rates = {k.upper(): Decimal(v) for k, v in (per_usd or {}).items()}
    if any(not (v.is_finite() and MIN_RATE <= v <= MAX_RATE) for v in rates.values()):
        return None  # the reader refuses the rate
    rates["USD"] = Decimal(1)
    decimal = "," if sample.delimiter == ";" else "."
    col: dict[str, str] = {f: f"c{sample.headers.index(h)}" for f, h in mapping.items() if h is not None}
    cur = f"upper(trim({col['currency']}))" if "currency" in col else "''"

    fd, path = tempfile.mkstemp(suffix=".csv")
    try:
        return _totals(duckdb, path, fd, text.encode("utf-8"), header_line, sample.delimiter, len(sample.headers),
                       col, cur, decimal, rates, currency.upper(), edition, period_id, factor)
    except duckdb.Error:  # a row wider or narrower than the header, say: the reader's to tell
        return None
    finally:
        os.unlink(path)


def _totals(duckdb: Any, path: str, fd: int, data: bytes, header_line: int, delimiter: str, width: int,
            col: dict[str, str], cur: str, decimal: str, rates: dict[str, Decimal], currency: str, edition: Edition,
            period_id: str, factor: Decimal) -> Totals | None:
    period = edition.period_by_id[period_id]
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    db = duckdb.connect()
    names = [f"c{i}" for i in range(width)]
    columns = dict.fromkeys(names, "VARCHAR")
    db.execute(f"""CREATE TEMP TABLE raw AS SELECT row_number() OVER () + {header_line} AS line, *
        FROM read_csv(?, delim=?, header=false, skip={header_line}, columns={columns!r}, quote='', escape='',
                      strict_mode=true, null_padding=false, auto_detect=false)""",
               [path, delimiter])
    blank = " AND ".join(f"trim(coalesce({c}, '')) = ''" for c in names)
    date = col["date"]
    numeric = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T ].*)?$"
    counts = db.execute(f"""SELECT
        count(*) FILTER (WHERE NOT regexp_matches(coalesce({date}, ''), '^[ -~]*$')),
        count(*) FILTER (WHERE TRY_CAST(regexp_extract(trim({date}), ?, 1) AS INT) > 12),
        count(*) FILTER (WHERE TRY_CAST(regexp_extract(trim({date}), ?, 2) AS INT) > 12)
        FROM raw WHERE NOT ({blank})""", [numeric, numeric]).fetchone()
    assert counts is not None
    if counts[0]:
        return None  # a date with other than ASCII: the reader's digits are Unicode's
    day_first = not (counts[2] and not counts[1])
    kept = [k for k in sorted(rates) if re.fullmatch(r"[A-Z]{3}", k) and k not in SYMBOLS]
    db.execute(rf"""CREATE TEMP TABLE t AS SELECT line, upper(trim({col['product']})) AS sku,
        trim({col['amount']}) AS amount, {cur} AS cur,
        CASE WHEN regexp_matches(trim({date}), '^\d{{4}}-\d{{2}}-\d{{2}}$') THEN try_strptime(trim({date}), '%Y-%m-%d')
             WHEN regexp_matches(trim({date}), '^\d{{2}}-\d{{2}}-\d{{4}}$') THEN try_strptime(trim({date}), ?)
        END::DATE AS day
        FROM raw WHERE NOT ({blank})""", ["%d-%m-%Y" if day_first else "%m-%d-%Y"])
    db.execute("ALTER TABLE t ADD COLUMN plain BOOLEAN")
    db.execute("""UPDATE t SET plain = coalesce(regexp_matches(sku, '^[!-~]([ -~]*[!-~])?$')
        AND regexp_matches(amount, ?) AND day IS NOT NULL
        AND (cur IN (SELECT unnest(?)) OR (cur = '' AND ?)), false)""",
               [AMOUNT[decimal], kept or [""], currency in kept])
    other = db.execute("SELECT raw.* FROM raw JOIN t USING (line) WHERE NOT t.plain ORDER BY line").fetchall()
    plain = db.execute("SELECT count(*) FROM t WHERE plain").fetchone()
    assert plain is not None
    votes = {decimal: plain[0], "." if decimal == "," else ",": 0}
    at = {f: int(c[1:]) + 1 for f, c in col.items()}
    rows = [(int(r[0]), tuple((c or "").strip() for c in r[1:])) for r in other]
    for _, row in rows:
        if (vote := _vote(row[at["amount"] - 1])) is not None:
            votes[vote] += 1
    if votes[decimal] < votes["." if decimal == "," else ","] or (votes[","] == votes["."] and decimal != (
            "," if delimiter == ";" else ".")):
        return None  # the reader would take the other decimal mark
    index = PrefixIndex(edition)
    skus = [r[0] for r in db.execute("SELECT DISTINCT sku FROM t WHERE plain").fetchall()]
    db.execute("CREATE TEMP TABLE m (sku VARCHAR, subtrack VARCHAR, family VARCHAR)")
    db.executemany("INSERT INTO m VALUES (?, ?, ?)", [(s, *(index(s) or (None, None))) for s in skus])
    db.execute("""CREATE TEMP TABLE j AS SELECT t.line, t.cur, m.subtrack, m.family,
        replace(replace(t.amount, ?, ''), ?, '.')::DECIMAL(18,2) AS amount,
        t.day BETWEEN ? AND ? AS inside FROM t JOIN m USING (sku) WHERE t.plain""",
               ["." if decimal == "," else ",", decimal, period.start, period.end])
    found = db.execute("""SELECT line, CASE WHEN NOT inside THEN 'outside_period' ELSE 'unmapped' END FROM j
        WHERE NOT inside OR subtrack IS NULL""").fetchall()
    sums = db.execute("""SELECT subtrack, family, cur, sum(amount), count(*) FROM j
        WHERE inside AND subtrack IS NOT NULL GROUP BY ALL ORDER BY ALL""").fetchall()
    db.close()
    families: dict[str, dict[str, Decimal]] = {}

    def add(sid: str, fid: str, usd: Decimal) -> None:
        fam = families.setdefault(sid, {})
        fam[fid] = fam.get(fid, Decimal(0)) + usd

    for sid, fid, cur_of, amount, _ in sums:
        add(sid, fid, Decimal(amount) / rates[cur_of or currency])
    counted = sum(r[4] for r in sums)
    issues = [(int(r), str(k)) for r, k in found]
    fields = {f: i - 1 for f, i in at.items()}
    for number, row in rows:  # what is not plain, line by line as the reader reads it
        got = _read_line(number, row, fields, decimal, (day_first, day_first), rates, currency, period, index)
        if isinstance(got, Issue):
            issues.append((number, got.kind))
        elif got.subtrack is not None and got.family is not None:
            add(got.subtrack, got.family, got.usd)
            counted += 1
    scaled = {sid: {fid: (v * factor).quantize(CENT, ROUND_HALF_UP) for fid, v in fam.items()}
              for sid, fam in families.items()}
    return Totals(scaled, counted, tuple(sorted(issues)))
