"""HTML from templates (`vip.present.html`): user text escaped in the report and in the app's views,
strict templates, the charts on their own, and no markup escaped by hand anywhere else."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

import jinja2
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from factories import ROOT, SAMPLES, assessed, editions
from ui import program, views
from ui.i18n import literal
from vip.calc.engine import assess
from vip.io.rules import load_profile
from vip.present import charts, words
from vip.present.explain import Fmt
from vip.present.html import TEMPLATES, render
from vip.present.reports import html_report

SCRIPT = "<script>alert(1)</script>"
ENTITY = "&lt;b&gt;"  # already an entity: must be shown as these characters, not as <b>
HOSTILE = f"{SCRIPT} {ENTITY}"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app's views hand to `st.html`, instead of drawing it."""
    out: list[str] = []
    monkeypatch.setattr(st, "html", lambda body, **_: out.append(body))
    return out


# --- the report --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_partner_name_with_a_script_or_an_entity_is_shown_as_written_in_the_report(lang: str) -> None:
    page = html_report(assessed(partner=HOSTILE), Fmt(lang))  # type: ignore[arg-type]
    assert "<script" not in page and "<b>" not in page
    assert f"<h1>{ESCAPED}</h1>" in page
    assert f"<title>{'VIP what-if report' if lang == 'en' else 'VIP-analyse'}: {ESCAPED}</title>" in page


def test_the_loaded_partners_entity_is_not_decoded_in_the_changes_part() -> None:
    page = html_report(assessed(partner="Renamed", csat_responses=3), base=assessed(partner=HOSTILE))
    section = page[page.index('<section id="changes">'):page.index('<section id="eligibility">')]
    assert ESCAPED in section and "<script" not in page


# --- the app's views ---------------------------------------------------------------------------


def test_a_kpi_card_escapes_its_figure_its_hover_text_and_the_changes_line(shown: list[str]) -> None:
    card = views.Card("now", HOSTILE, HOSTILE, f'say "{SCRIPT}"', HOSTILE, "up")
    views.kpi_row([card], views.Changes(f"Against {HOSTILE} as loaded", "+USD 1", "up"))
    [page] = shown
    assert "<script" not in page and "<b>" not in page
    assert f'class="vip-kpi-value">{ESCAPED}<' in page
    assert 'title="say &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"' in page
    assert f'data-kpi="changes">Against {ESCAPED} as loaded <span class="vip-kpi-note up">+USD 1</span>' in page


def test_the_eligibility_view_escapes_names_statuses_and_gaps() -> None:
    row = {"name": HOSTILE, "track": HOSTILE, "rate": "8%", "status": HOSTILE, "tone": "now", "sales": "USD 1",
           "minimum": "min. USD 2", "now": "USD 0", "potential": "USD 3", "gaps": [(HOSTILE, True), (HOSTILE, False)]}
    page = render("app/eligibility.html", rows=[row], nothing="", numeric=(2, 3, 4), heads=[HOSTILE] * 6)
    assert "<script" not in page and "<b>" not in page
    assert f'<span class="sub">{ESCAPED}</span>' in page
    assert f'<span class="vip-badge now">{ESCAPED}</span>' in page
    assert f'<li class="late">{ESCAPED}</li><li>{ESCAPED}</li>' in page


def test_a_program_table_escapes_its_cells_and_the_sources_its_marks_point_to(shown: list[str]) -> None:

    marks = program.Marks()
    rows: list[list[program.Cell]] = [
        [HOSTILE, program._line(program.Styled(HOSTILE, "sub"), program.Mark(1, HOSTILE))],
    ]
    marks.sources.append(HOSTILE)
    program._table([HOSTILE, "b"], rows, marks, right=(1,))
    [page] = shown
    assert "<script" not in page and "<b>" not in page
    assert f'<td class="first" data-label="{ESCAPED}">{ESCAPED}</td>' in page  # its column's name for a card
    assert f'<span class="sub">{ESCAPED}</span><span class="vip-src" title="{ESCAPED}">[1]</span>' in page
    assert f'<ol class="vip-sources"><li>{ESCAPED}</li></ol>' in page


def test_the_advisor_escapes_the_loaded_partners_name_on_screen() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    profile, _ = load_profile(SAMPLES / "voorbeeld_netwerken.yaml", editions())
    loaded = profile.model_copy(update={"partner": HOSTILE}).model_dump(mode="json")
    at.session_state["baseline"] = loaded
    at.session_state["profile"] = {**loaded, "specializations": [*loaded["specializations"], "adv_ucs"]}
    at.run()
    assert not at.exception
    pages = [str(h.value) for h in at.html]
    assert not any(SCRIPT in p or "<b>" in p for p in pages)  # the page's own scripts aside, none of the name's
    assert any(f'data-kpi="changes">Your changes against {ESCAPED} as loaded' in p for p in pages)


def test_text_in_markdown_is_shown_as_written() -> None:
    assert literal(f"Plan *1* [x](y) {ENTITY} $z$") == r"Plan \*1\* \[x\](y) \&lt;b\&gt; \$z\$"
    assert literal("Earn ATP UCS Invicta: needed for Emerging DC Technology") == (
        "Earn ATP UCS Invicta: needed for Emerging DC Technology")

    # A name first on its line (as st.title puts it), links that markdown would make by itself
    assert literal("# 1 Partner") == r"\# 1 Partner"
    assert literal("1. Partner") == r"1\. Partner"
    assert literal("![x](http://host/p.png) www.host.nl a@host.nl") == (
        r"!\[x\](http\://host/p.png) www\.host.nl a\@host.nl")


PAYLOAD = "![x](http://127.0.0.1:9/p.png) [Session expired](http://127.0.0.1:9/login)"


