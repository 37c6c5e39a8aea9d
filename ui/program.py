"""The Program page's views of an edition: its tables with each figure's origin, and the differences
between two editions. Presentation only: every figure is read from the `Edition` model as loaded.

A sourced figure carries a numbered mark that points into the list of sources under the table; an
illustrative one carries a star, explained once on the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from html import escape

import streamlit as st
from pydantic import BaseModel

from ui.i18n import fmt_usd, t
from ui.views import TABLE_CSS
from vip.model.edition import Authorization, Edition, Provenance, Subtrack
from vip.present.explain import Fmt

MARK_CSS = """
<style>
.vip-src{font-size:0.72rem;color:#1f5fa8;vertical-align:super;margin-left:0.1rem}
.vip-ill{font-size:0.72rem;color:#8a5a00;vertical-align:super;margin-left:0.1rem}
.vip-table td.wide{min-width:14rem}
.vip-sources{font-size:0.82rem;color:#4b5260;margin:0.3rem 0 0.8rem 0;padding-left:1.2rem}
</style>
"""


class Marks:
    """Numbers the sources of the figures in one table, in order of first use."""

    def __init__(self) -> None:
        self.sources: list[str] = []

    def of(self, origin: Provenance | None, source: str | None = None) -> str:
        """The mark after a figure: `[n]` for a source, `*` for an illustrative figure."""
        text = source if origin is None else origin.source
        if origin is not None and origin.illustrative:
            return f'<span class="vip-ill" title="{escape(t("prog.illustrative"))}">*</span>'
        if not text:
            return ""
        if text not in self.sources:
            self.sources.append(text)
        n = self.sources.index(text) + 1
        return f'<span class="vip-src" title="{escape(text)}">[{n}]</span>'

    def html(self) -> str:
        if not self.sources:
            return ""
        items = "".join(f"<li>{escape(s)}</li>" for s in self.sources)
        return f'<ol class="vip-sources">{items}</ol>'


def _table(
    head: list[str], rows: list[list[str]], marks: Marks, right: tuple[int, ...] = (), wide: tuple[int, ...] = ()
) -> None:
    cells = "".join(f"<th class='{'num' if i in right else ''}'>{escape(h)}</th>" for i, h in enumerate(head))
    def css(i: int) -> str:
        return "num" if i in right else "first" if i == 0 else "wide" if i in wide else ""

    body = "".join("<tr>" + "".join(f"<td class='{css(i)}'>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    st.html(f"{TABLE_CSS}{MARK_CSS}<table class='vip-table'><thead><tr>{cells}</tr></thead>"
            f"<tbody>{body}</tbody></table>{marks.html()}")


def _any_of(ids: tuple[str, ...], e: Edition) -> str:
    return escape(f" {t('prog.or')} ".join(e.name_of(x) for x in ids))


def _due(due: str) -> str:
    return t("prog.due_enrollment") if due == "enrollment" else t("prog.due_period_end")


def subtracks(e: Edition, track_id: str, country: str) -> None:
    f = fmt_usd()
    marks = Marks()
    track = next(tr for tr in e.tracks if tr.id == track_id)
    rows = []
    for s in track.subtracks:
        families = "<br>".join(
            escape(fam.name) + (f" ({escape(f.pct(fam.rate.value))}{marks.of(fam.rate)})" if fam.rate else "")
            for fam in s.families
        )
        minimums = []
        for p in e.periods:
            amount, table = e.min_volume(s, p.id, country)
            minimums.append(f"{escape(f.money(amount))}{marks.of(table)}")
        reqs = "<br>".join(f"{_any_of(r.any_of, e)} <span class='muted'>({escape(_due(r.due))})</span>"
                           f"{marks.of(None, r.source)}" for r in s.requires) or "—"
        rows.append([f"<span class='sub'>{escape(s.name)}</span>", families,
                     f"{escape(f.pct(s.rate.value))}{marks.of(s.rate)}", *minimums, reqs])
    head = [t("elig.subtrack"), t("prog.families"), t("prog.rate"),
            *(t("prog.minimum", months=p.months, country=country) for p in e.periods), t("prog.requires")]
    _table(head, rows, marks, right=tuple(range(2, 3 + len(e.periods))))


def authorizations(e: Edition) -> None:
    f = fmt_usd()
    marks = Marks()
    track_names = {tr.id: tr.name for tr in e.tracks}
    rows = []
    for a in e.authorizations:
        roles = ", ".join(f"{n} × {r}" for r, n in a.roles.items()) or "—"
        exams = "<br>".join(
            f"{escape(x.name)}: {escape(f.money(x.fee.value))}{marks.of(x.fee)}"
            + (f" <span class='muted'>({escape(t('prog.per_person', role=x.role))})</span>" if x.role else "")
            for x in a.exams
        ) or "—"
        training = (t("prog.credits", n=a.training.learning_credits) if a.training.learning_credits is not None
                    else f.money(a.training.usd or 0))
        rows.append([
            f"<span class='sub'>{escape(a.name)}</span><span class='track'>"
            f"{escape(t('prog.kind_' + a.kind))} · {escape(track_names.get(a.track or '', '—'))}</span>",
            escape(roles), exams, f"{escape(training)}{marks.of(a.training)}",
            f"{escape(f.num(a.staff_hours.value))}{marks.of(a.staff_hours)}",
            f"{escape(f.num(a.months_to_earn.value))}{marks.of(a.months_to_earn)}",
            f"{escape(f.money(a.renewal_per_year.value))}{marks.of(a.renewal_per_year)}",
        ])
    head = [t("prog.authorization"), t("prog.roles"), t("prog.exams"), t("prog.training"), t("prog.hours"),
            t("prog.months"), t("prog.renewal")]
    _table(head, rows, marks, right=(4, 5, 6), wide=(2,))


def levels(e: Edition) -> None:
    marks = Marks()
    rows = []
    for c in sorted(e.certifications, key=lambda c: c.rank):
        implied = ", ".join(e.name_of(x) for x in c.implies.ids) if c.implies else "—"
        rows.append([f"<span class='sub'>{escape(c.name)}</span>", str(c.rank),
                     f"{c.csat_required.value}{marks.of(c.csat_required)}",
                     f"{escape(implied)}{marks.of(c.implies) if c.implies else ''}"])
    _table([t("prog.level"), t("prog.rank"), t("prog.csat"), t("prog.implies")], rows, marks, right=(1, 2))


def roles_and_defaults(e: Edition) -> None:
    f = fmt_usd()
    marks = Marks()
    rows = [[escape(role), f"{p.max_per_person.value}{marks.of(p.max_per_person)}",
             f"{escape(f.money(p.new_person_fee.value))}{marks.of(p.new_person_fee)}",
             f"{escape(f.num(p.new_person_hours.value))}{marks.of(p.new_person_hours)}"]
            for role, p in e.roles.items()]
    _table([t("prog.role"), t("prog.max_per_person"), t("prog.new_fee"), t("prog.new_hours")], rows, marks,
           right=(1, 2, 3))
    d = e.defaults
    marks = Marks()
    rows = [
        [t("in.hourly"), f"{escape(f.money(d.hourly_cost.value))}{marks.of(d.hourly_cost)}"],
        [t("in.horizon"), f"{d.horizon_periods.value}{marks.of(d.horizon_periods)}"],
        [t("in.discount"), f"{escape(f.pct(d.discount_rate.value))}{marks.of(d.discount_rate)}"],
        [t("settings.fx"), f"{escape(f.num(d.eur_per_usd.value, 4))}{marks.of(d.eur_per_usd)}"],
        [t("prog.credit"), f"{escape(f.money(d.learning_credit_usd.value))}{marks.of(d.learning_credit_usd)}"],
        [t("prog.csat_due"), escape(_due(e.csat.due))],
        [t("prog.csat_hours"), f"{e.csat.hours_per_response.value}{marks.of(e.csat.hours_per_response)}"],
    ]
    _table([t("prog.default"), t("prog.value")], rows, marks, right=(1,))


def periods(e: Edition) -> None:
    f = fmt_usd()
    marks = Marks()
    rows = [[f"<span class='sub'>{escape(t('in.period_months', n=p.months))}</span>{marks.of(p)}",
             escape(f.day(p.start)), escape(f.day(p.end)), escape(f.day(p.enrollment_closes))] for p in e.periods]
    _table([t("in.period"), t("prog.start"), t("prog.end"), t("prog.closes")], rows, marks)


# --- differences between editions ------------------------------------------------------------


def facts(e: Edition, country: str, f: Fmt) -> dict[tuple[str, ...], tuple[str, str]]:
    """Every comparable figure of an edition: (what, item, ...) -> (label, value as shown)."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    out[("max_rate",)] = (t("prog.max_rate"), f.pct(e.max_rate.value))
    out[("policy",)] = (t("prog.policy"), t("prog.policy_" + e.policy.minimums))
    for p in e.periods:
        closes = f"{t('prog.closes').lower()} {f.day(p.enrollment_closes)}"
        out[("period", p.id)] = (t("in.period_months", n=p.months), f"{f.day(p.start)} – {f.day(p.end)}; {closes}")
    for c in e.certifications:
        out[("csat", c.id)] = (f"{c.name} · {t('prog.csat')}", str(c.csat_required.value))
        implied = ", ".join(e.name_of(x) for x in c.implies.ids) if c.implies else "—"
        out[("implies", c.id)] = (f"{c.name} · {t('prog.implies')}", implied)
    for s in e.subtrack_by_id.values():
        out.update(_subtrack_facts(e, s, country, f))
    for a in e.authorizations:
        out.update(_authorization_facts(a, f))
    for b in e.bonuses:
        names = ", ".join(e.name_of(x) for x in b.applies_to)
        caps = ", ".join(e.name_of(x) for x in b.capped_by)
        out[("bonus", b.id)] = (f"{t('prog.bonus')} · {b.name}",
                                t("prog.bonus_rule", rate=f.pct(b.rate.value), on=names, cap=f.pct(b.cap_rate.value),
                                  of=caps))
    d = e.defaults
    out[("default", "hourly")] = (t("in.hourly"), f.money(d.hourly_cost.value))
    out[("default", "horizon")] = (t("in.horizon"), str(d.horizon_periods.value))
    out[("default", "discount")] = (t("in.discount"), f.pct(d.discount_rate.value))
    out[("default", "fx")] = (t("settings.fx"), f.num(d.eur_per_usd.value, 4))
    return out


def _subtrack_facts(e: Edition, s: Subtrack, country: str, f: Fmt) -> Iterator[tuple[tuple[str, ...], tuple[str, str]]]:
    yield ("rate", s.id), (f"{s.name} · {t('prog.rate')}", f.pct(s.rate.value))
    for fam in s.families:
        if fam.rate:
            yield ("family_rate", s.id, fam.id), (f"{s.name} · {fam.name}", f.pct(fam.rate.value))
    for p in e.periods:
        amount, _ = e.min_volume(s, p.id, country)
        yield ("minimum", s.id, p.id), (f"{s.name} · {t('prog.minimum', months=p.months, country=country)}",
                                        f.money(amount))
    reqs = "; ".join(f"{' / '.join(e.name_of(x) for x in r.any_of)} ({_due(r.due)})" for r in s.requires) or "—"
    yield ("requires", s.id), (f"{s.name} · {t('prog.requires')}", reqs)


def _authorization_facts(a: Authorization, f: Fmt) -> Iterator[tuple[tuple[str, ...], tuple[str, str]]]:
    yield ("auth_months", a.id), (f"{a.name} · {t('prog.months')}", f.num(a.months_to_earn.value))
    yield ("auth_hours", a.id), (f"{a.name} · {t('prog.hours')}", f.num(a.staff_hours.value))
    yield ("auth_renewal", a.id), (f"{a.name} · {t('prog.renewal')}", f.money(a.renewal_per_year.value))
    fees = sum((x.fee.value * (a.roles.get(x.role, 0) if x.role else 1) for x in a.exams), Decimal(0))
    yield ("auth_exams", a.id), (f"{a.name} · {t('prog.exams')}", f.money(fees))


def differences(a: Edition, b: Edition, country: str) -> list[tuple[str, str, str]]:
    """(what, value in a, value in b) for every figure that differs or exists in one edition only."""
    f = fmt_usd()
    left, right = facts(a, country, f), facts(b, country, f)
    rows = []
    for key in dict.fromkeys([*left, *right]):
        x, y = left.get(key), right.get(key)
        if x is not None and y is not None and x[1] == y[1]:
            continue
        label = (x or y or ("", ""))[0]
        rows.append((label, x[1] if x else t("prog.absent"), y[1] if y else t("prog.absent")))
    return rows


def differences_table(a: Edition, b: Edition, country: str) -> None:
    rows = differences(a, b, country)
    if not rows:
        st.info(t("prog.no_differences", a=a.name, b=b.name), icon=":material/info:")
        return
    body = [[escape(what), escape(x), escape(y)] for what, x, y in rows]
    _table([t("prog.what"), a.name, b.name], body, Marks())


# --- where the figures come from ---------------------------------------------------------------


def origins(model: BaseModel) -> tuple[dict[str, int], int]:
    """Every figure's origin in a model, recursively: (figures per source, illustrative figures)."""
    sourced: dict[str, int] = {}
    illustrative = 0

    def walk(item: object) -> None:
        nonlocal illustrative
        if isinstance(item, Provenance):
            if item.illustrative:
                illustrative += 1
            elif item.source:
                sourced[item.source] = sourced.get(item.source, 0) + 1
        if isinstance(item, BaseModel):
            for name in type(item).model_fields:
                walk(getattr(item, name))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list | tuple):
            for value in item:
                walk(value)

    walk(model)
    return sourced, illustrative
