"""Every page fits the screens it is shown on: a meeting room's projector at 1024×768 and 1280×720,
a laptop at 1400×900 and a phone at 390×844, in English and in Dutch (whose words are longer).

On the Advisor a long partner name is typed and two what-ifs with long names are saved; then, at
each size in one browser page and in each language, every page is opened (the Advisor on the sample
partner and on that what-if, Recommendations, Compare with the two scenarios, Program, Method,
Clients, Portfolio and Own editions) and measured as laid out:

- the page never scrolls sideways (the document and the main column);
- no KPI figure, label or note is cut, and each figure stays on one line;
- every visible table lies inside its column and the window; only a data frame, which scrolls
  inside a frame of its own, may hold wider content, and that frame itself must fit;
- every chart's figure and each of its texts (title, legend, labels, notes) lies inside the chart's
  box, tick labels do not run into each other, the legend covers no data, and no other element
  overlaps the chart.

A page switch goes through the browser's history, as Back does, and the language is switched in
the sidebar, so that the session stays and the run stays short. Each page, size and language is
saved as a screenshot of the whole page under artifacts/screens/ (`advisor_nl_1024x768.png`, ...),
its first `height` pixels being what the window shows. The server comes from `test_browser`, the
browser from `conftest`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest
from test_browser import ARTIFACTS, KPI_NOW, VIEWPORT, app_url, no_exception, settle  # noqa: F401

from vip.present import words

pytestmark = pytest.mark.browser

SCREENS = ARTIFACTS / "screens"
SIZES = ((1024, 768), (1280, 720), (1400, 900), (390, 844))
PARTNER = "Voorbeeld Netwerken en Datacenterinfrastructuurdiensten Nederland BV"
SCENARIOS = ("Samenwerkingsoplossingsspecialisatietraject plus verkoop",
             "Uitbreiding naar Advanced Unified Computing en Collaboration")
MAIN = '[data-testid="stMain"]'
H1 = f"{MAIN} h1"

# Lets the document grow to the main column's full height for one screenshot: the column scrolls
# inside the window, so a full-page screenshot would show only what the window shows. Widths stay
# as they are (the window keeps its size), so nothing is laid out anew.
UNROLL = ('.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"]'
          " {position: static !important; overflow: visible !important; height: auto !important;}")

# What does not fit, in words: one line per problem, empty when the page fits.
MEASURE = """() => {
  const problems = [];
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const words = (el) => el.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
  const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1
    && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const within = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1
    && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const root = document.documentElement;
  const width = root.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  for (const [name, el] of [['the page', root], ['the main column', main]]) {
    if (el.scrollWidth > el.clientWidth)
      problems.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}px`);
  }
  for (const el of main.querySelectorAll('.vip-kpi-value, .vip-kpi-label, .vip-kpi-note')) {
    if (shown(el) && el.scrollWidth > el.clientWidth)
      problems.push(`KPI cut: "${words(el)}" needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
  }
  // A button's label cut short ("O…" for "Opslaan"): its text needs more room than it has.
  for (const el of main.querySelectorAll('[data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"]')) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 1)
      problems.push(`button label cut: "${words(el)}" needs ${el.scrollWidth}px, has ${el.clientWidth}px`);
  }
  for (const el of main.querySelectorAll('.vip-kpi-value')) {
    if (shown(el) && el.clientHeight > 1.5 * parseFloat(getComputedStyle(el).lineHeight))
      problems.push(`KPI figure on more than one line: "${words(el)}"`);
  }
  const column = (el) => (el.closest('[data-testid="stColumn"]')
    || main.querySelector('[data-testid="stMainBlockContainer"]')).getBoundingClientRect();
  const inColumn = (el, what) => {
    const box = el.getBoundingClientRect(), room = column(el);
    if (box.left < room.left - 1 || box.right > Math.min(room.right, width) + 1)
      problems.push(`${what} is out of its column: ${Math.round(box.left)}-${Math.round(box.right)}px`
        + ` in ${Math.round(room.left)}-${Math.round(room.right)}px`);
  };
  for (const table of main.querySelectorAll('table')) {
    if (shown(table) && !table.closest('[data-testid="stDataFrame"]'))
      inColumn(table, `the table under "${words(table.querySelector('th') || table)}"`);
  }
  for (const frame of main.querySelectorAll('[data-testid="stDataFrame"]')) {
    if (shown(frame)) inColumn(frame, 'a data frame');
  }
  // The HTML charts of the results and the report: inside their column, every text inside its
  // chart, and no two texts of a chart running into each other.
  for (const chart of main.querySelectorAll('.vip-chart')) {
    if (!shown(chart)) continue;
    const box = chart.getBoundingClientRect(), name = words(chart.querySelector('figcaption') || chart);
    inColumn(chart, `the chart "${name}"`);
    const texts = [...chart.querySelectorAll('.vip-bar-name, .vip-bar-figures, .vip-cash-line span, '
      + '.vip-cash-periods span')].filter((el) => words(el)).map((el) => [words(el), el.getBoundingClientRect()]);
    for (const [text, r] of texts) {
      if (!within(r, box)) problems.push(`the chart "${name}" is cut: "${text}"`);
    }
    texts.forEach(([a, ra], i) => texts.slice(i + 1).forEach(([b, rb]) => {
      if (meets(ra, rb)) problems.push(`the chart "${name}": "${a}" runs into "${b}"`);
    }));
  }
  const elements = [...main.querySelectorAll('[data-testid="stElementContainer"]')].filter(shown);
  for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!shown(chart)) continue;
    const own = chart.closest('[data-testid="stElementContainer"]');
    const box = own.getBoundingClientRect();
    const name = words(chart.querySelector('.gtitle, .legendtitletext') || chart);
    inColumn(own, `the chart "${name}"`);
    for (const el of chart.querySelectorAll('svg.main-svg, svg text')) {
      if (el.tagName === 'text' && !el.textContent.trim()) continue;
      const r = el.getBoundingClientRect();
      if (r.width && !within(r, box)) problems.push(`the chart "${name}" is cut: "${words(el) || 'the figure'}"`);
    }
    for (const axis of ['.xtick', '.ytick']) {
      const ticks = [...chart.querySelectorAll(`${axis} text`)].map((el) => [words(el), el.getBoundingClientRect()]);
      ticks.forEach(([a, ra], i) => ticks.slice(i + 1).forEach(([b, rb]) => {
        if (ra.width && rb.width && meets(ra, rb)) problems.push(`the chart "${name}": "${a}" runs into "${b}"`);
      }));
    }
    const plot = chart.querySelector('.nsewdrag'), legend = chart.querySelector('.legend');
    if (plot && legend && meets(plot.getBoundingClientRect(), legend.getBoundingClientRect()))
      problems.push(`the chart "${name}": its legend covers the plot`);
    for (const other of elements) {
      if (other !== own && !other.contains(own) && !own.contains(other) && meets(other.getBoundingClientRect(), box))
        problems.push(`the chart "${name}" overlaps "${words(other)}"`);
    }
  }
  return problems;
}"""


def query(url: str, lang: str) -> str:
    """The query string of `url` with the language set to `lang`."""
    params = [(k, v) for k, v in parse_qsl(urlparse(url).query) if k != "lang"]
    return urlencode([*params, ("lang", lang)])


def heading(page: Any) -> str:
    return str(page.locator(H1).first.text_content() or "")


def type_in(page: Any, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Enter")
    settle(page)


def open_link(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(H1, timeout=90_000)
    settle(page)


def switch(page: Any, path: str) -> None:
    """To another page as Back and Forward go, in the same session: Streamlit follows the history."""
    before = heading(page)
    page.evaluate("(path) => { history.pushState(null, '', '/' + path + location.search);"
                  " dispatchEvent(new PopStateEvent('popstate')); }", path)
    page.wait_for_function("([sel, before]) => document.querySelector(sel)?.textContent !== before",
                           arg=[H1, before], timeout=90_000)
    settle(page)


def speak(page: Any, lang: str) -> None:
    """Switch the language with the sidebar's control, opening the sidebar first where it is
    collapsed (a phone) and closing it again."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    collapsed = expand.is_visible()
    if collapsed:
        expand.click()
    control = page.locator(".st-key-set-lang")
    control.locator("button", has_text=lang.upper()).click()
    control.filter(has_text=words.text(lang, "settings.language")).wait_for(timeout=90_000)
    if collapsed:
        page.locator('[data-testid="stSidebarCollapseButton"]').click()
        expand.wait_for(timeout=90_000)
    settle(page)


