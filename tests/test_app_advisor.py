"""The Advisor page, driven through its widgets by key (streamlit.testing AppTest)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from factories import enter, shown
from ui.i18n import literal
from vip.present import words

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


def part(at: AppTest, name: str) -> str:
    """The plain text of one part of the results (`data-part`: head, bonus, empty, no-cash), '' if none."""
    for h in at.html:
        found = re.search(rf'data-part="{name}">(.*?)</(?:p|div)>(?!<p>)', h.value, re.S)
        if found:
            return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).replace("\xa0", " ").split())
    return ""


def chart(at: AppTest, kind: str) -> str:
    """The HTML of one chart of the results (progress, cash), '' if not shown."""
    for h in at.html:
        found = re.search(rf'<figure class="vip-chart" data-chart="{kind}">.*?</figure>', h.value, re.S)
        if found:
            return found.group(0)
    return ""


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
    assert ("Earn Advanced Unified Computing Technology or Advanced Data Center Architecture before enrolment closes"
            in text(at))


def test_toggling_the_missing_specialization_removes_that_gap_and_raises_the_estimated_rebate() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    assert not at.exception
    assert kpi(at, "now") == "USD 13,260"
    assert "Earn Advanced Unified Computing Technology" not in text(at)
    assert kpi(at, "investment") == "USD 0"
    # ... and says what that change costs and is worth: the Recommendations plan that earns it
    changes = changes_line(at)
    assert changes == ("Your changes against Voorbeeld Netwerken BV as loaded, valued as a plan: cost USD 35,825, "
                       "net present value +USD 11,750 over 6 periods "
                       # the cards count the specialization as held from today; as a plan it takes 6 months
                       "From the next period only: Unified Computing (UCS), as what you switched on must still be "
                       "earned; the figures above count it as held already.")
    open_group(at, "authorizations").toggle(key="in.auth.adv_ucs").set_value(False).run()
    assert changes_line(at) == ""  # back as loaded: nothing to value


def test_dropping_a_specialization_loses_its_rebate_and_saves_its_renewals() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.express_foundation").set_value(False).run()
    assert not at.exception
    # USD 1,260 a period lost, USD 250 of renewals saved, over 6 half-years at 8%: -1,010 × 5.255295
    assert changes_line(at) == ("Your changes against Voorbeeld Netwerken BV as loaded, valued as a plan: cost USD 0, "
                                "net present value -USD 5,308 over 6 periods")


def test_a_change_that_only_costs_is_worth_less_than_nothing_in_dutch() -> None:
    at = open_group(app("nl-NL"), "authorizations")
    at.toggle(key="in.auth.atp_telepresence_video_master").set_value(True).run()
    assert not at.exception
    line = changes_line(at)
    assert line.startswith("Je wijzigingen tegenover Voorbeeld Netwerken BV zoals geladen, gewaardeerd als plan: "
                           "kosten USD ")
    assert "netto contante waarde -USD " in line
    assert line.endswith("Op zichzelf openen ze geen rebate: de cijfers hierboven gaan over het voldoen aan de "
                         "eisen die nog ontbreken, met je wijzigingen als gedaan.")


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
    assert "Behaal Advanced Unified Computing Technology of Advanced Data Center Architecture voordat de" in page


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
    assert part(at, "empty"), "an empty partner is told how to start"


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


@pytest.mark.parametrize(("locale", "says"), [("en-US", "Loaded from your file kempen.yaml."),
                                            ("nl-NL", "Geladen uit je bestand kempen.yaml.")])
def test_the_sample_box_names_no_sample_while_an_uploaded_file_is_on_screen(locale: str, says: str) -> None:
    """The partner came from a sample, then from a file: the sample box shows no sample but says
    which file is loaded, also once the partner group is closed; a sample picked again says nothing
    of the file."""
    at = open_group(app(locale), "partner")
    at.selectbox(key="in.sample").select("Rheinland Systemhaus GmbH").run()
    good = (ROOT / "sample_data" / "kempen_select.yaml").read_bytes()
    at.file_uploader(key="profile.upload").set_value(("kempen.yaml", good, "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="in.sample").value is None
    assert says in [c.value for c in at.sidebar.caption]
    at.session_state["open.partner"] = False
    at.run()
    assert says in [c.value for c in at.sidebar.caption]
    at.selectbox(key="in.sample").select("Rheinland Systemhaus GmbH").run()
    assert at.title[0].value == "Rheinland Systemhaus GmbH"
    assert says not in [c.value for c in at.sidebar.caption]


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
    for key, value in (("in.csat", 3), ("in.hourly", 120), ("in.horizon", 8), ("in.discount", 10.0), ("in.margin", 5)):
        enter(at, key, value)
        at.run()
    assert not at.exception
    profile = at.session_state["profile"]
    assert (profile["partner"], profile["edition"], profile["period"], profile["country"]) == (
        "Proef BV", "VIP26", "3-month", "DE")
    assert profile["certification"] == "gold" and profile["csat_responses"] == 3
    assert profile["assumptions"] == {"hourly_cost": "120", "horizon_periods": 8, "discount_rate": "0.1",
                                      "margin_cost": "0.05"}
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


def edit_staff(at: AppTest) -> AppTest:
    """Open the staff group and, with its button, the dialog that holds the staff editor."""
    open_group(at, "staff")
    return at.button(key="staff.edit").click().run()


def test_the_staff_editor_shows_the_partners_people_in_both_languages() -> None:
    for locale, heading in (("en-US", "Role"), ("nl-NL", "Rol")):
        at = edit_staff(app(locale))
        assert not at.exception
        people = at.dataframe[0].value
        assert list(people["name"]) == ["Sanne de Vries", "Joris Bakker", "Daan Visser"]
        assert list(people["role"]) == ["AM", "SE", "FE"]
        assert heading in str(at.dataframe[0].proto.columns)


@pytest.mark.parametrize(("locale", "first", "edit"), [
    ("en-US", "**Sanne de Vries** · AM  \n:gray[Express Foundation]", "Edit the certified staff"),
    ("nl-NL", "**Sanne de Vries** · AM  \n:gray[Express Foundation]", "Gecertificeerd personeel bewerken"),
])
def test_the_sidebar_lists_the_staff_and_edits_them_in_a_dialog_not_in_its_narrow_column(
        locale: str, first: str, edit: str) -> None:
    """In the sidebar's width the editor cut off what each person covers: the sidebar lists the
    people, and the editor opens in a wide dialog, with the roles' full names, only on request."""
    at = open_group(app(locale), "staff")
    assert not at.sidebar.get("arrow_data_frame") and not at.dataframe
    [people] = [m.value for m in at.sidebar.markdown if "Sanne de Vries" in m.value]
    assert people.split("\n- ")[0] == f"- {first}"
    assert at.button(key="staff.edit").label == edit
    at = edit_staff(at)
    assert not at.exception
    [editor] = at.dataframe
    assert not at.sidebar.get("arrow_data_frame")  # in the dialog, over the main area
    assert list(editor.value["role"]) == ["AM", "SE", "FE"]
    # Done closes it; the next run does not open it again.
    at.button(key="staff.done").click().run()
    assert not at.exception and not at.dataframe


