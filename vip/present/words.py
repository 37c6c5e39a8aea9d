"""Every sentence and label the project shows, core and app, from one gettext catalogue per language.

The catalogues are `locale/<lang>/LC_MESSAGES/vip.po`, keyed by dotted message ids that say where a
text appears (`gap.volume`, `kpi.now`); placeholders use `str.format` (`{amount}`), filled in with
figures already formatted by `Fmt`. They are compiled with Babel when first used, once per process
(a resource loaded at start, not a cache of results). Plurals go through `ngettext` with the
catalogue's plural rule; lists ("A, B or C") through Babel's `format_list`. A test checks that every
id the code uses is in both catalogues, and that every id in them is used.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Literal

from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

Lang = Literal["en", "nl"]
LANGS: tuple[Lang, ...] = ("en", "nl")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "vip"


def po_path(lang: Lang) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue(lang: Lang) -> Catalog:
    """The language's catalogue as Babel reads it (for the tests and for compiling)."""
    with po_path(lang).open("rb") as fp:
        return read_po(fp, locale=lang, domain=DOMAIN)


@functools.cache
def translations(lang: Lang) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, catalogue(lang))
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def text(lang: Lang, key: str, /, **values: object) -> str:
    """The message `key` in `lang`, with `values` filled in. An id missing from the catalogue raises
    KeyError instead of showing the id to a user (the tests keep both catalogues complete)."""
    found = template(lang, key)
    return found.format(**values) if values else found


def template(lang: Lang, key: str, n: int | None = None, /) -> str:
    """The message `key` as the catalogue holds it, placeholders unfilled (in its plural form for
    `n` when given), or KeyError."""
    found = translations(lang).gettext(key) if n is None else translations(lang).ngettext(key, key, n)
    if found == key:
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    return found


def has(key: str) -> bool:
    """Whether the catalogues hold `key` (for labels looked up by a field's name)."""
    return translations("en").gettext(key) != key


def rules_text(lang: Lang, key: str, own: str, /) -> str:
    """A text the rules files hold in English (`own`), in `lang`: the catalogue's `rules.<key>`
    (`rules.vip25.description`, `rules.bonus.cross_sell`) when it has one, else the rules' own. In
    English the rules' own text always stands, so an edited rules file shows as edited."""
    if lang == "en" or not has(f"rules.{key}"):
        return own
    return text(lang, f"rules.{key}")


def plural(lang: Lang, key: str, n: int, /, **values: object) -> str:
    """The message `key` in the plural form for `n` (which fills `{n}`)."""
    found = translations(lang).ngettext(key, key, n)
    if found == key:
        raise KeyError(f"no message {key!r} in the {lang} catalogue")
    return found.format(n=n, **values)


def document(name: str, lang: Lang) -> str:
    """A long text kept as one Markdown file per language (`method/en.md`): the Method page's."""
    return (Path(__file__).resolve().parent / name / f"{lang}.md").read_text(encoding="utf-8")


def any_of(lang: Lang, items: Sequence[str]) -> str:
    """`A, B or C` in the language's own way."""
    return format_list(list(items), style="or", locale=lang) if items else ""


def all_of(lang: Lang, items: Sequence[str]) -> str:
    """`A, B and C` in the language's own way."""
    return format_list(list(items), locale=lang) if items else ""
