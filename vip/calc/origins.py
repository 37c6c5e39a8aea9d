"""Where the figures behind an estimate come from: a file of Cisco's the user imported (an own
edition's SKU list or minimum table), a public source, or a placeholder (`illustrative: true`).

Behind a partner's estimated rebate stand, for each enrolled subtrack, its rate (or its product
families' rates, or its SKU list's) and its minimum for the partner's country and period. The KPI row
says when any of these is illustrative, so that a consultant does not read a placeholder aloud as
Cisco's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vip.calc.results import Assessment
from vip.model.edition import Provenance

Origin = Literal["imported", "sourced", "illustrative"]
Figure = Literal["rate", "minimum"]

# What `vip rules import-skus` and `import-minimums` write as every imported figure's source.
IMPORTED = re.compile(r", imported \d{4}-\d{2}-\d{2}$")


def origin_of(figure: Provenance) -> Origin:
    if figure.illustrative:
        return "illustrative"
    return "imported" if figure.source and IMPORTED.search(figure.source) else "sourced"


@dataclass(frozen=True, slots=True)
class Behind:
    """The figures behind an estimate by origin: (figure, subtrack id) pairs, in the edition's order."""

    illustrative: tuple[tuple[Figure, str], ...]
    imported: tuple[tuple[Figure, str], ...]
    files: tuple[str, ...]  # the imported files' sources, as the figures carry them


def behind(a: Assessment) -> Behind:
    """The origins of the rates and minimums of the subtracks the partner is enrolled in."""
    e, p = a.edition, a.profile
    found: dict[Origin, list[tuple[Figure, str]]] = {"illustrative": [], "imported": [], "sourced": []}
    files: list[str] = []
    for s in a.subtracks:
        if not s.enrolled:
            continue
        sub = e.subtrack_by_id[s.id]
        rates = [sub.rate, *(f.rate for f in sub.families if f.rate is not None), *(k.rate for k in sub.skus)]
        _, table = e.min_volume(sub, p.period, p.country)
        for figure, origins in (("rate", {origin_of(r) for r in rates}), ("minimum", {origin_of(table)})):
            for origin in ("illustrative", "imported"):
                if origin in origins:
                    found[origin].append((figure, s.id))  # type: ignore[arg-type]
        for item in (*rates, table):
            if origin_of(item) == "imported" and item.source and item.source not in files:
                files.append(item.source)
    return Behind(tuple(found["illustrative"]), tuple(found["imported"]), tuple(files))
