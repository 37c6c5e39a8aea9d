"""The differences between two editions (`vip.calc.diff`) as JSON-ready objects and as a text table.

Ids and places are named from the edition that has them, the first one first: a figure only the
second edition has is named as that edition names it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vip.calc.diff import AnyOf, BonusRule, Dates, Difference, Figure, Origin, Value
from vip.model.edition import Authorization, Bonus, Certification, Edition, Period, ProductFamily, Subtrack
from vip.present.explain import Fmt
from vip.present.output import num, table

Item = Period | Certification | Subtrack | Authorization | Bonus

ABSENT = "absent"
ILLUSTRATIVE_MARK = "*"

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
    """The product family of a `family_rate`."""
    subtrack, family_id = d.place
    found = (f for e in (a, b) if subtrack in e.subtrack_by_id for f in e.subtrack_by_id[subtrack].families)
    return next(f for f in found if f.id == family_id)


# The edition's own figures, and what each figure of an item (a subtrack, level or authorisation) is.
_EDITION_FIGURES = {"max_rate": "Maximum rate", "policy": "Minimums", "hourly_cost": "Default staff cost per hour",
                    "horizon_periods": "Default horizon (periods)", "discount_rate": "Default discount rate a year",
                    "eur_per_usd": "Default EUR per USD"}
_ITEM_FIGURES = {"csat_required": "CSATs required", "implies": "brings", "rate": "rate",
                 "requires": "requires (any of)", "months_to_earn": "months to earn", "staff_hours": "staff hours",
                 "renewal_per_year": "renewal a year", "exam_fees": "exam fees"}


def label(d: Difference, a: Edition, b: Edition) -> str:
    """What the figure is, in English: `Unified Computing (UCS) · rate`."""
    found = item(d, a, b)
    if found is None:
        return _EDITION_FIGURES[d.figure]
    if d.figure == "period":
        return f"Period {found.id}"
    if d.figure == "bonus":
        return f"Bonus · {found.name}"
    if d.figure == "family_rate":
        return f"{found.name} · {family(d, a, b).name} rate"
    if d.figure == "minimum":
        return f"{found.name} · minimum {d.place[1]} ({d.place[2]})"
    return f"{found.name} · {_ITEM_FIGURES[d.figure]}"


def value_text(d: Difference, value: Value | None, origin: Origin | None, e: Edition, fmt: Fmt | None = None) -> str:
    """One side's value as shown, names from that side's edition `e`, with a star when illustrative."""
    f = fmt or Fmt("en")
    if value is None:
        return ABSENT
    mark = ILLUSTRATIVE_MARK if origin is not None and origin.illustrative else ""
    return _text(d, value, e, f) + mark


def _text(d: Difference, value: Value, e: Edition, f: Fmt) -> str:
    if isinstance(value, Dates):
        return f"{f.day(value.start)} - {f.day(value.end)}, enrolment closes {f.day(value.enrollment_closes)}"
    if isinstance(value, BonusRule):
        return (f"{f.pct(value.rate)} of the eligible sales of {', '.join(e.name_of(x) for x in value.applies_to)}, "
                f"at most {f.pct(value.cap_rate)} of those of {', '.join(e.name_of(x) for x in value.capped_by)}")
    if isinstance(value, tuple):
        if d.figure == "requires":
            return "; ".join(f"{' / '.join(e.name_of(x) for x in need.ids)} ({need.due.replace('_', ' ')})"
                             for need in value if isinstance(need, AnyOf)) or "none"
        return ", ".join(e.name_of(x) for x in value if isinstance(x, str)) or "none"
    if isinstance(value, str):
        return value.replace("_", " ")
    if d.figure in RATE_FIGURES:
        return f.pct(value)
    if d.figure in USD_FIGURES:
        return f.money(value)
    if d.figure == "eur_per_usd":
        return f.num(value, 4)
    return f.num(value)


def differences_text(diffs: Sequence[Difference], a: Edition, b: Edition, fmt: Fmt | None = None) -> str:
    if not diffs:
        return f"{a.name} and {b.name} do not differ."
    rows = [[label(d, a, b), value_text(d, d.before, d.before_origin, a, fmt),
             value_text(d, d.after, d.after_origin, b, fmt)] for d in diffs]
    out = table(["What", a.name, b.name], rows)
    if any(ILLUSTRATIVE_MARK in cell for row in rows for cell in row[1:]):
        out += "\n\n* illustrative: check against the edition rules the partner holds"
    return out


def _plain(value: Value | None) -> Any:
    """A value as JSON: numbers through `num`, dates as ISO strings, ids as lists."""
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, Dates):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(),
                "enrollment_closes": value.enrollment_closes.isoformat()}
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


def difference_dict(d: Difference, a: Edition, b: Edition) -> dict[str, Any]:
    return {"figure": d.figure, "place": list(d.place), "what": label(d, a, b),
            "before": _plain(d.before), "after": _plain(d.after),
            "before_origin": _origin(d.before_origin), "after_origin": _origin(d.after_origin)}
