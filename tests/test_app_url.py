"""The visit in the URL: a compact, reversible encoding that refuses what it cannot read, written by every page
and read back on a reload."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from factories import enter
from ui.url import compact, decode, decode_saved, encode, encode_saved, pack, text, unpack

SAMPLE = {
    "partner": "Voorbeeld Netwerken BV",
    "country": "NL",
    "edition": "VIP25",
    "period": "6-month",
    "certification": "premier",
    "specializations": ["express_foundation"],
    "enrolled": ["express_en", "ucs"],
    "projected_sales": {"express_en": "42000", "ucs": {"ucs_servers": "40000", "ucs_software": "20000"}},
    "assumptions": {"hourly_cost": "85", "horizon_periods": 6, "discount_rate": "0.08"},
}


def test_a_profile_survives_the_round_trip_through_the_url() -> None:
    assert decode(encode(SAMPLE)) == compact(SAMPLE)


def test_the_encoding_leaves_defaults_out_and_fits_in_a_link() -> None:
    data = compact(SAMPLE)
    assert "atp" not in data and "staff" not in data and "version" not in data
    assert len(encode(SAMPLE)) < 400
    assert "=" not in encode(SAMPLE)


@pytest.mark.parametrize("param", ["", "%%%", "not base64 at all", base64.urlsafe_b64encode(b"plain text").decode()])
def test_a_damaged_parameter_is_refused_with_a_value_error(param: str) -> None:
    with pytest.raises(ValueError):
        decode(param)


def test_a_parameter_that_unpacks_to_something_else_than_a_mapping_is_refused() -> None:
    import zlib

    param = base64.urlsafe_b64encode(zlib.compress(b"[1, 2, 3]")).decode()
    with pytest.raises(ValueError):
        decode(param)


def test_a_parameter_that_unpacks_to_a_huge_document_is_refused() -> None:
    import zlib

    param = base64.urlsafe_b64encode(zlib.compress(b'{"x": "' + b"a" * 200_000 + b'"}')).decode()
    with pytest.raises(ValueError):
        decode(param)



# --- the whole visit in the link ----------------------------------------------------------------

BASELINE: dict[str, Any] = {**SAMPLE, "projected_sales": {"express_en": "42000", "ucs": "150000"}}


def changed(**fields: Any) -> dict[str, Any]:
    return {**BASELINE, **fields}


def test_a_what_if_and_its_scenarios_packed_against_the_baseline_round_trip_in_a_short_link() -> None:
    base = text(BASELINE)
    whatif = changed(projected_sales={"express_en": "52000", "ucs": "150000"})
    saved: list[dict[str, Any]] = [{"name": f"Plan {n}", "profile": changed(csat_responses=10 + n)} for n in (1, 2, 3)]
    assert decode(encode(whatif, base), base) == compact(whatif)
    assert decode_saved(encode_saved(saved, 5, base), base) == ([(s["name"], compact(s["profile"])) for s in saved], 5)
    # against the baseline a what-if takes tens of characters, and three saved ones little more
    assert len(encode(whatif, base)) < 80
    assert len(encode_saved(saved, 5, base)) < 160
    assert sum(len(encode(s["profile"])) for s in saved) > 900  # what each would take alone


def test_a_parameter_packed_against_a_baseline_is_refused_without_it_or_cut_short() -> None:
    base = text(BASELINE)
    param = encode(changed(csat_responses=12), base)
    with pytest.raises(ValueError):
        decode(param)
    with pytest.raises(ValueError):
        decode(param, text(changed(partner="Another BV")))
    with pytest.raises(ValueError):
        decode(encode(SAMPLE)[:-12])


@pytest.mark.parametrize("found", [[], {"n": 1}, {"n": 1, "w": [["only a name"]]}, {"n": -1, "w": []},
                                   {"n": 1, "w": [[3, {}]]}, {"n": 1, "w": [[" ", {}]]}])
def test_saved_scenarios_that_are_not_names_with_profiles_are_refused(found: object) -> None:
    base = text(BASELINE)
    with pytest.raises(ValueError):
        decode_saved(pack(json.dumps(found).encode(), base), base)


APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["pages/advisor.py", "pages/recommendations.py", "pages/compare.py", "pages/program.py",
         "pages/method.py", "pages/clients.py"]


def app(**query: str) -> AppTest:
    """The app opened fresh, as a reload or a reopened link opens it, with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "en-US"
    at.query_params.update(query)
    return at.run()


def visit(at: AppTest, page: str) -> AppTest:
    """Go to another page as the browser does: Streamlit's frontend drops the query string on a switch."""
    at.query_params = {}
    return at.switch_page(page).run()


