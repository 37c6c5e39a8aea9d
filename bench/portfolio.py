"""How long a distributor's export takes, one partner or every partner at once, against pandas.

It writes one Dutch-style export (`;` separators, decimal commas, EUR and USD, day-first dates) of N
lines with Cisco-like SKUs (some no prefix maps, some credit notes, some outside the period) spread
over `lines / 100` partners (`--partners`), then times, each in a child process of its own so that its
peak memory (ru_maxrss) is its own:

- single: `import_bookings` of the whole file as one partner's (DuckDB's totals and counts: `ours`),
  the same with every line that does not count listed (`issues`, read by the reader when asked for)
  and the reader alone (`reader`, as for a file the engine leaves to it), each against pandas
  `read_csv` of the same file (separator and decimal given) and a `groupby` per SKU;
- parquet: `import_bookings` of the same lines as Parquet (amounts DECIMAL, days DATE), against pandas
  `read_parquet` and the same `groupby`;
- portfolio: `Export` and `portfolio` (each partner's lines imported, assessed and its next step
  found), over the machine's cores as `vip portfolio` runs it (`ours`) and in one process (`alone`),
  against pandas `read_csv`, a `groupby` per partner and SKU and one `assess` per partner (in one
  process). Peak memory is the main process' and, beside it, the largest worker's.

The ratio ours / pandas is what to watch, as machines differ in speed; each measurement but the
reader's is run `--repeat` times, ours and pandas in turn, and the medians compared, as one run on a busy machine
may take half again as long as the next. `--curve` runs the portfolio at 10k, 100k, 1M and 10M
lines (time and peak memory; the 10M line needs some 20 minutes).

    .venv/bin/python bench/portfolio.py [--lines 100000] [--partners N] [--repeat 3] [--only ours_single,...]
                                        [--curve] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "Partner name;Datum;Artikel;Omschrijving;Bedrag;Valuta"
# Cisco-like SKUs of VIP25's subtracks, and two no prefix maps (a cable, a Catalyst 9300)
SKUS = ["UCSC-C220-M5SX", "UCS-DIR-STD-K9", "SG350-28-K9", "N9K-C93180YC-EX", "ISR4331/K9", "WS-C3650-24TS-L",
        "AIR-AP2802I-E-K9", "ASA5516-FPWR-K9", "CP-8845-K9", "BE6K-ST-BDL-K9", "FPR2110-NGFW-K9", "CAB-AC",
        "C9300-24T-E"]
SUBTRACKS = ["ucs", "express_en", "network_security", "core_wan", "unified_access", "express_collaboration"]


def write_export(path: Path, lines: int, partners: int, seed: int = 11) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        chunk = []
        for i in range(lines):
            cents = rnd.randint(-50_000, 9_000_000)  # some credit notes
            amount = f"{Decimal(cents) / 100:,.2f}".translate(str.maketrans(",.", ".,"))
            chunk.append(f"Partner {rnd.randrange(partners):05d} BV;{rnd.randint(1, 28):02d}-"
                         f"{rnd.randint(1, 8):02d}-2015;{rnd.choice(SKUS)};regel {i};{amount};"
                         f"{'EUR' if i % 3 else 'USD'}\r\n")
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def to_parquet(path: Path) -> Path:
    """The export's lines as Parquet, typed as a database would export them (amounts DECIMAL, days DATE)."""
    import duckdb

    target = path.with_suffix(".parquet")
    with duckdb.connect() as db:
        db.execute(f"""COPY (SELECT * REPLACE (
                                 replace(replace("Bedrag", '.', ''), ',', '.')::DECIMAL(18, 2) AS "Bedrag",
                                 strptime("Datum", '%d-%m-%Y')::DATE AS "Datum")
                             FROM read_csv('{path}', delim=';', header=true, all_varchar=true))
                       TO '{target}' (FORMAT parquet)""")
    return target


def profiles(partners: int, editions: dict[str, Any]) -> list[Any]:
    from vip.io.rules import load_profile
    from vip.present.portfolio import Candidate

    base, _ = load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", editions)
    rnd = random.Random(5)
    return [Candidate(base.model_copy(update={"partner": f"Partner {i:05d} BV",
                                              "enrolled": tuple(rnd.sample(SUBTRACKS, rnd.randint(1, 3)))}), f"p{i}")
            for i in range(partners)]


