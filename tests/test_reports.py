"""Meeting reports: the Excel workbook's sheets and formatting, the self-contained HTML page in
English and Dutch, and the safety of user text in CSV, Excel and HTML."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from factories import SAMPLES, assessed, editions
from vip.calc.engine import assess
from vip.cli import main
from vip.io.bookings import import_bookings
from vip.io.rules import load_profile
from vip.present import words
from vip.present.explain import Fmt, family_gap_messages, gap_message, status_label
from vip.present.reports import (
    bookings_issues_csv,
    csv_text,
    excel_report,
    html_report,
    issues_filename,
    report_filename,
    safe_cell,
)
from vip.present.words import Lang

SHEETS_EN = ["Inputs & assumptions", "Eligibility & gaps", "Rebate lines", "Investment", "ROI (cash flow)", "Sources"]
SHEETS_NL = ["Invoer en aannames", "Voorwaarden en wat ontbreekt", "Rebateregels", "Investering", "ROI (kasstroom)",
             "Bronnen"]
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


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_both_reports_say_which_products_an_atp_holds_back(lang: Lang) -> None:
    a = sample("rheinland_gold")
    s = a.subtrack("network_security")
    (said, late), = family_gap_messages(s, a.edition, Fmt(lang))
    assert not late and "6,400" in said.replace(".", ",")  # the ISE line, 40000 × 0.16
    ws = workbook(excel_report(a, Fmt(lang)))[SHEETS_EN[1] if lang == "en" else SHEETS_NL[1]]
    assert said in {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert html.escape(said, quote=False) in html_report(a, Fmt(lang))


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


# --- words, not ids ----------------------------------------------------------------------------

# What the rules and the engine name things by, which a reader should never see: an id with an
# underscore (`per_subtrack`, `staff_hours`), a period id (`6-month`), a role or Learning Credit code
# on its own (`AM`, `LC`; "Account manager (AM)" names it, "10:05 AM" is a time), a country code (`(NL)`).
RAW_ID = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d+-month\b|(?<![(\u202f])\b(?:AM|SE|FE|LC)\b(?!\))"
                    r"|\((?!AM|SE|FE)[A-Z]{2}\)")


def report_texts(a, fmt: Fmt) -> list[str]:
    """Every text of the workbook's cells and of the HTML report's page, as a reader sees them, but
    the rules' own citations of their sources (English prose, quoted as written)."""
    wb = workbook(excel_report(a, fmt))
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    cited = {row[2] for row in wb.worksheets[-1].iter_rows(min_row=2, values_only=True)}
    body = re.sub(r"<style>.*?</style>|<[^>]+>", "\n", html_report(a, fmt), flags=re.S)
    texts = cells + [html.unescape(line).strip() for line in body.splitlines() if line.strip()]
    return [text for text in texts if text not in cited]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", [p.stem for p in sorted(SAMPLES.glob("*.yaml"))])
def test_no_report_shows_an_id_the_rules_or_the_engine_use(name: str, lang: Lang) -> None:
    raw = sorted({m.group() for text in report_texts(sample(name), Fmt(lang)) for m in RAW_ID.finditer(text)})
    assert raw == []


def said(lang: Lang, key: str, **values: object) -> str:
    """A report label as the catalogue words it (`report.<key>`)."""
    return words.text(lang, f"report.{key}", **values)


def test_sources_name_the_period_policy_country_and_learning_credits_in_words() -> None:
    wb = workbook(excel_report(sample(), Fmt("nl")))
    rows = {item: value for item, value, _ in wb.worksheets[-1].iter_rows(min_row=2, values_only=True)}
    ucs = "Advanced Unified Computing Technology"
    assert rows[said("nl", "policy")] == words.text("nl", "prog.policy_per_subtrack")
    assert rows[f"{said('nl', 'period')}: 6 maanden"] == "25 jan 2015 – 25 jul 2015"
    assert rows[f"{said('nl', 'minimum_in', country='Nederland')}: Unified Computing (UCS)"] == "USD\xa057.500"
    assert rows[f"{said('nl', 'training')}: {ucs}"] == "80 Learning Credits"
    assert rows[f"{said('nl', 'hours')}: {ucs}"] == "320 uur"
    assert rows[f"{said('nl', 'months_to_earn')}: {ucs}"] == "6 maanden"
    assert rows[f"{said('nl', 'defaults')}: {said('nl', 'credit_value')}"] == "USD\xa0100"


def test_roles_are_named_in_words_in_the_inputs_and_the_investment() -> None:
    wb = workbook(excel_report(sample("rheinland_gold")))
    assert "Certified staff: Account manager (AM)" in [r[0] for r in wb.worksheets[0].iter_rows(values_only=True)]
    items = [r[1] for r in wb["Investment"].iter_rows(values_only=True)]
    assert "1 × Field engineer (FE)" in items and "1 × Systems engineer (SE)" in items
    named = [r[0] for r in workbook(excel_report(sample(), Fmt("nl"))).worksheets[0].iter_rows(values_only=True)]
    assert f"{said('nl', 'staff')}: Sanne de Vries, {words.text('nl', 'role.AM')}" in named