def look(page: Any, name: str, problems: list[str]) -> None:
    """Measure the page as laid out, then save it whole."""
    no_exception(page)
    size = page.viewport_size
    where = f"{name} at {size['width']}×{size['height']}"
    problems += [f"{where}: {p}" for p in page.evaluate(MEASURE)]
    # Streamlit's "4 more" (the pages that do not fit the top navigation) in the page's language
    other = words.text("en" if name.endswith("_nl") else "nl", "nav.more")
    nav = " ".join(page.evaluate("document.querySelector('[data-testid=\"stTopNav\"]')?.innerText ?? ''").split())
    if re.search(rf"\b\d+ {other}\b", nav):
        problems.append(f"{where}: the navigation says {nav!r}")
    tall = page.evaluate(f"document.querySelector('{MAIN}').scrollHeight")
    unrolled = page.add_style_tag(content=UNROLL)
    page.screenshot(path=str(SCREENS / f"{name}_{size['width']}x{size['height']}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": size["width"], "height": max(tall, size["height"])})
    unrolled.evaluate("(el) => el.remove()")


@pytest.fixture(scope="module")
def visits(app_url: str, browser: Any) -> dict[str, str]:  # noqa: F811
    """The links to the sample partner as loaded, and to the what-if under a long name with both
    long-named scenarios saved."""
    page = browser.new_page(viewport=VIEWPORT, locale="en-US")
    page.goto(app_url)
    page.wait_for_selector(KPI_NOW, timeout=90_000)
    settle(page)
    sample = page.url
    page.locator(".st-key-open-partner summary").click()
    settle(page)
    type_in(page, "in-partner", PARTNER)
    type_in(page, "in-sales-ucs-en", "200000")
    for i, name in enumerate(SCENARIOS):
        if i:
            type_in(page, "in-sales-express_en-en", "52000")
        type_in(page, "set-scenario-name", name)
        page.locator(".st-key-scenario-save button").click()
        settle(page)
    assert heading(page) == PARTNER
    no_exception(page)
    whatif = page.url
    page.close()
    return {"sample": sample, "whatif": whatif}


