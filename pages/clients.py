"""Clients: saved clients and scenarios, a partner's bookings import, and meeting reports.

Saved scenarios live in the store (`vip.store`: SQLite in `data/` or `VIP_ADVISOR_DB`); loading one
puts it on screen as the partner (the Advisor and Compare pages then show it). A bookings import
changes nothing until "Use as projected sales" is pressed, and then only the projected sales (and
what of them is still to ship, where the export says how its lines ship); an
export that cannot be read leaves the profile as it was. Reports are built when a download button
is pressed, from the profile on screen, in the chosen language and currency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any, Final

import streamlit as st

from ui import data, frame, numbers, state
from ui.i18n import error, fmt, literal, period_label, t
from vip.calc.engine import assess
from vip.io.bookings import BookingsResult, apply_bookings, apply_mix, apply_to_ship, import_bookings, scale_for
from vip.io.store import Store
from vip.io.tables import FIELDS, SYMBOLS, ColumnMapping, Table, guess_mapping, read_table
from vip.model.errors import StoreError, VipError
from vip.present.bookings import late_text, to_ship_text
from vip.present.explain import issue_text
from vip.present.reports import bookings_issues_csv, excel_report, html_report, issues_filename, report_filename

# State keys of this page (all start with "clients."). The inputs are bound (`state.bind`): each value
# lives under its plain key, so it survives a visit to another page.
CLIENT: Final = "clients.client"  # the client name to save under
SCENARIO: Final = "clients.scenario"  # the scenario name to save under
NOTE: Final = "clients.note"  # a note for the saved version
SAVE: Final = "clients.save"
PICK: Final = "clients.pick"  # the saved scenario chosen (its id)
NEW_NAME: Final = "clients.new_name"  # rename to
FLASH: Final = "clients.flash"  # ("success" | "error", text) to show once on the next run
UNDO: Final = "clients.undo"  # id of the scenario deleted last, while its undo is offered
UPLOAD: Final = "clients.upload"  # the uploader's key, with its round after it (`_upload_key`)
UPLOAD_ROUND: Final = "clients.upload_round"  # goes up to empty the uploader when a sample file is picked
# (bytes, name, sha256) of the last upload: an upload widget forgets it on another page
KEPT_FILE: Final = "clients.kept_file"
# How long reading an upload may take before it is refused: a visitor who leaves does not leave a read
# running on (the CLI, `vip import`, has no such bound).
READ_BUDGET_S: Final = 60
SAMPLE_FILE: Final = "clients.sample_file"
MAPPED_FOR: Final = "clients.mapped_for"  # the file the column choices belong to
MONTHS: Final = "clients.months"
FILE_CURRENCY: Final = "clients.file_currency"
REPLACE_ALL: Final = "clients.replace_all"
APPLY: Final = "clients.apply"
TAB: Final = "clients.tab"  # the open tab (its label)
NONE: Final = ""
FIELD_LABEL: Final = {
    "product": "clients.field.product", "amount": "clients.field.amount", "date": "clients.field.date",
    "currency": "clients.field.currency", "description": "clients.field.description",
    "ship_date": "clients.field.ship_date", "status": "clients.field.status",
}

editions = data.editions()


def _map_key(field: str) -> str:
    return f"clients.map.{field}"


def _rate_key(code: str) -> str:
    return f"clients.rate.{code}"






# --- saved clients and scenarios ---------------------------------------------------------------


def _save(store: Store) -> None:
    ss = st.session_state
    try:
        profile, _ = state.to_model(state.current(), editions)
        version = store.save(ss.get(CLIENT) or profile.partner, ss.get(SCENARIO) or t("clients.default_scenario"),
                             profile, note=(ss.get(NOTE) or "").strip() or None)
    except VipError as exc:
        frame.flash(FLASH, "error", t("clients.save_failed", what=error(exc)))
        return
    saved = store.scenario(version.scenario_id)
    state.put(PICK, saved.id)
    state.put(NOTE, "")
    frame.flash(FLASH, "success", t("clients.saved", client=saved.client, scenario=saved.name, n=version.version))


def _load(store: Store, scenario_id: int, number: int | None) -> None:
    try:
        profile, _, version = store.load(scenario_id, editions, number)
    except VipError as exc:
        frame.flash(FLASH, "error", t("clients.load_failed", what=error(exc)))
        return
    state.load_profile(profile.model_dump(mode="json"))
    saved = store.scenario(scenario_id)
    frame.flash(FLASH, "success", t("clients.loaded", client=saved.client, scenario=saved.name, n=version.version))


def _rename(store: Store, scenario_id: int) -> None:
    try:
        store.rename(scenario_id, st.session_state.get(NEW_NAME) or "")
    except StoreError as exc:
        frame.flash(FLASH, "error", error(exc))
        return
    state.put(NEW_NAME, "")
    frame.flash(FLASH, "success", t("clients.renamed", scenario=store.scenario(scenario_id).name))


def _delete(store: Store, scenario_id: int) -> None:
    try:
        store.delete(scenario_id)
    except StoreError as exc:
        frame.flash(FLASH, "error", error(exc))
        return
    st.session_state[UNDO] = scenario_id
    state.put(PICK, None)


def _restore(store: Store, scenario_id: int) -> None:
    try:
        store.restore(scenario_id)
    except StoreError as exc:
        frame.flash(FLASH, "error", error(exc))
        return
    st.session_state.pop(UNDO, None)
    state.put(PICK, scenario_id)
    frame.flash(FLASH, "success", t("clients.restored", scenario=store.scenario(scenario_id).name))


def saved_section(store: Store) -> None:
    ss = st.session_state
    current = state.current()
    st.subheader(t("clients.save_title"), anchor=False)
    # A row that wraps where the screen is narrow, the button as wide as its label (in columns, a
    # projector's 1024 px cut it to "O…").
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("clients.client"), max_chars=200, **state.bind(CLIENT, default=current.get("partner", "")))
        st.text_input(t("clients.scenario"), max_chars=200,
                      **state.bind(SCENARIO, default=t("clients.default_scenario")))
        st.text_input(t("clients.note"), max_chars=500, placeholder=t("clients.note_placeholder"),
                      **state.bind(NOTE, default=""))
        st.button(t("clients.save"), key=SAVE, icon=":material/save:", type="primary", width="content",
                  on_click=_save, args=(store,))
    st.caption(t("clients.save_help"))

    undo = ss.get(UNDO)
    if undo is not None:
        gone = store.scenario(undo)
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.info(literal(t("clients.deleted", client=gone.client, scenario=gone.name)), icon=":material/delete:")
        right.button(t("clients.undo"), key="clients.undo_button", icon=":material/undo:", width="stretch",
                     on_click=_restore, args=(store, undo))

    st.subheader(t("clients.saved_title"), anchor=False)
    saved = store.scenarios()
    if not saved:
        st.info(t("clients.none_saved"), icon=":material/info:")
    else:
        f = fmt()
        st.dataframe(
            [{t("clients.col_client"): s.client, t("clients.col_scenario"): s.name,
              t("clients.col_partner"): s.partner or "", t("clients.col_edition"): s.edition or "",
              t("clients.col_versions"): s.versions,
              t("clients.col_saved"): f.moment(s.updated_at)} for s in saved],
            hide_index=True, width="stretch", key="clients.table",
        )
        by_id = {s.id: s for s in saved}
        if ss.get(PICK) not in by_id:
            state.put(PICK, saved[0].id)
        st.selectbox(t("clients.pick"), list(by_id), format_func=lambda i: f"{by_id[i].client} / {by_id[i].name}",
                     **state.bind(PICK))
        chosen = by_id[ss[PICK]]
        load, delete, new_name, rename = st.columns([1, 1, 1.6, 1], vertical_alignment="bottom")
        load.button(t("clients.load"), key="clients.load", icon=":material/upload_file:", type="primary",
                    width="stretch", on_click=_load, args=(store, chosen.id, None))
        delete.button(t("clients.delete"), key="clients.delete", icon=":material/delete:", width="stretch",
                      on_click=_delete, args=(store, chosen.id))
        new_name.text_input(t("clients.new_name"), max_chars=200, **state.bind(NEW_NAME, default=""))
        rename.button(t("clients.rename"), key="clients.rename", icon=":material/edit:", width="stretch",
                      on_click=_rename, args=(store, chosen.id))
        with st.expander(t("clients.history", n=chosen.versions), icon=":material/history:"):
            for v in store.history(chosen.id):
                text, button_col = st.columns([5, 1], vertical_alignment="center")
                text.markdown(t("clients.version", n=v.version, when=f.moment(v.created_at))
                              + (f" · {v.note}" if v.note else ""))
                button_col.button(t("clients.load_version", n=v.version), key=f"clients.load_v{v.version}",
                                  width="stretch", on_click=_load, args=(store, chosen.id, v.version))
    deleted = store.scenarios(deleted=True)
    if deleted:
        with st.expander(t("clients.deleted_title", n=len(deleted)), icon=":material/restore_from_trash:"):
            for s in deleted:
                text, button_col = st.columns([5, 1], vertical_alignment="center")
                text.markdown(f"{s.client} / {s.name}")
                button_col.button(t("clients.restore"), key=f"clients.restore.{s.id}", width="stretch",
                                  on_click=_restore, args=(store, s.id))


# --- bookings import ---------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _read(digest: str, name: str, _raw: bytes) -> Table | VipError:
    """The file's table, read once per content (`digest`, its SHA-256; `_raw` is not hashed again),
    with the limits `vip import` has and a time budget; or why it cannot be read, kept as well, so a
    file refused is not read again on the next run."""
    try:
        return read_table(_raw, name, budget_s=READ_BUDGET_S)
    except VipError as exc:
        return exc


@st.cache_resource(show_spinner=False, max_entries=4)
def _import(digest: str, name: str, edition_id: str, period: str, mapping: tuple[tuple[str, str | None], ...],
            rates: tuple[tuple[str, str], ...], currency: str, scale: str, as_of: str | None,
            _raw: bytes) -> BookingsResult:
    table = _read(digest, name, _raw)  # read once, within the time budget: the column choice shows its headers
    if isinstance(table, VipError):
        raise table
    return import_bookings(table, name, data.editions()[edition_id], period, mapping=dict(mapping),
                           per_usd={k: Decimal(v) for k, v in rates}, currency=currency, scale=Decimal(scale),
                           as_of=dt.date.fromisoformat(as_of) if as_of else None)


def _upload_key() -> str:
    """The uploader's key: a new one empties it (an uploader's files cannot be set from the script)."""
    return f"{UPLOAD}.{st.session_state.get(UPLOAD_ROUND, 0)}"


def _uploaded() -> None:
    upload = st.session_state.get(_upload_key())
    st.session_state[KEPT_FILE] = None
    if upload is not None:
        raw = upload.getvalue()  # hashed once here, not on every run
        st.session_state[KEPT_FILE] = (raw, upload.name, hashlib.sha256(raw).hexdigest())
        state.put(SAMPLE_FILE, NONE)  # the upload is what is read now: the sample box says so, not a sample


def _sample_picked() -> None:
    st.session_state[KEPT_FILE] = None  # a sample picked replaces the upload kept
    if st.session_state.get(SAMPLE_FILE):  # and the uploader no longer shows that file
        st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1


def _chosen_file() -> tuple[bytes, str, str] | None:
    """The upload (kept while the user visits other pages), else the sample file picked."""
    kept = st.session_state.get(KEPT_FILE)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    sample = st.session_state.get(SAMPLE_FILE)
    if sample:
        path = data.samples_dir() / sample
        if path.is_file():
            raw = path.read_bytes()
            return raw, path.name, hashlib.sha256(raw).hexdigest()
    return None


def _json_sales(sales: dict[str, Any]) -> dict[str, Any]:
    return {k: _json_sales(v) if isinstance(v, dict) else str(v) for k, v in sales.items()}


def _apply(args: tuple[Any, ...]) -> None:
    result = _import(*args)
    profile, edition = state.to_model(state.current(), editions)
    replace_all = bool(st.session_state.get(REPLACE_ALL))
    sales = apply_bookings(profile, result, replace_all=replace_all)
    to_ship = apply_to_ship(profile, result, replace_all=replace_all)
    mix = apply_mix(profile, result, edition, replace_all=replace_all)  # an edition's own SKU rates

    def change(d: dict[str, Any]) -> None:
        d["projected_sales"], d["to_ship"] = _json_sales(sales), _json_sales(to_ship)
        d["mix"] = {fid: {str(r): str(v) for r, v in at.items()} for fid, at in mix.items()}

    if state.update_profile(change, editions):
        st.session_state[state.BY_FAMILY] = any(isinstance(v, dict) for v in sales.values())
        state.clear_widgets()
        frame.flash(FLASH, "success", t("clients.applied", n=len(result.families), file=result.source))


def import_section() -> None:
    ss = st.session_state
    current = state.current()
    edition = editions[current["edition"]]
    period = edition.period_by_id[current["period"]]
    st.subheader(t("clients.import_title"), anchor=False)
    st.caption(t("clients.import_help", period=period_label(period), edition=edition.name))
    upload, sample = st.columns([2, 1])
    upload.file_uploader(t("clients.upload"), type=["csv", "txt", "xlsx", "parquet"], key=_upload_key(),
                         on_change=_uploaded)
    samples = sorted(p.name for p in data.samples_dir().glob("bookings_*") if p.suffix in (".csv", ".xlsx"))
    none = t("clients.sample_none")
    sample.selectbox(t("clients.sample_file"), [NONE, *samples], format_func=lambda x: x or none,
                     **state.bind(SAMPLE_FILE, _sample_picked, default=NONE))
    chosen = _chosen_file()
    if chosen is None:
        return
    raw, name, digest = chosen
    if ss.get(KEPT_FILE) is not None and ss.get(_upload_key()) is None:
        st.caption(literal(t("clients.kept_file", file=name)))
    table = _read(digest, name, raw)
    if isinstance(table, VipError):
        st.error(literal(t("clients.import_error", what=error(table))), icon=":material/error:")
        return
    if ss.get(MAPPED_FOR) != (name, len(raw)):  # another file: guess its columns afresh
        for key in [k for k in ss if str(k).startswith(("clients.map.", "clients.rate.", "set.clients.map.",
                                                         "set.clients.rate."))]:
            del ss[key]
        ss[MAPPED_FOR] = (name, len(raw))
    how = t("clients.read_csv", encoding=table.encoding, sep=repr(table.delimiter)) if table.kind == "csv" else \
        t("clients.read_xlsx", sheet=table.sheet) if table.kind == "xlsx" else t("clients.read_parquet")
    st.caption(literal(t("clients.read", file=name, how=how, rows=len(table.rows))))

    guess = guess_mapping(table.headers)
    options = [NONE, *table.headers]
    no_column = t("clients.no_column")
    columns = [c for _ in range(0, len(FIELDS), 4) for c in st.columns(4)]  # two rows: room for the labels
    for col, field in zip(columns, FIELDS, strict=False):
        col.selectbox(t(FIELD_LABEL[field]), options, format_func=lambda h: h or no_column,
                      **state.bind(_map_key(field), default=getattr(guess, field) or NONE))
    mapping = ColumnMapping(**{field: ss[_map_key(field)] or None for field in FIELDS})

    codes: set[str] = set()
    if mapping.currency:
        at = table.headers.index(mapping.currency)
        codes = {SYMBOLS.get(str(r[at]).strip().upper(), str(r[at]).strip().upper()) for r in table.rows
                 if r[at] is not None and str(r[at]).strip()}
    currency_col, months_col, *rate_cols = st.columns(2 + max(1, len(codes - {"USD"})))
    currency_col.selectbox(t("clients.file_currency"), ["USD", "EUR"], **state.bind(FILE_CURRENCY, default="USD"))
    if ss[FILE_CURRENCY] == "EUR":
        codes.add("EUR")
    if not 1 <= ss.get(MONTHS, 0) <= period.months:  # unset, or from a longer period
        ss[MONTHS] = period.months
        numbers.forget("set." + MONTHS)
    numbers.number_field(t("clients.months", n=period.months), "set." + MONTHS, ss[MONTHS],
                         numbers.into(MONTHS, int), whole=True, low=1, high=period.months,
                         where=months_col)
    rates: dict[str, str] = {}
    for code, col in zip(sorted(codes - {"USD"}), rate_cols, strict=False):
        key = _rate_key(code)
        if key not in ss:
            default = edition.defaults.eur_per_usd.value if code == "EUR" else Decimal(0)
            if code == "EUR" and state.currency() == "EUR":
                default = state.per_usd()
            ss[key] = float(default)
        numbers.number_field(t("clients.rate", code=code), "set." + key, Decimal(repr(ss[key])),
                             numbers.into(key), low=0, high=10_000,
                             help=t("clients.rate_help", code=code), where=col)
        if ss[key]:
            rates[code] = str(Decimal(str(ss[key])))
    if mapping.missing():
        st.warning(t("clients.map_missing", fields=", ".join(t(FIELD_LABEL[f]) for f in mapping.missing())),
                   icon=":material/warning:")
        return
    scale = scale_for(int(ss[MONTHS]), period.months)
    args = (digest, name, edition.id, period.id, tuple(mapping.items()), tuple(sorted(rates.items())),
            ss[FILE_CURRENCY], str(scale), current.get("as_of"), raw)
    try:
        result = _import(*args)
    except VipError as exc:
        st.error(literal(t("clients.import_error", what=error(exc))), icon=":material/error:")
        return
    _import_result(result, args)


def _import_result(result: BookingsResult, args: tuple[Any, ...]) -> None:
    f, lang = fmt(), state.lang()
    counted, rejected, outside, unmapped = (result.counted, result.count("rejected"), result.count("outside_period"),
                                            result.count("unmapped"))
    cols = st.columns(5)
    cols[0].metric(t("clients.m_rows"), f.num(result.rows_read))
    cols[1].metric(t("clients.m_counted"), f.num(counted))
    cols[2].metric(t("clients.m_rejected"), f.num(rejected))
    cols[3].metric(t("clients.m_outside"), f.num(outside))
    cols[4].metric(t("clients.m_unmapped"), f.num(unmapped))
    edition = editions[args[2]]
    rows = []
    for sid, fam in result.families.items():
        sub = edition.subtrack_by_id[sid]
        names = {x.id: x.name for x in sub.families}
        for fid, amount in fam.items():
            rows.append({t("clients.col_subtrack"): sub.name, t("clients.col_family"): names.get(fid, fid),
                         t("clients.col_amount"): f.money(amount)})
    if result.scale != 1:
        st.caption(t("clients.scaled", factor=f.num(result.scale, 2)))
    st.dataframe(rows, hide_index=True, width="stretch", key="clients.totals")
    if result.negative:
        st.warning(literal(t("clients.negative", what=", ".join(result.negative))), icon=":material/warning:")
    if result.as_of is not None:
        st.markdown(f"**{literal(to_ship_text(result, f))}**")
        if result.to_ship:
            st.dataframe([{t("clients.col_subtrack"): edition.name_of(sid), t("clients.col_amount"): f.money(v)}
                          for sid, v in result.to_ship.items()], hide_index=True, width="stretch",
                         key="clients.to_ship")
        for x in result.ships_late:
            st.warning(literal(t("clients.ships_late", row=x.row, why=late_text(x, result, f))),
                       icon=":material/local_shipping:")
    if result.issues:
        st.markdown(f"**{t('clients.issues_title', n=len(result.issues))}**")
        kinds = {"rejected": t("clients.m_rejected"), "outside_period": t("clients.m_outside"),
                 "unmapped": t("clients.m_unmapped")}
        # What finds the line in the export first (row, date, SKU, amount), the long reason last: on
        # a projector or a phone the table is narrower than its text, and what scrolls out of sight
        # is then the end of a reason, never a date or an amount cut in two.
        row, day, sku, sum_, status, reason = (t(f"clients.col_{c}") for c in
                                                ("row", "date", "sku", "amount", "status", "reason"))
        st.dataframe(
            [{row: i.row, day: i.day, sku: i.sku, sum_: i.amount, status: kinds[i.kind],
              reason: issue_text(i, lang)} for i in result.issues],
            hide_index=True, width="stretch", key="clients.issues",
            column_config={row: st.column_config.NumberColumn(row, width=56), day: st.column_config.TextColumn(
                day, width=96), sum_: st.column_config.TextColumn(sum_, width=96)},
        )
        st.download_button(t("clients.issues_download"), ("\ufeff" + bookings_issues_csv(result, lang)).encode(),
                           file_name=issues_filename(result.source, lang), mime="text/csv",
                           icon=":material/download:", on_click="ignore", key="clients.issues_csv")
    left, right = st.columns([2, 1], vertical_alignment="center")
    left.toggle(t("clients.replace_all"), help=t("clients.replace_all_help"), **state.bind(REPLACE_ALL, default=False))
    right.button(t("clients.apply"), key=APPLY, icon=":material/input:", type="primary", width="stretch",
                 on_click=_apply, args=(args,))


# --- reports -----------------------------------------------------------------------------------


def reports_section() -> None:
    st.subheader(t("clients.reports_title"), anchor=False)
    profile, edition = state.to_model(state.current(), editions)
    result = assess(profile, edition, data.memo())
    base = state.loaded_if_changed(editions)
    f = fmt()
    language = t("clients.lang_nl") if f.lang == "nl" else t("clients.lang_en")
    st.caption(literal(t("clients.reports_help", partner=profile.partner, lang=language, currency=f.currency)))
    if base is not None:
        st.caption(literal(t("clients.reports_changes", partner=base.profile.partner)))
    excel, page = st.columns(2)
    excel.download_button(
        t("clients.report_excel"), lambda: excel_report(result, f, base),
        file_name=report_filename(result, "xlsx", f.lang),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/table_view:",
        on_click="ignore", key="clients.report_xlsx", width="stretch", type="primary",
    )
    page.download_button(
        t("clients.report_html"), lambda: html_report(result, f, base=base),
        file_name=report_filename(result, "html", f.lang),
        mime="text/html", icon=":material/description:", on_click="ignore", key="clients.report_html",
        width="stretch", type="primary",
    )


# --- the page ----------------------------------------------------------------------------------

st.title(t("clients.title"), anchor=False)
frame.show_flash(FLASH)
# The tabs keep their state across reruns (an upload or a click stays on its tab), and only the
# open tab runs.
TAB_LABELS = [t("clients.tab_saved"), t("clients.tab_import"), t("clients.tab_reports")]
if st.session_state.get(TAB) not in TAB_LABELS:  # new, or named in the other language
    state.put(TAB, TAB_LABELS[0])
saved_tab, import_tab, reports_tab = st.tabs(TAB_LABELS, **state.bind(TAB))
if saved_tab.open:
    with saved_tab:
        store = frame.store()
        if store is not None:
            saved_section(store)
if import_tab.open:
    with import_tab:
        import_section()
if reports_tab.open:
    with reports_tab:
        reports_section()
