"""The Recommendations page in Streamlit's AppTest: the next step, the ranked plans and applying one as
a what-if that Compare shows, the break-even table, the shortfall slider and its cliffs, the
tornado chart, in English and Dutch."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from factories import ROOT, editions
from vip.io.rules import load_profile


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def sample(name: str) -> dict[str, Any]:
    profile, _ = load_profile(ROOT / "sample_data" / f"{name}.yaml", editions())
    return profile.model_dump(mode="json")


def page(lang: str = "en", partner: str | None = None) -> AppTest:
    """The app on the Recommendations page, with the Dutch sample partner or another one on screen."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if partner:
        at.session_state["profile"] = sample(partner)
        at.session_state["baseline"] = sample(partner)
    ok(at.run())
    return ok(at.switch_page("pages/recommendations.py").run())


def html(at: AppTest) -> str:
    return "\n".join(str(h.value) for h in at.html)


def kpis(at: AppTest, name: str) -> list[str]:
    """The figure of every KPI card of this name on the page, in order."""
    found = re.findall(rf'data-kpi="{name}".*?class="vip-kpi-value">([^<]*)<', html(at), re.S)
    return [unescape(x) for x in found]


@pytest.mark.parametrize(("lang", "title", "step"), [
    ("en", "Recommendations", "Start now: Earn Advanced Unified Computing Technology"),
    ("nl", "Aanbevelingen", "Begin nu: Behaal Advanced Unified Computing Technology"),
])
def test_the_page_names_the_next_step_in_both_languages(lang: str, title: str, step: str) -> None:
    at = page(lang)
    assert at.title[0].value == title
    assert at.success[0].value.startswith(step)
    assert not at.error


def test_the_plans_are_ranked_with_their_value_and_a_reason_per_action() -> None:
    at = page(partner="rheinland_gold")
    heads = [m.value for m in at.markdown if m.value.startswith("**Plan ")]
    assert heads[0] == ("**Plan 1** · Earn ATP TelePresence Video Master; Enrol in Unified Computing (UCS); "
                        "Book Content Security up to its minimum")
    assert len(heads) == 5
    assert kpis(at, "npv")[:2] == ["USD\xa083,031", "USD\xa081,774"]
    assert kpis(at, "investment")[0] == "USD\xa016,100"  # the ATP, from spare staff; Gold opens UCS
    reasons = [m.value for m in at.markdown if m.value.startswith("- Earn ATP TelePresence Video Master: needed for")]
    assert reasons and "TelePresence and Video" in reasons[0]
    # an ATP that opens only its own products says which, in a subtrack that earns without it
    ise = [m.value for m in at.markdown if m.value.startswith("- Earn ATP Identity Services Engine (ISE): needed for")]
    assert ise and "Identity Services Engine in Network Security (USD\xa06,400 a period)" in ise[0]


def test_a_plan_that_changes_nothing_cannot_be_applied() -> None:
    at = page()
    assert [m.value for m in at.markdown if m.value.startswith("**Plan 2")] == ["**Plan 2** · Change nothing"]
    assert at.button(key="rec.apply.1") is not None
    with pytest.raises(KeyError):
        at.button(key="rec.apply.2")


def test_applying_a_plan_saves_it_as_a_what_if_that_compare_shows() -> None:
    at = page()
    before = dict(at.session_state["profile"])
    ok(at.button(key="rec.apply.1").click().run())
    [saved] = at.session_state["scenarios"]
    assert saved["name"] == "Plan 1: Earn Advanced Unified Computing Technology"
    assert "adv_ucs" in saved["profile"]["specializations"]
    assert at.session_state["profile"] == before  # the what-if on screen stays
    assert at.toast[0].value == "Saved “Plan 1: Earn Advanced Unified Computing Technology”: see Compare."
    ok(at.switch_page("pages/compare.py").run())
    assert "Plan 1: Earn Advanced Unified Computing Technology" in [m.value.strip("*") for m in at.markdown]