def test_every_page_fits_a_projector_a_laptop_and_a_phone_in_both_languages(
    app_url: str, browser: Any, visits: dict[str, str]  # noqa: F811
) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width, height in SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        # The sample partner, there and back through the other pages, English out and Dutch back.
        open_link(page, f"{app_url}/?{query(visits['sample'], 'en')}")
        look(page, "advisor_en", problems)
        for name in ("recommendations", "program", "method", "clients", "portfolio", "editions"):
            switch(page, name)
            look(page, f"{name}_en", problems)
        speak(page, "nl")
        look(page, "editions_nl", problems)
        for name in ("portfolio", "clients", "method", "program", "recommendations", ""):
            switch(page, name)
            look(page, f"{name or 'advisor'}_nl", problems)
        # The what-if and the two scenarios saved beside it, Dutch first.
        open_link(page, f"{app_url}/?{query(visits['whatif'], 'nl')}")
        assert heading(page) == PARTNER
        look(page, "advisor_whatif_nl", problems)
        switch(page, "compare")
        main = " ".join(page.locator(MAIN).inner_text().split())
        assert all(name in main for name in SCENARIOS)
        look(page, "compare_nl", problems)
        speak(page, "en")
        look(page, "compare_en", problems)
        switch(page, "")
        look(page, "advisor_whatif_en", problems)
        page.close()
    assert not problems, "\n".join(problems)
