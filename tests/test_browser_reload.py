"""Nothing is lost on a reload, on Back or on a reopened link, in headless Chromium.

On the Advisor a figure changes, the what-if is saved, another figure changes; then F5 on Compare and
on the Advisor, Back from Recommendations, and the last link opened in a new page each bring back the
saved scenario, the what-if on screen and the line on what its changes against the partner as loaded
cost and are worth. Only a page switch adds a history entry (one), so Back takes one press. The
server comes from `test_browser`, the browser from `conftest`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import pytest
from test_browser import KPI_NOW, VIEWPORT, app_url, expected_now, no_exception, settle, shoot, shows  # noqa: F401

pytestmark = pytest.mark.browser

CHANGES = '[data-kpi="changes"]'
MAIN = '[data-testid="stMain"]'


def go(page: Any, label: str, path: str) -> None:
    page.locator('[data-testid="stTopNavLink"]', has_text=label).first.click()
    page.wait_for_url(lambda url: urlparse(url).path == path, timeout=90_000)
    settle(page)


def figure(page: Any, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")


def on_the_advisor_as_left(page: Any, now: str, changes: str) -> None:
    """The what-if on screen, its changes line and the scenario saved are all there."""
    shows(page, KPI_NOW, now)
    shows(page, CHANGES, changes)
    page.wait_for_selector("text=1 of 3 scenarios saved.", timeout=90_000)
    no_exception(page)


def on_compare_as_left(page: Any) -> None:
    page.wait_for_selector(f"{MAIN} >> text=Scenario 1", timeout=90_000)
    settle(page)
    main = " ".join(page.locator(MAIN).inner_text().split())
    assert "USD 1,260" in main  # the partner as loaded
    assert "Express Enterprise Networks: USD 42,000 → USD 52,000" in main  # what the scenario changes
    no_exception(page)


def test_a_reload_back_and_a_reopened_link_lose_nothing(app_url: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(viewport=VIEWPORT, locale="en-US")
    page.goto(app_url)
    page.wait_for_selector(KPI_NOW, timeout=90_000)
    settle(page)
    opened = page.evaluate("history.length")
    figure(page, "in-sales-express_en-en", "52000")
    shows(page, KPI_NOW, expected_now(projected_sales={"express_en": Decimal(52000), "ucs": Decimal(150000)}))
    page.locator(".st-key-scenario-save button").click()
    page.wait_for_selector("text=1 of 3 scenarios saved.", timeout=90_000)
    figure(page, "in-sales-express_en-en", "60000")
    now = expected_now(projected_sales={"express_en": Decimal(60000), "ucs": Decimal(150000)})
    shows(page, KPI_NOW, now)
    page.wait_for_selector(CHANGES, timeout=90_000)
    changes = " ".join(page.locator(CHANGES).inner_text().split())
    assert "Voorbeeld Netwerken BV as loaded" in changes
    settle(page)
    assert page.evaluate("history.length") == opened  # changes and saves stay on this page's entry

    # F5 on Compare: the scenario and the baseline are back, and so is the what-if on the Advisor.
    go(page, "Compare", "/compare")
    on_compare_as_left(page)
    page.reload()
    on_compare_as_left(page)
    shoot(page, "compare_after_reload_en")
    go(page, "Advisor", "/")
    on_the_advisor_as_left(page, now, changes)
    page.reload()
    on_the_advisor_as_left(page, now, changes)
    settle(page)

    # A page switch is one history entry: Back from Recommendations is on the Advisor in one press.
    entries = page.evaluate("history.length")
    go(page, "Recommendations", "/recommendations")
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_url(lambda url: urlparse(url).path == "/", timeout=90_000)
    on_the_advisor_as_left(page, now, changes)
    settle(page)

    # Closed and opened again from its last link (as Ctrl+Shift+T does): the same.
    last = page.url
    page.close()
    again = browser.new_page(viewport=VIEWPORT, locale="en-US")
    again.goto(last)
    on_the_advisor_as_left(again, now, changes)
    go(again, "Compare", "/compare")
    on_compare_as_left(again)
    again.close()
