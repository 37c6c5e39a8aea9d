"""Turning results into words and figures in the user's language (English or Dutch).

The engine returns structured gaps; `gap_message` is the one place that puts a gap into words,
with the messages of the catalogue (`vip.present.words`).
Numbers, money and dates go through Babel so that a Dutch reader sees `USD 57.500` and `25 jul
2015` and an English one `USD 57,500` and `25 Jul 2015`.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberFormatError, format_currency, format_decimal, format_percent, parse_decimal

from vip.calc.results import Gap
from vip.io.bookings import Issue
from vip.model.checks import Choices
from vip.model.edition import Edition, Period
from vip.model.errors import InputError, VipError
from vip.present import words
from vip.present.words import Lang

# What a typed figure may hold: digits, separators and a sign (no exponent, no currency).
_TYPED = re.compile(r"[+-]?[0-9][0-9.,]*")


def pick_lang(locale: str | None) -> Lang:
    """The language for a browser locale such as `nl-NL` or `en-US` (English when unknown)."""
    return "nl" if (locale or "").lower().replace("_", "-").split("-")[0] == "nl" else "en"


@dataclass(frozen=True)
class Fmt:
    """Formats figures for one language, showing USD amounts in `currency` at `per_usd`."""

    lang: Lang = "en"
    currency: str = "USD"
    per_usd: Decimal = Decimal(1)

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

    def pct(self, fraction: Decimal | float, digits: int = 1) -> str:
        return format_percent(fraction, format="#,##0" + ("." + "#" * digits if digits else "") + "%", locale=self.lang)

    def day(self, d: date) -> str:
        return format_date(d, "d MMM y", locale=self.lang)

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


def gap_message(gap: Gap, subtrack: str, edition: Edition, fmt: Fmt) -> str:
    """One gap in plain words, with its deadline and, where it costs something, the cost."""
    lang = fmt.lang
    by = words.text(lang, f"gap.by_{gap.due}", day=fmt.day(gap.deadline))
    if gap.kind == "volume":
        return words.text(lang, "gap.volume", amount=fmt.money(gap.shortfall), subtrack=subtrack, by=by)
    if gap.kind == "csat":
        return words.plural(lang, "gap.csat", gap.shortfall, by=by)
    if gap.kind == "enrollment":
        text = words.text(lang, "gap.enrollment", subtrack=subtrack, by=by)
        return text if gap.attainable else words.text(lang, "gap.enrollment_closed", gap=text)
    if gap.kind == "policy":
        short = words.all_of(lang, [edition.name_of(i) for i in gap.blocking])
        return words.text(lang, "gap.policy", short=short, by=by)
    names = words.any_of(lang, [edition.name_of(i) for i in gap.missing_any_of])
    if gap.kind == "certification":
        return words.text(lang, "gap.certification", names=names, by=by)
    cheapest = f" ({edition.name_of(gap.cheapest)})" if len(gap.missing_any_of) > 1 else ""
    text = words.text(lang, "gap.cost", gap=words.text(lang, "gap.authorization", names=names, by=by),
                      cost=fmt.money(gap.cost.cash), hours=fmt.num(gap.cost.hours), cheapest=cheapest)
    if not gap.attainable:
        left = fmt.num(max(gap.months_left, Decimal(0)), 1)
        text = words.text(lang, "gap.too_late", gap=text, months=gap.months_to_earn, left=left)
    return text


def error_line(exc: VipError, lang: Lang = "en") -> str:
    """An error as one line in `lang`: `file: where: what`, a coded error worded from the catalogue
    (its figures in the language's own way, "did you mean ...?" from its suggestion).

    A message places the value it got (`got`) and the hint where it names `{got}` and `{hint}`;
    else they follow it (", got 'ten'", " (did you mean 'x'?)"): pydantic's messages say what was
    expected, and the input follows when there is one to show. A count `n` picks the plural form."""
    if exc.code is None:
        return exc.line()
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
