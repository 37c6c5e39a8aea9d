"""An import of a partner's own figures (a SKU list, minimums) for people: as JSON and as text."""

from __future__ import annotations

from decimal import Decimal

from vip.io.imports import Imported, Refusal
from vip.present import words
from vip.present.explain import Fmt
from vip.present.words import Lang


def refusal_text(r: Refusal, lang: Lang = "en") -> str:
    """Why a row is refused, in words (rates as percentages, amounts as the language writes them)."""
    fmt = Fmt(lang)
    params = {k: (fmt.pct(v, 2) if k in ("got", "cap", "rate") else fmt.num(v, 2)) if isinstance(v, Decimal) else v
              for k, v in r.params.items()}
    hint = words.text(lang, "error.hint", choice=r.suggestion) if r.suggestion else ""
    return words.text(lang, f"rules.import.reason.{r.reason}", **params) + hint


def first_refused(imported: Imported, lang: Lang = "en") -> dict[str, object]:
    """The figures of the one line that says the file is refused."""
    first = imported.refused[0]
    return {"n": len(imported.refused), "row": first.row, "why": refusal_text(first, lang)}


def imported_dict(imported: Imported, written: str | None, lang: Lang = "en") -> dict[str, object]:
    return {
        "file": imported.source,
        "kind": imported.kind,
        "edition": imported.edition["id"],
        "extends": imported.edition["extends"],
        "rows": imported.rows_read,
        "placed": imported.placed,
        "refused": [{"row": r.row, "reason": r.reason, "message": refusal_text(r, lang)} for r in imported.refused],
        "written": written,
    }


def imported_text(imported: Imported, written: str | None, fmt: Fmt) -> str:
    lang = fmt.lang
    out = [words.plural(lang, "rules.import.summary", imported.rows_read, file=imported.source,
                        rows=fmt.num(imported.rows_read), placed=fmt.num(imported.placed),
                        refused=fmt.num(len(imported.refused)))]
    out += ["  " + words.text(lang, "rules.import.row", row=r.row, why=refusal_text(r, lang))
            for r in imported.refused]
    if written:
        out.append(words.text(lang, "rules.import.wrote", file=written, id=imported.edition["id"],
                              base=imported.edition["extends"]))
    return "\n".join(out)
