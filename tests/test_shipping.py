"""The 90-day shipping window: bookings imports that say how their lines ship, what of a profile's
sales is still to ship, the rebate that depends on it, and how each output says so."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factories import assessed, edition, profile
from vip.calc.engine import assess
from vip.calc.risk import at_risk, shipping
from vip.cli import main
from vip.io.bookings import apply_to_ship, import_bookings
from vip.io.rules import dump_profile, load_profile
from vip.io.tables import ColumnMapping
from vip.model.errors import ProfileError
from vip.model.profile import Profile
from vip.present.bookings import result_dict, result_text
from vip.present.explain import Fmt, error_line, issue_text, shipping_messages
from vip.present.output import assessment_dict, assessment_text
from vip.present.reports import excel_report, html_report

# Eligible for both (Premier with Express Foundation and Advanced UCS): 42,000 × 3% + 60,000 × 8% = 6,060.
SHIPPING = {"specializations": ["express_foundation", "adv_ucs"], "enrolled": ["express_en", "ucs"],
            "projected_sales": {"express_en": 42000, "ucs": 60000}, "as_of": "2015-06-01"}


def csv(header: str, *rows: str) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def run(data: bytes, **kwargs: object):
    return import_bookings(data, "b.csv", edition("VIP25"), "6-month", **kwargs)  # type: ignore[arg-type]


# --- the rules -------------------------------------------------------------------------------------


def test_every_shipped_edition_gives_orders_90_days_after_the_period_to_ship() -> None:
    for edition_id in ("VIP25", "VIP26"):
        e = edition(edition_id)
        assert e.shipping is not None and e.shipping.window_days.value == 90
        assert e.shipping.window_days.source is not None and "Netformx" in e.shipping.window_days.source
    vip25 = edition("VIP25")
    assert vip25.ship_by(vip25.period_by_id["6-month"]) == date(2015, 10, 23)  # 25 Jul 2015 + 90 days
    assert vip25.model_copy(update={"shipping": None}).ship_by(vip25.periods[0]) is None


def test_vip_rules_lists_the_ship_by_day_of_each_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--edition", "VIP25"]) == 0
    assert ("period 6-month: 25 Jan 2015 - 25 Jul 2015, enrolment closes 28 Mar 2015; orders ship by 23 Oct 2015 "
            "(90 days after the period)") in capsys.readouterr().out
    assert main(["rules", "--edition", "VIP25", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    edition_json = data["editions"][0]
    assert edition_json["shipping_window_days"] == 90
    assert edition_json["periods"][0]["ship_by"] == "2015-10-23"


# --- the import ------------------------------------------------------------------------------------


def test_an_english_export_with_ship_date_and_status_splits_shipped_from_to_ship() -> None:
    result = run(csv("SKU,Amount,Order date,Ship date,Status",
                     "UCSC-C220,40000,2015-03-01,2015-03-15,Shipped",   # shipped, says its status
                     "UCSC-C240,20000,2015-06-10,,Open",                # not yet, says its status
                     "UCSC-B200,10000,2015-07-20,2015-10-30,",          # planned after the ship-by day
                     "ISR4331,5000,2015-02-02,2015-04-01,",             # shipped before the as-of day
                     "ISR4321,1000,2015-02-03,,"))                      # nothing says it shipped
    assert result.mapping == ColumnMapping("SKU", "Amount", "Order date", None, None, "Ship date", "Status")
    assert result.as_of == date(2015, 7, 20)  # none given: the last booking date
    assert result.ship_by == date(2015, 10, 23)
    assert result.to_ship == {"ucs": Decimal("30000.00"), "core_wan": Decimal("1000.00")}
    assert [(x.row, x.to_ship) for x in result.lines] == [(2, False), (3, True), (4, True), (5, False), (6, True)]
    assert [x.row for x in result.ships_late] == [4]
    text = result_text(result)
    assert ("Still to ship (not shipped by 20 Jul 2015): the rebate counts only for what ships by 23 Oct 2015"
            in text)
    assert ("row 4: UCSC-B200 ships 30 Oct 2015, after 23 Oct 2015: its rebate is void unless it ships earlier"
            in text)
    shipping_json = result_dict(result)["shipping"]
    assert shipping_json["to_ship_usd"] == {"ucs": 30000, "core_wan": 1000}  # type: ignore[index]
    assert shipping_json["ships_late"][0]["row"] == 4  # type: ignore[index]


def test_the_as_of_day_decides_the_lines_without_a_status() -> None:
    data = csv("SKU,Amount,Date,Ship date", "UCSC-C220,100,2015-03-01,2015-04-01", "UCSC-C220,50,2015-03-02,2015-05-01")
    assert run(data, as_of=date(2015, 3, 31)).to_ship == {"ucs": Decimal("150.00")}
    assert run(data, as_of=date(2015, 4, 1)).to_ship == {"ucs": Decimal("50.00")}  # shipped on the day counts
    assert run(data, as_of=date(2015, 6, 1)).to_ship == {}


def test_a_dutch_export_with_leverdatum_and_status_in_dutch() -> None:
    result = run(csv("Artikel;Bedrag;Orderdatum;Leverdatum;Status",
                     "UCSC-C220;1.000,00;01-03-2015;15-03-2015;Verzonden",
                     "UCSC-C220;2.500,00;01-04-2015;01-11-2015;In behandeling",
                     "UCSC-C220;500,00;02-04-2015;;geleverd"))
    assert (result.mapping.date, result.mapping.ship_date, result.mapping.status) == ("Orderdatum", "Leverdatum",
                                                                                       "Status")
    assert result.to_ship == {"ucs": Decimal("2500.00")}
    assert [x.row for x in result.ships_late] == [3]
    text = result_text(result, Fmt("nl"))
    assert "Nog te verzenden (op 2 apr 2015 nog niet verzonden): alleen wat uiterlijk" in text
    assert ("rij 3: UCSC-C220 wordt op 1 nov 2015 verzonden, na 23 okt 2015: de rebate daarop vervalt, tenzij de order "
            "eerder wordt verzonden") in text


def test_a_german_export_with_lieferdatum_and_lieferstatus() -> None:
    result = run(csv("Artikelnummer;Betrag;Datum;Lieferdatum;Lieferstatus",
                     "UCSC-C220;1000;01.03.2015;10.03.2015;geliefert", "UCSC-C220;300;01.03.2015;;offen"))
    assert result.to_ship == {"ucs": Decimal("300.00")}


def test_a_status_that_says_neither_and_a_ship_date_that_is_no_date_are_rejected_with_their_row() -> None:
    result = run(csv("SKU,Amount,Date,Ship date,Status", "UCSC-C220,100,2015-03-01,,maybe",
                     "UCSC-C220,100,2015-03-01,soon,open", "UCSC-C220,100,2015-03-01,2015-02-30,open",
                     "UCSC-C220,100,2015-03-01,,open"))
    assert [(i.row, i.reason) for i in result.rejected] == [(2, "bad_status"), (3, "bad_ship_date"),
                                                             (4, "bad_ship_day")]
    assert issue_text(result.rejected[0]).startswith("status 'maybe' says neither that the line has shipped")
    assert issue_text(result.rejected[1]) == "ship date 'soon' is not a date"
    assert issue_text(result.rejected[1], "nl") == "verzenddatum 'soon' is geen datum"


def test_a_file_without_ship_date_or_status_behaves_as_before() -> None:
    plain = run(csv("SKU,Amount,Date", "UCSC-C220,100,2015-03-01"))
    assert (plain.as_of, plain.ship_by, plain.to_ship, plain.ships_late) == (None, None, {}, ())
    assert "shipping" not in result_dict(plain)
    assert "to ship" not in result_text(plain)
    # A ship date as the only date is the booking date, as it was read before the ship-date column.
    only = run(csv("SKU,Amount,Ship date", "UCSC-C220,100,2015-03-01"))
    assert only.mapping.date == "Ship date" and only.mapping.ship_date is None and only.as_of is None


def test_what_the_scale_adds_is_still_to_ship() -> None:
    result = run(csv("SKU,Amount,Date,Status", "UCSC-C220,100,2015-03-01,shipped", "UCSC-C220,60,2015-03-02,open"),
                 scale=2)
    assert result.totals == {"ucs": Decimal("320.00")}
    assert result.to_ship == {"ucs": Decimal("220.00")}  # 320 − the 100 shipped


def test_applying_the_import_replaces_the_imported_subtracks_to_ship_only() -> None:
    partner = profile(projected_sales={"ucs": 500, "core_wan": 700}, to_ship={"ucs": 400, "core_wan": 70})
    with_status = run(csv("SKU,Amount,Date,Status", "UCSC-C220,100,2015-03-01,open"))
    assert apply_to_ship(partner, with_status) == {"core_wan": Decimal(70), "ucs": Decimal("100.00")}
    assert apply_to_ship(partner, with_status, replace_all=True) == {"ucs": Decimal("100.00")}
    without = run(csv("SKU,Amount,Date", "UCSC-C220,100,2015-03-01"))
    assert apply_to_ship(partner, without) == {"core_wan": Decimal(70)}  # the file does not say: none


def test_vip_import_writes_what_is_still_to_ship_into_the_profile(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bookings, base, out = tmp_path / "b.csv", tmp_path / "p.yaml", tmp_path / "out.yaml"
    bookings.write_bytes(csv("SKU,Amount,Date,Ship date", "UCSC-C220,60000,2015-03-01,2015-05-01",
                             "UCSC-C220,2000,2015-03-01,2015-07-01"))
    base.write_text(dump_profile(profile(**SHIPPING)), encoding="utf-8")
    assert main(["import", str(bookings), "--profile", str(base), "--out", str(out)]) == 0
    written, _ = load_profile(out, {"VIP25": edition("VIP25")})
    assert written.to_ship == {"ucs": Decimal("2000.00")}  # shipped 1 Jul, after the profile's 1 Jun
    assert main(["import", str(bookings), "--profile", str(base), "--as-of", "2015-08-01", "--out", str(out)]) == 0
    assert load_profile(out, {"VIP25": edition("VIP25")})[0].to_ship == {}
    capsys.readouterr()
    assert main(["import", str(bookings), "--profile", str(base), "--as-of", "someday"]) == 2
    assert capsys.readouterr().err == "vip: --as-of: expected a date such as 2015-08-01, got 'someday'\n"


# --- the profile -----------------------------------------------------------------------------------


def test_to_ship_is_kept_in_the_profile_file_and_round_trips() -> None:
    partner = profile(**SHIPPING, to_ship={"ucs": 12000})
    again = Profile.model_validate(__import__("yaml").safe_load(dump_profile(partner)))
    assert again == partner and "to_ship:\n  ucs: 12000\n" in dump_profile(partner)


def test_to_ship_travels_in_the_apps_link() -> None:
    from ui import url

    data = profile(**SHIPPING, to_ship={"ucs": 12000}).model_dump(mode="json")
    assert url.decode(url.encode(data))["to_ship"] == {"ucs": "12000"}
    assert "to_ship" not in url.decode(url.encode(profile(**SHIPPING).model_dump(mode="json")))


@pytest.mark.parametrize(("to_ship", "what"), [
    ("{ucs: 60000.01}", "to_ship.ucs: expected at most the projected sales (USD 60,000) still to ship, "
                        "got USD 60,000.01"),
    ("{ucs: -1}", "to_ship.ucs: expected greater than or equal to 0, got -1"),
    ("{ucx: 5}", "to_ship.ucx: unknown subtrack 'ucx' (did you mean 'ucs'?)"),
])
def test_more_to_ship_than_sold_or_an_unknown_subtrack_is_one_line(to_ship: str, what: str) -> None:
    base = dump_profile(profile(**SHIPPING))
    line = len(base.splitlines()) + 1
    with pytest.raises(ProfileError) as err:
        load_profile("p.yaml", {"VIP25": edition("VIP25")}, base + f"to_ship: {to_ship}\n")
    assert error_line(err.value).startswith(f"p.yaml:{line}: {what}"), error_line(err.value)


# --- the figures -----------------------------------------------------------------------------------


def test_the_rebate_that_depends_on_shipping_is_the_rebate_lost_without_it() -> None:
    a = assessed(**SHIPPING, to_ship={"express_en": 2000, "ucs": 12000})
    ship = shipping(a)
    # UCS: 60,000 − 12,000 = 48,000 < 57,500, so all 4,800 depends on it; Express EN: 2,000 × 3% = 60.
    assert {x.subtrack: (x.usd, x.depends) for x in ship.subtracks} == {
        "express_en": (Decimal(2000), Decimal("60.00")), "ucs": (Decimal(12000), Decimal("4800.00"))}
    assert ship.depends == Decimal("4860.00") and ship.ship_by == date(2015, 10, 23)
    risk = at_risk(a, Decimal("0.10"))
    # (42,000 − 2,000) × 0.9 = 36,000 ≥ 30,000: 1,080; UCS below its minimum.
    assert (risk.at_shortfall, risk.unshipped) == (Decimal("1080.00"), Decimal("4860.00"))


def test_nothing_to_ship_or_no_window_changes_nothing() -> None:
    plain = assessed(**SHIPPING)
    assert shipping(plain).subtracks == () and shipping(plain).depends == 0
    # 42,000 × 0.9 × 3%; UCS at 54,000 below its 57,500
    assert at_risk(plain).unshipped == 0 and at_risk(plain).at_shortfall == Decimal("1134")
    windowless = edition("VIP25").model_copy(update={"shipping": None})
    a = assess(profile(**SHIPPING, to_ship={"ucs": 12000}), windowless)
    assert shipping(a).subtracks == () and at_risk(a).at_shortfall == at_risk(plain).at_shortfall


# --- the words ---------------------------------------------------------------------------------------


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def test_every_output_says_what_is_to_ship_by_when_and_what_depends_on_it(tmp_path: Path) -> None:
    a = assessed(**SHIPPING, to_ship={"express_en": 2000, "ucs": 12000})
    line = "To ship by 23 Oct 2015: USD 12,000 (USD 4,800 of the rebate depends on it)"
    assert plain(shipping_messages(a, Fmt("en"))["ucs"][0]) == line and not shipping_messages(a, Fmt("en"))["ucs"][1]
    assert plain(shipping_messages(a, Fmt("nl"))["ucs"][0]) == ("Nog te verzenden, uiterlijk 23 okt 2015: USD 12.000 "
                                                                 "(USD 4.800 van de rebate hangt ervan af)")
    data = assessment_dict(a)
    ucs = next(s for s in data["subtracks"] if s["id"] == "ucs")
    assert (ucs["to_ship_usd"], ucs["rebate_depending_on_shipping"], plain(ucs["shipping_message"])) == (12000, 4800,
                                                                                                          line)
    assert data["ship_by"] == "2015-10-23" and data["totals"]["rebate_depending_on_shipping"] == 4860
    text = plain(assessment_text(a))
    assert f"  - Unified Computing (UCS): {line}" in text
    assert "Of which depends on shipping:  USD 4,860" in text
    page = plain(html_report(a)).replace("&nbsp;", " ")
    assert line in page and "USD 4,860" in page
    path = tmp_path / "r.xlsx"
    path.write_bytes(excel_report(a))
    book = load_workbook(path)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Still to ship: Unified Computing (UCS)" in cells and any(line in plain(c) for c in cells)


def test_once_the_ship_by_day_has_gone_by_the_line_says_it_is_too_late() -> None:
    a = assessed(**{**SHIPPING, "as_of": "2015-10-24"}, to_ship={"ucs": 12000})
    text, late = shipping_messages(a, Fmt("en"))["ucs"]
    assert late and plain(text) == ("Not shipped by 23 Oct 2015: USD 12,000 (USD 4,800 of the rebate is void unless "
                                    "it shipped in time)")


# --- the app ---------------------------------------------------------------------------------------


def advisor(locale: str, data: dict[str, object]):
    from test_app_advisor import app, text

    from ui import url

    at = app(locale, s=url.encode(data))
    assert not at.exception, [e.value for e in at.exception]
    return at, lambda: text(at)


@pytest.mark.parametrize(("locale", "line"), [
    ("en-US", "To ship by 23 Oct 2015: USD 12,000 (USD 4,800 of the rebate depends on it)"),
    ("nl-NL", "Nog te verzenden, uiterlijk 23 okt 2015: USD 12.000 (USD 4.800 van de rebate hangt ervan af)"),
])
def test_the_advisor_shows_what_is_to_ship_on_the_subtracks_line(locale: str, line: str) -> None:
    data = {"version": 1, "partner": "Verzending BV", "country": "NL", "edition": "VIP25", "period": "6-month",
            "certification": "premier", "csat_responses": 10, **SHIPPING, "to_ship": {"ucs": 12000}}
    _, shown_text = advisor(locale, data)
    assert shown_text().count(line) == 1  # on UCS's line, and Express EN has nothing to ship


def test_lowering_the_sales_below_what_is_to_ship_lowers_it_with_them() -> None:
    from factories import enter

    data = {"version": 1, "partner": "Verzending BV", "country": "NL", "edition": "VIP25", "period": "6-month",
            "certification": "premier", "csat_responses": 10, **SHIPPING, "to_ship": {"ucs": 12000}}
    at, shown_text = advisor("en-US", data)
    enter(at, "in.sales.ucs", 10_000)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["profile"]["to_ship"] == {"ucs": "10000"}
    assert "To ship by 23 Oct 2015: USD 10,000" in shown_text()


def test_recommendations_count_what_is_still_to_ship_in_the_rebate_at_risk() -> None:
    from streamlit.testing.v1 import AppTest
    from test_app_recommendations import kpis, ok

    from factories import ROOT

    data = profile(**SHIPPING, to_ship={"express_en": 2000, "ucs": 12000}).model_dump(mode="json")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["profile"], at.session_state["baseline"] = data, dict(data)
    ok(at.run())
    at = ok(at.switch_page("pages/recommendations.py").run())
    # (42,000 − 2,000) × 0.9 × 3% = 1,080; UCS's 48,000 × 0.9 is below its minimum
    assert [x.replace("\xa0", " ") for x in kpis(at, "at_shortfall")] == ["USD 1,080"]
    page = "\n".join(str(h.value) for h in at.html)
    assert "With 10% less sales, and nothing still to ship shipped in time" in page


def test_the_clients_import_shows_what_is_to_ship_and_applies_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    from test_app_clients import clients_page, frame, ok

    from vip.io.store import ENV

    monkeypatch.setenv(ENV, f"sqlite:///{tmp_path / 'app.db'}")
    at = clients_page("nl", tab=1)
    raw = (b"Artikel;Bedrag;Orderdatum;Leverdatum;Status\r\n"
           b"UCSC-C220;40.000,00;01-03-2015;15-03-2015;verzonden\r\n"
           b"UCSC-C220;20.000,00;01-04-2015;01-11-2015;in behandeling\r\n")
    ok(at.get("file_uploader")[0].upload("levering.csv", raw, "text/csv").run())
    assert at.selectbox(key="set.clients.map.ship_date").value == "Leverdatum"
    assert at.selectbox(key="set.clients.map.status").value == "Status"
    page = " ".join(m.value for m in at.markdown).replace("\xa0", " ")
    assert "Nog te verzenden (op 1 apr 2015 nog niet verzonden)" in page
    to_ship = next(d.value for d in at.dataframe if list(d.value.columns) == ["Subtrack", "Bedrag"])
    assert list(to_ship["Bedrag"]) == ["USD\xa020.000"] and list(frame(at, "Bedrag")["Bedrag"]) == ["USD\xa060.000"]
    assert at.warning[0].value.startswith(
        "Rij 3: UCSC-C220 wordt op 1 nov 2015 verzonden, na 23 okt 2015: de rebate daarop vervalt")
    ok(at.button(key="clients.apply").click().run())
    assert at.session_state["profile"]["to_ship"] == {"ucs": "20000.00"}


@pytest.mark.parametrize(("locale", "head", "day"), [
    ("en-US", "Orders ship by (90 days after the period)", "23 Oct 2015"),
    ("nl-NL", "Uiterste verzenddatum (90 dagen na de periode)", "23 okt 2015"),
])
def test_the_program_page_lists_each_periods_ship_by_day_with_its_source(locale: str, head: str, day: str) -> None:
    from test_app_pages import app, text

    at = app(locale).switch_page("pages/program.py").run()
    assert not at.exception
    page = text(at)
    assert head in page and day in page
    assert "Netformx ChannelXpert FAQ" in page  # the window's source among the page's sources
