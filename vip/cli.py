"""The `vip` command: rules, validate, assess, compare, recommend, import, portfolio, scenarios, report.

Exit 0 on success; 2 on bad input, with one line on stderr naming the file, where and what.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from vip.calc.engine import assess
from vip.calc.scenario import compare
from vip.io.rules import (
    Document,
    bases_in,
    load_profile,
    load_rules,
    parse_edition,
    read_bytes,
    read_document,
    rules_dir,
    shipped,
)
from vip.model.checks import nearest
from vip.model.edition import Edition
from vip.model.errors import RulesError, VipError
from vip.present import words
from vip.present.explain import Fmt, error_line
from vip.present.output import (
    assessment_dict,
    assessment_text,
    comparison_dict,
    comparison_text,
    edition_dict,
    rules_text,
)


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text())


def _edition(editions: dict[str, Edition], edition_id: str, option: str) -> Edition:
    if edition_id not in editions:
        raise RulesError(code="error.cli.unknown_edition", params={"edition": edition_id},
                         suggestion=nearest(edition_id, editions), where=option)
    return editions[edition_id]


def cmd_rules(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    if args.diff:
        _rules_diff(args, editions)
        return
    if args.country:
        raise VipError(code="error.cli.country_without_diff", where="--country")
    chosen = list(editions.values())
    if args.edition:
        chosen = [_edition(editions, args.edition, "--edition")]
    fmt = Fmt(args.lang)
    _emit(args, {"editions": [edition_dict(e) for e in chosen]},
          lambda: "\n\n".join(rules_text(e, fmt) for e in chosen))


def _rules_diff(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    import pycountry

    from vip.calc.diff import differences
    from vip.present.diff import difference_dict, differences_text

    if any(x not in editions for x in args.diff):  # a folder of one's own editions: the other may be a shipped one
        editions = {**load_rules(shipped("rules")), **editions}
    a, b = (_edition(editions, x, "--diff") for x in args.diff)
    country = (args.country or "default").strip()
    if country != "default":
        country = country.upper()
        if len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
            raise VipError(code="error.value.country_code", params={"got": repr(args.country)}, where="--country")
    diffs = differences(a, b, country)
    fmt = Fmt(args.lang)
    _emit(args, [difference_dict(d, a, b, fmt) for d in diffs], lambda: differences_text(diffs, a, b, fmt))


def cmd_rules_import(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    """`vip rules import-skus|import-minimums FILE`: an edition of the partner's own that extends
    `--base`, written only when every row of the file is placed."""
    from vip.io.imports import import_minimums, import_skus, rules_text
    from vip.io.rules import MAX_FILE_BYTES
    from vip.io.tables import MAX_BYTES
    from vip.model.errors import BookingsError
    from vip.present.imports import first_refused, imported_dict, imported_text

    _output(args.out, "--out")
    if args.base not in editions:  # a folder of the partner's own editions: the base may be a shipped one
        editions = {**load_rules(shipped("rules")), **editions}
    base = _edition(editions, args.base, "--base")
    if args.id == base.id:
        raise RulesError(code="rules.import.same_id", params={"id": args.id}, where="--id")
    data = read_bytes(args.file, BookingsError, MAX_BYTES)
    run = import_skus if args.action == "import-skus" else import_minimums
    imported = run(data, args.file, base, args.id, mapping=_pairs(args.map, "--map FIELD=COLUMN") or None,
                   sheet=args.sheet)
    written = None
    if not imported.refused:
        text = rules_text(imported)
        if len(text.encode()) > MAX_FILE_BYTES:
            raise RulesError(code="error.file.too_large", params={"limit": MAX_FILE_BYTES}, file=args.out,
                             where="--out")
        # checked as it will be loaded, before it is written: nothing half-written
        parse_edition(Document(Path(args.out), text, RulesError),
                      bases_in(Path(args.out).parent, Path(args.rules or rules_dir())))
        _write(args.out, text, "--out")
        written = args.out
    _emit(args, imported_dict(imported, written, args.lang), lambda: imported_text(imported, written, Fmt(args.lang)))
    if imported.refused:
        raise RulesError(code="rules.import.refused", params=first_refused(imported, args.lang), file=args.file)


def cmd_validate(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    """Rules files are recognised by their `tracks` or `extends`; anything else is read as a profile."""
    checked = []
    for name in args.files:
        doc: Document = read_document(name, RulesError)
        if isinstance(doc.data, dict) and ("tracks" in doc.data or "extends" in doc.data):
            edition = parse_edition(doc, bases_in(doc.path.parent, Path(args.rules or rules_dir())))
            checked.append({"file": name, "kind": "rules", "id": edition.id})
        else:
            profile, _ = load_profile(name, editions)
            checked.append({"file": name, "kind": "profile", "id": profile.partner})
    _emit(args, {"files": checked, "ok": True}, lambda: "\n".join(
        words.text(args.lang, "cli.validate.ok", file=c["file"], id=c["id"],
                   kind=words.text(args.lang, f"cli.validate.{c['kind']}")) for c in checked))


def cmd_assess(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    result = assess(*load_profile(args.profile, editions))
    fmt = Fmt(args.lang)
    _emit(args, assessment_dict(result, fmt), lambda: assessment_text(result, fmt))


def cmd_compare(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    base = assess(*load_profile(args.base, editions))
    whatif = assess(*load_profile(args.whatif, editions))
    diff = compare(base, whatif)
    _emit(args, comparison_dict(diff), lambda: comparison_text(diff, Fmt(args.lang)))


def cmd_recommend(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    from vip.calc.recommend import recommend
    from vip.present.plans import recommendation_dict, recommendation_text

    if args.top < 1:
        raise VipError(code="error.cli.top", params={"got": str(args.top)}, where="--top")
    rec = recommend(*load_profile(args.profile, editions), top=args.top, shortfall=_shortfall(args.shortfall))
    fmt = Fmt(args.lang)
    _emit(args, recommendation_dict(rec, fmt), lambda: recommendation_text(rec, fmt))


def _shortfall(typed: str) -> Decimal:
    """`--shortfall` in % as the fraction the risk is worked out at."""
    shortfall = _finite(typed)
    if shortfall is None or not 0 <= shortfall <= 100:
        raise VipError(code="error.cli.shortfall", params={"got": typed}, where="--shortfall")
    return shortfall / 100


# --- client data: bookings import, saved scenarios, reports ------------------------------------


def _finite(typed: str) -> Decimal | None:
    """A flag's number as typed (`2`, `0.92`), or None: `Decimal` also reads `NaN` and `Infinity`,
    which no flag can mean and which would fail later, outside any check."""
    try:
        value = Decimal(typed)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _positive(typed: str, flag: str, code: str, *, least: Decimal | None = None, most: Decimal | None = None,
              **params: object) -> Decimal:
    """A flag's positive number (within `least`..`most` when given), or the error `code` naming the flag."""
    value = _finite(typed)
    if value is None or value <= 0 or (least is not None and value < least) or (most is not None and value > most):
        raise VipError(code=code, params=params, where=flag)
    return value


