"""The Advisor page, driven through its widgets by key (streamlit.testing AppTest)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from factories import enter, shown

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def app(locale: str = "en-US", **query: str) -> AppTest:
    """The app opened fresh in a browser with this locale (and these query parameters)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def text(at: AppTest) -> str:
    """Everything the page shows as HTML or markdown, as plain text (non-breaking spaces as spaces)."""
    parts = [h.value for h in at.html] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    return unescape(re.sub(r"<[^>]+>", " ", " ".join(parts))).replace("\xa0", " ")


def kpi(at: AppTest, name: str) -> str:
    """The figure in one KPI card (now, potential, investment, payback, npv)."""
    for h in at.html:
        found = re.search(rf'data-kpi="{name}".*?class="vip-kpi-value">([^<]*)<', h.value, re.S)
        if found:
            return unescape(found.group(1)).replace("\xa0", " ")
    raise AssertionError(f"no KPI {name!r} on the page")


def changes_line(at: AppTest) -> str:
    """The line under the KPIs on what the changes against the partner as loaded are worth ('' if none)."""
    for h in at.html:
        found = re.search(r'data-kpi="changes">(.*?)</div>', h.value, re.S)
        if found:
            return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("\xa0", " ").split())
    return ""


def open_group(at: AppTest, name: str) -> AppTest:
    """Open one of the sidebar's input groups (they draw their widgets only while open)."""
    at.session_state[f"open.{name}"] = True
    return at.run()


def test_opens_on_the_dutch_sample_partner_with_its_figures() -> None:
    at = app()
    assert not at.exception
    assert at.title[0].value == "Voorbeeld Netwerken BV"
    assert kpi(at, "now") == "USD 1,260"
    assert kpi(at, "potential") == "USD 13,260"
    assert kpi(at, "investment") == "USD 35,825"
    assert "Earn Advanced Unified Computing Technology before enrolment closes" in text(at)


def test_toggling_the_missing_specialization_removes_that_gap_and_raises_the_estimated_rebate() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    assert not at.exception
    assert kpi(at, "now") == "USD 13,260"
    assert "Earn Advanced Unified Computing Technology" not in text(at)
    assert kpi(at, "investment") == "USD 0"
    # ... and says what that change costs and is worth: the Recommendations plan that earns it
    changes = changes_line(at)
    assert changes == ("Against Voorbeeld Netwerken BV as loaded, your changes cost USD 35,825: "
                       "net present value +USD 11,750 over 6 periods")
    open_group(at, "authorizations").toggle(key="in.auth.adv_ucs").set_value(False).run()
    assert changes_line(at) == ""  # back as loaded: nothing to value


def test_dropping_a_specialization_loses_its_rebate_and_saves_its_renewals() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.express_foundation").set_value(False).run()
    assert not at.exception
    # USD 1,260 a period lost, USD 250 of renewals saved, over 6 half-years at 8%: -1,010 × 5.255295
    assert changes_line(at) == ("Against Voorbeeld Netwerken BV as loaded, your changes cost USD 0: "
                                "net present value -USD 5,308 over 6 periods")


def test_a_change_that_only_costs_is_worth_less_than_nothing_in_dutch() -> None:
    at = open_group(app("nl-NL"), "authorizations")
    at.toggle(key="in.auth.atp_telepresence_video_master").set_value(True).run()
    assert not at.exception
    line = changes_line(at)
    assert line.startswith("Tegenover Voorbeeld Netwerken BV zoals geladen kosten je wijzigingen USD ")
    assert "netto contante waarde -USD " in line


def test_raising_ucs_sales_above_the_minimum_removes_the_volume_gap() -> None:
    at = app()
    enter(at, "in.sales.ucs", 20_000)
    assert "Book USD 37,500 more Unified Computing (UCS) by 25 Jul 2015" in text(at)
    enter(at, "in.sales.ucs", 60_000)
    assert not at.exception
    assert "more Unified Computing (UCS)" not in text(at)


