"""The inline SVG charts: rebate per subtrack now and with the gaps closed, and the cumulative cash
position per period. Drawn without JavaScript or a network, so a page that carries them opens
offline and prints.

`bars` and `cash` lay a chart out (positions, and its text already worded and formatted); the
partial `charts.svg` draws a layout, escaping its text. The report draws its charts with that
partial; `bar_chart` and `cash_chart` give the same charts as standalone `<svg>` elements, to show
on a page as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from vip.present.explain import Fmt
from vip.present.html import render

LABEL_W, BAR_W, ROW_H = 200, 440, 34  # the bar chart: a column of names, then the bars and their figures
CASH_W, CASH_H, CASH_PAD = 720, 260, 40


@dataclass(frozen=True)
class Bar:
    """One subtrack's bars: `y` the top of its row; the widths of the potential (light) and present
    (dark) bars; `text_x` where its figures start."""

    name: str
    y: int
    potential_w: float
    now_w: float
    text_x: float
    figures: str


@dataclass(frozen=True)
class Bars:
    title: str
    width: int
    height: int
    label_w: int
    rows: tuple[Bar, ...]
    legend_y: int
    now: str
    potential: str


@dataclass(frozen=True)
class Column:
    """One period's column: from `y`, `h` high, green at or above zero and red below; `label` its hover text."""

    period: int
    x: float
    y: float
    w: float
    h: float
    positive: bool
    label: str


@dataclass(frozen=True)
class Cash:
    title: str
    width: int
    height: int
    pad: int
    columns: tuple[Column, ...]
    col_w: float
    zero: float
    high: str
    low: str


def bars(rows: Sequence[tuple[str, Decimal, Decimal]], fmt: Fmt, title: str, now: str, potential: str) -> Bars | None:
    """Horizontal bars per (name, rebate now, potential rebate), labelled `now` and `potential`;
    None without rows."""
    if not rows:
        return None
    top = max((max(n, p) for _, n, p in rows), default=Decimal(0)) or Decimal(1)
    laid = []
    for i, (name, n, p) in enumerate(rows):
        pw, nw = float(p / top) * BAR_W, float(n / top) * BAR_W
        laid.append(Bar(name, 10 + i * ROW_H, pw, nw, LABEL_W + max(pw, nw) + 6,
                        f"{fmt.money(n)} / {fmt.money(p)}"))
    height = 30 + ROW_H * len(rows)
    return Bars(title, LABEL_W + BAR_W + 200, height, LABEL_W, tuple(laid), height - 8, now, potential)


def cash(cumulative: Sequence[Decimal], fmt: Fmt, title: str) -> Cash:
    """Columns of the cumulative cash position (USD) after each period, around a zero line, in `fmt`'s currency."""
    values = [float(v * fmt.per_usd) for v in cumulative]
    hi, lo = max([*values, 0.0]), min([*values, 0.0])
    span = (hi - lo) or 1.0
    col = (CASH_W - 2 * CASH_PAD) / max(len(values), 1)
    zero = CASH_PAD + (hi / span) * (CASH_H - 2 * CASH_PAD)
    columns = []
    for t, v in enumerate(values):
        h = abs(v) / span * (CASH_H - 2 * CASH_PAD)
        columns.append(Column(t, CASH_PAD + t * col + col * 0.15, zero - h if v >= 0 else zero, col * 0.7,
                              max(h, 0.5), v >= 0, f"{t}: {_money(v, fmt)}"))
    return Cash(title, CASH_W, CASH_H, CASH_PAD, tuple(columns), col, zero, _money(hi, fmt), _money(lo, fmt))


def _money(shown: float, fmt: Fmt) -> str:
    """An amount already in `fmt`'s currency, formatted as `fmt` formats USD."""
    return fmt.money(Decimal(str(shown)) / fmt.per_usd)


def bar_chart(rows: Sequence[tuple[str, Decimal, Decimal]], fmt: Fmt, title: str, now: str, potential: str) -> str:
    """`bars` as a standalone `<svg>` element ('' without rows)."""
    chart = bars(rows, fmt, title, now, potential)
    return render("chart.svg", bars=chart, cash=None) if chart else ""


def cash_chart(cumulative: Sequence[Decimal], fmt: Fmt, title: str) -> str:
    """`cash` as a standalone `<svg>` element."""
    return render("chart.svg", bars=None, cash=cash(cumulative, fmt, title))