@pytest.mark.parametrize("start", ["sample", "empty"])
def test_the_staff_editor_opens_for_a_partner_with_no_staff(start: str) -> None:
    at = open_group(app(), "staff")
    if start == "sample":
        at.selectbox(key="in.sample").select("Thames Collaboration Ltd").run()  # a sample with no staff
    else:
        at.button(key="profile.empty").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["profile"].get("staff", []) == []
    assert "No certified people yet." in [c.value for c in at.sidebar.caption]
    at = edit_staff(at)
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


TWICE = [{"name": "Sanne de Vries", "role": "AM", "covers": ["express_foundation"]},
         {"name": "Joris Bakker", "role": "SE", "covers": ["adv_ucs"]},
         {"name": "Joris Bakker", "role": "SE", "covers": ["adv_ucs"]}]


@pytest.mark.parametrize(("locale", "line"), [
    ("en-US", "staff[2].covers[0]: 'Joris Bakker' is listed twice for Advanced Unified Computing Technology "
              "(also in staff[1]); expected each person once per authorisation"),
    ("nl-NL", "staff[2].covers[0]: 'Joris Bakker' staat twee keer bij Advanced Unified Computing Technology "
              "(ook in staff[1]); verwacht elke persoon één keer per autorisatie"),
])
def test_the_staff_editor_keeps_a_person_listed_twice_as_typed_and_says_why_in_one_line(
        locale: str, line: str) -> None:
    at = open_group(app(locale), "staff")
    before = at.session_state["profile"]["staff"]
    # The editor's rows as the user left them (AppTest cannot type into a data editor).
    at.session_state["in.staff.base"] = TWICE
    at.session_state["staff.open"] = True
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [literal(line)]  # shown as written
    assert list(at.dataframe[0].value["name"]) == ["Sanne de Vries", "Joris Bakker", "Joris Bakker"]
    assert at.session_state["profile"]["staff"] == before  # the profile keeps the staff that fit


