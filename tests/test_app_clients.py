"""The Clients page in Streamlit's AppTest: saving, loading, renaming, deleting with undo and the
history of scenarios; the bookings import with its column mapping and rejected rows; reports."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from factories import ROOT, SAMPLES, editions, enter, shown
from ui.i18n import literal
from vip.io import bookings as bookings_module
from vip.io import store as store_module
from vip.io import tables as tables_module
from vip.io.rules import load_profile
from vip.io.store import ENV, Store
from vip.present import words


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv(ENV, url)
    return url


TABS = {"en": ("Saved scenarios", "Import bookings", "Reports"),
        "nl": ("Opgeslagen scenario’s", "Boekingen importeren", "Rapporten")}


def clients_page(lang: str = "en", tab: int = 0, context: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context = context or {}  # what the browser sends: its time zone
    at.session_state["lang"] = lang
    at.session_state["clients.tab"] = TABS[lang][tab]
    at.run()
    at.switch_page("pages/clients.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame(at: AppTest, column: str):
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- saved scenarios ---------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "title"), [("en", "Clients: saved scenarios"), ("nl", "Klanten: opgeslagen")])
def test_page_opens_in_both_languages(db: str, lang: str, title: str) -> None:
    at = clients_page(lang)
    assert at.title[0].value.startswith(title)
    assert not at.error


def test_saving_twice_keeps_both_versions(db: str) -> None:
    at = clients_page()
    assert at.text_input(key="set.clients.client").value == "Voorbeeld Netwerken BV"
    at.text_input(key="set.clients.note").set_value("first look")
    ok(at.button(key="clients.save").click().run())
    assert at.success[0].value == "Saved Voorbeeld Netwerken BV / Baseline, version 1."
    ok(at.button(key="clients.save").click().run())
    assert at.success[0].value.endswith("version 2.")
    with Store(db) as store:
        [saved] = store.scenarios()
        assert [(v.version, v.note) for v in store.history(saved.id)] == [(2, None), (1, "first look")]
    assert "History: versions 1 to 2" in [e.label for e in at.expander]


def test_loading_an_older_version_puts_it_on_screen(db: str) -> None:
    at = clients_page()
    ok(at.button(key="clients.save").click().run())
    changed = dict(at.session_state["profile"], csat_responses=3)
    at.session_state["profile"] = changed
    ok(at.button(key="clients.save").click().run())
    assert at.session_state["profile"]["csat_responses"] == 3
    ok(at.button(key="clients.load_v1").click().run())
    assert at.session_state["profile"]["csat_responses"] == 10
    assert at.session_state["baseline"]["csat_responses"] == 10
    assert "version 1" in at.success[0].value


@pytest.mark.parametrize(("context", "when"), [
    ({"timezone": "Europe/Amsterdam"}, "24 apr 2015 12:05 (Midden-Europese zomertijd)"),
    ({"timezone_offset": 300}, "24 apr 2015 05:05 (GMT-05:00)"),  # an offset only: 5 hours behind UTC
    ({}, "24 apr 2015 10:05 (UTC)"),  # the browser said nothing
])
def test_saved_times_are_shown_in_the_browsers_time_zone_and_name_it(
        db: str, monkeypatch: pytest.MonkeyPatch, context: dict[str, Any], when: str) -> None:
    monkeypatch.setattr(store_module, "_now", lambda: datetime(2015, 4, 24, 10, 5, tzinfo=UTC))
    profile, _ = load_profile(SAMPLES / "voorbeeld_netwerken.yaml", editions())
    with Store(db) as store:
        store.save("Voorbeeld", "Baseline", profile)
    at = clients_page("nl", context=context)
    column = words.text("nl", "clients.col_saved")
    assert list(frame(at, column)[column]) == [when]
    assert words.text("nl", "clients.version", n=1, when=when) in [m.value for m in at.markdown]


def test_rename_then_delete_then_undo(db: str) -> None:
    at = clients_page()
    ok(at.button(key="clients.save").click().run())
    at.text_input(key="set.clients.new_name").set_value("Before the meeting")
    ok(at.button(key="clients.rename").click().run())
    assert at.success[0].value == "Renamed to Before the meeting."
    ok(at.button(key="clients.delete").click().run())
    assert at.info[0].value == "Deleted Voorbeeld Netwerken BV / Before the meeting."
    with Store(db) as store:
        assert store.scenarios() == []
    ok(at.button(key="clients.undo_button").click().run())
    with Store(db) as store:
        assert [s.name for s in store.scenarios()] == ["Before the meeting"]


def test_a_deleted_scenario_can_be_restored_later(db: str) -> None:
    at = clients_page()
    ok(at.button(key="clients.save").click().run())
    ok(at.button(key="clients.delete").click().run())
    at = clients_page()  # a new session: the undo offer is gone, the deleted list remains
    [restore] = [b for b in at.button if str(b.key).startswith("clients.restore.")]
    ok(restore.click().run())
    with Store(db) as store:
        assert len(store.scenarios()) == 1


def test_a_database_that_cannot_open_is_one_error_and_the_rest_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "not a database url")
    at = clients_page()
    assert at.error[0].value.startswith("The scenario database cannot be opened: ")
    at.session_state["set.clients.tab"] = TABS["en"][1]  # the tab widget, as a click sets it
    assert ok(at.run()).selectbox(key="set.clients.sample_file") is not None


def test_the_pages_inputs_survive_a_visit_to_another_page(db: str) -> None:
    at = clients_page()
    at.text_input(key="set.clients.client").set_value("Acme BV")
    ok(at.text_input(key="set.clients.note").set_value("before the meeting").run())
    at.switch_page("pages/advisor.py").run()
    at.switch_page("pages/clients.py").run()
    assert at.text_input(key="set.clients.client").value == "Acme BV"
    assert at.text_input(key="set.clients.note").value == "before the meeting"

    at = clients_page(tab=1)
    raw = (SAMPLES / "bookings_voorbeeld_netwerken.csv").read_bytes()
    at.get("file_uploader")[0].upload("mine.csv", raw, "text/csv")
    ok(at.run())
    ok(enter(at, "set.clients.months", 3))
    at.switch_page("pages/advisor.py").run()
    at.switch_page("pages/clients.py").run()
    assert at.session_state["clients.tab"] == TABS["en"][1]
    assert shown(at, "set.clients.months") == 3
    assert "Using the file you uploaded: mine.csv" in " ".join(c.value for c in at.caption)
    assert at.dataframe  # the import's totals are back, from the file kept


# --- bookings import ---------------------------------------------------------------------------


def test_sample_export_is_read_and_its_rejected_rows_listed(db: str) -> None:
    at = clients_page(tab=1)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run())
    assert at.selectbox(key="set.clients.map.product").value == "Artikel"
    assert at.selectbox(key="set.clients.map.amount").value == "Bedrag"
    assert shown(at, "set.clients.rate.EUR") == Decimal("0.92")
    assert shown(at, "set.clients.rate.GBP") == 0
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Rows": "24", "Counted": "18", "Rejected": "4", "Outside the period": "1", "Unmapped": "1"}
    issues = frame(at, "Row")
    assert list(issues["Row"]) == [2, 9, 16, 18, 24, 25]
    assert "amount 'n.v.t.' is not a number" in list(issues["Reason"])


@pytest.mark.parametrize(("lang", "row", "date"), [("en", "Row", "Date"), ("nl", "Rij", "Datum")])
def test_the_lines_not_counted_show_the_date_beside_the_row_before_the_long_reason(db: str, lang: str, row: str,
                                                                                   date: str) -> None:
    """On a projector the table is narrower than its text: the date comes second, at a width that
    holds it, and the long reason last, so that only the end of a reason scrolls out of sight."""
    at = clients_page(lang, tab=1)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run())
    [table] = [d for d in at.dataframe if row in d.value.columns]
    columns = list(table.value.columns)
    assert columns[:2] == [row, date] and columns[-1] == words.text(lang, "clients.col_reason")
    assert list(table.value[date])[:2] == ["12-01-2015", "16-02-2015"]
    config = json.loads(table.proto.columns)
    assert config[date]["width"] >= 90  # "31-02-2015" at the table's font


def test_the_sample_file_box_never_names_a_sample_while_an_upload_is_read(db: str) -> None:
    """A sample picked, then a file uploaded: the upload is read and the sample box says none; a
    sample picked again replaces the upload, and the uploader is emptied of it."""
    at = clients_page(tab=1)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_rheinland_gold.xlsx").run())
    raw = (SAMPLES / "bookings_voorbeeld_netwerken.csv").read_bytes()
    ok(at.get("file_uploader")[0].upload("mine.csv", raw, "text/csv").run())
    assert at.selectbox(key="set.clients.sample_file").value == ""
    assert at.selectbox(key="set.clients.sample_file").format_func("") == "(none)"
    assert any(c.value.startswith("mine.csv: CSV") for c in at.caption)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run())
    assert at.get("file_uploader")[0].value in (None, [])
    assert any(c.value.startswith(literal("bookings_voorbeeld_netwerken.csv: CSV")) for c in at.caption)


def test_applying_an_import_fills_projected_sales_and_keeps_the_rest(db: str) -> None:
    at = clients_page(tab=1)
    before = at.session_state["profile"]
    at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run()
    ok(enter(at, "set.clients.months", 3))
    ok(at.button(key="clients.apply").click().run())
    after = at.session_state["profile"]
    assert Decimal(after["projected_sales"]["ucs"]["ucs_servers"]) == Decimal("143428.7")
    assert Decimal(after["projected_sales"]["express_en"]) == Decimal("44128.17")
    assert {k: v for k, v in after.items() if k != "projected_sales"} == {
        k: v for k, v in before.items() if k != "projected_sales"}
    assert at.session_state["baseline"] == before  # the loaded partner stays the baseline
    taken = "Projected sales of 2 subtracks taken from bookings_voorbeeld_netwerken"
    assert at.success[0].value.startswith(literal(taken))  # shown as written


def test_unfamiliar_columns_are_mapped_by_hand(db: str) -> None:
    at = clients_page(tab=1)
    raw = b"Kol1;Kol2;Kol3\r\nUCSC-C220;2.000,00;01-03-2015\r\nSG300;500,00;02-03-2015\r\n"
    ok(at.get("file_uploader")[0].upload("export.csv", raw, "text/csv").run())
    assert at.warning[0].value.startswith("Choose the column for: Product / SKU, Amount, Date")
    at.selectbox(key="set.clients.map.product").set_value("Kol1")
    at.selectbox(key="set.clients.map.amount").set_value("Kol2")
    ok(at.selectbox(key="set.clients.map.date").set_value("Kol3").run())
    assert {m.label: m.value for m in at.metric}["Counted"] == "2"
    totals = frame(at, "Product family")
    assert list(totals["Amount"]) == ["USD\xa02,000", "USD\xa0500"]


def counted_reads(monkeypatch: pytest.MonkeyPatch, **forced: Any) -> list[tuple[str, Any]]:
    """Every read of a file by the page or the import, as (name, its time budget); `forced` overrides
    the reader's arguments."""
    reads: list[tuple[str, Any]] = []
    real = tables_module.read_table

    def counting(data: bytes, name: str = "", **kwargs: Any) -> Any:
        reads.append((name, kwargs.get("budget_s")))
        return real(data, name, **{**kwargs, **forced})

    monkeypatch.setattr(tables_module, "read_table", counting)  # the page imports it on each run
    monkeypatch.setattr(bookings_module, "read_table", counting)
    return reads


