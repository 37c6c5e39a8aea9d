"""Every session-state key of the app, and `init_state()`, the one place that creates them.

State holds small, JSON-ready inputs and never results (results are recomputed on every run,
which is cheap). The profile on screen is the truth; input widgets are views of it: each widget
key is seeded from the profile when missing (first run, after a page switch, after loading another
partner) and writes back through an `on_change` callback that goes through `update_profile`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import streamlit as st
from pydantic import ValidationError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import data
from vip.calc.engine import assess
from vip.calc.results import Assessment
from vip.model.checks import check_profile, first_error
from vip.model.edition import Edition
from vip.model.errors import ProfileError, VipError
from vip.model.profile import Profile
from vip.present.explain import error_line, pick_lang
from vip.present.words import Lang

# --- the keys ----------------------------------------------------------------------------------
PROFILE: Final = "profile"  # the what-if on screen: a profile dict (JSON types, as in a profile file)
BASELINE: Final = "baseline"  # the partner as it was loaded, the baseline on Compare
SAMPLE: Final = "sample"  # the sample partner the baseline came from ("" for an empty partner)
LOADED_FILE: Final = "loaded_file"  # the name of the profile file the baseline was read from, if it was
SCENARIOS: Final = "scenarios"  # saved what-ifs: [{"name": str, "profile": dict}]
SAVED: Final = "saved_count"  # scenarios saved so far in this session (numbers their default names)
LANG: Final = "lang"  # "en" | "nl"
CURRENCY: Final = "currency"  # "USD" | "EUR"
EUR_PER_USD: Final = "eur_per_usd"  # the exchange rate the user entered (a float; 0: not yet entered)
NOTICE: Final = "notice"  # one error to show on the next run (from a callback), or ""
URL_READ: Final = "url_read"  # the query parameters have been read once in this session
URL_OPENING: Final = "url.opening"  # this is the run that read them (ui/url.py writes the link from the next)
LINK: Final = "url.memo"  # what ui/url.py encoded last, per parameter, so that a rerun encodes only what changed
BY_FAMILY: Final = "by_family"  # enter projected sales per product family (a UI preference)
SALES_ROWS: Final = "sales_rows"  # subtracks given a sales input although neither enrolled nor selling
PROGRAM_EDITION: Final = "program_edition"  # Program page: the edition shown ("" = the profile's)
PROGRAM_OTHER: Final = "program_other"  # Program page: the edition it is compared with
PROGRAM_COUNTRY: Final = "program_country"  # Program page: the country whose minimums are shown
SCENARIO_NAME: Final = "scenario.name"  # Advisor: the name for the next saved scenario
JUST_SAVED: Final = "scenario.just_saved"  # Advisor: the name of the scenario saved by the last click
SAVE_BUTTON: Final = "scenario.save"  # Advisor: the "Save as scenario" button
DOWNLOAD: Final = "profile.download"  # Advisor: the "Download as profile file" button
UPLOAD: Final = "profile.upload"  # Advisor: the profile file uploader
EMPTY_BUTTON: Final = "profile.empty"  # Advisor: the "Start with an empty partner" button
SCENARIO_OPEN: Final = "scenario.open"  # Compare: "Open in Advisor" buttons, one per scenario (+ ".<n>")
SCENARIO_REMOVE: Final = "scenario.remove"  # Compare: "Remove" buttons, one per scenario (+ ".<n>")
GO_ADVISOR: Final = "go_advisor"  # Compare: a scenario was opened, show it on the Advisor
INVESTMENT_OPEN: Final = "view.investment"  # Advisor: the investment details are open
SHOW_ALL: Final = "show_all"  # Advisor: list every subtrack, not only the relevant ones

RESULTS: Final = "results"  # the key of the Advisor's results fragment (inputs rerun it alone)

MAX_SCENARIOS: Final = 3
WIDGET_PREFIX: Final = "in."  # every Advisor input widget key starts with this
GROUP_PREFIX: Final = "open."  # the Advisor's input groups (expanders that know whether they are open)

DEFAULTS: Final[dict[str, Any]] = {
    SAMPLE: "",
    SCENARIOS: [],
    SAVED: 0,
    CURRENCY: "USD",
    EUR_PER_USD: 0.0,
    NOTICE: "",
    URL_READ: False,
    URL_OPENING: False,
    LINK: {},
    BY_FAMILY: False,
    SALES_ROWS: [],
    JUST_SAVED: "",
    SHOW_ALL: False,
    PROGRAM_EDITION: "",
    PROGRAM_OTHER: "",
    PROGRAM_COUNTRY: "",
}

EMPTY_PROFILE: Final[dict[str, Any]] = {
    "partner": "New partner",
    "country": "NL",
    "edition": "VIP25",
    "period": "6-month",
    "certification": "registered",
}


_UNSET: Final = object()


def bind(name: str, then: Callable[[], None] | None = None, *, default: Any = _UNSET) -> dict[str, Any]:
    """`key`, `on_change` and `args` for a widget that shows and sets the plain state key `name`.

    Widget state is dropped when its widget is not drawn (on another page, in a closed group), and a
    key that is both state and widget goes with it. So a setting lives under a plain key (set to
    `default` when missing, if one is given), and its widget under `"set." + name`, seeded from it
    when missing and copying every change back (then calling `then`, when given).
    """
    if default is not _UNSET and name not in st.session_state:
        st.session_state[name] = default
    key = "set." + name
    if key not in st.session_state:
        st.session_state[key] = st.session_state[name]
    return {"key": key, "on_change": _copy_back, "args": (key, name, then)}


def _copy_back(key: str, name: str, then: Callable[[], None] | None) -> None:
    st.session_state[name] = st.session_state[key]
    if then is not None:
        then()


def put(name: str, value: Any) -> None:
    """Set the plain state key `name` of a bound widget (see `bind`); the widget shows it from the next run."""
    st.session_state[name] = value
    st.session_state.pop("set." + name, None)


def widget(*parts: str) -> str:
    """The key of an Advisor input widget, e.g. `widget("auth", "adv_ucs")` -> `in.auth.adv_ucs`."""
    return WIDGET_PREFIX + ".".join(parts)


def group_key(name: str) -> str:
    """The key of an Advisor input group (an expander), e.g. `open.authorizations`."""
    return GROUP_PREFIX + name


def init_state(first_profile: Callable[[], tuple[str, dict[str, Any]] | None] | None = None) -> None:
    """Create every key that is missing; never touches one that exists (safe on every run).
    `first_profile` gives the partner a new session opens with: (sample name, profile dict)."""
    ss = st.session_state
    for key, value in DEFAULTS.items():
        if key not in ss:
            ss[key] = copy.deepcopy(value)
    if LANG not in ss:
        ss[LANG] = pick_lang(st.context.locale)
    if PROFILE not in ss:
        sample, start = (first_profile() if first_profile else None) or ("", dict(EMPTY_PROFILE))
        ss[PROFILE] = start
        ss[BASELINE] = copy.deepcopy(start)
        ss[SAMPLE] = sample


# --- reading ------------------------------------------------------------------------------------


def lang() -> Lang:
    value = st.session_state.get(LANG)
    return "nl" if value == "nl" else "en"


def currency() -> str:
    return "EUR" if st.session_state.get(CURRENCY) == "EUR" else "USD"


def profile() -> dict[str, Any]:
    """The profile on screen (a copy: change it through `update_profile`)."""
    return copy.deepcopy(st.session_state[PROFILE])


def current() -> dict[str, Any]:
    """The profile on screen, not copied: for reading only."""
    return st.session_state[PROFILE]  # type: ignore[no-any-return]


def current_later() -> Callable[[], dict[str, Any]]:
    """A reader of the profile on screen for code that runs after the script's run, in a thread of
    its own (a download's callable), where `st.session_state` cannot find the session: it reads
    the session's state directly, as it is when called."""
    ctx = get_script_run_ctx()
    if ctx is None:  # pragma: no cover - the app always runs in a script run
        return current
    live = ctx.session_state
    return lambda: live[PROFILE]


def loaded_if_changed(editions: dict[str, Edition]) -> Assessment | None:
    """The partner as loaded, assessed, when the inputs on screen differ from it (else None)."""
    loaded = st.session_state[BASELINE]
    return None if loaded == current() else assess(*to_model(loaded, editions), data.memo())


def scenarios() -> list[dict[str, Any]]:
    return list(st.session_state[SCENARIOS])


def per_usd() -> Decimal:
    """Display units per USD: 1 for USD, the entered EUR rate for EUR."""
    if currency() != "EUR":
        return Decimal(1)
    return Decimal(repr(float(st.session_state.get(EUR_PER_USD) or 1)))


# --- validating ---------------------------------------------------------------------------------


def normalise(data: dict[str, Any], editions: dict[str, Edition]) -> dict[str, Any]:
    """A profile dict validated against its edition and put in canonical JSON form, or a
    ProfileError naming the field."""
    try:
        model = Profile.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, data).error(ProfileError) from None
    check_profile(model, editions)
    return model.model_dump(mode="json")


