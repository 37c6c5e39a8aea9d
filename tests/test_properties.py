"""What must hold for every partner: properties checked on random profiles with Hypothesis."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factories import edition, editions
from vip.calc.costing import Costing
from vip.calc.engine import assess
from vip.calc.results import Assessment
from vip.io.rules import dump_profile, load_profile
from vip.model.checks import check_profile
from vip.model.edition import Edition
from vip.model.profile import Profile

settings.register_profile("vip", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("vip")

COUNTRIES = ["NL", "BE", "DE", "GB", "US", "FR", "IT", "JP"]
POLICIES = ["per_subtrack", "all_enrolled"]
# Amounts near the shipped minimums find the edges; the rest spread out.
NEAR_MINIMUMS = [0, 1, 14999, 15000, 19500, 28750, 29000, 30000, 57499, 57500, 75000, 100000, 150000, 262500]
amounts = st.one_of(
    st.sampled_from(NEAR_MINIMUMS),
    st.integers(0, 600_000),
    st.decimals(min_value=0, max_value=600_000, places=2, allow_nan=False, allow_infinity=False),
)


def subsets(items: list[str], max_size: int | None = None, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(items), unique=True, min_size=min_size,
                    max_size=len(items) if max_size is None else max_size)


@dataclass(frozen=True)
class Case:
    """A profile and the edition it is assessed under (shown by id and policy when a test fails)."""

    profile: Profile
    edition: Edition

    def __iter__(self) -> Iterator[Any]:
        return iter((self.profile, self.edition))

    def __repr__(self) -> str:
        return f"Case({self.profile!r}, edition={self.edition.id}, policy={self.edition.policy.minimums})"


@st.composite
def profiles(draw: st.DrawFn) -> Case:
    """A valid profile of a shipped edition, under either minimums policy."""
    base = editions()[draw(st.sampled_from(sorted(editions())))]
    e = edition(base.id, policy=draw(st.sampled_from(POLICIES)))
    kinds = {k: [a.id for a in e.authorizations if a.kind == k] for k in ("specialization", "atp")}
    subtracks = list(e.subtrack_by_id)
    sales: dict[str, Any] = {}
    for sid in draw(subsets(subtracks)):
        families = [f.id for f in e.subtrack_by_id[sid].families]
        if draw(st.booleans()):
            sales[sid] = draw(amounts)
        else:
            sales[sid] = {f: draw(amounts) for f in draw(subsets(families, min_size=1))}
    staff = []
    for _ in range(draw(st.integers(0, 4))):
        role = draw(st.sampled_from(sorted(e.roles)))
        limit = e.roles[role].max_per_person.value
        staff.append({"role": role, "covers": draw(subsets(list(e.authorization_by_id), limit))})
    period = e.period_by_id[draw(st.sampled_from(list(e.period_by_id)))]
    data = {
        "partner": "Eigenschap BV",
        "country": draw(st.sampled_from(COUNTRIES)),
        "edition": e.id,
        "period": period.id,
        "certification": draw(st.sampled_from(list(e.certification_by_id))),
        "specializations": draw(subsets(kinds["specialization"])),
        "atp": draw(subsets(kinds["atp"])),
        "csat_responses": draw(st.integers(0, 25)),
        "enrolled": draw(subsets(subtracks)),
        "projected_sales": sales,
        "staff": staff,
        "assumptions": {"horizon_periods": draw(st.integers(1, 8)), "hourly_cost": draw(st.integers(0, 150))},
        "as_of": draw(st.none() | st.dates(period.start, period.end)),
    }
    made = Profile.model_validate(data)
    check_profile(made, editions())
    return Case(made, e)


def with_more_sales(p: Profile, e: Edition, sid: str, extra: Decimal, family: str) -> Profile:
    sales = dict(p.projected_sales)
    current = sales.get(sid, Decimal(0))
    if isinstance(current, dict):
        sales[sid] = {**current, family: current.get(family, Decimal(0)) + extra}
    else:
        sales[sid] = current + extra
    return p.model_copy(update={"projected_sales": sales})


def eligible(a: Assessment) -> set[str]:
    return {s.id for s in a.subtracks if s.eligible}


@given(profiles(), st.data())
def test_more_projected_sales_never_lowers_any_rebate(case: Case, data: st.DataObject) -> None:
    p, e = case
    sid = data.draw(st.sampled_from(list(e.subtrack_by_id)))
    family = data.draw(st.sampled_from([f.id for f in e.subtrack_by_id[sid].families]))
    extra = data.draw(st.one_of(st.integers(1, 200_000), st.decimals(min_value="0.01", max_value=200_000, places=2)))
    before, after = assess(p, e), assess(with_more_sales(p, e, sid, Decimal(extra), family), e)
    for x, y in zip(before.subtracks, after.subtracks, strict=True):
        assert y.estimated_rebate >= x.estimated_rebate, x.id
        assert y.potential_rebate >= x.potential_rebate, x.id
    for x, y in zip(before.bonuses, after.bonuses, strict=True):
        assert (y.estimated, y.potential) >= (x.estimated, x.potential) and y.potential >= x.potential
    assert after.estimated_rebate >= before.estimated_rebate
    assert after.potential_rebate >= before.potential_rebate
    assert eligible(before) <= eligible(after)


@given(profiles())
def test_a_rebate_never_exceeds_the_maximum_rate_times_sales_plus_the_bonus_caps(case: Case) -> None:
    p, e = case
    a = assess(p, e)
    top = e.max_rate.value
    for s in a.subtracks:
        assert s.estimated_rebate <= s.potential_rebate <= top * s.projected_sales
    for b in a.bonuses:
        assert b.estimated <= b.potential <= b.cap
    caps = sum((b.cap for b in a.bonuses), Decimal(0))
    sales = sum((s.projected_sales for s in a.subtracks), Decimal(0))
    assert 0 <= a.estimated_rebate <= a.potential_rebate <= top * sales + caps


@given(profiles(), st.data())
def test_adding_a_specialization_never_removes_an_eligibility(
    case: Case, data: st.DataObject
) -> None:
    p, e = case
    missing = [a for a in e.authorization_by_id if a not in p.specializations + p.atp]
    assume(missing)
    new = data.draw(st.sampled_from(missing))
    field = "specializations" if e.authorization_by_id[new].kind == "specialization" else "atp"
    more = p.model_copy(update={field: (*getattr(p, field), new)})
    before, after = assess(p, e), assess(more, e)
    assert eligible(before) <= eligible(after)
    assert after.estimated_rebate >= before.estimated_rebate
    assert after.potential_rebate == before.potential_rebate  # an authorisation gap was already counted as closable


@given(profiles(), st.integers(1, 20))
def test_handing_in_more_csats_never_removes_an_eligibility(case: Case, extra: int) -> None:
    p, e = case
    before = assess(p, e)
    after = assess(p.model_copy(update={"csat_responses": p.csat_responses + extra}), e)
    assert eligible(before) <= eligible(after)
    assert after.estimated_rebate >= before.estimated_rebate


@given(profiles())
def test_eligible_exactly_when_no_gap_remains(case: Case) -> None:
    a = assess(*case)
    for s in a.subtracks:
        assert s.eligible == (not s.gaps), s.id
        assert s.estimated_rebate == (sum((x.amount for x in s.lines), Decimal(0)) if s.eligible else 0)
        assert (s.status == "eligible") == s.eligible


@given(profiles())
def test_closing_the_gaps_as_the_investment_says_earns_the_potential_rebate(case: Case) -> None:
    p, e = case
    a = assess(p, e)
    gained = {s.id for s in a.subtracks if s.potential_rebate or (s.projected_sales and not s.gaps)}
    earned = [x for x in a.investment.authorizations if x not in p.specializations + p.atp]
    closed = p.model_copy(update={
        "specializations": (*p.specializations, *(x for x in earned if e.authorization_by_id[x].kind != "atp")),
        "atp": (*p.atp, *(x for x in earned if e.authorization_by_id[x].kind == "atp")),
        "csat_responses": max(p.csat_responses, a.csat_required),
        # under all_enrolled the potential enrols in exactly the subtracks whose minimums are met
        "enrolled": tuple(sorted(gained | (set(p.enrolled) if e.policy.minimums == "per_subtrack" else set()))),
    })
    after = assess(closed, e)
    assert after.estimated_rebate == a.potential_rebate
    assert after.investment.one_off == 0


@given(profiles())
def test_a_profile_reads_back_exactly_as_it_was_written(case: Case) -> None:
    p, _ = case
    again, _ = load_profile("again.yaml", editions(), text=dump_profile(p))
    assert again == p


@st.composite
def cover_problems(draw: st.DrawFn) -> tuple[Costing, list[frozenset[str]]]:
    e = editions()["VIP25"]
    pool = draw(st.lists(st.sampled_from(list(e.authorization_by_id)), unique=True, min_size=1, max_size=7))
    groups = draw(st.lists(st.lists(st.sampled_from(pool), unique=True, min_size=1, max_size=3).map(frozenset),
                           min_size=1, max_size=5))
    staff = [{"role": r, "covers": []} for r in draw(st.lists(st.sampled_from(["AM", "SE", "FE"]), max_size=3))]
    hourly = draw(st.sampled_from([0, 40, 85, 200]))
    made = Profile.model_validate({"partner": "Dekking BV", "country": "NL", "edition": "VIP25", "period": "6-month",
                                   "certification": "premier", "staff": staff})
    return Costing.of(e, made, Decimal(hourly)), groups


@given(cover_problems())
def test_the_cheapest_cover_costs_no_more_than_any_other_cover(problem: tuple[Costing, list[frozenset[str]]]) -> None:
    costing, groups = problem
    chosen = costing.cheapest_cover(groups)
    assert all(g & chosen for g in groups)
    ids = sorted(set().union(*groups))
    for n in range(len(ids) + 1):
        for other in itertools.combinations(ids, n):
            if all(g & set(other) for g in groups):
                assert costing.cost(chosen)[0] <= costing.cost(frozenset(other))[0]
