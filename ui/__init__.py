"""The Streamlit app layer: everything between the core (`vip/`) and the screen.

Conventions for every page (`pages/*.py`, routed by `app.py` with `st.navigation`):

- A page reads inputs, builds a `Profile`, calls `vip.calc.engine.assess` (or
  `vip.calc.scenario.compare`, `vip.calc.recommend.recommend`) once, with the process's
  `data.memo()`, and renders. No rule logic in a page or here: eligibility, rebates, costs, gap
  wording and number formatting come from the core (`vip.calc`, `vip.present.explain.gap_message`,
  `vip.present.explain.Fmt`).
- Session state: shared keys are declared in `ui/state.py` and created by its idempotent
  `init_state()` (add a constant and its default to `DEFAULTS`); a key only one page uses may be a
  constant at the top of that page, prefixed with the page's name. State holds small JSON-ready
  inputs (a profile as a dict, language, currency, saved scenarios as profile dicts), never
  results. Streamlit drops a widget's state when the widget is not drawn (another page, a closed
  group), so a setting never lives under a widget's key: the widget binds to it with
  `**state.bind(KEY)`. The Advisor's inputs are views of the profile dict, keyed
  `state.widget(...)`, seeded from it when missing and writing back through `on_change` callbacks
  (`state.update_profile`), so inputs survive page switches. Every money, rate and count input is a
  `ui/numbers.py` field: a text input read in the chosen language (`45.000`, `0,95`), refused with
  one line when malformed, its key ending in the language. The assessment date is a text input read
  the same way, by `Fmt.parse_day` (Streamlit's date input takes a typed day only on leaving it).
- Text: every user-facing string, the app's and the core's, is a message of the gettext
  catalogues in `vip/present/locale/` (English and Dutch), shown with `t("key", **values)` (or
  `tn` for a plural); `fmt()` gives the `Fmt` for the chosen language and currency; an error is
  shown with `error(exc)`, in the chosen language. To add a text, add its id to both catalogues
  (`tests/test_app_text.py` checks that every id used is in both and every entry is used).
- HTML: rendered from the Jinja2 templates of `vip/present/templates/` (autoescaped) by
  `vip.present.html.render`; nothing is escaped by hand. A view reflows by the room its column
  gives it (container queries in its style partial; the page's own width on a projector with the
  sidebar open is about 600 px): a table's cells carry their column's name (`data-label`), so that
  a table without the room for its columns shows each row as a card. `tests/test_browser_screens.py`
  checks every page at projector, laptop and phone sizes.
- Data: `ui/data.py` loads rules and sample partners, cached on each file's path and mtime; a bad
  file becomes one `st.error` and the last good data stays in use. A page starts with
  `editions = data.editions()`, which also sends a page that runs on its own (a deep link to a
  freshly started server) back through `app.py`.
- `ui/frame.py` is what every page shares (settings in the sidebar, the URL, `st.error` for bad
  rules or inputs); `ui/url.py` keeps the visit in the link; `ui/charts.py` builds Plotly
  figures as plain dicts; `ui/views.py` renders results as HTML tables (one element each: every
  element costs the browser time on every rerun); `ui/inputs.py` the Advisor's inputs and
  `ui/sales.py` its enrolment and projected sales; `ui/program.py` the Program page's tables.
- Speed: the Advisor's results are a fragment (`state.RESULTS`) that inputs rerun alone; see the
  page's docstring and `bench/latency.py`.
"""
