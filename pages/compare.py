"""Compare: the baseline partner and up to three saved what-ifs side by side."""

import streamlit as st

from ui import charts, data, state, url, views
from ui.i18n import literal, t
from vip.calc.engine import assess
from vip.calc.scenario import compare


def _open(index: int) -> None:
    state.open_scenario(index)
    st.session_state[state.GO_ADVISOR] = True


editions = data.editions()
if st.session_state.pop(state.GO_ADVISOR, False):
    # With the link as it is: switching clears it otherwise, which costs a history entry.
    st.switch_page("pages/advisor.py", query_params=url.link())
st.title(t("compare.title"), anchor=False)

saved = state.scenarios()
baseline = state.to_model(st.session_state[state.BASELINE], editions)
base = assess(*baseline, data.memo())
whatifs = [assess(*state.to_model(s["profile"], editions), data.memo()) for s in saved]
names = [t("compare.baseline"), *(s["name"] for s in saved)]

st.caption(literal(t("compare.caption", partner=base.profile.partner)))
if not saved:
    views.comparison_totals(names, base, [], [])
    st.info(t("compare.none"), icon=":material/info:")
    st.page_link("pages/advisor.py", label=t("compare.to_advisor"), icon=":material/insights:")
    st.stop()
if all(s["profile"] != state.current() for s in saved) and state.current() != st.session_state[state.BASELINE]:
    st.caption(t("compare.unsaved"))

comparisons = [compare(base, w) for w in whatifs]
views.comparison_totals(names, base, whatifs, comparisons)

left, right = st.columns([1.25, 1], gap="large")
with left:
    st.subheader(t("compare.subtracks"), anchor=False)
    views.comparison_subtracks(names, comparisons)
with right:
    st.plotly_chart(charts.scenarios(names, [base, *whatifs], [None, *(c.changes for c in comparisons)]),
                    config=charts.CONFIG, key="chart.compare")

st.subheader(t("compare.inputs"), anchor=False)
for i, (entry, diff) in enumerate(zip(saved, comparisons, strict=True)):
    with st.container(border=True):
        # A row that wraps on a narrow screen, each button as wide as its label (never cut to "Ver…").
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{literal(entry['name'])}**", width="stretch")
            with st.container(horizontal=True, width="content"):  # the two buttons wrap together
                st.button(t("compare.open"), key=f"{state.SCENARIO_OPEN}.{i}", icon=":material/edit:",
                          width="content",
                          on_click=_open, args=(i,))
                st.button(t("compare.remove"), key=f"{state.SCENARIO_REMOVE}.{i}", icon=":material/delete:",
                          on_click=state.remove_scenario, args=(i,), width="content")
        changes = views.input_changes(diff, base.edition, whatifs[i].edition)
        st.markdown("\n".join(f"- **{literal(label)}**{literal(rest)}" for label, rest in changes) if changes
                    else t("compare.same_inputs"))
