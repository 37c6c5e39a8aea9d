"""DuckDB's totals of a plain CSV export equal the reader's: per subtrack and family to the cent, the
lines counted, and each row outside the period or unmapped in the file's order; a file it cannot vouch
for is left to the reader."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from factories import SAMPLES, edition
from vip.io.bookings import import_bookings
from vip.io.engine import totals
from vip.model.errors import BookingsError

RATES = {"EUR": Decimal("0.92"), "GBP": Decimal("0.79")}
SKUS = ["UCSC-C220-M5SX", "UCS-DIR-STD-K9", "SG350-28-K9", "N9K-C93180YC-EX", "ISR4331/K9", "WS-C3650-24TS-L",
        "AIR-AP2802I-E-K9", "asa5516-fpwr-k9", "CP-8845-K9", "BE6K-ST-BDL-K9", "CAB-AC", "C9300-24T-E"]


def export(n: int, *, sep: str = ";", decimal: str = ",", dates: str = "%d-%m-%Y", currencies: tuple[str, ...] = (
        "EUR", "USD", "GBP", ""), title: bool = False, seed: int = 3) -> bytes:
    """`n` lines: credit notes, SKUs no prefix maps, lines outside the period, several currencies."""
    rnd = random.Random(seed)
    thousands = "." if decimal == "," else "," if sep != "," else ""
    rows = [f"Artikel{sep}Omschrijving{sep}Bedrag{sep}Valuta{sep}Datum"]
    for i in range(n):
        cents = rnd.randint(-90_000, 500_000_000)
        whole, frac = divmod(abs(cents), 100)
        sign = "-" if cents < 0 else ""
        written = f"{sign}{whole:,}".replace(",", thousands) if thousands and rnd.random() < 0.7 else f"{sign}{whole}"
        shown = date(2015, rnd.randint(1, 8), rnd.randint(1, 28)).strftime(dates)
        rows.append(sep.join([f" {rnd.choice(SKUS)}", f"regel {i}", f"{written}{decimal}{frac:02d}",
                              rnd.choice(currencies), shown]))
    lines = (["Export van Voorbeeld BV"] if title else []) + rows
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def assert_same(data: bytes, name: str = "bookings.csv", scale: Decimal | int = 1) -> bool:
    """True when DuckDB vouched for the file and agreed with the reader; False when it left it."""
    fast = totals(data, name, edition("VIP25"), "6-month", per_usd=RATES, scale=scale)
    try:
        slow = import_bookings(data, name, edition("VIP25"), "6-month", per_usd=RATES, scale=scale)
    except BookingsError:
        assert fast is None or fast.counted == 0
        return fast is not None
    if fast is None:
        return False
    assert fast.families == slow.families
    assert fast.counted == len(slow.lines)
    assert fast.issues == tuple((i.row, i.kind) for i in slow.issues)
    return True


@pytest.mark.parametrize("kind", ["comma", "point", "iso", "month_first", "title", "scaled", "usd_only"])
def test_duckdb_totals_equal_the_readers_on_generated_exports(kind: str) -> None:
    data = {
        "comma": export(3000),
        "point": export(3000, sep=",", decimal="."),
        "iso": export(3000, sep="\t", decimal=".", dates="%Y-%m-%d"),
        "month_first": export(3000, sep="|", decimal=".", dates="%m-%d-%Y"),
        "title": export(500, title=True),
        "scaled": export(500, seed=9),
        "usd_only": export(500, currencies=("USD", "")),
    }[kind]
    assert assert_same(data, scale=Decimal(2) if kind == "scaled" else 1)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("bookings_*")) + sorted(Path(__file__).parent.rglob("*.csv")),
                         ids=lambda p: p.name)
def test_duckdb_totals_equal_the_readers_on_every_shipped_file_it_takes(path: Path) -> None:
    assert_same(path.read_bytes(), path.name)


def test_the_sample_export_is_one_duckdb_vouches_for() -> None:
    assert assert_same((SAMPLES / "bookings_voorbeeld_netwerken.csv").read_bytes())


@pytest.mark.parametrize("change", [
    lambda d: d.replace(b"regel 7", b'"regel; 7"'),  # a quoted field
    lambda d: d.replace(b"\r\n", b"\r\n\r\n", 3),  # a blank line moves the row numbers
    lambda d: d.replace(b"Datum\r\n", b"Datum;Status\r\n", 1),  # a status column
    lambda d: d.replace(b"regel 9;", b"regel 9;;", 1),  # a row wider than the header
])
def test_a_file_duckdb_cannot_vouch_for_is_left_to_the_reader(change: object) -> None:
    data = export(400)
    assert totals(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES) is not None
    changed = change(data)  # type: ignore[operator]
    assert changed != data
    assert totals(changed, "b.csv", edition("VIP25"), "6-month", per_usd=RATES) is None


@pytest.mark.parametrize("change", [
    lambda d: d.replace(b",00;", b";", 1).replace(b",01;", b";", 1),  # an amount without its decimals
    lambda d: d.replace(b";GBP;", b";XYZ;", 3).replace(b";EUR;", b";\xe2\x82\xac;", 2),  # no rate, a symbol
    lambda d: d.replace(b"-03-2015", b"-02-2015").replace(b"30-02-2015", b"31-02-2015"),  # a day that is not
    lambda d: d.replace(b"-04-2015", b"-04-2015 ", 5).replace(b";EUR;2", b";;2", 2),  # spaces, currency none
    lambda d: d.replace(b" CAB-AC;", b";", 4),  # no product
    lambda d: d.replace(b"-05-2015", b".5.15", 20),  # another way of writing a date
])
def test_lines_that_are_not_plain_are_read_one_by_one_as_the_reader_reads_them(change: object) -> None:
    data = export(400)
    changed = change(data)  # type: ignore[operator]
    assert changed != data
    assert assert_same(changed)


def test_an_excel_workbook_is_left_to_the_reader() -> None:
    data = (SAMPLES / "bookings_rheinland_gold.xlsx").read_bytes()
    assert totals(data, "b.xlsx", edition("VIP25"), "6-month", per_usd=RATES) is None
