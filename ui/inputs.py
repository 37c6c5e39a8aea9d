"""The Advisor's inputs, in the sidebar.

Each input is a view of one field of the profile in session state. A widget's key
(`state.widget(...)`) is seeded from the profile when missing, and its `on_change` callback writes
the new value back through `state.update_profile`, which validates it or keeps what the user had.
A change that only affects the results reruns the results fragment alone (`state.RESULTS`); one
that changes other inputs (another edition, another level) reruns the page.

Enrolment and projected sales are in `ui/sales.py`, drawn by the results fragment.

Groups other than the partner picker and the sales are expanders that draw their widgets only
while open: every element on the page costs the browser time on every rerun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any, Final, Literal

import pandas as pd
import pycountry
import streamlit as st
from babel import Locale

from ui import data, numbers, state
from ui.i18n import error, fmt_usd, literal, t
from vip.io.rules import load_profile
from vip.model.edition import Authorization, Edition, Period
from vip.model.errors import VipError
from vip.present.explain import LONG_BEFORE

Apply = Callable[[dict[str, Any], Any], None]


def sidebar(editions: dict[str, Edition], where: Any = None) -> None:
    """Draw the inputs but enrolment and sales (in the sidebar, or in `where`: a container in it);
    a change reaches the profile in its callback, before the next run."""
    profile = state.current()
    edition = editions[profile["edition"]]
    with where or st.sidebar:
        _partner(editions, profile)
        _program(editions, edition, profile)
        _certification(editions, edition, profile)
        _authorizations(editions, edition, profile)
        _staff(editions, edition, profile)
        _assumptions(editions, edition, profile)


# --- plumbing ----------------------------------------------------------------------------------


def seed(key: str, value: Any) -> str:
    if key not in st.session_state:
        st.session_state[key] = value
    return key


Rerun = Literal["results", "page", "inside"]


def _changed(key: str, apply: Apply, editions: dict[str, Edition], rerun: Rerun) -> None:
    apply_value(st.session_state[key], apply, editions, rerun)


def apply_value(value: Any, apply: Apply, editions: dict[str, Edition], rerun: Rerun) -> None:
    kept = state.update_profile(lambda profile: apply(profile, value), editions)
    if not kept:
        st.rerun()  # the whole page, where the notice is shown, also when the input sits in the results
    if rerun == "results":
        # Only the results depend on this input: rerun them alone, not the whole page.
        st.rerun(state.RESULTS)


def hook(key: str, apply: Apply, editions: dict[str, Edition], rerun: Rerun = "results") -> dict[str, Any]:
    """The `key`, `on_change` and `args` of a widget that writes `apply(profile, value)`.

    `rerun`: what runs again after the change. "results": the results fragment alone (the input
    affects nothing else); "page": the whole page (the input changes other inputs, e.g. another
    edition's subtracks); "inside": the widget is drawn by the results fragment, which reruns by
    itself, in one run.
    """
    return {"key": key, "on_change": _changed, "args": (key, apply, editions, rerun)}


def figure(label: str, key: str, value: Any, apply: Apply, editions: dict[str, Edition], rerun: Rerun = "results",
            **field: Any) -> None:
    """A number field (typed the way the chosen language writes numbers) that writes `apply(profile, value)`."""
    numbers.number_field(label, key, Decimal(str(value or 0)), lambda v: apply_value(v, apply, editions, rerun),
                         **field)


def _group(label: str, name: str, icon: str, expanded: bool = False) -> Any:
    """An expander that tracks whether it is open, so its widgets are drawn only then."""
    return st.expander(label, expanded=expanded, icon=icon, key=state.group_key(name), on_change="rerun")


def as_number(value: Any) -> int | float:
    number = Decimal(str(value or 0))
    return int(number) if number == number.to_integral_value() else float(number)


def _set(field: str) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        profile[field] = value

    return apply


def _set_count(field: str) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        profile[field] = int(value)

    return apply


# --- partner -----------------------------------------------------------------------------------


def _partner(editions: dict[str, Edition], profile: dict[str, Any]) -> None:
    found = data.samples()
    names = {k: (p["partner"] if p else f"{k} ({t('in.sample_broken')})") for k, (p, _) in found.items()}
    key = seed(state.widget("sample"), st.session_state[state.SAMPLE] or None)
    st.selectbox(
        t("in.sample"), list(names), format_func=names.__getitem__, index=None,
        placeholder=t("in.sample_placeholder"), key=key, on_change=_pick_sample, args=(key,),
    )
    loaded = st.session_state.get(state.LOADED_FILE)
    if loaded and not st.session_state[state.SAMPLE]:  # not a sample: say what is on screen instead
        st.caption(t("in.loaded_file", file=literal(loaded)))
    st.button(t("in.empty"), on_click=_empty_partner, args=(editions,), icon=":material/add:",
              key=state.EMPTY_BUTTON, width="stretch")
    group = _group(t("in.partner"), "partner", ":material/handshake:")
    if group.open:
        with group:
            key = seed(state.widget("partner"), profile["partner"])
            # The page: the name heads it, outside the results.
            st.text_input(t("in.partner_name"), max_chars=200, **hook(key, _set_partner, editions, "page"))
            st.file_uploader(t("in.upload"), type=["yaml", "yml"], key=state.UPLOAD, on_change=_upload,
                             args=(editions,), help=t("in.upload_help"))


def _pick_sample(key: str) -> None:
    stem = st.session_state[key]
    if not stem:
        return
    profile, problem = data.samples().get(stem, (None, "no such sample"))
    if profile is None:
        st.session_state[state.NOTICE] = problem
        state.clear_widgets()
        return
    state.load_profile(profile, sample=stem)


def _empty_partner(editions: dict[str, Edition]) -> None:
    empty = dict(state.EMPTY_PROFILE, partner=t("in.new_partner"))
    if empty["edition"] not in editions:
        edition = next(iter(editions.values()))
        empty.update(edition=edition.id, period=edition.periods[0].id, certification=edition.certifications[0].id)
    state.load_profile(state.normalise(empty, editions))


def _upload(editions: dict[str, Edition]) -> None:
    uploaded = st.session_state.get(state.UPLOAD)
    if uploaded is None:
        return
    try:
        text = uploaded.getvalue().decode("utf-8-sig")
        profile, _ = load_profile(uploaded.name, editions, text=text)
    except UnicodeDecodeError:
        st.session_state[state.NOTICE] = f"{uploaded.name}: {t('error.not_text')}"
        return
    except VipError as exc:
        st.session_state[state.NOTICE] = error(exc)
        return
    state.load_profile(profile.model_dump(mode="json"))
    st.session_state[state.LOADED_FILE] = uploaded.name


def _set_partner(profile: dict[str, Any], value: Any) -> None:
    profile["partner"] = str(value).strip() or profile["partner"]


# --- enrolment and projected sales -------------------------------------------------------------


@cache
def countries(lang: str) -> tuple[list[str], dict[str, str]]:
    """ISO country codes sorted by their names in `lang`, and those names."""
    known = {c.alpha_2 for c in pycountry.countries}
    names = {code: name for code, name in Locale(lang).territories.items() if code in known}
    return sorted(names, key=lambda c: names[c]), names


def _program(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    group = _group(t("in.program"), "program", ":material/event:")
    if not group.open:
        return
    f = fmt_usd()
    with group:
        key = seed(state.widget("edition"), profile["edition"])
        st.selectbox(t("in.edition"), list(editions), format_func=lambda e: editions[e].name,
                     **hook(key, _set_edition(editions), editions, "page"))
        key = seed(state.widget("period"), profile["period"])
        st.segmented_control(
            t("in.period"), [p.id for p in edition.periods], required=True,
            format_func=lambda p: t("in.period_months", n=edition.period_by_id[p].months),
            **hook(key, _set_period(edition), editions, "page"),
        )
        period = edition.period_by_id[profile["period"]]
        dates = {"start": f.day(period.start), "end": f.day(period.end), "closes": f.day(period.enrollment_closes)}
        st.caption(t("in.period_dates_window", opens=f.day(period.enrollment_opens), **dates)
                   if period.enrollment_opens else t("in.period_dates", **dates))
        codes, names = countries(state.lang())
        key = seed(state.widget("country"), profile["country"])
        st.selectbox(t("in.country"), codes, format_func=lambda c: names.get(c, c),
                     **hook(key, _set_country, editions, "page"))
        _as_of(editions, period, profile.get("as_of"))


def _set_edition(editions: dict[str, Edition]) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        new = editions[value]
        profile["edition"] = new.id
        if profile["period"] not in new.period_by_id:
            profile["period"] = new.periods[0].id
        if profile["certification"] not in new.certification_by_id:
            profile["certification"] = new.certifications[0].id
        profile["as_of"] = None
        # What the other edition does not know is dropped; the rest carries over.
        auths = new.authorization_by_id
        profile["specializations"] = [a for a in profile.get("specializations", ()) if a in auths]
        profile["atp"] = [a for a in profile.get("atp", ()) if a in auths]
        profile["enrolled"] = [s for s in profile.get("enrolled", ()) if s in new.subtrack_by_id]
        sales = {}
        for sid, amount in profile.get("projected_sales", {}).items():
            if sid in new.subtrack_by_id:
                families = {fam.id for fam in new.subtrack_by_id[sid].families}
                sales[sid] = {k: v for k, v in amount.items() if k in families} if isinstance(amount, dict) else amount
        profile["projected_sales"] = sales
        # what is still to ship stays, at most the sales that carry over
        totals = {k: sum(map(Decimal, map(str, v.values()))) if isinstance(v, dict) else Decimal(str(v))
                  for k, v in sales.items()}
        profile["to_ship"] = {k: str(min(Decimal(str(v)), totals[k])) for k, v in profile.get("to_ship", {}).items()
                              if totals.get(k)}
        profile["staff"] = [
            dict(person, covers=[a for a in person.get("covers", ()) if a in auths])
            for person in profile.get("staff", ())
        ]
        state.clear_widgets()

    return apply


def _set_period(edition: Edition) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        if value is None:
            return
        profile["period"] = value
        profile["as_of"] = None
        state.clear_widgets()  # the minimums in the table and the date bounds change

    return apply


def _set_country(profile: dict[str, Any], value: Any) -> None:
    profile["country"] = value


def _set_as_of(profile: dict[str, Any], value: Any) -> None:
    profile["as_of"] = value.isoformat() if isinstance(value, dt.date) else None


def _as_of(editions: dict[str, Edition], period: Period, as_of: str | None) -> None:
    """The assessment date, typed as the chosen language writes a day (`28 mrt 2015`, `28-3-2015`,
    `2015-03-28`). A text input rather than Streamlit's date input: that one takes a typed day only
    when it loses focus, not on Enter, so a consultant who typed a day and pressed Enter saw the
    figures of the old one. Empty means the start of the period; a day that cannot be read, or lies
    outside the period (or the year before it), is refused with one line and the field shows the
    last day it accepted."""
    f = fmt_usd()
    earliest, latest = period.start - LONG_BEFORE, period.end
    day = dt.date.fromisoformat(as_of) if as_of else None
    key = state.widget("as_of", state.lang())
    if key not in st.session_state:
        st.session_state[key] = f.day(day) if day else ""
    st.text_input(t("in.as_of"), key=key, placeholder=f.day(period.start), help=t("in.as_of_help"),
                  on_change=_typed_as_of, args=(key, editions, earliest, latest))


def _typed_as_of(key: str, editions: dict[str, Edition], earliest: dt.date, latest: dt.date) -> None:
    f = fmt_usd()
    try:
        day = f.parse_day(str(st.session_state[key]), low=earliest, high=latest)
    except VipError as exc:
        st.session_state[state.NOTICE] = error(exc)
        kept = state.current().get("as_of")
        st.session_state[key] = f.day(dt.date.fromisoformat(kept)) if kept else ""
        st.rerun()  # the whole page, where the notice is shown
    st.session_state[key] = f.day(day) if day else ""
    apply_value(day, _set_as_of, editions, "results")


# --- certification and CSAT --------------------------------------------------------------------


def _certification(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    group = _group(t("in.certification"), "certification", ":material/workspace_premium:")
    if not group.open:
        return
    cert = edition.certification_by_id[profile["certification"]]
    with group:
        key = seed(state.widget("certification"), profile["certification"])
        st.segmented_control(
            t("in.level"), [c.id for c in edition.certifications], required=True,
            format_func=lambda c: edition.certification_by_id[c].name.split()[0],
            help=" · ".join(c.name for c in edition.certifications),
            **hook(key, _set_certification, editions, "page"),
        )
        figure(t("in.csat"), state.widget("csat"), int(profile.get("csat_responses", 0)), _set_count("csat_responses"),
                editions, whole=True, low=0, high=10_000,
                help=t("in.csat_help", n=cert.csat_required.value, level=cert.name))


def _set_certification(profile: dict[str, Any], value: Any) -> None:
    if value is not None:
        profile["certification"] = value
        for key in [k for k in st.session_state if str(k).startswith(state.widget("implied"))]:
            del st.session_state[key]


# --- specializations and ATP authorisations ----------------------------------------------------


def _authorizations(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    group = _group(t("in.authorizations"), "authorizations", ":material/verified:")
    if not group.open:
        return
    held = set(profile.get("specializations", ())) | set(profile.get("atp", ()))
    cert = edition.certification_by_id[profile["certification"]]
    implied = set(cert.implies.ids) if cert.implies else set()
    level = cert.name.split()[0]
    by_track: dict[str | None, list[Authorization]] = {}
    for a in edition.authorizations:
        by_track.setdefault(a.track, []).append(a)
    track_names = {tr.id: tr.name for tr in edition.tracks}
    with group:
        if implied:
            st.caption(t("in.implied_note", level=cert.name, n=len(implied)))
        for track, auths in by_track.items():
            st.markdown(f"**{track_names.get(track or '', t('in.other_track'))}**")
            for a in auths:
                if a.id in implied:
                    key = seed(state.widget("implied", a.id), True)
                    st.toggle(f"{a.name} :gray[· {t('in.via', level=level)}]", key=key, disabled=True,
                              help=t("in.implied_help", level=cert.name))
                    continue
                key = seed(state.widget("auth", a.id), a.id in held)
                st.toggle(a.name, **hook(key, _set_authorization(a), editions))


def _set_authorization(a: Authorization) -> Apply:
    field = "specializations" if a.kind == "specialization" else "atp"

    def apply(profile: dict[str, Any], value: Any) -> None:
        ids = [x for x in profile.get(field, ()) if x != a.id]
        profile[field] = [*ids, a.id] if value else ids

    return apply


# --- certified staff ---------------------------------------------------------------------------

STAFF_COLUMNS = ("name", "role", "covers")


def _staff(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    """The partner's certified people: who fills which role for which authorisations. Their spare
    room is used before the investment counts a new person for a role. The sidebar lists them; they
    are edited in a dialog as wide as the screen, where every column can be read: in the sidebar's
    width the editor cut off the authorisations each person covers."""
    group = _group(t("in.staff"), "staff", ":material/badge:")
    if not group.open:
        return
    people = profile.get("staff", ())
    with group:
        if people:
            st.markdown("\n".join(f"- {_person_line(p, edition)}" for p in people))
        else:
            st.caption(t("in.staff_none"))
        st.button(t("in.staff_edit"), key=STAFF_EDIT, icon=":material/edit:", width="stretch",
                  on_click=_open_staff_editor)
        # Opened by the button's callback rather than by its value, which a rerun before this line
        # (`data.editions` may make one) would lose; once: the next full run closes it.
        if st.session_state.pop(STAFF_OPEN, False):
            st.dialog(t("in.staff"), width="large", icon=":material/badge:", on_dismiss="rerun")(_staff_editor)(
                editions, edition)


STAFF_EDIT: Final = "staff.edit"  # the button that opens the staff dialog
STAFF_OPEN: Final = "staff.open"  # set by that button: open the dialog in this run


def _person_line(person: dict[str, Any], edition: Edition) -> str:
    """One person for the sidebar's list, as Markdown: name, role code, what they cover."""
    name = literal(person.get("name") or t("in.staff_unnamed"))
    covers = ", ".join(edition.name_of(a) for a in person.get("covers", ()))
    return f"**{name}** · {person['role']}" + (f"  \n:gray[{literal(covers)}]" if covers else "")


def _open_staff_editor() -> None:
    """Open the staff dialog, which edits the staff as they are now, not the rows it was given the
    last time it was open."""
    st.session_state[STAFF_OPEN] = True
    for key in (state.widget("staff", "base"), state.widget("staff", "table")):
        st.session_state.pop(key, None)


def _staff_editor(editions: dict[str, Edition], edition: Edition) -> None:
    """The staff editor, in its dialog. An edit reruns the dialog alone (it is a fragment); closing
    it, with Done or otherwise, reruns the page, whose figures then count the new staff."""
    profile = state.current()
    st.caption(t("in.staff_note", am=edition.roles["AM"].max_per_person.value if "AM" in edition.roles else 0))
    # The editor reports its edits against the rows it was first given: keep those rows while it lives.
    base_key = seed(state.widget("staff", "base"), [staff_row(p) for p in profile.get("staff", ())])
    roles = list(edition.roles)
    rows = st.session_state[base_key]
    table_key = state.widget("staff", "table")
    st.data_editor(
        # Typed columns: with no one yet, untyped empty columns would be read as numbers, not text.
        pd.DataFrame({c: pd.Series([row[c] for row in rows], dtype="object") for c in STAFF_COLUMNS}),
        num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            # Wide enough for a name and a role's full name; on a phone the grid scrolls sideways.
            "name": st.column_config.TextColumn(t("in.staff_name"), max_chars=100, width="medium"),
            "role": st.column_config.SelectboxColumn(t("in.staff_role"), options=roles, required=True,
                                                     width="medium", format_func=lambda r: t(f"role.{r}")),
            "covers": st.column_config.MultiselectColumn(
                t("in.staff_covers"), options=[a.id for a in edition.authorizations],
                format_func=edition.name_of, width="large", help=t("in.staff_covers_help")),
        },
        key=table_key, on_change=_staff_changed, args=(table_key, base_key, editions),
    )
    # Rows that do not fit the rules stay in the editor, as typed, with the one line that says why;
    # the profile keeps the staff it had until they fit.
    problem = staff_error(profile, edited_rows(rows, st.session_state.get(table_key) or {}), editions)
    if problem:
        st.error(literal(problem), icon=":material/error:")
    if st.button(t("in.staff_done"), key="staff.done", type="primary", icon=":material/check:") and not problem:
        st.rerun()


