"""The what-if in the URL, so that a copied link reopens it.

`?s=<profile>&lang=nl&cur=EUR&fx=0.92`: `s` is the profile's compact JSON (defaults left out),
zlib-compressed and base64url-encoded without padding; `lang`, `cur` and `fx` are the display
settings. A parameter that cannot be read is reported once with `st.error`; the app keeps its
defaults.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from decimal import Decimal, InvalidOperation
from typing import Any

import streamlit as st

from ui import state
from ui.i18n import error, t
from vip.model.edition import Edition
from vip.model.errors import VipError
from vip.model.profile import Profile
from vip.present.words import LANGS

MAX_JSON_BYTES = 64_000


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """A valid profile dict without the fields that hold their defaults."""
    return Profile.model_validate(data).model_dump(mode="json", exclude_defaults=True)


def encode(data: dict[str, Any]) -> str:
    text = json.dumps(compact(data), separators=(",", ":"), ensure_ascii=False)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode(param: str) -> dict[str, Any]:
    """The profile dict in an `s` parameter; ValueError when it is not one."""
    try:
        packed = base64.urlsafe_b64decode(param + "=" * (-len(param) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("too long")
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(data, dict):
        raise ValueError("not a profile")
    return data


def restore(editions: dict[str, Edition]) -> None:
    """Read the query parameters once per session; a broken one is reported and ignored."""
    ss = st.session_state
    if ss[state.URL_READ]:
        return
    ss[state.URL_READ] = True
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
    encoded = params.get("s")
    if not encoded:
        return
    try:
        data = state.normalise(decode(encoded), editions)
    except ValueError:
        st.error(t("error.url", what=t("error.url_unreadable")))
        return
    except VipError as exc:
        st.error(t("error.url", what=error(exc)))
        return
    state.load_profile(data)


def sync() -> None:
    """Write the what-if and the display settings into the URL (only what changed)."""
    ss = st.session_state
    wanted = {"s": encode(ss[state.PROFILE]), "lang": state.lang()}
    if ss.get(state.CURRENCY) == "EUR":
        wanted["cur"] = "EUR"
        wanted["fx"] = str(state.per_usd())
    params = st.query_params
    for key, value in wanted.items():
        if params.get(key) != value:
            params[key] = value
    for key in ("cur", "fx"):
        if key not in wanted and key in params:
            del params[key]
