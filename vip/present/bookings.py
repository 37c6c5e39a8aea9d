"""A bookings import for people: as JSON (the contract of `vip import --format json`) and as text."""

from __future__ import annotations

from decimal import Decimal

from vip.io.bookings import BookingsResult, Line
from vip.present import words
from vip.present.explain import Fmt, issue_text
from vip.present.words import Lang


def result_dict(r: BookingsResult, lang: Lang = "en") -> dict[str, object]:
    """The import as a JSON-ready dictionary, the issues' `message` in `lang`."""

    def money(v: Decimal) -> float | int:
        return int(v) if v == v.to_integral_value() else float(v)

    return {
        "file": r.source,
        "format": r.table.kind,
        "encoding": r.table.encoding,
        "delimiter": r.table.delimiter,
        "sheet": r.table.sheet,
        "decimal": r.decimal,
        "day_first": r.day_first,
        "mapping": dict(r.mapping.items()),
        "period": {"id": r.period.id, "start": r.period.start.isoformat(), "end": r.period.end.isoformat()},
        "scale": money(r.scale),
        "rows": r.rows_read,
        "counted": r.counted,
        "totals_usd": {sid: money(v) for sid, v in r.totals.items()},
        "families_usd": {sid: {fid: money(v) for fid, v in fam.items()} for sid, fam in r.families.items()},
        "issues": [
            {"row": i.row, "kind": i.kind, "reason": i.reason, "message": issue_text(i, lang), "sku": i.sku,
             "amount": i.amount, "date": i.day}
            for i in r.issues
        ],
        **({"shipping": {
            "as_of": r.as_of.isoformat(), "ship_by": r.ship_by.isoformat() if r.ship_by else None,
            "to_ship_usd": {sid: money(v) for sid, v in r.to_ship.items()},
            "ships_late": [{"row": x.row, "sku": x.sku, "ship_date": x.ship_date.isoformat() if x.ship_date else None,
                            "message": late_text(x, r, Fmt(lang))} for x in r.ships_late],
        }} if r.as_of else {}),
    }


def late_text(x: Line, r: BookingsResult, f: Fmt) -> str:
    """A counted line that ships after the ship-by date, in words."""
    assert x.ship_date is not None and r.ship_by is not None
    return words.text(f.lang, "bookings.ships_late", sku=x.sku, day=f.day(x.ship_date), ship_by=f.day(r.ship_by))


def to_ship_text(r: BookingsResult, f: Fmt) -> str:
    """What the to-ship figures are: not shipped by the as-of day, and the day they must ship by."""
    assert r.as_of is not None
    if r.ship_by is None:
        return words.text(f.lang, "bookings.to_ship_no_window", as_of=f.day(r.as_of))
    return words.text(f.lang, "bookings.to_ship", as_of=f.day(r.as_of), ship_by=f.day(r.ship_by))


# The lines that do not count a text report lists: of a distributor's million lines, hundreds of thousands
# may not count, which `--issues FILE` writes whole (and only the first of which need be read).
ISSUES_SHOWN = 100


def result_text(r: BookingsResult, fmt: Fmt | None = None) -> str:
    """The import as readable lines: what was read, the totals and the first `ISSUES_SHOWN` lines that do
    not count."""
    f = fmt or Fmt("en")
    lang = f.lang
    t = r.table
    how = (words.text(lang, "cli.import.csv", encoding=t.encoding, separator=repr(t.delimiter)) if t.kind == "csv"
           else words.text(lang, "cli.import.xlsx", sheet=repr(t.sheet)) if t.kind == "xlsx"
           else words.text(lang, "cli.import.parquet"))
    decimal = words.text(lang, "bookings.decimal.comma" if r.decimal == "," else "bookings.decimal.point")
    dates = words.text(lang, "cli.import.day_first" if r.day_first else "cli.import.month_first")
    mapped = ", ".join(f"{k} = {v!r}" for k, v in r.mapping.items() if v)
    out = [
        words.text(lang, "cli.import.head", source=r.source, how=how, decimal=decimal, dates=dates),
        words.text(lang, "cli.import.columns", mapped=mapped),
        words.plural(lang, "cli.import.counts", r.rows_read, counted=r.counted, rejected=r.count("rejected"),
                     outside=r.count("outside_period"), unmapped=r.count("unmapped")),
    ]
    if r.scale != 1:
        out.append(words.text(lang, "cli.import.scaled", scale=f.num(r.scale, 6)))
    out.append("")
    for sid, fam in r.families.items():
        total = sum(fam.values(), Decimal(0))
        out.append(f"  {sid:<26} USD {f.num(total, 2, fixed=True):>14}")
        if len(fam) > 1:
            out += [f"    {fid:<24} USD {f.num(v, 2, fixed=True):>14}" for fid, v in fam.items()]
    if r.negative:
        out.append(words.text(lang, "cli.import.negative", subtracks=", ".join(r.negative)))
    if r.as_of is not None:
        out += ["", to_ship_text(r, f)]
        out += [f"  {sid:<26} USD {f.num(v, 2, fixed=True):>14}" for sid, v in r.to_ship.items()]
        out += ["  " + words.text(lang, "cli.import.late", row=x.row, why=late_text(x, r, f)) for x in r.ships_late]
    issues = sum(r.issue_counts.values()) if r.issue_counts else len(r.issues)
    if issues:
        out += ["", words.text(lang, "cli.import.issues")]
        out += ["  " + words.text(lang, "cli.import.issue", row=i.row, why=issue_text(i, lang),
                                  kind=words.text(lang, f"cli.import.kind.{i.kind}"))
                for i in r.first_issues(ISSUES_SHOWN)]
        if issues > ISSUES_SHOWN:
            out.append("  " + words.plural(lang, "cli.import.more_issues", issues - ISSUES_SHOWN))
    return "\n".join(out)
