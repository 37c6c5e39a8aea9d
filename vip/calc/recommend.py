"""Everything together: the best plans and next step, break-even, rebate at risk and sensitivity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vip.calc.breakeven import BreakEven, break_even_in
from vip.calc.engine import assess
from vip.calc.memo import Memo
from vip.calc.plans import Action, NextStep, Plan, next_step
from vip.calc.results import Assessment
from vip.calc.risk import SHORTFALL, SWING, Risk, Swing, at_risk, sensitivity
from vip.calc.search import TOP, Figures, best_plans_in
from vip.model.edition import Edition
from vip.model.profile import Profile


@dataclass(frozen=True, slots=True)
class Recommendation:
    assessment: Assessment
    actions: tuple[Action, ...]  # every candidate action
    plans: tuple[Plan, ...]  # best first; the first is the optimum (possibly: change nothing)
    next_step: NextStep | None
    break_even: tuple[BreakEven, ...]
    risk: Risk
    swing: Decimal
    swings: tuple[Swing, ...]
    explored: int  # plans the search looked at
    notes: tuple[str, ...] = ()

    @property
    def best(self) -> Plan:
        return self.plans[0]



# --- everything together ---------------------------------------------------------------------------


def first_step(plans: Sequence[Plan], as_of: date) -> NextStep | None:
    """The next step: the action to start first of the best plan (None: the best is to change nothing)."""
    return next_step(plans[0], as_of) if plans and plans[0].actions else None


def recommend(profile: Profile, edition: Edition, *, top: int = TOP, shortfall: Decimal = SHORTFALL,
              swing: Decimal = SWING, base: Assessment | None = None, memo: Memo | None = None) -> Recommendation:
    """The best plans and next step, break-even sales, rebate at risk and its sensitivity."""
    base = base or assess(profile, edition, memo)
    model = Figures(base, memo)
    plans, explored = best_plans_in(model, top)
    notes = []
    blocked = [s.id for s in base.subtracks if s.id in model.certification and s.projected_sales > 0]
    if blocked:
        notes.append("certification")
    return Recommendation(
        assessment=base, actions=model.candidates(), plans=plans,
        next_step=first_step(plans, base.as_of),
        break_even=break_even_in(model), risk=at_risk(base, shortfall), swing=swing,
        swings=sensitivity(base, swing), explored=explored, notes=tuple(notes),
    )


