"""The Own editions page in a real browser: a minimum table uploaded, the difference from the base
seen, the edition saved in the store, picked on the Advisor, and the figure changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import ARTIFACTS, KPI_NOW, expected_now, no_exception, pick, serve, settle, shows

from vip.io.store import ENV

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def own_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("own")
    yield from serve(folder, {ENV: f"sqlite:///{folder / 'store.db'}"})


def test_a_minimum_table_saved_as_an_own_edition_changes_the_advisors_figure(
        own_url: str, browser: Any, tmp_path: Path) -> None:
    table = tmp_path / "minimums.csv"
    table.write_text("Land;Periode;Express Enterprise Networks\nNL;6-month;50.000\n", encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="en-US")
    page.goto(f"{own_url}/editions")
    page.get_by_role("radio", name="Minimum volumes").click()
    settle(page)
    box = page.locator(".st-key-set-own-id input")
    box.fill("NLMIN25")
    box.press("Enter")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(table))
    page.get_by_text("1 row read, 1 placed, 0 refused, as edition NLMIN25 on top of VIP 25").wait_for(timeout=90_000)
    differences = page.locator('[data-testid="stHtml"]', has_text="Express Enterprise Networks").first
    assert "50,000" in differences.inner_text() and "30,000" in differences.inner_text()
    page.get_by_role("button", name="Save edition").click()
    page.get_by_text("Saved NLMIN25 (version 1, for everyone)").wait_for(timeout=90_000)
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "own_edition_saved_1280x720.png"), full_page=True)

    page.get_by_role("link", name="Advisor").first.click()
    shows(page, KPI_NOW, expected_now())
    settle(page)
    page.locator('[data-testid="stExpander"] summary', has_text="Edition, period and country").first.click()
    settle(page)  # the group draws its inputs in a run of its own
    pick(page, "in-edition", "NLMIN25")
    shows(page, KPI_NOW, "USD 0")  # Express Enterprise Networks is now short of its minimum of USD 50,000
    settle(page)
    origin = "From your own files: the minimum of Express Enterprise Networks (minimums.csv"
    assert page.get_by_text(origin).count() == 1
    no_exception(page)
