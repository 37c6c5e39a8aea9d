"""The differences between two editions (`vip.calc.diff`) as JSON-ready objects and as a text table.

`label` and `shown` word a difference in one language; `vip rules --diff` and the Program page both
use them, so a figure reads the same in the terminal as on screen.

Ids and places are named from the edition that has them, the first one first: a figure only the
second edition has is named as that edition names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vip.calc.diff import AnyOf, BonusRule, Dates, Difference, Figure, Origin, SkuList, Value
from vip.model.edition import Authorization, Bonus, Certification, Edition, Period, ProductFamily, Subtrack
from vip.present import words
from vip.present.explain import Fmt
from vip.present.output import num, table

Item = Period | Certification | Subtrack | Authorization | Bonus

ILLUSTRATIVE_MARK = "*"
NONE = "—"  # an empty list of names

# How a number is shown: as a percentage, as an amount in USD; the rest as plain numbers.
RATE_FIGURES: tuple[Figure, ...] = ("max_rate", "rate", "family_rate", "discount_rate")
USD_FIGURES: tuple[Figure, ...] = ("minimum", "renewal_per_year", "exam_fees", "hourly_cost")
_AUTHORIZATION_FIGURES = ("months_to_earn", "staff_hours", "renewal_per_year", "exam_fees")


def _items(figure: Figure, e: Edition) -> Mapping[str, Item]:
    if figure == "period":
        return e.period_by_id
    if figure in ("csat_required", "implies"):
        return e.certification_by_id
    if figure in _AUTHORIZATION_FIGURES:
        return e.authorization_by_id
    if figure == "bonus":
        return {x.id: x for x in e.bonuses}
    return e.subtrack_by_id


def item(d: Difference, a: Edition, b: Edition) -> Item | None:
    """What the figure belongs to (a period, level, subtrack, authorisation or bonus), from the first
    edition that has it; None for the edition's own figures."""
    if not d.place:
        return None
    return next(t[d.place[0]] for t in (_items(d.figure, a), _items(d.figure, b)) if d.place[0] in t)


def family(d: Difference, a: Edition, b: Edition) -> ProductFamily:
    """The product family of a `family_rate` or `family_requires`."""
    subtrack, family_id = d.place
    found = (f for e in (a, b) if subtrack in e.subtrack_by_id for f in e.subtrack_by_id[subtrack].families)
    return next(f for f in found if f.id == family_id)


def label(d: Difference, a: Edition, b: Edition, fmt: Fmt | None = None) -> str:
    """What the figure is, in `fmt`'s language (English by default): `Unified Computing (UCS) · Rate`."""
    lang = (fmt or Fmt("en")).lang
    found = item(d, a, b)
    if found is None:
        return words.text(lang, f"diff.figure.{d.figure}")
    if isinstance(found, Period):
        return words.plural(lang, "period.months", found.months)
    if d.figure == "bonus":
        return f"{words.text(lang, 'diff.figure.bonus')} · {words.rules_text(lang, 'bonus.' + found.id, found.name)}"
    if d.figure == "family_rate":
        return f"{found.name} · {family(d, a, b).name}"
    if d.figure == "family_requires":
        return f"{found.name} · {family(d, a, b).name} · {words.text(lang, 'diff.figure.family_requires')}"
    if d.figure == "minimum":
        _, period_id, country = d.place
        months = (a.period_by_id.get(period_id) or b.period_by_id[period_id]).months
        where = words.text(lang, "diff.default_country") if country == "default" else country
        return f"{found.name} · {words.text(lang, 'diff.figure.minimum', months=months, country=where)}"
    return f"{found.name} · {words.text(lang, f'diff.figure.{d.figure}')}"


def value_text(d: Difference, value: Value | None, origin: Origin | None, e: Edition, fmt: Fmt | None = None) -> str:
    """One side's value as the command shows it: `shown`, with a star when illustrative."""
    mark = ILLUSTRATIVE_MARK if value is not None and origin is not None and origin.illustrative else ""
    return shown(d, value, e, fmt) + mark