def test_more_projected_sales_on_an_eligible_subtrack_raise_the_estimated_rebate_at_its_rate() -> None:
    at = app()
    enter(at, "in.sales.express_en", 52_000)
    assert not at.exception
    assert kpi(at, "now") == "USD 1,560"  # 3% of 52,000


def test_switching_to_dutch_changes_the_labels_and_the_number_format() -> None:
    at = app()
    at.segmented_control(key="set.lang").set_value("nl").run()
    assert not at.exception
    page = text(at)
    assert "Geschatte rebate nu" in page
    assert "Terugverdientijd" in page
    assert kpi(at, "now") == "USD 1.260"
    assert "Behaal Advanced Unified Computing Technology voordat de inschrijving sluit" in page


def test_a_dutch_browser_opens_the_app_in_dutch() -> None:
    at = app("nl-NL")
    assert not at.exception
    assert "Geschatte rebate nu" in text(at)
    assert at.session_state["lang"] == "nl"


def test_amounts_in_eur_are_converted_at_the_rate_and_labelled() -> None:
    at = app()
    at.segmented_control(key="set.currency").set_value("EUR").run()
    enter(at, "set.eur_per_usd", 0.5)
    assert not at.exception
    assert kpi(at, "now") == "EUR 630"


def test_a_gold_partner_sees_what_gold_brings_as_implied_not_as_switches() -> None:
    at = app()
    at.selectbox(key="in.sample").set_value("rheinland_gold").run()
    at = open_group(at, "authorizations")
    assert not at.exception
    implied = at.toggle(key="in.implied.adv_security")
    assert implied.value is True and implied.disabled
    assert "via Gold" in implied.label
    assert not at.toggle(key="in.auth.adv_ucs").disabled


def test_picking_a_sample_partner_and_starting_empty_replace_the_inputs() -> None:
    at = app()
    at.selectbox(key="in.sample").set_value("thames_short_csat").run()
    assert at.title[0].value == "Thames Collaboration Ltd"
    assert "Hand in 4 more CSATs" in text(at)
    at.button(key="profile.empty").click().run()
    assert not at.exception
    assert at.title[0].value == "New partner"
    assert kpi(at, "now") == "USD 0"
    assert at.info, "an empty partner is told how to start"


def test_enrolling_in_a_subtrack_adds_it_to_the_eligibility_table() -> None:
    at = app()
    at.pills(key="in.enrol.security").set_value(["network_security"]).run()
    assert not at.exception
    assert "Enrol in Network Security" not in text(at)
    assert "Earn Advanced Security Architecture before enrolment closes" in text(at)


def test_inputs_survive_a_switch_to_another_page_and_back() -> None:
    at = app()
    enter(at, "in.sales.ucs", 99_000)
    at.switch_page("pages/method.py").run()
    at.switch_page("pages/advisor.py").run()
    assert not at.exception
    assert shown(at, "in.sales.ucs") == 99_000


def test_the_url_holds_the_what_if_and_reopens_it() -> None:
    at = app()
    enter(at, "in.sales.express_en", 52_000)
    link = dict(at.query_params)
    again = app(**{k: (v[0] if isinstance(v, list) else v) for k, v in link.items()})
    assert not again.exception
    assert kpi(again, "now") == "USD 1,560"


def test_the_language_in_the_url_wins_over_the_browser() -> None:
    at = app("en-US", lang="nl")
    assert at.session_state["lang"] == "nl"


def test_a_broken_url_parameter_shows_one_error_and_keeps_the_defaults() -> None:
    at = app(s="not-a-profile!!")
    assert not at.exception
    assert len(at.error) == 1
    assert "cannot be read" in at.error[0].value
    assert at.title[0].value == "Voorbeeld Netwerken BV"


def test_a_url_profile_that_breaks_the_rules_names_the_field() -> None:
    from ui.url import encode

    param = encode({"partner": "X", "country": "NL", "edition": "VIP25", "period": "6-month",
                    "certification": "platinum"})
    at = app(s=param)
    assert not at.exception
    assert len(at.error) == 1
    assert "certification" in at.error[0].value and "platinum" in at.error[0].value
    assert at.title[0].value == "Voorbeeld Netwerken BV"


