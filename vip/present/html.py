"""HTML from templates: the one way the report and the app's views become markup.

The templates in `templates/` are autoescaped, so every value handed to `render` is text and is
escaped where it lands: a partner called `<script>` is shown as written. Where a view needs
markup around a value (a badge, a mark, a bar), it passes the value and what it is, and the
template writes the markup. A value a template expects but is not given is an error
(`StrictUndefined`), never an empty cell.

Partials shared by the report and the screen: `_macros.html` (a table and its head row) and
`charts.svg` (the report's charts, laid out by `vip.present.svg`, which also gives them as
standalone `<svg>` for a page). `report/` holds the report, `app/` the app's views and their CSS.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).with_name("templates")

# One environment per process, its templates compiled on first use and kept: the Advisor renders
# its views on every rerun. Not checking the files for changes (auto_reload) saves a stat per
# render; restart the app after editing a template.
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,
)

# MarkupSafe writes quotes as `&#34;` and `&#39;`; the pages have always carried `&quot;` and
# `&#x27;`, and saved reports compared with new ones should differ only where the figures do. An
# escaped `&` in the text is `&amp;`, so these spellings only ever come from escaping a quote.
_ENTITIES = (("&#34;", "&quot;"), ("&#39;", "&#x27;"))


def render(template: str, /, **context: object) -> str:
    """The named template (a path under `templates/`) rendered with `context`, every value escaped."""
    out = _ENV.get_template(template).render(context)
    for markupsafe_spelling, ours in _ENTITIES:
        out = out.replace(markupsafe_spelling, ours)
    return out
