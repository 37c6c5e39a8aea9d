"""Rules and sample partners for the app, cached on each file's path and modification time.

Editions are cached with `st.cache_resource`, not `st.cache_data`: they are frozen models, safe to
share, and `cache_data` would hand every run a fresh unpickled copy (about 3 ms) and throw away the
memos the engine keeps on each edition object. The cache key is still plain data: the folder and
the (name, mtime, size) of every file in it, so an edited file is read again on the next run.

A rules file that cannot be read becomes one `st.error` (shown by `ui.frame`), and the app keeps
the last editions that loaded.

Beside the folder's editions stand the own editions kept in the store (the Own editions page saves
them): each extends one of the folder's, is read again when the store says one changed, and one that
no longer loads (its base changed, its id is taken by a file) is left out with a line saying why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from vip.calc.memo import Memo
from vip.io.rules import Document, bases_in, load_profile, load_rules, parse_edition
from vip.io.rules import rules_dir as rules_dir  # the pages find the shipped folders here, as the core does
from vip.io.rules import samples_dir as samples_dir
from vip.io.store import OwnEdition, Store, default_url
from vip.model.edition import Edition
from vip.model.errors import RulesError, StoreError, VipError
from vip.present.explain import error_line

Stamp = tuple[tuple[str, int, int], ...]

_last_good: dict[str, dict[str, Edition]] = {}


def stamp(directory: Path) -> Stamp:
    """What identifies a folder's YAML files' contents: name, mtime and size of each."""
    try:
        files = sorted(directory.glob("*.yaml"))
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        return ()


@st.cache_resource(show_spinner=False)
def memo() -> Memo:
    """What assessments share (minimums, costings), one per server process: every session and rerun
    reuses what an earlier one worked out."""
    return Memo()


@st.cache_resource(show_spinner=False, max_entries=8)
def _editions(directory: str, stamp: Stamp) -> dict[str, Edition]:
    """`stamp` is part of the cache key only (an argument named with a leading _ would not be)."""
    del stamp
    return load_rules(directory)


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_store(url: str) -> Store:
    return Store(url)


def store() -> tuple[Store | None, StoreError | None]:
    """The store the app saves to (`VIP_ADVISOR_DB`, else the data folder), or None and why not."""
    try:
        return _open_store(default_url()), None
    except StoreError as exc:
        return None, exc


def own_source(own: OwnEdition) -> str:
    """How a message names an own edition: where it is kept, and which version."""
    return f"{own.edition} v{own.versions}"


def own_edition(text: str, name: str, directory: Path) -> Edition:
    """An own edition's rules file as an edition, onto the folder's (or the shipped) editions."""
    return parse_edition(Document(Path(name), text, RulesError), bases_in(directory))


@st.cache_resource(show_spinner=False, max_entries=8)
def _own_editions(directory: str, stamp: Stamp, url: str, own_stamp: tuple[int, str],
                  taken: tuple[str, ...]) -> tuple[dict[str, Edition], tuple[str, ...]]:
    """The store's own editions that load, and a line for each that does not (`stamp`, `url` and
    `own_stamp` are the cache key)."""
    del stamp, own_stamp
    found: dict[str, Edition] = {}
    problems: list[str] = []
    for own in _open_store(url).own_editions():
        if own.edition in taken:
            problems.append(error_line(RulesError(code="error.rules.own_taken", params={"id": own.edition},
                                                  file=own_source(own))))
            continue
        try:
            found[own.edition] = own_edition(own.rules_yaml, own_source(own), Path(directory))
        except VipError as exc:
            problems.append(error_line(exc))
    return found, tuple(problems)


def _with_own(folder: dict[str, Edition], directory: Path) -> tuple[dict[str, Edition], tuple[str, ...]]:
    """The folder's editions and the store's own ones, and a line for each own one left out; a store
    that cannot be opened adds none (the Clients and Own editions pages say why)."""
    kept, _ = store()
    if kept is None:
        return folder, ()
    try:
        own, problems = _own_editions(str(directory), stamp(directory), kept.url, kept.editions_stamp(),
                                      tuple(folder))
    except StoreError:
        return folder, ()
    return {**folder, **own}, problems


def _folder_editions() -> tuple[dict[str, Edition] | None, str]:
    directory = rules_dir()
    try:
        found = _editions(str(directory), stamp(directory))
    except VipError as exc:
        return _last_good.get(str(directory)), error_line(exc)
    _last_good[str(directory)] = found
    return found, ""


def folder_editions() -> dict[str, Edition]:
    """The rules folder's editions alone: those an own edition may extend."""
    return _folder_editions()[0] or {}


def load_editions() -> tuple[dict[str, Edition] | None, str, tuple[str, ...]]:
    """The editions and "" when the rules load, else the last good editions (or None) and the error;
    and why each own edition in the store that does not load is left out (one line each)."""
    found, problem = _folder_editions()
    if found is None:
        return None, problem, ()
    merged, left_out = _with_own(found, rules_dir())
    return merged, problem, left_out


def editions() -> dict[str, Edition]:
    """The editions in use (the frame has already reported a problem and stopped if there are none).

    Every page starts by calling this, so it also puts a page that runs on its own back behind the
    app's navigation (see `_route_through_app`).
    """
    _route_through_app()
    found, _, _ = load_editions()
    if found is None:
        st.stop()
    return found


@st.cache_data(show_spinner=False, max_entries=8)
def _samples(directory: str, stamp: Stamp, rules: Stamp) -> dict[str, tuple[dict[str, Any] | None, str]]:
    found = editions()
    out: dict[str, tuple[dict[str, Any] | None, str]] = {}
    for name, _, _ in stamp:
        path = Path(directory) / name
        try:
            profile, _edition = load_profile(path, found)
        except VipError as exc:
            out[path.stem] = (None, error_line(exc))
            continue
        out[path.stem] = (profile.model_dump(mode="json"), "")
    return out


def _route_through_app() -> None:
    """Rerun through `app.py` when a page runs without it.

    Before any session has called `st.navigation`, Streamlit treats the `pages/` folder next to
    `app.py` as a classic multipage app: a link straight to a page (`/compare?s=...`) on a freshly
    started server, and every run under AppTest, would run that page alone, without the frame that
    creates the session state. `st.navigation` in `app.py` switches that mode off for the process;
    when a page finds it still on, it switches it off and reruns, and `app.py` routes to the page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def samples() -> dict[str, tuple[dict[str, Any] | None, str]]:
    """Sample partners by file name: (profile dict, "") or (None, the error in one line)."""
    directory = samples_dir()
    return _samples(str(directory), stamp(directory), stamp(rules_dir()))


def first_sample() -> tuple[str, dict[str, Any]] | None:
    """The sample partner the app opens with, (name, profile): the Dutch one when it is there, else
    the first that loads."""
    found = samples()
    good = [(stem, profile) for stem, (profile, _) in found.items() if profile is not None]
    return next((g for g in good if g[0] == "voorbeeld_netwerken"), good[0] if good else None)
