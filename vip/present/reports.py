"""Meeting reports of one assessment: an Excel workbook and a self-contained HTML page, in English
or Dutch; and the CSV of a bookings import's lines that did not count.

The HTML report carries its CSS and its charts (inline SVG) inside the page, so it opens offline and
prints cleanly to PDF from a browser. User text (partner and staff names, SKUs, descriptions) is
escaped in HTML; in CSV and Excel, text that a spreadsheet would run as a formula (starting with
`=`, `+`, `-` or `@`) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from vip.calc.breakeven import held_back
from vip.calc.engine import nothing_to_invest
from vip.calc.plans import Plan, value_of
from vip.calc.results import Assessment, Investment, Roi, SubtrackResult
from vip.io.bookings import BookingsResult
from vip.model.edition import Edition, Provenance
from vip.present import charts, words
from vip.present.explain import (
    SMALL_SPEND,
    Fmt,
    as_of_warnings,
    beyond_horizon,
    family_gap_messages,
    family_name,
    gap_message,
    held_back_text,
    issue_text,
    origin_notes,
    payback_phrase,
    payback_words,
    roi_words,
    shipping_messages,
    shipping_of,
    status_label,
)
from vip.present.html import render
from vip.present.plans import action_label
from vip.present.words import Lang

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")

def w(key: str, lang: Lang) -> str:
    """A label of the reports (`report.<key>` in the catalogue)."""
    return words.text(lang, f"report.{key}")


# --- safety ------------------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, made inert by a leading apostrophe.

    Numbers stay numbers, and text that is only a number (`-12.5`) is left alone: it cannot run.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell("" if v is None else v if isinstance(v, str) else str(v)) for v in row])
    return out.getvalue()


def bookings_issues_csv(result: BookingsResult, lang: Lang = "en") -> str:
    """Every line of an import that does not count: row, what happened, why, and the line's cells.
    In Dutch separated by `;`, as Dutch Excel splits columns on it (write it with a BOM, so that Excel
    reads it as UTF-8)."""
    header = [w("row", lang), w("status", lang), w("reason", lang), w("sku", lang), w("amount", lang),
              w("date", lang)]
    return csv_text([header, *(
        [i.row, w(i.kind, lang), issue_text(i, lang), i.sku, i.amount, i.day] for i in result.issues
    )], delimiter=";" if lang == "nl" else ",")


# --- shared pieces -----------------------------------------------------------------------------


def _origin(item: Provenance | None, lang: Lang) -> str:
    if item is None or item.illustrative:
        return w("illustrative", lang)
    return str(item.source)


def _shown(a: Assessment) -> list[SubtrackResult]:
    """The subtracks worth a line: enrolled ones and those with projected sales."""
    return [s for s in a.subtracks if s.enrolled or s.projected_sales]


def _rate_illustrative(a: Assessment, sid: str) -> bool:
    return a.edition.subtrack_by_id[sid].rate.illustrative


def _family_name(edition: Edition, sid: str, fid: str | None) -> str:
    return "" if fid is None else family_name(edition, sid, fid)


def _gap_texts(s: SubtrackResult, e: Edition, f: Fmt, ship: dict[str, tuple[str, bool]]) -> list[str]:
    """A subtrack's gaps in words, then those of its product families held back by their own requirements,
    then what of its sales is still to ship (`ship`: `shipping_messages`)."""
    return list(dict.fromkeys([*(gap_message(g, s.name, e, f) for g in s.gaps),
                               *(text for text, _ in family_gap_messages(s, e, f)),
                               *([ship[s.id][0]] if s.id in ship else [])]))


def _list(ids: Iterable[str], edition: Edition, lang: Lang) -> str:
    names = [edition.name_of(i) for i in ids]
    return ", ".join(names) if names else w("none", lang)


def _inputs(a: Assessment, fmt: Fmt) -> list[tuple[str, Any, str]]:
    """(label, value, kind) rows: kind is text, money, pct, int or date."""
    lang, p, e = fmt.lang, a.profile, a.edition
    rows: list[tuple[str, Any, str]] = [
        (w("partner", lang), p.partner, "text"),
        (w("country", lang), fmt.country(p.country), "text"),
        (w("edition", lang), e.name, "text"),
        (w("period", lang), fmt.period(a.period), "text"),
        (w("certification", lang), e.certification_by_id[p.certification].name, "text"),
        (w("specializations", lang), _list(p.specializations, e, lang), "text"),
        (w("atp", lang), _list(p.atp, e, lang), "text"),
        (w("csat", lang), f"{p.csat_responses} / {a.csat_required}", "text"),
        (w("enrolled", lang), _list(p.enrolled, e, lang), "text"),
    ]
    for person in p.staff:
        role = words.text(lang, f"role.{person.role}")
        label = f"{w('staff', lang)}: " + (f"{person.name}, {role}" if person.name else role)
        rows.append((label, _list(person.covers, e, lang), "text"))
    rows += [
        (w("as_of", lang), a.as_of, "date"),
        *((w("warning", lang), x.message, "text") for x in as_of_warnings(a, fmt)),
        *((w("sources", lang), x.message, "text") for x in origin_notes(a, fmt, "app")),
        (w("hourly", lang), a.hourly_cost, "money"),
        (w("horizon", lang), a.roi.horizon_periods, "int"),
        (w("discount", lang), a.discount_rate, "pct"),
    ]
    for s in a.subtracks:
        sales = p.projected_sales.get(s.id)
        if sales is None:
            continue
        if isinstance(sales, dict):
            for fid, v in sales.items():
                rows.append((f"{w('projected', lang)}: {s.name} / {_family_name(e, s.id, fid)}", v, "money"))
        else:
            rows.append((f"{w('projected', lang)}: {s.name}", sales, "money"))
        if s.id in p.to_ship:
            rows.append((f"{w('to_ship', lang)}: {s.name}", p.to_ship[s.id], "money"))
    return rows


def _changes(a: Assessment, base: Assessment | None) -> Plan | None:
    """What the partner's changes against `base` (the partner as loaded) are worth, if it differs."""
    if base is None or base.profile == a.profile:
        return None
    return value_of(base, a)