def link(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


def in_link(params: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """The what-if, the baseline and the saved scenarios a link holds, as compact dicts."""
    base = unpack(params.get("b") or params["s"])
    whatif = decode(params["s"], base) if "b" in params else decode(params["s"])
    saved = decode_saved(params["w"], base)[0] if "w" in params else []
    return whatif, decode(params.get("b") or params["s"]), saved


def a_visit() -> AppTest:
    """On the Dutch sample: more Express sales saved twice (the first removed again on Compare), then
    more UCS sales on screen."""
    at = app()
    enter(at, "in.sales.express_en", 52_000)
    at.button(key="scenario.save").click().run()
    at.text_input(key="set.scenario.name").set_value("Half-way plan")
    at.button(key="scenario.save").click().run()
    visit(at, "pages/compare.py").button(key="scenario.remove.0").click().run()
    visit(at, "pages/advisor.py")
    enter(at, "in.sales.ucs", 160_000)
    assert not at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_writes_the_what_if_the_baseline_and_the_saved_scenarios_into_its_link(page: str) -> None:
    at = visit(a_visit(), page)
    assert not at.exception
    ss = at.session_state
    whatif, baseline, saved = in_link(link(at))
    assert whatif == compact(ss["profile"]) and whatif["projected_sales"] == {"express_en": "52000", "ucs": "160000"}
    assert baseline == compact(ss["baseline"]) and baseline != whatif
    assert saved == [("Half-way plan", compact(ss["scenarios"][0]["profile"]))]


def test_compare_with_nothing_saved_still_writes_the_link_before_it_stops() -> None:
    at = app()
    enter(at, "in.sales.express_en", 52_000)
    at = visit(at, "pages/compare.py")
    assert "No scenarios saved yet" in " ".join(i.value for i in at.info)
    params = link(at)
    assert "w" not in params
    assert in_link(params)[0] == compact(at.session_state["profile"])


def test_a_reload_brings_back_the_what_if_the_baseline_the_saved_scenarios_and_the_changes_line() -> None:
    from test_app_advisor import changes_line, kpi

    before = a_visit()
    again = app(**link(before))
    assert not again.exception and not again.error
    for key in ("profile", "baseline", "scenarios", "saved_count", "sample"):
        assert again.session_state[key] == before.session_state[key], key
    assert kpi(again, "now") == kpi(before, "now")
    assert changes_line(again) == changes_line(before) != ""
    assert again.text_input(key="set.scenario.name").value == "Scenario 3"  # numbered on from the two saved
    assert "1 of 3 scenarios saved" in " ".join(c.value for c in again.caption)
    compare = visit(again, "pages/compare.py")
    assert "Half-way plan" in " ".join(m.value for m in compare.markdown)


def test_the_run_that_opens_a_link_leaves_it_and_the_next_writes_the_partner_once() -> None:
    """The first run writes nothing: the browser has not yet run the script that keeps a write from
    becoming a history entry."""
    at = app()
    assert at.query_params == {}
    params = link(at.run())
    assert set(params) == {"s", "lang"}
    assert decode(params["s"])["partner"] == "Voorbeeld Netwerken BV"
    old = encode({**decode(params["s"]), "csat_responses": 12})  # a link as the app wrote it before `b`
    assert app(s=old).query_params == {"s": old}


def test_damaged_saved_scenarios_are_left_out_with_one_error_and_the_what_if_opens() -> None:
    params = link(a_visit())
    at = app(**{**params, "w": params["w"][:-6]})
    assert not at.exception
    assert len(at.error) == 1 and "scenarios saved in this link cannot be read" in at.error[0].value
    assert at.session_state["scenarios"] == []
    assert at.session_state["profile"]["projected_sales"] == {"express_en": "52000", "ucs": "160000"}


def test_a_saved_scenario_that_no_longer_fits_the_rules_is_left_out_and_named() -> None:
    params = link(app().run())
    base = unpack(params["s"])
    partner = decode(params["s"])
    saved = [{"name": "Platinum", "profile": {**partner, "certification": "platinum"}},
             {"name": "More CSATs", "profile": {**partner, "csat_responses": 12}}]
    at = app(**params, w=encode_saved(saved, 2, base))
    assert not at.exception
    assert len(at.error) == 1 and "“Platinum”" in at.error[0].value and "platinum" in at.error[0].value
    assert [s["name"] for s in at.session_state["scenarios"]] == ["More CSATs"]


def test_a_damaged_baseline_is_named_and_the_app_keeps_its_defaults() -> None:
    params = link(a_visit())
    at = app(**{**params, "b": params["b"][:-6]})
    assert not at.exception
    assert len(at.error) == 1 and "`b`" in at.error[0].value
    assert at.session_state["profile"] == at.session_state["baseline"]


def test_the_link_is_written_in_one_message_and_only_when_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every message becomes a browser-history entry; and a rerun that changes nothing encodes nothing."""
    from streamlit.runtime.state.query_params import QueryParams

    import ui.url

    counts = {"sent": 0, "packed": 0}
    send, pack_ = QueryParams._send_query_param_msg, ui.url.pack

    def counted_send(self: QueryParams) -> None:
        counts["sent"] += 1
        send(self)

    def counted_pack(raw: bytes, base: bytes = b"") -> str:
        counts["packed"] += 1
        return pack_(raw, base)

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", counted_send)
    monkeypatch.setattr(ui.url, "pack", counted_pack)
    at = a_visit()
    counts.update(sent=0, packed=0)
    enter(at, "in.sales.ucs", 170_000)  # a change in the results fragment: one what-if to encode
    assert counts == {"sent": 1, "packed": 1}
    counts.update(sent=0, packed=0)
    at.run()
    assert counts == {"sent": 0, "packed": 0}
    visit(at, "pages/program.py")  # a page switch drops the link: written again at once, in one go
    assert counts == {"sent": 1, "packed": 0}
