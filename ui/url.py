"""The session in the URL, so that a reload, Back, a reopened tab or a copied link brings it all back.

`?s=<what-if>&b=<baseline>&w=<scenarios>&lang=nl&cur=EUR&fx=0.92`: `s` is the profile on screen, `b`
the partner as loaded (only when it differs from `s`), `w` the scenarios saved during the visit and
how many were saved in all, which numbers the next default name (only when any are saved); `lang`,
`cur` and `fx` are the display settings. `s`, `b` and `w` are compact JSON (a profile's defaults
left out), zlib-compressed and base64url-encoded without padding. The baseline's JSON (`b`, else
`s`) is the zlib dictionary of the other two: a what-if differs from its partner in a few figures,
so it takes tens of characters, not hundreds. A parameter that cannot be read is reported once with
`st.error`; the app keeps its defaults, or leaves out the saved scenarios it cannot read.

The saved scenarios live here rather than as a draft in the store: the store knows clients, not
visits, so a draft would need an id in the link anyway; the link needs no clean-up, keeps each tab's
visit apart, and a copied link carries the whole comparison.

Streamlit's frontend adds a browser-history entry for every query string it is sent and for every
page switch (which drops the query string): so `sync` sends the whole query string in one message,
only when it changed, and encodes only the parameters whose content changed (it runs on every rerun
of the Advisor's results); and `HISTORY`, a script every page carries, makes an entry that stays on
the same page replace the current one (the run that opens a link writes nothing, as the browser
runs that script only later in it). Back then goes to the page before, in one press. It never
undoes an input: after the first run the session is the truth and the link follows it.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Final, TypeVar

import streamlit as st

from ui import data, state
from ui.i18n import error, has, t
from vip.model.edition import Edition
from vip.model.errors import VipError
from vip.model.profile import Profile
from vip.present.words import LANGS

MAX_JSON_BYTES = 64_000
KEYS: Final = ("s", "b", "w", "lang", "cur", "fx")  # what the app writes; other parameters are kept as they are
NAME_CHARS: Final = 60  # the Advisor's limit for a scenario name

# Every Streamlit page-info message and page switch pushes a history entry (see the docstring): an
# entry that keeps the path replaces the current one instead. Hidden, as its element would take a
# row's gap; installed once per browser page.
HISTORY: Final = """<script data-vip-history>
if (!window.vipHistory) {
  window.vipHistory = true;
  const push = history.pushState.bind(history);
  history.pushState = (data, unused, url) => {
    const next = new URL(url ?? location.href, location.href);
    return next.pathname === location.pathname ? history.replaceState(data, unused, url) : push(data, unused, url);
  };
}
</script>
<style>[data-testid="stElementContainer"]:has(script[data-vip-history]) {display: none;}</style>"""

T = TypeVar("T")


class _Damaged(ValueError):
    """A parameter that cannot be unpacked; `name` says which."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """A valid profile dict without the fields that hold their defaults."""
    return Profile.model_validate(data).model_dump(mode="json", exclude_defaults=True)


def text(data: dict[str, Any]) -> bytes:
    """A profile's compact JSON: what `encode` packs. The baseline's is the dictionary of the others."""
    return _json(compact(data))


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def pack(raw: bytes, base: bytes = b"") -> str:
    """`raw` zlib-compressed, against `base` as the dictionary when one is given, in base64url."""
    packer = zlib.compressobj(9, zdict=base) if base else zlib.compressobj(9)
    packed = packer.compress(raw) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def unpack(param: str, base: bytes = b"") -> bytes:
    """The bytes `pack` packed into `param` (against the same `base`); ValueError when damaged."""
    try:
        packed = base64.urlsafe_b64decode(param + "=" * (-len(param) % 4))
        inflater = zlib.decompressobj(zdict=base) if base else zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON_BYTES)
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(str(exc)) from None
    if inflater.unconsumed_tail:
        raise ValueError("too long")
    if not inflater.eof:
        raise ValueError("incomplete")
    return raw


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from None


def encode(data: dict[str, Any], base: bytes = b"") -> str:
    return pack(text(data), base)


def decode(param: str, base: bytes = b"") -> dict[str, Any]:
    """The profile dict in an `s` or `b` parameter; ValueError when it is not one."""
    data = _loads(unpack(param, base))
    if not isinstance(data, dict):
        raise ValueError("not a profile")
    return data


def encode_saved(scenarios: list[dict[str, Any]], count: int, base: bytes) -> str:
    """A `w` parameter: saved scenarios (`{"name", "profile"}`) and how many were saved in all, which
    numbers the next default name."""
    return pack(_json({"n": count, "w": [[s["name"], compact(s["profile"])] for s in scenarios]}), base)


def decode_saved(param: str, base: bytes) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """The (name, profile dict) pairs and the count in a `w` parameter; ValueError when it holds no such thing."""
    found = _loads(unpack(param, base))
    entries = found.get("w") if isinstance(found, dict) else None
    count = found.get("n") if isinstance(found, dict) else None
    if not isinstance(entries, list) or not isinstance(count, int) or count < 0:
        raise ValueError("not a list of scenarios")
    saved = []
    for entry in entries[: state.MAX_SCENARIOS]:
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and entry[0].strip()
                and isinstance(entry[1], dict)):
            raise ValueError("not a named scenario")
        saved.append((entry[0].strip()[:NAME_CHARS], entry[1]))
    return saved, count


def restore(editions: dict[str, Edition]) -> None:
    """Read the query parameters once per session; a broken one is reported and ignored.

    Until that run is over (`opened`), `sync` writes nothing: the link holds what the session was
    opened with, and the browser runs `HISTORY` only some hundreds of milliseconds into that first
    run, so an earlier write would cost a history entry (a bare first URL to go Back to)."""
    ss = st.session_state
    ss[state.URL_OPENING] = not ss[state.URL_READ]
    if ss[state.URL_READ]:
        return
    ss[state.URL_READ] = True
    _restore(editions)


def opened() -> None:
    """The run that read the link is over: from the next one on, `sync` writes it."""
    st.session_state[state.URL_OPENING] = False


def _restore(editions: dict[str, Edition]) -> None:
    ss = st.session_state
    params = st.query_params
    lang = params.get("lang")
    if lang in LANGS:
        ss[state.LANG] = lang
    if params.get("cur") == "EUR":
        ss[state.CURRENCY] = "EUR"
        try:
            rate = Decimal(params.get("fx", ""))
            if 0 < rate <= 100:
                ss[state.EUR_PER_USD] = float(rate)
        except InvalidOperation:
            pass
    if not params.get("s"):
        return
    try:
        if params.get("b"):
            base = _unpacked("b")
            baseline, whatif = _profile("b", base), _profile("s", _unpacked("s", base))
        else:
            base = _unpacked("s")
            baseline = whatif = _profile("s", base)
        baseline, whatif = state.normalise(baseline, editions), state.normalise(whatif, editions)
    except _Damaged as exc:
        st.error(t("error.url", what=t("error.url_unreadable", name=exc.name)))
        return
    except VipError as exc:
        st.error(t("error.url", what=_worded(exc)))
        return
    saved, count = _saved(params.get("w", ""), base, editions)
    state.reopen(whatif, baseline, saved, count, sample=_sample_of(baseline))


def _unpacked(name: str, base: bytes = b"") -> bytes:
    try:
        return unpack(st.query_params[name], base)
    except ValueError:
        raise _Damaged(name) from None


def _profile(name: str, raw: bytes) -> dict[str, Any]:
    try:
        found = _loads(raw)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise _Damaged(name)
    return found


def _saved(param: str, base: bytes, editions: dict[str, Edition]) -> tuple[list[dict[str, Any]], int]:
    """The scenarios saved in a `w` parameter that still fit the rules (each one left out is reported),
    and the count."""
    if not param:
        return [], 0
    try:
        found, count = decode_saved(param, base)
    except ValueError:
        st.error(t("error.url_saved", what=t("error.url_unreadable", name="w")))
        return [], 0
    saved = []
    for name, profile in found:
        try:
            saved.append({"name": name, "profile": state.normalise(profile, editions)})
        except VipError as exc:
            st.error(t("error.url_scenario", name=name, what=_worded(exc)))
    return saved, count


def _worded(exc: VipError) -> str:
    """An error in a link's profile, its field named as the Advisor names it ("Editie: ...", not
    "edition: ..."): a link holds no file whose keys a reader would know."""
    line, path = error(exc), exc.where or ""
    field, dot, rest = path.removeprefix("assumptions.").partition(".")
    if exc.file or not path or not line.startswith(path + ": ") or not has(f"field.{field}"):
        return line
    return t(f"field.{field}") + (f" ({rest})" if dot else "") + line[len(path):]


def _sample_of(baseline: dict[str, Any]) -> str:
    """The sample partner the baseline is, as shipped ("" when none), so that the picker names it again."""
    return next((stem for stem, (profile, _) in data.samples().items() if profile == baseline), "")


def _memo(memo: dict[str, Any], slot: str, value: Any, make: Callable[[], T]) -> T:
    """`make()`, or what it gave last time for an equal `value`: a rerun changes one input at most, and
    comparing two profiles costs a hundredth of encoding one. It keeps `value` itself, not a copy (a
    copy would cost as much as the encoding): the profiles and lists in session state are replaced,
    never changed in place."""
    kept = memo.get(slot)
    if kept is not None and kept[0] == value:
        return kept[1]  # type: ignore[no-any-return]
    made = make()
    memo[slot] = (value, made)
    return made


def wanted() -> dict[str, str]:
    """The parameters that hold this session: the what-if, the baseline, the saved scenarios, the settings."""
    ss = st.session_state
    memo, profile, baseline = ss[state.LINK], ss[state.PROFILE], ss[state.BASELINE]
    base = _memo(memo, "base", baseline, lambda: text(baseline))
    out = {"s": _memo(memo, "b", base, lambda: pack(base))}
    if profile != baseline:
        out["b"] = out["s"]
        out["s"] = _memo(memo, "s", (profile, base), lambda: encode(profile, base))
    saved, count = ss[state.SCENARIOS], ss[state.SAVED]
    if saved:
        out["w"] = _memo(memo, "w", (saved, count, base), lambda: encode_saved(saved, count, base))
    out["lang"] = state.lang()
    if state.currency() == "EUR":
        out["cur"] = "EUR"
        out["fx"] = str(state.per_usd())
    return out


def link(want: dict[str, str] | None = None) -> dict[str, str | list[str]]:
    """The query parameters the page should have: `wanted()`, and any other parameter as it is."""
    params = st.query_params
    return {**(want or wanted()), **{k: params.get_all(k) for k in params if k not in KEYS}}


def sync() -> None:
    """Write the session into the URL: in one message (one history entry), and only when it changed."""
    if st.session_state.get(state.URL_OPENING):
        return
    want = wanted()
    if {k: v for k, v in st.query_params.to_dict().items() if k in KEYS} != want:
        st.query_params.from_dict(link(want))
