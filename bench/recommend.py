"""How long a full recommendation takes against one assessment, on every sample partner and on a
synthetic edition with 20 authorisations and 20 subtracks.

    .venv/bin/python bench/recommend.py [--repeat N] [--sweep N]

Target: a recommendation costs no more than 100 single assessments on every case. Two ratios per
case: *cold*, each call with the engine's shared costing caches emptied first (the first look at a
partner), and *warm*, repeated calls (what the app sees while a user moves sliders); each is the
least CPU time over the repeats. `--sweep N`
adds N more synthetic editions (other seeds, and with every partner's sales cut to 30% or to the
minimum) and reports the worst of them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vip.calc.engine import assess  # noqa: E402
from vip.calc.memo import Memo  # noqa: E402
from vip.calc.recommend import recommend  # noqa: E402
from vip.io.rules import load_edition, load_profile, load_rules  # noqa: E402
from vip.model.checks import check_profile  # noqa: E402
from vip.model.edition import Edition  # noqa: E402
from vip.model.profile import Profile  # noqa: E402

TARGET = 100
ILL = {"illustrative": True}


def _value(v: Any) -> dict[str, Any]:
    return {"value": v, **ILL}


def synthetic(seed: int = 2015, authorizations: int = 20, tracks: int = 5, per_track: int = 4,
              sales_cut: Decimal | None = None) -> tuple[Profile, Edition]:
    """A made-up edition on VIP 25's frame (periods, levels, roles, CSATs) with `authorizations`
    authorisations and `tracks × per_track` subtracks, and a partner that holds three of them, is
    enrolled in 8 subtracks, sells in most, is 2 CSATs short and has one person per role with spare
    capacity: many subtracks within reach, through shared and alternative authorisations, some only
    from the next period. `sales_cut` multiplies every sale (never below the minimum)."""
    rng = random.Random(seed)
    doc: dict[str, Any] = yaml.safe_load((ROOT / "rules" / "vip25.yaml").read_text(encoding="utf-8"))
    doc.update(id="SYN20", name="Synthetic 20 x 20", bonuses=[])
    for level in doc["certifications"]:
        level.pop("implies", None)
    auths = []
    for i in range(authorizations):
        atp = i % 4 == 3
        roles = {"SE": 1} if atp else {"AM": 1, "SE": rng.choice((1, 2)), "FE": rng.choice((0, 1, 2))}
        roles = {r: n for r, n in roles.items() if n}
        auths.append({
            "id": f"auth_{i:02d}", "name": f"Authorisation {i:02d}", "kind": "atp" if atp else "specialization",
            "roles": roles,
            "exams": [{"name": f"Exam {i:02d} {r}", "role": r, "fee": _value(250)} for r in roles],
            "training": {"learning_credits": rng.randrange(5, 60), **ILL},
            "staff_hours": _value(rng.randrange(40, 400, 10)),
            "months_to_earn": _value(rng.choice((2, 3, 3, 6, 6, 9, 12))),
            "renewal_per_year": _value(rng.randrange(300, 2500, 100)),
        })
    doc["authorizations"] = auths
    ids = [a["id"] for a in auths]
    doc["tracks"] = []
    for t in range(tracks):
        subs = []
        own = ids[t * authorizations // tracks:(t + 1) * authorizations // tracks]
        for k in range(per_track):
            sid = f"sub_{t}_{k}"
            minimum = rng.randrange(20, 120) * 1000
            due = rng.choice(("enrollment", "period_end"))
            reqs = [{"any_of": rng.sample(own, rng.choice((1, 2, 2, 3))), "due": due}]
            if rng.random() < 0.4:
                reqs.append({"any_of": rng.sample(ids, rng.choice((1, 2))), "due": "period_end"})
            rate = str(rng.choice((3, 4, 6, 8, 10, 12, 14, 16)) / 100)
            subs.append({
                "id": sid, "name": f"Subtrack {t}.{k}", "rate": _value(rate),
                "families": [{"id": f"{sid}_f", "name": "Products"}],
                "min_volume": [{"period": p["id"], "usd": {"default": minimum // (6 // p["months"])}, **ILL}
                               for p in doc["periods"]],
                "requires": reqs,
            })
        doc["tracks"].append({"id": f"track_{t}", "name": f"Track {t}", "subtracks": subs})
    edition = load_edition("synthetic.yaml", text=yaml.safe_dump(doc, sort_keys=False))
    sales: dict[str, Decimal] = {}
    for s in edition.subtrack_by_id.values():
        if rng.random() < 0.85:
            floor = edition.min_volume(s, "6-month", "NL")[0]
            amount = Decimal(int(float(floor) * rng.uniform(0.7, 3.5)) // 100 * 100)
            sales[s.id] = amount if sales_cut is None else max(amount * sales_cut, floor)
    specializations = [a["id"] for a in auths if a["kind"] == "specialization"]
    profile = Profile.model_validate({
        "partner": "Synthetic Partner BV", "country": "NL", "edition": "SYN20", "period": "6-month",
        "certification": "premier", "specializations": rng.sample(specializations, 3),
        "csat_responses": 8, "enrolled": rng.sample(sorted(sales), 8), "projected_sales": sales,
        "staff": [{"role": "AM", "covers": []}, {"role": "SE", "covers": []}, {"role": "FE", "covers": []}],
        "as_of": "2015-02-20",
    })
    check_profile(profile, {edition.id: edition})
    return profile, edition


def _time(run: Callable[[], object], repeat: int, memo: Memo, cold: bool) -> float:
    """The least CPU seconds of `repeat` calls: the call's own cost, without the time it waited for
    a core on a busy machine."""
    times = []
    for _ in range(repeat):
        if cold:
            memo.clear()
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def measure(profile: Profile, edition: Edition, repeat: int) -> tuple[int, float, float, float, float]:
    """(plans explored, one assessment and one recommendation in seconds warm, cold and warm ratios)."""
    memo = Memo()
    explored = recommend(profile, edition, memo=memo).explored
    ratios = []
    for cold in (True, False):
        one = _time(lambda: assess(profile, edition, memo), repeat * 5, memo, cold)
        full = _time(lambda: recommend(profile, edition, memo=memo), repeat, memo, cold)
        ratios.append((one, full, full / one))
    (_, _, cold_ratio), (one, full, warm_ratio) = ratios
    return explored, one, full, cold_ratio, warm_ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per figure (the least counts)")
    parser.add_argument("--sweep", type=int, default=0, metavar="N", help="also N other synthetic editions")
    args = parser.parse_args()
    editions = load_rules(ROOT / "rules")
    cases = [(p.stem, *load_profile(p, editions)) for p in sorted((ROOT / "sample_data").glob("*.yaml"))]
    cases.append(("synthetic 20 x 20", *synthetic()))
    print(f"{'case':26} {'explored':>8} {'assess':>9} {'recommend':>10} {'cold ratio':>10} {'warm ratio':>10}")
    worst = 0.0
    for name, profile, edition in cases:
        explored, one, full, cold, warm = measure(profile, edition, args.repeat)
        worst = max(worst, cold, warm)
        print(f"{name:26} {explored:8d} {one * 1e3:7.2f}ms {full * 1e3:8.2f}ms {cold:10.1f} {warm:10.1f}")
    if args.sweep:
        rows = []
        for seed in range(args.sweep):
            for cut in (None, Decimal("0.3"), Decimal(0)):
                explored, one, full, cold, warm = measure(*synthetic(seed, sales_cut=cut), max(3, args.repeat // 4))
                rows.append((max(cold, warm), explored, f"seed {seed}, sales x {cut if cut is not None else 1}"))
        rows.sort(reverse=True)
        ratio, explored, name = rows[0]
        worst = max(worst, ratio)
        print(f"sweep of {len(rows)} synthetic editions: worst ratio {ratio:.1f} ({name}, {explored} plans explored),"
              f" median {statistics.median(r[0] for r in rows):.1f}, most plans explored {max(r[1] for r in rows)}")
    print(f"worst ratio {worst:.1f} (target: at most {TARGET})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
