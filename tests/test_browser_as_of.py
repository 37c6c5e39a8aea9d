"""The Advisor's assessment date in a real browser: a day typed and confirmed with Enter counts at once,
without leaving the field (Streamlit's own date input took a typed day only on leaving it)."""

from __future__ import annotations

from typing import Any

import pytest
from test_browser import KPI_NOW, VIEWPORT, app_url, no_exception, settle  # noqa: F401  (app_url: a fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "typed", "head", "closed"), [
    ("en-US", "1 Apr 2015", "as of 1 Apr 2015", "(enrolment closed on 28 Mar 2015)"),
    ("nl-NL", "1-4-2015", "peildatum 1 apr 2015", "(de inschrijving is gesloten op 28 mrt 2015)"),
])
def test_a_day_typed_and_confirmed_with_enter_counts_without_leaving_the_field(
        app_url: str, browser: Any, locale: str, typed: str, head: str, closed: str) -> None:  # noqa: F811
    page = browser.new_page(viewport=VIEWPORT, locale=locale)
    try:
        page.goto(app_url)
        page.wait_for_selector(KPI_NOW, timeout=90_000)
        settle(page)  # the KPIs show before the sidebar's inputs are drawn
        page.locator(".st-key-open-program summary").click()
        settle(page)
        lang = locale[:2]
        field = page.locator(f".st-key-in-as_of-{lang} input")
        field.fill(typed)
        field.press("Enter")
        page.wait_for_selector(f"text={head}", timeout=90_000)
        page.wait_for_selector(f"text={closed}", timeout=90_000)
        assert page.evaluate("document.activeElement?.closest('.st-key-in-as_of-" + lang + "') !== null")
        no_exception(page)
    finally:
        page.close()
