"""The assessment engine, piece by piece: holdings, gaps, rebate lines, costing, investment and return."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from factories import ROOT, assessed, edition, editions, profile, sample_paths, with_subtrack
from vip.calc.costing import Costing
from vip.calc.engine import assess, held_authorizations, months_between, rebate_lines, return_over_horizon
from vip.calc.results import AuthorizationGap, CertificationGap, Cost, Investment, earned_in_time, overdue
from vip.calc.scenario import compare, derive
from vip.io.rules import load_profile
from vip.model.edition import Edition, Requirement
from vip.present.explain import Fmt, gap_message, payback_words, roi_words
from vip.present.output import assessment_dict, assessment_text

ZERO = Decimal(0)

# --- the core stands alone ---------------------------------------------------------------------


def test_importing_the_core_does_not_import_streamlit() -> None:
    code = (
        "import importlib, pkgutil, sys, vip\n"
        "names = [m.name for m in pkgutil.walk_packages(vip.__path__, 'vip.') if m.name != 'vip.__main__']\n"
        "for name in names: importlib.import_module(name)\n"
        "print(len(names) > 20, 'streamlit' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "True False"  # every module of the core imported, streamlit not


# --- time --------------------------------------------------------------------------------------


def test_months_between_counts_days_over_the_mean_month_unrounded() -> None:
    assert months_between(date(2015, 1, 25), date(2015, 3, 28)) == Decimal(62) / Decimal("30.4375")  # 2.037
    assert months_between(date(2015, 1, 25), date(2015, 7, 25)) == Decimal(181) / Decimal("30.4375")  # 5.947
    assert months_between(date(2015, 4, 1), date(2015, 3, 28)) == Decimal(-4) / Decimal("30.4375")  # −0.131
    assert months_between(date(2015, 4, 26), date(2015, 7, 25)) < 3  # 90 days: 2.957, which rounds to 3.0


def test_a_3_month_earn_is_in_time_from_92_days_before_its_deadline_not_91() -> None:
    # 3 × 30.4375 = 91.3125 days: compared unrounded, 91 days (2.990 months) are too few
    assert earned_in_time(3, months_between(date(2015, 4, 24), date(2015, 7, 25)))
    assert not earned_in_time(3, months_between(date(2015, 4, 25), date(2015, 7, 25)))


@pytest.mark.parametrize(("day", "late"), [
    (date(2015, 3, 27), False), (date(2015, 3, 28), False), (date(2015, 3, 29), True), (date(2015, 4, 1), True),
])
def test_a_deadline_is_overdue_from_the_day_after_it_though_the_months_round_to_zero(day: date, late: bool) -> None:
    assert overdue(months_between(day, date(2015, 3, 28))) is late


@pytest.mark.parametrize(("as_of", "open_"), [("2015-03-28", True), ("2015-03-29", False)])
def test_enrolment_can_be_done_on_the_day_it_closes_and_not_the_day_after(as_of: str, open_: bool) -> None:
    # the day after is −0.0 months away: by the rounded months alone it looked still open
    a = assessed(specializations=["adv_ucs"], projected_sales={"ucs": 100000}, as_of=as_of)
    (gap,) = a.subtrack("ucs").gaps
    assert (gap.kind, gap.attainable) == ("enrollment", open_)
    assert a.roi.incremental[0] == (8000 if open_ else 0)


def test_what_takes_no_time_cannot_be_earned_once_its_deadline_has_gone_by() -> None:
    assert earned_in_time(0, Decimal(0)) and not earned_in_time(0, Decimal(-1) / Decimal("30.4375"))
    assert earned_in_time(6, Decimal("6.0")) and not earned_in_time(6, Decimal("5.99"))


# --- what the partner holds ----------------------------------------------------------------------


def test_gold_brings_its_implied_specializations_but_not_those_held_already() -> None:
    held, implied = held_authorizations(
        profile(certification="gold", specializations=["express_foundation", "adv_ucs"]), edition()
    )
    assert "express_foundation" not in implied
    assert {"adv_en_architecture", "adv_collaboration"} <= set(implied)
    assert {"express_foundation", "adv_ucs", "adv_security"} <= held


def test_premier_implies_nothing() -> None:
    held, implied = held_authorizations(profile(specializations=["express_foundation"]), edition())
    assert implied == ()
    assert held == {"express_foundation"}


def test_a_requirement_met_through_the_gold_level_is_marked_implied() -> None:
    a = assessed(certification="gold", enrolled=["network_security"], projected_sales={"network_security": 50000})
    outcome = a.subtrack("network_security").outcomes[0]
    assert (outcome.met_by, outcome.implied, outcome.gap) == ("adv_security", True, None)


def test_a_level_only_requirement_is_met_by_that_level_or_a_higher_one() -> None:
    e = with_subtrack(edition(), "express_en", requires=(Requirement(any_of=("premier",), due="enrollment"),))
    sales = {"express_en": 30000}
    for level, met in (("select", None), ("premier", "premier"), ("gold", "premier")):
        p = profile(certification=level, enrolled=["express_en"], projected_sales=sales)
        s = assess(p, e).subtrack("express_en")
        assert s.outcomes[0].met_by == met, level
        assert s.eligible == (met is not None)


def test_a_missing_level_is_a_certification_gap_that_cannot_be_bought() -> None:
    e = with_subtrack(edition(), "express_en", requires=(Requirement(any_of=("gold",), due="enrollment"),))
    a = assess(profile(enrolled=["express_en"], projected_sales={"express_en": 30000}), e)
    (gap,) = a.subtrack("express_en").gaps
    assert isinstance(gap, CertificationGap)  # it carries no cost: the rules give none for a level
    assert (gap.kind, gap.missing_any_of, gap.attainable) == ("certification", ("gold",), False)
    assert a.investment.authorizations == ()
    assert a.potential_rebate == 0  # no action reaches a level: its rebate is not counted as within reach
    assert (a.investment.one_off, a.roi.npv, a.roi.payback_periods) == (0, 0, None)


# --- gaps ----------------------------------------------------------------------------------------


def test_an_authorisation_gap_says_the_cheapest_way_its_cost_and_the_time_it_takes() -> None:
    a = assessed(enrolled=["emerging_dc"], projected_sales={"emerging_dc": 40000})
    (gap,) = a.subtrack("emerging_dc").gaps
    assert isinstance(gap, AuthorizationGap) and gap.due == "period_end"
    assert gap.deadline == date(2015, 7, 25)
    assert gap.missing_any_of == ("atp_aci", "atp_invicta")
    assert gap.cheapest == "atp_invicta"
    assert gap.cost == Cost(total=22400, cash=2000, hours=240)  # with one new SE: 1250 + 750; 80 + 160 h
    assert (gap.months_to_earn, gap.months_left, gap.attainable) == (2, Decimal(181) / Decimal("30.4375"), True)


def slow_invicta() -> Edition:
    """VIP 25 with ATP Invicta, the cheaper way to close Emerging DC's gap, taking 5 months (ACI: 3)."""
    base = edition()
    slow = tuple(
        a.model_copy(update={"months_to_earn": a.months_to_earn.model_copy(update={"value": 5})})
        if a.id == "atp_invicta" else a
        for a in base.authorizations
    )
    return base.model_copy(update={"authorizations": slow})


