"""Small builders for test inputs: the shipped editions, and partner profiles with plain defaults.

A test names only what matters to it (`profile(enrolled=["ucs"], projected_sales={"ucs": 57500})`);
everything else is a Dutch Premier partner in VIP 25's 6-month period with its CSATs handed in.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from vip.calc.engine import assess
from vip.calc.results import Assessment
from vip.io.rules import load_rules
from vip.model.checks import check_profile
from vip.model.edition import Edition, Policy, Requirement
from vip.model.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SAMPLES = ROOT / "sample_data"

BASE_PROFILE: dict[str, Any] = {
    "partner": "Proef Partner BV",
    "country": "NL",
    "edition": "VIP25",
    "period": "6-month",
    "certification": "premier",
    "csat_responses": 10,
}


@cache
def editions() -> dict[str, Edition]:
    """The shipped editions, loaded once per test process (the models are frozen)."""
    return load_rules(RULES)


@cache
def edition(edition_id: str = "VIP25", *, policy: str | None = None) -> Edition:
    """A shipped edition, optionally under another minimums policy (`per_subtrack`, `all_enrolled`)."""
    found = editions()[edition_id]
    if policy is None or policy == found.policy.minimums:
        return found
    return found.model_copy(update={"policy": Policy(minimums=policy, illustrative=True)})  # type: ignore[arg-type]


def with_subtrack(base: Edition, subtrack_id: str, **updates: Any) -> Edition:
    """The edition with one subtrack's fields replaced (`requires=...`, `rate=...`)."""
    tracks = tuple(
        t.model_copy(update={"subtracks": tuple(
            s.model_copy(update=updates) if s.id == subtrack_id else s for s in t.subtracks
        )})
        for t in base.tracks
    )
    return base.model_copy(update={"tracks": tracks})


def with_requirements(base: Edition, requires: dict[str, list[dict[str, Any]]]) -> Edition:
    """The edition with the entry requirements of some subtracks replaced (as a rules file writes
    them: `{"ucs": [{"any_of": ["gold"], "due": "enrollment"}]}`)."""
    for sid, reqs in requires.items():
        base = with_subtrack(base, sid, requires=tuple(Requirement.model_validate(r) for r in reqs))
    return base


def profile(**fields: Any) -> Profile:
    """A validated profile: the base partner with `fields` replacing its values."""
    made = Profile.model_validate(BASE_PROFILE | fields)
    check_profile(made, editions())
    return made


def assessed(*, policy: str | None = None, **fields: Any) -> Assessment:
    """The assessment of `profile(**fields)` under its edition."""
    made = profile(**fields)
    return assess(made, edition(made.edition, policy=policy))


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.yaml"))


def rules_paths() -> list[Path]:
    return sorted(RULES.glob("*.yaml"))


# --- golden cases ------------------------------------------------------------------------------

DEFAULT_TOLERANCE = {"money": "0.01", "periods": "0.01", "roi": "0.0001"}


def dec(value: Any) -> Decimal:
    return Decimal(str(value))


class Checker:
    """Collects every mismatch of one case, so a failure lists them all at once."""

    def __init__(self, tolerance: dict[str, Any]) -> None:
        self.tolerance = {k: dec(v) for k, v in (DEFAULT_TOLERANCE | tolerance).items()}
        self.problems: list[str] = []

    def equal(self, what: str, got: Any, want: Any) -> None:
        if got != want:
            self.problems.append(f"{what}: got {got!r}, expected {want!r}")

    def close(self, what: str, got: Decimal | None, want: Any, unit: str = "money") -> None:
        if want is None or got is None:
            self.equal(what, got, want)
        elif abs(got - dec(want)) > self.tolerance[unit]:
            self.problems.append(f"{what}: got {got}, expected {want} ± {self.tolerance[unit]}")


# --- the app's number fields (text inputs read in the chosen language) ----------------------------


def field(at: Any, key: str) -> Any:
    """The number field `key` (e.g. `in.sales.ucs`) as drawn in the app's chosen language."""
    return at.text_input(key=f"{key}.{at.session_state['lang']}")


def enter(at: Any, key: str, value: Any) -> Any:
    """Type `value` into the number field `key` the way the chosen language writes numbers, and run."""
    from vip.present.explain import Fmt

    text = value if isinstance(value, str) else Fmt(at.session_state["lang"]).figure(value)
    return field(at, key).input(text).run()


def shown(at: Any, key: str) -> Decimal:
    """The figure the number field `key` shows, read back in the chosen language."""
    from vip.present.explain import Fmt

    return Fmt(at.session_state["lang"]).parse(field(at, key).value)
