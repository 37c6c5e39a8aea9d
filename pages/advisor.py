"""Advisor: what the partner earns now, what it could earn, and what closing the gaps costs.

Speed: the results are a fragment (`state.RESULTS`) that reads the profile from session state,
assesses it once and renders it as two HTML elements (the line under the title and the KPIs; then
the table and the charts): the browser renders every element again for each message of a rerun,
so fewer elements show the figures sooner, and the KPIs go out first (bench/latency.py measures
it). The projected sales are drawn by that fragment (in the sidebar), so changing them reruns it
alone, in one run; the other inputs (enrolment among them, drawn below the sales by the page) write
the profile in their callbacks and rerun it by key (or the page, when they change other inputs).
"""

import re
import time

import streamlit as st

from ui import data, inputs, sales, state, url, views
from ui.i18n import literal, t
from vip.calc.breakeven import held_back
from vip.calc.engine import assess, nothing_to_invest
from vip.calc.plans import value_of
from vip.calc.results import Assessment
from vip.io.rules import dump_profile

editions = data.editions()
RESULTS_FIRST_S = 0.03  # how long the figures have the browser to themselves
# The same on the run that opens a session (a first visit, F5, a shared link): the browser is still
# setting the page up then, and would draw the figures only with the whole sidebar (bench/latency.py).
OPENING_FIRST_S = 0.2


def _save() -> None:
    name = str(st.session_state.get(state.SCENARIO_NAME) or "").strip()
    name = name or t("save.default", n=st.session_state[state.SAVED] + 1)
    if state.save_scenario(name):
        st.session_state[state.JUST_SAVED] = name
        state.put(state.SCENARIO_NAME, t("save.default", n=st.session_state[state.SAVED] + 1))


def _held_back(result: Assessment) -> list[str]:
    """In words, the subtracks whose gaps the investment leaves out as they are short of a minimum."""
    return views.held_back(result, held_back(result, data.memo()))


@st.fragment(key=state.RESULTS)
def results() -> None:
    profile, edition = state.to_model(state.current(), editions)
    result = assess(profile, edition, data.memo())

    loaded = state.loaded_if_changed(editions)  # what the changes against it cost and are worth
    changes = value_of(loaded, result, data.memo()) if loaded else None
    nothing = nothing_to_invest(result.investment, result.roi)
    # Gaps with a cost that the investment leaves out, as their subtracks are short of the minimum:
    # said beside a zero investment, which the costs in the table would otherwise contradict.
    held = _held_back(result) if nothing else None
    cards, below = views.kpis(result, changes, loaded.profile.partner if loaded else "", held=nothing and bool(held))
    views.results_head(result, cards, below)
    # On a what-if's rerun the sales fields go out with the figures: the field just typed in is shown
    # again in the user's format (45000 as 45.000), which the browser does a frame after drawing it;
    # sent here, that frame falls within the pause below rather than after everything else
    # (bench/latency.py: the page settles some 15% sooner, the figures show no later). On the run
    # that opens a session they follow the pause: drawn with the figures, they held back a fresh load.
    opening = st.session_state.get(state.URL_OPENING)
    if not opening:
        sales.draw(editions)
    # Let the figures go out, and the browser draw them, before the rest of the fragment follows: the
    # browser handles a rerun's messages in one go and paints once they are all in, so the table,
    # the charts and the link sent just behind would hold back the figures
    # (bench/latency.py measures it).
    time.sleep(OPENING_FIRST_S if opening else RESULTS_FIRST_S)
    rows = views.shown_subtracks(result, st.session_state[state.SHOW_ALL])
    notes = ([t("held.none"), *held] if held else [t("chart.no_cash")]) if nothing else []
    views.results(result, rows, notes)
    st.toggle(t("elig.show_all"), **state.bind(state.SHOW_ALL))

    details = st.expander(t("inv.title"), icon=":material/payments:", key=state.INVESTMENT_OPEN, on_change="rerun")
    if details.open:
        with details:
            views.investment(result, held if held is not None else _held_back(result))

    if opening:
        sales.draw(editions)
    url.sync()  # a fragment rerun skips the frame, which would otherwise write the URL


def save() -> None:
    """Saving the what-if, and downloading it as a profile file. Outside the results fragment, so a
    what-if's rerun does not send it again: nothing here changes with the figures."""
    partner = str(state.current()["partner"])
    st.subheader(t("save.title"), anchor=False)
    if not st.session_state.get(state.SCENARIO_NAME):
        state.put(state.SCENARIO_NAME, t("save.default", n=st.session_state[state.SAVED] + 1))
    saved = len(state.scenarios())
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("save.name"), max_chars=60, **state.bind(state.SCENARIO_NAME))
        st.button(t("save.button"), icon=":material/bookmark_add:", disabled=saved >= state.MAX_SCENARIOS,
                  key=state.SAVE_BUTTON, type="primary", on_click=_save)
        slug = re.sub(r"[^a-z0-9]+", "_", partner.lower()).strip("_") or "partner"
        # Written only when clicked (the callable runs then, in a thread of its own, on the inputs of
        # that moment: this section is not drawn again when a what-if reruns the results alone).
        on_screen = state.current_later()
        st.download_button(t("in.download"), lambda: dump_profile(state.to_model(on_screen(), editions)[0]),
                           file_name=f"{slug}.yaml",
                           mime="application/x-yaml", icon=":material/download:", on_click="ignore",
                           key=state.DOWNLOAD)
    just = st.session_state[state.JUST_SAVED]
    if just:
        st.session_state[state.JUST_SAVED] = ""
        st.toast(literal(t("save.done", name=just)), icon=":material/check:")
    full = saved >= state.MAX_SCENARIOS
    count = t("save.full", max=state.MAX_SCENARIOS) if full else t("save.count", n=saved, max=state.MAX_SCENARIOS)
    st.caption(f"{count} {t('save.kept')}")


# The results go out before the inputs, so that a page opened afresh shows its figures first; the
# inputs still stand above enrolment and sales in the sidebar, in a container kept for them. (They
# change the profile in their callbacks, before the run, so the results drawn first are up to date.)
kept_for_inputs = st.sidebar.container()
# Outside the results: the name changes only with a rerun of the page (`ui/inputs.py`).
st.title(literal(str(state.current()["partner"])), anchor=False)
results()
inputs.sidebar(editions, kept_for_inputs)
sales.draw_enrolment(editions)
save()
st.page_link("pages/compare.py", label=t("save.to_compare"), icon=":material/compare_arrows:")
