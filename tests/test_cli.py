"""The `vip` command, run for real in a subprocess: output on good input, one line and exit 2 on bad."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factories import ROOT, rules_paths, sample_paths

MALFORMED = ROOT / "tests" / "malformed"


def vip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vip", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


# Each malformed file, the command that reads it and the one line it must give (after `vip: <file>`).
BAD_FILES = [
    ("profile_unclosed_list.yaml", "assess", ":9:15: YAML syntax error: did not find expected ',' or ']'"),
    ("profile_bad_indentation.yaml", "assess",
     ":10:11: YAML syntax error: mapping values are not allowed in this context"),
    ("profile_duplicate_key.yaml", "assess", ":10:1: YAML syntax error: duplicate key 'country'"),
    ("profile_not_a_mapping.yaml", "assess", ": expected a mapping of fields at the top of the file"),
    ("profile_missing_partner.yaml", "assess", ":2: partner: missing required field"),
    ("profile_unknown_field.yaml", "assess", ":10: enroled: unknown field (not in the schema; check the spelling)"),
    ("profile_csat_not_a_number.yaml", "assess",
     ":9: csat_responses: expected a valid integer, unable to parse string as an integer, got 'ten'"),
    ("profile_negative_csat.yaml", "assess", ":9: csat_responses: expected greater than or equal to 0, got -3"),
    ("profile_negative_sales.yaml", "assess",
     ":11: projected_sales.ucs: expected greater than or equal to 0, got -60000"),
    ("profile_negative_family_sales.yaml", "assess",
     ":12: projected_sales.ucs.ucs_software: expected greater than or equal to 0, got -1"),
    ("profile_non_numeric_sales.yaml", "assess",
     ":11: projected_sales.ucs: expected a valid decimal, got 'sixty thousand'"),
    ("profile_bad_country.yaml", "assess",
     ":4: country: expected an ISO 3166-1 alpha-2 country code such as NL or DE, got 'Netherlands'"),
    ("profile_unassigned_country.yaml", "assess",
     ":4: country: expected an ISO 3166-1 alpha-2 country code such as NL or DE, got 'XX'"),
    ("profile_unknown_edition.yaml", "assess", ":5: edition: unknown edition 'VIP52' (did you mean 'VIP26'?)"),
    ("profile_unknown_period.yaml", "assess",
     ":6: period: unknown period '6-months' of VIP25 (did you mean '6-month'?)"),
    ("profile_unknown_certification.yaml", "assess",
     ":7: certification: unknown certification level 'platinum'; expected one of registered, select, premier, silver,"
     " gold"),
    ("profile_unknown_specialization.yaml", "assess",
     ":8: specializations[0]: unknown specialization id 'adv_usc' in VIP25 (did you mean 'adv_ucs'?)"),
    ("profile_unknown_subtrack.yaml", "assess",
     ":10: enrolled[1]: unknown subtrack 'unified_computing' (did you mean 'unified_communications'?)"),
    ("profile_duplicate_enrolment.yaml", "assess", ":10: enrolled: 'ucs' is listed twice"),
    ("profile_unknown_family.yaml", "assess",
     ":12: projected_sales.ucs.ucs_server: unknown product family 'ucs_server' of ucs (did you mean 'ucs_servers'?)"),
    ("profile_unknown_role.yaml", "assess", ":13: staff[0].role: expected 'AM', 'SE' or 'FE', got 'CEO'"),
    ("profile_staff_over_limit.yaml", "assess", ":13: staff[0].covers: a SE covers at most 2 authorisations"),
    ("profile_staff_listed_twice.yaml", "validate",
     ":15: staff[2].covers[0]: 'Joris  Bakker' is listed twice for Advanced Unified Computing Technology"
     " (also in staff[0]); expected each person once per authorisation"),
    ("rules_rate_above_max.yaml", "validate",
     ":30: tracks[0].subtracks[0].rate.value: expected a rate at most the edition's max_rate 0.20, got 0.25"),
    ("rules_max_rate_above_one.yaml", "validate", ":6: max_rate.value: expected less than or equal to 1, got '1.5'"),
    ("rules_rate_not_a_number.yaml", "validate",
     ":30: tracks[0].subtracks[0].rate.value: expected a valid decimal, got '8%'"),
    ("rules_missing_rate.yaml", "validate", ":28: tracks[0].subtracks[0].rate: missing required field"),
    ("rules_duplicate_authorization.yaml", "validate", ":24: authorizations[1].id: duplicate id 'adv_ucs'"),
    ("rules_unknown_requirement.yaml", "validate",
     ":36: tracks[0].subtracks[0].requires[0].any_of[0]: unknown authorisation or certification id 'adv_usc'"
     " (did you mean 'adv_ucs'?)"),
    ("rules_unknown_period_minimum.yaml", "validate",
     ":34: tracks[0].subtracks[0].min_volume[0].period: unknown period '6-months' (did you mean '6-month'?)"),
    ("rules_no_default_minimum.yaml", "validate",
     ":34: tracks[0].subtracks[0].min_volume: expected a `default` minimum for period '6-month'"),
    ("rules_bad_country.yaml", "validate",
     ":34: tracks[0].subtracks[0].min_volume[0].usd.Holland: expected an ISO 3166-1 alpha-2 country code such as NL"
     " or DE, got 'Holland'"),
    ("rules_no_origin.yaml", "validate",
     ":14: csat.hours_per_response: expected either `source: <where it came from>` or `illustrative: true`"),
    ("rules_period_backwards.yaml", "validate",
     ":9: periods[0]: expected start before end, got 2015-07-25 .. 2015-01-25"),
]


def test_every_malformed_file_has_its_expected_error() -> None:
    assert sorted(p.name for p in MALFORMED.glob("*.yaml")) == sorted(name for name, _, _ in BAD_FILES)
    assert len(BAD_FILES) >= 15


@pytest.mark.parametrize(("name", "command", "rest"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES])
def test_a_malformed_file_gives_one_line_naming_file_place_and_expectation_and_exit_2(
    name: str, command: str, rest: str
) -> None:
    path = relative(MALFORMED / name)
    done = vip(command, path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("\n") and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.rstrip("\n") == f"vip: {path}{rest}"


def test_validate_refuses_a_malformed_profile_too() -> None:
    path = relative(MALFORMED / "profile_negative_sales.yaml")
    done = vip("validate", relative(rules_paths()[0]), path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"vip: {path}:11: projected_sales.ucs: expected greater than or equal to 0, got -60000\n"


def test_assess_refuses_a_person_listed_twice_for_one_authorisation_as_validate_does() -> None:
    path = relative(MALFORMED / "profile_staff_listed_twice.yaml")
    assessed, validated = vip("assess", path), vip("validate", path)
    assert (assessed.returncode, assessed.stdout) == (2, "")
    assert assessed.stderr == validated.stderr
    assert assessed.stderr.startswith(f"vip: {path}:15: staff[2].covers[0]: 'Joris  Bakker' is listed twice")


def test_a_missing_file_is_one_line_and_exit_2() -> None:
    done = vip("assess", "sample_data/nobody.yaml")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "vip: sample_data/nobody.yaml: no such file\n")


def test_a_rules_folder_with_a_malformed_file_stops_every_command(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text((MALFORMED / "rules_rate_above_max.yaml").read_text(encoding="utf-8"))
    done = vip("rules", "--rules", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (f"vip: {tmp_path / 'mini.yaml'}:30: tracks[0].subtracks[0].rate.value: "
                           "expected a rate at most the edition's max_rate 0.20, got 0.25\n")


def test_an_unknown_edition_option_is_one_line_and_exit_2() -> None:
    done = vip("rules", "--edition", "VIP2")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("vip: --edition: unknown edition 'VIP2'") and done.stderr.count("\n") == 1


def test_errors_are_worded_in_dutch_with_lang_nl() -> None:
    path = relative(MALFORMED / "profile_unknown_specialization.yaml")
    done = vip("assess", "--lang", "nl", path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"vip: {path}:8: specializations[0]: onbekende specialisatie-id 'adv_usc' in VIP25"
                           " (bedoel je 'adv_ucs'?)\n")
    path = relative(MALFORMED / "profile_unknown_role.yaml")
    assert vip("validate", "--lang", "nl", path).stderr == (
        f"vip: {path}:13: staff[0].role: verwacht 'AM', 'SE' of 'FE', kreeg 'CEO'\n")
    assert vip("recommend", "--lang", "nl", "--top", "0", "sample_data/voorbeeld_netwerken.yaml").stderr == (
        "vip: --top: verwacht minstens 1 plan, kreeg 0\n")


# --- good input --------------------------------------------------------------------------------


def test_every_shipped_rules_file_and_sample_validates() -> None:
    files = [relative(p) for p in [*rules_paths(), *sample_paths()]]
    done = vip("validate", "--format", "json", *files)
    assert done.returncode == 0, done.stderr
    checked = json.loads(done.stdout)
    assert checked["ok"] is True
    assert [c["file"] for c in checked["files"]] == files
    assert [c["kind"] for c in checked["files"]] == ["rules"] * len(rules_paths()) + ["profile"] * len(sample_paths())


def test_assess_prints_the_figures_as_json() -> None:
    done = vip("assess", "--format", "json", "sample_data/voorbeeld_netwerken.yaml")
    assert (done.returncode, done.stderr) == (0, "")
    totals = json.loads(done.stdout)["totals"]
    assert (totals["estimated_rebate"], totals["potential_rebate"], totals["investment"]) == (1260, 13260, 35825)
    assert (totals["payback_periods"], totals["roi"]) == (4.25, 0.4879)


def test_assess_prints_a_readable_table() -> None:
    done = vip("assess", "sample_data/thames_short_csat.yaml")
    assert done.returncode == 0
    assert "Hand in 4 more CSATs by 25 Jul 2015" in done.stdout
    assert "Potential rebate:      USD\xa027,600" in done.stdout


def test_assess_reads_in_dutch_with_dutch_headings_and_figures() -> None:
    done = vip("assess", "sample_data/voorbeeld_netwerken.yaml", "--lang", "nl")
    assert (done.returncode, done.stderr) == (0, "")
    out = done.stdout
    assert out.startswith("Voorbeeld Netwerken BV (Nederland, VIP 25, 6 maanden (25 jan 2015 – 25 jul 2015), ")
    assert out.splitlines()[1] == (
        "Illustratieve cijfers achter deze schatting: de percentages van Express Enterprise Networks en Unified "
        "Computing (UCS); het minimum van Express Enterprise Networks. Vul de cijfers van Cisco zelf in met vip rules "
        "import-skus of import-minimums.")
    assert out.splitlines()[3].split() == ["Subtrack", "Status", "Verwacht", "Minimum", "Percentage", "Rebate", "nu",
                                           "Potentieel"]
    assert "Unified Computing (UCS)      eis ontbreekt (bij inschrijving)  USD\xa0150.000" in out
    assert "\nOntbrekende eisen:\n" in out
    assert "Geschatte rebate nu:             USD\xa01.260\n" in out
    assert "Terugverdientijd:                4,25 perioden\n" in out
    assert "Rendement over 6 perioden:       48,8%\n" in out
    assert "NCW tegen 8% per jaar:           USD\xa011.750" in out
    assert not {"Estimated", "Payback", "Gaps", "eligible"} & set(re.findall(r"[A-Za-z]+", out))


def test_assess_as_json_words_its_gaps_in_the_chosen_language_and_nothing_else() -> None:
    english = json.loads(vip("assess", "sample_data/thames_short_csat.yaml", "--format", "json").stdout)
    dutch = json.loads(vip("assess", "sample_data/thames_short_csat.yaml", "--format", "json", "--lang", "nl").stdout)
    messages = [g.pop("message") for d in (english, dutch) for s in d["subtracks"] for g in s["gaps"]]
    notes = [x.pop("message") for d in (english, dutch) for x in d["origins"]]
    assert english == dutch and english["origins"] == [{"kind": "illustrative_figures"}]
    assert notes[0].startswith("Illustrative figures behind this estimate: the rates of Unified Communications "
                               "and Express Collaboration; the minimums of ")
    assert notes[1].startswith("Illustratieve cijfers achter deze schatting: de percentages van Unified Communications")
    assert "Hand in 4 more CSATs by 25 Jul 2015" in messages
    assert any("25 jul 2015" in m and "CSAT" in m for m in messages[len(messages) // 2:])


def dated(tmp_path: Path, as_of: str) -> str:
    """The Dutch sample partner assessed on another day."""
    text = (ROOT / "sample_data" / "voorbeeld_netwerken.yaml").read_text(encoding="utf-8")
    path = tmp_path / "dated.yaml"
    path.write_text(f"{text.rstrip()}\nas_of: {as_of}\n", encoding="utf-8")
    return str(path)


AFTER = ("The assessment date, 1 Sep 2015, is after the period ended on 25 Jul 2015: every deadline has passed, "
         "yet the figures still count this period as the first of the horizon.")


def test_assess_json_warns_in_words_of_an_assessment_date_after_the_period(tmp_path: Path) -> None:
    done = vip("assess", "--format", "json", dated(tmp_path, "2015-09-01"))
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert shown["warnings"] == [{"kind": "as_of_after_period", "message": AFTER}]
    gaps = [g["message"] for s in shown["subtracks"] for g in s["gaps"]]
    assert any("(enrolment closed on 28 Mar 2015)" in m for m in gaps)  # the deadline gone by says so


def test_assess_json_of_a_date_within_the_period_has_no_warnings() -> None:
    done = vip("assess", "--format", "json", "sample_data/thames_short_csat.yaml")
    assert json.loads(done.stdout)["warnings"] == []


def test_assess_and_recommend_text_say_an_assessment_date_years_ahead_of_the_period_in_one_line(
        tmp_path: Path) -> None:
    path = dated(tmp_path, "2012-01-25")
    line = ("Warning: The assessment date, 25 Jan 2012, is more than a year before the period starts on 25 Jan 2015: "
            "the figures count this period as the first of the horizon all the same.")
    for command in ("assess", "recommend"):
        done = vip(command, path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[1] == line
    dutch = vip("assess", path, "--lang", "nl").stdout.splitlines()[1]
    assert dutch.startswith("Let op: De peildatum, 25 jan 2012, ligt meer dan een jaar voor het begin van de periode")
    assert json.loads(vip("recommend", "--format", "json", path).stdout)["warnings"][0]["kind"] == (
        "as_of_long_before_period")


def test_compare_shows_the_change_between_two_profiles(tmp_path: Path) -> None:
    base = ROOT / "sample_data" / "voorbeeld_netwerken.yaml"
    whatif = tmp_path / "whatif.yaml"
    whatif.write_text(base.read_text(encoding="utf-8").replace("[express_foundation]\natp",
                                                               "[express_foundation, adv_ucs]\natp"))
    done = vip("compare", "--format", "json", str(base), str(whatif))
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["totals"]["estimated_rebate"] == {"base": 1260, "scenario": 13260, "change": 12000}
    # the change itself, valued as the Recommendations plan that earns it: too late for period 1
    changes = shown["changes"]
    assert changes["actions"] == [{"kind": "authorization", "id": "adv_ucs"}]
    assert (changes["investment"], changes["rebate_first_period"], changes["rebate_later_periods"]) == (35825, 0, 12000)
    assert changes["npv"] == 11750.06
    table = vip("compare", str(base), str(whatif)).stdout
    assert "NPV +USD\xa011,750" in table
    dutch = vip("compare", str(base), str(whatif), "--lang", "nl").stdout
    assert "Geschatte rebate:   USD\xa01.260 -> USD\xa013.260 (+USD\xa012.000)" in dutch
    assert "NCW +USD\xa011.750" in dutch


def test_rules_lists_both_editions() -> None:
    done = vip("rules", "--format", "json")
    assert done.returncode == 0
    assert [e["id"] for e in json.loads(done.stdout)["editions"]] == ["VIP25", "VIP26"]


def test_rules_diff_shows_each_figure_that_differs_with_both_values_and_the_illustrative_marked() -> None:
    done = vip("rules", "--diff", "VIP25", "VIP26", "--country", "NL")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["What", "VIP", "25", "VIP", "26"]
    minimum = next(x for x in lines if x.startswith("Unified Computing (UCS) · Minimum 6 mo. (NL)"))
    assert re.split(" {2,}", minimum)[1:] == ["USD\xa057,500", "USD\xa060,000*"]  # the Dutch 57,500 is the sourced one
    assert any(x.startswith("ATP UCS Invicta · Months to earn") and x.endswith("not in this edition") for x in lines)
    assert lines[-1].startswith("* illustrative")
    same = vip("rules", "--diff", "VIP26", "VIP26")
    assert (same.returncode, same.stdout) == (0, "VIP 26 and VIP 26 do not differ.\n")


def test_rules_diff_as_json_is_a_list_of_figures_with_plain_values() -> None:
    done = vip("rules", "--diff", "VIP25", "VIP26", "--format", "json", "--country", "nl")
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert {"figure": "rate", "place": ["ucs"], "what": "Unified Computing (UCS) · Rate", "before": 0.08,
            "after": 0.09, "before_origin": "illustrative", "after_origin": "illustrative"} in shown
    minimum = next(d for d in shown if d["figure"] == "minimum" and d["place"] == ["ucs", "6-month", "NL"])
    assert (minimum["before"], minimum["after"], minimum["after_origin"]) == (57500, 60000, "illustrative")
    period = next(d for d in shown if d["figure"] == "period" and d["place"] == ["6-month"])
    assert period["after"] == {"start": "2015-07-26", "end": "2016-01-23", "enrollment_opens": "2015-08-03",
                               "enrollment_closes": "2015-09-26"}
    lag = next(d for d in shown if d["figure"] == "payment_lag")
    assert (lag["place"], lag["before"], lag["after"], lag["after_origin"]) == ([], 0, 3, "illustrative")
    late = next(d for d in shown if d["figure"] == "late_enrollment")
    assert (late["before"], late["after"]) == ("forfeit", "from_enrollment_date")
    assert json.loads(vip("rules", "--diff", "VIP25", "VIP25", "--format", "json").stdout) == []


def test_rules_diff_reads_in_dutch_with_dutch_figures() -> None:
    done = vip("rules", "--diff", "VIP25", "VIP26", "--country", "NL", "--lang", "nl")
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["Wat", "VIP", "25", "VIP", "26"]
    minimum = next(x for x in lines if x.startswith("Unified Computing (UCS) · Minimum 6 mnd. (NL)"))
    assert re.split(" {2,}", minimum)[1:] == ["USD\xa057.500", "USD\xa060.000*"]
    period = next(x for x in lines if x.startswith("6 maanden"))
    assert "25 jan 2015 – 25 jul 2015; inschrijving opent 25 jan 2015, sluit 28 mrt 2015" in period
    assert any(x.startswith("ATP UCS Invicta · Doorlooptijd (maanden)") and x.endswith("niet in deze editie")
               for x in lines)
    assert lines[-1].startswith("* illustratief")
    assert vip("rules", "--diff", "VIP26", "VIP26", "--lang", "nl").stdout == "VIP 26 en VIP 26 verschillen niet.\n"


def test_rules_diff_without_a_country_compares_the_default_minimums() -> None:
    assert "Unified Computing (UCS) · Minimum 6 mo. (default)" in vip("rules", "--diff", "VIP25", "VIP26").stdout
    dutch = vip("rules", "--diff", "VIP25", "VIP26", "--lang", "nl").stdout
    assert "Unified Computing (UCS) · Minimum 6 mnd. (standaard)" in dutch


def test_rules_diff_with_an_unknown_edition_or_country_is_one_line_and_exit_2() -> None:
    done = vip("rules", "--diff", "VIP25", "VIP62")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "vip: --diff: unknown edition 'VIP62' (did you mean 'VIP26'?)\n"
    done = vip("rules", "--diff", "VIP25", "VIP26", "--country", "Holland")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("vip: --country: expected an ISO 3166-1 alpha-2") and done.stderr.count("\n") == 1


def test_the_installed_vip_script_runs_the_same_command() -> None:
    script = Path(sys.executable).parent / "vip"
    if not script.exists():
        pytest.skip("the vip script is not installed beside this Python")
    done = subprocess.run([str(script), "assess", relative(MALFORMED / "profile_bad_country.yaml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "country: expected an ISO 3166-1 alpha-2" in done.stderr
