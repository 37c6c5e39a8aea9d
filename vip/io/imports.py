"""A partner's own figures into an edition of its own: a SKU list with rates, or a table of minimums,
read from a CSV or XLSX file, written as a rules file that `extends:` the base edition and gives
only what the file says.

The table is read as a bookings export is (`vip.io.tables`: separators, decimal commas, encodings,
headers guessed in English, Dutch and German); a rate reads `8%`, `0.08` and `8,0%` alike. Every row
is placed or refused with its row number and why; a file with a refused row writes nothing, so a
partner never works with half a list. Each figure carries `source: "<file name>, imported <date>"`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
import yaml

from vip.io.tables import (
    HEADER_WORDS,
    Cell,
    Table,
    _refused,
    detect_decimal,
    guess_columns,
    parse_amount,
    parse_date,
    read_table,
)
from vip.model.checks import nearest
from vip.model.edition import MONEY_LIMIT, Edition, Subtrack
from vip.model.errors import BookingsError

SUBTRACK_WORDS = ("subtrack", "sub track", "vip subtrack", "track", "architecture", "technology", "technologie",
                  "categorie", "kategorie", "category")
SKU_WORDS: dict[str, tuple[str, ...]] = {
    "sku": ("sku", "part number", "product id", "pid", "product number", "product code", "item number", "item",
            "artikelnummer", "artikelcode", "artikel", "productnummer", "productcode", "materialnummer", "produkt",
            "product"),
    "rate": ("rate", "rebate rate", "vip rate", "rebate", "base rate", "percentage", "percent", "pct", "tarief",
             "vergoeding", "korting", "satz", "rabatt", "prozentsatz", "prozent", "rückvergütung"),
    "subtrack": SUBTRACK_WORDS,
    "description": HEADER_WORDS["description"],
    "joins": ("start date", "effective date", "effective from", "valid from", "from", "ingangsdatum", "geldig vanaf",
              "vanaf", "gültig ab", "gueltig ab", "ab"),
    "leaves": ("end date", "expiry date", "valid until", "valid to", "until", "einddatum", "geldig tot", "tot",
               "gültig bis", "gueltig bis", "bis"),
}
MINIMUM_WORDS: dict[str, tuple[str, ...]] = {
    "country": ("country", "country code", "land", "landcode", "länderkennzeichen", "staat"),
    "subtrack": SUBTRACK_WORDS,
    "period": ("period", "period id", "version", "periode", "zeitraum", "versie"),
    "minimum": ("minimum", "minimum volume", "min volume", "minimum bookings", "minimum usd", "threshold", "drempel",
                "minimumomzet", "mindestumsatz", "mindestvolumen", "amount", "usd", "bedrag", "betrag"),
}
_SKU = re.compile(r"^[A-Z0-9][A-Z0-9._/+=#-]*$")


@dataclass(frozen=True, slots=True)
class Refusal:
    """A row that cannot be placed: its number, the reason (`rules.import.reason.<reason>`) and figures."""

    row: int
    reason: str
    params: Mapping[str, object]
    suggestion: str | None = None  # the nearest valid choice, for "did you mean ...?"

    def _replace_row(self, row: int) -> Refusal:
        return Refusal(row, self.reason, self.params, self.suggestion)


@dataclass(frozen=True)
class Imported:
    """What an import read: the rows, those placed and refused, and the edition it makes (the rules
    file's data: `extends`, `id`, and only what the file gives)."""

    source: str
    kind: str  # "skus" or "minimums"
    rows_read: int
    placed: int
    refused: tuple[Refusal, ...]
    edition: dict[str, Any]
    origin: str  # the source every imported figure carries


def _columns(table: Table, given: Mapping[str, str] | None, words: Mapping[str, Sequence[str]],
             required: Sequence[str]) -> dict[str, int]:
    """The column of each field: as mapped by hand (`--map sku=COL`), else guessed from the headers."""
    guessed = guess_columns(table.headers, words)
    for key, header in (given or {}).items():
        if key not in words:
            raise _refused("unknown_field", field=key, fields=", ".join(words), choice=nearest(key, words))
        if header not in table.headers:
            raise _refused("no_column", column=header, columns=", ".join(table.headers),
                           choice=nearest(header, table.headers))
    chosen = {**{k: v for k, v in guessed.items() if v not in (given or {}).values()}, **(given or {})}
    for i, header in enumerate(table.headers):  # a merged header cell leaves the columns after it unnamed
        if header == f"column {i + 1}" and any(r[i] not in (None, "") for r in table.rows):
            raise BookingsError(code="rules.import.unnamed_column", params={"column": i + 1})
    missing = tuple(f for f in required if f not in chosen)
    if missing:
        raise _refused("which_column", what=missing, columns=", ".join(table.headers))
    return {f: table.headers.index(h) for f, h in chosen.items()}


def _text(value: Cell) -> str:
    return "" if value is None else (value.isoformat()[:10] if isinstance(value, date) else str(value).strip())


def parse_rate(value: Cell) -> Decimal:
    """A rate as a fraction: `8%`, `8,0%` and `0.08` (or `0,08`) alike. A bare number above 1 is a
    percentage (`8`: 8%), as no rate is above 100%; ValueError when it is no number."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        percent = False
    else:
        text = re.sub(r"[\s\u00a0]", "", _text(value))
        percent = text.endswith("%")
        text = text.removesuffix("%")
        if not re.fullmatch(r"\d*[.,]?\d+", text):
            raise ValueError(text)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(str(value))
    return number / 100 if percent or number > 1 else number


class _Subtracks:
    """A subtrack of the base by its id or its name, as a file writes them (case and spaces aside)."""

    def __init__(self, edition: Edition) -> None:
        self.by_key: dict[str, Subtrack] = {}
        for s in edition.subtrack_by_id.values():
            self.by_key.setdefault(self._key(s.id), s)
            self.by_key.setdefault(self._key(s.name), s)
        self.names = [*edition.subtrack_by_id, *(s.name for s in edition.subtrack_by_id.values())]

    @staticmethod
    def _key(text: str) -> str:
        return " ".join(text.replace("_", " ").split()).casefold()

    def find(self, text: str) -> Subtrack | None:
        return self.by_key.get(self._key(text))


def _read(data: bytes, name: str, sheet: str | None, given: Mapping[str, str] | None,
          words: Mapping[str, Sequence[str]], required: Sequence[str]) -> tuple[Table, dict[str, int]]:
    try:
        table = read_table(data, name, sheet=sheet, wanted=list((given or {}).values()), header_words=words)
        if not table.rows:
            raise _refused("empty")
        return table, _columns(table, given, words, required)
    except BookingsError as exc:
        exc.file = exc.file or name or None
        raise


def _source(name: str, today: date) -> str:
    return f"{name.replace(chr(92), '/').rsplit('/', 1)[-1]}, imported {today.isoformat()}"


def _edition(base: Edition, new_id: str, description: str, subtracks: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The rules file's data: the base, the new id, and per subtrack what the file gives, in the base's order."""
    tracks = []
    for t in base.tracks:
        changed = [{"id": s.id, **subtracks[s.id]} for s in t.subtracks if s.id in subtracks]
        if changed:
            tracks.append({"id": t.id, "subtracks": changed})
    return {"extends": base.id, "id": new_id, "name": new_id, "description": description, "tracks": tracks}


def _fraction(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- a SKU list --------------------------------------------------------------------------------


def import_skus(data: bytes, name: str, base: Edition, new_id: str, *, mapping: Mapping[str, str] | None = None,
                sheet: str | None = None, today: date | None = None) -> Imported:
    """A SKU list (SKU, rate, subtrack; optionally description and the days a SKU joins and leaves)
    as an edition extending `base` with each SKU's rate."""
    table, col = _read(data, name, sheet, mapping, SKU_WORDS, ("sku", "rate", "subtrack"))
    source = _source(name, today or date.today())
    subtracks = _Subtracks(base)
    cap = base.max_rate.value
    refused: list[Refusal] = []
    seen: dict[str, tuple[int, str, Decimal]] = {}  # SKU -> (row, subtrack, rate)
    skus: dict[str, list[dict[str, Any]]] = {}
    placed = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        got = _sku_row(row, col, subtracks, cap)
        if isinstance(got, tuple):
            reason, params = got
            hint = params.pop("suggestion", None)
            refused.append(Refusal(number, reason, params, str(hint) if hint else None))
            continue
        sku, sub, rate = got["id"], got.pop("subtrack"), got["rate"]
        if sku in seen:
            first, first_sub, first_rate = seen[sku]
            if first_sub != sub:
                refused.append(Refusal(number, "sku_two_subtracks", {"sku": sku, "row": first, "subtrack": first_sub}))
            elif first_rate != rate:
                refused.append(Refusal(number, "sku_twice", {"sku": sku, "row": first, "rate": first_rate}))
            else:
                placed += 1  # the same SKU at the same rate twice: once on the list
            continue
        seen[sku] = (number, sub, rate)
        got["rate"] = {"value": _fraction(rate), "source": source}
        skus.setdefault(sub, []).append(got)
        placed += 1
    description = f"{base.name} with the per-SKU rates of {source}"
    edition = _edition(base, new_id, description, {sid: {"skus": items} for sid, items in skus.items()})
    return Imported(name, "skus", len(table.rows), placed, tuple(refused), edition, source)


def _sku_row(row: Sequence[Cell], col: Mapping[str, int], subtracks: _Subtracks,
             cap: Decimal) -> dict[str, Any] | tuple[str, dict[str, object]]:
    """One row of a SKU list as a SKU item (with its `subtrack`), or the reason it is refused."""
    sku = _text(row[col["sku"]]).upper()
    if not sku:
        return "no_sku", {}
    if not _SKU.fullmatch(sku) or len(sku) > 60:
        return "bad_sku", {"sku": sku[:60]}
    written = _text(row[col["subtrack"]])
    if not written:
        return "no_subtrack", {"sku": sku}
    sub = subtracks.find(written)
    if sub is None:
        return "unknown_subtrack", {"got": written[:80], "suggestion": nearest(written, subtracks.names)}
    cell = row[col["rate"]]
    if _text(cell) == "":
        return "no_rate", {"sku": sku}
    try:
        rate = parse_rate(cell)
    except ValueError:
        return "bad_rate", {"got": _text(cell)[:40]}
    if not 0 <= rate <= cap:
        return "rate_above_max", {"got": rate, "cap": cap}
    item: dict[str, Any] = {"id": sku, "subtrack": sub.id, "rate": rate}
    if "description" in col and _text(row[col["description"]]):
        item["description"] = " ".join(_text(row[col["description"]]).split())[:300]
    for key in ("joins", "leaves"):
        if key in col and _text(row[col[key]]):
            try:
                item[key] = parse_date(row[col[key]])
            except ValueError:
                return "bad_date", {"got": _text(row[col[key]])[:40]}
    if item.get("joins") and item.get("leaves") and item["leaves"] < item["joins"]:
        return "bad_window", {"joins": item["joins"].isoformat(), "leaves": item["leaves"].isoformat()}
    return item


# --- minimums ----------------------------------------------------------------------------------


def import_minimums(data: bytes, name: str, base: Edition, new_id: str, *,
                    mapping: Mapping[str, str] | None = None, sheet: str | None = None,
                    today: date | None = None) -> Imported:
    """A table of minimums as an edition extending `base`: a row per country, subtrack and period
    (columns country, subtrack, period, minimum), or a wide one with a column per subtrack (named by
    id or name) beside country and period. `default` as the country gives the rest's."""
    subtracks = _Subtracks(base)
    table, col = _read(data, name, sheet, mapping, MINIMUM_WORDS, ("country", "period"))
    wide = not ("subtrack" in col and "minimum" in col)
    if wide:
        taken = set(col.values())
        columns = {i: s.id for i, h in enumerate(table.headers) if i not in taken and (s := subtracks.find(h))}
        if not columns:
            raise BookingsError(code="bookings.refused.which_column", file=name,
                                params={"what": ("minimum",), "columns": ", ".join(table.headers)})
    else:
        columns = {col["minimum"]: ""}  # the subtrack is in its own column on each row
    decimal = {i: detect_decimal([r[i] for r in table.rows], "," if table.delimiter == ";" else ".") for i in columns}
    source = _source(name, today or date.today())
    refused: list[Refusal] = []
    found: dict[tuple[str, str, str], tuple[int, Decimal]] = {}  # (subtrack, period, country) -> (row, USD)
    placed = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        got = _minimum_row(row, col, columns, decimal, wide, subtracks, base)
        if isinstance(got, Refusal):
            refused.append(got._replace_row(number))
            continue
        clash = next(((k, found[k][0]) for k, usd in got if k in found and found[k][1] != usd), None)
        if clash is not None:
            (sid, period, country), first = clash
            refused.append(Refusal(number, "minimum_twice", {"row": first, "country": country, "subtrack": sid,
                                                             "period": period}))
            continue
        for key, usd in got:
            found.setdefault(key, (number, usd))
        placed += 1
    return Imported(name, "minimums", len(table.rows), placed, tuple(refused),
                    _edition(base, new_id, f"{base.name} with the minimums of {source}",
                             _min_volumes(base, found, source)), source)


def _minimum_row(row: Sequence[Cell], col: Mapping[str, int], columns: Mapping[int, str],
                 decimal: Mapping[int, str], wide: bool, subtracks: _Subtracks,
                 base: Edition) -> list[tuple[tuple[str, str, str], Decimal]] | Refusal:
    """One row of minimums as ((subtrack, period, country), USD) figures, or why it is refused (its
    row number still to be filled in)."""
    written = _text(row[col["country"]])
    country = _country(written)
    if country is None:
        return Refusal(0, "bad_country", {"got": written[:40]})
    period = _text(row[col["period"]])
    if period not in base.period_by_id:
        match = next((p.id for p in base.periods if p.name.casefold() == period.casefold()), None)
        if match is None:
            return Refusal(0, "unknown_period", {"got": period[:40]}, nearest(period, base.period_by_id))
        period = match
    out = []
    for i, sid in columns.items():
        if not wide:
            name = _text(row[col["subtrack"]])
            sub = subtracks.find(name)
            if sub is None:
                return Refusal(0, "unknown_subtrack", {"got": name[:80]}, nearest(name, subtracks.names))
            sid = sub.id
        elif _text(row[i]) == "":
            continue  # a wide table's empty cell: no figure for that subtrack
        try:
            usd, _ = parse_amount(row[i], decimal[i])
        except ValueError:
            return Refusal(0, "bad_minimum", {"got": _text(row[i])[:40]})
        if not 0 <= usd < MONEY_LIMIT:
            return Refusal(0, "bad_minimum", {"got": _text(row[i])[:40]})
        out.append(((sid, period, country), usd))
    return out


def _country(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from a code or a country's English name; `default` for the rest."""
    if text.casefold() in ("default", "other", "others", "rest", "overig", "overige", "andere", "*"):
        return "default"
    try:
        return str(pycountry.countries.lookup(text).alpha_2) if text else None
    except LookupError:
        return None


def _min_volumes(base: Edition, found: Mapping[tuple[str, str, str], tuple[int, Decimal]],
                 source: str) -> dict[str, dict[str, Any]]:
    """Per subtrack its new `min_volume`: the imported figures, and the base's for the countries and
    periods the file leaves out (with their own origin)."""
    out: dict[str, dict[str, Any]] = {}
    for sid in dict.fromkeys(k[0] for k in found):
        sub = base.subtrack_by_id[sid]
        tables: list[dict[str, Any]] = []
        for p in base.periods:
            usd = {c: v for (s, per, c), (_, v) in sorted(found.items()) if s == sid and per == p.id}
            if usd:
                tables.append({"period": p.id, "usd": usd, "source": source})
            for old in sub.min_volume:
                if old.period != p.id:
                    continue
                rest = {c: v for c, v in old.usd.items() if c not in usd}
                if rest:
                    tables.append({"period": p.id, "usd": rest, **old.model_dump(include={"source", "illustrative"},
                                                                                   exclude_defaults=True)})
        out[sid] = {"min_volume": tables}
    return out


# --- the rules file ----------------------------------------------------------------------------


_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: 20,000 SKUs in a second


class _Dumper(_BaseDumper):  # type: ignore[misc]
    """Writes the one source every imported figure shares once, as an anchor (`&id001`), and refers
    to it after (`*id001`): a list of 20,000 SKUs stays a file of a few MB."""

    shared: object = None

    def ignore_aliases(self, data: Any) -> bool:
        return data is not self.shared


def rules_text(imported: Imported) -> str:
    """The edition as a rules file."""
    from vip.io.rules import _plain

    data = _plain(imported.edition)
    shared = imported.origin

    def share(node: Any) -> Any:  # every copy of the source string the same object, so the dumper aliases it
        if isinstance(node, dict):
            return {k: (shared if k == "source" and v == shared else share(v)) for k, v in node.items()}
        return [share(v) for v in node] if isinstance(node, list) else node

    dumper = type("_Bound", (_Dumper,), {"shared": shared})
    head = (f"# {imported.edition['id']}: {imported.edition['description']}.\n"
            f"# Only what the file gives; everything else is {imported.edition['extends']}'s.\n")
    return head + yaml.dump(share(data), Dumper=dumper, sort_keys=False, allow_unicode=True, width=120,
                            default_flow_style=None)
