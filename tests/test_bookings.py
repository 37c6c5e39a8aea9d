"""Bookings import: reading European and English exports, mapping lines to subtracks, and
accounting for every line (counted, outside the period, unmapped or rejected with a reason)."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from factories import SAMPLES, edition, profile
from vip.cli import main
from vip.io.bookings import apply_bookings, import_bookings, scale_for
from vip.io.rules import load_profile
from vip.io.tables import ColumnMapping, detect_decimal, guess_mapping, parse_amount, parse_date, read_table
from vip.model.errors import BookingsError
from vip.present.explain import error_line, issue_text

DUTCH_CSV = SAMPLES / "bookings_voorbeeld_netwerken.csv"
GERMAN_XLSX = SAMPLES / "bookings_rheinland_gold.xlsx"
EUR = {"EUR": Decimal("0.92")}
HEADER = ("Artikel", "Omschrijving", "Bedrag", "Valuta", "Datum")


def csv_bytes(rows: list[tuple[str, ...]], *, sep: str = ";", encoding: str = "utf-8", header=HEADER) -> bytes:
    lines = [sep.join(header), *(sep.join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(data: bytes, name: str = "bookings.csv", period: str = "6-month", **kwargs):
    return import_bookings(data, name, edition("VIP25"), period, **kwargs)


# --- the sample files --------------------------------------------------------------------------


def test_dutch_sample_reads_windows_1252_semicolons_and_decimal_commas() -> None:
    result = run(DUTCH_CSV.read_bytes(), DUTCH_CSV.name, per_usd=EUR)
    assert (result.table.kind, result.table.encoding, result.table.delimiter) == ("csv", "cp1252", ";")
    assert result.decimal == "," and result.day_first
    assert result.mapping == ColumnMapping("Artikel", "Bedrag", "Datum", "Valuta", "Omschrijving")
    assert any("café" in line.description for line in result.lines)
    # UCS servers: 14,860 + 3,950.40 + 18,420 + 11,230 + 2,716.80 + 9,210 - 1,840 + 7,430 EUR; 1,288 USD is express
    servers_eur = Decimal("14860") + Decimal("3950.40") + 18420 + 11230 + Decimal("2716.80") + 9210 - 1840 + 7430
    assert result.families["ucs"]["ucs_servers"] == (servers_eur / Decimal("0.92")).quantize(Decimal("0.01"))
    assert result.families["ucs"]["ucs_software"] == ((6440 + 2070) / Decimal("0.92")).quantize(Decimal("0.01"))


def test_dutch_sample_lists_every_line_that_does_not_count_with_its_row_and_reason() -> None:
    result = run(DUTCH_CSV.read_bytes(), DUTCH_CSV.name, per_usd=EUR)
    found = {(i.row, i.kind, i.reason) for i in result.issues}
    assert found == {
        (2, "outside_period", "outside_period"),
        (9, "unmapped", "unmapped"),
        (16, "rejected", "bad_amount"),
        (18, "rejected", "bad_day"),
        (24, "rejected", "no_rate"),
        (25, "rejected", "no_product"),
    }
    assert len(result.lines) + len(result.issues) == result.rows_read


def test_a_rate_for_the_currency_lets_its_lines_count() -> None:
    without = run(DUTCH_CSV.read_bytes(), per_usd=EUR)
    with_gbp = run(DUTCH_CSV.read_bytes(), per_usd={**EUR, "GBP": Decimal("0.65")})
    extra = (Decimal("2576") / Decimal("0.65")).quantize(Decimal("0.01"))
    assert abs(with_gbp.totals["express_en"] - without.totals["express_en"] - extra) <= Decimal("0.01")
    assert 24 not in {i.row for i in with_gbp.issues}


def test_german_sample_xlsx_finds_the_header_below_a_title_and_reads_dates_and_numbers() -> None:
    result = run(GERMAN_XLSX.read_bytes(), GERMAN_XLSX.name, per_usd=EUR)
    assert (result.table.kind, result.table.sheet) == ("xlsx", "Auftragseingang")
    assert result.mapping.product == "SKU" and result.mapping.amount == "Net Value"
    assert result.mapping.date == "Order Date" and result.mapping.currency == "Currency"
    assert result.table.row_numbers[0] == 4  # title, blank line, header
    reasons = {i.reason for i in result.issues}
    assert reasons == {"outside_period", "unmapped", "bad_amount", "no_rate"}
    assert {"core_wan", "unified_fabric", "emerging_dc", "ucs"} <= set(result.totals)
    assert len(result.lines) + len(result.issues) == result.rows_read


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sep", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "cp1252"), ("|", "utf-8")])
def test_separator_and_encoding_are_detected(sep: str, encoding: str) -> None:
    rows = [("UCSC-C220", "Server é", "1000.50", "USD", "2015-03-01"), ("SG300", "Switch", "200", "USD", "2015-03-02")]
    table = read_table(csv_bytes(rows, sep=sep, encoding=encoding))
    assert table.delimiter == sep
    assert table.encoding == encoding
    assert table.headers == HEADER
    assert table.rows[0][1] == "Server é"


def test_utf8_with_and_without_bom_give_the_same_totals() -> None:
    rows = [("UCSC-C220", "x", "1.234,56", "", "01-03-2015")]
    plain = run(csv_bytes(rows))
    bom = run(csv_bytes(rows, encoding="utf-8-sig"))
    assert plain.totals == bom.totals == {"ucs": Decimal("1234.56")}


def test_excel_separator_hint_line_is_honoured() -> None:
    data = b"sep=;\r\n" + csv_bytes([("UCSC-C220", "x", "1,5", "", "01-03-2015")])
    result = run(data)
    assert result.table.row_numbers == (3,)
    assert result.totals == {"ucs": Decimal("1.50")}


@pytest.mark.parametrize(
    ("values", "decimal"),
    [
        (["1.234,56", "12,5"], ","),
        (["1,234.56", "12.5"], "."),
        (["1.234.567"], ","),  # several dots can only be thousands
        (["1,234,567"], "."),
        (["1.234", "99,95"], ","),
    ],
)
def test_decimal_separator_is_read_per_column(values: list[str], decimal: str) -> None:
    assert detect_decimal(values) == decimal


def test_an_ambiguous_column_follows_the_file_convention() -> None:
    semicolon = run(csv_bytes([("UCSC-C220", "x", "1.234", "", "01-03-2015")]))
    comma = run(csv_bytes([("UCSC-C220", "x", "1.234", "", "01-03-2015")], sep=","))
    assert semicolon.totals == {"ucs": Decimal("1234.00")}
    assert comma.totals == {"ucs": Decimal("1.23")}  # 1.234 USD, rounded to cents


def test_a_number_that_breaks_the_column_format_is_rejected_not_misread() -> None:
    rows = [("UCSC-C220", "x", "1.234,56", "", "01-03-2015"), ("UCSC-C220", "y", "1.5,0", "", "01-03-2015")]
    result = run(csv_bytes(rows))
    assert [(i.row, i.reason) for i in result.rejected] == [(3, "amount_format")]
    assert "decimal comma" in issue_text(result.rejected[0])
    assert "komma" in issue_text(result.rejected[0], "nl")


@pytest.mark.parametrize(
    ("text", "decimal", "amount", "currency"),
    [
        ("€ 1.234,50", ",", Decimal("1234.50"), "EUR"),
        ("1.234,50 EUR", ",", Decimal("1234.50"), "EUR"),
        ("$1,234.50", ".", Decimal("1234.50"), "USD"),
        ("(1.000,00)", ",", Decimal("-1000.00"), None),
        ("1.000,00-", ",", Decimal("-1000.00"), None),
        ("-12,5", ",", Decimal("-12.5"), None),
        ("1 234,50", ",", Decimal("1234.50"), None),
        ("1'234.50", ".", Decimal("1234.50"), None),
    ],
)
def test_amounts_in_european_forms(text: str, decimal: str, amount: Decimal, currency: str | None) -> None:
    assert parse_amount(text, decimal) == (amount, currency)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_european_written_amount_reads_back_exactly(value: Decimal) -> None:
    english = f"{value:,.2f}"
    dutch = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_amount(dutch, ",")[0] == value
    assert parse_amount(english, ".")[0] == value


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2015-03-01", date(2015, 3, 1)),
        ("2015-03-01T10:30:00", date(2015, 3, 1)),
        ("2015-03-01 10:30", date(2015, 3, 1)),
        ("20150301", date(2015, 3, 1)),
        ("01-03-2015", date(2015, 3, 1)),
        ("1-3-2015", date(2015, 3, 1)),
        ("01/03/2015", date(2015, 3, 1)),
        ("01.03.2015", date(2015, 3, 1)),
        ("01.03.15", date(2015, 3, 1)),
        ("1 mrt 2015", date(2015, 3, 1)),
        ("1-Mar-2015", date(2015, 3, 1)),
        ("1 maart 2015", date(2015, 3, 1)),
        ("3. Mai 2015", date(2015, 5, 3)),
    ],
)
def test_dates_in_iso_and_european_forms(text: str, day: date) -> None:
    assert parse_date(text) == day


def test_a_column_of_us_dates_is_read_month_first() -> None:
    rows = [("UCSC-C220", "x", "10", "", "03/25/2015"), ("UCSC-C220", "y", "10", "", "04/02/2015")]
    result = run(csv_bytes(rows, sep=","))
    assert not result.day_first
    assert [line.day for line in result.lines] == [date(2015, 3, 25), date(2015, 4, 2)]


def test_excel_day_numbers_are_dates() -> None:
    assert parse_date(42064) == date(2015, 3, 1)
    assert parse_date(datetime(2015, 3, 1, 9, 0)) == date(2015, 3, 1)


# --- mapping columns and lines -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Artikel", "Omschrijving", "Bedrag", "Valuta", "Datum"],
         ColumnMapping("Artikel", "Bedrag", "Datum", "Valuta", "Omschrijving")),
        (["Order Date", "SKU", "Product Description", "Net Value", "Currency"],
         ColumnMapping("SKU", "Net Value", "Order Date", "Currency", "Product Description")),
        (["Factuurdatum", "Artikelnummer", "Bedrag excl. BTW (EUR)", "Qty"],
         ColumnMapping("Artikelnummer", "Bedrag excl. BTW (EUR)", "Factuurdatum", None, None)),
        (["Datum", "Artikelnummer", "Bezeichnung", "Betrag", "Währung"],
         ColumnMapping("Artikelnummer", "Betrag", "Datum", "Währung", "Bezeichnung")),
    ],
)
def test_columns_are_guessed_from_english_dutch_and_german_headers(headers: list[str],
                                                                   expected: ColumnMapping) -> None:
    assert guess_mapping(headers) == expected


def test_unfamiliar_headers_can_be_mapped_by_hand() -> None:
    header = ("Kol1", "Kol2", "Kol3")
    data = csv_bytes([("UCSC-C220", "2.000,00", "01-03-2015")], header=header)
    with pytest.raises(BookingsError) as err:
        run(data)
    assert "cannot tell which column holds the product, amount, and date" in error_line(err.value)
    assert "Kol1, Kol2, Kol3" in error_line(err.value)
    result = run(data, mapping={"product": "Kol1", "amount": "Kol2", "date": "Kol3"})
    assert result.totals == {"ucs": Decimal("2000.00")}


def test_a_mapping_naming_a_missing_column_suggests_the_nearest() -> None:
    with pytest.raises(BookingsError) as err:
        run(DUTCH_CSV.read_bytes(), mapping={"amount": "Bedrg"})
    assert "no column 'Bedrg' (did you mean 'Bedrag'?)" in error_line(err.value)
    assert "geen kolom 'Bedrg' (bedoel je 'Bedrag'?)" in error_line(err.value, "nl")


def test_a_hand_mapping_wins_over_the_guess_and_the_guess_does_not_reuse_its_column() -> None:
    result = run(DUTCH_CSV.read_bytes(), per_usd=EUR, mapping={"description": "Artikel", "product": "Artikel"})
    assert result.mapping.product == result.mapping.description == "Artikel"


@pytest.mark.parametrize(
    ("sku", "subtrack", "family"),
    [
        ("UCS-DIR-STD-K9", "ucs", "ucs_software"),  # UCS-DIR beats UCS-
        ("UCS-CPU-E52640D", "ucs", "ucs_servers"),
        ("N9K-C9396PX", "emerging_dc", "aci"),  # N9K-C93 beats N9K
        ("N9K-C9508", "unified_fabric", "nexus"),
        ("ASA5506-K9", "express_security", "smb_security"),  # ASA5506 beats ASA
        ("ASA5525-K9", "network_security", "firewalls"),
        ("ucsc-c220", "ucs", "ucs_servers"),  # case does not matter
        ("CISCO2911/K9", "core_wan", "routing"),  # ISR G2, sold in 2015
        ("WS-C4500X-16SFP+", "unified_access", "access_switching"),  # Catalyst 4500
    ],
)
def test_the_longest_sku_prefix_wins(sku: str, subtrack: str, family: str) -> None:
    result = run(csv_bytes([(sku, "x", "100", "USD", "01-03-2015")]))
    assert (result.lines[0].subtrack, result.lines[0].family) == (subtrack, family)


def test_lines_outside_the_period_are_listed_not_counted() -> None:
    rows = [("UCSC-C220", "in", "100", "", "26-04-2015"), ("UCSC-C220", "before", "100", "", "25-04-2015")]
    result = run(csv_bytes(rows), period="3-month")
    assert [line.row for line in result.lines] == [2]
    assert [(i.row, i.value) for i in result.outside_period] == [(3, "2015-04-25")]


def test_other_currencies_need_a_rate_or_are_rejected() -> None:
    rows = [("UCSC-C220", "x", "920", "EUR", "01-03-2015"), ("UCSC-C220", "y", "100", "USD", "01-03-2015")]
    rejected = run(csv_bytes(rows))
    assert [(i.row, i.reason, i.value) for i in rejected.rejected] == [(2, "no_rate", "EUR")]
    assert "EUR per USD" in issue_text(rejected.rejected[0])
    converted = run(csv_bytes(rows), per_usd=EUR)
    assert converted.totals == {"ucs": Decimal("1100.00")}


def test_a_file_in_one_currency_can_say_so_once() -> None:
    rows = [("UCSC-C220", "x", "920", "", "01-03-2015")]
    assert run(csv_bytes(rows), currency="EUR", per_usd=EUR).totals == {"ucs": Decimal("1000.00")}


def test_scaling_extrapolates_months_so_far_to_the_period() -> None:
    rows = [("UCSC-C220", "x", "1.000,10", "", "01-03-2015")]
    assert scale_for(3, 6) == 2
    assert run(csv_bytes(rows), scale=scale_for(3, 6)).totals == {"ucs": Decimal("2000.20")}
    with pytest.raises(BookingsError) as err:
        scale_for(0, 6)
    assert error_line(err.value) == ("expected a number of months so far above 0 and at most 12 (and at least a "
                                     "hundredth of the period), got 0")
    assert error_line(err.value, "nl") == ("verwacht een aantal maanden tot nu toe boven 0 en hoogstens 12 (en minstens "  # noqa: E501
                                           "een honderdste van de periode), kreeg 0")


def test_credit_notes_that_outweigh_sales_count_as_zero_and_are_named() -> None:
    rows = [("UCSC-C220", "x", "100", "", "01-03-2015"), ("UCSC-C220", "credit", "-300", "", "02-03-2015")]
    result = run(csv_bytes(rows))
    assert result.totals == {"ucs": Decimal("-200.00")}
    assert result.negative == ("ucs/ucs_servers",)
    assert result.projected_sales() == {"ucs": {"ucs_servers": Decimal(0)}}


def test_projected_sales_are_per_family_only_where_the_subtrack_has_several() -> None:
    rows = [("UCSC-C220", "x", "100", "", "01-03-2015"), ("SG300", "y", "50", "", "01-03-2015")]
    sales = run(csv_bytes(rows)).projected_sales()
    assert sales == {"ucs": {"ucs_servers": Decimal("100.00")}, "express_en": Decimal("50.00")}


def test_applying_keeps_the_other_subtracks_unless_told_to_replace_all() -> None:
    result = run(csv_bytes([("UCSC-C220", "x", "100", "", "01-03-2015")]))
    partner = profile(projected_sales={"ucs": 5, "core_wan": 7})
    assert apply_bookings(partner, result) == {"core_wan": Decimal(7), "ucs": {"ucs_servers": Decimal("100.00")}}
    assert apply_bookings(partner, result, replace_all=True) == {"ucs": {"ucs_servers": Decimal("100.00")}}


# --- refusals ----------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_with_one_message() -> None:
    with pytest.raises(BookingsError) as err:
        run(b"x" * 2_000_001, "big.csv", max_bytes=2_000_000)
    assert error_line(err.value) == "big.csv: the file is 2.0 MB; the limit is 2 MB"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no usable rows: the file is empty"),
        (b"\r\n  \r\n", "no usable rows: the file is empty"),
        (csv_bytes([("UCSC-C220", "x", "abc", "", "01-03-2015"), ("", "", "5", "", "")]),
         "no usable rows: none of the 2 rows counts (2 rejected, 0 outside the period 2015-01-25 to 2015-07-25, "
         "0 unmapped); first: row 2: amount 'abc' is not a number"),
        (csv_bytes([("CAB-1", "x", "5", "", "01-03-2015")]), "no usable rows: none of the 1 rows counts"),
    ],
)
def test_no_usable_rows_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(BookingsError) as err:
        run(data, "b.csv")
    assert error_line(err.value).startswith(f"b.csv: {message}")


@pytest.mark.parametrize(
    ("data", "kwargs", "english", "dutch"),
    [
        (b"", {}, "no usable rows: the file is empty", "geen bruikbare rijen: het bestand is leeg"),
        (b"x" * 2_500_001, {"max_bytes": 2_000_000}, "the file is 2.5 MB; the limit is 2 MB",
         "het bestand is 2,5 MB; de grens is 2 MB"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, {}, "not a CSV, XLSX or Parquet file",
         "geen CSV-, XLSX- of Parquet-bestand"),
        (b"Foo;Bar\r\nA;B\r\n", {}, "cannot tell which column holds the product, amount, and date",
         "kan niet zien welke kolom het product, het bedrag en de datum bevat"),
    ],
)
def test_a_refused_file_is_told_in_english_and_dutch(data: bytes, kwargs: dict, english: str, dutch: str) -> None:
    with pytest.raises(BookingsError) as err:
        run(data, "b.csv", **kwargs)
    assert error_line(err.value).startswith(f"b.csv: {english}")
    assert error_line(err.value, "nl").startswith(f"b.csv: {dutch}")


def test_an_old_binary_workbook_is_refused() -> None:
    with pytest.raises(BookingsError) as err:
        run(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")
    assert "not a CSV, XLSX or Parquet file" in error_line(err.value)


def test_a_missing_sheet_is_named_with_the_sheets_there_are() -> None:
    with pytest.raises(BookingsError) as err:
        run(GERMAN_XLSX.read_bytes(), sheet="Orders")
    assert "no sheet 'Orders'; sheets: Auftragseingang" in error_line(err.value)


def test_xlsx_sheet_with_typed_cells() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["SKU", "Amount", "Date"])
    ws.append(["UCSC-C220", 1234.5, datetime(2015, 3, 1)])
    ws.append(["UCSC-C220", 10, "01-03-2015"])
    out = io.BytesIO()
    wb.save(out)
    assert run(out.getvalue(), "b.xlsx").totals == {"ucs": Decimal("1244.50")}


def test_xlsx_cells_of_other_kinds_are_read_as_text_and_rejected_with_their_row() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["SKU", "Amount", "Date"])
    ws.append(["UCSC-C220", 100, datetime(2015, 3, 1)])
    ws.append(["UCSC-C220", 200, time(9, 30)])  # a time where a date belongs
    ws.append(["UCSC-C220", timedelta(hours=3), datetime(2015, 3, 2)])  # a duration for an amount
    out = io.BytesIO()
    wb.save(out)
    result = run(out.getvalue(), "b.xlsx")
    assert result.totals == {"ucs": Decimal("100")}
    assert [issue.row for issue in result.issues] == [3, 4]


# --- size --------------------------------------------------------------------------------


def test_fifty_thousand_lines_import_whole(tmp_path: Path) -> None:  # its speed: bench/bookings.py
    skus = ["UCSC-C220-M4S", "UCS-DIR-STD", "SG300-28", "N9K-C9508", "ISR4331", "CAB-1", "CP-8845"]
    amounts = [f"{Decimal(i % 900_000 + 100) / 100:,.2f}".translate(str.maketrans(",.", ".,")) for i in range(50_000)]
    rows = [(skus[i % 7], f"regel {i}", amounts[i], "EUR", f"{1 + i % 28:02d}-{2 + i % 5:02d}-2015")
            for i in range(50_000)]
    data = csv_bytes(rows)
    result = run(data, per_usd=EUR)
    assert result.rows_read == 50_000
    assert len(result.lines) + len(result.issues) == 50_000
    assert len(result.unmapped) == 50_000 // 7 + (1 if 50_000 % 7 > 5 else 0)


# --- the command line --------------------------------------------------------------------------


def test_vip_import_prints_totals_and_writes_the_profile_and_the_issues(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out, issues = tmp_path / "p.yaml", tmp_path / "issues.csv"
    code = main(["import", str(DUTCH_CSV), "--profile", str(SAMPLES / "voorbeeld_netwerken.yaml"),
                 "--rate", "EUR=0.92", "--months-so-far", "3", "--out", str(out), "--issues", str(issues)])
    assert code == 0
    text = capsys.readouterr().out
    assert "24 rows: 18 counted, 4 rejected, 1 outside the period, 1 unmapped" in text
    assert "row 16: rejected: amount 'n.v.t.' is not a number" in text
    profile_now, _ = load_profile(out, {"VIP25": edition("VIP25")})
    assert set(profile_now.projected_sales) == {"ucs", "express_en"}
    assert profile_now.sales_of("ucs") == Decimal("161928.70")
    assert issues.read_text(encoding="utf-8-sig").splitlines()[0] == "Row,Status,Reason,SKU,Amount,Date"


def test_vip_import_json_and_a_bad_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(GERMAN_XLSX), "--edition", "VIP25", "--period", "6-month", "--rate", "EUR=0.92",
                 "--format", "json"]) == 0
    assert '"format": "xlsx"' in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"SKU;Bedrag;Datum\r\nCAB;1;01-03-2015\r\n")
    assert main(["import", str(bad), "--edition", "VIP25", "--period", "6-month"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"vip: {bad}: no usable rows") and err.count("\n") == 1


@pytest.mark.parametrize(("flag", "typed", "line"), [
    ("--months-so-far", "abc", "vip: --months-so-far: expected a number of months so far above 0 and at most 12 (and at least a hundredth of the period), got abc"),  # noqa: E501
    ("--months-so-far", "NaN", "vip: --months-so-far: expected a number of months so far above 0 and at most 12 (and at least a hundredth of the period), got NaN"),  # noqa: E501
    ("--months-so-far", "0", "vip: --months-so-far: expected a number of months so far above 0 and at most 12 (and at least a hundredth of the period), got 0"),  # noqa: E501
    ("--scale", "NaN", "vip: --scale: expected a scale factor above 0 and at most 100, got NaN"),
    ("--scale", "Infinity", "vip: --scale: expected a scale factor above 0 and at most 100, got Infinity"),
    ("--scale", "-2", "vip: --scale: expected a scale factor above 0 and at most 100, got -2"),
    ("--rate", "EUR=abc", "vip: --rate: expected a number of EUR per USD from 0.000001 to 1,000,000, such as EUR=0.92, got 'abc'"),  # noqa: E501
    ("--rate", "eur=NaN", "vip: --rate: expected a number of EUR per USD from 0.000001 to 1,000,000, such as EUR=0.92, got 'NaN'"),  # noqa: E501
    ("--rate", "EUR=0", "vip: --rate: expected a number of EUR per USD from 0.000001 to 1,000,000, such as EUR=0.92, got '0'"),  # noqa: E501
])
def test_vip_import_refuses_a_flag_that_is_no_positive_number_in_one_line_naming_it(
    flag: str, typed: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rate = [] if flag == "--rate" else ["--rate", "EUR=0.92"]
    assert main(["import", str(DUTCH_CSV), "--edition", "VIP25", "--period", "6-month", *rate, flag, typed]) == 2
    shown = capsys.readouterr()
    assert (shown.out, shown.err) == ("", line + "\n")


def test_vip_import_words_a_bad_flag_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DUTCH_CSV), "--edition", "VIP25", "--period", "6-month", "--lang", "nl",
                 "--months-so-far", "drie"]) == 2
    assert capsys.readouterr().err == ("vip: --months-so-far: verwacht een aantal maanden tot nu toe boven 0 en"
                                       " hoogstens 12 (en minstens een honderdste van de periode), kreeg drie\n")


def test_vip_import_reads_in_dutch_with_dutch_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(DUTCH_CSV), "--profile", str(SAMPLES / "voorbeeld_netwerken.yaml"), "--rate", "EUR=0.92",
                 "--months-so-far", "3", "--lang", "nl"]) == 0
    text = capsys.readouterr().out
    assert "24 regels: 18 geteld, 4 afgewezen, 1 buiten de periode, 1 niet toegewezen" in text
    assert "totalen vermenigvuldigd met 2" in text
    assert "regel 16: afgewezen: " in text
    ucs = next(line for line in text.splitlines() if line.strip().startswith("ucs "))
    assert ucs.endswith("USD     161.928,70")