def _output(name: str | None, flag: str) -> None:
    """Refuse an output path that cannot be written (a folder, a folder that does not exist, no
    permission) before any work is done."""
    if not name:
        return
    path = Path(name)
    if path.is_dir():
        raise VipError(code="error.file.output_is_folder", file=name, where=flag)
    folder = path.parent
    if not folder.is_dir():
        raise VipError(code="error.file.output_no_folder", params={"folder": str(folder)}, file=name, where=flag)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise VipError(code="error.file.output_denied", file=name, where=flag)


def _write(name: str, data: str | bytes, flag: str) -> None:
    """Write an output file; what the checks before could not foresee (a full disk) is one line too."""
    try:
        if isinstance(data, bytes):
            Path(name).write_bytes(data)
        else:
            Path(name).write_text(data, encoding="utf-8-sig" if flag == "--issues" else "utf-8")
    except OSError as exc:
        raise VipError(code="error.file.cannot_write", params={"detail": exc.strerror or str(exc)}, file=name,
                       where=flag) from None


def _pairs(items: Sequence[str], what: str) -> dict[str, str]:
    out = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise VipError(code="error.cli.pair", params={"form": what, "got": item})
        out[key.strip()] = value.strip()
    return out


def _rates(args: argparse.Namespace) -> dict[str, Decimal]:
    from vip.io.bookings import MAX_RATE, MIN_RATE

    return {k.upper(): _positive(v, "--rate", "error.cli.rate", least=MIN_RATE, most=MAX_RATE, currency=k.upper(),
                                 got=v, low=MIN_RATE, high=MAX_RATE)
            for k, v in _pairs(args.rate, "--rate CUR=UNITS_PER_USD").items()}


