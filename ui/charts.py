"""Plotly figures: projected sales against each minimum, the cumulative cash over the horizon, and
the totals of compared scenarios. Built from results only; labels come from `t`, numbers from `Fmt`.

Figures are plain Plotly dicts rather than built through `go.Figure` updates: `st.plotly_chart`
validates the figure once anyway, and the update API costs about ten times as much per rerun.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ui.i18n import fmt, t
from vip.calc.plans import Plan
from vip.calc.results import Assessment, SubtrackResult

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


def _layout(title: str, height: int, **more: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 44, "b": 8},
        "font": {"size": 13, "color": INK},
        "showlegend": False,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"font": {"size": 12}},
    }
    layout.update(more)
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
        "text": [f"{f.money(s.projected_sales)} / {f.money(s.min_volume)}" for s in ordered],
        "textposition": "auto",
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
        yaxis={"automargin": True},
        shapes=[{"type": "line", "x0": 100, "x1": 100, "y0": 0, "y1": 1, "yref": "paper",
                 "line": {"color": MUTED, "dash": "dash", "width": 1.5}}],
        annotations=[{"x": 100, "y": 1, "yref": "paper", "text": t("chart.minimum"), "showarrow": False,
                      "yanchor": "bottom", "font": {"size": 11, "color": MUTED}}],
    )
    return {"data": [bar], "layout": layout}


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
        notes.append({"x": x, "y": 1, "yref": "paper", "yanchor": "top", "xanchor": "right" if x > len(periods) / 2
                      else "left", "xshift": -4 if x > len(periods) / 2 else 4, "showarrow": False,
                      "text": t("chart.break_even", n=f.num(payback, 1)), "font": {"size": 12, "color": "#13663a"},
                      "bgcolor": "rgba(255,255,255,0.9)"})
    elif payback is not None and payback > roi.horizon_periods:
        notes.append({**corner, "text": t("chart.break_even_later", n=f.num(payback, 1)),
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
         "marker": {"color": colour}, "hovertext": [f"{label}: {f.money(v)}" for v in values], "hoverinfo": "text"}
        for label, colour, values in series
    ]
    layout = _layout(
        t("compare.chart"), 380, barmode="group", showlegend=True,
        legend={"orientation": "h", "y": -0.12, "x": 0}, margin={"l": 8, "r": 16, "t": 44, "b": 40},
        yaxis={"gridcolor": GRID, "tickformat": ",.0f", "title": {"text": f.currency, "font": {"size": 12}}},
        separators=".," if f.lang == "en" else ",.",
    )
    return {"data": data, "layout": layout}

