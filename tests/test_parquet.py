"""Bookings exports as Parquet (read by DuckDB): typed columns read as the XLSX reader reads typed
cells, every line counted with its row and reason as in a CSV of the same lines, and a file that
is not one refused in one line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_portfolio import run as run_cli
from test_portfolio import synthetic

from factories import SAMPLES, edition
from vip.cli import main
from vip.io.bookings import Export, import_bookings
from vip.io.tables import read_table
from vip.model.errors import BookingsError
from vip.present.explain import error_line, issue_text

EUR = {"EUR": Decimal("0.92")}
DUTCH_CSV = SAMPLES / "bookings_voorbeeld_netwerken.csv"


def parquet(tmp_path: Path, select: str, name: str = "export.parquet") -> Path:
    """A Parquet file written by DuckDB from a SELECT (over `csv`, when it names that table)."""
    path = tmp_path / name
    with duckdb.connect() as db:
        db.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    return path


def result_of(data: bytes, name: str, **kwargs: Any) -> Any:
    return import_bookings(data, name, edition("VIP25"), "6-month", per_usd=EUR, **kwargs)


def summary(r: Any) -> tuple[Any, ...]:
    return (r.families, r.counted, r.rows_read, dict(r.issue_counts),
            [(i.row, i.reason) for i in r.issues], [(x.row, x.subtrack, x.family, x.usd) for x in r.lines])


def sql_text(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def test_a_parquet_export_of_the_dutch_sample_counts_every_line_as_the_csv_does(tmp_path: Path) -> None:
    """The sample's cells as text: the same totals, lines and issues on the same rows (Parquet's
    names are row 1, as the CSV's header line is); then with a typed amount and day where the CSV's
    can be read as one (an exact amount, a day), the same again."""
    data = DUTCH_CSV.read_bytes()
    csv = read_table(data, DUTCH_CSV.name)
    assert csv.row_numbers == tuple(range(2, len(csv.rows) + 2))
    from_csv = result_of(data, DUTCH_CSV.name)
    heads = ", ".join(f'"{h}"' for h in csv.headers)
    rows = ", ".join("(" + ", ".join(map(sql_text, row)) + ")" for row in csv.rows)
    path = parquet(tmp_path, f"SELECT * FROM (VALUES {rows}) AS t({heads})")
    got = result_of(path.read_bytes(), path.name)
    assert got.table.kind == "parquet" and got.table.headers == csv.headers
    assert summary(got) == summary(from_csv)
    assert got.counted > 0 and {i.reason for i in got.issues} >= {"outside_period", "unmapped", "bad_amount"}

    typed = parquet(tmp_path, f"""SELECT * REPLACE (
            TRY_CAST(replace(replace("Bedrag", '.', ''), ',', '.') AS DECIMAL(12, 2)) AS "Bedrag",
            try_strptime("Datum", '%d-%m-%Y')::DATE AS "Datum")
        FROM (VALUES {rows}) AS t({heads})""", "typed.parquet")
    table = read_table(typed.read_bytes(), typed.name)
    assert isinstance(table.rows[0][5], Decimal) and isinstance(table.rows[0][1], date)
    got = result_of(typed.read_bytes(), typed.name)
    assert got.families == from_csv.families and got.counted == from_csv.counted


def test_floats_whole_numbers_timestamps_and_text_read_as_the_same_lines_written_in_a_csv(tmp_path: Path) -> None:
    path = parquet(tmp_path, """SELECT * FROM (VALUES
        ('UCSC-C220-M5SX', 1250.5::DOUBLE, TIMESTAMP '2015-03-01 10:30:00', 'USD'),
        ('SG350-28-K9', 4000::BIGINT, TIMESTAMP '2015-02-02 00:00:00', 'EUR'),
        ('CAB-AC', 99.99::DOUBLE, TIMESTAMP '2015-04-01 00:00:00', 'USD'),
        ('UCSC-C220-M5SX', 10.0::DOUBLE, TIMESTAMP '2016-01-01 00:00:00', 'USD'),
        ('UCSC-C220-M5SX', 'nan'::DOUBLE, TIMESTAMP '2015-03-01 00:00:00', 'USD'),
        ('UCSC-C220-M5SX', NULL, TIMESTAMP '2015-03-01 00:00:00', 'USD')
        ) AS t("SKU", "Amount", "Order date", "Currency")""")
    got = result_of(path.read_bytes(), path.name)
    csv = (b"SKU;Amount;Order date;Currency\r\nUCSC-C220-M5SX;1250,50;01-03-2015;USD\r\n"
           b"SG350-28-K9;4000,00;02-02-2015;EUR\r\nCAB-AC;99,99;01-04-2015;USD\r\n"
           b"UCSC-C220-M5SX;10,00;01-01-2016;USD\r\nUCSC-C220-M5SX;nan;01-03-2015;USD\r\n"
           b"UCSC-C220-M5SX;;01-03-2015;USD\r\n")
    expected = result_of(csv, "export.csv")
    assert got.families == expected.families and got.counted == expected.counted == 2
    assert [(i.row, i.reason) for i in got.issues] == [(i.row, i.reason) for i in expected.issues]
    assert [i.reason for i in got.issues] == ["unmapped", "outside_period", "bad_amount", "no_amount"]
    assert got.issues[2].row == 6 and "nan" in issue_text(got.issues[2], "en")


@pytest.mark.parametrize("damage", [
    lambda d: d[: len(d) // 2],  # cut short
    lambda d: d[:8] + b"\x00" * (len(d) - 16) + d[-8:],  # its body overwritten
    lambda d: b"PAR1" + b"no columns here" + b"PAR1",
])
def test_a_damaged_parquet_file_is_one_line_naming_the_file(tmp_path: Path, damage: Any) -> None:
    good = parquet(tmp_path, "SELECT 'UCSC-C220-M5SX' AS sku, 10.5 AS amount, DATE '2015-03-01' AS day")
    with pytest.raises(BookingsError) as caught:
        read_table(damage(good.read_bytes()), "kapot.parquet")
    for lang in ("en", "nl"):
        line = error_line(caught.value, lang)
        assert line.startswith("kapot.parquet: ") and "\n" not in line and "Error" not in line
    assert caught.value.code in ("bookings.refused.parquet", "bookings.refused.not_table")


def test_a_parquet_file_with_more_rows_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = parquet(tmp_path, "SELECT 'UCSC-C220-M5SX' AS sku, 10.5 AS amount, DATE '2015-03-01' AS day FROM range(30)")
    assert len(read_table(path.read_bytes(), path.name, max_rows=30).rows) == 30
    with pytest.raises(BookingsError) as caught:
        read_table(path.read_bytes(), path.name, max_rows=29)
    assert caught.value.code == "bookings.refused.too_many_rows"


def test_lists_and_yes_no_values_are_read_as_their_text(tmp_path: Path) -> None:
    path = parquet(tmp_path, "SELECT 'UCSC-C220-M5SX' AS sku, [1, 2] AS amount, DATE '2015-03-01' AS day, "
                             "true AS shipped")
    table = read_table(path.read_bytes(), path.name)
    assert table.rows == (("UCSC-C220-M5SX", "[1, 2]", date(2015, 3, 1), "True"),)


def test_vip_import_and_the_portfolio_read_a_parquet_export(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 12, status=False)
    with duckdb.connect() as db:
        db.execute(f"""COPY (SELECT * FROM read_csv('{export}', delim=';', header=true, all_varchar=true))
                       TO '{tmp_path / "export.parquet"}' (FORMAT parquet)""")
        # typed: totalled by DuckDB
        db.execute(f"""COPY (SELECT * REPLACE (
                           TRY_CAST(replace(replace("Amount", '.', ''), ',', '.') AS DECIMAL(18, 2)) AS "Amount",
                           try_strptime("Order date", '%d-%m-%Y')::DATE AS "Order date")
                       FROM read_csv('{export}', delim=';', header=true, all_varchar=true))
                       TO '{tmp_path / "typed.parquet"}' (FORMAT parquet)""")
    args = ["--profiles", str(folder), "--rate", "EUR=0.92", "--format", "json"]
    code, from_csv, err = run_cli(capsys, "portfolio", "--bookings", str(export), *args)
    assert code == 0, err
    code, from_parquet, err = run_cli(capsys, "portfolio", "--bookings", str(tmp_path / "export.parquet"), *args)
    assert code == 0, err
    assert from_parquet == from_csv and len(from_parquet["partners"]) == 12
    code, typed, err = run_cli(capsys, "portfolio", "--bookings", str(tmp_path / "typed.parquet"), *args)
    assert code == 0, err
    assert typed == from_csv
    with Export((tmp_path / "typed.parquet").read_bytes(), "typed.parquet") as file:
        assert file.loaded is not None and len(file.names) == 16  # DuckDB's: 12 partners, 3 others, no name
    assert main(["import", str(tmp_path / "export.parquet"), "--rate", "EUR=0.92", "--partner", "Partner 003 BV",
                 "--profile", str(folder / "p003.yaml")]) == 0
    assert "Parquet" in capsys.readouterr().out


def test_the_timestamp_of_a_line_is_its_day(tmp_path: Path) -> None:
    path = parquet(tmp_path, "SELECT 'UCSC-C220-M5SX' AS sku, 10.5 AS amount, TIMESTAMP '2015-03-01 23:59:59' AS day")
    assert read_table(path.read_bytes(), path.name).rows[0][2] == datetime(2015, 3, 1, 23, 59, 59)


def test_the_column_names_are_the_header_even_where_a_row_looks_more_like_one(tmp_path: Path) -> None:
    path = parquet(tmp_path, "SELECT * FROM (VALUES ('SKU', 'Amount', 'Date'), ('UCSC-C220-M5SX', '10,00', "
                             "'01-03-2015')) AS t(a, b, c)")
    table = read_table(path.read_bytes(), path.name, wanted=["SKU"])
    assert table.headers == ("a", "b", "c") and table.row_numbers == (2, 3)
