"""Plotly figures, where interaction helps: the totals of compared scenarios and the pieces
Recommendations builds its charts from (the Advisor's charts are HTML, from `vip.present.charts`,
as the report's are). Built from results only; labels come from `t`, numbers from `Fmt`.

Figures are plain Plotly dicts rather than built through `go.Figure` updates: `st.plotly_chart`
validates the figure once anyway, and the update API costs about ten times as much per rerun.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ui.i18n import fmt, t
from vip.calc.plans import Plan
from vip.calc.results import Assessment

Figure = dict[str, Any]

BLUE = "#1f5fa8"
LIGHT_BLUE = "#8db5e2"
GREEN = "#2e9d5b"
RED = "#d64545"
INK = "#1f2733"
MUTED = "#5b6270"
GRID = "#eceef1"
CONFIG = {"displayModeBar": False, "responsive": True}
# A chart is never narrower than about 21rem (ui/frame.py wraps the columns before that): a title of
# this many characters a line fits there at its size; category names get fewer, as several share it.
TITLE_CHARS = 40
NAME_CHARS = 18  # a subtrack's name beside its bar
CATEGORY_CHARS = 12  # a scenario's name under its group of bars, up to four groups side by side


def wrap(text: str, width: int, lines: int = 0) -> str:
    """`text` broken into lines of at most `width` characters for a Plotly label (`<br>`), a word
    longer than that split with a hyphen at the break ("Uitgangssit-", "uatie": Dutch runs words
    together); with `lines`, no more lines than that, the last one ending in `…`."""
    words = []
    for word in text.split():
        while len(word) > width > 1:
            words.append(word[:width - 1] + "-")
            word = word[width - 1:]
        words.append(word)
    broken = textwrap.wrap(" ".join(words), width, break_on_hyphens=False) or [text]
    if lines and len(broken) > lines:
        broken = [*broken[:lines - 1], broken[lines - 1][:width - 1].rstrip() + "…"]
    return "<br>".join(broken)


def _layout(title: str, height: int, **more: Any) -> dict[str, Any]:
    """The layout every chart shares. Its title is wrapped, so it is never cut off on a narrow
    screen, and the top margin grows by a line for each line more."""
    wrapped = wrap(title, TITLE_CHARS)
    layout: dict[str, Any] = {
        "title": {"text": wrapped, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 44 + 19 * wrapped.count("<br>"), "b": 8},
        "font": {"size": 13, "color": INK},
        "showlegend": False,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"font": {"size": 12}},
    }
    layout.update(more)
    return layout


def legend_on_top(layout: dict[str, Any]) -> dict[str, Any]:
    """`layout` with its legend above the plot, where it covers no data and, however many lines it
    wraps into, pushes the plot down. The title goes into the legend's own title, bold as Streamlit
    draws a figure's: a figure's title and its legend each make room only for themselves and would
    overlap, a legend and its title never. It starts where the plot does, not at the chart's edge."""
    title = layout.pop("title")
    layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                        "title": {"text": f"<b>{title['text']}</b>", "side": "top",
                                  "font": {**title["font"], "color": INK}}}
    layout["margin"] = {**layout["margin"], "t": 8}
    return layout


def scenarios(names: Sequence[str], assessments: Sequence[Assessment], changes: Sequence[Plan | None]) -> Figure:
    """Estimated and potential rebate of each compared what-if, and what its changes against the
    baseline cost and are worth (`changes`, none for the baseline itself), side by side."""
    f = fmt()
    per = float(f.per_usd)
    series: list[tuple[str, str, list[Decimal]]] = [
        (t("kpi.now"), BLUE, [a.estimated_rebate for a in assessments]),
        (t("kpi.potential"), LIGHT_BLUE, [a.potential_rebate for a in assessments]),
        (t("compare.changes_cost"), RED, [p.investment.one_off if p else Decimal(0) for p in changes]),
        (t("compare.changes_npv"), GREEN, [p.roi.npv if p else Decimal(0) for p in changes]),
    ]
    data = [
        {"type": "bar", "name": label, "x": list(names), "y": [float(v) * per for v in values],
         "marker": {"color": colour}, "hoverinfo": "text",
         "hovertext": [f"{n}<br>{label}: {f.money(v)}" for n, v in zip(names, values, strict=True)]}
        for label, colour, values in series
    ]
    # Scenario names can be long: under their bars they wrap, level, and stop at three lines.
    layout = legend_on_top(_layout(
        t("compare.chart"), 380, barmode="group", showlegend=True,
        xaxis={"tickvals": list(names), "ticktext": [wrap(n, CATEGORY_CHARS, 3) for n in names], "tickangle": 0,
               "automargin": True},
        yaxis={"gridcolor": GRID, "tickformat": ",.0f", "title": {"text": f.currency, "font": {"size": 12}},
               "automargin": True},
        separators=".," if f.lang == "en" else ",.",
    ))
    return {"data": data, "layout": layout}

