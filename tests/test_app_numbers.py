"""Numbers typed the way a Dutch or English user types them are read right, shown back the same way,
and a malformed one is refused with one line while the previous value stays (AppTest)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from factories import ROOT, field, shown
from vip.present.words import Lang

APP = str(ROOT / "app.py")


def app(locale: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.context["locale"] = locale
    return at.run()


def sales(at: AppTest) -> Decimal:
    return Decimal(str(at.session_state["profile"]["projected_sales"]["ucs"]))


@pytest.mark.parametrize(
    ("locale", "typed", "value", "echo"),
    [
        ("nl-NL", "45.000", Decimal(45000), "45.000"),
        ("nl-NL", "45.000,50", Decimal("45000.50"), "45.000,50"),
        ("nl-NL", "45000,50", Decimal("45000.50"), "45.000,50"),
        ("nl-NL", "45000", Decimal(45000), "45.000"),
        ("en-US", "45,000.50", Decimal("45000.50"), "45,000.50"),
        ("en-US", "45000", Decimal(45000), "45,000"),
    ],
)
def test_sales_typed_in_the_users_language_are_read_and_shown_back_the_same_way(
        locale: str, typed: str, value: Decimal, echo: str) -> None:
    at = app(locale)
    field(at, "in.sales.ucs").input(typed).run()
    assert not at.exception and not at.error
    assert sales(at) == value
    assert field(at, "in.sales.ucs").value == echo


@pytest.mark.parametrize(
    ("locale", "typed", "expected"),
    [
        ("nl-NL", "45.00.0", "typ het bijvoorbeeld als 45.000,50"),
        ("nl-NL", "1,2,3", "typ het bijvoorbeeld als 45.000,50"),
        ("nl-NL", "45,000.50", "typ het bijvoorbeeld als 45.000,50"),
        ("en-US", "45.00.0", "type it as, for example, 45,000.50"),
        ("en-US", "1,2,3", "type it as, for example, 45,000.50"),
        ("en-US", "0,95", "type it as, for example, 45,000.50"),
        ("en-US", "-5", "expected 0 or more"),
    ],
)
def test_a_malformed_or_ambiguous_figure_is_refused_with_one_line_and_the_value_stays(
        locale: str, typed: str, expected: str) -> None:
    at = app(locale)
    before, shown_before = sales(at), field(at, "in.sales.ucs").value
    field(at, "in.sales.ucs").input(typed).run()
    assert not at.exception
    assert len(at.error) == 1 and expected in at.error[0].value and repr(typed) in at.error[0].value
    assert sales(at) == before
    assert field(at, "in.sales.ucs").value == shown_before


def test_a_dutch_exchange_rate_with_a_decimal_comma_is_not_read_as_a_hundred_times_more() -> None:
    at = app("nl-NL")
    at.segmented_control(key="set.currency").set_value("EUR").run()
    field(at, "set.eur_per_usd").input("0,95").run()
    assert not at.exception and not at.error
    assert at.session_state["eur_per_usd"] == pytest.approx(0.95)
    assert field(at, "set.eur_per_usd").value == "0,95"


def test_switching_language_shows_each_figure_in_the_new_languages_format() -> None:
    at = app("nl-NL")
    field(at, "in.sales.ucs").input("45.000,50").run()
    at.segmented_control(key="set.lang").set_value("en").run()
    assert field(at, "in.sales.ucs").value == "45,000.50"
    assert shown(at, "in.sales.ucs") == Decimal("45000.50")


def test_counts_take_whole_numbers_only() -> None:
    at = app("nl-NL")
    at.session_state["open.certification"] = True
    at.run()
    before = at.session_state["profile"]["csat_responses"]
    field(at, "in.csat").input("2,5").run()
    assert len(at.error) == 1 and "verwacht een heel getal" in at.error[0].value
    assert at.session_state["profile"]["csat_responses"] == before
    field(at, "in.csat").input("12").run()
    assert at.session_state["profile"]["csat_responses"] == 12


@pytest.mark.parametrize(("lang", "typed", "day"), [
    ("nl", "28-3-2015", "2015-03-28"), ("nl", "28.03.2015", "2015-03-28"), ("nl", "28 mrt 2015", "2015-03-28"),
    ("nl", "2015-03-28", "2015-03-28"), ("nl", "3/28/2015", "2015-03-28"), ("nl", "1-4-2015", "2015-04-01"),
    ("en", "28 Mar 2015", "2015-03-28"), ("en", "2015-03-28", "2015-03-28"), ("en", "28/3/2015", "2015-03-28"),
    ("en", "3/28/2015", "2015-03-28"), ("en", "4/4/2015", "2015-04-04"), ("en", " ", None),
])
def test_a_day_is_read_as_the_users_language_writes_it(lang: Lang, typed: str, day: str | None) -> None:
    from datetime import date

    from vip.present.explain import Fmt

    read = Fmt(lang).parse_day(typed)
    assert read == (date.fromisoformat(day) if day else None)


@pytest.mark.parametrize(("lang", "typed", "code"), [
    ("en", "3/4/2015", "error.input.day_order"),  # 3 April or March 4: refused, not guessed
    ("nl", "31-02-2015", "error.input.day"), ("nl", "morgen", "error.input.day"),
    ("nl", "1-9-2015", "error.input.day_between"),
])
def test_a_day_that_cannot_be_read_or_lies_outside_the_range_is_refused(lang: Lang, typed: str, code: str) -> None:
    from datetime import date

    from vip.model.errors import InputError
    from vip.present.explain import Fmt

    with pytest.raises(InputError) as refused:
        Fmt(lang).parse_day(typed, low=date(2014, 1, 24), high=date(2015, 7, 25))
    assert refused.value.code == code
