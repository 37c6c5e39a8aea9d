"""What-if scenarios: a new profile derived from a baseline, and the differences between two
assessments (per subtrack and in total)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from vip.calc.plans import Plan, value_of
from vip.calc.results import Assessment
from vip.model.checks import check_profile, first_error
from vip.model.edition import Edition
from vip.model.errors import ProfileError
from vip.model.profile import Profile


def derive(profile: Profile, editions: dict[str, Edition], **changes: Any) -> tuple[Profile, Edition]:
    """A new, validated profile: the baseline with `changes` applied (the baseline is untouched)."""
    data = {**profile.model_dump(), **changes}
    try:
        scenario = Profile.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc, data).error(ProfileError) from None
    return scenario, check_profile(scenario, editions)


@dataclass(frozen=True, slots=True)
class Delta:
    base: Decimal
    scenario: Decimal

    @property
    def change(self) -> Decimal:
        return self.scenario - self.base


@dataclass(frozen=True, slots=True)
class SubtrackDelta:
    id: str
    name: str
    eligible: tuple[bool, bool]
    estimated_rebate: Delta
    potential_rebate: Delta


@dataclass(frozen=True, slots=True)
class Comparison:
    inputs: tuple[tuple[str, Any, Any], ...]  # (field, baseline value, scenario value) where they differ
    subtracks: tuple[SubtrackDelta, ...]
    estimated_rebate: Delta
    potential_rebate: Delta
    investment: Delta
    npv: Delta
    payback_periods: tuple[Decimal | None, Decimal | None]
    roi: tuple[Decimal | None, Decimal | None]
    changes: Plan | None  # the what-if's changes valued as a plan (None: another edition or period)


def compare(baseline: Assessment, scenario: Assessment) -> Comparison:
    """Per-subtrack and total differences from `baseline` to `scenario` (scenario minus baseline)."""
    a = baseline.profile.model_dump(mode="json")
    b = scenario.profile.model_dump(mode="json")
    inputs = tuple((k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k))
    theirs = {s.id: s for s in scenario.subtracks}
    rows = []
    for s in baseline.subtracks:
        t = theirs.pop(s.id, None)
        rows.append(SubtrackDelta(
            s.id, s.name, (s.eligible, t.eligible if t else False),
            Delta(s.estimated_rebate, t.estimated_rebate if t else Decimal(0)),
            Delta(s.potential_rebate, t.potential_rebate if t else Decimal(0)),
        ))
    for t in theirs.values():  # subtracks only the scenario's edition has
        rows.append(SubtrackDelta(t.id, t.name, (False, t.eligible), Delta(Decimal(0), t.estimated_rebate),
                                  Delta(Decimal(0), t.potential_rebate)))
    return Comparison(
        inputs=inputs,
        subtracks=tuple(rows),
        estimated_rebate=Delta(baseline.estimated_rebate, scenario.estimated_rebate),
        potential_rebate=Delta(baseline.potential_rebate, scenario.potential_rebate),
        investment=Delta(baseline.investment.one_off, scenario.investment.one_off),
        npv=Delta(baseline.roi.npv, scenario.roi.npv),
        payback_periods=(baseline.roi.payback_periods, scenario.roi.payback_periods),
        roi=(baseline.roi.roi, scenario.roi.roi),
        changes=value_of(baseline, scenario),
    )