def test_once_three_scenarios_are_saved_no_more_plans_can_be_applied() -> None:
    at = page(partner="rheinland_gold")
    for number in (1, 2, 3):
        ok(at.button(key=f"rec.apply.{number}").click().run())
    names = [s["name"] for s in at.session_state["scenarios"]]
    assert names == ["Plan 1: Earn ATP TelePresence Video Master +2",
                     "Plan 2: Earn ATP Application Centric Infrastructure (ACI) +4",
                     "Plan 3: Earn ATP Identity Services Engine (ISE) +3"]
    assert all(at.button(key=f"rec.apply.{n}").disabled for n in (1, 2, 3, 4, 5))


def test_the_break_even_table_shows_what_ucs_must_sell() -> None:
    text = html(page())
    assert "Unified Computing (UCS)" in text
    assert "USD\xa0100,812" in text  # (35825 + 6 × 750) / (5 × 0.08)
    assert "counts from the next period" in text
    assert "USD\xa092,500 above" in text  # 150,000 sold against the minimum of 57,500
    assert "USD\xa049,188 above" in text  # and against the break-even


def test_the_break_even_table_says_what_is_still_to_book_in_dutch() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "nl"
    short = sample("voorbeeld_netwerken")
    short["projected_sales"]["ucs"] = "50000"
    at.session_state["profile"] = short
    at.session_state["baseline"] = short
    ok(at.run())
    text = html(ok(at.switch_page("pages/recommendations.py").run()))
    assert "nog USD\xa07.500" in text  # to the minimum of 57.500
    assert "nog USD\xa050.812" in text  # to the break-even of 100.812


def test_the_shortfall_slider_shows_the_cliffs_it_crosses() -> None:
    at = page()
    assert at.slider(key="set.rec.shortfall").value == 10
    assert not at.warning
    ok(at.slider(key="set.rec.shortfall").set_value(30).run())
    crossed = "Below its minimum at this shortfall, and its rebate lost: Express Enterprise Networks."
    assert at.warning[0].value == crossed
    assert kpis(at, "at_shortfall") == ["USD\xa00"]
    assert "With 30% less sales" in html(at)
    # The setting is kept while the user looks at another page.
    at.switch_page("pages/advisor.py").run()
    ok(at.switch_page("pages/recommendations.py").run())
    assert at.slider(key="set.rec.shortfall").value == 30


def test_the_tornado_chart_has_a_bar_each_way_per_subtrack() -> None:
    at = page(partner="lone_star_vip26")
    [chart] = [c for c in at.get("plotly_chart")]
    figure = chart.proto.spec
    assert "Network Security" in figure and "20% less" in figure


@pytest.mark.parametrize(("lang", "unchanged"), [
    ("en", "Selling 20% less or more changes no rebate in: Unified Computing (UCS)."),
    ("nl", "Bij 20% minder of meer omzet blijft de rebate gelijk voor: Unified Computing (UCS)."),
])
def test_the_tornado_chart_shows_only_bars_and_keeps_its_legend_off_the_axis(lang: str, unchanged: str) -> None:
    """The Dutch sample's UCS sales change no rebate either way: it has no bars, so it is not a row
    of the chart but named under it; every legend entry stands for bars, and the legend sits above
    the plot, clear of the tick labels under it."""
    at = page(lang)
    [chart] = [c for c in at.get("plotly_chart")]
    figure = json.loads(chart.proto.spec)
    traces, layout = figure["data"], figure["layout"]
    assert {name for trace in traces for name in trace["y"]} == {"Express Enterprise Networks"}
    assert traces and all(any(trace["x"]) for trace in traces)
    assert layout["legend"]["y"] >= 1 and layout["legend"]["yanchor"] == "bottom"
    assert unchanged in [c.value for c in at.caption]


def test_a_partner_short_of_its_minimums_is_told_to_book_the_rest() -> None:
    at = page(partner="kempen_select")  # 19,500 and 21,000 of two minimums of 24,000, nothing else in the way
    assert at.success[0].value.startswith("Book USD\xa03,000 more Express Security by 25 Jul 2015 to meet its minimum")
    assert at.success[0].value.endswith("This assumes those extra sales can be won.")