def test_workbook_column_headings_say_what_they_hold_and_in_which_currency() -> None:
    wb = workbook(excel_report(sample("rheinland_gold"), Fmt("nl", "EUR", Decimal("0.92"))))
    elig, lines, inv, roi = ([c.value for c in ws[1]] for ws in wb.worksheets[1:5])

    def eur(key: str) -> str:
        return f"{said('nl', key)} (EUR)"

    assert elig[2:9] == [said("nl", "enrolled_col"), said("nl", "status"), eur("projected"), eur("minimum") + " *",
                         said("nl", "rate") + " *", eur("now"), eur("potential")]
    assert said("nl", "enrolled_col") != said("nl", "enrolled")  # yes or no, not a list of subtracks
    assert lines[2:5] == [eur("base"), said("nl", "rate"), eur("line_rebate")]
    assert inv[3:5] == [eur("cash"), said("nl", "hours")]
    assert roi == [said("nl", "t"), eur("incremental"), eur("renewals"), eur("net"), eur("cumulative")]
    en = workbook(excel_report(sample("rheinland_gold")))
    assert [c.value for c in en["Rebate lines"][1]][2:5] == ["Sales (USD)", "Rebate rate", "Rebate (USD)"]
    assert en["ROI (cash flow)"]["A1"].value == "Period (0 = now)"


# --- nothing left to invest --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_report_of_a_what_if_holding_the_change_says_so_instead_of_a_table_of_zeros(lang: Lang) -> None:
    base, a = with_ucs_earned()  # the what-if already holds all that closing the gaps asks for
    says = [said(lang, "roi_nothing"), said(lang, "roi_changes", partner=base.profile.partner)]
    page = html_report(a, Fmt(lang), base=base)
    roi = page[page.index('<section id="roi">'):page.index('<section id="inputs">')]
    assert [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", roi)] == says
    assert "<table" not in roi and "vip-chart" not in roi
    sheet = workbook(excel_report(a, Fmt(lang), base)).worksheets[5]  # after Changes
    assert [v for row in sheet.iter_rows(min_row=2, values_only=True) for v in row if v is not None] == says
    assert "Everything closing the gaps asks for is already in this what-if" in said("en", "roi_nothing")


def test_a_report_with_something_to_invest_keeps_its_cash_flow() -> None:
    page = html_report(sample())
    roi = page[page.index('<section id="roi">'):page.index('<section id="inputs">')]
    assert "<table" in roi and said("en", "roi_nothing") not in roi


# --- times -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "zone", "shown"), [
    ("nl", "Europe/Amsterdam", "24 apr 2015 12:05 (Midden-Europese zomertijd)"),
    ("en", "America/Chicago", "24 Apr 2015 5:05\u202fAM (Central Daylight Time)"),
    ("en", "UTC", "24 Apr 2015 10:05\u202fAM (UTC)"),
])
def test_a_moment_is_shown_in_the_readers_time_zone_and_names_it(lang: Lang, zone: str, shown: str) -> None:
    assert Fmt(lang, tz=ZoneInfo(zone)).moment(datetime(2015, 4, 24, 10, 5, tzinfo=UTC)) == shown


def test_the_report_says_when_it_was_made_in_the_readers_time_zone() -> None:
    made = datetime(2015, 4, 24, 22, 30, tzinfo=UTC)
    page = html_report(sample(), Fmt("nl", tz=ZoneInfo("Europe/Amsterdam")), made=made)
    assert "Gemaakt: 25 apr 2015 00:30 (Midden-Europese zomertijd)." in page


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
    page = html_report(sample("rheinland_gold"), made=datetime(2015, 4, 26, 9, 30, tzinfo=UTC))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"(src|href)=\"https?:", page)
    assert not re.findall(r"https?://[^\s\"']+", page)
    # The charts the Advisor shows, drawn in HTML and CSS: the sales against each minimum, the cash.
    assert re.findall(r'<figure class="vip-chart" data-chart="(\w+)">', page) == ["progress", "cash"]
    assert "@media print" in page and "@page" in page and "break-inside: avoid" in page
    assert "Generated: 26 Apr 2015 9:30\u202fAM (UTC)." in page


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
    kpis = workbook(excel_report(a))["ROI (cash flow)"].iter_rows(values_only=True)
    assert "Payback of closing the gaps (periods)" not in [row[0] for row in kpis]  # it says why there is none


