"""Program: an edition's tracks, subtracks, rates, minimums, requirements and deadlines, with where
each figure comes from; and what differs between two editions."""

import streamlit as st

from ui import data, program, state
from ui.i18n import fmt_usd, t
from ui.inputs import countries
from vip.present import words

editions = data.editions()
current = state.current()
ss = st.session_state
if ss[state.PROGRAM_EDITION] not in editions:
    ss[state.PROGRAM_EDITION] = current["edition"]
if not ss[state.PROGRAM_COUNTRY]:
    ss[state.PROGRAM_COUNTRY] = current["country"]
others = [e for e in editions if e != ss[state.PROGRAM_EDITION]]
if ss[state.PROGRAM_OTHER] not in others:
    state.put(state.PROGRAM_OTHER, others[0] if others else "")
codes, names = countries(state.lang())

with st.sidebar:
    st.selectbox(t("in.edition"), list(editions), format_func=lambda e: editions[e].name,
                 **state.bind(state.PROGRAM_EDITION))
    st.selectbox(t("prog.country"), codes, format_func=lambda c: names.get(c, c), help=t("prog.country_help"),
                 **state.bind(state.PROGRAM_COUNTRY))
    if others:
        st.selectbox(t("prog.other"), others, format_func=lambda e: editions[e].name, **state.bind(state.PROGRAM_OTHER))

edition = editions[ss[state.PROGRAM_EDITION]]
country = ss[state.PROGRAM_COUNTRY]
f = fmt_usd()

st.title(f"{edition.name} · {edition.program}", anchor=False)
if edition.description:
    st.caption(words.rules_text(state.lang(), f"{edition.id.lower()}.description", edition.description))
st.markdown(t("prog.summary", rate=f.pct(edition.max_rate.value), policy=t("prog.policy_" + edition.policy.minimums),
              currency=edition.currency))
sourced, illustrative = program.origins(edition)
st.warning(t("prog.origin_note", sourced=sum(sourced.values()), illustrative=illustrative),
           icon=":material/warning:")

tabs = st.tabs([t("prog.tab_tracks"), t("prog.tab_authorizations"), t("prog.tab_levels"),
                t("prog.tab_differences")])
with tabs[0]:
    for track in edition.tracks:
        st.subheader(track.name, anchor=False)
        program.subtracks(edition, track.id, country)
    if edition.bonuses:
        st.subheader(t("prog.bonuses"), anchor=False)
        for b in edition.bonuses:
            st.markdown("- " + t("prog.bonus_rule", rate=f.pct(b.rate.value),
                                 on=", ".join(edition.name_of(x) for x in b.applies_to),
                                 cap=f.pct(b.cap_rate.value), of=", ".join(edition.name_of(x) for x in b.capped_by)))
with tabs[1]:
    program.authorizations(edition)
with tabs[2]:
    st.subheader(t("prog.periods"), anchor=False)
    program.periods(edition)
    st.subheader(t("prog.levels"), anchor=False)
    program.levels(edition)
    st.subheader(t("prog.roles_defaults"), anchor=False)
    program.roles_and_defaults(edition)
with tabs[3]:
    other = ss[state.PROGRAM_OTHER]
    if other:
        st.caption(t("prog.diff_caption", a=edition.name, b=editions[other].name, country=names.get(country, country)))
        program.differences_table(edition, editions[other], country)
    else:
        st.info(t("prog.one_edition"), icon=":material/info:")
st.caption(t("prog.marks"))
