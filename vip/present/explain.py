"""Turning results into words and figures in the user's language (English or Dutch).

The engine returns structured gaps; `gap_message` is the one place that puts a gap into words,
with the messages of the catalogue (`vip.present.words`).
Numbers, money and dates go through Babel so that a Dutch reader sees `USD 57.500` and `25 jul
2015` and an English one `USD 57,500` and `25 Jul 2015`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import ROUND_DOWN, Decimal

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name
from babel.numbers import NumberFormatError, format_currency, format_decimal, format_percent, parse_decimal

from vip.calc.breakeven import BreakEven
from vip.calc.engine import nothing_to_invest
from vip.calc.origins import behind
from vip.calc.results import Assessment, Gap, Investment, Roi, SubtrackResult, overdue
from vip.calc.risk import Shipping, shipping
from vip.io.bookings import Issue
from vip.io.tables import parse_date
from vip.model.checks import Choices
from vip.model.edition import Edition, Period
from vip.model.errors import InputError, VipError
from vip.present import words
from vip.present.words import Lang

# What a typed figure may hold: digits, separators and a sign (no exponent, no currency).
_TYPED = re.compile(r"[+-]?[0-9][0-9.,]*")
# A day written in figures only, day and month in either order (28-3-2015, 3/28/2015).
_FIGURES_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")

# Below this spend (USD, one-off plus renewals over the horizon) the ROI is not shown: a percentage of
# so small a spend says little (USD 680 of CSAT hours that open USD 110,000 read as +16,135%), and
# the net present value beside it already says what the spend is worth.
SMALL_SPEND = Decimal(1000)
TENTH = Decimal("0.1")


def pick_lang(locale: str | None) -> Lang:
    """The language for a browser locale such as `nl-NL` or `en-US` (English when unknown)."""
    return "nl" if (locale or "").lower().replace("_", "-").split("-")[0] == "nl" else "en"


@dataclass(frozen=True)
class Fmt:
    """Formats figures for one language, showing USD amounts in `currency` at `per_usd` and moments
    in the reader's time zone `tz`."""

    lang: Lang = "en"
    currency: str = "USD"
    per_usd: Decimal = Decimal(1)
    tz: tzinfo = UTC

    def money(self, usd: Decimal | float | int, *, signed: bool = False) -> str:
        value = Decimal(str(usd)) * self.per_usd
        pattern = "+¤¤\xa0#,##0;-¤¤\xa0#,##0" if signed else "¤¤\xa0#,##0"
        return format_currency(value, self.currency, format=pattern, locale=self.lang, currency_digits=False)

    def num(self, value: Decimal | float | int, digits: int = 0, *, fixed: bool = False) -> str:
        """Grouped, with at most `digits` decimals (exactly `digits` when `fixed`, as for cents)."""
        pattern = "#,##0" + ("." + ("0" if fixed else "#") * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def figure(self, value: Decimal | float | int) -> str:
        """A number as a field shows it: grouped, with the decimals it has (`45.000`, `0,95`,
        `45.000,50` in Dutch; `45,000.50` in English)."""
        d = Decimal(str(value))
        pattern = "#,##0" if d == d.to_integral_value() else "#,##0.00####"
        return format_decimal(d, format=pattern, locale=self.lang)

    def parse(self, typed: str, *, whole: bool = False, low: Decimal | int | None = None,
              high: Decimal | int | None = None) -> Decimal:
        """A number as a user of this language types it (`45.000`, `45.000,50`, `0,95` in Dutch;
        `45,000.50` in English), read with Babel's strict parsing, so that a misplaced separator
        (`45.00.0`, `1,2,3`, a Dutch `0,95` on an English screen) is refused instead of misread.
        Empty reads as 0. An InputError says what was expected."""
        text = typed.strip()
        if not text:
            text = "0"
        value = None
        if _TYPED.fullmatch(text):
            try:
                value = parse_decimal(text, locale=self.lang, strict=True)
            except NumberFormatError:
                value = None
        if value is None or not value.is_finite():
            example = self.figure(Decimal("45000") if whole else Decimal("45000.50"))
            raise InputError(code="error.input.number", params={"typed": typed, "example": example})
        if whole and value != value.to_integral_value():
            raise InputError(code="error.input.whole", params={"typed": typed})
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                raise InputError(code="error.input.at_least", params={"typed": typed, "low": self.figure(low or 0)})
            raise InputError(code="error.input.between", params={
                "typed": typed, "low": self.figure(low or 0), "high": self.figure(high)})
        return value

    def parse_day(self, typed: str, *, low: date | None = None, high: date | None = None) -> date | None:
        """A day as a user of this language types it: as `day` shows it (`28 mrt 2015`, `28 Mar 2015`),
        in figures day first (`28-3-2015`, `28.03.2015`) or ISO (`2015-03-28`); None when empty. On an
        English screen a day in figures that could be read either way (`3/4/2015`) is refused rather
        than guessed. An InputError says what was expected."""
        text = typed.strip()
        if not text:
            return None
        example = self.day(low or date(2015, 3, 28))
        figures = _FIGURES_DAY.fullmatch(text)
        if self.lang == "en" and figures and figures.group(1) != figures.group(2) and max(
                int(figures.group(1)), int(figures.group(2))) <= 12:
            raise InputError(code="error.input.day_order", params={"typed": typed, "example": example})
        try:
            day = parse_date(text, day_first=not (figures and int(figures.group(2)) > 12))
        except ValueError:
            raise InputError(code="error.input.day", params={"typed": typed, "example": example}) from None
        if (low is not None and day < low) or (high is not None and day > high):
            raise InputError(code="error.input.day_between", params={
                "typed": typed, "low": self.day(low or day), "high": self.day(high or day)})
        return day

    def pct(self, fraction: Decimal | float, digits: int = 1) -> str:
        return format_percent(fraction, format="#,##0" + ("." + "#" * digits if digits else "") + "%", locale=self.lang)

    def day(self, d: date) -> str:
        return format_date(d, "d MMM y", locale=self.lang)

    def moment(self, when: datetime) -> str:
        """An aware moment in the reader's time zone, with the zone named, as the language writes the
        time: "24 apr 2015 12:05 (Midden-Europese zomertijd)", "24 Apr 2015 5:05 AM (Central
        Daylight Time)"."""
        local = when.astimezone(self.tz)
        # Babel names UTC "gecoördineerde wereldtijd"; readers in both languages say UTC.
        utc = local.utcoffset() == timedelta(0) and str(self.tz) in ("UTC", "Etc/UTC")
        zone = "UTC" if utc else get_timezone_name(local, "long", locale=self.lang)
        return f"{self.day(local.date())} {format_time(local, 'short', locale=self.lang)} ({zone})"

    def country(self, code: str) -> str:
        """A country's name in this language (Babel's territory names): `Nederland` for `NL`."""
        return str(Locale(self.lang).territories.get(code, code))

    def period(self, period: Period) -> str:
        """A period in this language: "6 maanden (25 jan 2015 – 25 jul 2015)" (the rules' names are English)."""
        months = words.plural(self.lang, "period.months", period.months)
        return words.text(self.lang, "period.label", months=months, start=self.day(period.start),
                          end=self.day(period.end))


def status_label(status: str, lang: Lang) -> str:
    """A subtrack's status (`eligible`, `not_enrolled`, `gap_enrollment`, `gap_period_end`) in words."""
    return words.text(lang, f"status.{status}")


def closed_on(due: str, deadline: date, fmt: Fmt) -> str:
    """A deadline that has gone by: "enrolment closed on 28 Mar 2015"."""
    return words.text(fmt.lang, f"time.closed_{due}", day=fmt.day(deadline))


def time_left(months_left: Decimal, due: str, deadline: date, fmt: Fmt) -> str:
    """The time left before a deadline, as a person says it: "2 left", "less than a month left", or,
    once it has gone by, "enrolment closed on 28 Mar 2015" (never "0 left"). Shown to a tenth,
    rounded down: 2.957 months read "2.9 left", never the "3 left" that a 3-month earn too late for
    would contradict."""
    if overdue(months_left):
        return closed_on(due, deadline, fmt)
    if months_left < 1:
        return words.text(fmt.lang, "time.under_a_month")
    return words.text(fmt.lang, "time.left", months=fmt.num(months_left.quantize(TENTH, ROUND_DOWN), 1))


def gap_message(gap: Gap, subtrack: str, edition: Edition, fmt: Fmt) -> str:
    """One gap in plain words, with its deadline (or that it has gone by) and, where it costs
    something, the cost."""
    lang = fmt.lang
    late = overdue(gap.months_left)
    by = (words.text(lang, "gap.by_closed", closed=closed_on(gap.due, gap.deadline, fmt)) if late
          else words.text(lang, f"gap.by_{gap.due}", day=fmt.day(gap.deadline)))
    if gap.kind == "volume":
        return words.text(lang, "gap.volume", amount=fmt.money(gap.shortfall), subtrack=subtrack, by=by)
    if gap.kind == "csat":
        return words.plural(lang, "gap.csat", gap.shortfall, by=by)
    if gap.kind == "enrollment":
        if gap.counts_from is not None:  # closed, but the edition counts a late enrolment from its date
            return words.text(lang, "gap.enrollment_late" if gap.attainable else "gap.enrollment_late_short",
                              subtrack=subtrack, by=by, day=fmt.day(gap.counts_from), share=fmt.pct(gap.share, 0))
        if gap.opens is not None:
            return words.text(lang, "gap.enrollment_opens", subtrack=subtrack, opens=fmt.day(gap.opens), by=by)
        return words.text(lang, "gap.enrollment_closed" if late else "gap.enrollment", subtrack=subtrack, by=by)
    if gap.kind == "policy":
        short = words.all_of(lang, [edition.name_of(i) for i in gap.blocking])
        return words.text(lang, "gap.policy", short=short, by=by)
    if gap.kind == "certification":
        names = words.any_of(lang, [edition.name_of(i) for i in gap.missing_any_of])
        return words.text(lang, "gap.certification", names=names, by=by)
    # What to earn, then the certification levels that would meet it too ("…, or be Gold Certified").
    auths = [i for i in gap.missing_any_of if i in edition.authorization_by_id]
    levels = [edition.name_of(i) for i in gap.missing_any_of if i not in edition.authorization_by_id]
    earn = words.text(lang, "gap.authorization", names=words.any_of(lang, [edition.name_of(i) for i in auths]), by=by)
    if levels:
        earn = words.text(lang, "gap.or_level", gap=earn, levels=words.any_of(lang, levels))
    cheapest = f" ({edition.name_of(gap.cheapest)})" if len(auths) > 1 else ""
    text = words.text(lang, "gap.cost", gap=earn, cost=fmt.money(gap.cost.cash), hours=fmt.num(gap.cost.hours),
                      cheapest=cheapest)
    if late:  # `by` has said that the deadline has gone by
        text = words.plural(lang, "gap.too_late_closed", gap.months_to_earn, gap=text)
    elif not gap.attainable:
        left = time_left(gap.months_left, gap.due, gap.deadline, fmt)
        text = words.plural(lang, "gap.too_late", gap.months_to_earn, gap=text, left=left)
    return text


def family_name(edition: Edition, subtrack: str, family: str) -> str:
    """The display name of a subtrack's product family."""
    return next((f.name for f in edition.subtrack_by_id[subtrack].families if f.id == family), family)


def family_gap_messages(s: SubtrackResult, edition: Edition, fmt: Fmt) -> list[tuple[str, bool]]:
    """Per product family its own unmet requirements hold back: which products, the rebate they hold
    back and what opens them, by when and at what cost; with whether that is too late for this period."""
    out = []
    for f in s.family_gaps:
        gaps = "; ".join(gap_message(g, s.name, edition, fmt) for g in f.gaps)
        out.append((words.text(fmt.lang, "gap.family", products=family_name(edition, s.id, f.family),
                               amount=fmt.money(f.rebate), gap=gaps), not f.attainable))
    return out


def shipping_of(a: Assessment) -> Shipping | None:
    """What is still to ship and the rebate that depends on it, or None when nothing is to ship (or
    the edition has no shipping window)."""
    if not a.profile.to_ship or a.edition.shipping is None:
        return None
    return shipping(a)


def shipping_messages(a: Assessment, fmt: Fmt, ship: Shipping | None = None) -> dict[str, tuple[str, bool]]:
    """Per subtrack with sales still to ship: by when, how much and the rebate that depends on it,
    with whether the ship-by date has gone by (too late for this period)."""
    ship = ship or shipping_of(a)
    if ship is None or ship.ship_by is None:
        return {}
    late = a.as_of > ship.ship_by
    keys = ("ship.overdue", "ship.overdue_depends") if late else ("ship.to_ship", "ship.to_ship_depends")
    return {x.subtrack: (words.text(fmt.lang, keys[bool(x.depends)], day=fmt.day(ship.ship_by),
                                    amount=fmt.money(x.usd), depends=fmt.money(x.depends)), late)
            for x in ship.subtracks}


def held_back_text(a: Assessment, held: Sequence[BreakEven], fmt: Fmt) -> list[str]:
    """Per subtrack whose gaps the investment leaves out because its sales are short of its minimum
    (`vip.calc.breakeven.held_back`): why, what to book first, and what closing its gaps would then
    earn a period, cost and need to sell to pay back."""
    lang, out = fmt.lang, []
    horizon = a.roi.horizon_periods
    for b in held:
        s = a.subtrack(b.subtrack)
        volume = next(g for g in s.gaps if g.kind == "volume")
        values = {"book": gap_message(volume, s.name, a.edition, fmt), "rebate": fmt.money(b.rebate_at_minimum),
                  "cost": fmt.money(b.investment)}
        then = (words.plural(lang, "held.then", horizon, even=fmt.money(b.break_even), **values)
                if b.break_even is not None else words.plural(lang, "held.never", horizon, **values))
        short = words.text(lang, "held.short", subtrack=s.name, short=fmt.money(b.to_minimum),
                           minimum=fmt.money(b.minimum))
        out.append(f"{short} {then}")
    return out


def plural_count(shown: Decimal) -> int:
    """The count whose plural form fits a figure as shown: a figure with decimals takes the plural in
    English and Dutch ("1.5 periods", "1,5 perioden"), as 2 does."""
    return int(shown) if shown == shown.to_integral_value() else 2


def payback_words(inv: Investment, roi: Roi, fmt: Fmt) -> tuple[str, str]:
    """A payback as a person says it, and the line under it: "2.5 periods" / "≈ 15 months", "within
    the first period", "at once" when nothing is spent up front, "does not pay back"; "—" when
    there is nothing to invest."""
    lang = fmt.lang
    if nothing_to_invest(inv, roi):
        return "—", words.text(lang, "kpi.nothing_to_invest")
    p = roi.payback_periods
    if p is None:
        return words.text(lang, "kpi.never"), ""
    if p == 0:
        return words.text(lang, "kpi.at_once"), words.text(lang, "kpi.at_once_note")
    if p <= 1:
        value = words.text(lang, "kpi.within_first")
    else:
        shown = p.quantize(Decimal("0.1"))
        value = words.plural(lang, "kpi.periods", plural_count(shown), periods=fmt.num(shown, 1))
    months = (p * roi.period_months).quantize(Decimal(1))
    if months < 1:
        return value, words.text(lang, "kpi.within_month")
    note = words.plural(lang, "kpi.months", int(months), months=fmt.num(months))
    if beyond_horizon(roi):
        note += ", " + beyond_words(roi, fmt)
    return value, note


# An assessment date longer than this before its period starts is more likely a mistyped year than
# a consultant planning ahead (the edition before runs in between); the Advisor takes no earlier day.
LONG_BEFORE = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class DateWarning:
    """Something about the assessment the figures do not show: `kind` for tools, `message` for people."""

    kind: str
    message: str


def as_of_warnings(a: Assessment, fmt: Fmt) -> list[DateWarning]:
    """What to say when the assessment date lies outside its period: after its end (every deadline
    gone by) or more than `LONG_BEFORE` ahead of its start. The engine counts the period as the first
    of the horizon either way; these say so rather than let the figures pass for today's."""
    day, period = fmt.day(a.as_of), a.period
    if a.as_of > period.end:
        return [DateWarning("as_of_after_period", words.text(fmt.lang, "warn.as_of_after", day=day,
                                                         end=fmt.day(period.end)))]
    if a.as_of < period.start - LONG_BEFORE:
        return [DateWarning("as_of_long_before_period", words.text(fmt.lang, "warn.as_of_long_before", day=day,
                                                               start=fmt.day(period.start)))]
    return []


def origin_notes(a: Assessment, fmt: Fmt, where: str = "cli") -> list[DateWarning]:
    """What to say of the figures behind the estimate (`vip.calc.origins`): that some are illustrative
    (and where to put in Cisco's own: `where` is "app" or "cli"), and which the user imported."""
    found = behind(a)
    lang, name = fmt.lang, a.edition.subtrack_by_id

    def said(pairs: Sequence[tuple[str, str]]) -> str:
        parts = []
        for figure in ("rate", "minimum"):
            names = [name[sid].name for f, sid in pairs if f == figure]
            if names:
                parts.append(words.plural(lang, f"origins.{figure}", len(names), subtracks=words.all_of(lang, names)))
        return "; ".join(parts)

    out = []
    if found.illustrative:
        hint = words.text(lang, f"origins.hint_{where}")
        out.append(DateWarning("illustrative_figures", words.text(
            lang, "origins.illustrative", figures=said(found.illustrative), hint=hint)))
    if found.imported:
        out.append(DateWarning("imported_figures", words.text(
            lang, "origins.imported", figures=said(found.imported), files="; ".join(found.files))))
    return out


def beyond_horizon(roi: Roi) -> bool:
    """The payback falls after the horizon: the engine extended the last period's cash flow to find
    it, which the horizon the user chose does not vouch for."""
    return roi.payback_periods is not None and roi.payback_periods > roi.horizon_periods


def beyond_words(roi: Roi, fmt: Fmt) -> str:
    """ "beyond the horizon of 1 period" """
    return words.plural(fmt.lang, "kpi.beyond_horizon", roi.horizon_periods, periods=fmt.num(roi.horizon_periods))


def payback_phrase(inv: Investment, roi: Roi, fmt: Fmt) -> str:
    """The payback in one phrase for a table cell: as the app's card says it, with "(beyond the
    horizon of 1 period)" when it falls after the horizon."""
    value = payback_words(inv, roi, fmt)[0]
    return f"{value} ({beyond_words(roi, fmt)})" if beyond_horizon(roi) else value


def roi_words(roi: Roi, fmt: Fmt) -> str | None:
    """The return on investment as shown ("+92.4%"); None when nothing is spent; when less than
    `SMALL_SPEND` is spent, that it is not shown and why."""
    if roi.roi is None:
        return None
    if roi.spend < SMALL_SPEND:
        return words.text(fmt.lang, "kpi.roi_small", amount=Fmt(fmt.lang).money(SMALL_SPEND))
    return ("+" if roi.roi > 0 else "") + fmt.pct(roi.roi)


def error_line(exc: VipError, lang: Lang = "en") -> str:
    """An error as one line in `lang`: `file: where: what`, a coded error worded from the catalogue
    (its figures in the language's own way, "did you mean ...?" from its suggestion).

    A message places the value it got (`got`) and the hint where it names `{got}` and `{hint}`;
    else they follow it (", got 'ten'", " (did you mean 'x'?)"): pydantic's messages say what was
    expected, and the input follows when there is one to show. A count `n` picks the plural form."""
    fmt = Fmt(lang)
    params = dict(exc.params)
    n = params.pop("n", None)
    count = n if isinstance(n, int) else None
    values = {name: _worded_param(value, fmt) for name, value in params.items()}
    values["hint"] = words.text(lang, "error.hint", choice=exc.suggestion) if exc.suggestion else ""
    template = words.template(lang, exc.code, count)
    named = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    what = words.text(lang, exc.code, **values) if count is None else words.plural(lang, exc.code, count, **values)
    if "got" in values and "got" not in named:
        what += words.text(lang, "error.got", got=values["got"])
    if "hint" not in named:
        what += str(values["hint"])
    return exc.line(what)


def _worded_param(value: object, fmt: Fmt) -> object:
    """An error's parameter as the message shows it: numbers in the language's way (a Decimal with
    the digits it has), field names in words, the first line that did not count with its reason."""
    if isinstance(value, Decimal):
        digits = max(0, -int(value.as_tuple().exponent))
        return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else ""), locale=fmt.lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt.num(value)
    if isinstance(value, Issue):
        return words.text(fmt.lang, "bookings.refused.first", row=value.row, why=issue_text(value, fmt.lang))
    if value is None:
        return ""
    if isinstance(value, Choices):  # "'AM', 'SE' or 'FE'"
        *first, last = value.items
        return words.text(fmt.lang, "error.value.or", first=", ".join(first), last=last) if first else last
    if isinstance(value, tuple):  # the fields no column could be found for
        return words.all_of(fmt.lang, [words.text(fmt.lang, f"bookings.field.{x}") for x in value])
    return value


def issue_text(issue: Issue, lang: Lang = "en") -> str:
    """Why a bookings line does not count, in words."""
    detail = words.text(lang, f"bookings.decimal.{issue.detail}") if issue.detail in ("comma", "point") else ""
    return words.text(lang, f"bookings.reason.{issue.reason}", value=issue.value, detail=detail)
