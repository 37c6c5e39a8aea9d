"""Cross-checks of an edition and of a profile against its edition, and the wording of where a
value sits (`tracks[2].subtracks[0].rate`) and of a close match ("did you mean ...?")."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import ValidationError

from vip.model.edition import Edition
from vip.model.errors import ProfileError
from vip.model.profile import Profile

Loc = tuple[str | int, ...]


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


def suggest(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint, or nothing when no choice is close (for the checks that are
    still worded in English where they run)."""
    close = nearest(word, choices)
    return f" (did you mean {close!r}?)" if close else ""


def describe(error: dict[str, Any]) -> str:
    """Pydantic's message recast as 'expected ..., got ...'."""
    kind, msg, value = error["type"], error["msg"], error.get("input")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check the spelling)"
    msg = msg.removeprefix("Value error, ")
    if msg.startswith("Input should be "):
        msg = "expected " + msg.removeprefix("Input should be ")
    if msg.startswith("expected") and "got" not in msg and not isinstance(value, dict | list):
        msg += f", got {value!r}"
    return str(msg)


_WRONG_SHAPE = frozenset({"decimal_type", "dict_type"})


def first_error(exc: ValidationError, data: Any) -> tuple[Loc, str]:
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
    return tuple(loc), describe(dict(error))


def _duplicates(items: Sequence[Any], attr: str = "id") -> Iterator[int]:
    """The indexes of the items whose `attr` an earlier item already has."""
    seen: set[Any] = set()
    for i, item in enumerate(items):
        if getattr(item, attr) in seen:
            yield i
        seen.add(getattr(item, attr))


def edition_problems(e: Edition) -> Iterator[tuple[Loc, str]]:
    """Cross-checks that need the whole edition, as (location, what) pairs."""
    for name in ("periods", "certifications", "authorizations", "tracks", "bonuses"):
        for i in _duplicates(getattr(e, name)):
            yield (name, i, "id"), f"duplicate id {getattr(e, name)[i].id!r}"
    flat = [(ti, si, s) for ti, t in enumerate(e.tracks) for si, s in enumerate(t.subtracks)]
    seen: dict[str, Loc] = {}
    for ti, si, s in flat:
        if s.id in seen:
            yield ("tracks", ti, "subtracks", si, "id"), f"duplicate subtrack id {s.id!r}"
        seen[s.id] = ("tracks", ti, "subtracks", si)
    families: set[str] = set()
    for ti, si, s in flat:
        for fi, f in enumerate(s.families):
            if f.id in families:
                yield ("tracks", ti, "subtracks", si, "families", fi, "id"), f"duplicate family id {f.id!r}"
            families.add(f.id)
    for i, c in enumerate(e.certifications):
        if c.id in e.authorization_by_id:
            yield ("certifications", i, "id"), f"id {c.id!r} is also an authorisation id"
    for i in _duplicates(e.certifications, "rank"):
        yield ("certifications", i, "rank"), "expected a rank no other certification level has"

    cap = e.max_rate.value
    over = f"expected a rate at most the edition's max_rate {cap}"
    known = {**e.authorization_by_id, **e.certification_by_id}
    for ti, si, s in flat:
        at: Loc = ("tracks", ti, "subtracks", si)
        if s.rate.value > cap:
            yield (*at, "rate", "value"), f"{over}, got {s.rate.value}"
        for fi, f in enumerate(s.families):
            if f.rate is not None and f.rate.value > cap:
                yield (*at, "families", fi, "rate", "value"), f"{over}, got {f.rate.value}"
        for ri, r in enumerate(s.requires):
            for ai, a in enumerate(r.any_of):
                if a not in known:
                    yield (*at, "requires", ri, "any_of", ai), (
                        f"unknown authorisation or certification id {a!r}{suggest(a, known)}"
                    )
        for vi, v in enumerate(s.min_volume):
            if v.period not in e.period_by_id:
                hint = suggest(v.period, e.period_by_id)
                yield (*at, "min_volume", vi, "period"), f"unknown period {v.period!r}{hint}"
        for p in e.periods:
            tables = [v for v in s.min_volume if v.period == p.id]
            countries = Counter(c for v in tables for c in v.usd)
            for country, n in countries.items():
                if n > 1:
                    yield (*at, "min_volume"), f"country {country!r} given twice for period {p.id!r}"
            if "default" not in countries:
                yield (*at, "min_volume"), f"expected a `default` minimum for period {p.id!r}"
    for i, b in enumerate(e.bonuses):
        for field in ("rate", "cap_rate"):
            if getattr(b, field).value > cap:
                yield ("bonuses", i, field, "value"), f"{over}, got {getattr(b, field).value}"
        for field in ("applies_to", "capped_by"):
            for j, sid in enumerate(getattr(b, field)):
                if sid not in e.subtrack_by_id:
                    yield ("bonuses", i, field, j), f"unknown subtrack {sid!r}{suggest(sid, e.subtrack_by_id)}"
    for i, cert in enumerate(e.certifications):
        for j, implied in enumerate(cert.implies.ids if cert.implies else ()):
            if implied not in e.authorization_by_id:
                yield ("certifications", i, "implies", "ids", j), (
                    f"unknown authorisation {implied!r}{suggest(implied, e.authorization_by_id)}"
                )
    track_ids = {t.id for t in e.tracks}
    for i, auth in enumerate(e.authorizations):
        if auth.track is not None and auth.track not in track_ids:
            yield ("authorizations", i, "track"), f"unknown track {auth.track!r}{suggest(auth.track, track_ids)}"
        for role in auth.roles:
            if role not in e.roles:
                yield ("authorizations", i, "roles", role), f"role {role} has no entry under `roles`"


