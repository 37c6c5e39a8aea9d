"""Golden cases: figures worked out by hand from the rules files and README's formulas.

Each `tests/cases/*.yaml` holds `name`, `rules` (an edition id of the shipped rules, or of
`rules_dir` when given), an optional `policy` that replaces the edition's minimums policy, an
optional `payment_lag_months` that replaces the edition's payment lag, an optional `requires`
(subtrack id → its requirements, as in a rules file) that replaces subtracks' entry requirements,
an inline `profile`, the `expected` figures and a `tolerance` (`money` in USD, `periods` for
payback, `roi` as a fraction). The arithmetic is written beside each figure in the case file.

`expected` may hold, all optional:
- `subtracks`: per id `eligible`, `status`, `gaps` (the gap kinds, in any order), `shortfalls`
  (kind → amount), `attainable` (kind → whether every gap of that kind is), `gap_cost` and
  `cheapest` (kind → of the authorisation gap), `met_by` (per requirement, null when unmet),
  `lines` (family, base, rate, amount), `estimated_rebate`, `potential_rebate`; `family_met_by`
  (per product family requirement, null when unmet) and `family_gaps` (family → the rebate its unmet
  requirements hold back, with `authorizations`: any one of which closes each, and `attainable`);
  `enrollment` (of its enrolment gap: `opens`, the day the window opens when it is still to open;
  `counts_from`, the day a late enrolment's bookings count from; `share`, the part of the period's
  sales that then counts);
- `bonuses`: per id `base`, `cap`, `estimated`, `potential`;
- `investment`: `authorizations`, `new_people` (role → count), `cash`, `hours`, `renewal_per_year`;
- `totals`: `estimated_rebate`, `potential_rebate`, `investment` (one-off), `incremental` (per
  period), `cumulative` (the cash position after each period, from period 0), `payback_periods`,
  `roi`, `npv`;
- `shipping` (what the profile's `to_ship` puts at stake, `vip.calc.risk.shipping`): `ship_by`, `depends`
  (the total rebate that depends on shipping), `subtracks` (per id `to_ship` and `depends`) and
  `at_risk` (the rebate at risk's `at_shortfall` at a 0% shortfall: with nothing still to ship shipped).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from factories import ROOT, Checker, dec, edition, with_requirements
from vip.calc.engine import assess
from vip.calc.results import Assessment, AuthorizationGap, CsatGap, SubtrackResult, VolumeGap
from vip.calc.risk import at_risk, shipping
from vip.io.rules import load_rules
from vip.model.checks import check_profile
from vip.model.edition import Payment, Policy
from vip.model.profile import Profile

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
CASE_KEYS = {"name", "rules", "rules_dir", "policy", "payment_lag_months", "requires", "profile", "expected",
             "tolerance"}
SUBTRACK_KEYS = {"eligible", "status", "gaps", "shortfalls", "attainable", "gap_cost", "cheapest", "met_by", "lines",
                 "estimated_rebate", "potential_rebate", "family_met_by", "family_gaps", "enrollment"}
TOTAL_KEYS = {"estimated_rebate", "potential_rebate", "investment", "incremental", "cumulative", "payback_periods",
              "roi", "npv"}
INVESTMENT_KEYS = {"authorizations", "new_people", "cash", "hours", "renewal_per_year"}
BONUS_KEYS = {"base", "cap", "estimated", "potential"}
SHIPPING_KEYS = {"ship_by", "depends", "subtracks", "at_risk"}


def check_subtrack(c: Checker, s: SubtrackResult, want: dict[str, Any]) -> None:
    assert set(want) <= SUBTRACK_KEYS, f"unknown keys for {s.id}: {set(want) - SUBTRACK_KEYS}"
    at = f"subtracks.{s.id}"
    if "eligible" in want:
        c.equal(f"{at}.eligible", s.eligible, want["eligible"])
        c.equal(f"{at}: eligible exactly when no gap remains", s.eligible, not s.gaps)
    if "status" in want:
        c.equal(f"{at}.status", s.status, want["status"])
    if "gaps" in want:
        c.equal(f"{at}.gaps", Counter(g.kind for g in s.gaps), Counter(want["gaps"]))
    for kind, amount in want.get("shortfalls", {}).items():
        c.equal(f"{at}.shortfalls.{kind}", [g.shortfall for g in s.gaps if isinstance(g, VolumeGap | CsatGap)
                                            and g.kind == kind], [dec(amount)])
    for kind, flag in want.get("attainable", {}).items():
        c.equal(f"{at}.attainable.{kind}", {g.attainable for g in s.gaps if g.kind == kind}, {flag})
    for kind, cost in want.get("gap_cost", {}).items():
        for g in (g for g in s.gaps if g.kind == kind):
            c.close(f"{at}.gap_cost.{kind}", g.cost.total if isinstance(g, AuthorizationGap) else None, cost)
    for kind, cheapest in want.get("cheapest", {}).items():
        c.equal(f"{at}.cheapest.{kind}", {g.cheapest for g in s.gaps if isinstance(g, AuthorizationGap)}, {cheapest})
    if "met_by" in want:
        c.equal(f"{at}.met_by", [o.met_by for o in s.outcomes if o.family is None], want["met_by"])
    if "family_met_by" in want:
        c.equal(f"{at}.family_met_by", {o.family: o.met_by for o in s.outcomes if o.family is not None},
                want["family_met_by"])
    if "family_gaps" in want:
        got_families = {f.family: f for f in s.family_gaps}
        c.equal(f"{at}.family_gaps", sorted(got_families), sorted(want["family_gaps"]))
        for fid, fw in want["family_gaps"].items():
            f = got_families.get(fid)
            if f is None:
                continue
            c.close(f"{at}.family_gaps.{fid}.rebate", f.rebate, fw["rebate"])
            if "authorizations" in fw:
                c.equal(f"{at}.family_gaps.{fid}.authorizations", [sorted(g.missing_any_of) for g in f.gaps],
                        [sorted(x) for x in fw["authorizations"]])
            if "attainable" in fw:
                c.equal(f"{at}.family_gaps.{fid}.attainable", f.attainable, fw["attainable"])
    if "lines" in want:
        got = [(x.family, x.base, x.rate, x.amount) for x in s.lines]
        wanted = [(x["family"], dec(x["base"]), dec(x["rate"]), dec(x["amount"])) for x in want["lines"]]
        c.equal(f"{at}.lines", got, wanted)
    for key in ("estimated_rebate", "potential_rebate"):
        if key in want:
            c.close(f"{at}.{key}", getattr(s, key), want[key])
    if "enrollment" in want:
        gap = next((g for g in s.gaps if g.kind == "enrollment"), None)
        got = {} if gap is None else {"opens": gap.opens, "counts_from": gap.counts_from, "share": gap.share}
        for key, value in want["enrollment"].items():
            if key == "share":
                c.close(f"{at}.enrollment.share", got.get(key), value, "fraction")
            else:
                c.equal(f"{at}.enrollment.{key}", got.get(key), value)


def check(a: Assessment, expected: dict[str, Any], tolerance: dict[str, Any]) -> list[str]:
    c = Checker(tolerance)
    for sid, want in expected.get("subtracks", {}).items():
        check_subtrack(c, a.subtrack(sid), want)
    bonuses = {b.id: b for b in a.bonuses}
    for bid, want in expected.get("bonuses", {}).items():
        assert set(want) <= BONUS_KEYS, f"unknown bonus keys {set(want) - BONUS_KEYS}"
        for key, value in want.items():
            c.close(f"bonuses.{bid}.{key}", getattr(bonuses[bid], key), value)
    inv = expected.get("investment", {})
    assert set(inv) <= INVESTMENT_KEYS, f"unknown investment keys {set(inv) - INVESTMENT_KEYS}"
    if "authorizations" in inv:
        c.equal("investment.authorizations", sorted(a.investment.authorizations), sorted(inv["authorizations"]))
    if "new_people" in inv:
        c.equal("investment.new_people", dict(a.investment.new_people), inv["new_people"])
    if "hours" in inv:
        c.equal("investment.hours", a.investment.hours, inv["hours"])
    for key in ("cash", "renewal_per_year"):
        if key in inv:
            c.close(f"investment.{key}", getattr(a.investment, key), inv[key])
    totals = expected.get("totals", {})
    assert set(totals) <= TOTAL_KEYS, f"unknown totals keys {set(totals) - TOTAL_KEYS}"
    got_totals = {
        "estimated_rebate": a.estimated_rebate,
        "potential_rebate": a.potential_rebate,
        "investment": a.investment.one_off,
        "npv": a.roi.npv,
    }
    for key, got in got_totals.items():
        if key in totals:
            c.close(f"totals.{key}", got, totals[key])
    if "payback_periods" in totals:
        c.close("totals.payback_periods", a.roi.payback_periods, totals["payback_periods"], "periods")
    if "roi" in totals:
        c.close("totals.roi", a.roi.roi, totals["roi"], "roi")
    if "incremental" in totals:
        c.equal("totals.incremental", list(a.roi.incremental), [dec(x) for x in totals["incremental"]])
    if "cumulative" in totals:
        c.equal("totals.cumulative (periods)", len(a.roi.cumulative), len(totals["cumulative"]))
        for t, (got, want) in enumerate(zip(a.roi.cumulative, totals["cumulative"], strict=False)):
            c.close(f"totals.cumulative[{t}]", got, want)
    ship = expected.get("shipping", {})
    assert set(ship) <= SHIPPING_KEYS, f"unknown shipping keys {set(ship) - SHIPPING_KEYS}"
    if ship:
        got_ship = shipping(a)
        if "ship_by" in ship:
            c.equal("shipping.ship_by", got_ship.ship_by, ship["ship_by"])
        if "depends" in ship:
            c.close("shipping.depends", got_ship.depends, ship["depends"])
        rows = {x.subtrack: x for x in got_ship.subtracks}
        if "subtracks" in ship:
            c.equal("shipping.subtracks", sorted(rows), sorted(ship["subtracks"]))
        for sid, want in ship.get("subtracks", {}).items():
            if sid in rows:
                c.close(f"shipping.{sid}.to_ship", rows[sid].usd, want["to_ship"])
                c.close(f"shipping.{sid}.depends", rows[sid].depends, want["depends"])
        if "at_risk" in ship:
            c.close("shipping.at_risk", at_risk(a, dec(0)).at_shortfall, ship["at_risk"])
    return c.problems


def run_case(path: Path) -> tuple[dict[str, Any], Assessment]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) <= CASE_KEYS, f"unknown case keys {set(case) - CASE_KEYS}"
    assert {"name", "rules", "profile", "expected"} <= set(case)
    if "rules_dir" in case:
        chosen = load_rules(ROOT / case["rules_dir"])[case["rules"]]
        editions = {chosen.id: chosen}
    else:
        chosen = edition(case["rules"])
        editions = {chosen.id: chosen}
    if "policy" in case:
        chosen = chosen.model_copy(update={"policy": Policy(minimums=case["policy"], illustrative=True)})
    if "payment_lag_months" in case:
        lag = Payment(lag_months=case["payment_lag_months"], illustrative=True)
        chosen = chosen.model_copy(update={"payment": lag})
    chosen = with_requirements(chosen, case.get("requires", {}))
    profile = Profile.model_validate({"edition": case["rules"], **case["profile"]})
    check_profile(profile, editions)
    return case, assess(profile, chosen)


def test_there_are_at_least_twenty_golden_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_case(path: Path) -> None:
    case, result = run_case(path)
    problems = check(result, case["expected"], case.get("tolerance", {}))
    assert not problems, f"{case['name']}:\n  " + "\n  ".join(problems)
