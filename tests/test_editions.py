"""Editions that extend an edition: what merges, what replaces, and errors at the line that holds the value."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from factories import RULES
from vip.cli import main
from vip.io.rules import load_edition, load_rules
from vip.model.errors import RulesError
from vip.present.explain import error_line

HERE = Path(__file__).parent


def child(tmp_path: Path, text: str, name: str = "child.yaml") -> Path:
    (tmp_path / "vip25.yaml").write_text((RULES / "vip25.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_vip26_as_a_difference_from_vip25_is_the_edition_it_was_in_full() -> None:
    # tests/editions/vip26_full.yaml is rules/vip26.yaml as it was before it became a difference: a change
    # to VIP 25 now changes VIP 26 too, which this test shows (update the copy when that is meant)
    assert (RULES / "vip26.yaml").read_text(encoding="utf-8").count("\n") < 150
    merged = load_rules(RULES)["VIP26"]
    full = load_edition(HERE / "editions" / "vip26_full.yaml")
    assert merged.model_dump() == full.model_dump()


def test_mappings_merge_items_merge_by_id_and_other_lists_replace(tmp_path: Path) -> None:
    child(tmp_path, """\
extends: VIP25
id: MINE
name: Mine
tracks:
  - id: data_center
    subtracks:
      - id: ucs
        rate: {value: "0.11", source: "our Cisco letter"}
        families:
          - {id: ucs_software, sku_prefixes: [UCS-DIR]}
          - {id: ucs_hx, name: HyperFlex, sku_prefixes: [HX-]}
      - {id: emerging_dc, removed: true}
defaults:
  hourly_cost: {value: 95, illustrative: true}
""")
    base, mine = load_rules(tmp_path)["VIP25"], load_rules(tmp_path)["MINE"]
    ucs = mine.subtrack_by_id["ucs"]
    assert ucs.rate.value == Decimal("0.11")
    assert (ucs.rate.source, ucs.rate.illustrative) == ("our Cisco letter", False)  # the base's origin went
    assert [f.id for f in ucs.families] == ["ucs_servers", "ucs_software", "ucs_hx"]
    assert ucs.families[1].sku_prefixes == ("UCS-DIR",)  # a list without ids replaces
    assert ucs.families[1].rate == base.subtrack_by_id["ucs"].families[1].rate  # what it does not give stays
    assert "emerging_dc" not in mine.subtrack_by_id and "emerging_dc" in base.subtrack_by_id
    assert mine.defaults.hourly_cost.value == 95 and mine.defaults.horizon_periods == base.defaults.horizon_periods
    assert mine.periods == base.periods and ucs.min_volume == base.subtrack_by_id["ucs"].min_volume


def error_of(path: Path) -> str:
    with pytest.raises(RulesError) as caught:
        load_rules(path.parent)
    return error_line(caught.value)


def test_an_error_in_the_child_names_the_childs_line(tmp_path: Path) -> None:
    path = child(tmp_path, "extends: VIP25\nid: MINE\ntracks:\n  - id: data_center\n    subtracks:\n"
                           "      - id: ucs\n        rate: {value: \"0.30\", illustrative: true}\n")
    assert error_of(path).startswith(f"{path}:7: tracks[2].subtracks[0].rate.value: expected a rate at most")


def test_an_error_the_child_causes_in_a_base_value_names_the_bases_line(tmp_path: Path) -> None:
    path = child(tmp_path, "extends: VIP25\nid: MINE\nmax_rate: {value: \"0.05\", illustrative: true}\n")
    base_line = next(i for i, ln in enumerate((RULES / "vip25.yaml").read_text().splitlines(), 1)
                     if "rate: {value: \"0.06\"" in ln)
    line = error_of(path)
    assert line.startswith(f"{tmp_path / 'vip25.yaml'}:")
    assert int(line.split(":")[1]) <= base_line + 10  # the first subtrack over 5%: in the base's file


def test_a_changed_value_without_its_origin_is_refused_at_the_childs_line(tmp_path: Path) -> None:
    path = child(tmp_path, "extends: VIP25\nid: MINE\npayment: {lag_months: 2}\n")
    expected = "payment: expected either `source: <where it came from>` or `illustrative: true`"
    assert error_of(path) == f"{path}:3: {expected}"


@pytest.mark.parametrize(("text", "expected"), [
    ("extends: VIP25x\nid: MINE\n", ":1: unknown edition 'VIP25x' to extend (did you mean 'VIP25'?)"),
    ("extends: MINE\nid: MINE\n", ":1: editions extend each other in a circle: MINE > MINE"),
    ("extends: VIP25\nid: MINE\nbonuses: []\nperiods:\n  - {id: 1-month, removed: true}\n",
     ":5: cannot drop '1-month': the base edition has no such item (did you mean '6-month'?)"),
    ("extends: VIP25\nid: MINE\nperiods:\n  - {id: 6-month, removed: yes, name: x}\n",
     ":4: expected {id: 6-month, removed: true} and nothing else to drop an item"),
])
def test_a_bad_extension_is_one_line_at_its_place(tmp_path: Path, text: str, expected: str) -> None:
    path = child(tmp_path, text)
    assert error_of(path) == f"{path}{expected}"


def test_an_edition_in_a_folder_of_its_own_extends_a_shipped_one(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.yaml").write_text("extends: VIP26\nid: MINE\nname: Mine\n", encoding="utf-8")
    assert main(["rules", "--rules", str(tmp_path), "--edition", "MINE", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)["editions"][0]
    assert main(["rules", "--edition", "VIP26", "--format", "json"]) == 0
    vip26 = json.loads(capsys.readouterr().out)["editions"][0]
    assert shown["id"] == "MINE" and {**shown, "id": "VIP26", "name": "VIP 26"} == vip26
    assert main(["validate", str(tmp_path / "mine.yaml"), str(RULES / "vip26.yaml")]) == 0
