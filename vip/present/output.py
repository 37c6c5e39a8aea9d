"""Results as JSON-ready dictionaries (a contract other tools read) and as readable text tables."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from vip.calc.results import Assessment, Gap
from vip.model.edition import Edition, Provenance
from vip.present import words
from vip.present.explain import (
    Fmt,
    as_of_warnings,
    beyond_horizon,
    beyond_words,
    family_gap_messages,
    gap_message,
    origin_notes,
    shipping_messages,
    shipping_of,
)

if TYPE_CHECKING:  # vip.scenario values what-ifs with vip.recommend, which writes its tables with this module
    from vip.calc.scenario import Comparison


def num(value: Decimal | None) -> float | int | None:
    """A Decimal as a JSON number: an int when whole, else a float rounded to cents."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def origin(item: Provenance) -> str:
    return "illustrative" if item.illustrative else str(item.source)


def edition_dict(e: Edition) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "program": e.program,
        "max_rate": num(e.max_rate.value),
        "currency": e.currency,
        "policy": e.policy.minimums,
        "late_enrollment": e.late_enrollment.bookings if e.late_enrollment else "forfeit",
        "payment_lag_months": e.payment.lag_months if e.payment else 0,
        "shipping_window_days": e.shipping.window_days.value if e.shipping else None,
        "periods": [
            {"id": p.id, "name": p.name, "months": p.months, "start": p.start.isoformat(), "end": p.end.isoformat(),
             "enrollment_opens": p.enrollment_opens.isoformat() if p.enrollment_opens else None,
             "enrollment_closes": p.enrollment_closes.isoformat(),
             "ship_by": ship_by.isoformat() if (ship_by := e.ship_by(p)) else None, "origin": origin(p)}
            for p in e.periods
        ],
        "tracks": [
            {"id": t.id, "name": t.name, "subtracks": [
                {
                    "id": s.id,
                    "name": s.name,
                    "rate": num(s.rate.value),
                    "rate_origin": origin(s.rate),
                    "families": [
                        {"id": f.id, "name": f.name, "sku_prefixes": list(f.sku_prefixes),
                         "rate": num(f.rate.value) if f.rate else None}
                        for f in s.families
                    ],
                    "min_volume": {
                        p.id: {c: num(v) for t in s.min_volume if t.period == p.id for c, v in t.usd.items()}
                        for p in e.periods
                    },
                    "requires": [{"any_of": list(r.any_of), "due": r.due} for r in s.requires],
                    "skus": [{"id": k.id, "rate": num(k.rate.value), "joins": k.joins.isoformat() if k.joins else None,
                              "leaves": k.leaves.isoformat() if k.leaves else None} for k in s.skus],
                } for s in t.subtracks
            ]} for t in e.tracks
        ],
        "authorizations": [
            {"id": a.id, "name": a.name, "kind": a.kind, "track": a.track, "roles": dict(a.roles),
             "months_to_earn": a.months_to_earn.value, "renewal_per_year": num(a.renewal_per_year.value)}
            for a in e.authorizations
        ],
        "certifications": [
            {"id": c.id, "name": c.name, "rank": c.rank, "csat_required": c.csat_required.value,
             "implies": list(c.implies.ids) if c.implies else []}
            for c in e.certifications
        ],
        "bonuses": [
            {"id": b.id, "name": b.name, "rate": num(b.rate.value), "applies_to": list(b.applies_to),
             "cap_rate": num(b.cap_rate.value), "capped_by": list(b.capped_by)}
            for b in e.bonuses
        ],
    }


def gap_dict(gap: Gap, subtrack: str, edition: Edition, fmt: Fmt | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": gap.kind,
        "due": gap.due,
        "deadline": gap.deadline.isoformat(),
        "attainable": gap.attainable,
        "message": gap_message(gap, subtrack, edition, fmt or Fmt("en")),
    }
    if gap.kind in ("volume", "csat"):
        out["shortfall"] = num(Decimal(gap.shortfall))
    if gap.kind in ("authorization", "certification"):
        out["missing_any_of"] = list(gap.missing_any_of)
    if gap.kind == "authorization":
        out.update(cost=num(gap.cost.total), cash=num(gap.cost.cash), hours=gap.cost.hours, cheapest=gap.cheapest,
                   months_to_earn=gap.months_to_earn, months_left=num(gap.months_left))
    if gap.kind == "policy":
        out["blocking"] = list(gap.blocking)
    if gap.kind == "enrollment":
        out.update(opens=gap.opens.isoformat() if gap.opens else None,
                   counts_from=gap.counts_from.isoformat() if gap.counts_from else None, share=num(gap.share))
    return out