@pytest.mark.parametrize(
    ("as_of", "cheapest", "months", "attainable"),
    [
        (date(2015, 3, 25), "atp_aci", 3, True),  # 4 months left: only ACI is in time, and it is bought
        (date(2015, 5, 25), "atp_invicta", 3, False),  # 2 months left: neither is; the cheapest is bought
    ],
)
def test_a_gap_that_can_be_closed_in_time_is_costed_and_bought_the_way_that_is_in_time(
    as_of: date, cheapest: str, months: int, attainable: bool
) -> None:
    # ACI and Invicta products: each line opens only with its own ATP, so both are bought
    sales = {"emerging_dc": {"aci": 20000, "invicta": 20000}}
    made = profile(enrolled=["emerging_dc"], projected_sales=sales, as_of=as_of.isoformat())
    a = assess(made, slow_invicta())
    (gap,) = a.subtrack("emerging_dc").gaps
    assert isinstance(gap, AuthorizationGap)
    assert (gap.cheapest, gap.months_to_earn, gap.attainable) == (cheapest, months, attainable)
    assert a.investment.authorizations == ("atp_aci", "atp_invicta")
    # The first period's gain counts the subtrack (here its ACI line) only when what is bought is in time.
    assert (a.roi.incremental[0] > 0) == attainable