def unique_export() -> bytes:
    """The sample export with a line of its own, so that no earlier test's read of it is cached."""
    line = f"F-{uuid.uuid4().hex[:12]};02-03-2015;UCSC-C220-M4S;once;1;1.000,00;EUR\r\n"
    return (SAMPLES / "bookings_voorbeeld_netwerken.csv").read_bytes() + line.encode()


def test_an_upload_is_read_once_within_a_time_budget_however_often_the_page_runs(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = counted_reads(monkeypatch)
    at = clients_page(tab=1)
    ok(at.get("file_uploader")[0].upload("once.csv", unique_export(), "text/csv").run())
    assert {m.label: m.value for m in at.metric}["Counted"] == "19"
    ok(enter(at, "set.clients.months", 3))  # the totals again, from the table read
    ok(at.run())
    ok(at.button(key="clients.apply").click().run())
    assert Decimal(at.session_state["profile"]["projected_sales"]["ucs"]["ucs_servers"]) > 0
    assert reads == [("once.csv", 60)]


def test_an_upload_that_takes_too_long_to_read_is_refused_once_and_not_read_again(
        db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = counted_reads(monkeypatch, budget_s=1e-9)
    at = clients_page(tab=1)
    before = at.session_state["profile"]
    ok(at.get("file_uploader")[0].upload("slow.csv", unique_export(), "text/csv").run())
    assert at.error[0].value == literal("The file cannot be imported; your inputs are as they were: slow.csv: "
                                        "reading it took longer than 0.000000001 s; split the export, or import "
                                        "it with `vip import`")
    ok(at.run())
    assert len(at.error) == 1 and reads == [("slow.csv", 60)]
    assert at.session_state["profile"] == before


def test_a_file_that_cannot_be_imported_is_one_error_and_changes_nothing(db: str) -> None:
    at = clients_page(tab=1)
    before = at.session_state["profile"]
    raw = b"SKU;Bedrag;Datum\r\nCAB-1;5;01-03-2015\r\n"
    ok(at.get("file_uploader")[0].upload("cables.csv", raw, "text/csv").run())
    assert at.error[0].value.startswith("The file cannot be imported; your inputs are as they were: cables.csv: "
                                        "no usable rows")
    assert at.session_state["profile"] == before


def test_a_refused_file_is_told_in_dutch_on_a_dutch_screen(db: str) -> None:
    at = clients_page("nl", tab=1)
    raw = b"SKU;Bedrag;Datum\r\nCAB-1;5;01-03-2015\r\n"
    ok(at.get("file_uploader")[0].upload("kabels.csv", raw, "text/csv").run())
    message = at.error[0].value
    assert "kabels.csv: geen bruikbare rijen: geen van de 1 rijen telt mee (0 afgewezen, 0 buiten de periode" in message
    assert "eerste: rij 2: artikelnummer 'CAB-1' hoort bij geen productfamilie" in message
    assert "no usable rows" not in message


def test_the_import_speaks_dutch(db: str) -> None:
    at = clients_page("nl", tab=1)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run())
    issues = frame(at, "Rij")
    assert "bedrag 'n.v.t.' is geen getal" in list(issues["Reden"])
    assert "VIP 25, 6 maanden (25 jan 2015 – 25 jul 2015)" in " ".join(c.value for c in at.caption)
    assert {m.label for m in at.metric} >= {"Afgewezen", "Buiten de periode"}


# --- reports -----------------------------------------------------------------------------------


def test_report_downloads_are_offered(db: str) -> None:
    at = clients_page(tab=2)
    labels = {b.label for b in at.get("download_button")}
    assert {"Excel workbook", "HTML report"} <= labels
    assert not any("differ from" in c.value for c in at.caption)  # the partner as loaded


def test_reports_of_a_changed_partner_say_they_value_the_changes(db: str) -> None:
    at = clients_page(tab=2)
    at.session_state["profile"] = {**at.session_state["profile"], "csat_responses": 12}
    ok(at.run())
    assert "The inputs differ from Voorbeeld Netwerken BV as loaded" in " ".join(c.value for c in at.caption)
    assert SAMPLES.is_dir()


@pytest.fixture
def file_names(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The file name of each download button the page draws, by its key."""
    names: dict[str, str] = {}
    real = DeltaGenerator.download_button

    def spy(self: DeltaGenerator, label: str, data: Any, file_name: str | None = None, *args: Any,
            **kwargs: Any) -> bool:
        names[kwargs["key"]] = file_name or ""
        return real(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    monkeypatch.setattr(st, "download_button", lambda *args, **kwargs: spy(st._main, *args, **kwargs))
    return names


@pytest.mark.parametrize(("lang", "xlsx", "page", "issues"), [
    ("nl", "vip-werkmap-voorbeeld-netwerken-bv-vip25-6-maanden.xlsx",
     "vip-rapport-voorbeeld-netwerken-bv-vip25-6-maanden.html",
     "niet-meegetelde-regels-bookings-voorbeeld-netwerken.csv"),
    ("en", "vip-workbook-voorbeeld-netwerken-bv-vip25-6-months.xlsx",
     "vip-report-voorbeeld-netwerken-bv-vip25-6-months.html", "lines-not-counted-bookings-voorbeeld-netwerken.csv"),
])
def test_downloads_are_named_in_the_language_of_the_screen(
        db: str, file_names: dict[str, str], lang: str, xlsx: str, page: str, issues: str) -> None:
    clients_page(lang, tab=2)
    assert (file_names["clients.report_xlsx"], file_names["clients.report_html"]) == (xlsx, page)
    at = clients_page(lang, tab=1)
    ok(at.selectbox(key="set.clients.sample_file").set_value("bookings_voorbeeld_netwerken.csv").run())
    assert file_names["clients.issues_csv"] == issues
