"""Portfolio: one distributor's export of many partners, each partner's lines imported as `vip import
--partner` imports them alone, assessed and summarised with its flags."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from factories import SAMPLES, editions, profile
from vip.calc.portfolio import summary
from vip.cli import main
from vip.io.bookings import Export, split_partners
from vip.io.rules import dump_profile
from vip.io.store import Store
from vip.io.tables import ColumnMapping, guess_mapping, read_table
from vip.model.errors import BookingsError

HEADER = "Partner name;Order date;SKU;Amount;Currency;Status"
PREFIXES = {"ucs": "UCSC-C220", "express_en": "SG300-", "network_security": "ASA5516", "core_wan": "ISR4331",
            "unified_access": "WS-C3650", "express_collaboration": "BE6K-"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and "json" in args else out), err


def synthetic(tmp_path: Path, partners: int, seed: int = 7,
              status: bool = True) -> tuple[Path, Path, list[dict[str, Any]]]:
    """`partners` profiles in a folder and one export of all their lines, three partners no profile
    knows and a line that names no partner (`status`: with a status column, which DuckDB leaves to
    the reader; without, it totals the file)."""
    rnd = random.Random(seed)
    folder = tmp_path / "profiles"
    folder.mkdir()
    made, rows = [], []
    for i in range(partners):
        enrolled = rnd.sample(sorted(PREFIXES), rnd.randint(1, 3))
        by_id = i % 4 == 0  # a quarter named in the export by their Cisco partner id
        data = {
            "partner": f"Partner {i:03d} BV", "country": rnd.choice(["NL", "DE", "BE", "US"]),
            "certification": rnd.choice(["premier", "gold", "select"]), "csat_responses": rnd.choice([0, 6, 10, 20]),
            "enrolled": enrolled, "projected_sales": {"iot": 1000} if i % 5 == 0 else {},
            **({"partner_id": f"10{i:05d}"} if by_id else {}),
            **({"as_of": date(2015, rnd.randint(1, 7), rnd.randint(1, 24)).isoformat()} if i % 3 else {}),
        }
        made.append(data)
        (folder / f"p{i:03d}.yaml").write_text(dump_profile(profile(**data)), encoding="utf-8")
        name = data["partner_id"] if by_id else data["partner"].upper() if i % 7 == 0 else data["partner"]
        for n in range(rnd.randint(1, 5)):
            sid = rnd.choice([*enrolled, "ucs"])
            amount = Decimal(rnd.randint(-2000, 90000) * 100 + rnd.randint(0, 99)) / 100
            currency = rnd.choice(["EUR", "USD", ""])
            # the first in the period, so that every partner has a line that counts
            day = date(2015, rnd.randint(2, 7), rnd.randint(1, 24)) if n == 0 else \
                date(2015, rnd.randint(1, 8), rnd.randint(1, 28))
            written = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
            rows.append(f"{name};{day:%d-%m-%Y};{PREFIXES[sid]}-K9;{written};{currency};"
                        f"{rnd.choice(['shipped', 'open', 'geleverd', ''])}")
    for j, stranger in enumerate(["Onbekend BV", "Fremde GmbH", "Unknown Inc", "Onbekend BV"]):
        rows.insert(j * 40, f"{stranger};01-03-2015;UCSC-C220-K9;1.000,00;EUR;shipped")
    rows.insert(7, ";01-03-2015;UCSC-C220-K9;1.000,00;EUR;shipped")
    export = tmp_path / "export.csv"
    if not status:
        rows = [r.rsplit(";", 1)[0] for r in rows]
    export.write_text("\n".join([HEADER if status else HEADER.rsplit(";", 1)[0], *rows]) + "\n", encoding="utf-8")
    return folder, export, made


@pytest.mark.parametrize(("status", "partners"), [(True, 200), (False, 100)], ids=["reader", "duckdb"])
def test_each_partners_figures_equal_those_of_importing_its_lines_alone_then_assessing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, status: bool,
        partners: int) -> None:
    monkeypatch.setattr("vip.cli.load_rules", lambda _: editions())  # the shipped rules, read once for 600 runs
    folder, export, made = synthetic(tmp_path, partners, status=status)
    with Export(export.read_bytes(), "export.csv") as file:  # which way the file is read
        assert file.loaded is not None
        taken = file.loaded.imports(editions()["VIP25"], "6-month", {"all": None}, per_usd={"EUR": Decimal("0.92")})
        assert (taken["all"] is None) == status
    code, got, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder),
                         "--rate", "EUR=0.92", "--format", "json")
    assert code == 0, err
    assert len(got["partners"]) == partners and not got["refused"] and not got["without_lines"]
    by_name = {p["partner"]: p for p in got["partners"]}
    assert sum(1 for p in got["partners"] if p["estimated_rebate"]) > partners // 20  # not all zeros that agree
    for i, data in enumerate(made):
        chosen = data.get("partner_id") or data["partner"]
        out = tmp_path / "one.yaml"
        code, _, err = run(capsys, "import", str(export), "--partner", chosen, "--profile",
                           str(folder / f"p{i:03d}.yaml"), "--rate", "EUR=0.92", "--out", str(out))
        assert code == 0, err
        code, alone, err = run(capsys, "assess", str(out), "--format", "json")
        assert code == 0, err
        mine = by_name[data["partner"]]
        assert (mine["estimated_rebate"], mine["potential_rebate"]) == (
            alone["totals"]["estimated_rebate"], alone["totals"]["potential_rebate"]), data["partner"]
        if i % 25 == 0:  # the risk and the next step as `vip recommend` gives them
            code, rec, err = run(capsys, "recommend", str(out), "--format", "json")
            assert mine["at_risk"] == rec["at_risk"]["lost"]
            assert (mine["next_step"] or {}).get("text") == (rec["next_step"] or {}).get("text")


def test_lines_of_partners_no_profile_knows_are_counted_and_listed(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 6)
    code, got, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder),
                         "--rate", "EUR=0.92", "--format", "json")
    assert code == 0, err
    unknown = {u["partner"]: u["lines"] for u in got["unknown_partners"]}
    assert unknown == {"": 1, "Fremde GmbH": 1, "Onbekend BV": 2, "Unknown Inc": 1}
    assert [u["partner"] for u in got["unknown_partners"]] == ["", "Fremde GmbH", "Onbekend BV", "Unknown Inc"]
    code, text, _ = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder),
                        "--rate", "EUR=0.92", "--lang", "nl")
    assert "Partner 'Onbekend BV' is onbekend: 2 regels" in text


def test_a_partner_whose_lines_do_not_count_is_listed_with_why_and_the_others_are_assessed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 4)
    (folder / "late.yaml").write_text(dump_profile(profile(partner="Laat BV")), encoding="utf-8")
    (folder / "quiet.yaml").write_text(dump_profile(profile(partner="Stil BV")), encoding="utf-8")
    with export.open("a", encoding="utf-8") as f:
        f.write("laat bv;01-09-2015;UCSC-C220-K9;1.000,00;EUR;shipped\n")
    code, got, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder),
                         "--rate", "EUR=0.92", "--format", "json")
    assert code == 0, err
    assert len(got["partners"]) == 4 and got["without_lines"] == ["Stil BV"]
    assert [r["partner"] for r in got["refused"]] == ["Laat BV"]
    assert "none of the 1 rows counts" in got["refused"][0]["message"]


def test_two_profiles_of_one_partner_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 2)
    (folder / "again.yaml").write_text(dump_profile(profile(partner="partner 001 bv")), encoding="utf-8")
    code, _, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder))
    assert code == 2 and err.count("\n") == 1 and "p001.yaml" in err and "again.yaml" in err


def test_the_json_lists_partners_in_a_stable_order_whatever_the_files_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 12)
    args = ("portfolio", "--bookings", str(export), "--profiles", str(folder), "--rate", "EUR=0.92", "--format",
            "json")
    _, first, _ = run(capsys, *args)
    lines = export.read_text(encoding="utf-8").splitlines()
    export.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    _, second, _ = run(capsys, *args)
    names = [p["partner"] for p in first["partners"]]
    assert names == sorted(names, key=str.casefold) and len(names) == 12
    assert [p["partner"] for p in second["partners"]] == names
    assert [p["estimated_rebate"] for p in second["partners"]] == [p["estimated_rebate"] for p in first["partners"]]
    assert list(first["partners"][0])[:4] == ["partner", "partner_id", "edition", "period"]


def _summary(**fields: Any) -> Any:
    p = profile(**fields)
    return summary(p, editions()[p.edition])


def test_flags_a_subtrack_within_ten_percent_below_its_minimum() -> None:
    # NL UCS minimum: USD 57,500; 90% of it is 51,750
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 51750})
    assert "near_minimum" in s.flags and s.near_minimum == ("ucs",)
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 51749})
    assert "near_minimum" not in s.flags


def test_flags_a_minimum_met_by_less_than_ten_percent_a_cliff() -> None:
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 63249})
    assert s.flags == ("near_cliff",) and s.near_cliff == ("ucs",) and s.at_risk > 0
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 63250})
    assert "near_cliff" not in s.flags


def test_flags_csats_missing_and_enrolment_closing_within_fourteen_days() -> None:
    # VIP 25's 6-month enrolment closes on 28 Mar 2015
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 90000}, csat_responses=3,
                 as_of=date(2015, 3, 14))
    assert s.flags == ("csat_missing", "enrollment_closing")
    assert (s.deadline.kind, s.deadline.day) == ("enrollment", date(2015, 3, 28)) if s.deadline else False
    s = _summary(certification="gold", enrolled=["ucs"], projected_sales={"ucs": 90000}, as_of=date(2015, 3, 13))
    assert s.flags == ()


def test_the_nearest_deadline_after_enrolment_is_the_period_end_then_the_ship_by_day() -> None:
    s = _summary(as_of=date(2015, 4, 1))
    assert s.deadline is not None and (s.deadline.kind, s.deadline.day) == ("period_end", date(2015, 7, 25))
    s = _summary(as_of=date(2015, 8, 1))
    assert s.deadline is not None and s.deadline.kind == "ship_by" and s.deadline.day > date(2015, 8, 1)


def test_excel_holds_a_line_per_partner_and_the_unknown_partners(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 5)
    book = tmp_path / "portfolio.xlsx"
    code, _, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder), "--rate",
                       "EUR=0.92", "--excel", str(book), "--lang", "nl")
    assert code == 0, err
    wb = load_workbook(book)
    assert wb.sheetnames == ["Partners", "Onbekende partners"]
    partners = list(wb["Partners"].iter_rows(values_only=True))
    assert partners[0][:3] == ("Partner", "Partner-id", "Geschatte rebate") and len(partners) == 6
    assert [r[0] for r in wb["Onbekende partners"].iter_rows(min_row=2, values_only=True)] == [
        None, "Fremde GmbH", "Onbekend BV", "Unknown Inc"]


def test_a_partner_column_that_is_not_there_or_cannot_be_told_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, export, _ = synthetic(tmp_path, 3)
    code, _, err = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder),
                       "--partner-column", "Klant")
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"vip: {export}: no column 'Klant'") and "Partner name" in err
    code, _, err = run(capsys, "portfolio", "--bookings", str(SAMPLES / "bookings_voorbeeld_netwerken.csv"),
                       "--profiles", str(folder))
    assert code == 2 and err.count("\n") == 1 and "cannot tell which column names the partner" in err
    code, _, err = run(capsys, "import", str(export), "--partner", "Partner 001 B", "--edition", "VIP25",
                       "--period", "6-month")
    assert code == 2 and err.count("\n") == 1 and "(did you mean 'Partner 001 BV'?)" in err


def test_a_customer_column_is_never_taken_for_the_partner() -> None:
    table = read_table(b"Klant;Artikel;Bedrag;Datum\nAcme;UCSC-1;100;01-03-2015\n")
    with pytest.raises(BookingsError) as caught:
        split_partners(table)
    assert caught.value.code == "bookings.refused.which_partner_column"
    table = read_table(b"Klant;Partnernaam;Artikel;Bedrag;Datum\nAcme;Kempen;UCSC-1;100;01-03-2015\n")
    assert split_partners(table).column == "Partnernaam"


def test_a_partner_price_stays_the_amount_of_a_one_partner_export() -> None:
    assert guess_mapping(["SKU", "Partner price", "Date"]) == ColumnMapping("SKU", "Partner price", "Date")
    assert guess_mapping(["Partner ID", "SKU", "Partner price", "Date"]).partner == "Partner ID"


def test_the_store_gives_each_clients_latest_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, export, made = synthetic(tmp_path, 3)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with Store(url) as store:
        for data in made:
            store.save(data["partner"], "old", profile(**{**data, "certification": "registered"}))
            store.save(data["partner"], "baseline", profile(**data))
    code, got, err = run(capsys, "portfolio", "--bookings", str(export), "--db", url, "--rate", "EUR=0.92",
                         "--format", "json")
    assert code == 0, err
    folder = tmp_path / "profiles"
    _, from_files, _ = run(capsys, "portfolio", "--bookings", str(export), "--profiles", str(folder), "--rate",
                           "EUR=0.92", "--format", "json")
    assert got["partners"] == from_files["partners"]


def test_over_two_processes_the_portfolio_is_the_same_in_the_same_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers give each partner's line as this process does, the refused one with its error,
    and every line's edition is the edition of the rules read here, not a copy."""
    import vip.present.portfolio as portfolio_module
    from vip.io.rules import load_profile, load_rules
    from vip.present.explain import Fmt
    from vip.present.portfolio import Candidate, portfolio, portfolio_dict

    folder, export, _ = synthetic(tmp_path, 60, seed=3, status=False)
    (folder / "late.yaml").write_text(dump_profile(profile(partner="Laat BV")), encoding="utf-8")
    with export.open("a", encoding="utf-8") as f:
        f.write("laat bv;01-09-2015;UCSC-C220-K9;1.000,00;EUR\n")
    rules = load_rules(Path(__file__).resolve().parent.parent / "rules")
    candidates = [Candidate(load_profile(p, rules)[0], p.name) for p in sorted(folder.glob("*.yaml"))]
    monkeypatch.setattr(portfolio_module, "PARALLEL_FROM", 10)
    seen: list[list[int]] = [[], []]
    got = []
    for workers in (1, 2):
        with Export(export.read_bytes(), export.name) as file:
            got.append(portfolio(file, candidates, rules, per_usd={"EUR": Decimal("0.92")}, workers=workers,
                                 progress=lambda done, _total, w=workers: seen[w - 1].append(done)))
    alone, forked = got
    assert portfolio_dict(forked, Fmt("en")) == portfolio_dict(alone, Fmt("en"))
    assert len(forked.partners) == 60 and [name for name, _ in forked.refused] == ["Laat BV"]
    assert forked.refused[0][1].code == alone.refused[0][1].code and forked.refused[0][1].params
    assert all(s.edition is rules[s.edition.id] for s in forked.partners)
    assert [s.profile for s in forked.partners] == [s.profile for s in alone.partners]
    assert seen[0] == list(range(1, 62)) and 1 < len(seen[1]) < 61 and seen[1][-1] == 61
