"""Plans, reasons and recommendations in words (English and Dutch), as JSON and as text."""

from __future__ import annotations

from typing import Any

from vip.calc.plans import Action, NextStep, Plan, Reason
from vip.calc.recommend import Recommendation
from vip.model.edition import Edition
from vip.present import words
from vip.present.explain import Fmt, as_of_warnings, closed_on, family_name, payback_phrase, time_left
from vip.present.output import num, table
from vip.present.words import Lang


def action_label(action: Action, edition: Edition, lang: Lang = "en") -> str:
    """An action in a few words: `Earn Advanced Unified Computing Technology`."""
    name = edition.name_of(action.id) if action.id else ""
    return words.text(lang, f"action.{action.kind}", name=name)


def reason_text(r: Reason, edition: Edition, fmt: Fmt) -> str:
    """One line on why a plan takes an action, what it costs and by when."""
    lang = fmt.lang
    opens = words.all_of(lang, [edition.name_of(i) for i in r.opens] + [
        words.text(lang, "reason.family", products=family_name(edition, sid, fid), subtrack=edition.name_of(sid))
        for sid, fid in r.families])
    worth = words.text(lang, "reason.worth", amount=fmt.money(r.rebate))
    day = fmt.day(r.deadline)
    kind = r.action.kind
    name = edition.name_of(r.action.id) if r.action.id else ""
    if kind == "authorization":
        text = words.text(lang, "reason.authorization", name=name, opens=opens, worth=worth, cash=fmt.money(r.cash),
                          hours=fmt.num(r.hours))
        months = r.months_to_earn or 0
        if r.late:
            return words.plural(lang, "reason.authorization_late", months, text=text,
                                left=time_left(r.months_left, r.due, r.deadline, fmt))
        return words.plural(lang, "reason.authorization_due", months, text=text, day=day)
    if kind == "enrollment":
        if r.counts_from is not None and not r.late:  # closed, but a late enrolment counts from its date
            return words.text(lang, "reason.enrollment_from", name=name, day=day, worth=worth,
                              start=fmt.day(r.counts_from), share=fmt.pct(r.share, 0))
        key = "reason.enrollment_late" if r.late else "reason.enrollment"
        return words.text(lang, key, name=name, day=day, worth=worth)
    if kind == "csat":
        if r.late:
            return words.plural(lang, "reason.csat_late", r.count, closed=closed_on(r.due, r.deadline, fmt),
                                hours=fmt.num(r.hours), opens=opens, worth=worth)
        return words.plural(lang, "reason.csat", r.count, day=day, hours=fmt.num(r.hours), opens=opens, worth=worth)
    if kind == "volume":
        return volume_text(r, name, worth, fmt)
    return words.text(lang, "reason.withdrawal", name=name, opens=opens, worth=worth)


def volume_text(r: Reason, name: str, worth: str, fmt: Fmt) -> str:
    """`Book USD 1,000 more UCS by 25 Jul 2015 to meet its minimum: ...`, with the rebate it unlocks
    per USD booked, the margin cost of those sales when there is one, and the assumption the plan
    rests on: that they can be won."""
    lang = fmt.lang
    per_usd = fmt.num(r.per_usd or 0, 2, fixed=True)
    key = "reason.volume_late" if r.late else "reason.volume"
    text = words.text(lang, key, amount=fmt.money(r.booked), name=name, day=fmt.day(r.deadline), worth=worth,
                      ratio=per_usd, currency=fmt.currency)
    if r.cost:
        text = words.text(lang, "reason.volume_cost", text=text, cost=fmt.money(r.cost))
    return words.text(lang, "reason.volume_won", text=text)


def next_step_text(step: NextStep, edition: Edition, fmt: Fmt) -> str:
    """The next step in a line: when to start, then why (an action that takes no time to earn says
    its deadline itself)."""
    why = reason_text(step.reason, edition, fmt)
    if step.now:
        return words.text(fmt.lang, "step.now", why=why)
    if step.reason.months_to_earn:
        return words.text(fmt.lang, "step.by", day=fmt.day(step.start_by), why=why)
    return why


