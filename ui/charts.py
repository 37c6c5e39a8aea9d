"""Plotly figures: projected sales against each minimum, the cumulative cash over the horizon, and
the totals of compared scenarios. Built from results only; labels come from `t`, numbers from `Fmt`.

Figures are plain Plotly dicts rather than built through `go.Figure` updates: `st.plotly_chart`
validates the figure once anyway, and the update API costs about ten times as much per rerun.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ui.i18n import fmt, t, tn
from vip.calc.plans import Plan
from vip.calc.results import Assessment, SubtrackResult
from vip.present.explain import plural_count

Figure = dict[str, Any]

BLUE = "#1f5fa8"
LIGHT_BLUE = "#8db5e2"
GREEN = "#2e9d5b"
AMBER = "#e0a100"
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
NOTE_CHARS = 18  # a note beside a line in the plot, with half the plot's width to the one side


def wrap(text: str, width: int, lines: int = 0) -> str:
    """`text` broken into lines of at most `width` characters for a Plotly label (`<br>`), a word
    longer than that split; with `lines`, no more lines than that, the last one ending in `…`."""
    broken = textwrap.wrap(text, width) or [text]
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


def progress(rows: Sequence[SubtrackResult]) -> Figure:
    """Each subtrack's projected sales as a share of its minimum volume, with the minimum at 100%."""
    f = fmt()
    ordered = list(reversed(rows))  # Plotly draws the first category at the bottom
    shares = [float(s.projected_sales / s.min_volume * 100) if s.min_volume else 100.0 for s in ordered]
    top = max([115.0, *(x * 1.3 for x in shares)])
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": shares,
        "y": [s.name for s in ordered],
        "marker": {"color": [GREEN if s.projected_sales >= s.min_volume else AMBER for s in ordered]},
        # On two lines, so that it fits inside or beside its bar on a phone too.
        "text": [f"{f.money(s.projected_sales)}<br>/ {f.money(s.min_volume)}" for s in ordered],
        "textposition": "auto",
        "textangle": 0,
        "insidetextanchor": "end",
        "cliponaxis": False,
        "hovertext": [
            f"{s.name}<br>{t('chart.sales')}: {f.money(s.projected_sales)}<br>{t('chart.minimum')}: "
            f"{f.money(s.min_volume)}"
            for s in ordered
        ],
        "hoverinfo": "text",
    }
    layout = _layout(
        t("chart.progress"), max(220, 80 + 44 * len(rows)),
        xaxis={"range": [0, top], "ticksuffix": "%", "gridcolor": GRID, "zeroline": False},
        yaxis={"automargin": True, "tickvals": [s.name for s in ordered],
               "ticktext": [wrap(s.name, NAME_CHARS) for s in ordered]},
        # Behind the bars, so that it never runs through a bar's figures.
        shapes=[{"type": "line", "x0": 100, "x1": 100, "y0": 0, "y1": 1, "yref": "paper", "layer": "below",
                 "line": {"color": MUTED, "dash": "dash", "width": 1.5}}],
        annotations=[{"x": 100, "y": 1, "yref": "paper", "text": t("chart.minimum"), "showarrow": False,
                      "yanchor": "bottom", "font": {"size": 11, "color": MUTED}}],
    )
    return {"data": [bar], "layout": layout}


def break_even_note(payback: Decimal, key: str = "chart.break_even") -> str:
    """Where the cumulative cash turns positive, as a person says it ("within the first period",
    "after 1 period", "after 4.2 periods")."""
    if payback <= 1 and key == "chart.break_even":
        return t("chart.break_even_first")
    shown = payback.quantize(Decimal("0.1"))
    return tn(key, plural_count(shown), periods=fmt().num(shown, 1))


def cash(a: Assessment) -> Figure:
    """Cumulative cash from the investment (period 0) through the horizon, with break-even marked."""
    f = fmt()
    roi = a.roi
    periods = list(range(len(roi.cumulative)))
    flows = [-a.investment.one_off] + [g - r for g, r in zip(roi.incremental, roi.renewals, strict=True)]
    per = float(f.per_usd)
    bars = {
        "type": "bar", "x": periods, "y": [float(x) * per for x in flows], "opacity": 0.55,
        "marker": {"color": [RED if x < 0 else GREEN for x in flows]},
        "hovertext": [f"{t('chart.flow')}: {f.money(x, signed=True)}" for x in flows], "hoverinfo": "text",
    }
    line = {
        "type": "scatter", "mode": "lines+markers", "x": periods, "y": [float(x) * per for x in roi.cumulative],
        "line": {"color": BLUE, "width": 3}, "marker": {"size": 7},
        "hovertext": [f"{t('chart.cumulative')}: {f.money(x, signed=True)}" for x in roi.cumulative],
        "hoverinfo": "text",
    }
    shapes: list[dict[str, Any]] = [{"type": "line", "x0": 0, "x1": 1, "xref": "paper", "y0": 0, "y1": 0,
                                     "line": {"color": MUTED, "width": 1}}]
    notes: list[dict[str, Any]] = []
    payback = roi.payback_periods
    corner = {"x": 1, "xref": "paper", "y": 1, "yref": "paper", "showarrow": False, "xanchor": "right",
              "yanchor": "top"}
    if payback is not None and 0 < payback <= roi.horizon_periods:
        x = float(payback)
        shapes.append({"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": GREEN, "dash": "dash", "width": 1.5}})
        # At the foot of the line: right of the break-even the flows are positive, so below the zero
        # line there is nothing to cover, while the cumulative line climbs to the top corner.
        notes.append({"x": x, "y": 0, "yref": "paper", "yanchor": "bottom", "xanchor": "right" if x > len(periods) / 2
                      else "left", "xshift": -4 if x > len(periods) / 2 else 4, "showarrow": False,
                      "text": wrap(break_even_note(payback), NOTE_CHARS), "font": {"size": 12, "color": "#13663a"},
                      "bgcolor": "rgba(255,255,255,0.9)"})
    elif payback is not None and payback > roi.horizon_periods:
        notes.append({**corner, "text": wrap(break_even_note(payback, "chart.break_even_later"), 2 * NOTE_CHARS),
                      "font": {"size": 12, "color": "#8a5a00"}})
    elif payback is None and (a.investment.one_off or any(roi.incremental)):
        notes.append({**corner, "text": t("chart.no_break_even"), "font": {"size": 12, "color": "#a1281b"}})
    layout = _layout(
        t("chart.cash"), 340, shapes=shapes, annotations=notes,
        xaxis={"tickvals": periods, "ticktext": [t("chart.start")] + [str(p) for p in periods[1:]],
               "title": {"text": t("chart.period_axis", months=roi.period_months), "font": {"size": 12}},
               "showgrid": False},
        yaxis={"gridcolor": GRID, "zeroline": False, "tickformat": ",.0f",
               "title": {"text": f.currency, "font": {"size": 12}}},
        separators=".," if f.lang == "en" else ",.",
    )
    return {"data": [bars, line], "layout": layout}


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