def child(kind: str, path: Path, partners: int) -> dict[str, Any]:
    """One measurement, in this process: its seconds (the file in memory as bytes, not the reading
    from disk) and, from the caller, the process' peak memory."""
    import duckdb  # noqa: F401  (loaded before the clock starts, as pandas is)
    import pandas as pd

    import vip.io.tables
    from vip.calc.engine import assess
    from vip.io.bookings import Export, import_bookings
    from vip.io.rules import load_rules
    from vip.io.tables import read_table
    from vip.present.portfolio import portfolio

    vip.io.tables.MAX_ROWS = 10**9  # the app's limits would refuse the bench's larger files
    editions = load_rules(ROOT / "rules")
    edition = editions["VIP25"]
    rates = {"EUR": Decimal("0.92")}
    data = path.read_bytes()
    candidates = profiles(partners, editions) if kind.endswith("portfolio") else []
    start = time.perf_counter()
    if kind == "ours_single":
        result = import_bookings(data, path.name, edition, "6-month", per_usd=rates, max_bytes=len(data))
        counted = result.counted
    elif kind == "reader_single":  # the reader alone, as for a file the engine leaves to it
        result = import_bookings(read_table(data, path.name, max_bytes=len(data)), path.name, edition, "6-month",
                                 per_usd=rates)
        counted = result.counted
    elif kind == "issues_single":  # and every line that does not count, with its row and reason
        result = import_bookings(data, path.name, edition, "6-month", per_usd=rates, max_bytes=len(data))
        counted = result.counted + len(result.issues)
    elif kind == "pandas_single":
        frame = pd.read_csv(path, sep=";", decimal=",", thousands=".")
        counted = len(frame.groupby("Artikel")["Bedrag"].sum())
    elif kind == "ours_parquet":  # the same lines as Parquet (amounts DECIMAL, days DATE): DuckDB's
        result = import_bookings(data, path.name, edition, "6-month", per_usd=rates, max_bytes=len(data))
        counted = result.counted
    elif kind == "pandas_parquet":
        frame = pd.read_parquet(path)
        counted = len(frame.groupby("Artikel")["Bedrag"].sum())
    elif kind in ("ours_portfolio", "alone_portfolio"):  # over the machine's cores, as `vip portfolio`; or in one
        with Export(data, path.name, max_bytes=len(data)) as export:
            done = portfolio(export, candidates, editions, per_usd=rates,
                             workers=len(os.sched_getaffinity(0)) if kind == "ours_portfolio" else 1)
        counted = len(done.partners)
    elif kind == "pandas_portfolio":
        frame = pd.read_csv(path, sep=";", decimal=",", thousands=".")
        counted = len(frame.groupby(["Partner name", "Artikel"])["Bedrag"].sum())
        for c in candidates:
            assess(c.profile, edition)
    else:
        raise SystemExit(f"unknown measurement {kind}")
    return {"seconds": time.perf_counter() - start, "counted": counted}


def measure(kind: str, path: Path, partners: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(partners)],
                         check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--partners", type=int, help="partners in the export (default: lines / 100)")
    parser.add_argument("--curve", action="store_true", help="the portfolio at 10k, 100k, 1M and 10M lines")
    parser.add_argument("--sizes", help="the curve's sizes, comma-separated (default 10000,100000,1000000,10000000)")
    parser.add_argument("--only", help="the measurements to take, comma-separated (ours_single, issues_single, "
                        "reader_single, ours_parquet, ours_portfolio, alone_portfolio; default all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement, ours and pandas (median)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        got = child(args.child[0], Path(args.child[1]), int(args.child[2]))
        got["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        got["worker_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
        print(json.dumps(got))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        def export(n: int) -> tuple[Path, int]:
            path, partners = Path(tmp) / f"export_{n}.csv", args.partners or max(1, n // 100)
            write_export(path, n, partners)
            return path, partners

        path, partners = export(args.lines)
        print(f"{args.lines:,} lines of {partners:,} partners ({path.stat().st_size / 2**20:.0f} MB)")
        print(f"{len(os.sched_getaffinity(0))} cores: `ours` portfolio over all of them, `alone` in one process")
        typed = to_parquet(path)
        print(f"medians of {args.repeat} runs each (issues and reader: one), ours and pandas in turn")
        for what, mine in (("single", "ours"), ("single", "issues"), ("single", "reader"), ("parquet", "ours"),
                           ("portfolio", "ours"), ("portfolio", "alone")):
            if args.only and f"{mine}_{what}" not in args.only.split(","):
                continue
            at = typed if what == "parquet" else path
            runs = args.repeat if mine in ("ours", "alone") else 1  # the reader's runs take 15 s or more
            pairs = [(measure(f"{mine}_{what}", at, partners), measure(f"pandas_{what}", at, partners))
                     for _ in range(runs)]
            ours = sorted((o for o, _ in pairs), key=lambda r: r["seconds"])[runs // 2]
            theirs = sorted((t for _, t in pairs), key=lambda r: r["seconds"])[runs // 2]
            print(f"{what:10} {mine:6} {ours['seconds']:7.2f} s {ours['max_rss_mb']:7.0f} MB   pandas "
                  f"{theirs['seconds']:7.2f} s {theirs['max_rss_mb']:7.0f} MB   ratio "
                  f"{ours['seconds'] / theirs['seconds']:5.1f}")
        if args.curve or args.sizes:
            sizes = [int(s) for s in (args.sizes or "10000,100000,1000000,10000000").split(",")]
            print("portfolio cost curve (one partner per 100 lines)")
            for n in sizes:
                path, partners = export(n)
                got = measure("ours_portfolio", path, partners)
                print(f"{n:>11,} lines {got['seconds']:8.2f} s {got['seconds'] / n * 1e6:6.1f} µs/line "
                      f"{got['max_rss_mb']:8.0f} MB (largest worker {got['worker_rss_mb']:.0f} MB)")
                path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
