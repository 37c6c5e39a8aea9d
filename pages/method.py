"""Method: how every figure is computed, where the rules' figures come from, and what to check."""

import streamlit as st

from ui import data, program, state
from ui.i18n import t, tn
from vip.present import words

editions = data.editions()

st.title(t("method.title"), anchor=False)
st.warning(t("method.warning"), icon=":material/warning:")

st.markdown(words.document("method", state.lang()))

st.subheader(t("method.sources_title"), anchor=False)
st.markdown(t("method.sources_intro"))
for edition in editions.values():
    sourced, illustrative = program.origins(edition)
    with st.expander(t("method.sources_edition", edition=edition.name, sourced=sum(sourced.values()),
                       illustrative=illustrative)):
        st.markdown("\n".join(f"- {source} ({tn('method.figures', n)})" for source, n in sorted(sourced.items())))

st.subheader(t("method.own_title"), anchor=False)
st.markdown(t("method.own_rules"))