def _payback(inv: Investment, roi: Roi, fmt: Fmt) -> Decimal | str:
    """Periods to pay back as a figure where that is how one says it (more than one period, within the
    horizon), else in words as the app says it: nothing to invest, never, at once, within the first
    period, "7.3 periods (beyond the horizon of 1 period)"."""
    if nothing_to_invest(inv, roi):
        return w("nothing", fmt.lang)
    p = roi.payback_periods
    if p is None:
        return w("never", fmt.lang)
    if beyond_horizon(roi):
        return payback_phrase(inv, roi, fmt)
    return p if p > 1 else payback_words(inv, roi, fmt)[0]


def _roi(roi: Roi, fmt: Fmt) -> Decimal | str:
    """The ROI as a fraction, or in words why there is none to show (nothing spent, or too little)."""
    if roi.roi is None:
        return w("na", fmt.lang)
    return roi.roi if roi.spend >= SMALL_SPEND else str(roi_words(roi, fmt))


def _held_back(a: Assessment, fmt: Fmt) -> list[str]:
    """The subtracks whose costed gaps the investment leaves out, short of their minimum, in words."""
    return held_back_text(a, held_back(a), fmt)


def _change_rows(plan: Plan, a: Assessment, fmt: Fmt) -> list[tuple[str, Any, str]]:
    """(label, value, kind) rows of what the changes are and are worth, as `_inputs` gives them."""
    r, lang = plan.roi, fmt.lang
    return [
        (w("actions", lang), "; ".join(action_label(x, a.edition, lang) for x in plan.actions) or w("none", lang),
         "text"),
        (w("changes_cost", lang), plan.investment.one_off, "money"),
        (w("renewal", lang), plan.investment.renewal_per_year, "money"),
        (w("extra_first", lang), plan.first, "money"),
        (w("extra_later", lang), plan.steady, "money"),
        (w("changes_payback", lang), _payback(plan.investment, r, fmt), "num"),
        (w("changes_roi", lang), _roi(r, fmt), "pct"),
        (w("changes_npv", lang), r.npv, "money"),
    ]