def test_an_enrolment_gap_is_due_when_enrolment_closes() -> None:
    a = assessed(projected_sales={"ucs": 1})
    (gap, volume) = a.subtrack("ucs").gaps[0], a.subtrack("ucs").gaps[-1]
    assert (gap.kind, gap.deadline, gap.attainable) == ("enrollment", date(2015, 3, 28), True)
    assert (volume.kind, volume.shortfall) == ("volume", 57499)


def test_missing_csats_put_the_same_gap_on_every_subtrack() -> None:
    a = assessed(csat_responses=7)
    assert all(any(g.kind == "csat" and g.shortfall == 3 for g in s.gaps) for s in a.subtracks)


def test_csat_hours_count_only_when_some_subtrack_would_become_eligible() -> None:
    assert assessed(csat_responses=7).investment.one_off == 0
    a = assessed(csat_responses=7, specializations=["adv_ucs"], enrolled=["ucs"], projected_sales={"ucs": 60000})
    assert a.investment.hours == 6  # 3 surveys × 2 hours
    assert [x.kind for x in a.investment.lines] == ["csat"]


@pytest.mark.parametrize(("fields", "status"), [
    ({"specializations": ["adv_ucs"], "enrolled": ["ucs"], "projected_sales": {"ucs": 60000}}, "eligible"),
    ({"specializations": ["adv_ucs"], "projected_sales": {"ucs": 60000}}, "not_enrolled"),
    ({"enrolled": ["ucs"], "projected_sales": {"ucs": 60000}}, "gap_enrollment"),
    ({"specializations": ["adv_ucs"], "enrolled": ["ucs"], "projected_sales": {"ucs": 50000}}, "gap_period_end"),
])
def test_the_status_names_the_earliest_deadline(fields: dict[str, object], status: str) -> None:
    assert assessed(**fields).subtrack("ucs").status == status


def test_a_subtrack_is_eligible_exactly_when_it_has_no_gap() -> None:
    for path in sample_paths():
        a = assess(*load_profile(path, editions()))
        for s in a.subtracks:
            assert s.eligible == (not s.gaps), (path.name, s.id)


# --- rebate ------------------------------------------------------------------------------------


def test_one_sales_figure_is_one_line_at_the_subtrack_rate() -> None:
    e = edition()
    (line,) = rebate_lines(e.subtrack_by_id["ucs"], profile(projected_sales={"ucs": 150000}))
    assert (line.family, line.base, line.rate, line.amount) == (None, 150000, Decimal("0.08"), 12000)


def test_no_sales_is_a_zero_line() -> None:
    (line,) = rebate_lines(edition().subtrack_by_id["iot"], profile())
    assert line.amount == 0


def test_an_ineligible_subtrack_keeps_its_lines_but_pays_nothing() -> None:
    s = assessed(enrolled=["ucs"], projected_sales={"ucs": 150000}).subtrack("ucs")
    assert s.lines[0].amount == 12000
    assert (s.estimated_rebate, s.potential_rebate) == (0, 12000)


def test_the_rebate_is_the_sum_of_the_eligible_subtracks() -> None:
    a = assess(*load_profile(ROOT / "sample_data" / "rheinland_gold.yaml", editions()))
    assert a.estimated_rebate == sum(s.estimated_rebate for s in a.subtracks) + sum(b.estimated for b in a.bonuses)
    assert a.potential_rebate == sum(s.potential_rebate for s in a.subtracks) + sum(b.potential for b in a.bonuses)


# --- costing -----------------------------------------------------------------------------------


def costing(**fields: object) -> Costing:
    return Costing.of(edition(), profile(**fields), Decimal(85))


def test_a_new_person_fills_up_to_the_role_limit() -> None:
    c = costing()
    # adv_en_architecture: AM 1, SE 2, FE 2; adv_dc_architecture the same: SE 4 → 2 people, FE 4 → 2
    assert c.new_people(["adv_en_architecture", "adv_dc_architecture"]) == {"AM": 1, "SE": 2, "FE": 2}
    assert c.new_people(["atp_invicta"]) == {"SE": 1}


def test_spare_capacity_of_existing_staff_comes_first() -> None:
    c = costing(staff=[{"role": "SE", "covers": ["express_foundation"]}, {"role": "AM", "covers": []}])
    # the SE has one slot left, the AM four
    assert c.new_people(["adv_ucs"]) == {"FE": 1}
    assert c.new_people(["adv_ucs", "atp_invicta"]) == {"SE": 1, "FE": 1}


