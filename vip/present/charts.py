"""The charts: projected sales against each subtrack's minimum, and the cumulative
cash position per period with the break-even marked. The Advisor shows them and the report prints
them, from the same layouts and the same partial, so screen and report draw the same picture.

Drawn in HTML and CSS, without JavaScript or a network, so a page that carries them opens offline
and prints, and the app can show them inside one HTML element (its sanitiser drops SVG). They fit
any width without scaling their text: across, every position is a percentage of the chart's width;
down, it is in pixels. Text sits in lines of its own (a name above its bar and the figures under
it; the scale and the break-even above and under the columns), so it never covers a bar, and it
wraps where the room is short.

`progress` and `cash` lay a chart out (positions, and its text worded and formatted); the partial
`charts.html` draws a layout, escaping its text, with the style `charts.css`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from vip.calc.results import Roi, SubtrackResult
from vip.present import words
from vip.present.explain import Fmt, plural_count
from vip.present.words import Lang

SCALE_MIN, SCALE_MAX = 115.0, 300.0  # the progress scale's right end, percent of a minimum
CASH_H = 170  # the cash chart's columns, in pixels


@dataclass(frozen=True)
class ProgressRow:
    """One subtrack: `width` its bar (percent of the chart; a bar past the
    scale's end stops there), `met` whether it reaches its minimum, `figures` the line under it."""

    name: str
    width: float
    met: bool
    figures: str


@dataclass(frozen=True)
class Progress:
    title: str
    minimum_x: float  # where the minimum (100%) stands, percent of the chart's width
    minimum: str
    rows: tuple[ProgressRow, ...]


@dataclass(frozen=True)
class Column:
    """One period's column, from `y` down `h` pixels; green at or above zero, red below; `label`
    its hover text and `period` what stands under it."""

    period: str
    x: float  # percent
    w: float  # percent
    y: float
    h: float
    positive: bool
    label: str


@dataclass(frozen=True)
class Cash:
    title: str
    height: int
    columns: tuple[Column, ...]
    zero: float
    high: str
    low: str
    axis: str
    marker: float | None  # the break-even line, percent across
    note: str  # what the break-even is (or that there is none within reach)
    note_tone: str  # "ok" for a break-even within the horizon, "late" past it, "none" for none
    paid: str = ""  # when each period's rebate comes in, where the edition pays it later than the period's end


def progress(rows: Sequence[SubtrackResult], fmt: Fmt) -> Progress | None:
    """Each subtrack's projected sales as a share of its minimum volume; None without rows."""
    if not rows:
        return None
    lang = fmt.lang
    shares = [float(s.projected_sales / s.min_volume * 100) if s.min_volume else 100.0 for s in rows]
    top = min(max(SCALE_MIN, max(shares) * 1.1), SCALE_MAX)
    laid = []
    for s, share in zip(rows, shares, strict=True):
        if s.min_volume:
            figures = words.text(lang, "chart.progress_row", sales=fmt.money(s.projected_sales),
                                 minimum=fmt.money(s.min_volume), share=fmt.pct(Decimal(str(share)) / 100, 0))
        else:
            figures = words.text(lang, "chart.progress_free", sales=fmt.money(s.projected_sales))
        laid.append(ProgressRow(s.name, round(min(share, top) / top * 100, 2),
                                s.projected_sales >= s.min_volume, figures))
    return Progress(words.text(lang, "chart.progress"), round(100 / top * 100, 2),
                    words.text(lang, "chart.minimum"), tuple(laid))


def break_even_note(payback: Decimal, lang: Lang, key: str = "chart.break_even") -> str:
    """Where the cumulative cash turns positive, as a person says it ("within the first period",
    "after 1 period", "after 4.2 periods")."""
    if payback <= 1 and key == "chart.break_even":
        return words.text(lang, "chart.break_even_first")
    shown = payback.quantize(Decimal("0.1"))
    return words.plural(lang, key, plural_count(shown), periods=Fmt(lang).num(shown, 1))


def cash(roi: Roi, fmt: Fmt, spent: bool = True) -> Cash:
    """Columns of the cumulative cash position after each period (period 0: the investment), around
    a zero line, in `fmt`'s currency, with the break-even marked. `spent`: anything is invested or
    earned at all (without, no note says there is no break-even)."""
    lang = fmt.lang
    values = [float(v) for v in roi.cumulative]
    hi, lo = max([*values, 0.0]), min([*values, 0.0])
    span = (hi - lo) or 1.0
    plot = CASH_H
    slot = 100 / max(len(values), 1)
    zero = hi / span * plot
    start = words.text(lang, "chart.start")
    columns = []
    for t, v in enumerate(values):
        h = abs(v) / span * plot
        columns.append(Column(start if t == 0 else str(t), round(slot * t + slot * 0.2, 2), round(slot * 0.6, 2),
                              round(zero - h if v >= 0 else zero, 1), round(max(h, 1.0), 1), v >= 0,
                              f"{start if t == 0 else t}: {fmt.money(Decimal(str(v)), signed=bool(v))}"))
    payback = roi.payback_periods
    marker, note, tone = None, "", ""
    if payback is not None and 0 < payback <= roi.horizon_periods:
        # Columns stand at their period's centre: the cash turns positive between two of them.
        marker = round(slot * 0.5 + slot * float(payback), 2)
        note, tone = break_even_note(payback, lang), "ok"
    elif payback is not None:
        note, tone = break_even_note(payback, lang, "chart.break_even_later"), "late"
    elif spent:
        note, tone = words.text(lang, "chart.no_break_even"), "none"
    paid = words.plural(lang, "chart.paid_late", roi.lag_months, months=roi.lag_months) if roi.lag_months else ""
    return Cash(words.text(lang, "chart.cash"), CASH_H, tuple(columns), round(zero, 1),
                fmt.money(Decimal(str(hi))), fmt.money(Decimal(str(lo))),
                words.text(lang, "chart.period_axis", months=roi.period_months), marker, note, tone, paid)
