"""The Program page's views of an edition: its tables with each figure's origin, and the differences
between two editions. Presentation only: every figure is read from the `Edition` model as loaded.

A sourced figure carries a numbered mark that points into the list of sources under the table; an
illustrative one carries a star, explained once on the page. The tables are drawn by the template
`app/program_table.html`, from text and marks (`Mark`), never from markup built here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, TypeAlias

import streamlit as st
from pydantic import BaseModel

from ui.i18n import fmt_usd, t, tn
from vip.calc.diff import differences
from vip.model.edition import Edition, Provenance, Requirement
from vip.present import diff
from vip.present.html import render


class Mark(NamedTuple):
    """Where a figure comes from, shown after it: `n` numbers its source in the list under the table,
    0 for an illustrative figure; `title` is the hover text (the source, or what illustrative means)."""

    n: int
    title: str


class Styled(NamedTuple):
    """Text in one of the tables' styles: `sub` a name, `track` the line under a name, `muted` a note."""

    text: str
    style: str


Piece: TypeAlias = str | Mark | Styled | None  # None: no mark
Cell: TypeAlias = str | Sequence[Sequence[Piece]]  # a text, or lines of pieces


def _line(*pieces: Piece) -> list[list[Piece]]:
    return [list(pieces)]


class Marks:
    """Numbers the sources of the figures in one table, in order of first use."""

    def __init__(self) -> None:
        self.sources: list[str] = []

    def of(self, origin: Provenance | None, source: str | None = None) -> Mark | None:
        """The mark after a figure: `[n]` for a source, `*` for an illustrative figure, None for neither."""
        text = source if origin is None else origin.source
        if origin is not None and origin.illustrative:
            return Mark(0, t("prog.illustrative"))
        if not text:
            return None
        if text not in self.sources:
            self.sources.append(text)
        return Mark(self.sources.index(text) + 1, text)


def _table(
    head: list[str], rows: Sequence[Sequence[Cell]], marks: Marks, right: tuple[int, ...] = (),
    wide: tuple[int, ...] = (),
) -> None:
    def css(i: int) -> str:
        return "num" if i in right else "first" if i == 0 else "wide" if i in wide else ""

    columns = range(len(head))
    st.html(render("app/program_table.html", heads=head, head_classes=["num" if i in right else "" for i in columns],
                   classes=[css(i) for i in columns], rows=rows, sources=marks.sources))


def _any_of(ids: tuple[str, ...], e: Edition) -> str:
    return f" {t('prog.or')} ".join(e.name_of(x) for x in ids)


def _due(due: str) -> str:
    return t("prog.due_enrollment") if due == "enrollment" else t("prog.due_period_end")


def _origin(r: Requirement, marks: Marks) -> list[Piece]:
    """A requirement's source mark, and the illustrative mark when its shape is borrowed or our reading."""
    return [marks.of(None, r.source), *((Mark(0, t("prog.illustrative")),) if r.illustrative else ())]


def subtracks(e: Edition, track_id: str, country: str) -> None:
    f = fmt_usd()
    marks = Marks()
    track = next(tr for tr in e.tracks if tr.id == track_id)
    rows: list[list[Cell]] = []
    for s in track.subtracks:
        families: list[list[Piece]] = [
            [fam.name, *((" (", f.pct(fam.rate.value), marks.of(fam.rate), ")") if fam.rate else ()),
             *(piece for r in fam.requires for piece in (
                 " ", Styled(f"{t('prog.family_requires', names=_any_of(r.any_of, e))} ({_due(r.due)})", "muted"),
                 *_origin(r, marks)))]
            for fam in s.families
        ]
        minimums: list[Cell] = []
        for p in e.periods:
            amount, table = e.min_volume(s, p.id, country)
            minimums.append(_line(f.money(amount), marks.of(table)))
        reqs: list[list[Piece]] = [[_any_of(r.any_of, e), " ", Styled(f"({_due(r.due)})", "muted"),
                                    *_origin(r, marks)] for r in s.requires]
        rows.append([_line(Styled(s.name, "sub")), families, _line(f.pct(s.rate.value), marks.of(s.rate)), *minimums,
                     reqs or "—"])
    head = [t("elig.subtrack"), t("prog.families"), t("prog.rate"),
            *(t("prog.minimum", months=p.months, country=country) for p in e.periods), t("prog.requires")]
    _table(head, rows, marks, right=tuple(range(2, 3 + len(e.periods))))