def test_the_cost_of_a_set_counts_shared_people_once() -> None:
    c = costing()
    together = c.cost(frozenset({"adv_core_wan", "adv_ucs"}))[0]
    apart = c.cost(frozenset({"adv_core_wan"}))[0] + c.cost(frozenset({"adv_ucs"}))[0]
    # apart: a new AM, SE and FE each; together: the same three people cover both
    assert apart - together == 150 + 750 + 295 + (40 + 160 + 80) * 85
    assert c.cost(frozenset()) == (0, 0, 0)


def test_the_cost_is_cash_plus_hours_at_the_hourly_cost() -> None:
    total, cash, hours = costing(staff=[{"role": "AM"}, {"role": "SE"}, {"role": "FE"}]).cost(frozenset({"adv_ucs"}))
    assert (cash, hours) == (8625, 320)  # exams 125 + 250 + 250, 80 learning credits × 100
    assert total == 8625 + 320 * 85


def brute_force_cover(c: Costing, groups: list[frozenset[str]]) -> Decimal:
    ids = sorted(set().union(*groups))
    best = None
    for n in range(len(ids) + 1):
        for chosen in itertools.combinations(ids, n):
            if all(g & set(chosen) for g in groups):
                cost = c.cost(frozenset(chosen))[0]
                best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@pytest.mark.parametrize("groups", [
    [{"adv_core_wan", "adv_en_architecture"}, {"adv_unified_access", "adv_en_architecture"}],
    [{"adv_core_wan", "adv_en_architecture"}, {"adv_en_architecture"}],
    [{"atp_aci", "atp_invicta"}, {"adv_ucs"}, {"atp_telepresence_video_master"}],
    [{"express_collaboration", "adv_collaboration"}, {"adv_collaboration"}, {"express_foundation", "adv_security"}],
    [{"adv_core_wan", "adv_unified_access", "adv_en_architecture"}, {"adv_dc_architecture", "adv_ucs"},
     {"atp_ise", "adv_security"}, {"express_foundation", "adv_core_wan"}],
])
def test_the_cheapest_cover_is_the_cheapest_of_every_cover(groups: list[set[str]]) -> None:
    sets = [frozenset(g) for g in groups]
    for staff in ([], [{"role": "SE"}], [{"role": "AM"}, {"role": "FE"}, {"role": "SE", "covers": ["adv_ucs"]}]):
        c = costing(staff=staff)
        chosen = c.cheapest_cover(sets)
        assert all(g & chosen for g in sets)
        assert c.cost(chosen)[0] == brute_force_cover(c, sets)


def test_nothing_to_cover_costs_nothing() -> None:
    assert costing().cheapest_cover([]) == frozenset()


def test_the_investment_lists_exams_training_hours_and_new_people() -> None:
    inv = costing().investment(frozenset({"atp_ise"}), csat_shortfall=2)
    kinds = [(x.kind, x.label, x.cash, x.hours) for x in inv.lines]
    assert kinds == [
        ("exam", "ISE specialist exam", 250, 0),
        ("exam", "ATP programme fee", 500, 0),
        ("training", "training", 1500, 0),
        ("staff_hours", "staff hours", 0, 120),
        ("new_person", "1 × SE", 750, 160),
        ("csat", "2 × CSAT", 0, 4),
    ]
    assert (inv.cash, inv.hours, inv.one_off, inv.renewal_per_year) == (3000, 284, 3000 + 284 * 85, 800)


# --- return ------------------------------------------------------------------------------------


def investment(one_off: int, renewal_per_year: int = 0) -> Investment:
    return Investment((), (), (), Decimal(one_off), 0, Decimal(one_off), Decimal(renewal_per_year))


def test_payback_is_interpolated_within_the_period() -> None:
    r = return_over_horizon(Decimal(1000), Decimal(1000), investment(1500), 4, 6, Decimal("0.08"))
    assert r.cumulative == (-1500, -500, 500, 1500, 2500)
    assert r.payback_periods == Decimal("1.50")
    assert r.roi == Decimal("1.6667")  # (4000 − 1500) / 1500


def test_payback_beyond_the_horizon_is_extrapolated_at_the_steady_net_gain() -> None:
    r = return_over_horizon(ZERO, Decimal(1000), investment(5000, renewal_per_year=400), 2, 6, Decimal("0.08"))
    # renewals 200 a period: C = −5000, −5200, −4400; then 800 a period: 2 + 4400 / 800
    assert r.payback_periods == Decimal("7.50")


