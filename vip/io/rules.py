"""Reading rules files and partner profiles: YAML in, validated models out, or one clear error.

An error names the file and line, the path inside the document (`tracks[2].subtracks[0].rate`)
and what was expected, with a "did you mean ...?" for ids that do not exist.
"""

from __future__ import annotations

import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from vip.model.checks import Problem, edition_problems, first_error, profile_problem
from vip.model.edition import Edition
from vip.model.errors import ProfileError, RulesError, VipError
from vip.model.profile import Profile

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2_000_000


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

    def fail(self, problem: Problem) -> VipError:
        """The problem as this document's error, naming the line it is on."""
        line = _line_of(self.node, problem.loc)
        return problem.error(self.error, file=f"{self.path}:{line}" if line else str(self.path))

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
        with open(path, "rb") as f:
            data = f.read(limit + 1)
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


# --- rules -------------------------------------------------------------------------------------


def parse_edition(doc: Document) -> Edition:
    edition = doc.parse(Edition)
    problem = next(edition_problems(edition), None)
    if problem is not None:
        raise doc.fail(problem)
    return edition


def load_edition(path: str | Path, text: str | None = None) -> Edition:
    return parse_edition(read_document(path, RulesError, text))


def load_rules(directory: str | Path) -> dict[str, Edition]:
    """Every edition in a rules folder (`*.yaml`), by edition id."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise RulesError(code="error.rules.no_rules_files", file=str(directory))
    editions: dict[str, Edition] = {}
    for path in files:
        edition = load_edition(path)
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
