"""The Streamlit app layer: everything between the core (`vip/`) and the screen.

Conventions for every page (`pages/*.py`, routed by `app.py` with `st.navigation`):

- A page reads inputs, builds a `Profile`, calls `vip.engine.assess` (or `vip.scenario.compare`)
  once, and renders. No rule logic in a page or here: eligibility, rebates, costs, gap wording and
  number formatting come from the core (`vip.explain.gap_message`, `vip.explain.Fmt`).
- Session state: every key is declared in `ui/state.py` and created by its idempotent
  `init_state()`. State holds small JSON-ready inputs (a profile as a dict, language, currency,
  saved scenarios as profile dicts), never results. To add state, add a constant and its default
  to `DEFAULTS` there. Input widgets of a page take keys from `state.widget(...)`; they are views
  of the profile dict, seeded from it when missing and writing back through `on_change`
  callbacks, so inputs survive page switches.
- Text: every user-facing string lives in `ui/i18n.py` in English and Dutch and is shown with
  `t("key", **values)`; `fmt()` gives the `Fmt` for the chosen language and currency. To add a
  string, add one entry with both languages (a test checks that every key used exists).
- Data: `ui/data.py` loads rules and sample partners, cached on each file's path and mtime; a bad
  file becomes one `st.error` and the last good data stays in use.
- `ui/frame.py` is what every page shares (settings in the sidebar, the URL); `ui/charts.py` builds
  Plotly figures; `ui/views.py` renders results; `ui/inputs.py` the Advisor's input widgets.
"""