def test_no_payback_when_renewals_eat_the_gain() -> None:
    r = return_over_horizon(Decimal(100), Decimal(100), investment(1000, renewal_per_year=400), 4, 6, Decimal("0.08"))
    assert r.payback_periods is None
    assert r.roi == Decimal("-0.7778")  # renewals 200 a period: (400 − 1000 − 800) / (1000 + 800)
    assert r.npv < -1000


def test_no_payback_and_no_roi_when_nothing_is_gained_or_spent() -> None:
    r = return_over_horizon(ZERO, ZERO, investment(0), 4, 6, Decimal("0.08"))
    assert (r.payback_periods, r.roi, r.npv) == (None, None, 0)


def test_npv_discounts_each_period_at_the_per_period_rate() -> None:
    r = return_over_horizon(Decimal(1080), Decimal(1080), investment(1000), 2, 12, Decimal("0.08"))
    # a yearly period at 8%: −1000 + 1080 / 1.08 + 1080 / 1.08² = −1000 + 1000 + 925.93
    assert r.npv == Decimal("925.93")


# --- purity, scenarios and output --------------------------------------------------------------


def test_assessing_twice_gives_the_same_result_and_leaves_the_profile_alone() -> None:
    p = profile(enrolled=["ucs", "core_wan"], projected_sales={"ucs": 150000, "core_wan": 80000},
                staff=[{"role": "SE", "covers": []}])
    before = p.model_dump()
    first, second = assess(p, edition()), assess(p, edition())
    assert first == second
    assert p.model_dump() == before


def test_a_scenario_with_the_missing_specialization_closes_the_gap() -> None:
    base, e = load_profile(ROOT / "sample_data" / "voorbeeld_netwerken.yaml", editions())
    whatif, _ = derive(base, editions(), specializations=["express_foundation", "adv_ucs"])
    diff = compare(assess(base, e), assess(whatif, e))
    assert diff.inputs == (("specializations", ["express_foundation"], ["express_foundation", "adv_ucs"]),)
    ucs = next(s for s in diff.subtracks if s.id == "ucs")
    assert ucs.eligible == (False, True)
    assert ucs.estimated_rebate.change == 12000
    assert diff.estimated_rebate.change == 12000
    assert diff.investment.change == -35825
    assert base.specializations == ("express_foundation",)


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_every_sample_assessment_renders_as_json_and_text(path: Path) -> None:
    a = assess(*load_profile(path, editions()))
    data = json.loads(json.dumps(assessment_dict(a)))
    assert Decimal(str(data["totals"]["estimated_rebate"])) == a.estimated_rebate
    assert [s["id"] for s in data["subtracks"]] == [s.id for s in a.subtracks]
    assert a.profile.partner in assessment_text(a)


def test_a_volume_gap_reads_in_english_and_dutch() -> None:
    a = assessed(specializations=["adv_ucs"], enrolled=["ucs"], projected_sales={"ucs": 40000})
    (gap,) = a.subtrack("ucs").gaps
    assert gap_message(gap, "UCS", a.edition, Fmt("en")) == "Book USD\xa017,500 more UCS by 25 Jul 2015"
    assert gap_message(gap, "UCS", a.edition, Fmt("nl")).startswith("Boek nog USD")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Enrol in UCS in PPE for the next period (enrolment closed on 28 Mar 2015)",
            "Earn Advanced Unified Computing Technology or Advanced Data Center Architecture (enrolment closed on "
            "28 Mar 2015), or be Gold Certified: about USD\xa09,820 and 600 staff hours (Advanced Unified Computing "
            "Technology); takes about 6 months: counts from the next period"]),
    ("nl", ["Schrijf je in voor UCS in PPE voor de volgende periode (de inschrijving is gesloten op 28 mrt 2015)",
            "Behaal Advanced Unified Computing Technology of Advanced Data Center Architecture (de inschrijving is "
            "gesloten op 28 mrt 2015), of zorg dat je Gold Certified bent: ongeveer USD\xa09.820 en 600 uur "
            "personeelsinzet (Advanced Unified Computing Technology); duurt ongeveer 6 maanden: telt pas vanaf de "
            "volgende periode"]),
])
def test_a_deadline_gone_by_reads_as_closed_in_english_and_dutch(lang: str, words: list[str]) -> None:
    a = assessed(projected_sales={"ucs": 100000}, as_of="2015-03-29")
    said = [gap_message(g, "UCS", a.edition, Fmt(lang)) for g in a.subtrack("ucs").gaps]
    assert said == words
    assert not any(" 0 left" in x or "nog 0 over" in x or "-0" in x for x in said)


