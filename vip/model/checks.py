"""Cross-checks of an edition and of a profile against its edition, and what pydantic found wrong,
each as a `Problem`: where the value sits (`tracks[2].subtracks[0].rate`), the catalogue message
that words it with its figures, and the close match for "did you mean ...?". The words themselves
are the catalogue's (`vip.present.explain.error_line`), in the user's language."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import ValidationError

from vip.model.edition import Edition, Requirement
from vip.model.errors import ProfileError, VipError
from vip.model.profile import Profile

Loc = tuple[str | int, ...]
E = TypeVar("E", bound=VipError)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check found wrong at `loc`: the message `code`, its `params` and the nearest valid
    choice (`suggestion`)."""

    loc: Loc
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    suggestion: str | None = None

    def error(self, kind: type[E], file: str | None = None) -> E:
        """The problem as an error of `kind` (a ProfileError, a RulesError) at its place."""
        return kind(file=file, where=where(self.loc), code=self.code, params=self.params,
                    suggestion=self.suggestion)


@dataclass(frozen=True, slots=True)
class Choices:
    """The values a field allows, which a message lists as "'AM', 'SE' or 'FE'" in the reader's
    language."""

    items: tuple[str, ...]


def where(loc: Loc) -> str:
    """`('tracks', 2, 'subtracks', 0, 'rate')` -> `tracks[2].subtracks[0].rate`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a mistyped word, if one is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


# Pydantic's error types the catalogue words as `error.value.<type>`, with pydantic's context as
# their figures: the common ones, and the project's own validators' (vip.model.edition raises
# PydanticCustomError with these types). Any other type is worded by `error.value.other`, which
# can only quote pydantic's English message: its figures are not known ahead.
_WORDED = frozenset({
    "missing", "extra_forbidden", "greater_than", "greater_than_equal", "less_than", "less_than_equal",
    "finite_number", "int_type", "int_parsing", "int_from_float", "decimal_type", "decimal_parsing",
    "bool_type", "bool_parsing", "string_type", "string_pattern_mismatch", "string_too_short",
    "string_too_long", "too_short", "too_long", "literal_error", "date_type", "date_parsing",
    "date_from_datetime_parsing", "date_from_datetime_inexact", "dict_type", "list_type", "tuple_type",
    "model_type",
    "country_code", "origin", "period_order", "enrollment_window", "period_length", "training_cost",
})
# The types whose message counts something (`1 item`, `2 items`): the count becomes `n`, which picks
# the message's plural form.
_COUNTED = {"too_short": "min_length", "too_long": "max_length", "string_too_short": "min_length",
            "string_too_long": "max_length"}


def _english(kind: str, msg: str) -> str:
    """Pydantic's message recast as 'expected ...', as the catalogue's English words it."""
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check the spelling)"
    msg = msg.removeprefix("Value error, ")
    return "expected " + msg.removeprefix("Input should be ") if msg.startswith("Input should be ") else msg


def _choices(expected: str) -> Choices:
    """Pydantic's "'AM', 'SE' or 'FE'" as its values (the schema's literals are ids: no commas in them)."""
    head, sep, last = expected.rpartition(" or ")
    return Choices((*head.split(", "), last) if sep else (expected,))


def describe(error: Mapping[str, Any]) -> tuple[str, dict[str, object]]:
    """One pydantic error as a catalogue message and its figures: pydantic's context, and the input
    as `got` where the message says what was expected of it (not for a whole mapping or list)."""
    kind, value = error["type"], error.get("input")
    english = _english(kind, str(error["msg"]))
    got = english.startswith("expected") and "got" not in english and not isinstance(value, dict | list)
    if kind not in _WORDED:
        return "error.value.other", {"message": f"{english}, got {value!r}" if got else english}
    params: dict[str, object] = dict(error.get("ctx") or {})
    if got:
        params["got"] = repr(value)
    if kind in _COUNTED:
        params["n"] = params.pop(_COUNTED[kind])
    if kind == "literal_error":
        params["expected"] = _choices(str(params["expected"]))
    return f"error.value.{kind}", params


_WRONG_SHAPE = frozenset({"decimal_type", "dict_type"})


def first_error(exc: ValidationError, data: Any) -> Problem:
    """The error to report, at its place in the document, and what was expected.

    Pydantic tries each member of a union (an amount, or amounts per product family) and reports a
    failure for each: the one to report is the member whose shape the input has. Its locations also
    hold tags of its own (union members, validators, `[key]`) that are no place in the file.
    """
    errors = exc.errors()
    error = next((e for e in errors if e["type"] not in _WRONG_SHAPE), errors[0])
    loc: list[str | int] = []
    node = data
    for i, part in enumerate(error["loc"]):
        in_file = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if in_file:
            node = node[part]
        elif not (error["type"] == "missing" and i == len(error["loc"]) - 1):
            continue
        loc.append(part)
    return Problem(tuple(loc), *describe(error))


def _duplicates(items: Sequence[Any], attr: str = "id") -> Iterator[int]:
    """The indexes of the items whose `attr` an earlier item already has."""
    seen: set[Any] = set()
    for i, item in enumerate(items):
        if getattr(item, attr) in seen:
            yield i
        seen.add(getattr(item, attr))


def edition_problems(e: Edition) -> Iterator[Problem]:
    """Cross-checks that need the whole edition."""
    for name in ("periods", "certifications", "authorizations", "tracks", "bonuses"):
        for i in _duplicates(getattr(e, name)):
            yield Problem((name, i, "id"), "error.rules.duplicate_id", {"id": getattr(e, name)[i].id})
    flat = [(ti, si, s) for ti, t in enumerate(e.tracks) for si, s in enumerate(t.subtracks)]
    seen: dict[str, Loc] = {}
    for ti, si, s in flat:
        if s.id in seen:
            yield Problem(("tracks", ti, "subtracks", si, "id"), "error.rules.duplicate_subtrack", {"id": s.id})
        seen[s.id] = ("tracks", ti, "subtracks", si)
    families: set[str] = set()
    for ti, si, s in flat:
        for fi, f in enumerate(s.families):
            if f.id in families:
                yield Problem(("tracks", ti, "subtracks", si, "families", fi, "id"), "error.rules.duplicate_family",
                              {"id": f.id})
            families.add(f.id)
    for i, c in enumerate(e.certifications):
        if c.id in e.authorization_by_id:
            yield Problem(("certifications", i, "id"), "error.rules.certification_is_authorization", {"id": c.id})
    for i in _duplicates(e.certifications, "rank"):
        yield Problem(("certifications", i, "rank"), "error.rules.duplicate_rank")

    cap = e.max_rate.value
    over = "error.rules.rate_above_max"
    known = {**e.authorization_by_id, **e.certification_by_id}
    skus: dict[str, str] = {}  # SKU -> the subtrack that lists it first
    for ti, si, s in flat:
        at: Loc = ("tracks", ti, "subtracks", si)
        if s.rate.value > cap:
            yield Problem((*at, "rate", "value"), over, {"cap": cap, "got": s.rate.value})
        for fi, f in enumerate(s.families):
            if f.rate is not None and f.rate.value > cap:
                yield Problem((*at, "families", fi, "rate", "value"), over, {"cap": cap, "got": f.rate.value})
        for ki, k in enumerate(s.skus):
            if k.id in skus:
                yield Problem((*at, "skus", ki, "id"), "error.rules.sku_twice", {"sku": k.id, "subtrack": skus[k.id]})
            skus[k.id] = s.id
            if k.rate.value > cap:
                yield Problem((*at, "skus", ki, "rate", "value"), over, {"cap": cap, "got": k.rate.value})
            if k.joins and k.leaves and k.leaves < k.joins:
                yield Problem((*at, "skus", ki, "leaves"), "error.rules.sku_window",
                              {"joins": k.joins.isoformat(), "leaves": k.leaves.isoformat()})
        requirements: list[tuple[Loc, Requirement]] = [((*at, "requires", ri), r) for ri, r in enumerate(s.requires)]
        requirements += [((*at, "families", fi, "requires", ri), r)
                         for fi, f in enumerate(s.families) for ri, r in enumerate(f.requires)]
        for loc, r in requirements:
            for ai, a in enumerate(r.any_of):
                if a not in known:
                    yield Problem((*loc, "any_of", ai), "error.rules.unknown_requirement", {"id": a},
                                  nearest(a, known))
        for vi, v in enumerate(s.min_volume):
            if v.period not in e.period_by_id:
                yield Problem((*at, "min_volume", vi, "period"), "error.rules.unknown_period", {"period": v.period},
                              nearest(v.period, e.period_by_id))
        for p in e.periods:
            tables = [v for v in s.min_volume if v.period == p.id]
            countries = Counter(c for v in tables for c in v.usd)
            for country, n in countries.items():
                if n > 1:
                    yield Problem((*at, "min_volume"), "error.rules.country_twice",
                                  {"country": country, "period": p.id})
            if "default" not in countries:
                yield Problem((*at, "min_volume"), "error.rules.no_default_minimum", {"period": p.id})
    for i, b in enumerate(e.bonuses):
        for name in ("rate", "cap_rate"):
            if getattr(b, name).value > cap:
                yield Problem(("bonuses", i, name, "value"), over, {"cap": cap, "got": getattr(b, name).value})
        for name in ("applies_to", "capped_by"):
            for j, sid in enumerate(getattr(b, name)):
                if sid not in e.subtrack_by_id:
                    yield Problem(("bonuses", i, name, j), "error.rules.unknown_subtrack", {"id": sid},
                                  nearest(sid, e.subtrack_by_id))
    for i, cert in enumerate(e.certifications):
        for j, implied in enumerate(cert.implies.ids if cert.implies else ()):
            if implied not in e.authorization_by_id:
                yield Problem(("certifications", i, "implies", "ids", j), "error.rules.unknown_authorization",
                              {"id": implied}, nearest(implied, e.authorization_by_id))
    track_ids = {t.id for t in e.tracks}
    for i, auth in enumerate(e.authorizations):
        if auth.track is not None and auth.track not in track_ids:
            yield Problem(("authorizations", i, "track"), "error.rules.unknown_track", {"id": auth.track},
                          nearest(auth.track, track_ids))
        for role in auth.roles:
            if role not in e.roles:
                yield Problem(("authorizations", i, "roles", role), "error.rules.role_without_entry", {"role": role})


# The catalogue message for an unknown id in each list of authorisations a profile holds.
_UNKNOWN_KIND = {"specialization": "error.profile.unknown_specialization", "atp": "error.profile.unknown_atp"}


def profile_problems(p: Profile, e: Edition) -> Iterator[Problem]:
    if p.period not in e.period_by_id:
        yield Problem(("period",), "error.profile.unknown_period", {"period": p.period, "edition": e.id},
                      nearest(p.period, e.period_by_id))
    if p.certification not in e.certification_by_id:
        yield Problem(("certification",), "error.profile.unknown_certification",
                      {"level": p.certification, "levels": ", ".join(e.certification_by_id)},
                      nearest(p.certification, e.certification_by_id))
    for name, kind in (("specializations", "specialization"), ("atp", "atp")):
        wanted = {a.id for a in e.authorizations if a.kind == kind}
        for i, a in enumerate(getattr(p, name)):
            if a not in wanted:
                yield Problem((name, i), _UNKNOWN_KIND[kind], {"id": a, "edition": e.id}, nearest(a, wanted))
    for i, s in enumerate(p.enrolled):
        if s not in e.subtrack_by_id:
            yield Problem(("enrolled", i), "error.profile.unknown_subtrack", {"id": s}, nearest(s, e.subtrack_by_id))
    for name in ("specializations", "atp", "enrolled"):
        for item, n in Counter(getattr(p, name)).items():
            if n > 1:
                yield Problem((name,), "error.profile.listed_twice", {"item": item})
    for sid, value in p.projected_sales.items():
        if sid not in e.subtrack_by_id:
            yield Problem(("projected_sales", sid), "error.profile.unknown_subtrack", {"id": sid},
                          nearest(sid, e.subtrack_by_id))
        elif isinstance(value, dict):
            families = {f.id for f in e.subtrack_by_id[sid].families}
            for fid in value:
                if fid not in families:
                    yield Problem(("projected_sales", sid, fid), "error.profile.unknown_family",
                                  {"family": fid, "subtrack": sid}, nearest(fid, families))
    for sid, usd in p.to_ship.items():
        if sid not in e.subtrack_by_id:
            yield Problem(("to_ship", sid), "error.profile.unknown_subtrack", {"id": sid},
                          nearest(sid, e.subtrack_by_id))
        elif usd > (sales := p.sales_of(sid)):
            yield Problem(("to_ship", sid), "error.profile.to_ship_over_sales", {"to_ship": usd, "sales": sales})
    families_of = {f.id for sub in e.subtrack_by_id.values() for f in sub.families}
    for fid in p.mix:
        if fid not in families_of:
            yield Problem(("mix", fid), "error.profile.unknown_mix_family", {"family": fid},
                          nearest(fid, families_of))
    for i, person in enumerate(p.staff):
        for j, a in enumerate(person.covers):
            if a not in e.authorization_by_id:
                yield Problem(("staff", i, "covers", j), "error.profile.unknown_authorization", {"id": a},
                              nearest(a, e.authorization_by_id))
        limit = e.roles[person.role].max_per_person.value if person.role in e.roles else 0
        if len(person.covers) > limit:
            yield Problem(("staff", i, "covers"), "error.profile.covers_too_many",
                          {"role": person.role, "limit": limit})
    yield from _staff_twice(p, e)


def _staff_twice(p: Profile, e: Edition) -> Iterator[Problem]:
    """A person listed twice for the same authorisation: in one row's `covers`, or in two rows with
    the same name (people without a name cannot be told apart). Either would count one person's
    slot, and so their cost, twice."""
    first: dict[tuple[str, str], int] = {}  # (name, authorisation) -> the row that lists it first
    for i, person in enumerate(p.staff):
        name = " ".join((person.name or "").split()).casefold()
        for j, a in enumerate(person.covers):
            if a in person.covers[:j]:
                yield Problem(("staff", i, "covers", j), "error.profile.staff_covers_twice", {"name": e.name_of(a)})
                continue
            if not name:
                continue
            if (name, a) in first:
                yield Problem(("staff", i, "covers", j), "error.profile.person_twice",
                              {"person": person.name, "name": e.name_of(a), "row": first[name, a]})
            else:
                first[name, a] = i


def profile_problem(profile: Profile, editions: dict[str, Edition]) -> Problem | None:
    """The first id in the profile its edition does not know (or the edition itself), if any."""
    edition = editions.get(profile.edition)
    if edition is None:
        return Problem(("edition",), "error.profile.unknown_edition", {"edition": profile.edition},
                       nearest(profile.edition, editions))
    return next(profile_problems(profile, edition), None)


def check_profile(profile: Profile, editions: dict[str, Edition]) -> Edition:
    """The profile's edition, once every id in the profile is known to it; else a ProfileError."""
    problem = profile_problem(profile, editions)
    if problem is not None:
        raise problem.error(ProfileError)
    return editions[profile.edition]
