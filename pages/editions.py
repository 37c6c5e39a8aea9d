"""Own editions: Cisco's SKU list or minimum table in, an edition of the user's own out, without
editing YAML.

An upload is read as `vip rules import-skus` / `import-minimums` read a file (`vip.io.imports`), once
per content and choice. What was read and refused is shown, and, when every row is placed, the
difference from the base edition; saving keeps the edition in the store (versioned, for one client
or for everyone), where every edition picker of the app finds it (`ui.data`). An edition already
kept can be downloaded as its rules file, deleted and brought back.
"""

from __future__ import annotations

import hashlib
from typing import Final

import streamlit as st

from ui import data, frame, program, state
from ui.i18n import error, fmt, literal, t, tn
from ui.inputs import countries
from vip.io.imports import Imported, import_minimums, import_skus, rules_text
from vip.io.schema import EDITION_MAX
from vip.io.store import OwnEdition, Store, check_edition_id
from vip.io.tables import MAX_BYTES
from vip.model.edition import Edition
from vip.model.errors import BookingsError, RulesError, StoreError, VipError
from vip.present.imports import refusal_text

KIND: Final = "own.kind"  # "skus" or "minimums"
BASE: Final = "own.base"
NEW_ID: Final = "own.id"
CLIENT: Final = "own.client"  # empty: for everyone
SHEET: Final = "own.sheet"
NOTE: Final = "own.note"
COUNTRY: Final = "own.country"  # the country the differences are shown for
UPLOAD: Final = "own.upload"
KEPT_FILE: Final = "own.kept_file"  # (bytes, name, sha256) of the last upload: the widget forgets it on another page
FLASH: Final = "own.flash"  # ("success" | "error", text), shown once on the next run
UNDO: Final = "own.undo"  # id of the edition deleted last, while its undo is offered
SHOWN_REFUSED: Final = 50  # refused rows listed; the rest are counted

editions = data.editions()
folder = data.folder_editions()
ss = st.session_state




@st.cache_resource(show_spinner=False, max_entries=4)
def _import(digest: str, name: str, kind: str, base_id: str, new_id: str, sheet: str,
            _raw: bytes) -> Imported | VipError:
    """The import of one file's content (`digest`: its SHA-256; `_raw` is not hashed again) with these
    choices, or why it is refused, kept as well, so that a file is read once."""
    run = import_skus if kind == "skus" else import_minimums
    try:
        return run(_raw, name, folder[base_id], new_id, sheet=sheet or None)
    except VipError as exc:
        return exc


def _checked(imported: Imported) -> tuple[str, Edition]:
    """The rules file the import makes and its edition, loaded as the app will load it from the store."""
    text = rules_text(imported)
    return text, data.own_edition(text, f"{imported.edition['id']}.yaml", data.rules_dir())


def _save(kept: Store, text: str, new_id: str) -> None:
    client = str(ss.get(CLIENT) or "").strip() or None
    try:
        own = kept.save_edition(new_id, text, client, note=str(ss.get(NOTE) or "").strip() or None)
    except VipError as exc:
        frame.flash(FLASH, "error", t("own.save_failed", what=error(exc)))
        return
    where = t("own.for_client", client=own.client) if own.client else t("own.for_everyone")
    frame.flash(FLASH, "success", t("own.saved", id=own.edition, version=own.versions, where=where))


def _delete(kept: Store, own_id: int) -> None:
    try:
        kept.delete_edition(own_id)
    except VipError as exc:
        frame.flash(FLASH, "error", error(exc))
        return
    ss[UNDO] = own_id


def _restore(kept: Store, own_id: int) -> None:
    try:
        kept.restore_edition(own_id)
    except VipError as exc:
        frame.flash(FLASH, "error", error(exc))
        return
    ss.pop(UNDO, None)
    frame.flash(FLASH, "success", t("own.restored", id=kept.own_edition(own_id).edition))


def _new_id_problem(new_id: str, base: Edition) -> str:
    if new_id == base.id:
        return error(RulesError(code="rules.import.same_id", params={"id": new_id}))
    if new_id in folder:
        return t("own.id_shipped", id=new_id)
    try:
        check_edition_id(new_id)
    except StoreError as exc:
        return error(exc)
    return ""


