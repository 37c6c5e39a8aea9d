"""A bookings import for people: as JSON (the contract of `vip import --format json`) and as text."""

from __future__ import annotations

from decimal import Decimal

from vip.io.bookings import BookingsResult
from vip.present.explain import issue_text


def result_dict(r: BookingsResult) -> dict[str, object]:
    """The import as a JSON-ready dictionary."""

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
            {"row": i.row, "kind": i.kind, "reason": i.reason, "message": issue_text(i), "sku": i.sku,
             "amount": i.amount, "date": i.day}
            for i in r.issues
        ],
    }


def result_text(r: BookingsResult) -> str:
    """The import as readable lines: what was read, the totals and every line that does not count."""
    t = r.table
    how = f"{t.kind.upper()}"
    how += f", {t.encoding}, separator {t.delimiter!r}" if t.kind == "csv" else f", sheet {t.sheet!r}"
    mapped = ", ".join(f"{k} = {v!r}" for k, v in r.mapping.items() if v)
    out = [
        f"{r.source}: {how}, decimal {'comma' if r.decimal == ',' else 'point'}, "
        f"dates {'day-month' if r.day_first else 'month-day'}",
        f"columns: {mapped}",
        f"{r.rows_read} rows: {len(r.lines)} counted, {len(r.rejected)} rejected, "
        f"{len(r.outside_period)} outside the period, {len(r.unmapped)} unmapped",
    ]
    if r.scale != 1:
        out.append(f"totals scaled by {r.scale.normalize():f}")
    out.append("")
    for sid, fam in r.families.items():
        total = sum(fam.values(), Decimal(0))
        out.append(f"  {sid:<26} USD {total:>14,.2f}")
        if len(fam) > 1:
            out += [f"    {fid:<24} USD {v:>14,.2f}" for fid, v in fam.items()]
    if r.negative:
        out.append(f"credit notes outweigh sales, counted as 0: {', '.join(r.negative)}")
    if r.issues:
        out += ["", "Lines that do not count:"]
        out += [f"  row {i.row}: {i.kind.replace('_', ' ')}: {issue_text(i)}" for i in r.issues]
    return "\n".join(out)
