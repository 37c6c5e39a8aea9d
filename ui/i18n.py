"""The app's words: `t(key, **values)` shows one message of the catalogue in the chosen language.

Every user-facing text, the app's and the core's, is in the gettext catalogues of
`vip/present/locale/` (see `vip.present.words`), keyed by where it appears (`kpi.now`,
`in.sales`). Placeholders use `str.format` (`{amount}`); amounts, numbers and dates are formatted
by the caller with `fmt()` (Babel, via `vip.present.explain.Fmt`) before they are put in. To add a
text, add its id to both catalogues; `tests/test_app_text.py` checks that every id the code uses
is in both, and that none is left unused.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from ui import state
from vip.model.edition import Period
from vip.model.errors import VipError
from vip.present import words
from vip.present.explain import Fmt, error_line

# What could start markup in a markdown line: emphasis, code, links and Streamlit's `:colour[...]`,
# HTML tags and entities, strikethrough and LaTeX; at the start of a line also headings, lists and
# quotes (a name such as "# 1 Partner" or "1. Partner" put first, as `st.title` does); and what
# GitHub-flavoured markdown turns into a link by itself: `http://`, `www.`, an e-mail address.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>&~$])")
_AUTOLINK = re.compile(r"(?i):(?=//)|\bwww\.|@")  # what GitHub-flavoured markdown would make a link of
_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)([.)]))")


def literal(text: str) -> str:
    """Text to put in `st.markdown` (or any element that renders markdown: titles, captions, alerts,
    toasts) so that it shows as written: `Plan <1> *now*` stays that, a link or an image in a
    user's name or note stays text and fetches nothing."""
    escaped = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], _MARKDOWN.sub(r"\\\1", text))
    return _LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
                           escaped)


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the chosen language, with `values` filled in."""
    return words.text(state.lang(), key, **values)


def tn(key: str, n: int, /, **values: object) -> str:
    """The text for `key` in the plural form for `n` (which fills `{n}`)."""
    return words.plural(state.lang(), key, n, **values)


def error(exc: VipError) -> str:
    """An error as one line in the chosen language."""
    return error_line(exc, state.lang())


def has(key: str) -> bool:
    return words.has(key)


def fmt() -> Fmt:
    """How figures are shown: the chosen language and currency (EUR at the entered rate), and
    moments in the browser's time zone."""
    return Fmt(state.lang(), state.currency(), state.per_usd(), zone())


def zone() -> tzinfo:
    """The browser's time zone (`st.context.timezone`), else its offset from UTC; UTC when the
    browser sends neither. The moments shown name their zone, so a fallback is never mistaken."""
    name = st.context.timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    offset = st.context.timezone_offset  # minutes behind UTC, as JavaScript's getTimezoneOffset
    return UTC if offset is None else timezone(-timedelta(minutes=offset))


def period_label(period: Period) -> str:
    """A period in the chosen language: "6 months (25 Jan 2015 – 25 Jul 2015)" (the rules' own names are English)."""
    return fmt_usd().period(period)


def fmt_usd() -> Fmt:
    """Figures in USD whatever the display currency: for inputs, which are always in USD."""
    return Fmt(state.lang())
