"""DuckDB's import of a plain CSV export equals the reader's: totals per subtrack and family to the
cent, the lines counted, the issues counted by kind, and (read when asked for) every line and issue in
the file's order; per partner as `--partner` reads each; a file it cannot vouch for is left to the reader."""

from __future__ import annotations

import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import vip.io.bookings
import vip.io.engine
import vip.io.tables
from factories import SAMPLES, edition
from vip.io.bookings import BookingsResult, import_bookings, split_partners
from vip.io.engine import load, total
from vip.io.tables import read_table
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


def totals(data: bytes, name: str, ed: object, period: str, *, per_usd: dict[str, Decimal],
           scale: Decimal | int = 1) -> BookingsResult | None:
    """DuckDB's import of every line, or None where it leaves the file to the reader: in one pass
    (`total`), which equals the import of every line from the file loaded (`load`)."""
    once = total(data, name, ed, period, per_usd=per_usd, scale=scale)  # type: ignore[arg-type]
    loaded = load(data, name)
    if loaded is None:
        assert once is None
        return None
    with loaded:
        got = loaded.imports(ed, period, {"": None}, per_usd=per_usd, scale=scale)[""]  # type: ignore[arg-type]
    assert once == got
    if got is not None and once is not None:
        assert [(sid, list(fam)) for sid, fam in once.families.items()] == [
            (sid, list(fam)) for sid, fam in got.families.items()]
    return once  # what `vip import` gives: its lines and issues, read when asked for, are checked against the reader's


def assert_equal(fast: BookingsResult, slow: BookingsResult) -> None:
    for n in (0, 1, 7, 100):  # read from the file's first lines, before the lines and issues are read whole
        assert fast.first_issues(n) == slow.issues[:n]
    assert fast.issues == slow.issues  # read from the lines that do not count alone, before the lines are read
    assert fast.families == slow.families
    assert [(sid, list(fam)) for sid, fam in fast.families.items()] == [  # in the order the file first counts them
        (sid, list(fam)) for sid, fam in slow.families.items()]
    assert (fast.counted, fast.rows_read) == (slow.counted, slow.rows_read) == (len(slow.lines), slow.rows_read)
    assert {k: v for k, v in fast.issue_counts.items() if v} == slow.issue_counts
    assert (fast.decimal, fast.day_first, fast.mapping) == (slow.decimal, slow.day_first, slow.mapping)
    assert (fast.table.kind, fast.table.encoding, fast.table.delimiter) == (
        slow.table.kind, slow.table.encoding, slow.table.delimiter)
    assert fast.lines == slow.lines  # read when asked for, by the reader
    assert fast.issues == slow.issues


def assert_same(data: bytes, name: str = "bookings.csv", scale: Decimal | int = 1) -> bool:
    """True when DuckDB vouched for the file and agreed with the reader; False when it left it."""
    fast = totals(data, name, edition("VIP25"), "6-month", per_usd=RATES, scale=scale)
    try:
        slow = import_bookings(read_table(data, name), name, edition("VIP25"), "6-month", per_usd=RATES, scale=scale)
    except BookingsError:
        assert fast is None
        return False
    if fast is None:
        return False
    assert_equal(fast, slow)
    via = import_bookings(data, name, edition("VIP25"), "6-month", per_usd=RATES, scale=scale)
    assert via == fast  # the import itself takes DuckDB's
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
    lambda d: d.replace(b"\r\n", b"\n").replace(b"\n", b"\n\n", 200),  # so does one of a file of bare line feeds
    lambda d: b"\r\n" + d,  # a blank first line
    lambda d: d.replace(b"Datum\r\n", b"Datum;Status\r\n", 1),  # a status column
    lambda d: d.replace(b"regel 9;", b"regel 9;;", 1),  # a row wider than the header
    # a carriage return alone, which the reader takes for a line break, DuckDB not always
    lambda d: d.replace(b"regel 7;", b"regel\r 7;", 1),  # within a cell
    lambda d: d.replace(b"\r\n", b"\r", 1),  # ending one line
    lambda d: d.replace(b"\r\n", b"\r\r\n", 1),  # before a line's end
    lambda d: d.replace(b"\r\n", b"\n", 1),  # a line feed alone among carriage returns and line feeds
    lambda d: d.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n", 1),  # and the other way round
    lambda d: d.replace(b"\r\n", b"\r"),  # every line
    lambda d: d.replace(b"\r\n", b"\n").replace(b"\n", b"\r", 1),  # one line of a file of line feeds
])
def test_a_file_duckdb_cannot_vouch_for_is_left_to_the_reader(change: object) -> None:
    data = export(400)
    assert totals(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES) is not None
    changed = change(data)  # type: ignore[operator]
    assert changed != data
    assert totals(changed, "b.csv", edition("VIP25"), "6-month", per_usd=RATES) is None


