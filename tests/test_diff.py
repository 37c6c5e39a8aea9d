"""The differences between two editions (vip.calc.diff), on the shipped VIP 25 and VIP 26 rules."""

from __future__ import annotations

from decimal import Decimal

from factories import RULES, editions
from vip.calc.diff import AnyOf, Difference, Origin, differences
from vip.io.rules import load_edition
from vip.model.edition import Edition
from vip.present.explain import Fmt

VIP25_TEXT = (RULES / "vip25.yaml").read_text(encoding="utf-8")
UCS_RATE = 'name: Unified Computing (UCS)\n        rate: {value: "0.08", illustrative: true}'


def vip25_with(old: str, new: str) -> Edition:
    """VIP 25 as shipped, but with one exact snippet of its rules file replaced."""
    assert VIP25_TEXT.count(old) == 1, old
    return load_edition("rules/vip25.yaml", text=VIP25_TEXT.replace(old, new))


def found(diffs: list[Difference], figure: str, *place: str) -> Difference:
    return next(d for d in diffs if d.figure == figure and d.place == place)


def test_the_ucs_rate_rises_from_8_to_9_percent_in_vip26() -> None:
    rate = found(differences(editions()["VIP25"], editions()["VIP26"], "NL"), "rate", "ucs")
    assert (rate.before, rate.after) == (Decimal("0.08"), Decimal("0.09"))
    assert rate.before_origin == rate.after_origin == Origin(illustrative=True)


def test_the_minimums_compared_are_those_of_the_chosen_country_with_their_origin() -> None:
    a, b = editions()["VIP25"], editions()["VIP26"]
    dutch = found(differences(a, b, "NL"), "minimum", "ucs", "6-month", "NL")
    assert (dutch.before, dutch.after) == (57500, 60000)
    assert dutch.before_origin is not None and not dutch.before_origin.illustrative
    assert dutch.before_origin.sources[0].startswith("Founding brief")
    german = found(differences(a, b, "DE"), "minimum", "ucs", "6-month", "DE")
    assert (german.before, german.after) == (115000, 120000)
    assert not [d for d in differences(a, b, "DE") if d.figure == "minimum" and d.place[2] != "DE"]


def test_what_only_one_edition_has_is_none_on_the_other_side() -> None:
    diffs = differences(editions()["VIP25"], editions()["VIP26"], "NL")
    invicta = found(diffs, "months_to_earn", "atp_invicta")
    assert (invicta.before, invicta.after, invicta.after_origin) == (2, None, None)
    bonus = found(diffs, "bonus", "cross_sell")
    assert bonus.before is None and bonus.after is not None
    requires = found(diffs, "requires", "emerging_dc")
    assert requires.after == (AnyOf(("atp_aci",), "period_end"),)


def test_an_edition_does_not_differ_from_itself() -> None:
    for edition in editions().values():
        assert differences(edition, edition, "NL") == []


def test_a_difference_that_rounds_away_when_shown_is_still_found() -> None:
    nudged = vip25_with(UCS_RATE, UCS_RATE.replace('"0.08"', '"0.0801"'))
    assert Fmt("en").pct(Decimal("0.0801")) == Fmt("en").pct(Decimal("0.08")) == "8%"
    assert differences(editions()["VIP25"], nudged, "NL") == [
        Difference("rate", ("ucs",), Decimal("0.08"), Decimal("0.0801"), Origin(True), Origin(True))
    ]


def test_the_same_figure_written_otherwise_or_newly_sourced_is_no_difference() -> None:
    rewritten = vip25_with(UCS_RATE, UCS_RATE.replace('"0.08", illustrative: true',
                                                      '"0.080", source: "the edition rules the partner holds"'))
    assert differences(editions()["VIP25"], rewritten, "NL") == []