def to_model(data: dict[str, Any], editions: dict[str, Edition]) -> tuple[Profile, Edition]:
    model = Profile.model_validate(data)
    return model, editions[model.edition]


# --- writing ------------------------------------------------------------------------------------


def clear_widgets() -> None:
    """Forget every Advisor input widget, so each is seeded afresh from the profile."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def load_profile(data: dict[str, Any], *, sample: str = "") -> None:
    """Put a new partner on screen: it becomes the baseline too; saved scenarios stay."""
    st.session_state[PROFILE] = copy.deepcopy(data)
    st.session_state[BASELINE] = copy.deepcopy(data)
    st.session_state[SAMPLE] = sample
    st.session_state.pop(LOADED_FILE, None)  # the caller that read it from a file names it again
    st.session_state[SALES_ROWS] = []
    st.session_state[BY_FAMILY] = any(isinstance(v, dict) for v in data.get("projected_sales", {}).values())
    clear_widgets()


def reopen(whatif: dict[str, Any], baseline: dict[str, Any], saved: list[dict[str, Any]], count: int, *,
           sample: str = "") -> None:
    """Put back a visit a link holds: the partner as loaded, the what-if on screen, the scenarios saved
    (`[{"name", "profile"}]`) and how many were saved in all."""
    load_profile(baseline, sample=sample)
    st.session_state[PROFILE] = copy.deepcopy(whatif)
    st.session_state[BY_FAMILY] = any(isinstance(v, dict) for v in whatif.get("projected_sales", {}).values())
    st.session_state[SCENARIOS] = copy.deepcopy(saved[:MAX_SCENARIOS])
    st.session_state[SAVED] = max(count, len(saved))


def update_profile(change: Callable[[dict[str, Any]], None], editions: dict[str, Edition]) -> bool:
    """Apply `change` to a copy of the profile and keep it when it is valid; otherwise keep what
    the user had and leave the reason in NOTICE (shown as one st.error on the next run)."""
    data = profile()
    change(data)
    try:
        st.session_state[PROFILE] = normalise(data, editions)
    except VipError as exc:
        st.session_state[NOTICE] = error_line(exc, lang())
        clear_widgets()  # the widgets show the profile that was kept
        return False
    return True


def take_notice() -> str:
    """The pending error message, once."""
    text = str(st.session_state.get(NOTICE) or "")
    st.session_state[NOTICE] = ""
    return text


def save_scenario(name: str, planned: tuple[dict[str, Any], dict[str, Edition]] | None = None) -> bool:
    """Save a scenario for Compare: the profile on screen, or `planned` = (a profile, the editions it
    is checked against). False when MAX_SCENARIOS are saved, or when the planned profile does not fit
    the rules (the reason is left in NOTICE)."""
    saved = scenarios()
    if len(saved) >= MAX_SCENARIOS:
        return False
    data = profile()
    if planned is not None:
        try:
            data = normalise(*planned)
        except VipError as exc:
            st.session_state[NOTICE] = error_line(exc, lang())
            return False
    saved.append({"name": name, "profile": data})
    st.session_state[SCENARIOS] = saved
    st.session_state[SAVED] = int(st.session_state.get(SAVED, 0)) + 1
    return True


def remove_scenario(index: int) -> None:
    saved = scenarios()
    if 0 <= index < len(saved):
        del saved[index]
    st.session_state[SCENARIOS] = saved


def open_scenario(index: int) -> None:
    """Put a saved scenario on the Advisor (the baseline stays)."""
    saved = scenarios()
    if 0 <= index < len(saved):
        st.session_state[PROFILE] = copy.deepcopy(saved[index]["profile"])
        clear_widgets()