def test_staff_rows_that_fit_give_no_error_and_a_duplicate_gives_its_line() -> None:
    from factories import editions
    from ui.inputs import staff_error

    profile = {"partner": "Test BV", "country": "NL", "edition": "VIP25", "period": "6-month",
               "certification": "premier"}
    assert staff_error(profile, TWICE[:2], editions()) == ""
    assert "is listed twice for Advanced Unified Computing Technology" in staff_error(profile, TWICE, editions())


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
    from vip.calc.engine import assess
    from vip.io.rules import load_profile, load_rules

    at = app()
    progress, cash = chart(at, "progress"), chart(at, "cash")
    # Each shown subtrack's projected sales as a share of its minimum, in the table's order.
    rows = re.findall(r'data-subtrack="([^"]+)" data-width="([\d.]+)" data-met="(\w+)"', progress)
    assert [name for name, _, _ in rows] == ["Express Enterprise Networks", "Unified Computing (UCS)"]
    top = 150_000 / 57_500 * 110  # the scale runs to 1.1x the furthest share
    assert [float(w) for _, w, _ in rows] == pytest.approx([42_000 / 30_000 * 100 / top * 100, 100 / 1.1], abs=0.01)
    assert "Projected sales against each minimum" in progress
    assert "USD 42,000 of its minimum USD 30,000 (140%)" in unescape(progress).replace("\xa0", " ")
    # A column per period of the cumulative cash, from the investment out, with the break-even marked.
    core = assess(*load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", load_rules(ROOT / "rules")))
    labels = [unescape(x).replace("\xa0", " ") for x in re.findall(r'class="vip-col[^"]*"[^>]*title="([^"]+)"', cash)]
    assert labels[0] == "Now: -USD 35,825" and len(labels) == len(core.roi.cumulative)
    assert 'data-note="ok">break-even after 4.2 periods<' in cash and "vip-cash-marker" in cash
    assert not at.get("plotly_chart")  # the charts are part of the results' one element


def test_with_nothing_to_invest_the_sales_chart_stands_beside_a_note() -> None:
    at = open_group(app(), "authorizations")
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    assert chart(at, "progress") and not chart(at, "cash")
    assert "Nothing to invest" in part(at, "no-cash")


# --- one story of the money on each screen ------------------------------------------------------

EMPTY_NL_PREMIER_UCS = {"version": 1, "partner": "Nieuwe partner", "country": "NL", "edition": "VIP25",
                        "period": "6-month", "certification": "premier", "enrolled": ["ucs"],
                        "projected_sales": {"ucs": 40000}}


def opened(profile: dict[str, object], locale: str = "en-US") -> AppTest:
    """The app opened on a link that holds `profile` (the partner as loaded, and on screen)."""
    from ui import url

    at = app(locale, s=url.encode(profile))
    assert not at.exception, [e.value for e in at.exception]
    return at


def card_note(at: AppTest, name: str) -> str:
    """The pill under the figure of one KPI card ('' if none)."""
    for h in at.html:
        found = re.search(rf'data-kpi="{name}".*?class="vip-kpi-value">[^<]*</div>(?:<span class="vip-kpi-note[^"]*">'
                          r'([^<]*)</span>)?', h.value, re.S)
        if found:
            return unescape(found.group(1) or "").replace("\xa0", " ")
    raise AssertionError(f"no KPI {name!r} on the page")


@pytest.mark.parametrize(("locale", "why", "then"), [
    ("en-US", "Unified Computing (UCS) is USD 17,500 below its minimum of USD 57,500, so closing its other gaps "
              "alone would earn nothing and the investment leaves them out.",
     "Book USD 17,500 more Unified Computing (UCS) by 25 Jul 2015; at the minimum it earns USD 4,600 a period, and "
     "closing its gaps (about USD 62,520) pays back within 4 periods from USD 273,000 of sales."),
    ("nl-NL", "Unified Computing (UCS) zit USD 17.500 onder het minimum van USD 57.500: alleen aan de andere eisen "
              "voldoen levert dan niets op, dus de investering laat ze buiten beschouwing.",
     "Boek nog USD 17.500 aan Unified Computing (UCS) vóór 25 jul 2015; bij het minimum levert dat USD 4.600 per "
     "periode op, en het voldoen aan de overige eisen (ongeveer USD 62.520) verdient zich binnen 4 perioden terug "
     "vanaf USD 273.000 omzet."),
])
def test_a_zero_investment_beside_costed_gaps_says_the_minimum_comes_first(locale: str, why: str, then: str) -> None:
    """The table lists what earning the specialization costs, so a zero investment must say why: UCS is
    short of its minimum, and what it takes then."""
    at = opened(EMPTY_NL_PREMIER_UCS, locale)
    assert kpi(at, "investment") == "USD 0"
    assert "Advanced Unified Computing Technology" in text(at)  # the costed gap in the table
    note = part(at, "no-cash")
    assert why in note and then in note
    assert "Nothing to invest: no spending" not in note and "Niets te investeren: geen uitgave" not in note
    assert card_note(at, "payback") == ("the minimum comes first" if locale == "en-US" else "eerst het minimum halen")
    at.session_state["view.investment"] = True
    at.run()
    assert why in text(at)  # and so does the investment's breakdown


@pytest.mark.parametrize(("locale", "why"), [
    ("en-US", "On their own they open no rebate: the figures above are for closing the gaps still open, with your "
              "changes counted as done."),
    ("nl-NL", "Op zichzelf openen ze geen rebate: de cijfers hierboven gaan over het voldoen aan de eisen die nog "
              "ontbreken, met je wijzigingen als gedaan."),
])
def test_the_cards_and_the_changes_line_each_say_what_they_are_the_value_of(locale: str, why: str) -> None:
    """With the specialization switched on and UCS at 60,000 the CSATs are still missing: the cards value
    handing them in (+15,755), the line the changes on their own, which open nothing yet (−63,547)."""
    at = open_group(opened(EMPTY_NL_PREMIER_UCS, locale), "authorizations")
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    enter(at, "in.sales.ucs", 60_000)
    assert not at.exception
    en = locale == "en-US"
    assert kpi(at, "npv") == ("USD 15,755" if en else "USD 15.755")
    page = " ".join(h.value for h in at.html)
    label = "Net present value of closing the gaps" if en else "Netto contante waarde van het voldoen aan de eisen"
    assert label in page
    line = changes_line(at)
    assert line.startswith("Your changes against Nieuwe partner as loaded, valued as a plan: cost USD 60,820, "
                           "net present value -USD 63,547 over 4 periods" if en else
                           "Je wijzigingen tegenover Nieuwe partner zoals geladen, gewaardeerd als plan: kosten "
                           "USD 60.820, netto contante waarde -USD 63.547 over 4 perioden")
    assert line.endswith(why)


@pytest.mark.parametrize(("locale", "payback", "months", "roi"), [
    ("en-US", "within the first period", "within a month", "ROI not shown: less than USD 1,000 is spent"),
    ("nl-NL", "binnen de eerste periode", "binnen een maand", "ROI niet getoond: er gaat minder dan USD 1.000 uit"),
])
def test_a_tiny_spend_pays_back_within_the_first_period_and_shows_no_roi(locale: str, payback: str, months: str,
                                                                         roi: str) -> None:
    """Thames spends USD 680 of CSAT hours to open about USD 25,000 a period: not "0 periods ≈ 0 months"
    and "ROI +16,135%"."""
    import yaml

    sample = yaml.safe_load((ROOT / "sample_data" / "thames_short_csat.yaml").read_text())
    at = opened(sample, locale)
    assert kpi(at, "investment") == "USD 680"
    assert (kpi(at, "payback"), card_note(at, "payback")) == (payback, months)
    assert card_note(at, "npv") == roi
    assert "16,135" not in " ".join(h.value for h in at.html)
    first = words.text("en" if locale == "en-US" else "nl", "chart.break_even_first")
    assert f'data-note="ok">{first}<' in chart(at, "cash")


def as_of_field(at: AppTest) -> Any:
    return at.text_input(key=f"in.as_of.{at.session_state['lang']}")


@pytest.mark.parametrize(("locale", "typed", "shown", "head", "closed"), [
    ("en-US", "1 Apr 2015", "1 Apr 2015", "as of 1 Apr 2015",
     "Enrol in Unified Computing (UCS) in PPE for the next period (enrolment closed on 28 Mar 2015)"),
    ("nl-NL", "1-4-2015", "1 apr 2015", "peildatum 1 apr 2015",
     "Schrijf je in voor Unified Computing (UCS) in PPE voor de volgende periode (de inschrijving is gesloten op "
     "28 mrt 2015)"),
])
def test_a_typed_assessment_date_counts_at_once_and_a_passed_deadline_reads_as_closed(
        locale: str, typed: str, shown: str, head: str, closed: str) -> None:
    """A text field, which takes the day on Enter as well as on leaving it (Streamlit's date input only
    on leaving it). After enrolment has closed its deadline reads as closed, never as "0 left"."""
    at = open_group(opened({**EMPTY_NL_PREMIER_UCS, "enrolled": []}, locale), "program")
    assert as_of_field(at).value == ""  # the start of the period
    as_of_field(at).input(typed).run()
    at.run()  # the day reran the results alone: AppTest's tree then holds only them
    assert not at.exception and not at.error
    assert at.session_state["profile"]["as_of"] == "2015-04-01"
    assert as_of_field(at).value == shown
    assert head in part(at, "head")
    page = text(at)
    assert closed in page
    assert " 0 left" not in page and "nog 0 over" not in page
    assert ("(enrolment closed on 28 Mar 2015), or be Gold Certified: about USD 9,820" if locale == "en-US"
            else "(de inschrijving is gesloten op 28 mrt 2015), of zorg dat je Gold Certified bent: ongeveer USD 9.820"
            ) in page


@pytest.mark.parametrize(("typed", "why"), [
    ("31-02-2015", "'31-02-2015' cannot be read as a day; type it as, for example, 24 Jan 2014"),
    ("3/4/2015", "'3/4/2015' could be either day first or month first; type the month as a word, for example "
                 "24 Jan 2014"),
    ("1 Sep 2015", "expected a day from 24 Jan 2014 to 25 Jul 2015, got '1 Sep 2015'"),
])
def test_an_assessment_date_that_cannot_be_read_is_refused_in_one_line(typed: str, why: str) -> None:
    at = open_group(opened(EMPTY_NL_PREMIER_UCS), "program")
    as_of_field(at).input("1 Mar 2015").run()
    at.run()
    as_of_field(at).input(typed).run()
    assert [e.value for e in at.error] == [f"That change was not applied; your inputs are as they were: {why}"]
    assert at.session_state["profile"]["as_of"] == "2015-03-01"
    assert as_of_field(at).value == "1 Mar 2015"


@pytest.mark.parametrize(("locale", "line"), [
    ("en-US", "The assessment date, 1 Sep 2015, is after the period ended on 25 Jul 2015: every deadline has "
              "passed, yet the figures still count this period as the first of the horizon."),
    ("nl-NL", "De peildatum, 1 sep 2015, ligt na het einde van de periode op 25 jul 2015: elke deadline is "
              "voorbij, maar de cijfers tellen deze periode nog als de eerste van de horizon."),
])
def test_an_assessment_date_after_the_period_is_said_in_one_line_under_the_caption(locale: str, line: str) -> None:
    import yaml

    from ui import url

    sample = yaml.safe_load((ROOT / "sample_data" / "voorbeeld_netwerken.yaml").read_text())
    at = app(locale, s=url.encode({**sample, "as_of": "2015-09-01"}))
    assert not at.exception
    assert part(at, "warning") == line
    assert part(app(locale), "warning") == ""  # the sample's own day lies in its period