def profile_problems(p: Profile, e: Edition) -> Iterator[tuple[Loc, str]]:
    if p.period not in e.period_by_id:
        yield ("period",), f"unknown period {p.period!r} of {e.id}{suggest(p.period, e.period_by_id)}"
    if p.certification not in e.certification_by_id:
        yield ("certification",), (
            f"unknown certification level {p.certification!r}; expected one of "
            f"{', '.join(e.certification_by_id)}{suggest(p.certification, e.certification_by_id)}"
        )
    for field, kind in (("specializations", "specialization"), ("atp", "atp")):
        wanted = {a.id for a in e.authorizations if a.kind == kind}
        for i, a in enumerate(getattr(p, field)):
            if a not in wanted:
                yield (field, i), f"unknown {kind} id {a!r} in {e.id}{suggest(a, wanted)}"
    for i, s in enumerate(p.enrolled):
        if s not in e.subtrack_by_id:
            yield ("enrolled", i), f"unknown subtrack {s!r}{suggest(s, e.subtrack_by_id)}"
    for field in ("specializations", "atp", "enrolled"):
        for item, n in Counter(getattr(p, field)).items():
            if n > 1:
                yield (field,), f"{item!r} is listed twice"
    for sid, value in p.projected_sales.items():
        if sid not in e.subtrack_by_id:
            yield ("projected_sales", sid), f"unknown subtrack {sid!r}{suggest(sid, e.subtrack_by_id)}"
        elif isinstance(value, dict):
            families = {f.id for f in e.subtrack_by_id[sid].families}
            for fid in value:
                if fid not in families:
                    yield ("projected_sales", sid, fid), (
                        f"unknown product family {fid!r} of {sid}{suggest(fid, families)}"
                    )
    for i, person in enumerate(p.staff):
        for j, a in enumerate(person.covers):
            if a not in e.authorization_by_id:
                yield ("staff", i, "covers", j), f"unknown authorisation {a!r}{suggest(a, e.authorization_by_id)}"
        limit = e.roles[person.role].max_per_person.value if person.role in e.roles else 0
        if len(person.covers) > limit:
            yield ("staff", i, "covers"), f"a {person.role} covers at most {limit} authorisations"


def profile_problem(profile: Profile, editions: dict[str, Edition]) -> tuple[Loc, str] | None:
    """The first id in the profile its edition does not know (or the edition itself), if any."""
    edition = editions.get(profile.edition)
    if edition is None:
        return ("edition",), f"unknown edition {profile.edition!r}{suggest(profile.edition, editions)}"
    return next(profile_problems(profile, edition), None)


def check_profile(profile: Profile, editions: dict[str, Edition]) -> Edition:
    """The profile's edition, once every id in the profile is known to it; else a ProfileError."""
    problem = profile_problem(profile, editions)
    if problem is not None:
        raise ProfileError(problem[1], where=where(problem[0]))
    return editions[profile.edition]