@pytest.mark.parametrize("seed", range(40))
def test_a_carriage_return_or_line_feed_anywhere_is_read_as_the_reader_reads_it_or_left_to_it(seed: int) -> None:
    rnd, data = random.Random(seed), bytearray(export(120))
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(data))
        data[at:at] = rnd.choice((b"\r", b"\n"))
    assert_same(bytes(data))  # if DuckDB takes the file, it agrees with the reader


def test_blank_lines_after_the_last_line_or_above_the_first_are_no_reason_to_leave_a_file_to_the_reader() -> None:
    assert assert_same(export(400) + b"\r\n\r\n")
    assert assert_same(export(400).replace(b"\r\n", b"\r\n\r\n", 1))  # under the header: the rows start lower
    assert assert_same(export(400).replace(b"\r\n", b"\n") + b"\n\n\n")


@pytest.mark.parametrize("change", [
    lambda d: d.replace(b",00;", b";", 1).replace(b",01;", b";", 1),  # an amount without its decimals
    lambda d: d.replace(b";GBP;", b";XYZ;", 3).replace(b";EUR;", b";\xe2\x82\xac;", 2),  # no rate, a symbol
    lambda d: d.replace(b"-03-2015", b"-02-2015").replace(b"30-02-2015", b"31-02-2015"),  # a day that is not
    lambda d: d.replace(b"-04-2015", b"-04-2015 ", 5).replace(b";EUR;2", b";;2", 2),  # spaces, currency none
    lambda d: d.replace(b" CAB-AC;", b";", 4),  # no product
    lambda d: d.replace(b"\r\n", b"\r\n ;;  ;;\r\n", 3).replace(b"\r\n", b"\r\n;;;;\t\r\n", 1),  # rows of no cells
    lambda d: d.replace(b"-05-2015", b".5.15", 20),  # another way of writing a date
    lambda d: d.replace(b"-03-2015", "-03-\u0662\u0660\u0661\u0665".encode(), 3),  # digits other than ASCII
    lambda d: d.replace(b"-06-2015", b"-06-2015\t", 4).replace(b";EUR;", b";\xc2\xa0EUR;", 3),  # tab, no-break space
    lambda d: d.replace(b",00;", b",00  ;", 3).replace(b"regel 5;", b"regel 5; ", 1),  # spaces around an amount
    lambda d: re.sub(rb"(;regel \d*7;)[^;]*;", rb"\1;", d),  # no amount at all (an empty cell: NULL to DuckDB)
    lambda d: d.replace(b" CAB-AC;", " CAB-\u00c4C;".encode(), 2).replace(b"ISR4331", b"isr4331 ", 3),  # Ä, case
])
def test_lines_that_are_not_plain_are_read_one_by_one_as_the_reader_reads_them(change: object) -> None:
    data = export(400)
    changed = change(data)  # type: ignore[operator]
    assert changed != data
    assert assert_same(changed)


@pytest.mark.parametrize("lines", [2, 30])
def test_the_families_keep_the_files_order_when_one_is_first_counted_further_down(
        lines: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # the first lines are read in Python for where each family is first counted; past them, DuckDB looks
    monkeypatch.setattr(vip.io.engine, "FIRST_LINES", lines)
    assert assert_same(export(400))
    assert assert_same(export(400, sep="|", decimal=".", dates="%m-%d-%Y", title=True))


def test_a_line_that_does_not_count_does_not_put_its_family_first() -> None:
    data = (b"Artikel;Bedrag;Valuta;Datum\r\n"
            b"UCSC-C220-M5SX;n.v.t.;USD;02-03-2015\r\n"  # rejected: no amount
            b"UCSC-C220-M5SX;50,00;USD;02-03-2014\r\n"  # outside the period
            b"ISR4331/K9;100,00;USD;01-03-2015\r\n"
            b"UCSC-C220-M5SX;200,00;USD;02-03-2015\r\n")
    fast = totals(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    assert fast is not None
    assert list(fast.families) == ["core_wan", "ucs"]
    assert assert_same(data)


def test_imports_in_several_threads_at_once_each_total_their_own_file() -> None:
    # the app's sessions import in threads of one process, which share one DuckDB, each in its own cursor
    files = [export(400), export(300, seed=5), export(200, sep=",", decimal=".")]
    alone = [totals(f, "b.csv", edition("VIP25"), "6-month", per_usd=RATES) for f in files]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda f: total(f, "b.csv", edition("VIP25"), "6-month", per_usd=RATES), files * 4))
    assert together == alone * 4
    assert None not in alone


