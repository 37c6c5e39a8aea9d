"""Every report of the Clients page, downloaded in headless Chromium and its content checked: the
Excel workbook, the HTML report in English and Dutch (opened offline and printed to PDF), and the
CSV of a bookings import's rejected rows. The server comes from `test_browser`, the browser from `conftest`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from test_browser import ARTIFACTS, VIEWPORT, app_url, no_exception, settle, shoot  # noqa: F401

from factories import SAMPLES
from vip.io.store import ENV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app (test_browser's `app_url`) with its scenario database in a temporary folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV, f"sqlite:///{tmp_path_factory.mktemp('store') / 'browser.db'}")
        yield request.getfixturevalue("app_url")


def clients_tab(browser: Any, server: str, tab: str, nav: str = "Clients") -> Any:
    page = browser.new_page(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    page.goto(server)
    page.locator('[data-testid="stTopNavLink"]', has_text=nav).first.click()
    page.wait_for_url("**/clients*", timeout=90_000)
    page.get_by_role("tab", name=tab).click()
    settle(page)
    no_exception(page)
    return page


def download(page: Any, label: str, target: Path) -> str:
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(target)
    return str(info.value.suggested_filename)


def test_excel_report_downloads_with_every_sheet(browser: Any, server: str, tmp_path: Path) -> None:
    page = clients_tab(browser, server, "Reports")
    name = download(page, "Excel workbook", tmp_path / "report.xlsx")
    assert name == "vip-workbook-voorbeeld-netwerken-bv-vip25-6-months.xlsx"
    wb = load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames == ["Inputs & assumptions", "Eligibility & gaps", "Rebate lines", "Investment",
                             "ROI (cash flow)", "Sources"]
    assert wb["Inputs & assumptions"]["B2"].value == "Voorbeeld Netwerken BV"
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)
    assert wb["Eligibility & gaps"]["B2"].value == "Express Enterprise Networks"
    assert wb["Eligibility & gaps"]["D2"].value == "Eligible"
    page.close()


def test_html_report_downloads_and_works_offline_and_prints(browser: Any, server: str, tmp_path: Path) -> None:
    page = clients_tab(browser, server, "Reports")
    target = tmp_path / "report.html"
    assert download(page, "HTML report", target) == "vip-report-voorbeeld-netwerken-bv-vip25-6-months.html"
    page.close()
    text = target.read_text(encoding="utf-8")
    assert "<h1>Voorbeeld Netwerken BV</h1>" in text and "<script" not in text and "@media print" in text
    offline = browser.new_context(offline=True, viewport=VIEWPORT)
    report = offline.new_page()
    report.goto(target.as_uri())
    assert report.get_by_role("heading", name="Voorbeeld Netwerken BV").is_visible()
    assert report.locator(".vip-chart").count() == 2
    assert report.locator("section#roi .vip-col").count() >= 7  # the cash position per period, drawn offline
    ARTIFACTS.mkdir(exist_ok=True)
    report.screenshot(path=str(ARTIFACTS / "report_html_en.png"), full_page=True)
    pdf = report.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (ARTIFACTS / "report_en.pdf").write_bytes(pdf)
    offline.close()


def test_html_report_in_dutch(browser: Any, server: str, tmp_path: Path) -> None:
    page = clients_tab(browser, server, "Reports")
    page.locator(".st-key-set-lang button", has_text="NL").click()
    page.get_by_role("tab", name="Rapporten").click()
    settle(page)
    name = download(page, "HTML-rapport", tmp_path / "rapport.html")
    assert name == "vip-rapport-voorbeeld-netwerken-bv-vip25-6-maanden.html"  # named in Dutch
    text = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in text and "Voorwaarden en wat ontbreekt" in text and "Peildatum 25 jan 2015" in text
    assert "USD\xa01.260" in text  # Dutch number format
    shoot(page, "clients_reports_nl")
    page.close()


def test_the_report_of_a_what_if_says_what_its_changes_cost_and_are_worth(browser: Any, server: str,
                                                                          tmp_path: Path) -> None:
    page = browser.new_page(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    page.goto(server)
    settle(page)  # the KPIs show before the sidebar's inputs are drawn
    page.locator(".st-key-open-authorizations summary").click()
    settle(page)
    page.locator(".st-key-in-auth-adv_ucs label").click()
    page.wait_for_selector('[data-kpi="changes"]', timeout=90_000)
    settle(page)  # the changes line shows before the rest of the results' run has ended
    page.locator('[data-testid="stTopNavLink"]', has_text="Clients").first.click()
    page.wait_for_url("**/clients*", timeout=90_000)
    page.get_by_role("tab", name="Reports").click()
    page.get_by_text("The inputs differ from Voorbeeld Netwerken BV as loaded").wait_for(timeout=90_000)
    download(page, "Excel workbook", tmp_path / "whatif.xlsx")
    page.close()
    changes = dict(list(load_workbook(tmp_path / "whatif.xlsx")["Changes"].iter_rows(values_only=True))[1:9])
    assert changes["What changes"] == "Earn Advanced Unified Computing Technology"
    assert (changes["Cost of the changes"], changes["Net present value of the changes"]) == (35825, 11750.06)


def test_rejected_rows_of_an_import_download_as_csv(browser: Any, server: str, tmp_path: Path) -> None:
    page = clients_tab(browser, server, "Import bookings")
    page.locator("input[type=file]").set_input_files(str(SAMPLES / "bookings_voorbeeld_netwerken.csv"))
    page.get_by_text("6 lines do not count").wait_for(timeout=90_000)
    shoot(page, "clients_import_en")
    download(page, "Download these lines (CSV)", tmp_path / "issues.csv")
    raw = (tmp_path / "issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Row", "Status", "Reason", "SKU", "Amount", "Date"]
    assert [r[0] for r in rows[1:]] == ["2", "9", "16", "18", "24", "25"]
    assert rows[3][1:3] == ["rejected", "amount 'n.v.t.' is not a number"]
    page.close()