def _action_dict(a: Action) -> dict[str, Any]:
    return {"kind": a.kind, "id": a.id or None}


def plan_dict(p: Plan, edition: Edition, fmt: Fmt | None = None) -> dict[str, Any]:
    f = fmt or Fmt("en")
    return {
        "actions": [_action_dict(a) for a in p.actions],
        "value": num(p.value),
        "payback_periods": num(p.roi.payback_periods),
        "roi": num(p.roi.roi),
        "investment": num(p.investment.one_off),
        "renewal_per_year": num(p.investment.renewal_per_year),
        "booked_per_period": num(p.investment.booked),
        "margin_cost_per_period": num(p.investment.booking_cost),
        "authorizations": list(p.investment.authorizations),
        "gained": list(p.gained),
        "from_next_period": list(p.late),
        "incremental_rebate": {"first_period": num(p.first), "later_periods": num(p.steady)},
        "cumulative": [num(x) for x in p.roi.cumulative],
        "rationale": [
            {**_action_dict(r.action), "opens": list(r.opens), "opens_families": [list(x) for x in r.families],
             "rebate": num(r.rebate), "cost": num(r.cost),
             "cash": num(r.cash), "hours": r.hours, "deadline": r.deadline.isoformat(), "late": r.late,
             **({"booked": num(r.booked), "rebate_per_usd": num(r.per_usd)} if r.action.kind == "volume" else {}),
             **({"counts_from": r.counts_from.isoformat(), "share": num(r.share)} if r.counts_from else {}),
             "text": reason_text(r, edition, f)}
            for r in p.reasons
        ],
    }


def recommendation_dict(rec: Recommendation, fmt: Fmt | None = None) -> dict[str, Any]:
    """The JSON contract of `vip recommend`."""
    f = fmt or Fmt("en")
    a, e = rec.assessment, rec.assessment.edition
    step = rec.next_step
    return {
        "warnings": [{"kind": x.kind, "message": x.message} for x in as_of_warnings(a, f)],
        "partner": a.profile.partner,
        "edition": e.id,
        "period": a.period.id,
        "currency": e.currency,
        "horizon_periods": a.roi.horizon_periods,
        "discount_rate": num(a.discount_rate),
        "estimated_rebate": num(a.estimated_rebate),
        "candidate_actions": [_action_dict(x) for x in rec.actions],
        "explored_plans": rec.explored,
        "plans": [plan_dict(p, e, f) for p in rec.plans],
        "next_step": None if step is None else {
            **_action_dict(step.reason.action), "start_by": step.start_by.isoformat(), "now": step.now,
            "text": next_step_text(step, e, f),
        },
        "break_even": [
            {"subtrack": b.subtrack, "sales": num(b.sales), "minimum": num(b.minimum), "to_minimum": num(b.to_minimum),
             "closes_with": [_action_dict(x) for x in b.closes_with], "investment": num(b.investment),
             "renewal_per_year": num(b.renewal_per_year), "this_period": b.this_period, "rate": num(b.rate),
             "payback_sales": num(b.payback_sales), "break_even": num(b.break_even),
             "to_break_even": num(b.to_break_even), "blocked_by": list(b.blocked_by)}
            for b in rec.break_even
        ],
        "at_risk": {
            "shortfall": num(rec.risk.shortfall), "now": num(rec.risk.now), "at_shortfall": num(rec.risk.at_shortfall),
            "lost": num(rec.risk.lost), "rebate_depending_on_shipping": num(rec.risk.unshipped),
            "cliffs": [
                {"subtrack": c.subtrack, "sales": num(c.sales), "minimum": num(c.minimum), "rebate": num(c.rebate),
                 "cliff_at": num(c.at), "lost_at_cliff": num(c.lost), "lost_at_cliff_together": num(c.lost_together),
                 "crossed": c.crossed, "total_if_alone_short": num(c.alone)}
                for c in rec.risk.cliffs
            ],
        },
        "sensitivity": {
            "swing": num(rec.swing),
            "subtracks": [{"subtrack": w.subtrack, "low": num(w.low), "high": num(w.high)} for w in rec.swings],
        },
        "notes": [words.text(f.lang, f"plans.note.{n}") for n in rec.notes],
    }


