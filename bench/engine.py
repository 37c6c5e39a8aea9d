"""How long one assessment takes, against reading the profile it assesses.

For each sample profile and for random profiles (10,000 by default) it times, in the same run:
`assess(profile, edition)`, `load_profile(path, editions, text=...)` on the profile's YAML text
(what the command and the app do before assessing), and bare `yaml.safe_load` of that text for
reference. Each figure is the median of many runs (`time.perf_counter_ns`), the three interleaved
so that drift in the machine's speed hits them alike. The ratio assessment / load is the target:
an assessment should cost no more than reading its input file (ratio ≤ 1).

    .venv/bin/python bench/engine.py [--random 10000] [--repeat 201] [--seed 2015] [--cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vip.calc.engine import assess  # noqa: E402  (the checkout, not an installed copy)
from vip.calc.memo import Memo  # noqa: E402
from vip.io.rules import dump_profile, load_profile, load_rules  # noqa: E402
from vip.model.checks import check_profile  # noqa: E402
from vip.model.edition import Edition  # noqa: E402
from vip.model.profile import Profile  # noqa: E402

COUNTRIES = ["NL", "NL", "BE", "DE", "GB", "US", "FR", "IT", "SE"]


def median_ns(runs: list[int]) -> float:
    return float(statistics.median(runs))


def time_three(assessing: Callable[[], Any], loading: Callable[[], Any], parsing: Callable[[], Any],
               repeat: int) -> tuple[float, float, float]:
    """Median ns of each of the three callables, run interleaved `repeat` times."""
    runs: tuple[list[int], list[int], list[int]] = ([], [], [])
    clock = time.perf_counter_ns
    for _ in range(repeat):
        for fn, out in zip((assessing, loading, parsing), runs, strict=True):
            start = clock()
            fn()
            out.append(clock() - start)
    return median_ns(runs[0]), median_ns(runs[1]), median_ns(runs[2])


@contextmanager
def no_gc() -> Iterator[None]:
    """The garbage collector off while timing (as `timeit` does): a collection set off by one
    callable's garbage would otherwise be charged to whichever runs next."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def random_profile(rng: random.Random, editions: dict[str, Edition]) -> Profile:
    """A plausible partner: a few holdings, some enrolments, sales scattered around the minimums."""
    e = editions[rng.choice(sorted(editions))]
    period = rng.choice(e.periods)
    country = rng.choice(COUNTRIES)
    kinds = {k: [a.id for a in e.authorizations if a.kind == k] for k in ("specialization", "atp")}
    subtracks = list(e.subtrack_by_id.values())
    sales: dict[str, Any] = {}
    for s in rng.sample(subtracks, rng.randint(0, len(subtracks))):
        minimum = e.min_volume(s, period.id, country)[0]
        amount = int(int(minimum) * rng.choice((0.5, 0.9, 0.99, 1, 1, 1.2, 2, 4)) + rng.randint(-500, 500))
        if rng.random() < 0.3 and len(s.families) > 1:
            split = rng.randint(0, max(amount, 0))
            sales[s.id] = {s.families[0].id: split, s.families[1].id: max(amount - split, 0)}
        else:
            sales[s.id] = max(amount, 0)
    staff = []
    for role in rng.choices(sorted(e.roles), k=rng.randint(0, 5)):
        limit = e.roles[role].max_per_person.value
        staff.append({"role": role, "covers": rng.sample(list(e.authorization_by_id), rng.randint(0, limit))})
    data = {
        "partner": f"Random Partner {rng.randrange(10**6)}",
        "country": country,
        "edition": e.id,
        "period": period.id,
        "certification": rng.choice(e.certifications).id,
        "specializations": rng.sample(kinds["specialization"], rng.randint(0, 4)),
        "atp": rng.sample(kinds["atp"], rng.randint(0, 2)),
        "csat_responses": rng.choice((0, 4, 9, 10, 10, 12, 20)),
        "enrolled": [s.id for s in rng.sample(subtracks, rng.randint(0, 6))],
        "projected_sales": sales,
        "staff": staff,
        "as_of": period.start + timedelta(days=rng.randint(0, (period.end - period.start).days))
        if rng.random() < 0.3 else None,
    }
    profile = Profile.model_validate(data)
    check_profile(profile, editions)
    return profile


def row(label: str, a: float, ld: float, y: float) -> str:
    return f"{label:<34} {a / 1000:>10.1f} {ld / 1000:>10.1f} {a / ld:>7.2f} {y / 1000:>12.1f} {a / y:>7.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--random", type=int, default=10_000, metavar="N", help="random profiles (10,000)")
    parser.add_argument("--repeat", type=int, default=201, help="runs per sample profile (201)")
    parser.add_argument("--random-repeat", type=int, default=5, help="runs per random profile (5)")
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--cprofile", action="store_true", help="also profile assess() over the random profiles")
    args = parser.parse_args(argv)

    editions = load_rules(ROOT / "rules")
    memo = Memo()  # as the app keeps one: what one assessment works out serves the next
    print(f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} "
          f"({'C' if hasattr(yaml, 'CSafeLoader') else 'pure Python'} loader available); medians, µs")
    print(f"{'case':<34} {'assess':>10} {'load':>10} {'ratio':>7} {'safe_load':>12} {'ratio':>7}")
    worst = 0.0
    for path in sorted((ROOT / "sample_data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        profile, edition = load_profile(path, editions, text=text)
        assess(profile, edition, memo)  # the first call builds per-edition lookups once; time the steady state
        with no_gc():
            a, ld, y = time_three(partial(assess, profile, edition, memo),
                                  partial(load_profile, path, editions, text=text),
                                  partial(yaml.safe_load, text), args.repeat)
        worst = max(worst, a / ld)
        print(row(path.name, a, ld, y))

    if args.random:
        rng = random.Random(args.seed)
        cases = []
        for i in range(args.random):
            profile = random_profile(rng, editions)
            cases.append((Path(f"random-{i}.yaml"), dump_profile(profile), profile, editions[profile.edition]))
        per: list[tuple[float, float, float]] = []
        with no_gc():
            for path, text, profile, edition in cases:
                per.append(time_three(partial(assess, profile, edition, memo),
                                      partial(load_profile, path, editions, text=text),
                                      partial(yaml.safe_load, text), args.random_repeat))
        ratios = sorted(a / ld for a, ld, _ in per)
        a, ld, y = (statistics.median(x[k] for x in per) for k in range(3))
        print(row(f"random ({len(per):,} profiles, median)", a, ld, y))
        q = statistics.quantiles(ratios, n=100)
        print(f"  ratio assess/load per random profile: median {statistics.median(ratios):.2f}, "
              f"p90 {q[89]:.2f}, p99 {q[98]:.2f}, max {ratios[-1]:.2f}; "
              f"{sum(r <= 1 for r in ratios) / len(ratios):.1%} at or under 1")
        worst = max(worst, statistics.median(ratios))
        if args.cprofile:
            prof = cProfile.Profile()
            prof.enable()
            for _, _, profile, edition in cases:
                assess(profile, edition, memo)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
            print(out.getvalue())
    print(f"target: assessment ≤ reading its file (ratio ≤ 1): {'met' if worst <= 1 else 'NOT met'} "
          f"(worst median ratio {worst:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
