"""The Own editions page in Streamlit's AppTest: a minimum table or a SKU list uploaded, what was
read and refused, the difference from the base edition, saved in the store, picked on the Advisor."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from factories import ROOT
from vip.io.store import ENV, Store

MINIMUMS = "Land;Periode;Express Enterprise Networks\nNL;6-month;50.000\n"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv(ENV, url)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def own_page(lang: str = "en", kind: str = "skus") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["own.kind"] = kind
    at.run()
    return ok(at.switch_page("pages/editions.py").run())


def kpi(at: AppTest, name: str) -> str:
    for h in at.get("html"):
        found = re.search(rf'data-kpi="{name}".*?class="vip-kpi-value">([^<]*)<', h.proto.body, re.S)
        if found:
            return " ".join(found.group(1).split())
    raise AssertionError(f"no KPI {name}")


def test_a_minimum_table_becomes_an_edition_the_advisor_can_pick(db: str) -> None:
    at = own_page(kind="minimums")
    at.text_input(key="set.own.id").input("NLMIN25").run()
    ok(at.get("file_uploader")[0].upload("minimums.csv", MINIMUMS.encode(), "text/csv").run())
    text = " ".join(m.value for m in at.markdown)
    assert "minimums.csv: 1 row read, 1 placed, 0 refused, as edition NLMIN25 on top of VIP 25" in text
    page = " ".join(h.proto.body for h in at.get("html"))
    assert "50,000" in page and "30,000" in page  # the difference from the base, for the Netherlands
    ok(at.button(key="own.save").click().run())
    assert any("Saved NLMIN25 (version 1, for everyone)" in s.value for s in at.success)
    assert [(e.edition, e.versions) for e in Store(db).own_editions()] == [("NLMIN25", 1)]
    assert any("NLMIN25" in m.value for m in at.markdown)  # listed as kept

    ok(at.switch_page("pages/advisor.py").run())
    before = kpi(at, "now")
    at.session_state["open.program"] = True  # the sidebar group with the edition picker
    ok(at.run())
    picker = at.selectbox(key="in.edition")
    assert "NLMIN25" in picker.options
    ok(picker.set_value("NLMIN25").run())
    assert before == "USD 1,260" and kpi(at, "now") == "USD 0"  # Express now short of its minimum of 50,000
    head = next(h.proto.body for h in at.get("html") if 'data-kpi="now"' in h.proto.body)
    imported = re.search(r'data-part="imported_figures">([^<]*)<', head)
    assert imported and imported.group(1).startswith(
        "From your own files: the minimum of Express Enterprise Networks (minimums.csv, imported 20")
    illustrative = re.search(r'data-part="illustrative_figures">([^<]*)<', head)
    assert illustrative and html.unescape(illustrative.group(1)) == (  # the minimum is no longer among them
        "Illustrative figures behind this estimate: the rates of Express Enterprise Networks and Unified Computing "
        "(UCS). Put in Cisco's own on the Own editions page.")


def test_a_file_with_a_row_it_cannot_place_saves_nothing_and_says_which_row(db: str) -> None:
    at = own_page("nl", kind="minimums")
    bad = MINIMUMS + "Atlantis;6-month;1\n"
    ok(at.get("file_uploader")[0].upload("minimums.csv", bad.encode(), "text/csv").run())
    assert any("1 rij kan niet geplaatst worden" in e.value for e in at.error)
    assert any(m.value.startswith("- Rij 3: 'Atlantis' is geen land") for m in at.markdown)
    assert not [b for b in at.button if b.key == "own.save"]
    assert Store(db).own_editions() == []


def test_an_id_of_a_shipped_edition_and_an_unreadable_file_are_one_line_each(db: str) -> None:
    at = own_page()
    at.text_input(key="set.own.id").input("VIP26").run()
    ok(at.get("file_uploader")[0].upload("skus.csv", b"SKU;Rate;Subtrack\nC9300-24T;8%;core_wan\n", "text/csv").run())
    assert [e.value for e in at.error] == ["VIP26 is the id of a shipped edition: choose another."]
    at.text_input(key="set.own.id").input("MINE").run()
    ok(at.get("file_uploader")[0].upload("skus.csv", b"\x00\x01\x02", "text/csv").run())
    assert len(at.error) == 1 and "\n" not in at.error[0].value


def test_a_kept_edition_is_deleted_and_brought_back(db: str) -> None:
    Store(db).save_edition("NLMIN25", "id: NLMIN25\nextends: VIP25\nname: NL minimums\n")
    at = own_page()
    assert any("NL minimums" in m.value for m in at.markdown)
    own = Store(db).own_editions()[0]
    ok(at.button(key=f"own.delete.{own.id}").click().run())
    assert Store(db).own_editions() == [] and any("Deleted NLMIN25" in i.value for i in at.info)
    ok(at.button(key="own.undo_button").click().run())
    assert [e.edition for e in Store(db).own_editions()] == ["NLMIN25"]


def test_a_sku_list_shows_each_subtracks_list_in_the_difference_and_saves(db: str) -> None:
    raw = (ROOT / "tests" / "data" / "sku_list.csv").read_bytes()
    at = own_page()
    ok(at.get("file_uploader")[0].upload("sku_list.csv", raw, "text/csv").run())
    assert any(r"sku\_list.csv: 2,400 rows read, 2,400 placed, 0 refused, as edition MYVIP25" in m.value
               for m in at.markdown)
    page = " ".join(h.proto.body for h in at.get("html"))
    assert "Unified Computing (UCS) · SKU list" in page and "185 SKUs at 7% to 12%" in page
    ok(at.button(key="own.save").click().run())
    [own] = Store(db).own_editions()
    assert own.edition == "MYVIP25" and "sku_list.csv, imported" in own.rules_yaml


def test_an_own_edition_that_no_longer_loads_is_left_out_with_one_line_and_imported_figures_show_their_file(
        db: str, tmp_path: Path) -> None:
    from vip.cli import main

    assert main(["rules", "import-minimums", str(ROOT / "sample_data" / "minimums_voorbeeld.csv"), "--base", "VIP25",
                 "--id", "NLMIN25", "--out", str(tmp_path / "nlmin25.yaml")]) == 0
    Store(db).save_edition("NLMIN25", (tmp_path / "nlmin25.yaml").read_text(encoding="utf-8"))
    Store(db).save_edition("BROKEN", "id: BROKEN\nextends: VIP99\n")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.session_state["program_edition"] = "NLMIN25"
    ok(at.run())
    assert [e.value for e in at.error] == [
        "An own edition in the scenario database is left out: BROKEN v1:2: unknown edition 'VIP99' to extend "
        "(did you mean 'VIP26'?)"]
    ok(at.switch_page("pages/program.py").run())
    assert at.title[0].value.startswith("NLMIN25")
    page = " ".join(h.proto.body for h in at.get("html"))
    assert 'USD\xa076,000<span class="vip-src" title="minimums_voorbeeld.csv, imported ' in page