def _sources(a: Assessment, lang: Lang) -> list[tuple[str, str, str, bool]]:
    """(item, value, origin, illustrative) for every rule figure this assessment used."""
    e, f = a.edition, Fmt(lang)
    out: list[tuple[str, str, str, bool]] = []

    def add(item: str, value: str, prov: Provenance | None) -> None:
        out.append((item, value, _origin(prov, lang), prov is None or prov.illustrative))

    add(w("max_rate", lang), f.pct(e.max_rate.value), e.max_rate)
    add(w("policy", lang), words.text(lang, f"prog.policy_{e.policy.minimums}"), e.policy)
    months = words.plural(lang, "period.months", a.period.months)
    add(f"{w('period', lang)}: {months}", f"{f.day(a.period.start)} – {f.day(a.period.end)}", a.period)
    if e.late_enrollment is not None:
        add(words.text(lang, "prog.late_enrollment"), words.text(lang, f"prog.policy_{e.late_enrollment.bookings}"),
            e.late_enrollment)
    if e.payment is not None:
        add(words.text(lang, "prog.payment_lag"), words.plural(lang, "prog.lag_months", e.payment.lag_months),
            e.payment)
    if e.shipping is not None and (ship_by := e.ship_by(a.period)):
        add(words.plural(lang, "prog.ship_by", e.shipping.window_days.value), f.day(ship_by), e.shipping.window_days)
    cert = e.certification_by_id[a.profile.certification]
    add(f"{w('csat_required', lang)}: {cert.name}", str(cert.csat_required.value), cert.csat_required)
    if cert.implies:
        add(f"{cert.name} ⇒", _list(cert.implies.ids, e, lang), cert.implies)
    for s in _shown(a):
        rule = e.subtrack_by_id[s.id]
        add(f"{w('rate', lang)}: {s.name}", f.pct(s.rate), rule.rate)
        for fam in rule.families:
            if fam.rate is not None:
                add(f"{w('rate', lang)}: {s.name} / {fam.name}", f.pct(fam.rate.value), fam.rate)
        _, table = e.min_volume(rule, a.period.id, a.profile.country)
        minimum_in = words.text(lang, "report.minimum_in", country=f.country(a.profile.country))
        add(f"{minimum_in}: {s.name}", f.money(s.min_volume), table)
    for aid in a.investment.authorizations:
        auth = e.authorization_by_id[aid]
        for x in auth.exams:
            add(f"{w('exam', lang)}: {x.name}", f.money(x.fee.value), x.fee)
        t = auth.training
        value = (words.plural(lang, "report.learning_credits", t.learning_credits) if t.learning_credits is not None
                 else f.money(t.usd or 0))
        add(f"{w('training', lang)}: {auth.name}", value, t)
        add(f"{w('hours', lang)}: {auth.name}", _hours(auth.staff_hours.value, lang), auth.staff_hours)
        add(f"{w('months_to_earn', lang)}: {auth.name}", words.plural(lang, "period.months", auth.months_to_earn.value),
            auth.months_to_earn)
        add(f"{w('renewal', lang)}: {auth.name}", f.money(auth.renewal_per_year.value), auth.renewal_per_year)
    for role, _n in a.investment.new_people:
        policy = e.roles[role]
        add(f"{w('new_person', lang)}: {words.text(lang, f'role.{role}')}", f"{f.money(policy.new_person_fee.value)}, "
            f"{_hours(policy.new_person_hours.value, lang)}", policy.new_person_fee)
    d, assumed = e.defaults, a.profile.assumptions
    if assumed.hourly_cost is None:
        add(f"{w('defaults', lang)}: {w('hourly', lang)}", f.money(d.hourly_cost.value), d.hourly_cost)
    if assumed.discount_rate is None:
        add(f"{w('defaults', lang)}: {w('discount', lang)}", f.pct(d.discount_rate.value), d.discount_rate)
    if assumed.horizon_periods is None:
        add(f"{w('defaults', lang)}: {w('horizon', lang)}", str(d.horizon_periods.value), d.horizon_periods)
    credit = d.learning_credit_usd
    add(f"{w('defaults', lang)}: {w('credit_value', lang)}", f.money(credit.value), credit)
    return out


def _hours(n: int, lang: Lang) -> str:
    return words.plural(lang, "report.hours_n", n)


def _no_cash_flow(a: Assessment, changed_from: str | None, lang: Lang) -> list[str]:
    """Why there is no cash flow to show, in words; empty when there is one. With nothing to invest
    its table would be zeros: either the what-if already holds all that closing the gaps asks for,
    or the investment leaves costed gaps out (and says why). The changes against `changed_from`
    (the partner as loaded), when there are any, are valued in a part of their own."""
    if not nothing_to_invest(a.investment, a.roi):
        return []
    out = [w("roi_held" if held_back(a) else "roi_nothing", lang)]
    if changed_from is not None:
        out.append(words.text(lang, "report.roi_changes", partner=changed_from))
    return out

