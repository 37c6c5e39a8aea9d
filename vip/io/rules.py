"""Reading rules files and partner profiles: YAML in, validated models out, or one clear error.

An error names the file and line, the path inside the document (`tracks[2].subtracks[0].rate`)
and what was expected, with a "did you mean ...?" for ids that do not exist.

A rules file may say `extends: VIP25` and give only what differs from that edition: mappings merge
key by key, lists of items with an `id` merge by id (fields override, new ids are added,
`{id: x, removed: true}` drops one), any other value replaces the base's. A figure's origin goes
with its value: a child mapping that gives a value of its own (anything but an `id`, a mapping or a
list) drops the base's `source` and `illustrative`, so it must say where its figure came from. An
error in the merged edition names the line of the file (the child's or the base's) that holds the
value.
"""

from __future__ import annotations

import copy
import os
import re
import stat
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from vip.model.checks import Problem, edition_problems, first_error, nearest, profile_problem
from vip.model.edition import Edition
from vip.model.errors import ProfileError, RulesError, VipError
from vip.model.profile import Profile

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 10_000_000  # a rules file with a SKU list of 20,000 SKUs is some 2.5 MB


class _DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping (a message of our own, where PyYAML's are in English)."""

    def __init__(self, key: Any, mark: yaml.Mark) -> None:
        super().__init__(problem=f"duplicate key {key!r}", problem_mark=mark)
        self.key = key


class _ComplexKey(yaml.MarkedYAMLError):
    """A key that is a list or a mapping (`? [a, b]`), which no field of ours has."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """A safe loader that refuses duplicate keys instead of keeping the last one silently, and keys
    that are no plain value."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _ComplexKey(problem="complex key", problem_mark=key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def _marked(construct: Any) -> Any:
    """A scalar constructor whose ValueError (the date 2015-02-30, an integer of 5,000 digits) names
    the scalar's place in the file."""

    def build(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except ValueError as exc:
            raise yaml.MarkedYAMLError(problem=str(exc), problem_mark=node.start_mark) from None

    return build


for _tag, _construct in (("timestamp", yaml.constructor.SafeConstructor.construct_yaml_timestamp),
                         ("int", yaml.constructor.SafeConstructor.construct_yaml_int),
                         ("float", yaml.constructor.SafeConstructor.construct_yaml_float)):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _marked(_construct))


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


class _Source:
    """Where each part of a document comes from: a node of one file, or, where an edition that
    extends another changed part of its base, the source of each key or item (`parts`)."""

    __slots__ = ("node", "parts", "path")

    def __init__(self, path: Path, node: yaml.Node | None, parts: dict[str | int, _Source] | None = None) -> None:
        self.path, self.node, self.parts = path, node, parts

    def part(self, key: str | int) -> _Source:
        if self.parts is not None:
            return self.parts.get(key, self)
        sub = None
        if isinstance(self.node, yaml.MappingNode):
            sub = next((v for k, v in self.node.value if k.value == key), None)
        elif isinstance(self.node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(self.node.value):
            sub = self.node.value[key]
        return _Source(self.path, sub) if sub is not None else self

    def at(self, loc: Loc) -> str:
        """`file:line` of the value at `loc` (or of its deepest existing ancestor)."""
        src = self
        for i, part in enumerate(loc):
            if src.parts is None:
                line = _line_of(src.node, loc[i:])
                return f"{src.path}:{line}" if line else str(src.path)
            if part not in src.parts:
                break
            src = src.parts[part]
        line = src.node.start_mark.line + 1 if src.node is not None else None
        return f"{src.path}:{line}" if line else str(src.path)


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
            if isinstance(exc, _DuplicateKey):  # the key as YAML shows it: a number key is no figure to format
                raise error(code="error.file.duplicate_key", params={"key": repr(exc.key)}, file=at) from None
            if isinstance(exc, _ComplexKey):
                raise error(code="error.file.complex_key", file=at) from None
            # PyYAML words its problems in English only
            raise error(code="error.file.yaml_syntax", params={"problem": str(exc.problem or exc.context)},
                        file=at) from None
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
            line = text.count("\n", 0, exc.position) + 1
            raise error(code="error.file.bad_character", params={"char": f"U+{exc.character:04X}"
                        if isinstance(exc.character, int) else repr(exc.character)}, file=f"{path}:{line}") from None
        except yaml.YAMLError as exc:
            raise error(code="error.file.yaml_syntax", params={"problem": " ".join(str(exc).split())},
                        file=str(path)) from None
        except ValueError as exc:  # a scalar PyYAML cannot build, such as the date 2015-02-30
            raise error(code="error.file.yaml_syntax", params={"problem": str(exc)}, file=str(path)) from None
        finally:
            loader.dispose()
        if not isinstance(self.data, dict):
            raise error(code="error.file.not_a_mapping", file=str(path))
        self.source = _Source(path, self.node)

    def fail(self, problem: Problem) -> VipError:
        """The problem as this document's error, naming the line it is on (in the base's file, for
        a value an edition that extends another takes from its base)."""
        return problem.error(self.error, file=self.source.at(problem.loc))

    def parse(self, model: type[M]) -> M:
        try:
            return model.model_validate(self.data)
        except ValidationError as exc:
            raise self.fail(first_error(exc, self.data)) from None


def read_bytes(path: str | Path, error: type[VipError], limit: int) -> bytes:
    """A user's file, read only when it is a regular file (no folder, device or pipe, which could block
    or never end) of at most `limit` bytes, checked before reading, and never more than that read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise error(code="error.file.not_regular", file=str(path))
        if info.st_size > limit:
            raise error(code="error.file.too_large", params={"limit": limit}, file=str(path))
        with open(path, "rb") as f:  # a buffer of the file's size, not of the limit
            data = f.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grows while being read
                data += f.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise error(code="error.file.missing", file=str(path)) from None
    except OSError as exc:
        raise error(code="error.file.unreadable", params={"detail": exc.strerror or str(exc)}, file=str(path)) from None
    if len(data) > limit:  # grew while being read
        raise error(code="error.file.too_large", params={"limit": limit}, file=str(path))
    return data


def read_document(path: str | Path, error: type[VipError], text: str | None = None) -> Document:
    path = Path(path)
    if text is None:
        try:
            text = read_bytes(path, error, MAX_FILE_BYTES).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(code="error.file.unreadable", params={"detail": str(exc)}, file=str(path)) from None
    return Document(path, text, error)


# --- what ships with the project -------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[1]  # the `vip` package folder
RULES_ENV = "VIP_RULES_DIR"
SAMPLES_ENV = "VIP_SAMPLES_DIR"


def checkout() -> Path | None:
    """The project folder when this `vip` runs from a source checkout, or from an editable install
    (which runs the checkout's files): the folder beside the package holding `pyproject.toml`. None
    for an installed copy, whose package sits among others in site-packages."""
    root = PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() else None


def shipped(folder: Literal["rules", "sample_data"]) -> Path:
    """A folder shipped with the project: the package data `vip/data/<folder>` of an installed
    copy, which a checkout keeps at its top (`rules/`, `sample_data/`); the wheel maps one onto the
    other (pyproject.toml, `package-dir`)."""
    root = checkout()
    return root / folder if root is not None else PACKAGE / "data" / folder


def rules_dir() -> Path:
    """Where the editions are read from by default, in the app and the command: the folder in
    `VIP_RULES_DIR`, else the shipped rules."""
    return Path(os.environ.get(RULES_ENV) or shipped("rules"))


def samples_dir() -> Path:
    """Where the sample partners and bookings are read from: `VIP_SAMPLES_DIR`, else the shipped ones."""
    return Path(os.environ.get(SAMPLES_ENV) or shipped("sample_data"))


# --- editions that extend an edition -----------------------------------------------------------

_ORIGIN = ("source", "illustrative")


def _keyed(items: Any) -> bool:
    """A list to merge by id: every item a mapping with a plain `id`."""
    return isinstance(items, list) and bool(items) and all(
        isinstance(i, dict) and isinstance(i.get("id"), str | int) and not isinstance(i.get("id"), bool)
        for i in items)


def _merge(base: Any, bsrc: _Source, child: Any, csrc: _Source) -> tuple[Any, _Source]:
    """The child's value over the base's, and where each part of the result comes from."""
    if isinstance(base, dict) and isinstance(child, dict):
        if any(k != "id" and not isinstance(v, dict | list) for k, v in child.items()):
            base = {k: v for k, v in base.items() if k not in _ORIGIN}  # a new figure brings its own origin
        data = dict(base)
        parts: dict[str | int, _Source] = {k: bsrc.part(k) for k in base}
        for k, v in child.items():
            if k in data:
                data[k], parts[k] = _merge(data[k], parts[k], v, csrc.part(k))
            else:
                data[k], parts[k] = v, csrc.part(k)
        return data, _Source(csrc.path, csrc.node, parts)
    if _keyed(base) and _keyed(child):
        return _merge_items(base, bsrc, child, csrc)
    return child, csrc


def _merge_items(base: list[Any], bsrc: _Source, child: list[Any], csrc: _Source) -> tuple[Any, _Source]:
    data, sources = list(base), [bsrc.part(i) for i in range(len(base))]
    index = {item["id"]: i for i, item in enumerate(base)}
    given: set[Any] = set()
    removed: set[Any] = set()
    for j, item in enumerate(child):
        src, key = csrc.part(j), item["id"]
        if key in given:
            raise RulesError(code="error.rules.duplicate_id", params={"id": key}, file=src.at(("id",)))
        given.add(key)
        if "removed" in item:
            if item["removed"] is not True or set(item) != {"id", "removed"}:
                raise RulesError(code="error.rules.removed_form", params={"id": key}, file=src.at(("removed",)))
            if key not in index:
                raise RulesError(code="error.rules.remove_unknown", params={"id": key}, file=src.at(("id",)),
                                 suggestion=nearest(str(key), [str(k) for k in index]))
            removed.add(key)
        elif key in index:
            data[index[key]], sources[index[key]] = _merge(data[index[key]], sources[index[key]], item, src)
        else:
            index[key] = len(data)
            data.append(item)
            sources.append(src)
    keep = [i for i, item in enumerate(data) if item["id"] not in removed]
    return [data[i] for i in keep], _Source(csrc.path, csrc.node, {n: sources[i] for n, i in enumerate(keep)})


def extend(doc: Document, bases: Mapping[str, Document], chain: tuple[str, ...] = ()) -> Document:
    """The document of an edition that `extends:` another, merged onto its base (itself merged
    first when it extends one); a document that extends none as it is."""
    assert isinstance(doc.data, dict)
    if "extends" not in doc.data:
        return doc
    base_id, at = doc.data["extends"], doc.source.at(("extends",))
    chain = (*chain, str(doc.data.get("id")))
    if not isinstance(base_id, str) or base_id not in bases:
        raise RulesError(code="error.rules.unknown_base", params={"id": str(base_id)}, file=at,
                         suggestion=nearest(str(base_id), bases))
    if base_id in chain:
        raise RulesError(code="error.rules.extends_cycle", params={"chain": " > ".join((*chain, base_id))}, file=at)
    base = extend(bases[base_id], bases, chain)
    child = {k: v for k, v in doc.data.items() if k != "extends"}
    merged = copy.copy(doc)
    merged.data, merged.source = _merge(base.data, base.source, child, doc.source)
    return merged


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)


class _Bases(Mapping[str, Document]):
    """The rules files of some folders by the edition id their `id:` line gives, each read only when
    an edition extends it (a file with a SKU list of 20,000 SKUs is not parsed to find another's base)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths: dict[str, Path] = {}
        self.read: dict[str, Document] = {}
        for path in paths:
            try:
                head = read_bytes(path, RulesError, MAX_FILE_BYTES).decode("utf-8-sig", errors="replace")
            except VipError:
                continue  # reported when it is loaded itself
            if m := _ID_LINE.search(head):
                self.paths.setdefault(m.group(1), path)

    def __getitem__(self, key: str) -> Document:
        if key not in self.read:
            self.read[key] = read_document(self.paths[key], RulesError)
        return self.read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def bases_in(*folders: Path) -> Mapping[str, Document]:
    """The editions a rules file may extend: those in the folders (the first folder's first), then
    the shipped ones."""
    return _Bases(path for folder in (*folders, shipped("rules")) if folder.is_dir()
                  for path in sorted(folder.glob("*.yaml")))


# --- rules -------------------------------------------------------------------------------------


def parse_edition(doc: Document, bases: Mapping[str, Document] | None = None) -> Edition:
    """The edition of a rules document, merged onto its base when it extends one (`bases`: the
    editions it may extend; by default those beside it and the shipped ones)."""
    if isinstance(doc.data, dict) and "extends" in doc.data:
        doc = extend(doc, bases if bases is not None else bases_in(doc.path.parent))
    edition = doc.parse(Edition)
    problem = next(edition_problems(edition), None)
    if problem is not None:
        raise doc.fail(problem)
    return edition


def load_edition(path: str | Path, text: str | None = None,
                 bases: Mapping[str, Document] | None = None) -> Edition:
    return parse_edition(read_document(path, RulesError, text), bases)


def load_rules(directory: str | Path) -> dict[str, Edition]:
    """Every edition in a rules folder (`*.yaml`), by edition id. A file that extends an edition
    finds it in the folder, else among the shipped ones."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise RulesError(code="error.rules.no_rules_files", file=str(directory))
    docs = [read_document(path, RulesError) for path in files]
    bases: Mapping[str, Document] = {}
    own = {d.data["id"]: d for d in reversed(docs) if isinstance(d.data, dict) and isinstance(d.data.get("id"), str)}
    if any(isinstance(d.data, dict) and d.data.get("extends") not in (None, *own) for d in docs):
        bases = ChainMap(own, bases_in())  # type: ignore[arg-type]
    else:
        bases = own
    editions: dict[str, Edition] = {}
    for path, doc in zip(files, docs, strict=True):
        edition = parse_edition(doc, bases)
        if edition.id in editions:
            raise RulesError(code="error.rules.edition_twice", params={"id": edition.id}, file=str(path), where="id")
        editions[edition.id] = edition
    return editions


# --- profiles ----------------------------------------------------------------------------------


def load_profile(
    path: str | Path, editions: dict[str, Edition], text: str | None = None
) -> tuple[Profile, Edition]:
    doc = read_document(path, ProfileError, text)
    profile = doc.parse(Profile)
    problem = profile_problem(profile, editions)
    if problem is not None:
        raise doc.fail(problem)
    return profile, editions[profile.edition]


def _plain(value: Any) -> Any:
    """Whole Decimals as YAML ints, others as exact decimal strings (a YAML float would round)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, dict):  # keys too: a SKU mix is keyed by its rates
        return {_plain(k): _plain(v) for k, v in value.items()}
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
