"""Every user-facing text, core and app, is in both catalogues; every id the code uses is there, and
every id there is used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from vip.present import words

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "vip").rglob("*.py"))]
ID = r"[a-z_]+(?:\.[a-z0-9_]+)+"
LITERAL = re.compile(rf"""["']({ID})["']""")  # any literal that looks like a message id
PREFIX = re.compile(r"""f?["']([a-z_]+(?:\.[a-z0-9_]+)*[._])(?:\{|["']\s*\+)""")  # f"status.{x}", "prog.policy_" + x
REFUSED = re.compile(r"""_refused\(\s*["']([a-z_]+)["']""")  # bookings' refusals name their code alone
# t("a.b"), text(lang, "a.b"); not a prefix that code completes ("prog.policy_" + x)
CALL = re.compile(rf"""\b(?:t|tn|text|plural)\(\s*(?:[\w.()]+,\s*)?["']({ID})["'](?!\s*\+)""")
CODE = {p: p.read_text(encoding="utf-8") for p in SOURCES}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def messages(lang: words.Lang) -> dict[str, tuple[str, ...]]:
    out = {}
    for m in words.catalogue(lang):
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        out[key] = tuple(m.string) if isinstance(m.string, tuple | list) else (m.string,)
    return out


EN, NL = messages("en"), messages("nl")


def used_ids() -> tuple[set[str], set[str]]:
    ids: set[str] = set()
    prefixes: set[str] = set()
    for text in CODE.values():
        ids |= set(LITERAL.findall(text))
        prefixes |= set(PREFIX.findall(text))
        ids |= {f"bookings.refused.{code}" for code in REFUSED.findall(text)}
    return ids, prefixes


def test_both_languages_hold_the_same_messages() -> None:
    assert sorted(set(EN) ^ set(NL)) == []


@pytest.mark.parametrize("key", sorted(EN))
def test_each_message_is_worded_in_english_and_dutch_with_the_same_placeholders(key: str) -> None:
    en, nl = EN[key], NL.get(key, ())
    assert len(en) == len(nl) and all(x.strip() for x in (*en, *nl)), key
    want = placeholders(en[-1])
    assert all(placeholders(x) == want for x in (*en, *nl)), key


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_id_the_code_names_is_in_the_catalogues(source: Path) -> None:
    missing = sorted(set(CALL.findall(CODE[source])) - set(EN))
    assert not missing, f"{source.name} uses message ids the catalogues lack: {missing}"


def test_every_message_in_the_catalogues_is_used() -> None:
    ids, prefixes = used_ids()
    unused = sorted(k for k in EN if k not in ids and not any(k.startswith(p) for p in prefixes))
    assert not unused, f"catalogue messages no code uses: {unused}"


def test_a_message_id_missing_from_the_catalogue_is_an_error_not_shown_to_the_user() -> None:
    with pytest.raises(KeyError):
        words.text("nl", "no.such.message")


def test_plurals_follow_the_count() -> None:
    assert words.plural("en", "period.months", 1) == "1 month"
    assert words.plural("nl", "period.months", 6) == "6 maanden"
    assert words.any_of("nl", ["A", "B", "C"]) == "A, B of C"
    assert words.all_of("en", ["A", "B"]) == "A and B"


def test_the_dutch_kpi_labels_read_as_a_dutch_consultant_expects() -> None:
    assert words.text("nl", "kpi.now") == "Geschatte rebate nu"
    assert words.text("nl", "kpi.potential") == "Potentiële rebate"
    # each figure of the return says what it is the value of: closing the gaps, a plan, a scenario's changes
    # a gap is a requirement still missing ("eis"); "tekort" is kept for a sales shortfall
    assert words.text("nl", "kpi.investment") == "Investering om aan de eisen te voldoen"
    assert words.text("nl", "kpi.payback") == "Terugverdientijd van het voldoen aan de eisen"
    assert words.text("nl", "kpi.npv") == "Netto contante waarde van het voldoen aan de eisen"
    assert words.text("nl", "rec.npv") == "Netto contante waarde van dit plan"
    assert words.text("nl", "compare.changes_npv") == "Netto contante waarde van de wijzigingen"


@pytest.mark.parametrize(("lang", "key", "n", "periods", "text"), [
    ("en", "kpi.periods", 1, "1", "1 period"),
    ("en", "kpi.periods", 2, "2.5", "2.5 periods"),
    ("nl", "kpi.periods", 1, "1", "1 periode"),
    ("nl", "kpi.periods", 2, "1,5", "1,5 perioden"),
    ("en", "chart.break_even", 1, "1", "break-even after 1 period"),
    ("nl", "chart.break_even", 2, "4,2", "terugverdiend na 4,2 perioden"),
])
def test_periods_are_counted_in_the_right_plural(lang: words.Lang, key: str, n: int, periods: str, text: str) -> None:
    assert words.plural(lang, key, n, periods=periods) == text


def test_a_horizon_of_one_period_is_one_period_not_one_periods() -> None:
    assert words.plural("en", "kpi.changes_npv", 1, npv="+USD 5") == "net present value +USD 5 over 1 period"
    assert words.plural("nl", "kpi.changes_npv", 1, npv="+USD 5") == "netto contante waarde +USD 5 over 1 periode"


# Words a Dutch consultant would not write: "u" where the app says "je", "het rebate" where it is
# "de rebate", and the English loan words the Dutch texts replace ("scenario", "terugverdienomzet").
NOT_DUTCH = re.compile(r"\b(?:u|uw)\b|\bhet rebate\b|\bgeschat rebate\b|\bwhat-if\b|\bbreak-even\b", re.IGNORECASE)


@pytest.mark.parametrize("key", sorted(NL))
def test_the_dutch_texts_keep_one_register_and_use_no_english_loan_words(key: str) -> None:
    found = [m.group(0) for text in NL[key] for m in NOT_DUTCH.finditer(text)]
    assert not found, f"{key}: {found}"


@pytest.mark.parametrize(("text", "width", "lines", "shown"), [
    ("Uitgangssituatie", 12, 3, "Uitgangssit-<br>uatie"),  # a Dutch word longer than the line: a hyphen
    ("Samenwerkingsoplossingsspecialisatietraject plus verkoop", 12, 3,
     "Samenwerkin-<br>gsoplossing-<br>sspecialisa…"),
    ("Uitbreiding naar Advanced Unified Computing", 12, 3, "Uitbreiding<br>naar<br>Advanced…"),
    ("Advanced Unified Computing Technology", 18, 0, "Advanced Unified<br>Computing<br>Technology"),
    ("Baseline", 12, 3, "Baseline"),
])
def test_a_chart_label_breaks_between_words_and_marks_a_word_it_breaks(text: str, width: int, lines: int,
                                                                       shown: str) -> None:
    from ui.charts import wrap

    assert wrap(text, width, lines) == shown
    assert all(len(line) <= width for line in shown.split("<br>"))