# --- Excel -------------------------------------------------------------------------------------


def excel_report(a: Assessment, fmt: Fmt | None = None, base: Assessment | None = None,
                 made: datetime | None = None) -> bytes:
    """The assessment as an .xlsx workbook: one sheet per part, formatted for reading; with `base`
    (the partner as loaded) and changes against it, a sheet of what they cost and are worth. It
    says when it was `made` (now when not given), in the reader's time zone (`fmt.tz`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    f = fmt or Fmt("en")
    lang, e = f.lang, a.edition
    money_fmt = f'#,##0 "{f.currency}";-#,##0 "{f.currency}"'
    formats = {"money": money_fmt, "pct": "0.0%", "int": "#,##0", "num": "0.0", "date": "d mmm yyyy", "text": "@"}
    head_font, head_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    flag_fill = PatternFill("solid", fgColor="FFF2CC")
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the default sheet: every sheet below is named

    def money(v: Decimal | int) -> float:
        return float(Decimal(v) * f.per_usd)

    def in_currency(key: str) -> str:
        """The heading of a column of amounts, which the cells show as bare numbers: "Omzet (USD)"."""
        return f"{w(key, lang)} ({f.currency})"

    def sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence[tuple[Any, str]]],
              flags: Sequence[bool] = ()) -> Any:
        ws = wb.create_sheet(title[:31])
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths = [len(h) for h in headers]
        for r, row in enumerate(rows, start=2):
            for c, (value, kind) in enumerate(row, start=1):
                if isinstance(value, Decimal):
                    value = money(value) if kind == "money" else float(value)
                cell = ws.cell(row=r, column=c, value=safe_cell(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                if kind != "text" or isinstance(value, str):
                    cell.number_format = formats[kind] if not isinstance(value, str) else "@"
                if r - 2 < len(flags) and flags[r - 2]:
                    cell.fill = flag_fill
                shown = f.money(Decimal(str(value))) if kind == "money" and value is not None else str(value or "")
                widths[c - 1] = max(widths[c - 1], min(len(shown), 70))
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width + 3
            if width > 60:
                for cell in ws[get_column_letter(c)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        return ws

    inputs = [*_inputs(a, f), (w("generated", lang), f.moment(made or datetime.now(UTC)), "text")]
    sheet(w("inputs", lang), [w("field", lang), w("value", lang)],
          [[(label, "text"), (value, kind)] for label, value, kind in inputs])
    changes = _changes(a, base)
    if changes is not None and base is not None:
        title = w("changes", lang).format(partner=base.profile.partner)
        ws = sheet(w("changes_sheet", lang), [title, w("value", lang)],
                   [[(label, "text"), (value, kind)] for label, value, kind in _change_rows(changes, a, f)])
        ws.cell(row=ws.max_row + 2, column=1, value=w("changes_note", lang)).font = Font(italic=True)

    yes, no = w("yes", lang), w("no", lang)
    ship = shipping_messages(a, f)
    elig = [
        [(e.track_of[s.id].name, "text"), (s.name, "text"), (yes if s.enrolled else no, "text"),
         (status_label(s.status, lang), "text"), (s.projected_sales, "money"), (s.min_volume, "money"),
         (s.rate, "pct"), (s.estimated_rebate, "money"), (s.potential_rebate, "money"),
         ("; ".join(_gap_texts(s, e, f, ship)), "text")]
        for s in _shown(a)
    ]
    ws = sheet(w("eligibility", lang),
               [w("track", lang), w("subtrack", lang), w("enrolled_col", lang), w("status", lang),
                in_currency("projected"), in_currency("minimum") + " *", w("rate", lang) + " *", in_currency("now"),
                in_currency("potential"), w("gaps", lang)], elig)
    gap_rows = [
        [(s.name, "text"), (gap_message(g, s.name, e, f), "text"), (g.deadline, "date"),
         (yes if g.attainable else no, "text")]
        for s in _shown(a) for g in s.gaps
    ]
    gap_rows += [
        [(s.name, "text"), (text, "text"), (min(g.deadline for g in fam.gaps), "date"),
         (yes if fam.attainable else no, "text")]
        for s in _shown(a) for fam, (text, _) in zip(s.family_gaps, family_gap_messages(s, e, f), strict=True)
    ]
    ship_by = e.ship_by(a.period)
    gap_rows += [[(s.name, "text"), (ship[s.id][0], "text"), (ship_by, "date"), (no if ship[s.id][1] else yes, "text")]
                 for s in _shown(a) if s.id in ship]
    if gap_rows:
        start = ws.max_row + 2
        for c, h in enumerate([w("subtrack", lang), w("gap", lang), w("deadline", lang), w("attainable", lang)], 1):
            cell = ws.cell(row=start, column=c, value=h)
            cell.font, cell.fill = head_font, head_fill
        for r, row in enumerate(gap_rows, start=start + 1):
            for c, (value, kind) in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=safe_cell(value))
                cell.number_format = formats[kind]
    ws.cell(row=ws.max_row + 2, column=1, value=w("disclaimer", lang)).font = Font(italic=True)

    line_rows = [
        [(s.name, "text"), (_family_name(e, s.id, x.family) or s.name, "text"), (x.base, "money"), (x.rate, "pct"),
         (x.amount, "money"), (yes if s.eligible else no, "text")]
        for s in _shown(a) for x in s.lines
    ]
    line_rows += [
        [(w("bonus", lang), "text"), (words.rules_text(lang, "bonus." + b.id, b.name), "text"), (b.base, "money"),
         (b.rate, "pct"), (b.estimated, "money"),
         (f"{w('cap', lang)} {f.money(b.cap)}; {w('potential', lang)} {f.money(b.potential)}", "text")]
        for b in a.bonuses
    ]
    sheet(w("lines", lang), [w("subtrack", lang), w("family", lang), in_currency("base"), w("rate", lang),
                             in_currency("line_rebate"), w("counts", lang)], line_rows)

    inv = a.investment
    inv_rows = [
        [(words.text(lang, f"report.kind.{x.kind}"), "text"), (item, "text"),
         (e.name_of(x.authorization) if x.authorization else "", "text"), (x.cash, "money"), (x.hours, "int")]
        for x, item in zip(inv.lines, _cost_items(inv, lang), strict=True)
    ]
    inv_rows += [
        [(w("earn", lang), "text"), (_list(inv.authorizations, e, lang), "text"), ("", "text"), (inv.cash, "money"),
         (inv.hours, "int")],
        [(w("hourly", lang), "text"), ("", "text"), ("", "text"), (a.hourly_cost, "money"), ("", "text")],
        [(w("one_off", lang), "text"), ("", "text"), ("", "text"), (inv.one_off, "money"), ("", "text")],
        [(w("renewal", lang), "text"), ("", "text"), ("", "text"), (inv.renewal_per_year, "money"), ("", "text")],
    ]
    ws = sheet(w("investment", lang), [w("kind", lang), w("item", lang), w("authorization", lang),
                                       in_currency("cash"), w("hours", lang)], inv_rows)
    for i, line in enumerate(_held_back(a, f)):  # beside a zero investment, the costed gaps say why
        ws.cell(row=ws.max_row + (2 if i == 0 else 1), column=1, value=safe_cell(line)).font = Font(italic=True)

    roi = a.roi
    no_flow = _no_cash_flow(a, base.profile.partner if changes is not None and base is not None else None, lang)
    if no_flow:  # a table of zeros would say nothing: the sheet says why there is no cash flow
        sheet(w("roi", lang), [w("roi", lang)], [[(line, "text")] for line in no_flow])
    else:
        flow = [[(0, "int"), (Decimal(0), "money"), (Decimal(0), "money"), (-inv.one_off, "money"),
                 (roi.cumulative[0], "money")]]
        for t, (gain, renewal) in enumerate(zip(roi.incremental, roi.renewals, strict=True), start=1):
            # Net: the cash of the period, which a payment lag moves later than the rebate earned in it.
            flow.append([(t, "int"), (gain, "money"), (renewal, "money"),
                         (roi.cumulative[t] - roi.cumulative[t - 1], "money"), (roi.cumulative[t], "money")])
        ws = sheet(w("roi", lang), [w("t", lang), in_currency("incremental"), in_currency("renewals"),
                                    in_currency("net"), in_currency("cumulative")], flow)
        summary = [
            (w("payback", lang), payback if isinstance(payback := _payback(inv, roi, f), str) else float(payback),
             "0.0"),
            (w("roi_total", lang), ratio if isinstance(ratio := _roi(roi, f), str) else float(ratio), "0.0%"),
            (w("npv", lang), money(roi.npv), money_fmt),
            (w("discount", lang), float(a.discount_rate), "0.0%"),
        ]
        if roi.lag_months:  # the cumulative cash counts each rebate from when it comes in
            summary.append((w("paid_late", lang), charts.cash(roi, f).paid, "@"))
        start = ws.max_row + 2
        for i, (label, value, number_format) in enumerate(summary):
            ws.cell(row=start + i, column=1, value=label).font = Font(bold=True)
            cell = ws.cell(row=start + i, column=2, value=value)
            cell.number_format = number_format if not isinstance(value, str) else "@"

    sources = _sources(a, lang)
    sheet(w("sources", lang), [w("item", lang), w("value", lang), w("origin", lang)],
          [[(item, "text"), (value, "text"), (origin, "text")] for item, value, origin, _ in sources],
          flags=[flag for *_, flag in sources])

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- HTML --------------------------------------------------------------------------------------


def html_report(a: Assessment, fmt: Fmt | None = None, made: datetime | None = None,
                base: Assessment | None = None) -> str:
    """The assessment as one self-contained HTML page (inline CSS and SVG; prints to PDF cleanly);
    with `base` (the partner as loaded) and changes against it, what they cost and are worth.
    It says when it was `made` (now when not given), in the reader's time zone (`fmt.tz`).

    Everything here is text, worded and formatted; the template `report/report.html` lays it out
    and escapes it."""
    f = fmt or Fmt("en")
    lang, e, p, inv, r = f.lang, a.edition, a.profile, a.investment, a.roi
    star = " *"
    shown = _shown(a)
    yes, no = w("yes", lang), w("no", lang)
    ship, to_ship = shipping_messages(a, f), shipping_of(a)

    def heads(*keys: str) -> list[str]:
        return [w(k, lang) for k in keys]

    kpis = [
        (w("now", lang), f.money(a.estimated_rebate)),
        *([(w("depends_on_shipping", lang), f.money(to_ship.depends))] if to_ship else []),
        (w("potential", lang), f.money(a.potential_rebate)),
        (w("one_off", lang), f.money(inv.one_off)),
        (w("payback", lang), _format(_payback(inv, r, f), "num", f)),
        (w("roi_total", lang), _format(_roi(r, f), "pct", f)),
        (w("npv", lang), f.money(r.npv)),
    ]

    elig = {
        "heads": heads("subtrack", "status", "projected", "minimum", "rate", "now", "potential"),
        "numeric": range(2, 7),
        "rows": [{
            "name": s.name,
            "status": status_label(s.status, lang),
            "eligible": s.eligible,
            "figures": [f.money(s.projected_sales),
                        f.money(s.min_volume) + (star if s.min_volume_source is None else ""),
                        f.pct(s.rate) + (star if _rate_illustrative(a, s.id) else ""),
                        f.money(s.estimated_rebate), f.money(s.potential_rebate)],
            "gaps": _gap_texts(s, e, f, ship),
        } for s in shown],
    }

    line_rows = [
        [s.name, _family_name(e, s.id, x.family) or s.name, f.money(x.base), f.pct(x.rate), f.money(x.amount),
         yes if s.eligible else no]
        for s in shown for x in s.lines
    ]
    line_rows += [
        [w("bonus", lang), words.rules_text(lang, "bonus." + b.id, b.name), f.money(b.base), f.pct(b.rate),
         f.money(b.estimated),
         f"{w('cap', lang)} {f.money(b.cap)}"]
        for b in a.bonuses
    ]

    investment = {
        "held": _held_back(a, f),
        "summary": [
            (w("earn", lang), _list(inv.authorizations, e, lang)),
            (w("one_off", lang),
             f"{f.money(inv.one_off)} ({f.money(inv.cash)} + {f.num(inv.hours)} × {f.money(a.hourly_cost)})"),
            (w("renewal", lang), f.money(inv.renewal_per_year)),
        ],
        "heads": heads("kind", "item", "authorization", "cash", "hours"),
        "numeric": (3, 4),
        "rows": [
            [words.text(lang, f"report.kind.{x.kind}"), item,
             e.name_of(x.authorization) if x.authorization else "", f.money(x.cash), f.num(x.hours)]
            for x, item in zip(inv.lines, _cost_items(inv, lang), strict=True)
        ],
    }

    flow_rows = [["0", f.money(0), f.money(0), f.money(-inv.one_off), f.money(r.cumulative[0])]]
    for t, (gain, renewal) in enumerate(zip(r.incremental, r.renewals, strict=True), start=1):
        flow_rows.append([str(t), f.money(gain), f.money(renewal), f.money(r.cumulative[t] - r.cumulative[t - 1]),
                          f.money(r.cumulative[t])])

    sources = _sources(a, lang)
    changes, changes_part = _changes(a, base), None
    if changes is not None and base is not None:
        changes_part = {
            "title": w("changes", lang).format(partner=base.profile.partner),
            "heads": heads("item", "value"),
            "rows": [[label, _format(value, kind, f)] for label, value, kind in _change_rows(changes, a, f)],
        }

    return render(
        "report/report.html",
        lang=lang,
        title=f"{w('title', lang)}: {p.partner}",
        partner=p.partner,
        words={k: w(k, lang) for k in ("title", "as_of", "summary", "changes_note", "eligibility",
                                       "lines", "investment", "none", "roi", "inputs", "sources",
                                       "disclaimer", "generated")},
        meta={"edition": e.name, "period": f.period(a.period), "country": f.country(p.country),
              "certification": e.certification_by_id[p.certification].name, "as_of": f.day(a.as_of)},
        warnings=[x.message for x in as_of_warnings(a, f)],
        origins=[x.message for x in origin_notes(a, f, "app")],
        kpis=kpis,
        changes=changes_part,
        elig=elig,
        progress_chart=charts.progress(shown, f),
        lines={"heads": heads("subtrack", "family", "base", "rate", "line_rebate", "counts"), "rows": line_rows,
               "numeric": (2, 3, 4)},
        investment=investment,
        flow={"heads": heads("t", "incremental", "renewals", "net", "cumulative"), "rows": flow_rows,
              "numeric": range(5),
              "instead": _no_cash_flow(a, base.profile.partner if changes_part and base else None, lang)},
        cash_chart=charts.cash(r, f, bool(inv.one_off or any(r.incremental))),
        inputs={"heads": heads("field", "value"),
                "rows": [[label, _format(value, kind, f)] for label, value, kind in _inputs(a, f)]},
        sources={"heads": heads("item", "value", "origin"),
                 "rows": [[item, value, origin] for item, value, origin, _ in sources],
                 "row_classes": ["illustrative" if flag else "" for *_, flag in sources]},
        made=f.moment(made or datetime.now(UTC)),
    )


def _cost_items(inv: Investment, lang: Lang) -> list[str]:
    """What each cost line is: the engine's label where it says more than the kind column already
    does, a new person's role in words ("1 × Field engineer (FE)")."""
    people = iter(inv.new_people)  # the engine adds the new people's lines in this order
    out = []
    for x in inv.lines:
        if x.kind == "new_person":
            role, n = next(people)
            out.append(f"{n} × {words.text(lang, f'role.{role}')}")
        else:
            out.append("" if x.kind in ("training", "staff_hours") else x.label)
    return out


