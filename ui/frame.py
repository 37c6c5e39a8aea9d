"""What every page shares: the rules, the session's state, the URL and the display settings."""

from __future__ import annotations

import json
from decimal import Decimal

import streamlit as st

from ui import data, numbers, state, url
from ui.i18n import error, literal, t
from vip.io.store import Store
from vip.model.edition import Edition
from vip.model.errors import VipError
from vip.present import words
from vip.present.html import render
from vip.present.words import LANGS


def start() -> dict[str, Edition]:
    """Load the rules, create the state, read the URL once and draw the settings; the editions."""
    # Before anything reads st.context: sent after it, the style stops the sidebar width from applying.
    st.html(STYLE)
    st.html(url.HISTORY, unsafe_allow_javascript=True)
    found, problem, left_out = data.load_editions()
    if problem:
        st.error(literal(t("error.rules", what=problem)), icon=":material/error:")
    if found is None:
        st.stop()
    for line in left_out:
        st.error(literal(t("error.own_edition", what=line)), icon=":material/error:")
    state.init_state(data.first_sample)
    url.restore(found)
    _keep_valid(found)
    notice = state.take_notice()
    if notice:
        st.error(literal(t("error.input", what=notice)), icon=":material/error:")
    _settings(found)
    st.html(NAV_MORE.replace("WORD", json.dumps(t("nav.more"))), unsafe_allow_javascript=True)
    url.sync()  # here, not only in finish(): a page that stops early (st.stop, st.switch_page) skips that
    return found


# Streamlit names the top navigation's last item, the pages that do not fit, "4 more" in English and
# cannot be told otherwise: the script puts the language's word in its place, on every page and after
# every change Streamlit makes to the navigation (the element is sent again, with the word, when the
# language changes). Hidden, as its element would take a line.
NAV_MORE = """<script data-vip-nav>
window.vipMore = WORD;
if (!window.vipNavMend) {
  window.vipNavMend = () => {
    const nav = document.querySelector('[data-testid="stTopNav"]');
    if (!nav) return;
    const walk = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const found = /^(\\d+) (\\S+)$/.exec(node.nodeValue);
      if (found && WORDS.includes(found[2]) && found[2] !== window.vipMore)
        node.nodeValue = `${found[1]} ${window.vipMore}`;
    }
  };
  new MutationObserver(window.vipNavMend).observe(document.body, {childList: true, subtree: true, characterData: true});
}
window.vipNavMend();
</script>
<style>[data-testid="stElementContainer"]:has(script[data-vip-nav]) {display: none;}</style>""".replace(
    "WORDS", json.dumps(sorted({words.text(lang, "nav.more") for lang in LANGS})))  # every language's word

# Small adjustments to the theme: tighter top spacing and KPI figures that fit five in a row. The
# views' own style (`app/style.html`) goes out with it, once per page, not with every view.
# Sizes follow the main column, not the window: with the sidebar open a 1024 px projector leaves it
# about 600 px. `stMain` and every HTML view are size containers, so the views' own style partials
# reflow by the room they get (container queries; an HTML view always spans its column). Columns
# holding a chart wrap below two charts' worth of room rather than squeezing the figures.
CSS = """<style>
[data-testid="stMainBlockContainer"] {padding: 3.4rem 2.5rem 2rem 2.5rem;}
[data-testid="stMetric"] {padding: 0.7rem 0.85rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div {font-size: 1.45rem;}
[data-testid="stMetricLabel"] p {white-space: normal; line-height: 1.25;}
[data-testid="stSidebarUserContent"] {padding-top: 0;}
[data-testid="stMain"] h1 {font-size: 2.3rem; padding-bottom: 0.2rem;}
[data-testid="stMain"] :is(h1, h2, h3, p, li) {overflow-wrap: break-word;}
[data-testid="stMain"], [data-testid="stHtml"] {container-type: inline-size;}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stPlotlyChart"])
  > [data-testid="stColumn"] {min-width: min(100%, 21rem);}
@container (max-width: 64rem) {[data-testid="stMainBlockContainer"] {padding-left: 1.5rem; padding-right: 1.5rem;}}
@container (max-width: 40rem) {
  [data-testid="stMainBlockContainer"] {padding-left: 1rem; padding-right: 1rem;}
  [data-testid="stMain"] h1 {font-size: 1.8rem;}
}
</style>"""


STYLE = CSS + render("app/style.html")


def store() -> Store | None:
    """The store the app saves to, or None after saying in one line why it cannot be opened."""
    kept, why = data.store()
    if why is not None:
        st.error(literal(t("clients.store_error", what=error(why))), icon=":material/error:")
    return kept


def flash(key: str, kind: str, text: str) -> None:
    """Keep a success or error line under `key`, to show once on the page's next run (`show_flash`)."""
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    kind, text = st.session_state.pop(key, ("", ""))
    if kind == "success":
        st.success(literal(text), icon=":material/check:")
    elif kind == "error":
        st.error(literal(text), icon=":material/error:")


def finish() -> None:
    url.sync()
    url.opened()


def _keep_valid(editions: dict[str, Edition]) -> None:
    """After the rules changed under a running session, a profile they no longer fit is replaced."""
    try:
        state.normalise(state.current(), editions)
    except VipError as exc:
        st.error(literal(t("error.profile_dropped", what=error(exc))), icon=":material/error:")
        sample, profile = data.first_sample() or ("", dict(state.EMPTY_PROFILE))
        state.load_profile(profile, sample=sample)


def _settings(editions: dict[str, Edition]) -> None:
    ss = st.session_state
    with st.sidebar:
        left, right = st.columns(2)
        left.segmented_control(t("settings.language"), ["en", "nl"], required=True, format_func=str.upper,
                               **state.bind(state.LANG))
        right.segmented_control(t("settings.currency"), ["USD", "EUR"], required=True, **state.bind(state.CURRENCY))
        if ss[state.CURRENCY] == "EUR":
            if not ss[state.EUR_PER_USD]:
                edition = editions.get(state.current()["edition"]) or next(iter(editions.values()))
                ss[state.EUR_PER_USD] = float(edition.defaults.eur_per_usd.value)
            numbers.number_field(t("settings.fx"), "set.eur_per_usd", Decimal(repr(ss[state.EUR_PER_USD])),
                                 numbers.into(state.EUR_PER_USD), low=Decimal("0.0001"), high=100,
                                 help=t("settings.fx_help"))

