"""Reading rules files and partner profiles: YAML in, validated models out, or one clear error.

An error names the file and line, the path inside the document (`tracks[2].subtracks[0].rate`)
and what was expected, with a "did you mean ...?" for ids that do not exist.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from vip.errors import ProfileError, RulesError, VipError
from vip.model import Edition, Profile

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2_000_000


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader that refuses duplicate keys instead of keeping the last one silently."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def where(loc: Loc) -> str:
    """`('tracks', 2, 'subtracks', 0, 'rate')` -> `tracks[2].subtracks[0].rate`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def suggest(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint, or nothing when no choice is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _line_of(node: yaml.Node | None, loc: Loc) -> int | None:
    """The 1-based line of the YAML node at `loc`, or of its deepest existing ancestor."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line


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


class Document:
    """A parsed YAML file that can point at the line of any path inside it."""

    def __init__(self, path: Path, text: str, error: type[VipError]) -> None:
        self.path, self.error = path, error
        loader = _Loader(text)
        try:
            self.node = loader.get_single_node()
            self.data = loader.construct_document(self.node) if self.node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            at = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
            raise error(f"YAML syntax error: {exc.problem or exc.context}", file=at) from None
        except yaml.YAMLError as exc:
            raise error(f"YAML syntax error: {exc}", file=str(path)) from None
        finally:
            loader.dispose()
        if not isinstance(self.data, dict):
            raise error("expected a mapping of fields at the top of the file", file=str(path))

    def fail(self, loc: Loc, what: str) -> VipError:
        line = _line_of(self.node, loc)
        return self.error(what, file=f"{self.path}:{line}" if line else str(self.path), where=where(loc))

    def parse(self, model: type[M]) -> M:
        try:
            return model.model_validate(self.data)
        except ValidationError as exc:
            raise self.fail(*first_error(exc, self.data)) from None


def read_document(path: str | Path, error: type[VipError], text: str | None = None) -> Document:
    path = Path(path)
    if text is None:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise error(f"file larger than {MAX_FILE_BYTES:,} bytes", file=str(path))
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise error("no such file", file=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise error(f"cannot read the file: {exc}", file=str(path)) from None
    return Document(path, text, error)


# --- rules -------------------------------------------------------------------------------------


def _duplicates(items: Sequence[Any], attr: str = "id") -> Iterator[int]:
    """The indexes of the items whose `attr` an earlier item already has."""
    seen: set[Any] = set()
    for i, item in enumerate(items):
        if getattr(item, attr) in seen:
            yield i
        seen.add(getattr(item, attr))


def _edition_problems(e: Edition) -> Iterator[tuple[Loc, str]]:
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


def parse_edition(doc: Document) -> Edition:
    edition = doc.parse(Edition)
    problem = next(_edition_problems(edition), None)
    if problem is not None:
        raise doc.fail(*problem)
    return edition


def load_edition(path: str | Path, text: str | None = None) -> Edition:
    return parse_edition(read_document(path, RulesError, text))


def load_rules(directory: str | Path) -> dict[str, Edition]:
    """Every edition in a rules folder (`*.yaml`), by edition id."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise RulesError("expected a folder holding rules files (*.yaml)", file=str(directory))
    editions: dict[str, Edition] = {}
    for path in files:
        edition = load_edition(path)
        if edition.id in editions:
            raise RulesError(f"edition id {edition.id!r} is also in another file", file=str(path), where="id")
        editions[edition.id] = edition
    return editions


# --- profiles ----------------------------------------------------------------------------------


def _profile_problems(p: Profile, e: Edition) -> Iterator[tuple[Loc, str]]:
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


def check_profile(profile: Profile, editions: dict[str, Edition], doc: Document | None = None) -> Edition:
    """The profile's edition, once every id in the profile is known to it; else a ProfileError."""
    edition = editions.get(profile.edition)
    problem: tuple[Loc, str] | None
    if edition is None:
        problem = (("edition",), f"unknown edition {profile.edition!r}{suggest(profile.edition, editions)}")
    else:
        problem = next(_profile_problems(profile, edition), None)
    if problem is not None:
        raise doc.fail(*problem) if doc else ProfileError(problem[1], where=where(problem[0]))
    assert edition is not None
    return edition


def load_profile(
    path: str | Path, editions: dict[str, Edition], text: str | None = None
) -> tuple[Profile, Edition]:
    doc = read_document(path, ProfileError, text)
    profile = doc.parse(Profile)
    return profile, check_profile(profile, editions, doc)


def _plain(value: Any) -> Any:
    """Whole Decimals as YAML ints, others as exact decimal strings (a YAML float would round)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump_profile(profile: Profile) -> str:
    """The profile as YAML, in the same shape it is read from (round-trips exactly)."""
    data = _plain(profile.model_dump(exclude_defaults=True))
    data = {"version": 1, **data}
    data["assumptions"] = {k: v for k, v in data.get("assumptions", {}).items() if v is not None}
    if not data["assumptions"]:
        del data["assumptions"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
