"""The VIP Advisor app: routes to its pages. Run with `streamlit run app.py`."""

import streamlit as st

from ui import frame
from ui.i18n import t

st.set_page_config(page_title="VIP Advisor", page_icon=":material/savings:", layout="wide",
                   initial_sidebar_state=420)
frame.start()
page = st.navigation(
    [
        st.Page("pages/advisor.py", title=t("nav.advisor"), icon=":material/insights:", default=True),
        st.Page("pages/recommendations.py", title=t("nav.recommendations"), icon=":material/lightbulb:",
                url_path="recommendations"),
        st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
        st.Page("pages/program.py", title=t("nav.program"), icon=":material/menu_book:", url_path="program"),
        st.Page("pages/method.py", title=t("nav.method"), icon=":material/calculate:", url_path="method"),
        st.Page("pages/clients.py", title=t("nav.clients"), icon=":material/folder_shared:", url_path="clients"),
        st.Page("pages/portfolio.py", title=t("nav.portfolio"), icon=":material/view_list:", url_path="portfolio"),
        st.Page("pages/editions.py", title=t("nav.own"), icon=":material/edit_document:", url_path="editions"),
    ],
    position="top",
)
page.run()
frame.finish()