def test_a_partner_name_with_markdown_shows_as_text_in_the_title_and_captions() -> None:
    """A name (typed, or from a crafted link or file) is never markdown: no image, no live link."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.session_state["profile"] = {**at.session_state["profile"], "partner": PAYLOAD}
    at.run()
    assert not at.exception
    assert at.title[0].value == literal(PAYLOAD)
    for element in [*at.title, *at.caption, *at.markdown, *at.error, *at.info, *at.success, *at.warning]:
        shown = str(element.value)
        assert "](http" not in shown.replace("\\](", "")  # every bracket before a URL is escaped
        assert "http://" not in shown


# --- the templates -----------------------------------------------------------------------------


def test_every_template_compiles() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    names = env.list_templates()
    assert {"_macros.html", "charts.html", "report/report.html", "app/kpis.html"} <= set(names)
    for name in names:
        env.get_template(name)


@pytest.mark.parametrize(("template", "context"), [
    ("app/kpis.html", {"cards": []}),  # no `changes`
    ("app/cliffs.html", {"heads": [], "numeric": (), "rows": [{"name": "UCS", "crossed": False, "status": "holds",
                                                                "rebate": "USD 1", "at": "10%", "lost": "USD 1"}]}),
    ("report/report.html", {"lang": "en"}),
])
def test_a_value_a_template_expects_but_is_not_given_is_an_error(template: str, context: dict[str, Any]) -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(template, **context)


# --- the charts --------------------------------------------------------------------------------


def voorbeeld() -> Any:
    return assess(*load_profile(SAMPLES / "voorbeeld_netwerken.yaml", editions()))


def test_the_progress_chart_shows_each_subtrack_against_its_minimum_and_escapes_its_names() -> None:
    a = voorbeeld()  # Express 42,000 of 30,000; UCS 150,000 of 57,500
    layout = charts.progress([a.subtrack("express_en")._replace(name=HOSTILE), a.subtrack("ucs")], Fmt("nl"))
    assert layout is not None
    # The scale runs to 1.1x the furthest subtrack (261% of its minimum), so the minimum stands at 35%.
    assert layout.minimum_x == pytest.approx(100 / (150_000 / 57_500 * 110) * 100, abs=0.01)
    assert [r.width for r in layout.rows] == pytest.approx([42 / 30 / (150 / 57.5 * 1.1) * 100, 100 / 1.1], abs=0.01)
    assert [r.met for r in layout.rows] == [True, True]
    assert layout.rows[1].figures == "USD\xa0150.000 van het minimum USD\xa057.500 (261%)"
    page = render("chart.html", chart=layout, kind="progress")
    assert "<script" not in page and f'<div class="vip-bar-name">{ESCAPED}</div>' in page
    assert 'data-chart="progress"' in page and 'style="width:90.91%"' in page
    assert charts.progress([], Fmt()) is None


def test_a_subtrack_far_past_its_minimum_does_not_squeeze_the_others() -> None:
    a = voorbeeld()
    far = a.subtrack("ucs")._replace(projected_sales=Decimal(5_750_000))  # 10,000% of its minimum
    layout = charts.progress([a.subtrack("express_en"), far], Fmt())
    assert layout is not None
    assert layout.minimum_x == pytest.approx(100 / 3, abs=0.01)  # the scale stops at 300%
    assert layout.rows[1].width == 100 and layout.rows[0].width == pytest.approx(140 / 3, abs=0.01)


def test_the_cash_chart_has_a_column_per_period_and_marks_the_break_even() -> None:
    a = voorbeeld()  # pays back after 4.2 of 6 periods
    layout = charts.cash(a.roi, Fmt("en", "EUR", Decimal("0.5")))
    assert len(layout.columns) == len(a.roi.cumulative) == 7
    assert [c.positive for c in layout.columns] == [v >= 0 for v in a.roi.cumulative]
    assert layout.columns[0].label == f"Now: -EUR\xa0{a.roi.cumulative[0] * Decimal('-0.5'):,.0f}"
    slot = 100 / 7
    assert layout.marker == pytest.approx(slot * 0.5 + slot * float(a.roi.payback_periods), abs=0.01)
    # The marker stands between the last column below zero and the first above it.
    below = max(c.x for c in layout.columns if not c.positive)
    above = min(c.x for c in layout.columns if c.positive)
    assert below < layout.marker < above
    assert (layout.note, layout.note_tone) == ("break-even after 4.2 periods", "ok")
    # Columns stand on the zero line: above it they end there, below it they start there.
    for c in layout.columns:
        assert (c.y + c.h == pytest.approx(layout.zero, abs=0.2)) if c.positive else c.y == layout.zero
    page = render("chart.html", chart=layout, kind="cash")
    assert 'data-chart="cash"' in page and page.count('class="vip-col') == 7
    assert 'data-note="ok">break-even after 4.2 periods<' in page


def test_the_cash_chart_says_when_nothing_pays_back() -> None:
    a = voorbeeld()
    never = dataclasses.replace(a.roi, payback_periods=None)
    layout = charts.cash(never, Fmt("nl"))
    assert layout.marker is None and layout.note_tone == "none"
    assert layout.note == words.text("nl", "chart.no_break_even")
    assert charts.cash(never, Fmt("nl"), spent=False).note == ""


# --- no markup escaped by hand -----------------------------------------------------------------


def test_no_html_is_escaped_by_hand_in_the_core_or_the_app() -> None:
    sources = [*(ROOT / "vip").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py")]
    sources.append(ROOT / "app.py")
    by_hand = [str(p.relative_to(ROOT)) for p in sources
               if re.search(r"^\s*(from html import|import html\b)|\bhtml\.escape\(", p.read_text(), re.M)]
    assert by_hand == []
