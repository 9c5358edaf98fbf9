"""pingan-graph rules: every extraction rule, what it produces and how many cases exercise it."""

from __future__ import annotations

import argparse

NAME = "rules"
HELP = "list every extraction rule: stage, what it produces, priority, requirements, cases"


def register(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``pingan-graph rules``."""
    parser.add_argument("--json", action="store_true", help="print the rules as a JSON list")


def run(args: argparse.Namespace) -> int:
    import json

    from ...extract.catalog import rule_listing

    listing = rule_listing()
    if args.json:
        print(json.dumps([info.to_dict() for info in listing], ensure_ascii=False, indent=1))
        return 0
    for info in listing:
        requires = ", ".join(info.requires) or "-"
        print(
            f"{info.name:24} {info.stage:18} {info.priority:>3}  cases {info.cases:>2}  "
            f"produces {', '.join(info.produces)}; requires {requires}"
        )
    return 0
