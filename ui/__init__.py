"""The Streamlit app layer: everything between the core (`vip/`) and the screen.

Conventions for every page (`pages/*.py`, routed by `app.py` with `st.navigation`):

- A page reads inputs, builds a `Profile`, calls `vip.engine.assess` (or `vip.scenario.compare`)
  once, and renders. No rule logic in a page or here: eligibility, rebates, costs, gap wording and
  number formatting come from the core (`vip.explain.gap_message`, `vip.explain.Fmt`).
- Session state: shared keys are declared in `ui/state.py` and created by its idempotent
  `init_state()` (add a constant and its default to `DEFAULTS`); a key only one page uses may be a
  constant at the top of that page, prefixed with the page's name. State holds small JSON-ready
  inputs (a profile as a dict, language, currency, saved scenarios as profile dicts), never
  results. Streamlit drops a widget's state when the widget is not drawn (another page, a closed
  group), so a setting never lives under a widget's key: the widget binds to it with
  `**state.bind(KEY)`. The Advisor's inputs are views of the profile dict, keyed
  `state.widget(...)`, seeded from it when missing and writing back through `on_change` callbacks
  (`state.update_profile`), so inputs survive page switches.
- Text: every user-facing string lives in `ui/i18n.py` in English and Dutch and is shown with
  `t("key", **values)`; `fmt()` gives the `Fmt` for the chosen language and currency. To add a
  string, add one entry with both languages (a test checks that every key used exists).
- Data: `ui/data.py` loads rules and sample partners, cached on each file's path and mtime; a bad
  file becomes one `st.error` and the last good data stays in use. A page starts with
  `editions = data.editions()`, which also sends a page that runs on its own (a deep link to a
  freshly started server) back through `app.py`.
- `ui/frame.py` is what every page shares (settings in the sidebar, the URL, `st.error` for bad
  rules or inputs); `ui/url.py` encodes the what-if in the link; `ui/charts.py` builds Plotly
  figures as plain dicts; `ui/views.py` renders results as HTML tables (one element each: every
  element costs the browser time on every rerun); `ui/inputs.py` the Advisor's inputs;
  `ui/program.py` the Program page's tables.
- Speed: the Advisor's results are a fragment (`state.RESULTS`) that inputs rerun alone; see the
  page's docstring and `bench/latency.py`.
"""
