"""The `vip` command: rules, validate, assess, compare.

Exit 0 on success; 2 on bad input, with one line on stderr naming the file, where and what.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vip.engine import assess
from vip.errors import RulesError, VipError
from vip.model import Edition
from vip.output import (
    assessment_dict,
    assessment_text,
    comparison_dict,
    comparison_text,
    edition_dict,
    rules_text,
)
from vip.rules import Document, load_profile, load_rules, parse_edition, read_document, suggest
from vip.scenario import compare

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules"


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text())


def cmd_rules(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    chosen = list(editions.values())
    if args.edition:
        if args.edition not in editions:
            raise RulesError(f"unknown edition {args.edition!r}{suggest(args.edition, editions)}",
                             where="--edition")
        chosen = [editions[args.edition]]
    _emit(args, {"editions": [edition_dict(e) for e in chosen]},
          lambda: "\n\n".join(rules_text(e) for e in chosen))


def cmd_validate(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    """Rules files are recognised by their `tracks`; anything else is read as a profile."""
    checked = []
    for name in args.files:
        doc: Document = read_document(name, RulesError)
        if isinstance(doc.data, dict) and "tracks" in doc.data:
            edition = parse_edition(doc)
            checked.append({"file": name, "kind": "rules", "id": edition.id})
        else:
            profile, _ = load_profile(name, editions)
            checked.append({"file": name, "kind": "profile", "id": profile.partner})
    _emit(args, {"files": checked, "ok": True},
          lambda: "\n".join(f"{c['file']}: ok ({c['kind']}, {c['id']})" for c in checked))


def cmd_assess(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    result = assess(*load_profile(args.profile, editions))
    _emit(args, assessment_dict(result), lambda: assessment_text(result))


def cmd_compare(args: argparse.Namespace, editions: dict[str, Edition]) -> None:
    base = assess(*load_profile(args.base, editions))
    whatif = assess(*load_profile(args.whatif, editions))
    diff = compare(base, whatif)
    _emit(args, comparison_dict(diff), lambda: comparison_text(diff))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vip", description="Cisco VIP what-if advisor: eligibility, rebate, ROI.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("table", "json"), default="table", help="output format (table)")
    common.add_argument("--rules", default=str(DEFAULT_RULES), metavar="DIR", help="folder of rules files")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("rules", parents=[common], help="show the editions and their rules")
    p.add_argument("--edition", metavar="ID")
    p.set_defaults(run=cmd_rules)
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        editions = load_rules(args.rules)
        args.run(args, editions)
    except VipError as exc:
        print(f"vip: {exc.line()}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
