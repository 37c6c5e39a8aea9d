"""Portfolio: a watchlist of every client in the store, each as its latest saved scenario stands or
with its lines of a distributor's bookings export; sortable, filtered by flag, edition and country,
searched by name; one partner opens in the Advisor; the list as shown exports to Excel.

The figures are worked out once per store state, file, language and currency (`vip.present.portfolio`,
with a progress bar) and kept for the process; a rerun only filters, sorts and renders them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any, Final, NamedTuple

import streamlit as st

from ui import data, frame, numbers, state, url
from ui.i18n import error, fmt, literal, t, tn
from vip.calc.portfolio import FLAGS, Flag, PartnerSummary
from vip.io.bookings import Export, partner_key
from vip.io.store import Scenario, Store
from vip.model.errors import VipError
from vip.model.profile import Profile
from vip.present.explain import Fmt
from vip.present.html import render
from vip.present.plans import next_step_text
from vip.present.portfolio import Candidate, Portfolio, as_saved, portfolio, portfolio_excel

# Widget and state keys of this page (all start with "portfolio.").
SEARCH: Final = "portfolio.search"
FLAGGED: Final = "portfolio.flags"
EDITIONS: Final = "portfolio.editions"
COUNTRIES: Final = "portfolio.countries"
SORT: Final = "portfolio.sort"
DESCENDING: Final = "portfolio.descending"
PICK: Final = "portfolio.pick"  # the partner to open (its client)
UPLOAD: Final = "portfolio.upload"
RATE: Final = "portfolio.rate"  # EUR per USD for the export's lines in euros
KEEP: Final = 8  # portfolios kept per process
READ_BUDGET_S: Final = 60  # as the Clients page bounds reading an upload
LIMIT: Final = "portfolio.limit"  # how many rows the table shows; "show more" adds `MORE`
MORE: Final = 100
SHORTFALL: Final = Decimal("0.10")  # the shortfall the rebate at risk is worked out at, as `vip portfolio`'s default
SORTS: Final = ("partner", "estimated", "potential", "at_risk", "deadline")
TONE: Final = {"near_minimum": "now", "near_cliff": "soon", "csat_missing": "now", "enrollment_closing": "soon"}

editions = data.editions()


class Row(NamedTuple):
    """A partner's line as the table shows it, its texts in the language it was worked out in."""

    client: str
    partner: str
    country: str
    edition: str
    estimated: Decimal
    potential: Decimal
    at_risk: Decimal
    deadline: date | None
    texts: tuple[str, str, str, str, str]  # estimated, potential, at risk, deadline, next step
    flags: tuple[Flag, ...]
    summary: PartnerSummary

    @property
    def profile(self) -> Profile:
        return self.summary.profile


class Worked(NamedTuple):
    rows: tuple[Row, ...]
    notes: tuple[str, ...]  # what the export holds beside them: unknown partners, refused, without lines


@st.cache_resource(show_spinner=False)
def _kept() -> dict[tuple[Any, ...], Worked]:
    """Portfolios worked out in this process, by what they depend on (see `_worked`)."""
    return {}


def _row(client: str, s: PartnerSummary, f: Fmt) -> Row:
    deadline = t(f"portfolio.deadline.{s.deadline.kind}", day=f.day(s.deadline.day)) if s.deadline else ""
    step = next_step_text(s.next_step, s.edition, f) if s.next_step else t("portfolio.no_step")
    return Row(client, s.partner, s.profile.country, s.edition.id, s.estimated_rebate, s.potential_rebate,
               s.at_risk, s.deadline.day if s.deadline else None,
               (f.money(s.estimated_rebate), f.money(s.potential_rebate), f.money(s.at_risk), deadline, step),
               s.flags, s)


