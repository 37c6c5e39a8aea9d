"""Plans, reasons and recommendations in words (English and Dutch), as JSON and as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vip.calc.plans import Action, NextStep, Plan, Reason
from vip.calc.recommend import Recommendation
from vip.calc.results import ZERO
from vip.model.edition import Edition
from vip.present.explain import Fmt, Lang
from vip.present.output import num, table

# --- words, JSON and text ------------------------------------------------------------------------------


def _names(ids: Sequence[str], edition: Edition, lang: Lang) -> str:
    names = [edition.name_of(i) for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if lang == "en" else " en ") + names[-1]


def action_label(action: Action, edition: Edition, lang: Lang = "en") -> str:
    """An action in a few words: `Earn Advanced Unified Computing Technology`."""
    en = lang == "en"
    name = edition.name_of(action.id) if action.id else ""
    if action.kind == "authorization":
        return f"Earn {name}" if en else f"Behaal {name}"
    if action.kind == "enrollment":
        return f"Enrol in {name}" if en else f"Schrijf je in voor {name}"
    if action.kind == "withdrawal":
        return f"Withdraw from {name}" if en else f"Trek je terug uit {name}"
    return "Hand in the missing CSATs" if en else "Lever de ontbrekende CSAT’s in"


def reason_text(r: Reason, edition: Edition, fmt: Fmt) -> str:
    """One line on why a plan takes an action, what it costs and by when."""
    en = fmt.lang == "en"
    opens = _names(r.opens, edition, fmt.lang)
    worth = (f"{fmt.money(r.rebate)} a period" if en else f"{fmt.money(r.rebate)} per periode")
    when = fmt.day(r.deadline)
    kind = r.action.kind
    if kind == "authorization":
        name = edition.name_of(r.action.id)
        text = (f"Earn {name}: needed for {opens} ({worth}); about {fmt.money(r.cash)} and {fmt.num(r.hours)} staff "
                f"hours on its own" if en else
                f"Behaal {name}: nodig voor {opens} ({worth}); op zich ongeveer {fmt.money(r.cash)} en "
                f"{fmt.num(r.hours)} uur personeelsinzet")
        left = fmt.num(max(r.months_left, ZERO), 1)
        if r.late:
            text += (f"; takes about {r.months_to_earn} months, {left} left: counts from the next period" if en
                     else f"; duurt ongeveer {r.months_to_earn} maanden, nog {left} over: telt pas vanaf de volgende "
                     "periode")
        else:
            text += (f"; takes about {r.months_to_earn} months, due {when}" if en else
                     f"; duurt ongeveer {r.months_to_earn} maanden, uiterlijk {when}")
        return text
    if kind == "enrollment":
        name = edition.name_of(r.action.id)
        if r.late:
            return (f"Enrol in {name} in PPE for the next period (enrolment closed on {when}): {worth}" if en else
                    f"Schrijf je in voor {name} in PPE voor de volgende periode (de inschrijving sloot op {when}): "
                    f"{worth}")
        return (f"Enrol in {name} in PPE before enrolment closes on {when}: {worth}" if en else
                f"Schrijf je in voor {name} in PPE voordat de inschrijving sluit op {when}: {worth}")
    if kind == "csat":
        n = r.count
        if en:
            text = (f"Hand in {n} more CSAT{'s' if n != 1 else ''} by {when} (about {fmt.num(r.hours)} staff hours): "
                    f"the rebate on {opens} depends on it, {worth}")
        else:
            text = (f"Lever nog {n} CSAT{'’s' if n != 1 else ''} in vóór {when} (ongeveer {fmt.num(r.hours)} uur "
                    f"personeelsinzet): de rebate op {opens} hangt ervan af, {worth}")
        if r.late:
            text += ": counts from the next period" if en else ": telt pas vanaf de volgende periode"
        return text
    name = edition.name_of(r.action.id)
    return (f"Withdraw from {name}: it is short of its minimum and, as every enrolled subtrack must meet its "
            f"minimum, holds back {opens} ({worth})" if en else
            f"Trek je terug uit {name}: het haalt zijn minimum niet en houdt, omdat elk ingeschreven subtrack zijn "
            f"minimum moet halen, {opens} tegen ({worth})")


def next_step_text(step: NextStep, edition: Edition, fmt: Fmt) -> str:
    """The next step in a line: when to start, then why (an action that takes no time to earn says
    its deadline itself)."""
    en = fmt.lang == "en"
    why = reason_text(step.reason, edition, fmt)
    if step.now:
        return ("Start now: " if en else "Begin nu: ") + why
    if step.reason.months_to_earn:
        return (f"Start by {fmt.day(step.start_by)}: " if en else f"Begin uiterlijk {fmt.day(step.start_by)}: ") + why
    return why


NOTES: dict[str, dict[Lang, str]] = {
    "certification": {
        "en": "Moving up a certification level is not among the actions: the rules carry no cost or lead time "
              "for it, so the subtracks that need one are left out of the plans.",
        "nl": "Een hoger certificeringsniveau is geen actie: de regels kennen er geen kosten of doorlooptijd "
              "voor, dus de subtracks die er een nodig hebben blijven buiten de plannen.",
    },
}


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
        "authorizations": list(p.investment.authorizations),
        "gained": list(p.gained),
        "from_next_period": list(p.late),
        "incremental_rebate": {"first_period": num(p.first), "later_periods": num(p.steady)},
        "cumulative": [num(x) for x in p.roi.cumulative],
        "rationale": [
            {**_action_dict(r.action), "opens": list(r.opens), "rebate": num(r.rebate), "cost": num(r.cost),
             "cash": num(r.cash), "hours": r.hours, "deadline": r.deadline.isoformat(), "late": r.late,
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
            "lost": num(rec.risk.lost),
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
        "notes": [NOTES[n][f.lang] for n in rec.notes],
    }


_WORDS: dict[str, dict[Lang, str]] = {
    "value": {"en": "value = NPV over {h} periods at {r} a year",
              "nl": "waarde = NPV over {h} perioden tegen {r} per jaar"},
    "next": {"en": "Next step", "nl": "Volgende stap"},
    "none": {"en": "none: no plan is worth more than leaving things as they are",
             "nl": "geen: geen plan levert meer op dan alles laten zoals het is"},
    "plans": {"en": "#|Value|Payback|Investment|Extra/period|Actions",
              "nl": "#|Waarde|Terugverdiend|Investering|Extra/periode|Acties"},
    "nothing": {"en": "Change nothing", "nl": "Niets veranderen"},
    "plan": {"en": "Plan", "nl": "Plan"},
    "break_even": {"en": "Break-even sales (closing each subtrack's gaps on its own, payback within the horizon):",
                   "nl": "Break-even omzet (elk subtrack op zich, terugverdiend binnen de horizon):"},
    "break_even_cols": {"en": "Subtrack|Sales|Minimum|To minimum|Cost to close|Break-even|To break-even",
                        "nl": "Subtrack|Omzet|Minimum|Tot minimum|Kosten|Break-even|Tot break-even"},
    "needs": {"en": "needs", "nl": "vraagt"},
    "never": {"en": "never", "nl": "nooit"},
    "risk": {"en": "Rebate at risk: sales {x} short everywhere", "nl": "Rebate in gevaar: overal {x} minder omzet"},
    "risk_cols": {"en": "Subtrack|Rebate now|Cliff at|Lost at cliff|Crossed",
                  "nl": "Subtrack|Rebate nu|Klif bij|Verlies bij klif|Gepasseerd"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "swing": {"en": "Sensitivity of the total rebate to one subtrack's sales ±{x}:",
              "nl": "Gevoeligheid van de totale rebate voor de omzet van één subtrack ±{x}:"},
    "note": {"en": "Note", "nl": "Let op"},
}


def recommendation_text(rec: Recommendation, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    a, e = rec.assessment, rec.assessment.edition

    def w(key: str) -> str:
        return _WORDS[key][f.lang]

    out = [
        f"{a.profile.partner} ({a.profile.country}, {e.name}, {a.period.name}): "
        + w("value").format(h=a.roi.horizon_periods, r=f.pct(a.discount_rate)),
        "",
        f"{w('next')}: " + (next_step_text(rec.next_step, e, f) if rec.next_step else w("none")),
        "",
    ]
    rows = []
    for i, p in enumerate(rec.plans, start=1):
        payback = f.num(p.roi.payback_periods, 1) if p.roi.payback_periods is not None else "-"
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
                f"{w('needs')} {_names(b.blocked_by, e, f.lang)}" if b.blocked_by else w("never"))
            to_even = f.money(b.to_break_even, signed=True) if b.to_break_even is not None else "-"
            rows.append([e.name_of(b.subtrack), f.money(b.sales), f.money(b.minimum),
                         f.money(b.to_minimum, signed=True), f.money(b.investment), even, to_even])
        out += ["", w("break_even"), table(w("break_even_cols").split("|"), rows, right=(1, 2, 3, 4, 5, 6))]
    r = rec.risk
    out += ["", w("risk").format(x=f.pct(r.shortfall))
            + f": {f.money(r.now)} -> {f.money(r.at_shortfall)} ({f.money(-r.lost, signed=True)})"]
    if r.cliffs:
        rows = [[e.name_of(c.subtrack), f.money(c.rebate), f.pct(c.at) if c.at is not None else "-",
                 f.money(c.lost), w("yes") if c.crossed else w("no")] for c in r.cliffs]
        out.append(table(w("risk_cols").split("|"), rows, right=(1, 2, 3)))
    if rec.swings:
        rows = [[e.name_of(x.subtrack), f.money(x.low, signed=True), f.money(x.high, signed=True)] for x in rec.swings]
        out += ["", w("swing").format(x=f.pct(rec.swing)),
                table(["Subtrack", f"-{f.pct(rec.swing)}", f"+{f.pct(rec.swing)}"], rows, right=(1, 2))]
    out += [f"\n{w('note')}: {NOTES[n][f.lang]}" for n in rec.notes]
    return "\n".join(out)
