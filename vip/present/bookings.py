"""A bookings import for people: as JSON (the contract of `vip import --format json`) and as text."""

from __future__ import annotations

from decimal import Decimal

from vip.io.bookings import BookingsResult
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
        "counted": len(r.lines),
        "totals_usd": {sid: money(v) for sid, v in r.totals.items()},
        "families_usd": {sid: {fid: money(v) for fid, v in fam.items()} for sid, fam in r.families.items()},
        "issues": [
            {"row": i.row, "kind": i.kind, "reason": i.reason, "message": issue_text(i, lang), "sku": i.sku,
             "amount": i.amount, "date": i.day}
            for i in r.issues
        ],
    }


def result_text(r: BookingsResult, fmt: Fmt | None = None) -> str:
    """The import as readable lines: what was read, the totals and every line that does not count."""
    f = fmt or Fmt("en")
    lang = f.lang
    t = r.table
    how = (words.text(lang, "cli.import.csv", encoding=t.encoding, separator=repr(t.delimiter)) if t.kind == "csv"
           else words.text(lang, "cli.import.xlsx", sheet=repr(t.sheet)))
    decimal = words.text(lang, "bookings.decimal.comma" if r.decimal == "," else "bookings.decimal.point")
    dates = words.text(lang, "cli.import.day_first" if r.day_first else "cli.import.month_first")
    mapped = ", ".join(f"{k} = {v!r}" for k, v in r.mapping.items() if v)
    out = [
        words.text(lang, "cli.import.head", source=r.source, how=how, decimal=decimal, dates=dates),
        words.text(lang, "cli.import.columns", mapped=mapped),
        words.plural(lang, "cli.import.counts", r.rows_read, counted=len(r.lines), rejected=len(r.rejected),
                     outside=len(r.outside_period), unmapped=len(r.unmapped)),
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
    if r.issues:
        out += ["", words.text(lang, "cli.import.issues")]
        out += ["  " + words.text(lang, "cli.import.issue", row=i.row, why=issue_text(i, lang),
                                  kind=words.text(lang, f"cli.import.kind.{i.kind}"))
                for i in r.issues]
    return "\n".join(out)