def _worked(store: Store, latest: list[Scenario], upload: tuple[str, bytes] | None, rate: Decimal) -> Worked:
    """Every client's partner summarised (with its lines of the export, when one is given): worked
    out with a progress bar the first time, then kept."""
    f = fmt()
    digest = hashlib.sha256(upload[1]).hexdigest() if upload else ""
    key = (store.url, tuple((s.id, s.versions, s.updated_at) for s in latest), digest, str(rate) if upload else "",
           f.lang, f.currency, f.per_usd)
    kept = _kept()
    if key in kept:
        return kept[key]
    bar = st.progress(0.0, text=t("portfolio.reading"))
    candidates = [Candidate(store.load(s.id, editions)[0], s.client, (s.client,)) for s in latest]
    client = {k: c.source for c in candidates for k in c.keys}

    def progress(done: int, total: int) -> None:
        bar.progress(done / total, text=t("portfolio.progress", done=f.num(done), total=f.num(total)))

    notes: list[str] = []
    if upload:
        name, raw = upload
        with Export(raw, name, budget_s=READ_BUDGET_S) as export:
            result = portfolio(export, candidates, editions, per_usd={"EUR": rate}, shortfall=SHORTFALL,
                               progress=progress)
        rows = [_row(client[partner_key(s.partner)], s, f) for s in result.partners]
        notes = _notes(result)
    else:  # in the store's order: two clients may hold the same partner
        summaries = as_saved(candidates, editions, shortfall=SHORTFALL, progress=progress)
        rows = [_row(c.source, s, f) for c, s in zip(candidates, summaries, strict=True)]
    bar.empty()
    worked = Worked(tuple(rows), tuple(notes))
    if len(kept) >= KEEP:
        kept.pop(next(iter(kept)))
    kept[key] = worked
    return worked


def _notes(result: Portfolio) -> list[str]:
    out = [tn("portfolio.unknown", len(u.rows), partner=u.partner or "-",
              rows=", ".join(map(str, u.rows[:10])) + (" …" if len(u.rows) > 10 else "")) for u in result.unknown]
    out += [t("portfolio.refused", partner=name, why=error(exc)) for name, exc in result.refused]
    if result.without_lines:
        out.append(t("portfolio.without_lines", partners=", ".join(result.without_lines)))
    return out


def _shown(rows: tuple[Row, ...]) -> list[Row]:
    """The rows the filters let through, in the chosen order."""
    ss = st.session_state
    needle = partner_key(ss.get(SEARCH) or "")
    flags, chosen_editions, countries = set(ss.get(FLAGGED) or ()), set(ss.get(EDITIONS) or ()), \
        set(ss.get(COUNTRIES) or ())
    out = [r for r in rows if (not needle or needle in partner_key(r.partner) or needle in partner_key(r.client))
           and (not flags or flags & set(r.flags)) and (not chosen_editions or r.edition in chosen_editions)
           and (not countries or r.country in countries)]
    order = ss.get(SORT) or "partner"
    if order == "partner":
        out.sort(key=lambda r: partner_key(r.partner), reverse=bool(ss.get(DESCENDING)))
    elif order == "deadline":  # partners without one last, either way
        out.sort(key=lambda r: r.deadline or date.max)
        if ss.get(DESCENDING):
            out = [r for r in reversed(out) if r.deadline] + [r for r in out if not r.deadline]
    else:
        out.sort(key=lambda r: getattr(r, order), reverse=bool(ss.get(DESCENDING)))
    return out


def _open(rows: dict[str, Row]) -> None:
    row = rows.get(st.session_state.get(PICK) or "")
    if row is not None:
        state.load_profile(row.profile.model_dump(mode="json"))
        st.session_state[state.GO_ADVISOR] = True


def _more() -> None:
    st.session_state[LIMIT] = st.session_state.get(LIMIT, MORE) + MORE


def _table(rows: list[Row]) -> None:
    top = max((r.at_risk for r in rows), default=Decimal(0))
    body = [{
        "partner": r.partner, "where": f"{r.client} · {r.country} · {r.edition}" if r.client != r.partner
        else f"{r.country} · {r.edition}",
        "estimated": r.texts[0], "potential": r.texts[1], "at_risk": r.texts[2],
        "bar": int(r.at_risk / top * 100) if top > 0 else 0, "deadline": r.texts[3], "step": r.texts[4],
        "flags": [{"tone": TONE[x], "text": flag_label[x]} for x in r.flags],
    } for r in rows]
    heads = [t(f"portfolio.col.{k}", pct=fmt().pct(SHORTFALL, 0)) for k in (
        "partner", "estimated", "potential", "at_risk", "deadline", "flags", "step")]
    st.html(render("app/portfolio.html", rows=body, heads=heads))


