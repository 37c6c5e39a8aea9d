"""`vip rules import-skus` and `import-minimums`: an edition of the partner's own, and what it earns.

`tests/data/sku_list.csv` is a synthetic SKU list of 2,400 Cisco-like SKUs (`bench/skus.py` makes
it): rates written `8%`, `8,0%` and `0,08`, subtracks by id or by name, `;`-separated.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from factories import ROOT, RULES
from vip.calc.engine import assess
from vip.cli import main
from vip.io.bookings import import_bookings
from vip.io.imports import parse_rate
from vip.io.rules import load_profile, load_rules

SKU_LIST = Path(__file__).parent / "data" / "sku_list.csv"
VIP25 = load_rules(RULES)["VIP25"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed() -> dict[str, tuple[str, Decimal]]:
    """The shipped list read by the test itself: SKU -> (subtrack id, rate)."""
    names = {s.name: s.id for s in VIP25.subtrack_by_id.values()}
    rows = csv.DictReader(io.StringIO(SKU_LIST.read_text(encoding="utf-8")), delimiter=";")
    out = {}
    for r in rows:
        text = r["Rebate %"].replace(",", ".")
        rate = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        out[r["SKU"]] = (names.get(r["Subtrack"], r["Subtrack"]), rate)
    return out


def test_the_shipped_list_has_at_least_2000_skus_in_every_subtrack() -> None:
    skus = listed()
    assert len(skus) >= 2000
    assert {sid for sid, _ in skus.values()} == set(VIP25.subtrack_by_id)


@pytest.mark.parametrize(("written", "rate"), [("8%", "0.08"), ("0.08", "0.08"), ("8,0%", "0.08"), ("0,08", "0.08"),
                                               ("12.5 %", "0.125"), ("8", "0.08"), (0.08, "0.08")])
def test_a_rate_reads_the_same_however_it_is_written(written: str | float, rate: str) -> None:
    assert parse_rate(written) == Decimal(rate)


def test_an_assessment_against_the_imported_list_earns_each_lines_sku_rate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    code, text, err = run(capsys, "rules", "import-skus", str(SKU_LIST), "--base", "VIP25", "--id", "MYVIP25",
                          "--out", str(rules / "myvip25.yaml"))
    assert (code, err) == (0, "")
    assert "2,400 rows read, 2,400 placed, 0 refused" in text
    editions = load_rules(rules)  # the folder holds only the new edition: VIP25 comes from the shipped rules
    mine = editions["MYVIP25"]
    assert sum(len(s.skus) for s in mine.subtrack_by_id.values()) == 2400
    assert next(iter(mine.subtrack_by_id["ucs"].skus)).rate.source == f"sku_list.csv, imported {date.today()}"

    # Bookings: listed SKUs, and SKUs the list lacks that only a prefix places (they earn their family's rate).
    skus = listed()
    rnd = random.Random(7)
    lines: list[tuple[str, Decimal]] = [(rnd.choice(sorted(skus)), Decimal(rnd.randrange(10_000, 2_000_000)) / 100)
                                        for _ in range(3000)]
    lines += [("UCS-DIR-NOT-LISTED", Decimal("12345.67")), ("UCSC-C480-M5", Decimal("9999.99")),
              ("CP-9999-NEW", Decimal("5000.01"))]
    start = VIP25.period_by_id["6-month"].start
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("SKU;Bedrag;Datum\n" + "".join(
        f"{sku};{str(usd).replace('.', ',')};{(start + timedelta(days=i % 180)).strftime('%d-%m-%Y')}\n"
        for i, (sku, usd) in enumerate(lines)), encoding="utf-8")
    profile = tmp_path / "partner.yaml"
    profile.write_text(
        "partner: Test BV\ncountry: NL\nedition: MYVIP25\nperiod: 6-month\ncertification: gold\ncsat_responses: 20\n"
        f"specializations: [{', '.join(a.id for a in mine.authorizations if a.kind == 'specialization')}]\n"
        f"atp: [{', '.join(a.id for a in mine.authorizations if a.kind == 'atp')}]\n"
        f"enrolled: [{', '.join(mine.subtrack_by_id)}]\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(bookings), "--profile", str(profile), "--rules", str(rules),
                       "--out", str(tmp_path / "imported.yaml"))
    assert (code, err) == (0, "")

    result = assess(*load_profile(tmp_path / "imported.yaml", editions))
    expected: dict[str, Decimal] = {}
    for sku, usd in lines:
        if sku in skus:
            sid, rate = skus[sku]
        else:  # placed by its prefix: its family's rate, else its subtrack's
            sid, fid = {"UCS-DIR-NOT-LISTED": ("ucs", "ucs_software"), "UCSC-C480-M5": ("ucs", "ucs_servers"),
                        "CP-9999-NEW": ("unified_communications", "endpoints")}[sku]
            sub = mine.subtrack_by_id[sid]
            rate = (next(f for f in sub.families if f.id == fid).rate or sub.rate).value
        expected[sid] = expected.get(sid, Decimal(0)) + usd * rate
    eligible = [s for s in result.subtracks if s.eligible]
    assert len(eligible) == len(mine.subtrack_by_id)
    for s in eligible:
        assert s.estimated_rebate == expected[s.id], s.id
    assert result.estimated_rebate == sum(expected.values())
    # not what the subtracks' own rates would give: the SKU rates count
    assert result.estimated_rebate != sum(s.projected_sales * mine.subtrack_by_id[s.id].rate.value for s in eligible)
    # a what-if that doubles a subtrack's sales keeps its mix: twice the rebate
    imported, _ = load_profile(tmp_path / "imported.yaml", editions)
    ucs = imported.projected_sales["ucs"]
    assert isinstance(ucs, dict)
    doubled = imported.model_copy(update={"projected_sales": {**imported.projected_sales,
                                                              "ucs": {k: v * 2 for k, v in ucs.items()}}})
    assert assess(doubled, mine).subtrack("ucs").estimated_rebate == 2 * expected["ucs"]
    # the same partner in VIP 25, which lists no SKUs: the families' own rates, the mix unused
    vip25 = assess(imported.model_copy(update={"edition": "VIP25"}), VIP25).subtrack("ucs")
    assert vip25.estimated_rebate == sum(v * (f.rate or VIP25.subtrack_by_id["ucs"].rate).value
                                         for f in VIP25.subtrack_by_id["ucs"].families for k, v in ucs.items()
                                         if k == f.id)


def test_a_sku_earns_its_rate_only_inside_its_transition_window(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "list.csv").write_text("SKU,Subtrack,Rate,Valid from,Valid until\n"
                                       "UCSC-OLD-1,ucs,15%,,2015-03-31\nUCSC-NEW-1,ucs,12%,2015-04-01,\n",
                                       encoding="utf-8")
    assert main(["rules", "import-skus", str(tmp_path / "list.csv"), "--base", "VIP25", "--id", "T",
                 "--out", str(tmp_path / "t.yaml")]) == 0
    edition = load_rules(tmp_path)["T"]
    data = (b"SKU,Amount,Date\nUCSC-OLD-1,100,2015-03-31\nUCSC-OLD-1,100,2015-04-01\n"
            b"UCSC-NEW-1,100,2015-03-31\nUCSC-NEW-1,100,2015-04-01\n")
    result = import_bookings(data, "b.csv", edition, "6-month")
    assert [x.sku_rate for x in result.lines] == [Decimal("0.15"), None, None, Decimal("0.12")]
    assert result.mix == {"ucs_servers": {Decimal("0.15"): 100, Decimal("0.08"): 200, Decimal("0.12"): 100}}


def test_imported_minimums_are_the_minimums_in_the_gaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "minimums.csv"
    table.write_text("Land;Periode;UCS;Core and WAN Services\nNL;6-month;61.500;80.000\nNetherlands;3-month;30.750;\n"
                     "default;6-month;70.000;90.000\n", encoding="utf-8")
    (tmp_path / "rules").mkdir()
    code, text, err = run(capsys, "rules", "import-minimums", str(table), "--base", "VIP25", "--id", "MINE",
                          "--out", str(tmp_path / "rules" / "mine.yaml"))
    assert (code, err) == (0, ""), err
    assert "3 rows read, 3 placed, 0 refused" in text
    editions = load_rules(tmp_path / "rules")
    profile = tmp_path / "p.yaml"
    profile.write_text("partner: Test BV\ncountry: NL\nedition: MINE\nperiod: 6-month\ncertification: gold\n"
                       "csat_responses: 10\nenrolled: [ucs, core_wan]\nprojected_sales: {ucs: 50000, core_wan: 50000}\n"
                       "specializations: [adv_ucs, adv_core_wan]\n", encoding="utf-8")
    result = assess(*load_profile(profile, editions))
    ucs, core = result.subtrack("ucs"), result.subtrack("core_wan")
    assert (ucs.min_volume, core.min_volume) == (61500, 80000)
    assert [g.shortfall for g in ucs.gaps if g.kind == "volume"] == [11500]
    assert [g.shortfall for g in core.gaps if g.kind == "volume"] == [30000]
    mine = editions["MINE"]
    assert mine.min_volume(mine.subtrack_by_id["ucs"], "3-month", "NL")[0] == Decimal("30750")
    assert mine.min_volume(mine.subtrack_by_id["ucs"], "6-month", "FR")[0] == 70000  # the file's default
    assert mine.min_volume(mine.subtrack_by_id["ucs"], "6-month", "BE")[0] == 46000  # the base's own figure, kept
    assert mine.min_volume(mine.subtrack_by_id["ucs"], "3-month", "BE")[0] == 23000  # the base's, kept
    assert mine.min_volume(mine.subtrack_by_id["unified_access"], "6-month", "NL") == \
        VIP25.min_volume(VIP25.subtrack_by_id["unified_access"], "6-month", "NL")


def xlsx(rows: list[list[object]], merge: str | None = None, title: str = "SKUs") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEAD = "SKU;Subtrack;Rate\n"
BAD_FILES = [
    ("wrong sheet", xlsx([["SKU", "Subtrack", "Rate"], ["UCSC-1", "ucs", "8%"]]), ["--sheet", "Rates"],
     "no sheet 'Rates'; sheets: SKUs"),
    ("merged header cells", xlsx([["SKU and rate", None, "Subtrack"], ["UCSC-1", "8%", "ucs"]], merge="A1:B1"), [],
     "column 2 holds figures but has no header (merged header cells?)"),
    ("rate as text", (HEAD + "UCSC-1;ucs;8%\nUCSC-2;ucs;eight percent\n").encode(), [],
     "1 row refused, nothing written; row 3: rate 'eight percent' is no percentage or fraction"),
    ("rate above the maximum", (HEAD + "UCSC-1;ucs;25%\n").encode(), [],
     "row 2: rate 25% is above the edition's maximum 20%"),
    ("one SKU, two rates", (HEAD + "UCSC-1;ucs;8%\nUCSC-1;ucs;9%\n").encode(), [],
     "row 3: SKU UCSC-1 is also on row 2, at 8%: one SKU, one rate"),
    ("one SKU, two subtracks", (HEAD + "UCSC-1;ucs;8%\nUCSC-1;Unified Fabric;8%\n").encode(), [],
     "row 3: SKU UCSC-1 is also on row 2, under ucs: a SKU belongs to one subtrack"),
    ("unknown subtrack", (HEAD + "UCSC-1;Unified Computing;8%\n").encode(), [],
     "row 2: unknown subtrack 'Unified Computing'; expected a subtrack id or name of the base edition "
     "(did you mean 'Unified Computing (UCS)'?)"),
    ("empty file", b"", [], "no usable rows: the file is empty"),
    ("header only", HEAD.encode(), [], "no usable rows: the file is empty"),
    ("10 MB and more", (HEAD + "UCSC-1;ucs;8%\n" * 800_000).encode(), [], "file larger than 10,485,760 bytes"),
]


@pytest.mark.parametrize(("data", "flags", "expected"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_a_bad_sku_list_is_one_line_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        data: bytes, flags: list[str], expected: str) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    code, _, err = run(capsys, "rules", "import-skus", str(path), "--base", "VIP25", "--id", "MINE",
                       "--out", str(tmp_path / "mine.yaml"), *flags)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"vip: {path}") and expected in err, err
    assert not (tmp_path / "mine.yaml").exists()


def test_refused_rows_are_listed_with_their_row_and_reason(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "list.csv"
    path.write_text(HEAD + "UCSC-1;ucs;8%\n;ucs;8%\nUCSC-3;ucs;\nUCSC-4;Nope;8%\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "import-skus", str(path), "--base", "VIP25", "--id", "MINE",
                         "--out", str(tmp_path / "mine.yaml"), "--lang", "nl")
    assert code == 2
    assert out.splitlines() == [f"{path}: 4 rijen gelezen, 1 geplaatst, 3 geweigerd", "  rij 3: geen SKU",
                                "  rij 4: geen percentage bij SKU UCSC-3",
                                "  rij 5: onbekende subtrack 'Nope'; verwacht een subtrack-id of -naam van de "
                                "basiseditie"]
    assert err == f"vip: {path}: 3 rijen geweigerd, niets geschreven; eerste: rij 3: geen SKU\n"


def test_a_bad_minimums_table_is_one_line_and_nothing_written(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "minimums.csv"
    path.write_text("Country;Subtrack;Period;Minimum\nNL;ucs;6-month;60000\nNL;ucs;6-month;61000\n"
                    "Atlantis;ucs;6-month;1\nNL;ucs;6-maand;1\n", encoding="utf-8")
    code, out, err = run(capsys, "rules", "import-minimums", str(path), "--base", "VIP25", "--id", "MINE",
                         "--out", str(tmp_path / "mine.yaml"))
    assert code == 2 and not (tmp_path / "mine.yaml").exists()
    assert "row 3: row 2 already gives another minimum for NL, ucs, 6-month" in out
    assert "row 4: 'Atlantis' is no country" in out
    assert "row 5: unknown period '6-maand' of the base edition" in out
    assert err.startswith(f"vip: {path}: 3 rows refused, nothing written; first: row 3:")


def test_the_difference_from_the_base_lists_each_subtracks_sku_list_from_a_folder_of_ones_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder holding only the imported edition: `--diff` finds the base among the shipped ones."""
    own = tmp_path / "own"
    own.mkdir()
    code, _, err = run(capsys, "rules", "import-skus", str(ROOT / "tests" / "data" / "sku_list.csv"), "--base", "VIP25",
                       "--id", "SK25", "--out", str(own / "sk25.yaml"))
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "rules", "--rules", str(own), "--diff", "VIP25", "SK25", "--format", "json")
    assert (code, err) == (0, "")
    rows = {tuple(d["place"]): d for d in json.loads(out) if d["figure"] == "sku_list"}
    assert set(rows) == {(s,) for s in VIP25.subtrack_by_id}
    ucs = rows[("ucs",)]
    assert (ucs["before"], ucs["what"]) == (None, "Unified Computing (UCS) · SKU list")
    assert ucs["after"]["skus"] == sum(1 for sid, _ in listed().values() if sid == "ucs")
    assert ucs["after_origin"].startswith("sku_list.csv, imported ")
