"""What assessments under the same edition can share, in an object the caller owns.

An assessment works out the minimums for its period and country and the cost of earning sets of
authorisations with its staff; both depend only on the edition and a few inputs, so a `Memo` keeps
them for the next assessment. The app keeps one per process (`st.cache_resource`), the `vip`
command one per run, a benchmark one per case; without one, an assessment works everything out
afresh. A memo holds the editions it has seen, so an id it keys on is never reused while it lives.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import TypeVar

from vip.calc.costing import Costing, spare_slots
from vip.calc.results import discount_factors
from vip.model.edition import Edition, Role
from vip.model.profile import Profile

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Minimums = dict[str, tuple[Decimal, str | None]]  # per subtrack: the minimum and its source (None: illustrative)


class Memo:
    """Minimums per edition, period and country, costings per edition, staff and hourly cost, and
    discount factors per rate, period length and horizon."""

    def __init__(self, limit: int = 512) -> None:
        self.limit = limit
        self._minimums: dict[tuple[int, str, str], tuple[Edition, Minimums]] = {}
        self._costings: dict[tuple[int, tuple[tuple[Role, int], ...], Decimal], Costing] = {}
        self._factors: dict[tuple[Decimal, int, int], tuple[Decimal, ...]] = {}

    def minimums(self, edition: Edition, period: str, country: str) -> Minimums:
        key = (id(edition), period, country)
        return self._kept(self._minimums, key, lambda: (edition, minimums(edition, period, country)))[1]

    def costing(self, edition: Edition, profile: Profile, hourly_cost: Decimal) -> Costing:
        spare = spare_slots(edition, profile)
        key = (id(edition), tuple(sorted(spare.items())), hourly_cost)
        return self._kept(self._costings, key, lambda: Costing(edition, spare, hourly_cost))

    def factors(self, discount: Decimal, months: int, horizon: int) -> tuple[Decimal, ...]:
        """The discount factors for a rate, period length and horizon (`results.discount_factors`)."""
        key = (discount, months, horizon)
        return self._kept(self._factors, key, lambda: discount_factors(discount, months, horizon))

    def _kept(self, table: dict[K, V], key: K, make: Callable[[], V]) -> V:
        """What `table` holds under `key`, made first when missing (a full table starts afresh)."""
        hit = table.get(key)
        if hit is None:
            if len(table) >= self.limit:
                table.clear()
            hit = table[key] = make()
        return hit

    def clear(self) -> None:
        self._minimums.clear()
        self._costings.clear()
        self._factors.clear()


def minimums(edition: Edition, period: str, country: str) -> Minimums:
    """Per subtrack id: the minimum volume for a period and country, and its source."""
    out = {}
    for s in edition.subtrack_by_id.values():
        value, table = edition.min_volume(s, period, country)
        out[s.id] = (value, table.source)
    return out


def costing(memo: Memo | None, edition: Edition, profile: Profile, hourly_cost: Decimal) -> Costing:
    """The memo's costing for the profile's staff and hourly cost, or a fresh one without a memo."""
    return Costing.of(edition, profile, hourly_cost) if memo is None else memo.costing(edition, profile, hourly_cost)
