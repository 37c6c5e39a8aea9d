"""Number fields that read a figure the way the user's language writes it.

Streamlit's number input knows one format, so on a Dutch screen `0,95` became 95 and `45.000`
became 45. These fields are text inputs: what is typed is read by `Fmt.parse` (Babel's strict
parsing in the chosen language) and shown back formatted the same way (`45.000`, `0,95`;
`45,000.50` in English). A figure that is malformed or ambiguous is refused with one line (left in
`state.NOTICE`, shown on the next run) and the field shows again the last value it accepted. The
widget key carries the language, so switching language shows every figure afresh in its format.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import streamlit as st

from ui import state
from ui.i18n import error, fmt_usd
from vip.model.errors import VipError
from vip.present.words import LANGS

ACCEPTED = ".accepted"  # suffix of the key holding the text a field last accepted


def key_of(key: str) -> str:
    """The widget key of the number field `key` in the chosen language (for tests: `in.sales.ucs.nl`)."""
    return f"{key}.{state.lang()}"


def into(name: str, cast: Callable[[Decimal], object] = float) -> Callable[[Decimal], None]:
    """An `on_value` that keeps the figure in the plain state key `name` (as a float, or `cast` of it)."""

    def keep(value: Decimal) -> None:
        st.session_state[name] = cast(value)

    return keep


def forget(key: str) -> None:
    """Drop the number field `key` in every language, so that it shows its value afresh."""
    for lang in LANGS:
        st.session_state.pop(f"{key}.{lang}", None)
        st.session_state.pop(f"{key}.{lang}{ACCEPTED}", None)


def number_field(label: str, key: str, value: Decimal | float | int, on_value: Callable[[Decimal], None], *,
                 whole: bool = False, low: Decimal | int | None = None, high: Decimal | int | None = None,
                 help: str | None = None, where: Any = st) -> None:
    """A text input showing `value` in the chosen language; a valid figure typed into it goes to
    `on_value`. `where`: the container to draw it in (a column, the sidebar)."""
    k = key_of(key)
    ss = st.session_state
    if k not in ss:
        ss[k] = ss[k + ACCEPTED] = fmt_usd().figure(value)
    where.text_input(label, key=k, help=help, on_change=_typed, args=(k, on_value, whole, low, high))


def _typed(k: str, on_value: Callable[[Decimal], None], whole: bool, low: Decimal | int | None,
           high: Decimal | int | None) -> None:
    ss = st.session_state
    f = fmt_usd()
    try:
        value = f.parse(str(ss[k]), whole=whole, low=low, high=high)
    except VipError as exc:
        ss[state.NOTICE] = error(exc)
        ss[k] = ss.get(k + ACCEPTED, "")
        st.rerun()  # the whole page, where the notice is shown, also when the field sits in a fragment
    ss[k] = ss[k + ACCEPTED] = f.figure(value)
    on_value(value)