@pytest.mark.parametrize("count", [1, 2, 3, 10**6])
def test_the_first_issues_of_a_long_file_are_read_from_as_many_lines_as_they_need(count: int) -> None:
    rows = ["Artikel;Omschrijving;Bedrag;Valuta;Datum"] + [
        f"UCSC-C220-M5SX;regel {i};{i % 900 + 100}.{i % 1000:03d},{i % 100:02d};EUR;{i % 28 + 1:02d}-03-2015"
        for i in range(3000)]  # each counts
    data = ("\r\n".join(rows) + "\r\nCAB-AC;laatste;1,00;EUR;01-03-2015\r\nUCSC-C220-M5SX;laatste;2,00;EUR;"
            "01-09-2015\r\n").encode()  # the only two lines that do not count, some 150 KB in
    fast = import_bookings(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    slow = import_bookings(read_table(data, "b.csv"), "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    assert len(data) > 2 * 64 * 1024 and fast.head is not None  # read in two steps, 64 KB then the whole
    assert [i.row for i in slow.issues] == [3002, 3003]
    assert fast.first_issues(count) == slow.issues[:count]


def test_an_excel_workbook_is_left_to_the_reader() -> None:
    data = (SAMPLES / "bookings_rheinland_gold.xlsx").read_bytes()
    assert totals(data, "b.xlsx", edition("VIP25"), "6-month", per_usd=RATES) is None


def distributor(n: int, seed: int = 4) -> bytes:
    """`n` lines over a dozen partners, named in different cases and spacing; one writes its amounts with
    a decimal point, one its dates month first."""
    rnd = random.Random(seed)
    rows = ["Partner;Artikel;Bedrag;Valuta;Datum"]
    for _ in range(n):
        who = rnd.randrange(12)
        name = [f"Partner {who:02d} BV", f"partner  {who:02d} bv"][rnd.random() < 0.2]
        cents = rnd.randint(-90_000, 50_000_000)
        amount = f"{cents / 100:.2f}" if who == 7 else f"{cents // 100},{cents % 100:02d}"  # 07: the English way
        day = date(2015, rnd.randint(1, 8), rnd.randint(1, 28))
        shown = day.strftime("%m-%d-%Y" if who == 9 else "%d-%m-%Y")
        rows.append(";".join([name, rnd.choice(SKUS), amount, rnd.choice(("EUR", "USD", "")), shown]))
    return ("\r\n".join(rows) + "\r\n").encode()


def test_each_partners_import_from_duckdb_equals_the_readers_of_its_lines() -> None:
    data = distributor(4000)
    table = read_table(data, "d.csv")
    split = split_partners(table, "d.csv")
    loaded = load(data, "d.csv")
    assert loaded is not None
    with loaded:
        assert loaded.names == split.names
        got = loaded.imports(edition("VIP25"), "6-month", {k: (k,) for k in split.tables}, per_usd=RATES)
        rows = loaded.rows_of(list(split.tables))
    assert rows == {k: t.row_numbers for k, t in split.tables.items()}
    vouched = 0
    for key, fast in got.items():
        slow = import_bookings(split.tables[key], "d.csv", edition("VIP25"), "6-month", per_usd=RATES)
        if fast is None:  # partner 07 writes a decimal point: the reader decides its amounts
            assert slow.decimal == "."
            continue
        vouched += 1
        assert_equal(fast, slow)
        assert fast == import_bookings(data, "d.csv", edition("VIP25"), "6-month", per_usd=RATES,
                                       partner=split.names[key])
    assert vouched == 11
    assert not got["partner 09 bv"].day_first  # type: ignore[union-attr]


def test_the_engine_takes_a_file_longer_than_the_readers_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = export(400)
    monkeypatch.setattr(vip.io.tables, "MAX_ROWS", 100)
    with pytest.raises(BookingsError, match="too_many_rows"):
        read_table(data, "b.csv")
    result = import_bookings(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    assert result.rows_read == 400
    assert result.counted == len(result.lines) > 100  # and its lines, read when asked for


# --- Parquet ---------------------------------------------------------------------------------------


def as_parquet(tmp_path: Path, csv: bytes, amount: str = "DECIMAL(18,2)", day: str = "DATE", *,
               partner: bool = False) -> bytes:
    """The CSV's lines as Parquet: the amount and the day typed where they can be read (NULL where
    not), the other columns text."""
    import duckdb

    source, target = tmp_path / "export.csv", tmp_path / "export.parquet"
    source.write_bytes(csv)
    typed_amount = ("Bedrag" if amount == "VARCHAR" else
                    f"TRY_CAST(replace(replace(Bedrag, '.', ''), ',', '.') AS {amount}) AS Bedrag")
    typed_day = "Datum" if day == "VARCHAR" else f"try_strptime(Datum, '%d-%m-%Y')::{day} AS Datum"
    with duckdb.connect() as db:
        db.execute(f"""COPY (SELECT {"Partner, " if partner else ""}Artikel, Omschrijving, {typed_amount}, Valuta,
                       {typed_day} FROM read_csv('{source}', delim=';', header=true, all_varchar=true))
                       TO '{target}' (FORMAT parquet)""")
    return target.read_bytes()


@pytest.mark.parametrize(("amount", "day", "taken"), [
    ("DECIMAL(18,2)", "DATE", True), ("DECIMAL(12,2)", "VARCHAR", True),
    ("DOUBLE", "DATE", False), ("DECIMAL(18,3)", "DATE", False), ("VARCHAR", "TIMESTAMP", False),
])
def test_a_parquet_export_is_totalled_by_duckdb_when_its_columns_are_text_exact_amounts_and_days(
        tmp_path: Path, amount: str, day: str, taken: bool) -> None:
    """Text, an amount with two decimals or a day read as their text are what the reader reads in
    them: such a file is DuckDB's, and its result the reader's; a float, another scale or a time is
    left to the reader."""
    csv = export(400, currencies=("EUR", "USD", "GBP", "", "XYZ"))
    csv = csv.replace(b"-03-2015", b"-3-2015", 5).replace(b",00;", b";", 3)  # days and amounts not plain
    data = as_parquet(tmp_path, csv, amount, day)
    assert assert_same(data, "export.parquet") is taken
    reader = import_bookings(read_table(data, "export.parquet"), "export.parquet", edition("VIP25"), "6-month",
                             per_usd=RATES)
    assert reader.counted > 150 and reader.issue_counts["rejected"] > 50


def test_each_partner_of_a_parquet_export_is_totalled_as_the_reader_totals_it_alone(tmp_path: Path) -> None:
    rnd = random.Random(8)
    lines = export(600).decode().split("\r\n")
    names = ["Alfa BV", "Beta BV", "gamma bv", "Gamma BV", ""]
    csv = "\r\n".join(["Partner;" + lines[0], *(f"{rnd.choice(names)};{x}" for x in lines[1:] if x)]) + "\r\n"
    data = as_parquet(tmp_path, csv.encode(), partner=True)
    loaded = load(data, "export.parquet", {"partner": "Partner"})
    assert loaded is not None
    with loaded:
        got = loaded.imports(edition("VIP25"), "6-month", {k: [k] for k in loaded.cells}, per_usd=RATES)
    split = split_partners(read_table(data, "export.parquet"), "export.parquet", {"partner": "Partner"})
    assert sorted(got) == ["", "alfa bv", "beta bv", "gamma bv"]
    for key, fast in got.items():
        assert fast is not None
        slow = import_bookings(split.of([key]), "export.parquet", edition("VIP25"), "6-month", per_usd=RATES)
        assert_equal(fast, replace(slow, table=fast.table))  # the table: the file's, not the partner's cut


def test_the_first_issues_are_read_from_the_first_lines_even_where_none_of_those_counts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ["Artikel;Bedrag;Valuta;Datum"] + [f"UCSC-C220-M5SX;{i % 900 + 100},00;USD;01-03-2014" for i in range(5000)]
    rows += [f"UCSC-C220-M5SX;{i % 900 + 100},00;USD;01-03-2015" for i in range(5000)]  # only the later half counts
    data = ("\r\n".join(rows) + "\r\n").encode()
    fast = import_bookings(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    read: list[int] = []
    real = vip.io.bookings.read_table
    monkeypatch.setattr(vip.io.bookings, "read_table",
                        lambda part, *a, **k: read.append(len(part)) or real(part, *a, **k))
    assert [i.row for i in fast.first_issues(5)] == [2, 3, 4, 5, 6]
    assert read and max(read) <= 64 * 1024 < len(data)  # the first 64 KB, and no more


def test_the_text_report_lists_the_first_lines_that_do_not_count_and_says_how_many_more() -> None:
    from vip.present.bookings import ISSUES_SHOWN, result_text
    from vip.present.explain import Fmt

    data = export(3000)
    fast = import_bookings(data, "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    slow = import_bookings(read_table(data, "b.csv"), "b.csv", edition("VIP25"), "6-month", per_usd=RATES)
    more = len(slow.issues) - ISSUES_SHOWN
    assert more > 0 and fast.head is not None
    for lang, last in (
            ("en", f"  … and {more} more lines that do not count: --issues FILE writes every one"),
            ("nl", f"  … en nog {more} regels die niet meetellen: --issues BESTAND schrijft ze allemaal weg")):
        text = result_text(fast, Fmt(lang))  # type: ignore[arg-type]
        assert text == result_text(slow, Fmt(lang))  # type: ignore[arg-type]
        listed = text.split("\n\n")[-1].splitlines()
        assert len(listed) == 1 + ISSUES_SHOWN + 1 and listed[-1] == last
        assert listed[1].startswith(f"  {'row' if lang == 'en' else 'regel'} {slow.issues[0].row}: ")
    assert "_detail" not in fast.__dict__  # the first lines alone were read