def staff_row(person: dict[str, Any]) -> dict[str, Any]:
    return {"name": person.get("name") or "", "role": person["role"], "covers": list(person.get("covers", ()))}


def edited_rows(base: list[dict[str, Any]], edits: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a data editor after its edits (`st.data_editor`'s state: edited, deleted and added
    rows, positions counted in `base`)."""
    rows = [dict(r) for r in base]
    for position, change in (edits.get("edited_rows") or {}).items():
        rows[int(position)].update(change)
    deleted = {int(x) for x in edits.get("deleted_rows") or ()}
    kept = [r for i, r in enumerate(rows) if i not in deleted]
    return kept + [dict(r) for r in edits.get("added_rows") or ()]


def staff_from_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profile's staff from the editor's rows; a row without a role is not finished and is left out."""
    people = []
    for row in rows:
        if not row.get("role"):
            continue
        name = str(row.get("name") or "").strip()
        person = {"role": row["role"], "covers": [x for x in row.get("covers") or () if x]}
        people.append({**person, "name": name} if name else person)
    return people


def staff_error(profile: dict[str, Any], rows: list[dict[str, Any]], editions: dict[str, Edition]) -> str:
    """The one-line error of the profile with the editor's rows as its staff ('' when they fit the rules)."""
    try:
        state.normalise({**profile, "staff": staff_from_rows(rows)}, editions)
    except VipError as exc:
        return error(exc)
    return ""


def _staff_changed(key: str, base_key: str, editions: dict[str, Edition]) -> None:
    """An edit in the staff editor: the profile's staff once the rows fit the rules. Until then the
    editor keeps its rows and its dialog says why (no page rerun, no widgets cleared: that would
    close the dialog and lose what was typed)."""
    rows = edited_rows(st.session_state[base_key], st.session_state[key] or {})
    if not staff_error(state.current(), rows, editions):
        state.update_profile(lambda profile: profile.update(staff=staff_from_rows(rows)), editions)


# --- assumptions -------------------------------------------------------------------------------


def _assumptions(editions: dict[str, Edition], edition: Edition, profile: dict[str, Any]) -> None:
    group = _group(t("in.assumptions"), "assumptions", ":material/tune:")
    if not group.open:
        return
    given = profile.get("assumptions") or {}
    d = edition.defaults
    with group:
        figure(t("in.hourly"), state.widget("hourly"), given.get("hourly_cost") or d.hourly_cost.value,
                _set_assumption("hourly_cost"), editions, low=0, high=10_000, help=t("in.hourly_help"))
        figure(t("in.horizon"), state.widget("horizon"), given.get("horizon_periods") or d.horizon_periods.value,
                _set_assumption("horizon_periods"), editions, whole=True, low=1, high=40, help=t("in.horizon_help"))
        rate = Decimal(str(given["discount_rate"])) if given.get("discount_rate") is not None else d.discount_rate.value
        figure(t("in.discount"), state.widget("discount"), rate * 100, _set_discount, editions, low=0, high=100,
                help=t("in.discount_help"))
        margin = Decimal(str(given["margin_cost"])) if given.get("margin_cost") is not None else Decimal(0)
        figure(t("in.margin"), state.widget("margin"), margin * 100, _set_fraction("margin_cost"), editions, low=0,
                high=100, help=t("in.margin_help"))


def _set_assumption(field: str) -> Apply:
    def apply(profile: dict[str, Any], value: Any) -> None:
        assumptions = dict(profile.get("assumptions") or {})
        assumptions[field] = as_number(value)
        profile["assumptions"] = assumptions

    return apply


def _set_discount(profile: dict[str, Any], value: Any) -> None:
    _set_fraction("discount_rate")(profile, value)


def _set_fraction(field: str) -> Apply:
    """An assumption typed in percent and kept as a fraction."""
    def apply(profile: dict[str, Any], value: Any) -> None:
        assumptions = dict(profile.get("assumptions") or {})
        assumptions[field] = format((Decimal(str(value)) / 100).quantize(Decimal("0.0001")).normalize(), "f")
        profile["assumptions"] = assumptions

    return apply