def import_section(kept: Store | None, mine: list[OwnEdition]) -> None:
    st.subheader(t("own.import_title"), anchor=False)
    st.segmented_control(t("own.kind"), ["skus", "minimums"], required=True,
                         format_func=lambda k: t(f"own.kind_{k}"), **state.bind(KIND, default="skus"))
    base_col, id_col = st.columns(2, vertical_alignment="bottom")
    base_ids = list(folder)
    if ss.get(BASE) not in folder:
        state.put(BASE, state.current()["edition"] if state.current()["edition"] in folder else base_ids[0])
    base_col.selectbox(t("own.base"), base_ids, format_func=lambda e: folder[e].name, help=t("own.base_help"),
                       **state.bind(BASE))
    base = folder[ss[BASE]]
    id_col.text_input(t("own.id"), max_chars=EDITION_MAX, help=t("own.id_help"), placeholder=f"MY{base.id}",
                      **state.bind(NEW_ID, default=""))
    new_id = str(ss.get(NEW_ID) or "").strip() or f"MY{base.id}"
    client_col, sheet_col = st.columns([2, 1])
    client_col.text_input(t("own.client"), max_chars=200, placeholder=t("own.client_placeholder"),
                          **state.bind(CLIENT, default=""))
    sheet_col.text_input(t("own.sheet"), max_chars=100, placeholder=t("own.sheet_placeholder"),
                         **state.bind(SHEET, default=""))
    upload = st.file_uploader(t(f"own.file_{ss[KIND]}"), type=["csv", "xlsx", "txt"], key=UPLOAD,
                              help=t("own.file_help"))
    if upload is not None:
        raw = upload.getvalue()
        ss[KEPT_FILE] = (raw, upload.name, hashlib.sha256(raw).hexdigest())
    if ss.get(KEPT_FILE) is None:
        st.info(t(f"own.none_{ss[KIND]}"), icon=":material/info:")
        return
    raw, name, digest = ss[KEPT_FILE]
    if upload is None:
        st.caption(literal(t("own.kept", file=name)))
    if len(raw) > MAX_BYTES:
        st.error(literal(error(BookingsError(code="error.file.too_large", params={"limit": MAX_BYTES}, file=name))),
                 icon=":material/error:")
        return
    problem = _new_id_problem(new_id, base)
    if problem:
        st.error(literal(problem), icon=":material/error:")
        return
    got = _import(digest, name, ss[KIND], base.id, new_id, str(ss.get(SHEET) or "").strip(), raw)
    if isinstance(got, VipError):
        st.error(literal(error(got)), icon=":material/error:")
        return
    f = fmt()
    st.markdown(literal(tn("own.summary", got.rows_read, file=name, rows=f.num(got.rows_read), placed=f.num(got.placed),
                           refused=f.num(len(got.refused)), id=new_id, base=base.name)))
    if got.refused:
        st.error(literal(t("own.refused", n=len(got.refused))), icon=":material/error:")
        shown = got.refused[:SHOWN_REFUSED]
        lines = [literal(t("own.refused_row", row=r.row, why=refusal_text(r, state.lang()))) for r in shown]
        more = len(got.refused) - len(shown)
        st.markdown("\n".join(f"- {x}" for x in lines) + (f"\n\n{tn('own.refused_more', more)}" if more else ""))
        return
    try:
        text, edition = _checked(got)
    except VipError as exc:
        st.error(literal(error(exc)), icon=":material/error:")
        return
    codes, names = countries(state.lang())
    if ss.get(COUNTRY) not in codes:
        state.put(COUNTRY, state.current()["country"] if state.current()["country"] in codes else codes[0])
    st.markdown(f"**{t('own.diff_title', base=base.name)}**")
    st.selectbox(t("prog.country"), codes, format_func=lambda c: names.get(c, c), **state.bind(COUNTRY))
    program.differences_table(base, edition, ss[COUNTRY])
    note_col, save_col, download_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    note_col.text_input(t("own.note"), max_chars=500, placeholder=t("own.note_placeholder"),
                        **state.bind(NOTE, default=""))
    save_col.button(t("own.save"), key="own.save", icon=":material/save:", type="primary", width="stretch",
                    disabled=kept is None, on_click=_save, args=(kept, text, new_id))
    download_col.download_button(t("own.download"), text.encode(), file_name=f"{new_id.lower()}.yaml",
                                 mime="application/yaml", icon=":material/download:", width="stretch",
                                 key="own.download_new")
    in_store = {e.edition for e in mine}
    st.caption(t("own.save_again" if new_id in in_store else "own.save_help", id=new_id))


def kept_section(kept: Store, mine: list[OwnEdition]) -> None:
    st.subheader(t("own.kept_title"), anchor=False)
    undo = ss.get(UNDO)
    if undo is not None:
        gone = kept.own_edition(undo)
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.info(literal(t("own.deleted", id=gone.edition)), icon=":material/delete:")
        right.button(t("own.undo"), key="own.undo_button", icon=":material/undo:", width="stretch",
                     on_click=_restore, args=(kept, undo))
    if not mine:
        st.info(t("own.none_kept"), icon=":material/info:")
        return
    f = fmt()
    for own in mine:
        _kept_row(kept, own, f.moment(own.updated_at))


def _kept_row(kept: Store, own: OwnEdition, saved: str) -> None:
    loaded = editions.get(own.edition)
    name = loaded.name if loaded else own.edition
    where = t("own.for_client", client=own.client) if own.client else t("own.for_everyone")
    text, download, delete = st.columns([4, 1, 1], vertical_alignment="center")
    line = t("own.row", id=own.edition, name=name, where=where, versions=own.versions, saved=saved)
    text.markdown(literal(line) + ("" if loaded else "  \n" + t("own.not_loaded")))
    download.download_button(t("own.download_short"), own.rules_yaml.encode(), file_name=f"{own.edition.lower()}.yaml",
                             mime="application/yaml", icon=":material/download:", width="stretch",
                             key=f"own.download.{own.id}")
    delete.button(t("own.delete"), key=f"own.delete.{own.id}", icon=":material/delete:", width="stretch",
                  on_click=_delete, args=(kept, own.id))


st.title(t("own.title"), anchor=False)
st.caption(t("own.caption"))
frame.show_flash(FLASH)
kept = frame.store()
mine = kept.own_editions() if kept is not None else []
import_section(kept, mine)
if kept is not None:
    kept_section(kept, mine)