@pytest.mark.parametrize(("as_of", "en", "nl"), [
    ("2015-03-01", "takes about 6 months, less than a month left", "duurt ongeveer 6 maanden, nog geen maand over"),
    ("2015-01-25", "takes about 6 months, 2 left", "duurt ongeveer 6 maanden, nog 2 over"),
])
def test_the_time_left_before_a_deadline_is_never_zero(as_of: str, en: str, nl: str) -> None:
    a = assessed(enrolled=["ucs"], projected_sales={"ucs": 100000}, as_of=as_of)
    (gap,) = a.subtrack("ucs").gaps
    assert en in gap_message(gap, "UCS", a.edition, Fmt("en"))
    assert nl in gap_message(gap, "UCS", a.edition, Fmt("nl"))


def test_a_month_to_earn_is_one_month_not_one_months() -> None:
    a = assessed(enrolled=["ucs"], projected_sales={"ucs": 100000}, as_of="2015-03-29")
    (gap,) = a.subtrack("ucs").gaps
    one = gap._replace(months_to_earn=1)
    assert gap_message(one, "UCS", a.edition, Fmt("en")).endswith("takes about 1 month: counts from the next period")
    assert gap_message(one, "UCS", a.edition, Fmt("nl")).endswith("duurt ongeveer 1 maand: telt pas vanaf de volgende "
                                                                    "periode")


@pytest.mark.parametrize(("first", "steady", "cost", "en", "nl"), [
    (Decimal(1000), Decimal(1000), 2000, ("2 periods", "≈ 12 months"), ("2 perioden", "≈ 12 maanden")),
    (Decimal(1000), Decimal(1000), 2500, ("2.5 periods", "≈ 15 months"), ("2,5 perioden", "≈ 15 maanden")),
    (Decimal(1000), Decimal(1000), 1000, ("within the first period", "≈ 6 months"),
     ("binnen de eerste periode", "≈ 6 maanden")),
    (Decimal(30000), Decimal(30000), 680, ("within the first period", "within a month"),
     ("binnen de eerste periode", "binnen een maand")),
    (Decimal(1000), Decimal(1000), 0, ("at once", "nothing is spent up front"), ("direct", "er gaat vooraf niets uit")),
    (ZERO, ZERO, 1000, ("does not pay back", ""), ("verdient zich niet terug", "")),
    (ZERO, ZERO, 0, ("—", "nothing to invest"), ("—", "niets te investeren")),
])
def test_a_payback_reads_as_a_person_says_it(first: Decimal, steady: Decimal, cost: int, en: tuple[str, str],
                                             nl: tuple[str, str]) -> None:
    inv = investment(cost)
    r = return_over_horizon(first, steady, inv, 4, 6, Decimal("0.08"))
    assert payback_words(inv, r, Fmt("en")) == en
    assert payback_words(inv, r, Fmt("nl")) == nl


def test_a_payback_of_a_little_over_one_period_is_one_period() -> None:
    inv = investment(1040)
    r = return_over_horizon(Decimal(1000), Decimal(1000), inv, 4, 6, Decimal("0.08"))
    assert payback_words(inv, r, Fmt("en"))[0] == "1 period" and payback_words(inv, r, Fmt("nl"))[0] == "1 periode"


def test_the_roi_of_a_spend_below_the_threshold_is_not_shown_and_says_why() -> None:
    small = return_over_horizon(Decimal(25000), Decimal(25000), investment(680), 4, 6, Decimal("0.08"))
    assert small.roi is not None and small.roi > 100  # +14,600%: a figure that says little
    assert roi_words(small, Fmt("en")) == "not shown: less than USD\xa01,000 is spent"
    assert roi_words(small, Fmt("nl")) == "niet getoond: er gaat minder dan USD\xa01.000 uit"
    # renewals count in the spend as they do in the ROI
    renewed = return_over_horizon(Decimal(2000), Decimal(2000), investment(500, renewal_per_year=400), 4, 6,
                                  Decimal("0.08"))
    assert renewed.spend == 1300 and roi_words(renewed, Fmt("en")) == "+515.4%"
    assert roi_words(return_over_horizon(ZERO, ZERO, investment(0), 4, 6, Decimal("0.08")), Fmt("en")) is None