def recommendation_text(rec: Recommendation, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    a, e = rec.assessment, rec.assessment.edition

    def w(key: str) -> str:
        return words.text(f.lang, f"plans.{key}")

    out = [
        f"{a.profile.partner} ({f.country(a.profile.country)}, {e.name}, {f.period(a.period)}): "
        + words.plural(f.lang, "plans.value", a.roi.horizon_periods, h=a.roi.horizon_periods, r=f.pct(a.discount_rate)),
        *(words.text(f.lang, "cli.warning", message=x.message) for x in as_of_warnings(a, f)),
        "",
        f"{w('next')}: " + (next_step_text(rec.next_step, e, f) if rec.next_step else w("none")),
        "",
    ]
    rows = []
    for i, p in enumerate(rec.plans, start=1):
        payback = payback_phrase(p.investment, p.roi, f)  # as the app says it: never "0" for a tiny spend
        what = "; ".join(action_label(x, e, f.lang) for x in p.actions) or w("nothing")
        rows.append([str(i), f.money(p.value), payback, f.money(p.investment.one_off), f.money(p.steady), what])
    out.append(table(w("plans").split("|"), rows, right=(0, 1, 2, 3, 4)))
    for i, p in enumerate(rec.plans, start=1):
        if p.reasons:
            out += ["", f"{w('plan')} {i}:", *(f"  - {reason_text(r, e, f)}" for r in p.reasons)]
    if rec.break_even:
        rows = []
        for b in rec.break_even:
            even = f.money(b.break_even) if b.break_even is not None else (
                f"{w('needs')} {words.all_of(f.lang, [e.name_of(i) for i in b.blocked_by])}" if b.blocked_by
                else w("never"))
            to_even = f.money(b.to_break_even, signed=True) if b.to_break_even is not None else "-"
            rows.append([e.name_of(b.subtrack), f.money(b.sales), f.money(b.minimum),
                         f.money(b.to_minimum, signed=True), f.money(b.investment), even, to_even])
        out += ["", w("break_even"), table(w("break_even_cols").split("|"), rows, right=(1, 2, 3, 4, 5, 6))]
    r = rec.risk
    unshipped = a.profile.to_ship and e.shipping
    out += ["", w("risk_unshipped" if unshipped else "risk").format(x=f.pct(r.shortfall))
            + f": {f.money(r.now)} -> {f.money(r.at_shortfall)} ({f.money(-r.lost, signed=True)})"]
    if unshipped:
        out.append("  " + words.text(f.lang, "plans.risk_shipping", amount=f.money(r.unshipped)))
    if r.cliffs:
        rows = [[e.name_of(c.subtrack), f.money(c.rebate), f.pct(c.at) if c.at is not None else "-",
                 f.money(c.lost), w("yes") if c.crossed else w("no")] for c in r.cliffs]
        out.append(table(w("risk_cols").split("|"), rows, right=(1, 2, 3)))
    if rec.swings:
        rows = [[e.name_of(x.subtrack), f.money(x.low, signed=True), f.money(x.high, signed=True)] for x in rec.swings]
        out += ["", w("swing").format(x=f.pct(rec.swing)),
                table(words.text(f.lang, "plans.swing_cols", x=f.pct(rec.swing)).split("|"), rows, right=(1, 2))]
    out += ["\n" + w("note") + ": " + words.text(f.lang, f"plans.note.{n}") for n in rec.notes]
    return "\n".join(out)