def authorizations(e: Edition) -> None:
    f = fmt_usd()
    marks = Marks()
    track_names = {tr.id: tr.name for tr in e.tracks}
    rows: list[list[Cell]] = []
    for a in e.authorizations:
        roles = ", ".join(f"{n} × {r}" for r, n in a.roles.items()) or "—"
        exams: list[list[Piece]] = [
            [f"{x.name}: {f.money(x.fee.value)}", marks.of(x.fee),
             *((" ", Styled(f"({t('prog.per_person', role=x.role)})", "muted")) if x.role else ())]
            for x in a.exams
        ]
        training = (t("prog.credits", n=a.training.learning_credits) if a.training.learning_credits is not None
                    else f.money(a.training.usd or 0))
        rows.append([
            _line(Styled(a.name, "sub"),
                  Styled(f"{t('prog.kind_' + a.kind)} · {track_names.get(a.track or '', '—')}", "track")),
            roles, exams or "—", _line(training, marks.of(a.training)),
            _line(f.num(a.staff_hours.value), marks.of(a.staff_hours)),
            _line(f.num(a.months_to_earn.value), marks.of(a.months_to_earn)),
            _line(f.money(a.renewal_per_year.value), marks.of(a.renewal_per_year)),
        ])
    head = [t("prog.authorization"), t("prog.roles"), t("prog.exams"), t("prog.training"), t("prog.hours"),
            t("prog.months"), t("prog.renewal")]
    _table(head, rows, marks, right=(4, 5, 6), wide=(2,))


def levels(e: Edition) -> None:
    marks = Marks()
    rows: list[list[Cell]] = []
    for c in sorted(e.certifications, key=lambda c: c.rank):
        implied = ", ".join(e.name_of(x) for x in c.implies.ids) if c.implies else "—"
        rows.append([_line(Styled(c.name, "sub")), str(c.rank),
                     _line(str(c.csat_required.value), marks.of(c.csat_required)),
                     _line(implied, marks.of(c.implies) if c.implies else None)])
    _table([t("prog.level"), t("prog.rank"), t("prog.csat"), t("prog.implies")], rows, marks, right=(1, 2))


def roles_and_defaults(e: Edition) -> None:
    f = fmt_usd()
    late = e.late_enrollment.bookings if e.late_enrollment else "forfeit"
    lag = e.payment.lag_months if e.payment else 0
    marks = Marks()
    rows: list[list[Cell]] = [
        [role, _line(str(p.max_per_person.value), marks.of(p.max_per_person)),
         _line(f.money(p.new_person_fee.value), marks.of(p.new_person_fee)),
         _line(f.num(p.new_person_hours.value), marks.of(p.new_person_hours))]
        for role, p in e.roles.items()
    ]
    _table([t("prog.role"), t("prog.max_per_person"), t("prog.new_fee"), t("prog.new_hours")], rows, marks,
           right=(1, 2, 3))
    d = e.defaults
    marks = Marks()
    rows = [
        [t("in.hourly"), _line(f.money(d.hourly_cost.value), marks.of(d.hourly_cost))],
        [t("in.horizon"), _line(str(d.horizon_periods.value), marks.of(d.horizon_periods))],
        [t("in.discount"), _line(f.pct(d.discount_rate.value), marks.of(d.discount_rate))],
        [t("settings.fx"), _line(f.num(d.eur_per_usd.value, 4), marks.of(d.eur_per_usd))],
        [t("prog.credit"), _line(f.money(d.learning_credit_usd.value), marks.of(d.learning_credit_usd))],
        [t("prog.csat_due"), _due(e.csat.due)],
        [t("prog.csat_hours"), _line(str(e.csat.hours_per_response.value), marks.of(e.csat.hours_per_response))],
        [t("prog.late_enrollment"), _line(t("prog.policy_from_enrollment_date") if late == "from_enrollment_date"
                                          else t("prog.policy_forfeit"), marks.of(e.late_enrollment))],
        [t("prog.payment_lag"), _line(tn("prog.lag_months", lag), marks.of(e.payment))],
    ]
    _table([t("prog.default"), t("prog.value")], rows, marks, right=(1,))


def periods(e: Edition) -> None:
    f = fmt_usd()
    marks = Marks()
    window = e.shipping.window_days if e.shipping else None
    rows: list[list[Cell]] = [
        [_line(Styled(t("in.period_months", n=p.months), "sub"), marks.of(p)), f.day(p.start), f.day(p.end),
         f.day(p.enrollment_opens or p.start), f.day(p.enrollment_closes)]
        + ([_line(f.day(ship_by), marks.of(window))] if window and (ship_by := e.ship_by(p)) else [])
        for p in e.periods
    ]
    heads = [t("in.period"), t("prog.start"), t("prog.end"), t("prog.opens"), t("prog.closes")]
    if window:
        heads.append(tn("prog.ship_by", window.value))
    _table(heads, rows, marks)


# --- differences between editions ------------------------------------------------------------


def differences_table(a: Edition, b: Edition, country: str) -> None:
    """Every difference, worded as `vip rules --diff` words it (`vip.present.diff`), in the page's table."""
    rows = differences(a, b, country)
    if not rows:
        st.info(t("diff.none", a=a.name, b=b.name), icon=":material/info:")
        return
    f = fmt_usd()
    body = [[diff.label(d, a, b, f), diff.shown(d, d.before, a, f), diff.shown(d, d.after, b, f)] for d in rows]
    _table([t("diff.what"), a.name, b.name], body, Marks())


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
