"""Meeting reports: the Excel workbook's sheets and formatting, the self-contained HTML page in
English and Dutch, and the safety of user text in CSV, Excel and HTML."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factories import SAMPLES, assessed, editions
from vip.calc.engine import assess
from vip.cli import main
from vip.io.bookings import import_bookings
from vip.io.rules import load_profile
from vip.present.explain import Fmt, gap_message, status_label
from vip.present.reports import bookings_issues_csv, csv_text, excel_report, html_report, report_filename, safe_cell
from vip.present.words import Lang

SHEETS_EN = ["Inputs & assumptions", "Eligibility & gaps", "Rebate lines", "Investment", "ROI (cash flow)", "Sources"]
SHEETS_NL = ["Invoer en aannames", "Deelname en tekorten", "Rebateregels", "Investering", "ROI (kasstroom)", "Bronnen"]
HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1:A9)"]


def sample(name: str = "voorbeeld_netwerken"):
    return assess(*load_profile(SAMPLES / f"{name}.yaml", editions()))


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


# --- Excel -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "sheets"), [("en", SHEETS_EN), ("nl", SHEETS_NL)])
def test_workbook_has_one_sheet_per_part_in_the_chosen_language(lang: str, sheets: list[str]) -> None:
    assert workbook(excel_report(sample(), Fmt(lang))).sheetnames == sheets  # type: ignore[arg-type]


def test_every_sheet_has_a_styled_frozen_header_and_set_widths() -> None:
    wb = workbook(excel_report(sample("rheinland_gold")))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        header = ws[1]
        assert all(cell.font.bold for cell in header if cell.value), ws.title
        assert header[0].fill.fgColor.rgb.endswith("1F4E79"), ws.title
        assert all(ws.column_dimensions[c].width and ws.column_dimensions[c].width > 8 for c in "AB"), ws.title


def test_rebate_lines_sheet_holds_the_engine_lines_as_formatted_numbers() -> None:
    a = sample("rheinland_gold")
    ws = workbook(excel_report(a))["Rebate lines"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = [(s.name, float(x.base), float(x.rate), float(x.amount))
                for s in a.subtracks if s.enrolled or s.projected_sales for x in s.lines]
    assert [(r[0], r[2], r[3], r[4]) for r in rows[:len(expected)]] == expected
    assert ws["C2"].number_format == '#,##0 "USD";-#,##0 "USD"'
    assert ws["D2"].number_format == "0.0%"


def test_eligibility_sheet_has_status_and_gap_messages() -> None:
    a = sample()
    ws = workbook(excel_report(a))["Eligibility & gaps"]
    ucs = a.subtrack("ucs")
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert status_label(ucs.status, "en") in texts
    assert gap_message(ucs.gaps[0], ucs.name, a.edition, Fmt("en")) in texts


def test_roi_sheet_follows_the_cash_flow() -> None:
    a = sample()
    ws = workbook(excel_report(a))["ROI (cash flow)"]
    cumulative = [row[4] for row in ws.iter_rows(min_row=2, max_row=2 + a.roi.horizon_periods, values_only=True)]
    assert cumulative == [float(x) for x in a.roi.cumulative]


def test_sources_sheet_marks_illustrative_figures() -> None:
    ws = workbook(excel_report(sample()))["Sources"]
    rows = list(ws.iter_rows(min_row=2))
    flagged = [r for r in rows if r[2].value.startswith("illustrative")]
    sourced = [r for r in rows if not r[2].value.startswith("illustrative")]
    assert flagged and sourced
    assert all(r[0].fill.fgColor.rgb.endswith("FFF2CC") for r in flagged)
    assert any("Founding brief" in r[2].value for r in sourced)


def test_money_can_be_shown_in_euro() -> None:
    a = sample()
    ws = workbook(excel_report(a, Fmt("nl", "EUR", Decimal("0.92"))))["Rebateregels"]
    assert ws["C2"].number_format.endswith('"EUR"')
    assert ws["C2"].value == pytest.approx(float(a.subtrack("express_en").lines[0].base) * 0.92)


# --- safety ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised_in_excel(text: str) -> None:
    a = assessed(partner=text, staff=[{"role": "AM", "covers": [], "name": text}])
    wb = workbook(excel_report(a))
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), (ws.title, cell.coordinate)
                    if text in cell.value:
                        found.append(cell.value)
    assert f"'{text}" in found


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_neutralised_in_csv(text: str) -> None:
    data = f"SKU;Omschrijving;Bedrag;Datum\r\n{text};x;5;01-03-2015\r\nUCSC-C220;y;5;01-03-2015\r\n".encode()
    result = import_bookings(data, "b.csv", editions()["VIP25"], "6-month")
    [row] = list(csv.reader(io.StringIO(bookings_issues_csv(result))))[1:]
    assert row[3] == "'" + text.upper()
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_dutch_rejected_rows_csv_splits_on_semicolons_as_dutch_excel_does() -> None:
    data = b"SKU;Omschrijving;Bedrag;Datum\r\nUCSC-C220;x;n.v.t.;01-03-2015\r\nUCSC-C220;y;5;01-03-2015\r\n"
    result = import_bookings(data, "b.csv", editions()["VIP25"], "6-month")
    dutch = bookings_issues_csv(result, "nl")
    header, row = list(csv.reader(io.StringIO(dutch), delimiter=";"))
    assert header[0] == "Rij" and row[0] == "2" and "geen getal" in row[2]
    assert "," not in dutch.splitlines()[0]
    assert bookings_issues_csv(result).startswith("Row,Status,")


def test_plain_numbers_stay_numbers_in_csv() -> None:
    assert safe_cell("-12.5") == "-12.5" and safe_cell("-1,5") == "-1,5"
    assert safe_cell(-3) == -3
    assert csv_text([["-2", "-2+3", "=1"]]) == "-2,'-2+3,'=1\r\n"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_user_text_is_escaped_in_html(lang: str) -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    a = assessed(partner=hostile, staff=[{"role": "AM", "covers": [], "name": hostile}])
    page = html_report(a, Fmt(lang))  # type: ignore[arg-type]
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_self_contained_and_prints() -> None:
    page = html_report(sample("rheinland_gold"), today=date(2015, 4, 26))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")
    assert page.count("<svg") == 2
    assert "@media print" in page and "@page" in page and "break-inside: avoid" in page
    assert "Generated: 26 Apr 2015" in page


def test_html_in_english_and_dutch_uses_the_explain_words() -> None:
    a = sample()
    ucs = a.subtrack("ucs")
    en, nl = html_report(a, Fmt("en")), html_report(a, Fmt("nl"))
    assert '<html lang="en">' in en and '<html lang="nl">' in nl
    assert status_label(ucs.status, "en") in en and status_label(ucs.status, "nl") in nl
    for lang, page in (("en", en), ("nl", nl)):
        message = gap_message(ucs.gaps[-1], ucs.name, a.edition, Fmt(lang))  # type: ignore[arg-type]
        assert message.replace("’", "&#x27;").replace("'", "&#x27;") in page or message in page
    assert Fmt("nl").money(a.estimated_rebate) in nl and Fmt("en").money(a.estimated_rebate) in en


def test_period_and_country_are_in_the_reports_language() -> None:
    a = sample()
    nl, en = html_report(a, Fmt("nl")), html_report(a, Fmt("en"))
    assert "6 maanden (25 jan 2015 – 25 jul 2015) · Nederland" in nl
    assert "6 months (25 Jan 2015 – 25 Jul 2015) · Netherlands" in en
    inputs = dict(list(workbook(excel_report(a, Fmt("nl")))["Invoer en aannames"].iter_rows(values_only=True)))
    assert (inputs["Land"], inputs["Periode"]) == ("Nederland", "6 maanden (25 jan 2015 – 25 jul 2015)")


def test_with_nothing_to_invest_the_payback_says_so() -> None:
    _, a = with_ucs_earned()  # every gap closed: nothing to invest, nothing to pay back
    nl = html_report(a, Fmt("nl"))
    assert "niets te investeren" in nl and "verdient zich niet terug" not in nl
    roi = [row for row in workbook(excel_report(a))["ROI (cash flow)"].iter_rows(values_only=True) if row[0]]
    assert ("Payback of closing the gaps (periods)", "nothing to invest") in [(r[0], r[1]) for r in roi]


@pytest.mark.parametrize(("lang", "payback", "roi", "npv"), [
    ("en", "within the first period", "not shown: less than USD\xa01,000 is spent",
     "Net present value of closing the gaps"),
    ("nl", "binnen de eerste periode", "niet getoond: er gaat minder dan USD\xa01.000 uit",
     "Netto contante waarde van het sluiten van de tekorten"),
])
def test_a_tiny_spend_reads_in_the_reports_as_in_the_app(lang: Lang, payback: str, roi: str, npv: str) -> None:
    """Thames spends USD 680 of CSAT hours: its payback is within the first period (not "0.0") and its
    ROI, +16,135%, is not shown."""
    a = sample("thames_short_csat")
    page = html_report(a, Fmt(lang))
    summary = page[page.index('<section id="summary">'):page.index("</section>")]
    assert payback in summary and roi in summary and npv in summary
    assert "16,135" not in summary and "16.135" not in summary
    sheet = "ROI (cash flow)" if lang == "en" else "ROI (kasstroom)"
    cells = workbook(excel_report(a, Fmt(lang)))[sheet].iter_rows(values_only=True)
    rows = [r[1] for r in cells if isinstance(r[0], str)]
    assert payback in rows and roi in rows


@pytest.mark.parametrize(("lang", "why"), [
    ("en", "Unified Computing (UCS) is USD\xa017,500 below its minimum of USD\xa057,500"),
    ("nl", "Unified Computing (UCS) zit USD\xa017.500 onder het minimum van USD\xa057.500"),
])
def test_a_zero_investment_beside_costed_gaps_says_why_in_the_reports(lang: Lang, why: str) -> None:
    a = assessed(enrolled=["ucs"], projected_sales={"ucs": 40000}, csat_responses=0)
    assert a.investment.one_off == 0 and any(g.kind == "authorization" for g in a.subtrack("ucs").gaps)
    page = html_report(a, Fmt(lang))
    assert why in page[page.index('<section id="investment">'):page.index('<section id="roi">')]
    sheet = "Investment" if lang == "en" else "Investering"
    cells = [c for row in workbook(excel_report(a, Fmt(lang)))[sheet].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and c.startswith(why) for c in cells)


def test_html_shows_every_section() -> None:
    page = html_report(sample())
    for section in ("summary", "eligibility", "lines", "investment", "roi", "inputs", "sources"):
        assert f'<section id="{section}">' in page
    assert '<table class="elig">' in page and '<tr class="gaps">' in page  # gaps in a row of their own
    assert page.count('<tr class="illustrative">') >= 3


def with_ucs_earned():
    """The Dutch sample as loaded, and with the specialization UCS needs switched on."""
    base = sample()
    return base, assess(base.profile.model_copy(update={"specializations": ("express_foundation", "adv_ucs")}),
                        base.edition)


def test_reports_of_a_what_if_say_what_its_changes_cost_and_are_worth() -> None:
    base, a = with_ucs_earned()
    wb = workbook(excel_report(a, base=base))
    assert wb.sheetnames == [SHEETS_EN[0], "Changes", *SHEETS_EN[1:]]
    rows = dict(list(wb["Changes"].iter_rows(values_only=True))[1:9])
    assert rows["What changes"] == "Earn Advanced Unified Computing Technology"
    # the plan Recommendations values at USD 11,750: 12,000 a period from period 2, for 35,825 and 1,500 a year
    assert (rows["Cost of the changes"], rows["Renewals per year"]) == (35825, 1500)
    assert (rows["Extra rebate in period 1"], rows["Extra rebate in each later period"]) == (0, 12000)
    assert rows["Net present value of the changes"] == 11750.06
    assert (rows["Payback of the changes (periods)"], rows["ROI of the changes"]) == (4.25, 0.4879)
    page = html_report(a, Fmt("nl"), base=base)
    section = page[page.index('<section id="changes">'):page.index('<section id="eligibility">')]
    assert "Wijzigingen tegenover Voorbeeld Netwerken BV zoals geladen" in section
    assert "Behaal Advanced Unified Computing Technology" in section and "USD\xa011.750" in section


def test_reports_without_changes_have_no_changes_part() -> None:
    base = sample()
    assert workbook(excel_report(base, base=base)).sheetnames == SHEETS_EN
    assert '<section id="changes">' not in html_report(base, base=sample())


def test_the_loaded_partners_name_is_escaped_in_the_changes_part() -> None:
    hostile = '<script>alert("x")</script>'
    base, a = assessed(partner=hostile), assessed(partner="Renamed", csat_responses=3)
    page = html_report(a, base=base)
    assert "<script" not in page and "&lt;script&gt;" in page


def test_report_file_names_are_safe() -> None:
    a = assessed(partner="Café / Netwerken: B.V.*")
    assert report_filename(a, "xlsx") == "caf-netwerken-b-v_vip25_6-month.xlsx"


# --- the command line --------------------------------------------------------------------------


def test_vip_report_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlsx, page = tmp_path / "r.xlsx", tmp_path / "r.html"
    assert main(["report", str(SAMPLES / "thames_short_csat.yaml"), "--excel", str(xlsx), "--html", str(page),
                 "--lang", "nl"]) == 0
    assert workbook(xlsx.read_bytes()).sheetnames == SHEETS_NL
    assert "Thames Collaboration Ltd" in page.read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"{xlsx} geschreven\n{page} geschreven\n"  # --lang nl
    whatif = tmp_path / "whatif.yaml"
    whatif.write_text((SAMPLES / "thames_short_csat.yaml").read_text(encoding="utf-8").replace(
        "csat_responses: 6", "csat_responses: 10"), encoding="utf-8")
    assert main(["report", str(whatif), "--against", str(SAMPLES / "thames_short_csat.yaml"),
                 "--excel", str(xlsx)]) == 0
    changes = dict(list(workbook(xlsx.read_bytes())["Changes"].iter_rows(values_only=True))[1:9])
    assert changes["What changes"] == "Hand in the missing CSATs"
    assert capsys.readouterr().out == f"wrote {xlsx}\n"
    assert main(["report", str(SAMPLES / "thames_short_csat.yaml")]) == 2
    assert "expected --excel OUT.xlsx and/or --html OUT.html" in capsys.readouterr().err
