"""Enrolment windows, late enrolment and the payment lag: the words they are said in, the rules that
refuse a malformed window, and what the lag does to payback and NPV whatever the figures."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from factories import assessed, edition
from vip.calc.engine import return_over_horizon
from vip.calc.recommend import recommend
from vip.calc.results import Investment
from vip.model.edition import Period
from vip.present import charts
from vip.present.explain import Fmt, gap_message
from vip.present.plans import next_step_text
from vip.present.words import Lang

LATE: dict[str, Any] = {"edition": "VIP26", "country": "NL", "period": "6-month", "specializations": ["adv_core_wan"],
                        "enrolled": [], "csat_responses": 10}


def enrolment_words(lang: Lang, **fields: Any) -> str:
    a = assessed(**(LATE | fields))
    s = a.subtrack("core_wan")
    gap = next(g for g in s.gaps if g.kind == "enrollment")
    return gap_message(gap, s.name, a.edition, Fmt(lang))


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Enrol in Core and WAN Services in PPE now (enrolment closed on 26 Sep 2015): the bookings from "
           "24 Oct 2015 on count, 51% of the period"),
    ("nl", "Schrijf je nu in voor Core and WAN Services in PPE (de inschrijving is gesloten op 26 sep 2015): de "
           "boekingen vanaf 24 okt 2015 tellen mee, 51% van de periode"),
])
def test_a_late_enrolment_says_from_which_day_the_bookings_count(lang: Lang, said: str) -> None:
    assert enrolment_words(lang, projected_sales={"core_wan": 200000}, as_of="2015-10-24") == said


def test_a_late_enrolment_with_too_few_bookings_left_says_it_counts_from_the_next_period() -> None:
    said = enrolment_words("en", projected_sales={"core_wan": 140000}, as_of="2015-10-24")
    assert said.startswith("Enrol in Core and WAN Services in PPE for the next period (enrolment closed on 26 Sep")
    assert "only the bookings from 24 Oct 2015 on would count (51% of the period), too few for the minimum" in said


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Enrol in Core and WAN Services in PPE once enrolment opens on 3 Aug 2015, before enrolment closes on "
           "26 Sep 2015"),
    ("nl", "Schrijf je in voor Core and WAN Services in PPE zodra de inschrijving opent op 3 aug 2015, voordat de "
           "inschrijving sluit op 26 sep 2015"),
])
def test_before_the_window_opens_the_gap_says_when_it_opens(lang: Lang, said: str) -> None:
    assert enrolment_words(lang, projected_sales={"core_wan": 200000}, as_of="2015-07-28") == said


def test_once_the_window_is_open_the_gap_reads_as_before() -> None:
    said = enrolment_words("en", projected_sales={"core_wan": 200000}, as_of="2015-08-03")
    assert said == "Enrol in Core and WAN Services in PPE before enrolment closes on 26 Sep 2015"


def test_vip25_forfeits_the_period_of_a_late_enrolment() -> None:
    a = assessed(country="NL", period="6-month", specializations=["adv_ucs"], enrolled=[],
                 projected_sales={"ucs": 100000}, as_of="2015-04-01")
    gap = next(g for g in a.subtrack("ucs").gaps if g.kind == "enrollment")
    assert (gap.attainable, gap.counts_from, gap.share) == (False, None, 1)
    assert a.roi.incremental[0] == 0


def test_the_next_step_of_a_late_enrolment_is_to_enrol_now_counting_from_today() -> None:
    a = assessed(**(LATE | {"projected_sales": {"core_wan": 200000}, "as_of": "2015-10-24"}))
    rec = recommend(a.profile, a.edition)
    assert rec.next_step is not None and rec.next_step.now
    said = next_step_text(rec.next_step, a.edition, Fmt("en"))
    assert "Enrol in Core and WAN Services in PPE now (enrolment closed on 26 Sep 2015; the bookings from 24 Oct " \
           "2015 on count, 51% of the period)" in said


def test_a_window_that_opens_after_it_closes_is_refused() -> None:
    with pytest.raises(ValidationError, match="enrollment_window"):
        Period.model_validate({"id": "p", "name": "P", "months": 6, "start": "2015-01-25", "end": "2015-07-25",
                               "enrollment_opens": "2015-04-01", "enrollment_closes": "2015-03-28",
                               "illustrative": True})


def test_the_cash_chart_says_when_the_rebate_comes_in_only_where_it_is_late() -> None:
    late = assessed(**(LATE | {"projected_sales": {"core_wan": 200000}, "as_of": "2015-08-03"}))
    assert charts.cash(late.roi, Fmt("en")).paid == "Each period's rebate comes in 3 months after the period ends"
    assert charts.cash(late.roi, Fmt("nl")).paid == ("De rebate van elke periode komt 3 maanden na het einde van "
                                                     "de periode binnen")
    at_end = assessed(country="NL", period="6-month", specializations=["adv_ucs"], enrolled=["ucs"],
                      projected_sales={"ucs": 100000})
    assert at_end.edition.payment is not None and at_end.edition.payment.lag_months == 0
    assert charts.cash(at_end.roi, Fmt("en")).paid == ""


def test_the_shipped_editions_say_where_their_timing_comes_from() -> None:
    for e in (edition("VIP25"), edition("VIP26")):
        assert e.payment is not None and e.payment.illustrative
        assert e.late_enrollment is not None and e.late_enrollment.illustrative
    assert edition("VIP26").period_by_id["6-month"].enrollment_opens == date(2015, 8, 3)


money = st.integers(0, 60000).map(Decimal)


@settings(max_examples=200, deadline=None)
@given(first=money, steady=money, one_off=money, renewal=st.integers(0, 8000).map(Decimal),
       horizon=st.integers(1, 8), months=st.sampled_from([3, 6]), lag=st.integers(0, 12),
       discount=st.sampled_from([Decimal(0), Decimal("0.08"), Decimal("0.3")]))
def test_paying_later_never_raises_the_npv_nor_brings_the_payback_forward(
    first: Decimal, steady: Decimal, one_off: Decimal, renewal: Decimal, horizon: int, months: int, lag: int,
    discount: Decimal,
) -> None:
    inv = Investment((), (), (), one_off, 0, one_off, renewal)
    now = return_over_horizon(first, steady, inv, horizon, months, discount)
    later = return_over_horizon(first, steady, inv, horizon, months, discount, lag_months=lag)
    assert later.npv <= now.npv + Decimal("0.01")
    assert later.roi == now.roi  # undiscounted: what is earned, not when it comes in
    assert later.incremental == now.incremental
    if now.payback_periods is None:
        assert later.payback_periods is None
    elif later.payback_periods is not None:
        assert later.payback_periods >= now.payback_periods
        # At most the lag later, plus the renewals paid while the money is on its way.
        assert later.payback_periods <= now.payback_periods + Decimal(lag) / months + Decimal("0.01") or renewal > 0
    assert return_over_horizon(first, steady, inv, horizon, months, discount, lag_months=0) == now


def test_the_program_page_shows_the_window_the_late_enrolment_policy_and_the_payment_lag() -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.context["locale"] = "en-US"
    at = at.run().switch_page("pages/program.py").run()
    at.selectbox(key="set.program_edition").set_value("VIP26").run()
    assert not at.exception
    parts = [h.value for h in at.html] + [m.value for m in at.markdown] + [c.value for c in at.caption]
    page = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", " ".join(parts))).replace("\xa0", " "))
    assert "Enrolment opens" in page and "3 Aug 2015" in page
    assert "Enrolling after enrolment closes bookings count from the enrolment date *" in page
    assert "Rebate paid after the period ends 3 months *" in page