def _bookings_file(args: argparse.Namespace) -> tuple[bytes, dict[str, str]]:
    """The bookings file, read once, and the columns given by hand (`--map`, `--partner-column`)."""
    from vip.io.tables import MAX_FILE_BYTES
    from vip.model.errors import BookingsError

    mapping = _pairs(args.map, "--map FIELD=COLUMN")
    if args.partner_column:
        mapping["partner"] = args.partner_column
    return read_bytes(args.bookings, BookingsError, MAX_FILE_BYTES), mapping


def cmd_import(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    from vip.io.bookings import MAX_SCALE, import_bookings, scale_for
    from vip.io.rules import dump_profile
    from vip.io.tables import parse_date
    from vip.model.errors import BookingsError
    from vip.present.bookings import result_dict, result_text
    from vip.present.portfolio import with_bookings
    from vip.present.reports import bookings_issues_csv

    _output(args.issues, "--issues")
    _output(args.out, "--out")
    profile = None
    if args.profile:
        profile, edition = load_profile(args.profile, editions)
        period = args.period or profile.period
    elif args.edition and args.period:
        if args.edition not in editions:
            raise RulesError(code="error.cli.unknown_edition", params={"edition": args.edition},
                             suggestion=nearest(args.edition, editions), where="--edition")
        edition, period = editions[args.edition], args.period
    else:
        raise BookingsError(code="error.cli.import_source", where="vip import")
    rates = _rates(args)
    scale = (_positive(args.scale, "--scale", "bookings.refused.bad_scale", most=MAX_SCALE, scale=args.scale,
                       limit=MAX_SCALE) if args.scale else Decimal(1))
    if args.months_so_far:
        months = _finite(args.months_so_far)
        if months is None:
            raise BookingsError(code="bookings.refused.bad_months", params={"months": args.months_so_far},
                                where="--months-so-far")
        try:
            scale = scale_for(months, edition.period_by_id[period].months if period in edition.period_by_id else 1)
        except BookingsError as exc:
            exc.where = "--months-so-far"
            raise
    as_of = profile.as_of if profile is not None else None
    if args.as_of:
        try:
            as_of = parse_date(args.as_of)
        except ValueError:
            raise BookingsError(code="error.cli.as_of", params={"got": args.as_of}, where="--as-of") from None
    data, mapping = _bookings_file(args)
    result = import_bookings(data, args.bookings, edition, period, mapping=mapping or None, per_usd=rates,
                             currency=args.currency, scale=scale, as_of=as_of, sheet=args.sheet,
                             max_bytes=len(data), partner=args.partner)
    if args.issues:
        _write(args.issues, bookings_issues_csv(result, args.lang), "--issues")
    if args.out:
        if profile is None:
            raise BookingsError(code="error.cli.out_needs_profile", where="vip import")
        updated, _ = with_bookings(profile, result, edition, editions, replace_all=args.replace_all)
        _write(args.out, dump_profile(updated), "--out")
    # The JSON holds every line that does not count; the text, the first of them, which of a distributor's
    # export DuckDB totalled are read from the file's first lines alone.
    _emit(args, result_dict(result, args.lang) if args.format == "json" else None,
          lambda: result_text(result, Fmt(args.lang)))


def _store(args: argparse.Namespace) -> Any:
    from vip.io.store import Store

    return Store(args.db)


def _candidates(args: argparse.Namespace, editions: dict[str, Edition]) -> list[Any]:
    """The partners a portfolio knows: each profile of `--profiles DIR`, or each client's latest saved
    scenario in the store (known by its client's name too)."""
    from vip.present.portfolio import Candidate

    if args.profiles:
        folder = Path(args.profiles)
        if not folder.is_dir():
            raise VipError(code="error.cli.profiles_folder", file=args.profiles, where="--profiles")
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            raise VipError(code="error.cli.no_profiles", file=args.profiles, where="--profiles")
        return [Candidate(load_profile(f, editions)[0], str(f)) for f in files]
    with _store(args) as store:
        return [Candidate(store.load(s.id, editions)[0], f"{s.client}/{s.name}", (s.client,))
                for s in store.latest_scenarios()]


def cmd_portfolio(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    from vip.io.bookings import Export
    from vip.present.portfolio import portfolio, portfolio_dict, portfolio_excel, portfolio_text

    _output(args.excel, "--excel")
    shortfall = _shortfall(args.shortfall)
    rates = _rates(args)
    candidates = _candidates(args, editions)
    data, mapping = _bookings_file(args)
    with Export(data, args.bookings, mapping or None, sheet=args.sheet, max_bytes=len(data)) as export:
        result = portfolio(export, candidates, editions, per_usd=rates, currency=args.currency, shortfall=shortfall,
                           workers=len(os.sched_getaffinity(0)))
    fmt = Fmt(args.lang)
    if args.excel:
        _write(args.excel, portfolio_excel(result, fmt), "--excel")
    _emit(args, portfolio_dict(result, fmt), lambda: portfolio_text(result, fmt))


def cmd_scenarios(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    from vip.io.rules import dump_profile
    from vip.model.errors import StoreError
    from vip.present.output import table

    _output(getattr(args, "out", None), "--out")
    with _store(args) as store:
        if args.action == "list":
            rows = store.scenarios(args.client, deleted=args.deleted)
            data = [{"client": s.client, "scenario": s.name, "partner": s.partner, "edition": s.edition,
                     "versions": s.versions, "updated": s.updated_at.isoformat(timespec="seconds"),
                     "deleted": s.deleted_at.isoformat(timespec="seconds") if s.deleted_at else None} for s in rows]
            _emit(args, {"scenarios": data}, lambda: table(
                words.text(args.lang, "cli.scenarios.cols").split("|"),
                [[d["client"], d["scenario"], d["partner"] or "", d["edition"] or "", str(d["versions"]),
                  str(d["updated"]).replace("T", " ")[:16]] for d in data], right=(4,))
                if data else words.text(args.lang, "cli.none"))
        elif args.action in ("show", "export"):
            found = store.find(args.client, args.scenario)
            profile, _, version = store.load(found.id, editions, args.version)
            text = dump_profile(profile)
            if args.action == "export":
                if args.out:
                    _write(args.out, text, "--out")
                else:
                    sys.stdout.write(text)
                return
            history = store.history(found.id)
            shown = {"client": found.client, "scenario": found.name, "version": version.version, "profile": text,
                    "history": [{"version": v.version, "saved": v.created_at.isoformat(timespec="seconds"),
                                 "note": v.note} for v in history]}
            _emit(args, shown, lambda: "\n".join(
                [words.text(args.lang, "cli.scenarios.version", client=found.client, scenario=found.name,
                            version=version.version, count=len(history)), ""]
                + [f"  v{v.version}  {v.created_at:%Y-%m-%d %H:%M} UTC  {v.note or ''}".rstrip() for v in history]
                + ["", text.rstrip()]))
        elif args.action == "import":
            saved = []
            for name in args.files:
                profile, _ = load_profile(name, editions)
                scenario = args.scenario or Path(name).stem
                if len(args.files) > 1 and args.scenario:
                    raise StoreError(code="error.cli.scenario_one_file")
                note = args.note or words.text(args.lang, "cli.scenarios.imported_from", file=Path(name).name)
                v = store.save(args.client, scenario, profile, note=note)
                saved.append({"file": name, "client": args.client, "scenario": scenario, "version": v.version})
            _emit(args, {"saved": saved}, lambda: "\n".join(
                words.text(args.lang, "cli.scenarios.saved", file=s["file"], client=s["client"],
                           scenario=s["scenario"], version=s["version"]) for s in saved))


def cmd_report(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    from vip.present.reports import excel_report, html_report

    if not (args.excel or args.html):
        raise VipError(code="error.cli.report_output", where="vip report")
    _output(args.excel, "--excel")
    _output(args.html, "--html")
    result = assess(*load_profile(args.profile, editions))
    base = assess(*load_profile(args.against, editions)) if args.against else None
    fmt = Fmt(args.lang)
    written = []
    if args.excel:
        _write(args.excel, excel_report(result, fmt, base), "--excel")
        written.append(args.excel)
    if args.html:
        _write(args.html, html_report(result, fmt, base=base), "--html")
        written.append(args.html)
    _emit(args, {"written": written}, lambda: "\n".join(
        words.text(args.lang, "cli.report.wrote", file=name) for name in written))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vip", description="Cisco VIP what-if advisor: eligibility, rebate, ROI.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("table", "json"), default="table", help="output format (table)")
    common.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the words and errors (en)")
    common.add_argument("--rules", metavar="DIR", help="folder of rules files ($VIP_RULES_DIR, else the shipped ones)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("rules", parents=[common], help="show the editions and their rules")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--edition", metavar="ID")
    shown.add_argument("--diff", nargs=2, metavar=("A", "B"), help="every figure that differs from edition A to B")
    p.add_argument("--country", metavar="CC", help="with --diff: compare the minimums for this country (default)")
    p.set_defaults(run=cmd_rules)
    imports = p.add_subparsers(dest="action", metavar="{import-skus,import-minimums}")
    for action, text in (("import-skus", "a SKU list with rates (CSV/XLSX) as an edition extending --base"),
                         ("import-minimums", "a table of minimums (CSV/XLSX) as an edition extending --base")):
        a = imports.add_parser(action, parents=[common], help=text)
        a.add_argument("file", metavar="FILE")
        a.add_argument("--base", required=True, metavar="ID", help="the edition it extends")
        a.add_argument("--id", required=True, metavar="ID", help="the new edition's id")
        a.add_argument("--out", required=True, metavar="FILE.yaml", help="the rules file to write")
        a.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="column of sku, rate, subtrack, description, joins, leaves (SKUs) or country, subtrack, "
                            "period, minimum (minimums) (repeatable)")
        a.add_argument("--sheet", metavar="NAME", help="XLSX sheet (the first one)")
        a.set_defaults(run=cmd_rules_import)
    p = sub.add_parser("validate", parents=[common], help="check rules and profile files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=cmd_validate)
    p = sub.add_parser("assess", parents=[common], help="assess a partner profile")
    p.add_argument("profile", metavar="PROFILE")
    p.set_defaults(run=cmd_assess)
    p = sub.add_parser("compare", parents=[common], help="compare a what-if profile against a baseline")
    p.add_argument("base", metavar="BASE")
    p.add_argument("whatif", metavar="WHATIF")
    p.set_defaults(run=cmd_compare)
    p = sub.add_parser("recommend", parents=[common],
                       help="the best investment plans, break-even sales and the rebate at risk")
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("--top", type=int, default=5, metavar="N", help="how many plans (5)")
    p.add_argument("--shortfall", default="10", metavar="PCT",
                   help="sales shortfall for the rebate at risk, in %% (10)")
    p.set_defaults(run=cmd_recommend)
    p = sub.add_parser("import", parents=[common], help="total a bookings export (CSV/XLSX/Parquet) per subtrack")
    p.add_argument("bookings", metavar="BOOKINGS")
    p.add_argument("--profile", metavar="PROFILE", help="the partner profile (gives edition and period)")
    p.add_argument("--edition", metavar="ID")
    p.add_argument("--period", metavar="ID")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="column of product, amount, date, currency, description, ship_date or status (repeatable)")
    p.add_argument("--rate", action="append", metavar="CUR=PER_USD", help="exchange rate, e.g. EUR=0.92 (repeatable)")
    p.add_argument("--currency", default="USD", help="currency of lines that name none (USD)")
    scaling = p.add_mutually_exclusive_group()
    scaling.add_argument("--scale", metavar="FACTOR", help="multiply the totals, e.g. 2")
    scaling.add_argument("--months-so-far", metavar="N", help="extrapolate N months of bookings to the period")
    p.add_argument("--sheet", metavar="NAME", help="XLSX sheet (the first one)")
    p.add_argument("--partner", metavar="NAME", help="only this partner's lines (name or Cisco partner id) of a "
                   "distributor's export of many partners")
    p.add_argument("--partner-column", metavar="COL", help="with --partner: the column naming the partner (guessed)")
    p.add_argument("--as-of", metavar="DATE", help="lines without a status ship by their ship date: shipped by "
                   "this day or not (the profile's as_of, else the last booking date)")
    p.add_argument("--out", metavar="FILE", help="write the profile with the imported projected sales")
    p.add_argument("--replace-all", action="store_true", help="with --out: drop sales of subtracks not imported")
    p.add_argument("--issues", metavar="CSV", help="write the lines that do not count to a CSV file")
    p.set_defaults(run=cmd_import)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL", help="database URL (default: $VIP_ADVISOR_DB, else SQLite: "
                    "data/vip_advisor.db in a checkout, ~/.local/share/vip-advisor/ once installed)")
    p = sub.add_parser("scenarios", help="saved clients and scenarios: list, show, export, import")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("list", parents=[common, db], help="list saved scenarios")
    a.add_argument("--client", metavar="NAME")
    a.add_argument("--deleted", action="store_true", help="list the deleted ones (they can be restored)")
    for action, text in (("show", "show a scenario's history and profile"), ("export", "write a profile as YAML")):
        a = actions.add_parser(action, parents=[common, db], help=text)
        a.add_argument("client", metavar="CLIENT")
        a.add_argument("scenario", metavar="SCENARIO")
        a.add_argument("--version", type=int, metavar="N", help="a saved version (the latest)")
        if action == "export":
            a.add_argument("--out", "-o", metavar="FILE", help="file to write (standard output)")
    a = actions.add_parser("import", parents=[common, db], help="save profile files as scenario versions")
    a.add_argument("files", nargs="+", metavar="FILE")
    a.add_argument("--client", required=True, metavar="NAME")
    a.add_argument("--scenario", metavar="NAME", help="scenario name (the file name without .yaml)")
    a.add_argument("--note", metavar="TEXT")
    p.set_defaults(run=cmd_scenarios)
    p = sub.add_parser("portfolio", parents=[common],
                       help="every partner of a distributor's bookings export: rebate, risk, deadline, next step")
    p.add_argument("--bookings", required=True, metavar="FILE",
                   help="the export (CSV/XLSX/Parquet), a partner column beside SKU, amount, date and currency")
    p.add_argument("--partner-column", metavar="COL", help="the column naming the partner (guessed)")
    known = p.add_mutually_exclusive_group(required=True)
    known.add_argument("--profiles", metavar="DIR", help="a folder of partner profiles (matched by partner or "
                       "partner_id)")
    known.add_argument("--db", metavar="URL", help="each client's latest saved scenario in this store")
    p.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                   help="column of product, amount, date, currency, description, ship_date or status (repeatable)")
    p.add_argument("--rate", action="append", metavar="CUR=PER_USD", help="exchange rate, e.g. EUR=0.92 (repeatable)")
    p.add_argument("--currency", default="USD", help="currency of lines that name none (USD)")
    p.add_argument("--sheet", metavar="NAME", help="XLSX sheet (the first one)")
    p.add_argument("--shortfall", default="10", metavar="PCT",
                   help="sales shortfall for the rebate at risk, in %% (10)")
    p.add_argument("--excel", metavar="OUT.xlsx", help="write the portfolio as a workbook")
    p.set_defaults(run=cmd_portfolio)
    p = sub.add_parser("report", parents=[common], help="write a meeting report: Excel and/or HTML")
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("--excel", metavar="OUT.xlsx")
    p.add_argument("--html", metavar="OUT.html")
    p.add_argument("--against", metavar="BASE", help="the partner as it was: what the changes cost and are worth")
    p.set_defaults(run=cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang: words.Lang = getattr(args, "lang", "en")
    try:
        editions = load_rules(args.rules or rules_dir())
        args.run(args, editions)
    except VipError as exc:
        line = error_line(exc, lang)
        print(f"vip: {line.replace(chr(13), ' ').replace(chr(10), ' ')}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: no traceback reaches a user, whatever slipped past the checks
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        print(f"vip: {words.text(lang, 'error.cli.unexpected', detail=detail)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