def test_a_bad_profile_file_shows_one_error_and_keeps_what_the_user_had() -> None:
    at = app()
    enter(at, "in.sales.ucs", 99_000)
    at = open_group(at, "partner")
    bad = b"partner: Broken BV\ncountry: NL\nedition: VIP25\nperiod: 6-month\ncertification: platinum\n"
    at.file_uploader(key="profile.upload").set_value(("broken.yaml", bad, "application/x-yaml")).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "broken.yaml" in at.error[0].value and "platinum" in at.error[0].value
    assert at.title[0].value == "Voorbeeld Netwerken BV"
    assert shown(at, "in.sales.ucs") == 99_000


def test_a_good_profile_file_opens_that_partner() -> None:
    at = open_group(app(), "partner")
    good = (ROOT / "sample_data" / "kempen_select.yaml").read_bytes()
    at.file_uploader(key="profile.upload").set_value(("kempen.yaml", good, "application/x-yaml")).run()
    assert not at.exception
    assert at.title[0].value == "Kempen ICT Partners NV"


def test_a_bad_rules_file_shows_one_error_and_keeps_the_rules_and_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    monkeypatch.setenv("VIP_RULES_DIR", str(rules))
    at = app()
    enter(at, "in.sales.express_en", 52_000)
    (rules / "vip25.yaml").write_text("id: VIP25\nname: [unclosed\n", encoding="utf-8")
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert "vip25.yaml" in at.error[0].value
    assert kpi(at, "now") == "USD 1,560"


def test_saving_a_scenario_keeps_it_for_compare_and_caps_them_at_three() -> None:
    at = app()
    for _ in range(3):
        at.button(key="scenario.save").click().run()
    assert not at.exception
    assert [s["name"] for s in at.session_state["scenarios"]] == ["Scenario 1", "Scenario 2", "Scenario 3"]
    assert at.button(key="scenario.save").disabled


def test_the_investment_details_list_what_is_earned_and_who_is_needed() -> None:
    at = app()
    at.session_state["view.investment"] = True
    at.run()
    assert not at.exception
    page = text(at)
    assert "Earn: **Advanced Unified Computing Technology**" in page
    assert "UCS design exam" in page


def test_every_input_group_takes_a_change_without_an_error() -> None:
    at = app()
    for group in ("partner", "program", "certification", "assumptions"):
        at = open_group(at, group)
    at.text_input(key="in.partner").set_value("Proef BV").run()
    at.run()  # the name reran the results alone: AppTest's tree then holds only them
    at.selectbox(key="in.edition").set_value("VIP26").run()
    assert not at.exception
    assert "VIP 26" in text(at) or at.title[0].value == "Proef BV"
    at.segmented_control(key="in.period").set_value("3-month").run()
    at.selectbox(key="in.country").set_value("DE").run()
    at.segmented_control(key="in.certification").set_value("gold").run()
    for key, value in (("in.csat", 3), ("in.hourly", 120), ("in.horizon", 8), ("in.discount", 10.0)):
        enter(at, key, value)
        at.run()
    assert not at.exception
    profile = at.session_state["profile"]
    assert (profile["partner"], profile["edition"], profile["period"], profile["country"]) == (
        "Proef BV", "VIP26", "3-month", "DE")
    assert profile["certification"] == "gold" and profile["csat_responses"] == 3
    assert profile["assumptions"] == {"hourly_cost": "120", "horizon_periods": 8, "discount_rate": "0.1"}
    assert "Hand in 17 more CSATs" in text(at)  # VIP 26 asks 20 from Gold (illustrative)


def test_sales_per_product_family_use_each_familys_rate() -> None:
    at = app()
    at.session_state["open.authorizations"] = True
    at.run()
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    at.toggle(key="in.by_family").set_value(True).run()
    enter(at, "in.sales.ucs.ucs_servers", 100_000)
    enter(at, "in.sales.ucs.ucs_software", 50_000)
    assert not at.exception
    # 8% of 100,000 + 12% of 50,000 on UCS, plus 3% of 42,000 on Express Enterprise Networks
    assert kpi(at, "now") == "USD 15,260"