def test_a_partner_with_nothing_to_do_is_told_so() -> None:
    """Kempen again, with booking a USD costing a USD of margin: the bookings bring less than they cost."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    costly = {**sample("kempen_select"), "assumptions": {"margin_cost": "1"}}
    at.session_state["profile"] = at.session_state["baseline"] = costly
    ok(at.run())
    ok(at.switch_page("pages/recommendations.py").run())
    assert at.info[0].value == "Nothing to do: no plan is worth more than leaving things as they are."


def test_a_partner_whose_rebate_hangs_on_csats_is_told_to_hand_them_in() -> None:
    at = page(partner="thames_short_csat")
    assert at.success[0].value.startswith("Hand in 4 more CSATs by 25 Jul 2015")
    assert not at.get("plotly_chart")  # no sales swing changes a rebate that is not paid yet
    assert "Selling 20% less or more in any one subtrack changes no rebate now." in [c.value for c in at.caption]


# --- a plan's figures say what they are the value of, and read the same on Compare ---------------


def compare_row(at: AppTest, label: str) -> list[str]:
    """The cells of one row of Compare's totals: the baseline's, then each scenario's (changes under
    a figure left out)."""
    found = re.search(rf'<td class="sub">{re.escape(label)}</td>(.*?)</tr>', html(at), re.S)
    assert found, f"no row {label!r} on Compare"
    cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', found.group(1), re.S)
    return [unescape(re.sub(r'<span class="vip-delta.*?</span>', "", c, flags=re.S)).strip() for c in cells]


def notes(at: AppTest, name: str) -> list[str]:
    """The pill under the figure of every KPI card of this name, in order."""
    found = re.findall(rf'data-kpi="{name}".*?class="vip-kpi-value">[^<]*</div><span class="vip-kpi-note[^"]*">'
                       r'([^<]*)</span>', html(at), re.S)
    return [unescape(x) for x in found]


@pytest.mark.parametrize(("lang", "labels", "payback", "roi"), [
    ("en", ("Net present value of this plan", "Payback of this plan", "Investment in this plan",
            "Cost of its changes", "Payback of its changes", "ROI of its changes", "Net present value of its changes",
            "Payback of closing its gaps", "ROI of closing its gaps", "Net present value of closing its gaps"),
     "within the first period", "+513.5%"),
    ("nl", ("Netto contante waarde van dit plan", "Terugverdientijd van dit plan", "Investering voor dit plan",
            "Kosten van de wijzigingen", "Terugverdientijd van de wijzigingen", "ROI van de wijzigingen",
            "Netto contante waarde van de wijzigingen", "Terugverdientijd van het voldoen aan de eisen",
            "ROI van het voldoen aan de eisen", "Netto contante waarde van het voldoen aan de eisen"),
     "binnen de eerste periode", "+513,5%"),
])
def test_a_plan_applied_from_recommendations_is_worth_the_same_on_compare(lang: str, labels: tuple[str, ...],
                                                                           payback: str, roi: str) -> None:
    """Rheinland's best plan (the TelePresence ATP, UCS, Content Security's minimum) as Recommendations
    shows it, and on Compare as that scenario's changes: the same four figures. Beside them, under their
    own labels, the scenario's figures of closing the gaps it still has (ATP ACI and ATP ISE, for the
    products they open, with the new people they need), which differ."""
    plan_npv, plan_payback, plan_investment, *on_compare = labels
    at = page(lang, partner="rheinland_gold")
    assert f">{plan_npv}<" in html(at) and f">{plan_payback}<" in html(at) and f">{plan_investment}<" in html(at)
    npv, cost = kpis(at, "npv")[0], kpis(at, "investment")[0]
    assert (npv, kpis(at, "payback")[0], notes(at, "npv")[0], cost) == (
        "USD\xa083,031" if lang == "en" else "USD\xa083.031", payback, f"ROI {roi}",
        "USD\xa016,100" if lang == "en" else "USD\xa016.100")
    assert not [c.value for c in at.caption if "differ from" in c.value or "wijkt af" in c.value]
    ok(at.button(key="rec.apply.1").click().run())
    ok(at.switch_page("pages/compare.py").run())
    cost_row, payback_row, roi_row, npv_row, gaps_payback, gaps_roi, gaps_npv = on_compare
    assert compare_row(at, cost_row)[1] == cost
    assert compare_row(at, payback_row)[1] == payback
    assert compare_row(at, roi_row)[1] == roi
    assert compare_row(at, npv_row)[1] == "+" + npv
    # what closing the gaps the scenario still has is worth: another figure, under another label
    assert compare_row(at, gaps_payback)[1] == ("3.2 periods" if lang == "en" else "3,2 perioden")
    assert compare_row(at, gaps_roi)[1] == ("+21.4%" if lang == "en" else "+21,4%")
    assert compare_row(at, gaps_npv)[1] == ("USD\xa05,838" if lang == "en" else "USD\xa05.838")


def test_a_volume_move_applied_carries_the_extra_sales_and_is_worth_the_same_on_compare() -> None:
    """USD 1,000 short of the Express EN minimum, at a margin cost of 5%: the best plan earns Advanced
    UCS and books the rest. Applied, the scenario holds the booked sales, and Compare values its changes
    as the plan: the same NPV, payback and cost."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    short = {**sample("voorbeeld_netwerken"), "projected_sales": {"express_en": "29000", "ucs": "150000"}}
    short["assumptions"] = {**short["assumptions"], "margin_cost": "0.05"}
    at.session_state["profile"] = at.session_state["baseline"] = short
    ok(at.run())
    ok(at.switch_page("pages/recommendations.py").run())
    heads = [m.value for m in at.markdown if m.value.startswith("**Plan 1")]
    assert heads == ["**Plan 1** · Earn Advanced Unified Computing Technology; "
                     "Book Express Enterprise Networks up to its minimum"]
    booking = [m.value for m in at.markdown if m.value.startswith("- Book USD\xa0")]
    assert booking[0] == ("- Book USD\xa01,000 more Express Enterprise Networks by 25 Jul 2015 to meet its minimum: "
                          "that unlocks USD\xa0900 a period, 0.90 of rebate per USD booked, less USD\xa050 a period of "
                          "margin on those sales. This assumes those extra sales can be won.")
    npv, payback, cost = kpis(at, "npv")[0], kpis(at, "payback")[0], kpis(at, "investment")[0]
    ok(at.button(key="rec.apply.1").click().run())
    [saved] = at.session_state["scenarios"]
    assert saved["profile"]["projected_sales"] == {"express_en": "30000", "ucs": "150000"}
    assert "adv_ucs" in saved["profile"]["specializations"]
    ok(at.switch_page("pages/compare.py").run())
    assert compare_row(at, "Net present value of its changes")[1] == "+" + npv
    assert compare_row(at, "Payback of its changes")[1] == payback
    assert compare_row(at, "Cost of its changes")[1] == cost


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "The plans start from the inputs on the Advisor, which differ from Voorbeeld Netwerken BV as loaded"),
    ("nl", "De plannen gaan uit van de invoer op de Adviseur, die afwijkt van Voorbeeld Netwerken BV zoals geladen"),
])
def test_plans_of_a_changed_what_if_say_that_compare_values_them_with_those_changes(lang: str, said: str) -> None:
    """With the hourly cost changed on the Advisor, a plan is valued here at the new cost and on Compare,
    with that change, against the partner as loaded: the page says so instead of two figures disagreeing."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    loaded = sample("voorbeeld_netwerken")
    at.session_state["baseline"] = loaded
    at.session_state["profile"] = {**loaded, "assumptions": {**loaded["assumptions"], "hourly_cost": "120"}}
    ok(at.run())
    ok(at.switch_page("pages/recommendations.py").run())
    assert any(c.value.startswith(said) for c in at.caption)


@pytest.mark.parametrize(("lang", "late"), [
    ("en", "takes about 6 months, enrolment closed on 28 Mar 2015: counts from the next period"),
    ("nl", "duurt ongeveer 6 maanden, de inschrijving is gesloten op 28 mrt 2015: telt pas vanaf de volgende periode"),
])
def test_a_plan_after_enrolment_has_closed_says_so_never_nothing_left(lang: str, late: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    after = {**sample("voorbeeld_netwerken"), "as_of": "2015-04-01"}
    at.session_state["profile"] = after
    at.session_state["baseline"] = after
    ok(at.run())
    ok(at.switch_page("pages/recommendations.py").run())
    reasons = " ".join(m.value for m in at.markdown)
    assert late in reasons.replace("\\", "")
    assert " 0 left" not in reasons and "nog 0 over" not in reasons
