"""The Compare, Program and Method pages (streamlit.testing AppTest)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from streamlit.testing.v1 import AppTest

from factories import editions, enter, shown
from vip.calc.diff import differences
from vip.io.rules import load_profile
from vip.present import diff
from vip.present.explain import Fmt

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def app(locale: str = "en-US") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    return at.run()


def text(at: AppTest) -> str:
    parts = [h.value for h in at.html] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return unescape(re.sub(r"<[^>]+>", " ", " ".join(parts))).replace("\xa0", " ")


def saved_what_if(at: AppTest) -> AppTest:
    """Save the sample partner with UCS earned and more UCS sales as a scenario."""
    at.session_state["open.authorizations"] = True
    at.run()
    at.toggle(key="in.auth.adv_ucs").set_value(True).run()
    enter(at, "in.sales.ucs", 200_000)
    at.button(key="scenario.save").click().run()
    return at


def test_a_scenario_name_typed_then_saved_at_once_is_the_name_saved_and_survives_a_page_visit() -> None:
    at = app()
    at.text_input(key="set.scenario.name").set_value("Half-way plan")
    at.run()
    at.switch_page("pages/method.py").run()
    at.switch_page("pages/advisor.py").run()
    assert at.text_input(key="set.scenario.name").value == "Half-way plan"
    at.text_input(key="set.scenario.name").set_value("With UCS")
    at.button(key="scenario.save").click().run()  # typed and clicked in one go: one run
    assert not at.exception
    assert [s["name"] for s in at.session_state["scenarios"]] == ["With UCS"]
    assert at.text_input(key="set.scenario.name").value == "Scenario 2"


def test_compare_without_scenarios_says_how_to_make_one() -> None:
    at = app().switch_page("pages/compare.py").run()
    assert not at.exception
    assert "No scenarios saved yet" in text(at)


def test_a_saved_scenario_appears_on_compare_with_its_changes_and_deltas() -> None:
    at = saved_what_if(app()).switch_page("pages/compare.py").run()
    assert not at.exception
    page = text(at)
    assert "Scenario 1" in page
    assert "+ Advanced Unified Computing Technology" in page
    assert "Unified Computing (UCS): USD 150,000 → USD 200,000" in page
    # each change in markdown: its field's label in bold, the rest as written (never a "**" on screen)
    changes = [m.value.replace("\xa0", " ") for m in at.markdown if "→" in m.value]
    assert changes == ["- **Specializations**: + Advanced Unified Computing Technology\n"
                       "- **Projected sales** Unified Computing (UCS): USD 150,000 → USD 200,000"]
    assert "+USD 16,000" in page  # the UCS rebate the scenario adds: 8% of 200,000
    # what the scenario's own change costs (the baseline's investment: earning the one specialization)
    # and is worth: 16,000 a period from period 2 (too late for period 1), less 35,825 and renewals
    assert "Cost of its changes  —  USD 35,825" in page
    assert "Net present value of its changes  —  +USD 28,922" in page
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = {series["name"]: series["y"] for series in chart["data"]}
    assert bars["Estimated rebate"] == [1260, 17260]
    assert bars["Cost of its changes"] == [0, 35825]  # the baseline changes nothing
    assert round(bars["Net present value of its changes"][1]) == 28922


def test_removing_a_scenario_takes_it_off_compare() -> None:
    at = saved_what_if(app()).switch_page("pages/compare.py").run()
    at.button(key="scenario.remove.0").click().run()
    assert not at.exception
    assert at.session_state["scenarios"] == []
    assert "No scenarios saved yet" in text(at)


def test_opening_a_scenario_puts_it_on_the_advisor() -> None:
    at = saved_what_if(app())
    at.button(key="profile.empty").click().run()
    at.switch_page("pages/compare.py").run()
    at.button(key="scenario.open.0").click().run()
    assert not at.exception
    assert at.title[0].value == "Voorbeeld Netwerken BV"
    assert shown(at, "in.sales.ucs") == 200_000


def test_compare_reads_in_dutch() -> None:
    at = saved_what_if(app("nl-NL")).switch_page("pages/compare.py").run()
    assert not at.exception
    assert at.title[0].value == "Scenario’s vergelijken"
    assert "Uitgangssituatie" in text(at)
    assert "USD 150.000 → USD 200.000" in text(at)
    assert "Kosten van de wijzigingen  —  USD 35.825" in text(at)


def test_program_shows_each_subtrack_with_its_minimum_and_where_the_figures_come_from() -> None:
    at = app().switch_page("pages/program.py").run()
    assert not at.exception
    page = text(at)
    assert "Unified Computing (UCS)" in page
    assert "USD 57,500 [1]" in page  # the NL UCS minimum is the one sourced figure in that table
    assert "a Dutch partner must buy USD 57,500 of UCS" in page
    assert "illustrative" in page


def test_program_lists_the_differences_between_vip25_and_vip26() -> None:
    at = app().switch_page("pages/program.py").run()
    page = text(at)
    assert "Unified Computing (UCS) · Rate 8% 9%" in re.sub(r"\s+", " ", page)
    assert "ATP UCS Invicta" in page and "not in this edition" in page


def test_program_words_each_difference_as_vip_rules_diff_does() -> None:
    at = app("nl-NL").switch_page("pages/program.py").run()
    page = re.sub(r"\s+", " ", text(at))
    a, b, dutch = editions()["VIP25"], editions()["VIP26"], Fmt("nl")
    for d in differences(a, b, "NL"):
        row = f"{diff.label(d, a, b, dutch)} {diff.shown(d, d.before, a, dutch)} {diff.shown(d, d.after, b, dutch)}"
        assert row.replace("\xa0", " ") in page
    assert "ATP UCS Invicta · Doorlooptijd (maanden) 2 niet in deze editie" in page


def test_program_says_which_atp_opens_which_products_and_marks_vip30s_alternatives() -> None:
    at = app().switch_page("pages/program.py").run()
    page = re.sub(r"\s+", " ", text(at))
    assert "Identity Services Engine (16% * ) only with ATP Identity Services Engine (ISE) (by period end)" in page
    assert "UCS Invicta only with ATP UCS Invicta (by period end)" in page
    assert ("Advanced Unified Computing Technology or Advanced Data Center Architecture or Gold Certified "
            "(at enrolment)") in page
    assert "VIP 30 Program Rules" in page


def test_the_advisor_lists_the_products_an_atp_holds_back_in_an_eligible_subtrack() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = "en-US"
    p, _ = load_profile(Path(APP).parent / "sample_data" / "rheinland_gold.yaml", editions())
    at.session_state["profile"] = at.session_state["baseline"] = p.model_dump(mode="json", exclude_none=True)
    page = text(at.run())
    assert not at.exception
    assert ("For Identity Services Engine (USD 6,400 a period held back): Earn ATP Identity Services Engine (ISE) "
            "by 25 Jul 2015") in page


def test_program_follows_the_chosen_country() -> None:
    at = app().switch_page("pages/program.py").run()
    at.selectbox(key="set.program_country").set_value("DE").run()
    assert not at.exception
    assert "USD 115,000" in text(at)  # the German UCS minimum for six months


def test_program_reads_in_dutch() -> None:
    at = app("nl-NL").switch_page("pages/program.py").run()
    assert not at.exception
    assert "Verschillen tussen edities" in [tab.label for tab in at.tabs]
    assert "USD 57.500" in text(at)


def test_method_explains_the_figures_and_warns_about_illustrative_numbers() -> None:
    at = app().switch_page("pages/method.py").run()
    assert not at.exception
    assert "must" not in at.title[0].value
    warning = at.warning[0].value
    assert "illustrative" in warning and "edition rules the partner has from Cisco" in warning
    page = text(at)
    assert "Payback" in page and "Net present value" in page
    assert [e.label for e in at.expander if "VIP 25" in e.label]


def test_method_reads_in_dutch() -> None:
    at = app("nl-NL").switch_page("pages/method.py").run()
    assert not at.exception
    assert at.title[0].value == "Hoe de cijfers tot stand komen"
    assert "editieregels die de partner van Cisco heeft" in at.warning[0].value
