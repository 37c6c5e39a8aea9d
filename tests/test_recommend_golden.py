"""Golden cases for recommendations: best plans, break-even sales and the rebate at risk, worked out by
hand from the rules files and README's formulas (the arithmetic is beside each figure).

Each `tests/cases_recommend/*.yaml` holds `name`, `rules` (a shipped edition id), an optional
`policy` that replaces the edition's minimums policy, an optional `payment_lag_months` that
replaces the edition's payment lag, an optional `requires` that replaces
subtracks' entry requirements (as in `tests/cases`), an inline `profile`, the `shortfall` for the
rebate at risk, the `expected` figures and a `tolerance` (`money` in USD, `periods`, `fraction`).

`expected` may hold, all optional:
- `best`: `actions` (as [kind, id] pairs), `investment`, `first`, `steady`, `payback_periods`, `value`,
  `booked` (the extra sales its volume moves book per period), `booking_cost` (their margin cost per
  period), `per_usd` (per subtrack booked, its volume move's rebate per USD booked) and `reasons`
  (per action id: the subtracks it `opens`, the product `families` it opens in subtracks paid
  without it, as [subtrack, family] pairs, and the `rebate` they bring a period);
- `next_step`: the [kind, id] of the action to start first, or null; or a mapping of that `action`
  with its `start_by` day and `now` (whether that day has come);
- `break_even`: per subtrack `investment`, `renewal_per_year`, `this_period`, `payback_sales`,
  `break_even`, `to_minimum`, `to_break_even`;
- `at_risk`: `now`, `at_shortfall`, and `cliffs` per subtrack `at`, `lost`, `lost_together`,
  `crossed`, `alone`;
- `sensitivity`: per subtrack `low` and `high`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from factories import Checker, dec, edition, profile, with_requirements
from vip.calc.recommend import Recommendation, recommend
from vip.model.edition import Payment

CASES = sorted((Path(__file__).parent / "cases_recommend").glob("*.yaml"))
CASE_KEYS = {"name", "rules", "policy", "payment_lag_months", "requires", "profile", "shortfall", "expected",
             "tolerance"}
BEST_KEYS = {"actions", "investment", "first", "steady", "payback_periods", "value", "booked", "booking_cost",
             "per_usd", "reasons"}
BREAK_EVEN_KEYS = {"investment", "renewal_per_year", "this_period", "payback_sales", "break_even", "to_minimum",
                   "to_break_even"}
CLIFF_KEYS = {"at", "lost", "lost_together", "crossed", "alone"}


def check(rec: Recommendation, want: dict[str, Any], c: Checker) -> None:
    if "best" in want:
        best, expected = rec.best, want["best"]
        assert set(expected) <= BEST_KEYS, set(expected) - BEST_KEYS
        if "actions" in expected:
            c.equal("best.actions", [[a.kind, a.id] for a in best.actions], expected["actions"])
        for key, got in (("investment", best.investment.one_off), ("first", best.first), ("steady", best.steady),
                         ("value", best.value), ("booked", best.investment.booked),
                         ("booking_cost", best.investment.booking_cost)):
            if key in expected:
                c.close(f"best.{key}", got, expected[key])
        per_usd = {r.action.id: r.per_usd for r in best.reasons if r.action.kind == "volume"}
        for sid, ratio in expected.get("per_usd", {}).items():
            c.close(f"best.per_usd.{sid}", per_usd.get(sid), ratio)
        if "payback_periods" in expected:
            c.close("best.payback_periods", best.roi.payback_periods, expected["payback_periods"], "periods")
        reasons = {r.action.id: r for r in best.reasons}
        for aid, why in expected.get("reasons", {}).items():
            r = reasons.get(aid)
            if r is None:
                c.problems.append(f"best.reasons.{aid}: missing")
                continue
            if "opens" in why:
                c.equal(f"best.reasons.{aid}.opens", list(r.opens), why["opens"])
            if "families" in why:
                c.equal(f"best.reasons.{aid}.families", [list(x) for x in r.families], why["families"])
            if "rebate" in why:
                c.close(f"best.reasons.{aid}.rebate", r.rebate, why["rebate"])
    if "next_step" in want:
        step, expected = rec.next_step, want["next_step"]
        if isinstance(expected, dict):
            assert set(expected) <= {"action", "start_by", "now"}, expected
            if step is None:
                c.problems.append("next_step: missing")
            else:
                c.equal("next_step.action", [step.reason.action.kind, step.reason.action.id], expected["action"])
                for key in ("start_by", "now"):
                    if key in expected:
                        c.equal(f"next_step.{key}", getattr(step, key), expected[key])
        else:
            c.equal("next_step", None if step is None else [step.reason.action.kind, step.reason.action.id],
                    expected)
    rows = {b.subtrack: b for b in rec.break_even}
    for sid, expected in want.get("break_even", {}).items():
        assert set(expected) <= BREAK_EVEN_KEYS, set(expected) - BREAK_EVEN_KEYS
        b = rows.get(sid)
        if b is None:
            c.problems.append(f"break_even.{sid}: missing")
            continue
        for key, value in expected.items():
            got = getattr(b, key)
            if isinstance(value, bool):
                c.equal(f"break_even.{sid}.{key}", got, value)
            else:
                c.close(f"break_even.{sid}.{key}", got, value)
    risk = want.get("at_risk", {})
    for key in ("now", "at_shortfall"):
        if key in risk:
            c.close(f"at_risk.{key}", getattr(rec.risk, key), risk[key])
    cliffs = {x.subtrack: x for x in rec.risk.cliffs}
    for sid, expected in risk.get("cliffs", {}).items():
        assert set(expected) <= CLIFF_KEYS, set(expected) - CLIFF_KEYS
        cliff = cliffs.get(sid)
        if cliff is None:
            c.problems.append(f"at_risk.cliffs.{sid}: missing")
            continue
        for key, value in expected.items():
            got = getattr(cliff, key)
            if isinstance(value, bool):
                c.equal(f"at_risk.cliffs.{sid}.{key}", got, value)
            else:
                c.close(f"at_risk.cliffs.{sid}.{key}", got, value, "fraction" if key == "at" else "money")
    swings = {w.subtrack: w for w in rec.swings}
    for sid, expected in want.get("sensitivity", {}).items():
        if sid not in swings:
            c.problems.append(f"sensitivity.{sid}: missing")
            continue
        c.close(f"sensitivity.{sid}.low", swings[sid].low, expected["low"])
        c.close(f"sensitivity.{sid}.high", swings[sid].high, expected["high"])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_recommendation(path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) <= CASE_KEYS, set(case) - CASE_KEYS
    made = profile(edition=case["rules"], **case["profile"])
    chosen = with_requirements(edition(case["rules"], policy=case.get("policy")), case.get("requires", {}))
    if "payment_lag_months" in case:
        lag = Payment(lag_months=case["payment_lag_months"], illustrative=True)
        chosen = chosen.model_copy(update={"payment": lag})
    rec = recommend(made, chosen, shortfall=dec(case["shortfall"]))
    c = Checker(case["tolerance"])
    check(rec, case["expected"], c)
    assert not c.problems, f"{case['name']}:\n  " + "\n  ".join(c.problems)


def test_there_are_golden_cases_for_break_even_and_risk() -> None:
    kinds = [yaml.safe_load(p.read_text(encoding="utf-8"))["expected"] for p in CASES]
    assert sum("break_even" in k for k in kinds) >= 4
    assert sum("cliffs" in k.get("at_risk", {}) for k in kinds) >= 4
