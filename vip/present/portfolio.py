"""Every client at once from one distributor's bookings export: each partner's lines fill its
projected sales as `vip import` does one partner at a time, then it is assessed and summarised
(`vip.calc.portfolio`); as JSON, a text table and an Excel workbook."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any, TypeVar

from vip.calc.memo import Memo
from vip.calc.portfolio import FLAGS, PartnerSummary, summary
from vip.calc.scenario import derive
from vip.io.bookings import (
    BookingsResult,
    Export,
    apply_bookings,
    apply_mix,
    apply_to_ship,
    partner_key,
)
from vip.model.edition import Edition
from vip.model.errors import VipError
from vip.model.profile import Profile
from vip.present import words
from vip.present.explain import Fmt, error_line
from vip.present.output import num, table
from vip.present.plans import next_step_text
from vip.present.reports import safe_cell


def with_bookings(profile: Profile, result: BookingsResult, edition: Edition, editions: dict[str, Edition], *,
                  replace_all: bool = False) -> tuple[Profile, Edition]:
    """The profile with an import's projected sales, sales to ship and SKU mix (`vip import --out`)."""
    return derive(profile, editions, projected_sales=apply_bookings(profile, result, replace_all=replace_all),
                  to_ship=apply_to_ship(profile, result, replace_all=replace_all),
                  mix=apply_mix(profile, result, edition, replace_all=replace_all))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A partner the portfolio knows: its profile, where it came from, and any other name it goes by."""

    profile: Profile
    source: str  # the profile's file, or the client in the store
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        names = (self.profile.partner, self.profile.partner_id or "", *self.aliases)
        return frozenset(k for k in map(partner_key, names) if k)


@dataclass(frozen=True, slots=True)
class Unknown:
    """A partner the file names that no profile (or client) is: its lines, by row."""

    partner: str  # as the file writes it ("": lines that name no partner)
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Portfolio:
    partners: tuple[PartnerSummary, ...]  # by partner name, then id
    unknown: tuple[Unknown, ...]  # by partner as written
    refused: tuple[tuple[str, VipError], ...]  # partners whose lines could not be imported, and why
    without_lines: tuple[str, ...]  # partners the file has no lines of


def portfolio(export: Export, candidates: Sequence[Candidate], editions: dict[str, Edition], *,
              per_usd: Mapping[str, Decimal] | None = None, currency: str = "USD",
              shortfall: Decimal = Decimal("0.10"), workers: int = 1,
              progress: Callable[[int, int], None] | None = None) -> Portfolio:
    """Each known partner's lines imported into its profile, assessed and summarised (over `workers`
    processes, from PARALLEL_FROM partners on); the file's other partners listed. `progress(done,
    total)` is called as partners are done."""
    owner: dict[str, Candidate] = {}
    for c in candidates:
        for key in c.keys:
            other = owner.setdefault(key, c)
            if other is not c:
                raise VipError(code="error.portfolio.same_partner", params={
                    "partner": key, "first": other.source, "second": c.source})
    matched: dict[int, list[str]] = {}
    strangers = []
    for key in export.names:
        if key in owner:
            matched.setdefault(id(owner[key]), []).append(key)
        else:
            strangers.append(key)
    rows = export.rows_of(strangers)
    unknown = [Unknown(export.names[k], rows[k]) for k in strangers]
    known = [c for c in candidates if id(c) in matched]
    imported: dict[str, BookingsResult | VipError] = {}
    by_edition: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(known):
        by_edition.setdefault((c.profile.edition, c.profile.period), []).append(i)
    for (edition_id, period), at in by_edition.items():
        if edition_id not in editions:
            continue
        imported |= export.imports({str(i): matched[id(known[i])] for i in at}, editions[edition_id], period,
                                   as_of={str(i): known[i].profile.as_of for i in at}, per_usd=per_usd,
                                   currency=currency)
    memo = Memo()

    def one(i: int) -> PartnerSummary | VipError:
        p = known[i].profile
        try:
            edition = editions[p.edition]
            result = imported[str(i)]
            if isinstance(result, VipError):
                raise result
            updated, edition = with_bookings(p, result, edition, editions)
        except VipError as exc:
            return exc
        return summary(updated, edition, shortfall=shortfall, memo=memo)

    done: list[PartnerSummary] = []
    refused: list[tuple[str, VipError]] = []
    for c, got in zip(known, _each(one, len(known), editions, workers=workers, progress=progress), strict=True):
        if isinstance(got, VipError):
            refused.append((c.profile.partner, got))
        else:
            done.append(got)
    without = [c.profile.partner for c in candidates if id(c) not in matched]
    return Portfolio(
        tuple(sorted(done, key=lambda s: (partner_key(s.partner), s.partner, s.partner_id or ""))),
        tuple(sorted(unknown, key=lambda u: (partner_key(u.partner), u.partner))),
        tuple(sorted(refused, key=lambda r: partner_key(r[0]))),
        tuple(sorted(without, key=partner_key)),
    )


def as_saved(candidates: Sequence[Candidate], editions: dict[str, Edition], *, shortfall: Decimal = Decimal("0.10"),
             progress: Callable[[int, int], None] | None = None) -> tuple[PartnerSummary, ...]:
    """Each partner summarised as its profile stands (no bookings file), in the order given."""
    memo = Memo()
    return tuple(_each(lambda i: summary(candidates[i].profile, editions[candidates[i].profile.edition],
                                         shortfall=shortfall, memo=memo), len(candidates), editions, progress=progress))


# --- many partners over the machine's cores --------------------------------------------------------

PARALLEL_FROM = 400  # partners: below this, forking costs more than it saves
T = TypeVar("T")
_WORK: tuple[Callable[[int], Any], dict[int, str]] | None = None  # what forked workers do, and the editions' names


def _each(work: Callable[[int], T], n: int, editions: Mapping[str, Edition], *, workers: int = 1,
          progress: Callable[[int, int], None] | None = None) -> Iterator[T]:
    """work(0), …, work(n - 1), in order, and `progress(done, n)` along the way: in this process, or
    over `workers` processes forked from it. A forked worker inherits all that `work` reads; what it
    gives comes back pickled, each edition by its name (an edition is large, and the same for many)."""
    global _WORK
    if workers <= 1 or n < PARALLEL_FROM:
        for i in range(n):
            yield work(i)
            if progress is not None:
                progress(i + 1, n)
        return
    size = max(16, n // (workers * 16))
    _WORK = (work, {id(e): name for name, e in editions.items()})
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = 0
            for blob in pool.imap(_span, [(a, min(a + size, n)) for a in range(0, n, size)]):
                got = _In(BytesIO(blob), editions).load()
                yield from got
                done += len(got)
                if progress is not None:
                    progress(done, n)
    finally:
        _WORK = None


def _span(span: tuple[int, int]) -> bytes:
    """In a worker: the work of the indexes from span[0] up to span[1], pickled."""
    assert _WORK is not None
    work, names = _WORK
    out = BytesIO()
    _Out(out, names).dump([work(i) for i in range(*span)])
    return out.getvalue()


class _Out(pickle.Pickler):
    def __init__(self, file: BytesIO, names: dict[int, str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.names = names

    def persistent_id(self, obj: Any) -> str | None:
        return self.names.get(id(obj)) if isinstance(obj, Edition) else None


class _In(pickle.Unpickler):
    def __init__(self, file: BytesIO, editions: Mapping[str, Edition]) -> None:
        super().__init__(file)
        self.editions = editions

    def persistent_load(self, pid: Any) -> Edition:
        return self.editions[pid]


# --- in words ------------------------------------------------------------------------------------


def summary_dict(s: PartnerSummary, fmt: Fmt) -> dict[str, Any]:
    e = s.edition
    step = s.next_step
    return {
        "partner": s.partner,
        "partner_id": s.partner_id,
        "edition": e.id,
        "period": s.period,
        "estimated_rebate": num(s.estimated_rebate),
        "potential_rebate": num(s.potential_rebate),
        "at_risk": num(s.at_risk),
        "shortfall": num(s.shortfall),
        "deadline": None if s.deadline is None else {"kind": s.deadline.kind, "day": s.deadline.day.isoformat()},
        "next_step": None if step is None else {
            "action": step.reason.action.kind, "id": step.reason.action.id, "start_by": step.start_by.isoformat(),
            "text": next_step_text(step, e, fmt)},
        "flags": list(s.flags),
        "near_minimum": list(s.near_minimum),
        "near_cliff": list(s.near_cliff),
    }


def portfolio_dict(p: Portfolio, fmt: Fmt) -> dict[str, Any]:
    return {
        "partners": [summary_dict(s, fmt) for s in p.partners],
        "unknown_partners": [{"partner": u.partner, "lines": len(u.rows), "rows": list(u.rows)} for u in p.unknown],
        "refused": [{"partner": name, "message": error_line(exc, fmt.lang)} for name, exc in p.refused],
        "without_lines": list(p.without_lines),
    }


def _deadline(s: PartnerSummary, fmt: Fmt) -> str:
    if s.deadline is None:
        return ""
    return words.text(fmt.lang, f"portfolio.deadline.{s.deadline.kind}", day=fmt.day(s.deadline.day))


def _flags(s: PartnerSummary, lang: words.Lang) -> str:
    return ", ".join(words.text(lang, f"portfolio.flag.{f}") for f in s.flags)


def _step(s: PartnerSummary, fmt: Fmt) -> str:
    e = s.edition
    return next_step_text(s.next_step, e, fmt) if s.next_step else words.text(fmt.lang, "portfolio.no_step")


def portfolio_text(p: Portfolio, fmt: Fmt) -> str:
    lang = fmt.lang
    heads = words.text(lang, "portfolio.cols", pct=fmt.pct(p.partners[0].shortfall if p.partners else 0, 0))
    rows = [[s.partner, fmt.money(s.estimated_rebate), fmt.money(s.potential_rebate), fmt.money(s.at_risk),
             _deadline(s, fmt), _flags(s, lang)] for s in p.partners]
    out = [table(heads.split("|"), rows, right=(1, 2, 3)) if rows else words.text(lang, "cli.none")]
    steps = [f"{s.partner}: {_step(s, fmt)}" for s in p.partners]
    if steps:
        out += ["", words.text(lang, "portfolio.next_steps"), *(f"  {x}" for x in steps)]
    for u in p.unknown:
        out.append(words.plural(lang, "portfolio.unknown", len(u.rows), partner=u.partner or "-",
                                rows=", ".join(map(str, u.rows[:10])) + (" …" if len(u.rows) > 10 else "")))
    out += [words.text(lang, "portfolio.refused", partner=name, why=error_line(exc, lang)) for name, exc in p.refused]
    if p.without_lines:
        out.append(words.text(lang, "portfolio.without_lines", partners=", ".join(p.without_lines)))
    return "\n".join(out)


def portfolio_excel(p: Portfolio, fmt: Fmt) -> bytes:
    """The portfolio as a workbook: a sheet of the partners, one of the partners the file names but
    no profile is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = fmt.lang
    money_fmt = f'#,##0 "{fmt.currency}";-#,##0 "{fmt.currency}"'
    wb = Workbook()
    wb.remove(wb.worksheets[0])

    def sheet(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], money: Sequence[int] = ()) -> None:
        ws = wb.create_sheet(title[:31])
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
        for row in rows:
            ws.append([safe_cell(float(v * fmt.per_usd) if isinstance(v, Decimal) else v) for v in row])
        for c in money:
            for cell in ws[get_column_letter(c + 1)][1:]:
                cell.number_format = money_fmt
        for c, h in enumerate(headers, start=1):
            width = max([len(h), *(len(str(r[c - 1] or "")) for r in rows)])
            ws.column_dimensions[get_column_letter(c)].width = min(width, 70) + 3
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions

    heads = words.text(lang, "portfolio.excel.cols", pct=fmt.pct(p.partners[0].shortfall if p.partners else 0, 0))
    flags = [words.text(lang, f"portfolio.flag.{f}") for f in FLAGS]
    sheet(words.text(lang, "portfolio.excel.partners"), [*heads.split("|"), *flags],
          [[s.partner, s.partner_id or "", s.estimated_rebate, s.potential_rebate, s.at_risk, _deadline(s, fmt),
            _step(s, fmt), *(words.text(lang, "report.yes") if f in s.flags else "" for f in FLAGS)]
           for s in p.partners], money=(2, 3, 4))
    sheet(words.text(lang, "portfolio.excel.unknown"), words.text(lang, "portfolio.excel.unknown_cols").split("|"),
          [[u.partner, len(u.rows), ", ".join(map(str, u.rows))] for u in p.unknown])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
