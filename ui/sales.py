"""The Advisor's projected sales and enrolment, in the sidebar. The sales are drawn by the results
fragment, so that a change to them reruns that fragment directly, in one run, and the field shows
the figure back in the language's format. Enrolment is drawn by the page below them and reruns the
results fragment alone (which draws the sales rows it changes): its pills already show the choice,
and every element a rerun sends again costs the browser time.

Enrolment is a row of pills per track; projected sales are number fields (typed the way the chosen
language writes numbers, `ui/numbers.py`), one per subtrack that is enrolled or selling (others can
be added), or one per product family. Not a `st.data_editor`: it waits 150 ms before it sends an
edit, which alone would take the "instant" out of a what-if. The binding to the profile is that of
`ui/inputs.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import streamlit as st

from ui import data, state
from ui.i18n import fmt_usd, t
from ui.inputs import Apply, as_number, figure, hook, seed
from vip.model.edition import Edition, Subtrack


def draw(editions: dict[str, Edition]) -> None:
    """Draw projected sales in the sidebar. Called inside the results fragment, so that a change to
    them reruns that fragment directly, in one run."""
    profile = state.current()
    with st.sidebar:
        _sales(editions, editions[profile["edition"]], profile)


def draw_enrolment(editions: dict[str, Edition]) -> None:
    """Draw enrolment in the sidebar, below the sales: a row of pills per track. Called by the page
    after the results fragment; a change reruns that fragment alone."""
    profile = state.current()
    edition = editions[profile["edition"]]
    enrolled = set(profile.get("enrolled", ()))
    with st.sidebar:
        st.markdown(f"**{t('in.enrolment')}**", help=t("in.enrol_help"))
        for track in edition.tracks:
            ids = [s.id for s in track.subtracks]
            key = seed(state.widget("enrol", track.id), [x for x in ids if x in enrolled])
            st.pills(track.name, ids, selection_mode="multi", format_func=lambda x: edition.subtrack_by_id[x].name,
                     **hook(key, _set_enrolled(edition, ids), editions, "results"))


def _sales(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    """Projected sales as a number per subtrack that is enrolled or selling (others can be added), or
    per product family."""
    f = fmt_usd()
    by_family = bool(st.session_state[state.BY_FAMILY])
    sales = profile.get("projected_sales", {})
    shown = _sales_rows(edition, profile)
    st.markdown(f"**{t('in.sales_title')}**", help=t("in.sales_note"))
    minimums = data.memo().minimums(edition, profile["period"], profile["country"])
    for s in shown:
        help_ = t("in.sales_help", amount=f.money(minimums[s.id][0]))
        if by_family and len(s.families) > 1:
            split = _split(sales.get(s.id, 0), s.families[0].id)
            for fam in s.families:
                rate = f.pct((fam.rate or s.rate).value)
                figure(f"{s.name} · {fam.name} ({rate})", state.widget("sales", s.id, fam.id), split.get(fam.id, 0),
                        _set_family_sales(s.id, s.families[0].id, fam.id), editions, "inside", low=0, help=help_)
            continue
        figure(s.name, state.widget("sales", s.id), _total(sales.get(s.id, 0)), _set_sales(s.id), editions, "inside",
                low=0, help=help_)
    others = [s.id for s in edition.subtrack_by_id.values() if s not in shown]
    if others:
        key = seed(state.widget("add_sales"), None)
        st.selectbox(t("in.add_sales"), others, index=None, placeholder=t("in.add_sales_placeholder"),
                     format_func=lambda x: edition.subtrack_by_id[x].name, key=key, on_change=_add_sales_row,
                     args=(key,), label_visibility="collapsed")
    if any(len(s.families) > 1 for s in shown) or by_family:
        key = seed(state.widget("by_family"), by_family)
        st.toggle(t("in.by_family"), key=key, on_change=_set_by_family, args=(key,), help=t("in.by_family_help"))


def _sales_rows(edition: Edition, profile: dict[str, Any]) -> list[Subtrack]:
    """The subtracks given a sales input: enrolled, selling, or added by the user."""
    keep = set(profile.get("enrolled", ())) | set(profile.get("projected_sales", {})) | set(
        st.session_state[state.SALES_ROWS])
    return [s for s in edition.subtrack_by_id.values() if s.id in keep]


def _total(value: Any) -> Decimal:
    if isinstance(value, dict):
        return sum((Decimal(str(v)) for v in value.values()), Decimal(0))
    return Decimal(str(value or 0))


def _split(value: Any, first: str) -> dict[str, Any]:
    """Sales per family: as given, or a plain figure booked on the subtrack's first family."""
    if isinstance(value, dict):
        return dict(value)
    return {first: value} if value else {}


def _set_enrolled(edition: Edition, track_ids: list[str]) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        chosen = set(value or ()) | {x for x in profile.get("enrolled", ()) if x not in track_ids}
        profile["enrolled"] = [x for x in edition.subtrack_by_id if x in chosen]

    return apply


def cap_to_ship(profile: dict[str, Any], subtrack: str) -> None:
    """What is still to ship of a subtrack's sales is at most those sales: lower sales lower it too."""
    to_ship = profile.get("to_ship", {})
    if subtrack in to_ship:
        total = _total(profile.get("projected_sales", {}).get(subtrack, 0))
        if total <= 0:
            del to_ship[subtrack]
        elif Decimal(str(to_ship[subtrack])) > total:
            to_ship[subtrack] = str(total)


def _set_sales(subtrack: str) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        sales = profile.setdefault("projected_sales", {})
        if value:
            sales[subtrack] = as_number(value)
        else:
            sales.pop(subtrack, None)
        cap_to_ship(profile, subtrack)

    return apply


def _set_family_sales(subtrack: str, first: str, family: str) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        sales = profile.setdefault("projected_sales", {})
        split = _split(sales.get(subtrack, 0), first)
        split[family] = as_number(value or 0)
        split = {k: v for k, v in split.items() if _total(v)}
        if split:
            sales[subtrack] = split
        else:
            sales.pop(subtrack, None)
        cap_to_ship(profile, subtrack)

    return apply


def _add_sales_row(key: str) -> None:
    chosen = st.session_state[key]
    if chosen:
        st.session_state[state.SALES_ROWS] = [*st.session_state[state.SALES_ROWS], chosen]
    del st.session_state[key]


def _set_by_family(key: str) -> None:
    st.session_state[state.BY_FAMILY] = bool(st.session_state[key])
    for k in [k for k in st.session_state if str(k).startswith(state.widget("sales"))]:
        del st.session_state[k]


# --- edition, period, country and date ---------------------------------------------------------
