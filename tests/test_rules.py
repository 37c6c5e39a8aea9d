"""Loading rules files and partner profiles: what validates, and the one-line errors for what does not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from factories import RULES, editions, profile, rules_paths, sample_paths
from vip.calc.scenario import derive
from vip.io.rules import dump_profile, load_edition, load_profile, load_rules
from vip.model.checks import _COUNTED, _WORDED, check_profile, describe, nearest, where
from vip.model.edition import Edition
from vip.model.errors import ProfileError, RulesError
from vip.model.profile import Profile
from vip.present import words
from vip.present.explain import error_line

VIP25_TEXT = (RULES / "vip25.yaml").read_text(encoding="utf-8")


def edited_rules(old: str, new: str) -> str:
    """The VIP25 rules text with one exact snippet replaced."""
    assert VIP25_TEXT.count(old) >= 1, old
    return VIP25_TEXT.replace(old, new, 1)


def rules_error(text: str) -> RulesError:
    with pytest.raises(RulesError) as caught:
        load_edition("rules/edited.yaml", text=text)
    return caught.value


def profile_error(text: str) -> ProfileError:
    with pytest.raises(ProfileError) as caught:
        load_profile("partner.yaml", editions(), text=text)
    return caught.value


PROFILE_HEAD = "partner: Test BV\ncountry: NL\nedition: VIP25\nperiod: 6-month\ncertification: premier\n"
PROFILE_HEAD_DICT = yaml.safe_load(PROFILE_HEAD)


# --- what ships validates ----------------------------------------------------------------------


@pytest.mark.parametrize("path", rules_paths(), ids=lambda p: p.name)
def test_every_shipped_rules_file_validates(path: Path) -> None:
    edition = load_edition(path)
    assert edition.tracks and edition.periods


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_every_sample_profile_validates_against_its_edition(path: Path) -> None:
    loaded, edition = load_profile(path, editions())
    assert edition.id == loaded.edition
    assert loaded.period in edition.period_by_id


def test_the_rules_folder_holds_vip25_and_vip26() -> None:
    assert set(load_rules(RULES)) == {"VIP25", "VIP26"}


@pytest.mark.parametrize("edition_id", ["VIP25", "VIP26"])
def test_no_shipped_rate_exceeds_the_editions_maximum_of_twenty_percent(edition_id: str) -> None:
    e = editions()[edition_id]
    assert e.max_rate.value == Decimal("0.20")
    rates = [s.rate.value for t in e.tracks for s in t.subtracks]
    rates += [f.rate.value for t in e.tracks for s in t.subtracks for f in s.families if f.rate]
    rates += [r for b in e.bonuses for r in (b.rate.value, b.cap_rate.value)]
    assert rates and max(rates) <= e.max_rate.value


@pytest.mark.parametrize("edition_id", ["VIP25", "VIP26"])
def test_every_subtrack_has_a_default_minimum_for_every_period(edition_id: str) -> None:
    e = editions()[edition_id]
    for s in e.subtrack_by_id.values():
        for p in e.periods:
            assert any("default" in t.usd for t in s.min_volume if t.period == p.id), (s.id, p.id)


def test_the_dutch_ucs_minimum_is_the_sourced_57500() -> None:
    e = editions()["VIP25"]
    minimum, table = e.min_volume(e.subtrack_by_id["ucs"], "6-month", "NL")
    assert minimum == 57500
    assert table.source is not None and "57,500" in table.source


def test_a_country_without_its_own_minimum_gets_the_default() -> None:
    e = editions()["VIP25"]
    minimum, table = e.min_volume(e.subtrack_by_id["ucs"], "3-month", "FR")
    assert minimum == 29000
    assert table.illustrative


def test_gold_implies_a_broad_set_marked_illustrative() -> None:
    gold = editions()["VIP25"].certification_by_id["gold"]
    assert gold.implies is not None and gold.implies.illustrative
    assert "adv_collaboration" in gold.implies.ids


@pytest.mark.parametrize("edition_id", ["VIP25", "VIP26"])
def test_silver_sits_between_premier_and_gold_with_its_retirement_sourced(edition_id: str) -> None:
    e = editions()[edition_id]
    ranks = e.rank_of
    assert ranks["premier"] < ranks["silver"] < ranks["gold"]
    silver = e.certification_by_id["silver"]
    assert silver.name == "Silver Certified"
    assert silver.source is not None and "1 Apr 2015" in silver.source
    # Which two specializations Silver asked varied: it implies none (the partner lists its own).
    assert silver.implies is None


def test_silver_asks_vip25s_ten_csats_sourced_and_vip26s_twenty_as_illustrative() -> None:
    vip25, vip26 = (editions()[x].certification_by_id["silver"].csat_required for x in ("VIP25", "VIP26"))
    assert (vip25.value, vip26.value) == (10, 20)
    assert vip25.source is not None and "VIP 15" in vip25.source
    assert vip26.illustrative


def test_a_silver_partner_meets_what_premier_meets_but_not_what_only_gold_meets() -> None:
    from factories import assessed

    sales = {"core_wan": 100_000, "express_en": 50_000}
    a = assessed(certification="silver", specializations=["express_foundation"], csat_responses=10,
                 enrolled=["core_wan", "express_en"], projected_sales=sales)
    by_id = {s.id: s for s in a.subtracks}
    assert by_id["express_en"].eligible
    assert not by_id["core_wan"].eligible  # it lists gold, not silver: Silver brings no Advanced specialization
    assert a.csat_required == 10


def test_a_silver_partner_carries_over_to_vip26_whose_period_ends_before_silver_did() -> None:
    e = editions()["VIP26"]
    assert all(p.end.isoformat() < "2016-04-01" for p in e.periods)
    loaded = check_profile(Profile.model_validate({**PROFILE_HEAD_DICT, "edition": "VIP26", "certification": "silver"}),
                           editions())
    assert loaded.id == "VIP26"


def test_name_of_finds_authorisations_levels_subtracks_and_tracks() -> None:
    e = editions()["VIP25"]
    assert e.name_of("adv_ucs") == "Advanced Unified Computing Technology"
    assert e.name_of("gold") == "Gold Certified"
    assert e.name_of("ucs") == "Unified Computing (UCS)"
    assert e.name_of("data_center") == "Data Center"
    assert e.name_of("nothing_like_it") == "nothing_like_it"


def test_a_copied_edition_with_other_tracks_has_lookups_of_its_own() -> None:
    e = editions()["VIP25"]
    assert len(e.subtrack_by_id) == 13
    fewer = e.model_copy(update={"tracks": e.tracks[:1]})
    assert set(fewer.subtrack_by_id) == {s.id for s in e.tracks[0].subtracks}
    assert len(e.subtrack_by_id) == 13


# --- profiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name)
def test_dump_profile_round_trips_every_sample(path: Path) -> None:
    loaded, _ = load_profile(path, editions())
    again, _ = load_profile("again.yaml", editions(), text=dump_profile(loaded))
    assert again == loaded


def test_sales_per_family_add_up_for_the_subtrack() -> None:
    p = profile(projected_sales={"ucs": {"ucs_servers": 40000, "ucs_software": 20000}, "iot": 5})
    assert p.sales_of("ucs") == 60000
    assert p.sales_of("iot") == 5
    assert p.sales_of("express_en") == 0


def test_money_is_read_as_exact_decimals() -> None:
    p = profile(projected_sales={"ucs": "57500.10"})
    assert p.sales_of("ucs") == Decimal("57500.10")


def test_check_profile_without_a_document_names_the_field() -> None:
    p = Profile.model_validate({**PROFILE_HEAD_DICT, "enrolled": ["usc"]})
    with pytest.raises(ProfileError) as caught:
        check_profile(p, editions())
    assert error_line(caught.value) == "enrolled[0]: unknown subtrack 'usc' (did you mean 'ucs'?)"
    assert error_line(caught.value, "nl") == "enrolled[0]: onbekende subtrack 'usc' (bedoel je 'ucs'?)"


def test_an_unknown_specialization_is_refused_with_a_suggestion() -> None:
    err = profile_error(PROFILE_HEAD + "specializations: [adv_uc]\n")
    assert error_line(err) == (
        "partner.yaml:6: specializations[0]: unknown specialization id 'adv_uc' in VIP25 (did you mean 'adv_ucs'?)"
    )
    assert error_line(err, "nl") == (
        "partner.yaml:6: specializations[0]: onbekende specialisatie-id 'adv_uc' in VIP25 (bedoel je 'adv_ucs'?)"
    )


def test_an_atp_listed_as_a_specialization_is_refused() -> None:
    err = profile_error(PROFILE_HEAD + "specializations: [atp_ise]\n")
    assert err.where == "specializations[0]"
    assert "unknown specialization id 'atp_ise'" in error_line(err)


def test_a_lowercase_country_code_is_refused() -> None:
    err = profile_error(PROFILE_HEAD.replace("country: NL", "country: nl"))
    assert err.file == "partner.yaml:2"
    assert err.where == "country"
    assert error_line(err).startswith("partner.yaml:2: country: expected an ISO 3166-1 alpha-2 country code")
    assert error_line(err, "nl") == (
        "partner.yaml:2: country: verwacht een landcode volgens ISO 3166-1 alpha-2, zoals NL of DE, kreeg 'nl'"
    )


def test_an_unknown_edition_is_refused_with_a_suggestion() -> None:
    err = profile_error(PROFILE_HEAD.replace("VIP25", "VIP52"))
    assert err.where == "edition"
    assert "did you mean" in error_line(err)


def test_a_subtrack_listed_twice_is_refused() -> None:
    err = profile_error(PROFILE_HEAD + "enrolled: [ucs, ucs]\n")
    assert error_line(err) == "partner.yaml:6: enrolled: 'ucs' is listed twice"


def test_sales_for_an_unknown_family_are_refused() -> None:
    err = profile_error(PROFILE_HEAD + "projected_sales: {ucs: {ucs_server: 1}}\n")
    assert err.where == "projected_sales.ucs.ucs_server"
    assert "did you mean 'ucs_servers'" in error_line(err)


def test_a_person_covering_more_than_the_role_allows_is_refused() -> None:
    err = profile_error(PROFILE_HEAD + "staff:\n  - {role: SE, covers: [adv_ucs, adv_security, adv_collaboration]}\n")
    assert error_line(err) == "partner.yaml:7: staff[0].covers: a SE covers at most 2 authorisations"


def test_one_person_listed_twice_for_one_authorisation_is_refused_at_the_second_row() -> None:
    err = profile_error(PROFILE_HEAD + "staff:\n  - {name: Eva, role: SE, covers: [adv_ucs]}\n"
                        "  - {name: Bram, role: SE, covers: [adv_ucs]}\n"
                        "  - {name: ' eva', role: FE, covers: [adv_ucs]}\n")
    assert error_line(err) == ("partner.yaml:9: staff[2].covers[0]: ' eva' is listed twice for Advanced Unified "
                               "Computing Technology (also in staff[0]); expected each person once per authorisation")
    assert error_line(err, "nl").endswith("verwacht elke persoon één keer per autorisatie")


def test_one_row_covering_an_authorisation_twice_is_refused() -> None:
    err = profile_error(PROFILE_HEAD + "staff:\n  - {role: SE, covers: [adv_ucs, adv_ucs]}\n")
    assert error_line(err) == ("partner.yaml:7: staff[0].covers[1]: Advanced Unified Computing Technology is listed "
                               "twice for this person; expected each authorisation once per person")


def test_unnamed_people_and_one_name_for_other_authorisations_are_not_refused() -> None:
    text = PROFILE_HEAD + ("staff:\n  - {role: SE, covers: [adv_ucs]}\n  - {role: SE, covers: [adv_ucs]}\n"
                           "  - {name: Eva, role: SE, covers: [adv_ucs]}\n"
                           "  - {name: Eva, role: SE, covers: [adv_security]}\n")
    loaded, _ = load_profile("partner.yaml", editions(), text=text)
    assert len(loaded.staff) == 4


def test_negative_sales_are_refused_at_their_place() -> None:
    err = profile_error(PROFILE_HEAD + "projected_sales: {ucs: -5}\n")
    assert error_line(err) == "partner.yaml:6: projected_sales.ucs: expected greater than or equal to 0, got -5"
    assert error_line(err, "nl") == "partner.yaml:6: projected_sales.ucs: verwacht een waarde van minstens 0, kreeg -5"


def test_negative_sales_of_a_family_are_refused_at_the_family() -> None:
    err = profile_error(PROFILE_HEAD + "projected_sales:\n  ucs: {ucs_servers: 5, ucs_software: -5}\n")
    assert error_line(err) == (
        "partner.yaml:7: projected_sales.ucs.ucs_software: expected greater than or equal to 0, got -5"
    )


def test_a_scenario_with_bad_sales_is_refused_at_their_place() -> None:
    with pytest.raises(ProfileError) as caught:
        derive(profile(), editions(), projected_sales={"ucs": {"ucs_servers": "lots"}})
    assert error_line(caught.value) == "projected_sales.ucs.ucs_servers: expected a valid decimal, got 'lots'"
    assert error_line(caught.value, "nl") == "projected_sales.ucs.ucs_servers: verwacht een getal, kreeg 'lots'"


def test_an_empty_partner_name_is_worded_with_the_count_in_both_languages() -> None:
    err = profile_error(PROFILE_HEAD.replace("partner: Test BV", 'partner: ""'))
    assert error_line(err) == "partner.yaml:1: partner: String should have at least 1 character"
    assert error_line(err, "nl") == "partner.yaml:1: partner: verwacht een tekst van minstens 1 teken"


def test_an_unknown_role_lists_the_roles_in_the_readers_language() -> None:
    err = profile_error(PROFILE_HEAD + "staff:\n  - {role: CEO}\n")
    assert error_line(err) == "partner.yaml:7: staff[0].role: expected 'AM', 'SE' or 'FE', got 'CEO'"
    assert error_line(err, "nl") == "partner.yaml:7: staff[0].role: verwacht 'AM', 'SE' of 'FE', kreeg 'CEO'"


def test_a_pydantic_error_the_catalogue_does_not_word_quotes_pydantics_english() -> None:
    code, params = describe({"type": "uuid_parsing", "msg": "Input should be a valid UUID, invalid length",
                             "input": "x"})
    assert (code, params) == ("error.value.other", {"message": "expected a valid UUID, invalid length, got 'x'"})
    err = ProfileError(code=code, params=params, where="id")
    assert error_line(err) == "id: expected a valid UUID, invalid length, got 'x'"
    assert error_line(err, "nl") == "id: ongeldige waarde: expected a valid UUID, invalid length, got 'x'"


def test_a_duplicate_key_is_a_syntax_error_not_a_silent_overwrite() -> None:
    err = profile_error(PROFILE_HEAD + "csat_responses: 3\ncsat_responses: 10\n")
    assert error_line(err) == "partner.yaml:7:1: YAML syntax error: duplicate key 'csat_responses'"
    assert error_line(err, "nl") == "partner.yaml:7:1: YAML-syntaxfout: sleutel 'csat_responses' staat er twee keer in"


def test_a_date_that_is_not_on_the_calendar_is_one_error_not_a_traceback() -> None:
    err = profile_error(PROFILE_HEAD + "as_of: 2015-02-30\n")
    assert error_line(err) == "partner.yaml:6:8: YAML syntax error: day is out of range for month"


def test_every_pydantic_error_type_the_catalogue_words_is_in_both_languages() -> None:
    for lang in ("en", "nl"):
        for kind in _WORDED:
            assert words.template(lang, f"error.value.{kind}", 1 if kind in _COUNTED else None)


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    err = profile_error("- just\n- a list\n")
    assert error_line(err) == "partner.yaml: expected a mapping of fields at the top of the file"


def test_a_missing_file_is_one_error_not_a_traceback() -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile("/nonexistent/partner.yaml", editions())
    assert error_line(caught.value) == "/nonexistent/partner.yaml: no such file"
    assert error_line(caught.value, "nl") == "/nonexistent/partner.yaml: bestand bestaat niet"


# --- rules files -------------------------------------------------------------------------------


def test_a_rate_above_the_maximum_is_refused_with_its_place() -> None:
    err = rules_error(edited_rules('rate: {value: "0.08", illustrative: true}\n        families:\n'
                                   "          - {id: ucs_servers",
                                   'rate: {value: "0.25", illustrative: true}\n        families:\n'
                                   "          - {id: ucs_servers"))
    assert err.where == "tracks[2].subtracks[0].rate.value"
    assert error_line(err).endswith(
        ": tracks[2].subtracks[0].rate.value: expected a rate at most the edition's max_rate 0.20, got 0.25"
    )
    assert error_line(err, "nl").endswith(
        "verwacht een percentage van hoogstens de max_rate van de editie (0,20), kreeg 0,25"
    )


def test_an_unknown_requirement_id_is_refused_with_a_suggestion() -> None:
    err = rules_error(edited_rules("- {any_of: [adv_ucs, adv_dc", "- {any_of: [adv_usc, adv_dc"))
    assert err.where == "tracks[2].subtracks[0].requires[0].any_of[0]"
    assert "did you mean 'adv_ucs'" in error_line(err)


def test_an_unknown_id_in_a_product_familys_requirement_is_refused_where_it_stands() -> None:
    err = rules_error(edited_rules("- {any_of: [atp_ise], due: period_end", "- {any_of: [atp_iss], due: period_end"))
    assert err.where == "tracks[1].subtracks[0].families[1].requires[0].any_of[0]"
    assert "did you mean 'atp_ise'" in error_line(err)


def test_every_shipped_requirement_says_where_it_comes_from() -> None:
    for e in load_rules(RULES).values():
        for s in e.subtrack_by_id.values():
            for r in (*s.requires, *(r for f in s.families for r in f.requires)):
                assert r.source, (e.id, s.id, r.any_of)


def test_vip25_entry_criteria_have_vip30s_alternatives_marked_illustrative() -> None:
    e = load_rules(RULES)["VIP25"]
    ucs, = e.subtrack_by_id["ucs"].requires
    assert ucs.any_of == ("adv_ucs", "adv_dc_architecture", "gold") and ucs.illustrative
    assert "VIP 30" in (ucs.source or "")
    identity = next(f for f in e.subtrack_by_id["network_security"].families if f.id == "identity")
    assert [r.any_of for r in identity.requires] == [("atp_ise",)]
    aci, invicta = e.subtrack_by_id["emerging_dc"].families
    assert [r.any_of for r in aci.requires] == [("atp_aci",)]
    assert [r.any_of for r in invicta.requires] == [("atp_invicta",)]


def test_a_duplicate_authorisation_id_is_refused_where_it_repeats() -> None:
    err = rules_error(edited_rules("  - id: adv_core_wan\n", "  - id: adv_unified_access\n"))
    assert err.where == "authorizations[3].id"
    assert error_line(err).endswith(": authorizations[3].id: duplicate id 'adv_unified_access'")


def test_a_number_without_its_origin_is_refused() -> None:
    err = rules_error(edited_rules("hours_per_response: {value: 2, illustrative: true}",
                                   "hours_per_response: {value: 2}"))
    assert err.where == "csat.hours_per_response"
    assert "expected either `source: <where it came from>` or `illustrative: true`" in error_line(err)


def test_a_period_without_a_default_minimum_is_refused() -> None:
    err = rules_error(edited_rules("US: 105000, default: 30000}}\n          - {period: 3-month, illustrative: true, "
                                   "usd: {NL: 15000, BE: 12000, DE: 30000, GB: 27000, US: 52500, default: 15000}}\n"
                                   "        requires:\n          - {any_of: [adv_en_architecture",
                                   "US: 105000}}\n          - {period: 3-month, illustrative: true, "
                                   "usd: {NL: 15000, BE: 12000, DE: 30000, GB: 27000, US: 52500, default: 15000}}\n"
                                   "        requires:\n          - {any_of: [adv_en_architecture"))
    assert err.where == "tracks[0].subtracks[2].min_volume"
    assert error_line(err).endswith(
        ": tracks[0].subtracks[2].min_volume: expected a `default` minimum for period '6-month'"
    )


def test_an_unknown_field_is_refused() -> None:
    err = rules_error(edited_rules("currency: USD\n", "currency: USD\ncolour: blue\n"))
    assert err.where == "colour"
    assert error_line(err).endswith(": colour: unknown field (not in the schema; check the spelling)")


def test_an_edition_id_in_two_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VIP25_TEXT, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VIP25_TEXT, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path)
    assert error_line(caught.value) == f"{tmp_path / 'b.yaml'}: id: edition id 'VIP25' is also in another file"


def test_a_folder_without_rules_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path)
    assert "expected a folder holding rules files" in error_line(caught.value)


def test_an_edition_loaded_from_text_equals_the_one_from_its_file() -> None:
    assert load_edition("vip25.yaml", text=VIP25_TEXT) == editions()["VIP25"]
    assert isinstance(editions()["VIP25"], Edition)


# --- helpers -----------------------------------------------------------------------------------


def test_where_writes_a_location_as_a_path() -> None:
    assert where(("tracks", 2, "subtracks", 0, "rate")) == "tracks[2].subtracks[0].rate"
    assert where(("projected_sales", "ucs")) == "projected_sales.ucs"
    assert where(()) == ""


def test_nearest_offers_the_closest_id_or_nothing() -> None:
    assert nearest("adv_uc", ["adv_ucs", "adv_security"]) == "adv_ucs"
    assert nearest("zzz", ["adv_ucs"]) is None
