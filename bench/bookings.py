"""How long a bookings import takes, against pandas reading the same file.

It builds a Dutch-style export (`;` separators, decimal commas, EUR, day-first dates) of N lines
(50,000 by default), then times, interleaved in the same run: `import_bookings` on the bytes
(sniffing, mapping to subtracks, currency, the period check and the rejected-rows report), and
`pandas.read_csv` of the same bytes with the separator and decimal given, the least any import of
that file must do. Each figure is the median of `--repeat` runs; the ratio import / read_csv is
what to watch, as machines differ in speed.

    .venv/bin/python bench/bookings.py [--lines 50000] [--repeat 5] [--xlsx]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vip.io.bookings import import_bookings  # noqa: E402  (the checkout, not an installed copy
from vip.io.rules import load_rules  # noqa: E402

HEADER = ("Artikel", "Omschrijving", "Bedrag", "Valuta", "Datum")
SKUS = ["UCSC-C220-M4S", "UCS-DIR-STD", "SG300-28", "N9K-C9508", "ISR4331", "CAB-1", "CP-8845"]


def rows(n: int) -> list[tuple[str, ...]]:
    comma = str.maketrans(",.", ".,")
    return [(SKUS[i % 7], f"regel {i}", f"{Decimal(i % 900_000 + 100) / 100:,.2f}".translate(comma), "EUR",
             f"{1 + i % 28:02d}-{2 + i % 5:02d}-2015") for i in range(n)]


def as_csv(lines: list[tuple[str, ...]]) -> bytes:
    return "\r\n".join(";".join(r) for r in [HEADER, *lines]).encode("utf-8") + b"\r\n"


def as_xlsx(lines: list[tuple[str, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *lines]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--xlsx", action="store_true", help="also time the same lines as an Excel file")
    args = parser.parse_args(argv)

    edition = load_rules(ROOT / "rules")["VIP25"]
    lines = rows(args.lines)
    files = [("bookings.csv", as_csv(lines), lambda b: pd.read_csv(io.BytesIO(b), sep=";", decimal=",",
                                                                     thousands="."))]
    if args.xlsx:
        files.append(("bookings.xlsx", as_xlsx(lines), lambda b: pd.read_excel(io.BytesIO(b))))
    print(f"{args.lines:,} lines, median of {args.repeat} runs")
    rates = {"EUR": Decimal("0.92")}
    for name, data, reference in files:
        result = import_bookings(data, name, edition, "6-month", per_usd=rates)
        assert result.rows_read == args.lines, result.rows_read
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(args.repeat):
            ours.append(timed(import_bookings, data, name, edition, "6-month", per_usd=rates))
            theirs.append(timed(reference, data))
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"{name:14} import {a:6.2f} s   pandas {b:6.2f} s   ratio {a / b:5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