@pytest.mark.parametrize(("lang", "payback", "roi", "npv"), [
    ("en", "within the first period", "not shown: less than USD\xa01,000 is spent",
     "Net present value of closing the gaps"),
    ("nl", "binnen de eerste periode", "niet getoond: er gaat minder dan USD\xa01.000 uit",
     "Netto contante waarde van het voldoen aan de eisen"),
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


def test_report_file_names_are_safe_and_in_the_language() -> None:
    a = assessed(partner="Café / Netwerken: B.V.*")
    assert report_filename(a, "xlsx") == "vip-workbook-cafe-netwerken-b-v-vip25-6-months.xlsx"
    assert report_filename(a, "html") == "vip-report-cafe-netwerken-b-v-vip25-6-months.html"
    assert report_filename(a, "xlsx", "nl") == "vip-werkmap-cafe-netwerken-b-v-vip25-6-maanden.xlsx"
    assert report_filename(a, "html", "nl") == "vip-rapport-cafe-netwerken-b-v-vip25-6-maanden.html"


def test_the_file_of_lines_that_do_not_count_is_named_in_the_language() -> None:
    assert issues_filename("bookings_voorbeeld_netwerken.csv") == "lines-not-counted-bookings-voorbeeld-netwerken.csv"
    assert issues_filename("Export Q1.xlsx", "nl") == "niet-meegetelde-regels-export-q1.csv"


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


# --- a payback past the horizon ------------------------------------------------------------------


def one_period_horizon():
    """A Premier partner that must earn Advanced UCS (USD 60,820) for USD 4,800 a period, over a
    horizon of one period: its payback, 16.2 periods, lies far past it."""
    return assessed(enrolled=["ucs"], projected_sales={"ucs": 60000}, assumptions={"horizon_periods": 1})


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "≈ 97 months, beyond the horizon of 1 period"),
    ("nl", "≈ 97 maanden, voorbij de horizon van 1 periode"),
])
def test_a_payback_past_a_one_period_horizon_says_it_is_beyond_the_horizon(lang: Lang, note: str) -> None:
    from vip.present.explain import payback_words

    a = one_period_horizon()
    assert a.roi.horizon_periods == 1 and a.roi.payback_periods is not None and a.roi.payback_periods > 16
    assert payback_words(a.investment, a.roi, Fmt(lang))[1] == note


def test_a_payback_within_the_horizon_does_not_mention_it() -> None:
    from vip.present.explain import payback_words

    a = assessed(enrolled=["ucs"], projected_sales={"ucs": 60000}, assumptions={"horizon_periods": 40})
    assert a.roi.payback_periods is not None and a.roi.payback_periods <= 40
    assert "horizon" not in payback_words(a.investment, a.roi, Fmt("en"))[1]


@pytest.mark.parametrize(("lang", "phrase", "sheet"), [
    ("en", "16.2 periods (beyond the horizon of 1 period)", "ROI (cash flow)"),
    ("nl", "16,2 perioden (voorbij de horizon van 1 periode)", "ROI (kasstroom)"),
])
def test_the_reports_say_a_payback_past_the_horizon_is_beyond_it(lang: Lang, phrase: str, sheet: str) -> None:
    a = one_period_horizon()
    page = html_report(a, Fmt(lang))
    summary = page[page.index('<section id="summary">'):page.index("</section>")]
    assert phrase in summary
    cells = workbook(excel_report(a, Fmt(lang)))[sheet].iter_rows(values_only=True)
    assert phrase in [r[1] for r in cells if isinstance(r[0], str)]


def test_the_text_output_says_a_payback_past_the_horizon_is_beyond_it() -> None:
    from vip.present.output import assessment_text

    assert "16.2 periods (beyond the horizon of 1 period)" in assessment_text(one_period_horizon())


# --- an assessment date outside the period ---------------------------------------------------------


@pytest.mark.parametrize(("lang", "start", "sheet"), [
    ("en", "The assessment date, 1 Sep 2015, is after the period ended on 25 Jul 2015", "Inputs & assumptions"),
    ("nl", "De peildatum, 1 sep 2015, ligt na het einde van de periode op 25 jul 2015", "Invoer en aannames"),
])
def test_the_reports_say_in_one_line_that_the_assessment_date_is_after_the_period(
        lang: Lang, start: str, sheet: str) -> None:
    a = assessed(enrolled=["ucs"], projected_sales={"ucs": 60000}, as_of="2015-09-01")
    page = html_report(a, Fmt(lang))
    head = page[page.index("<header>"):page.index("</header>")]
    [line] = re.findall(r'<p class="warning" data-part="warning">([^<]*)</p>', head)
    assert line.startswith(start)
    cells = [r[1] for r in workbook(excel_report(a, Fmt(lang)))[sheet].iter_rows(values_only=True)]
    assert sum(1 for c in cells if isinstance(c, str) and c.startswith(start)) == 1


def test_a_report_of_a_date_within_the_period_has_no_warning() -> None:
    assert 'data-part="warning"' not in html_report(sample(), Fmt("en"))