def _format(value: Any, kind: str, f: Fmt) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind == "num":
        return f.num(value, 1)
    if kind == "money":
        return f.money(value)
    if kind == "pct":
        return f.pct(value)
    if kind == "int":
        return f.num(value)
    if kind == "date":
        return f.day(value)
    return str(value)


def report_filename(a: Assessment, extension: Literal["xlsx", "html"], lang: Lang = "en") -> str:
    """A report's file name in the language, safe on every system:
    `vip-werkmap-voorbeeld-netwerken-bv-vip25-6-maanden.xlsx`, `vip-report-…-6-months.html`."""
    months = words.plural(lang, "period.months", a.period.months)
    partner = _slug(a.profile.partner)[:60] or "partner"
    return f"{_slug(' '.join((w(f'file.{extension}', lang), partner, a.edition.id, months)))}.{extension}"


def issues_filename(source: str, lang: Lang = "en") -> str:
    """The file name of an import's lines that do not count, in the language, after the file read:
    `niet-meegetelde-regels-bookings-voorbeeld-netwerken.csv`."""
    stem = _slug(source.rsplit(".", 1)[0])[:60]
    return f"{_slug(w('file.issues', lang) + ' ' + stem)}.csv"


def _slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens, accents dropped: "Café B.V." → `cafe-b-v`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