def test_the_staff_editor_shows_the_partners_people_in_both_languages() -> None:
    for locale, heading in (("en-US", "Role"), ("nl-NL", "Rol")):
        at = open_group(app(locale), "staff")
        assert not at.exception
        people = at.dataframe[0].value
        assert list(people["name"]) == ["Sanne de Vries", "Joris Bakker", "Daan Visser"]
        assert list(people["role"]) == ["AM", "SE", "FE"]
        assert heading in str(at.dataframe[0].proto.columns)


@pytest.mark.parametrize("start", ["sample", "empty"])
def test_the_staff_editor_opens_for_a_partner_with_no_staff(start: str) -> None:
    at = open_group(app(), "staff")
    if start == "sample":
        at.selectbox(key="in.sample").select("Thames Collaboration Ltd").run()  # a sample with no staff
    else:
        at.button(key="profile.empty").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["profile"].get("staff", []) == []
    assert len(at.dataframe[0].value) == 0  # an empty editor to add the first person to (as the browser test does)


def test_staff_edits_become_the_profiles_staff() -> None:
    from ui.inputs import edited_rows, staff_from_rows

    base = [{"name": "Sanne", "role": "AM", "covers": ["express_foundation"]},
            {"name": "Joris", "role": "SE", "covers": []},
            {"name": "Daan", "role": "FE", "covers": []}]
    edits = {"edited_rows": {"1": {"covers": ["adv_ucs"]}, "2": {"name": "  "}}, "deleted_rows": [0],
             "added_rows": [{"name": "Eva", "role": "SE"}, {"name": "no role yet"}]}
    assert staff_from_rows(edited_rows(base, edits)) == [
        {"role": "SE", "covers": ["adv_ucs"], "name": "Joris"},
        {"role": "FE", "covers": []},
        {"role": "SE", "covers": [], "name": "Eva"},
    ]
    assert base[1]["covers"] == []  # the editor's base rows are left as they were


def test_staff_on_the_profile_counts_in_the_investment() -> None:
    import yaml

    from ui import url

    sample = yaml.safe_load((ROOT / "sample_data" / "voorbeeld_netwerken.yaml").read_text())
    with_staff = app(s=url.encode(sample))
    without = app(s=url.encode({**sample, "staff": []}))
    assert not with_staff.exception and not without.exception
    assert kpi(with_staff, "investment") == "USD 35,825"
    assert kpi(without, "investment") != kpi(with_staff, "investment")


def test_the_charts_show_sales_against_each_minimum_and_the_cumulative_cash_with_break_even() -> None:
    import json

    from vip.calc.engine import assess
    from vip.io.rules import load_profile, load_rules

    at = app()
    progress, cash = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    # Each shown subtrack's projected sales as a share of its minimum (Plotly lists them bottom up).
    [bars] = progress["data"]
    assert bars["y"] == ["Unified Computing (UCS)", "Express Enterprise Networks"]
    assert bars["x"] == pytest.approx([150_000 / 57_500 * 100, 42_000 / 30_000 * 100])
    assert progress["layout"]["title"]["text"] == "Projected sales against each minimum"
    # The investment out at the start, then the cumulative cash, with the break-even point marked.
    core = assess(*load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", load_rules(ROOT / "rules")))
    flows, cumulative = cash["data"]
    assert flows["y"][0] == -35_825 == -core.investment.one_off
    assert cumulative["y"] == pytest.approx([float(x) for x in core.roi.cumulative])
    assert "break-even after 4.2 periods" in [a["text"] for a in cash["layout"]["annotations"]]


def test_with_nothing_to_invest_the_sales_chart_stands_beside_a_note() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    assert len(at.get("plotly_chart")) == 1
    assert "Nothing to invest" in " ".join(i.value for i in at.info)
