"""Turning results into words and figures in the user's language (English or Dutch).

The engine returns structured gaps; `gap_message` is the one place that puts a gap into words.
Numbers, money and dates go through Babel so that a Dutch reader sees `USD 57.500` and `25 jul
2015` and an English one `USD 57,500` and `25 Jul 2015`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from vip.calc.results import Gap
from vip.model.edition import Edition, Period

Lang = Literal["en", "nl"]
LANGS: tuple[Lang, ...] = ("en", "nl")


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

    def num(self, value: Decimal | float | int, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def pct(self, fraction: Decimal | float, digits: int = 1) -> str:
        return format_percent(fraction, format="#,##0" + ("." + "#" * digits if digits else "") + "%", locale=self.lang)

    def day(self, d: date) -> str:
        return format_date(d, "d MMM y", locale=self.lang)

    def country(self, code: str) -> str:
        """A country's name in this language (Babel's territory names): `Nederland` for `NL`."""
        return str(Locale(self.lang).territories.get(code, code))

    def period(self, period: Period) -> str:
        """A period in this language: "6 maanden (25 jan 2015 – 25 jul 2015)" (the rules' names are English)."""
        months = f"{period.months} {'months' if self.lang == 'en' else 'maanden'}"
        return f"{months} ({self.day(period.start)} – {self.day(period.end)})"


STATUS: dict[str, dict[Lang, str]] = {
    "eligible": {"en": "Eligible", "nl": "Komt in aanmerking"},
    "not_enrolled": {"en": "Not enrolled", "nl": "Niet ingeschreven"},
    "gap_enrollment": {"en": "Gap due at enrolment", "nl": "Tekort, uiterlijk bij inschrijving"},
    "gap_period_end": {"en": "Gap due by period end", "nl": "Tekort, uiterlijk aan het eind van de periode"},
}


def _names(ids: tuple[str, ...], edition: Edition, lang: Lang) -> str:
    names = [edition.name_of(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    joiner = " or " if lang == "en" else " of "
    return ", ".join(names[:-1]) + joiner + names[-1]


def gap_message(gap: Gap, subtrack: str, edition: Edition, fmt: Fmt) -> str:
    """One gap in plain words, with its deadline and, where it costs something, the cost."""
    en = fmt.lang == "en"
    when = fmt.day(gap.deadline)
    if gap.due == "enrollment":
        by = f"before enrolment closes on {when}" if en else f"voordat de inschrijving sluit op {when}"
    else:
        by = f"by {when}" if en else f"vóór {when}"
    n = int(gap.shortfall or 0)
    if gap.kind == "volume":
        amount = fmt.money(gap.shortfall or 0)
        return f"Book {amount} more {subtrack} {by}" if en else f"Boek nog {amount} aan {subtrack} {by}"
    if gap.kind == "csat":
        if en:
            return f"Hand in {n} more CSAT{'s' if n != 1 else ''} {by}"
        return f"Lever nog {n} CSAT{'’s' if n != 1 else ''} in {by}"
    if gap.kind == "enrollment":
        text = f"Enrol in {subtrack} in PPE {by}" if en else f"Schrijf je in voor {subtrack} in PPE {by}"
        if not gap.attainable:
            text += ": enrolment has closed, next period" if en else ": de inschrijving is gesloten, volgende periode"
        return text
    if gap.kind == "policy":
        short = _names(gap.blocking, edition, fmt.lang)
        if en:
            return f"Paid only when every enrolled subtrack meets its minimum: {short} is short {by}"
        return f"Alleen uitbetaald als elk ingeschreven subtrack zijn minimum haalt: {short} haalt het niet {by}"
    if gap.kind == "certification":
        names = _names(gap.missing_any_of, edition, fmt.lang)
        return f"Reach {names} {by}" if en else f"Behaal het niveau {names} {by}"
    names = _names(gap.missing_any_of, edition, fmt.lang)
    text = f"Earn {names} {by}" if en else f"Behaal {names} {by}"
    if gap.cash is not None and gap.hours is not None:
        cost = fmt.money(gap.cash)
        hours = fmt.num(gap.hours)
        cheapest = ""
        if len(gap.missing_any_of) > 1 and gap.cheapest:
            cheapest = f" ({edition.name_of(gap.cheapest)})"
        text += (
            f": about {cost} and {hours} staff hours{cheapest}" if en
            else f": ongeveer {cost} en {hours} uur personeelsinzet{cheapest}"
        )
    if not gap.attainable and gap.months_to_earn is not None:
        left = fmt.num(max(gap.months_left or 0, Decimal(0)), 1)
        text += (
            f"; takes about {gap.months_to_earn} months, {left} left: counts from the next period" if en
            else f"; duurt ongeveer {gap.months_to_earn} maanden, nog {left} over: telt pas vanaf de volgende periode"
        )
    return text