def assessment_dict(a: Assessment, fmt: Fmt | None = None) -> dict[str, Any]:
    """The JSON contract of `vip assess`: ids, numbers and ISO dates; only the gaps' `message` and the
    `warnings`' (each a `kind` and a `message`: an assessment date outside the period) are in words,
    in `fmt`'s language (English by default). Per subtrack, what of its sales is still to ship by
    `ship_by` and the rebate that depends on it (0 where nothing is to ship)."""
    e, p = a.edition, a.profile
    ship = shipping_of(a)
    to_ship = {x.subtrack: x for x in ship.subtracks} if ship else {}
    ship_words = shipping_messages(a, fmt or Fmt("en"), ship)
    ship_by = e.ship_by(a.period)
    return {
        "warnings": [{"kind": x.kind, "message": x.message} for x in as_of_warnings(a, fmt or Fmt("en"))],
        "origins": [{"kind": x.kind, "message": x.message} for x in origin_notes(a, fmt or Fmt("en"))],
        "partner": p.partner,
        "edition": e.id,
        "period": a.period.id,
        "country": p.country,
        "currency": e.currency,
        "certification": p.certification,
        "as_of": a.as_of.isoformat(),
        "ship_by": ship_by.isoformat() if ship_by else None,
        "implied_authorizations": list(a.implied),
        "csat": {"required": a.csat_required, "handed_in": p.csat_responses},
        "subtracks": [
            {
                "id": s.id,
                "name": s.name,
                "track": s.track,
                "enrolled": s.enrolled,
                "eligible": s.eligible,
                "status": s.status,
                "projected_sales": num(s.projected_sales),
                "min_volume": num(s.min_volume),
                "min_volume_origin": s.min_volume_source or "illustrative",
                "rate": num(s.rate),
                "lines": [{"family": x.family, "base": num(x.base), "rate": num(x.rate), "amount": num(x.amount),
                           "held_back": num(x.held)} for x in s.lines],
                "estimated_rebate": num(s.estimated_rebate),
                "potential_rebate": num(s.potential_rebate),
                "requirements": [{"any_of": list(o.requirement.any_of), "due": o.requirement.due,
                                  "met_by": o.met_by, "implied": o.implied, "family": o.family} for o in s.outcomes],
                "gaps": [gap_dict(g, s.name, e, fmt) for g in s.gaps],
                "family_gaps": [{"family": x.family, "sales": num(x.sales), "held_back": num(x.rebate),
                                 "attainable": x.attainable, "message": text,
                                 "gaps": [gap_dict(g, s.name, e, fmt) for g in x.gaps]}
                                for x, (text, _) in zip(s.family_gaps, family_gap_messages(s, e, fmt or Fmt("en")),
                                                        strict=True)],
                "to_ship_usd": num(to_ship[s.id].usd) if s.id in to_ship else 0,
                "rebate_depending_on_shipping": num(to_ship[s.id].depends) if s.id in to_ship else 0,
                "shipping_message": ship_words[s.id][0] if s.id in ship_words else None,
            }
            for s in a.subtracks
        ],
        "bonuses": [{"id": b.id, "name": b.name, "rate": num(b.rate), "base": num(b.base), "cap": num(b.cap),
                     "estimated": num(b.estimated), "potential": num(b.potential)} for b in a.bonuses],
        "investment": {
            "authorizations": list(a.investment.authorizations),
            "new_people": dict(a.investment.new_people),
            "lines": [{"kind": x.kind, "label": x.label, "authorization": x.authorization, "cash": num(x.cash),
                       "hours": x.hours} for x in a.investment.lines],
            "cash": num(a.investment.cash),
            "hours": a.investment.hours,
            "hourly_cost": num(a.hourly_cost),
            "one_off": num(a.investment.one_off),
            "renewal_per_year": num(a.investment.renewal_per_year),
        },
        "cash_flow": {
            "incremental_rebate": [num(x) for x in a.roi.incremental],
            "renewals": [num(x) for x in a.roi.renewals],
            "cumulative": [num(x) for x in a.roi.cumulative],
            "payment_lag_months": a.roi.lag_months,
        },
        "totals": {
            "estimated_rebate": num(a.estimated_rebate),
            "potential_rebate": num(a.potential_rebate),
            "rebate_depending_on_shipping": num(ship.depends) if ship else 0,
            "investment": num(a.investment.one_off),
            "horizon_periods": a.roi.horizon_periods,
            "payback_periods": num(a.roi.payback_periods),
            "roi": num(a.roi.roi),
            "npv": num(a.roi.npv),
            "discount_rate": num(a.discount_rate),
        },
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    def delta(d: Any) -> dict[str, Any]:
        return {"base": num(d.base), "scenario": num(d.scenario), "change": num(d.change)}

    return {
        "inputs": [{"field": f, "base": x, "scenario": y} for f, x, y in c.inputs],
        "subtracks": [
            {"id": s.id, "name": s.name, "eligible": {"base": s.eligible[0], "scenario": s.eligible[1]},
             "estimated_rebate": delta(s.estimated_rebate), "potential_rebate": delta(s.potential_rebate)}
            for s in c.subtracks
        ],
        "totals": {
            "estimated_rebate": delta(c.estimated_rebate),
            "potential_rebate": delta(c.potential_rebate),
            "investment": delta(c.investment),
            "npv": delta(c.npv),
            "payback_periods": {"base": num(c.payback_periods[0]), "scenario": num(c.payback_periods[1])},
            "roi": {"base": num(c.roi[0]), "scenario": num(c.roi[1])},
        },
        "changes": None if c.changes is None else {
            "actions": [{"kind": a.kind, "id": a.id} for a in c.changes.actions],
            "investment": num(c.changes.investment.one_off),
            "renewal_per_year": num(c.changes.investment.renewal_per_year),
            "rebate_first_period": num(c.changes.first),
            "rebate_later_periods": num(c.changes.steady),
            "payback_periods": num(c.changes.roi.payback_periods),
            "npv": num(c.changes.roi.npv),
        },
    }


# --- text tables -------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        cols = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in cols).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _aligned(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Labelled figures with their values in one column, however long the language's labels."""
    width = max(len(label) for label, _ in pairs) + 1
    return [f"{label:{width}} {value}" for label, value in pairs]


def assessment_text(a: Assessment, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    lang = f.lang
    p, e = a.profile, a.edition
    out = [
        words.text(lang, "cli.assess.head", partner=p.partner, country=f.country(p.country), edition=e.name,
                   period=f.period(a.period), level=e.certification_by_id[p.certification].name,
                   csat=p.csat_responses, required=a.csat_required),
        *(words.text(lang, "cli.warning", message=x.message) for x in as_of_warnings(a, f)),
        *(x.message for x in origin_notes(a, f)),
        "",
    ]
    rows = []
    for s in a.subtracks:
        if not (s.enrolled or s.projected_sales):
            continue
        rows.append([s.name, words.text(lang, f"cli.status.{s.status}"), f.money(s.projected_sales),
                     f.money(s.min_volume), f.pct(s.rate), f.money(s.estimated_rebate), f.money(s.potential_rebate)])
    out.append(table(words.text(lang, "cli.assess.cols").split("|"), rows, right=(2, 3, 4, 5, 6)))
    shown = [s for s in a.subtracks if s.enrolled or s.projected_sales]
    gaps = [(s.name, text) for s in shown for text in [*(gap_message(g, s.name, e, f) for g in s.gaps),
                                                       *(text for text, _ in family_gap_messages(s, e, f))]]
    if gaps:
        out += ["", words.text(lang, "cli.assess.gaps")]
        seen = set()
        for name, text in gaps:
            if text not in seen:
                seen.add(text)
                out.append(f"  - {name}: {text}")
    ship = shipping_of(a)
    if ship is not None and (ship_words := shipping_messages(a, f, ship)):
        out += ["", words.text(lang, "cli.assess.shipping")]
        out += [f"  - {a.subtrack(sid).name}: {text}" for sid, (text, _) in ship_words.items()]
    for b in a.bonuses:
        name = words.rules_text(lang, "bonus." + b.id, b.name)
        out.append("\n" + words.text(lang, "cli.assess.bonus", name=name, now=f.money(b.estimated),
                                      potential=f.money(b.potential), rate=f.pct(b.rate), base=f.money(b.base),
                                      cap=f.money(b.cap)))
    inv, r = a.investment, a.roi
    payback = (words.text(lang, "cli.assess.periods", periods=f.num(r.payback_periods, 2))
               if r.payback_periods is not None else words.text(lang, "cli.assess.never"))
    if beyond_horizon(r):
        payback += f" ({beyond_words(r, f)})"
    earn = (words.text(lang, "cli.assess.earn", names=", ".join(e.name_of(x) for x in inv.authorizations))
            if inv.authorizations else "")
    investment = words.text(lang, "cli.assess.investment_value", total=f.money(inv.one_off), cash=f.money(inv.cash),
                            hours=f.num(inv.hours), hourly=f.money(a.hourly_cost), earn=earn)
    out += ["", *_aligned([
        (words.text(lang, "cli.assess.estimated"), f.money(a.estimated_rebate)),
        (words.text(lang, "cli.assess.potential"), f.money(a.potential_rebate)),
        *([(words.text(lang, "cli.assess.depends_on_shipping"), f.money(ship.depends))] if ship else []),
        (words.text(lang, "cli.assess.investment"), investment),
        (words.text(lang, "cli.assess.renewals"), f.money(inv.renewal_per_year)),
        (words.text(lang, "cli.assess.payback"), payback),
        (words.plural(lang, "cli.assess.roi", r.horizon_periods),
         f.pct(r.roi) if r.roi is not None else words.text(lang, "cli.assess.na")),
        (words.text(lang, "cli.assess.npv", rate=f.pct(a.discount_rate)), f.money(r.npv)),
    ])]
    return "\n".join(out)


def rules_text(e: Edition, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    lang = f.lang
    out = [words.text(lang, "cli.rules.head", id=e.id, name=e.name, program=e.program, rate=f.pct(e.max_rate.value),
                      policy=e.policy.minimums)]
    out += ["  " + words.text(lang, "cli.rules.period", id=p.id, start=f.day(p.start), end=f.day(p.end),
                              closes=f.day(p.enrollment_closes))
            + ("; " + words.text(lang, "cli.rules.ship_by", day=f.day(ship_by), days=e.shipping.window_days.value)
               if e.shipping and (ship_by := e.ship_by(p)) else "")
            for p in e.periods]
    rows = []
    for t in e.tracks:
        for s in t.subtracks:
            nl = {p.id: e.min_volume(s, p.id, "NL")[0] for p in e.periods}
            reqs = "; ".join(f"{' | '.join(r.any_of)} ({r.due})" for r in s.requires)
            rows.append([t.name, s.id, f.pct(s.rate.value) + ("*" if s.rate.illustrative else ""),
                         ", ".join(f"{k} {f.money(v)}" for k, v in nl.items()), reqs])
    out += ["", table(words.text(lang, "cli.rules.cols").split("|"), rows), "", words.text(lang, "cli.illustrative")]
    return "\n".join(out)


def comparison_text(c: Comparison, fmt: Fmt | None = None) -> str:
    f = fmt or Fmt("en")
    lang = f.lang
    yes, no = words.text(lang, "plans.yes"), words.text(lang, "plans.no")
    inputs = [f"  {k}: {x!r} -> {y!r}" for k, x, y in c.inputs] or ["  " + words.text(lang, "cli.none")]
    out = [words.text(lang, "cli.compare.inputs"), *inputs]
    rows = [[s.name, yes if s.eligible[0] else no, yes if s.eligible[1] else no,
             f.money(s.estimated_rebate.base), f.money(s.estimated_rebate.scenario),
             f.money(s.estimated_rebate.change, signed=True)]
            for s in c.subtracks if s.estimated_rebate.base or s.estimated_rebate.scenario or any(s.eligible)]
    out += ["", table(words.text(lang, "cli.compare.cols").split("|"), rows, right=(3, 4, 5))]
    out += _aligned([
        (words.text(lang, f"cli.compare.{key}"),
         f"{f.money(d.base)} -> {f.money(d.scenario)} ({f.money(d.change, signed=True)})")
        for key, d in (("estimated", c.estimated_rebate), ("potential", c.potential_rebate),
                       ("investment", c.investment), ("npv", c.npv))
    ])
    if c.changes is not None:
        p = c.changes
        out += ["", words.text(lang, "cli.compare.changes"),
                "  " + words.text(lang, "cli.compare.changes_value", cost=f.money(p.investment.one_off),
                                  renewals=f.money(p.investment.renewal_per_year, signed=True),
                                  first=f.money(p.first, signed=True), later=f.money(p.steady, signed=True),
                                  npv=f.money(p.roi.npv, signed=True))]
    return "\n".join(out)