def shown(d: Difference, value: Value | None, e: Edition, fmt: Fmt | None = None) -> str:
    """One side's value in words and figures, with the names its own edition `e` gives them."""
    f = fmt or Fmt("en")
    lang = f.lang
    if value is None:
        return words.text(lang, "diff.absent")
    if isinstance(value, Dates):
        return words.text(lang, "diff.dates", start=f.day(value.start), end=f.day(value.end),
                          opens=f.day(value.enrollment_opens), closes=f.day(value.enrollment_closes))
    if isinstance(value, SkuList):
        return words.plural(lang, "diff.sku_list", value.count, count=f.num(value.count), low=f.pct(value.lowest),
                            high=f.pct(value.highest))
    if isinstance(value, BonusRule):
        return words.text(lang, "prog.bonus_rule", rate=f.pct(value.rate),
                          on=", ".join(e.name_of(x) for x in value.applies_to), cap=f.pct(value.cap_rate),
                          of=", ".join(e.name_of(x) for x in value.capped_by))
    if isinstance(value, tuple):
        if d.figure in ("requires", "family_requires"):
            needs = [(" / ".join(e.name_of(x) for x in need.ids), words.text(lang, f"prog.due_{need.due}"))
                     for need in value if isinstance(need, AnyOf)]
            return "; ".join(f"{names} ({due})" for names, due in needs) or NONE
        return ", ".join(e.name_of(x) for x in value if isinstance(x, str)) or NONE
    if isinstance(value, str):
        return words.text(lang, f"prog.policy_{value}")
    if d.figure == "payment_lag" and isinstance(value, int):
        return words.plural(lang, "prog.lag_months", value)
    if d.figure == "shipping_window" and isinstance(value, int):
        return words.plural(lang, "prog.window_days", value)
    if d.figure in RATE_FIGURES:
        return f.pct(value)
    if d.figure in USD_FIGURES:
        return f.money(value)
    return f.num(value, 4 if d.figure == "eur_per_usd" else 0)


def differences_text(diffs: Sequence[Difference], a: Edition, b: Edition, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    if not diffs:
        return words.text(f.lang, "diff.none", a=a.name, b=b.name)
    rows = [[label(d, a, b, f), value_text(d, d.before, d.before_origin, a, f),
             value_text(d, d.after, d.after_origin, b, f)] for d in diffs]
    out = table([words.text(f.lang, "diff.what"), a.name, b.name], rows)
    if any(cell.endswith(ILLUSTRATIVE_MARK) for row in rows for cell in row[1:]):
        out += "\n\n" + words.text(f.lang, "cli.illustrative")
    return out


def _plain(value: Value | None) -> Any:
    """A value as JSON: numbers through `num`, dates as ISO strings, ids as lists."""
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Dates):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(),
                "enrollment_opens": value.enrollment_opens.isoformat(),
                "enrollment_closes": value.enrollment_closes.isoformat()}
    if isinstance(value, SkuList):
        return {"skus": value.count, "lowest_rate": num(value.lowest), "highest_rate": num(value.highest)}
    if isinstance(value, BonusRule):
        return {"rate": num(value.rate), "applies_to": list(value.applies_to), "cap_rate": num(value.cap_rate),
                "capped_by": list(value.capped_by)}
    if isinstance(value, tuple):
        return [{"any_of": list(x.ids), "due": x.due} if isinstance(x, AnyOf) else x for x in value]
    return num(value)


def _origin(origin: Origin | None) -> str | None:
    """As `vip rules` gives it: "illustrative", else the sources; None when none is recorded."""
    if origin is None:
        return None
    if origin.illustrative:
        return "illustrative"
    return "; ".join(origin.sources) or None


def difference_dict(d: Difference, a: Edition, b: Edition, fmt: Fmt | None = None) -> dict[str, Any]:
    """One difference as JSON: ids, plain values and origins; only `what` is in words (`fmt`'s language)."""
    return {"figure": d.figure, "place": list(d.place), "what": label(d, a, b, fmt),
            "before": _plain(d.before), "after": _plain(d.after),
            "before_origin": _origin(d.before_origin), "after_origin": _origin(d.after_origin)}