if st.session_state.pop(state.GO_ADVISOR, False):
    st.switch_page("pages/advisor.py", query_params=url.link())
st.title(t("portfolio.title"), anchor=False)
st.caption(t("portfolio.caption"))
store = frame.store()
if store is None:
    st.stop()
flag_label = {x: t(f"portfolio.flag.{x}") for x in FLAGS}

with st.expander(t("portfolio.file_title"), icon=":material/upload_file:"):
    st.caption(t("portfolio.file_help"))
    uploaded = st.file_uploader(t("portfolio.file"), type=["csv", "txt", "xlsx", "parquet"], key=UPLOAD)
    if RATE not in st.session_state:
        st.session_state[RATE] = float(next(iter(editions.values())).defaults.eur_per_usd.value)
    numbers.number_field(t("clients.rate", code="EUR"), "set." + RATE, Decimal(repr(st.session_state[RATE])),
                         numbers.into(RATE), low=Decimal("0.000001"), high=10_000,
                         help=t("clients.rate_help", code="EUR"))

latest = store.latest_scenarios()
if not latest:
    st.info(t("portfolio.empty"), icon=":material/info:")
    st.stop()
try:
    worked = _worked(store, latest, (uploaded.name, uploaded.getvalue()) if uploaded else None,
                     Decimal(repr(st.session_state[RATE])))
except VipError as exc:
    st.error(literal(error(exc)), icon=":material/error:")
    st.stop()

search, flags_col, editions_col, countries_col = st.columns([1.4, 1.4, 1, 1], vertical_alignment="bottom")
search.text_input(t("portfolio.search"), max_chars=200, **state.bind(SEARCH, default=""))
every = t("portfolio.all")
flags_col.multiselect(t("portfolio.flags"), FLAGS, format_func=flag_label.__getitem__, placeholder=every,
                      **state.bind(FLAGGED, default=[]))
editions_col.multiselect(t("portfolio.editions"), sorted({r.edition for r in worked.rows}), placeholder=every,
                         **state.bind(EDITIONS, default=[]))
countries_col.multiselect(t("portfolio.countries"), sorted({r.country for r in worked.rows}), placeholder=every,
                          **state.bind(COUNTRIES, default=[]))
sort_col, down_col = st.columns([1.4, 2.6], vertical_alignment="bottom")
sort_col.selectbox(t("portfolio.sort"), SORTS, format_func=lambda k: t(f"portfolio.sort.{k}"),
                   **state.bind(SORT, default="partner"))
down_col.toggle(t("portfolio.descending"), **state.bind(DESCENDING, default=False))

shown = _shown(worked.rows)
f = fmt()
st.caption(tn("portfolio.count", len(shown), shown=f.num(len(shown)), total=f.num(len(worked.rows))))
for note in worked.notes:
    st.caption(literal(note))
if shown:
    by_client = {r.client: r for r in shown}
    if st.session_state.get(PICK) not in by_client:
        state.put(PICK, shown[0].client)
    st.selectbox(t("portfolio.pick"), list(by_client), **state.bind(PICK))
    open_col, export_col, _ = st.columns([1, 1, 0.6], vertical_alignment="bottom")
    open_col.button(t("portfolio.open"), key="portfolio.open", icon=":material/insights:", type="primary",
                    width="stretch", on_click=_open, args=(by_client,))
    # `f` taken now: the workbook is written in a thread of its own, where the session's state is out of reach
    export_col.download_button(
        t("portfolio.excel"), key="portfolio.download", icon=":material/download:", width="stretch",
        data=lambda: portfolio_excel(Portfolio(tuple(r.summary for r in shown), (), (), ()), f),
        file_name=t("portfolio.excel_file"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    limit = st.session_state.setdefault(LIMIT, MORE)
    _table(shown[:limit])
    if len(shown) > limit:  # the browser lays out a table of thousands of rows slowly: a page at a time
        more = min(MORE, len(shown) - limit)
        st.button(tn("portfolio.more", more, count=f.num(more), left=f.num(len(shown) - limit)), key="portfolio.more",
                  icon=":material/expand_more:", on_click=_more)
else:
    st.info(t("portfolio.none_shown"), icon=":material/filter_alt_off:")
