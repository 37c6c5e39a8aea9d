"""Every user-facing string of the app exists in English and Dutch, and every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ui.i18n import TEXT

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
USED = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']\s*[,)]""")  # t("a.b", ...): literal keys


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXT))
def test_each_text_has_english_and_dutch_with_the_same_placeholders(key: str) -> None:
    entry = TEXT[key]
    assert set(entry) == {"en", "nl"}
    assert entry["en"].strip() and entry["nl"].strip()
    assert placeholders(entry["en"]) == placeholders(entry["nl"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_key_the_code_uses_exists(source: Path) -> None:
    missing = sorted(set(USED.findall(source.read_text(encoding="utf-8"))) - set(TEXT))
    assert not missing, f"{source.name} uses text keys that ui/i18n.py lacks: {missing}"


def test_the_dutch_kpi_labels_read_as_a_dutch_consultant_expects() -> None:
    assert TEXT["kpi.now"]["nl"] == "Geschat rebate nu"
    assert TEXT["kpi.potential"]["nl"] == "Potentieel rebate"
    assert TEXT["kpi.investment"]["nl"] == "Investering"
    assert TEXT["kpi.payback"]["nl"] == "Terugverdientijd"
