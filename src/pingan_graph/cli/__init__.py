"""The command line: ``pingan-graph COMMAND …`` (see :mod:`pingan_graph.cli.commands`).

Every error the user can cause ends in one line on stderr naming the file and the problem, exit
status 2, no traceback, and no output file created or half-written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ..errors import PinganError, UsageError
from .commands import COMMANDS

PROG = "pingan-graph"

__all__ = ["PROG", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors share the one error path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message if self.prog == PROG else f"{self.prog}: {message}")


def _parser() -> tuple[argparse.ArgumentParser, dict]:
    """The argument parser with every command's arguments, and the command modules by name."""
    parser = _Parser(prog=PROG, description="Chinese governance news in, a linked RDF knowledge graph out.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    modules = {}
    for name in COMMANDS:
        mod = importlib.import_module(f".commands.{name}", __package__)
        modules[mod.NAME] = mod
        mod.register(sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP))
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser, modules = _parser()
        args = parser.parse_args(argv)
        if args.version:
            from .._version import __version__

            print(f"{PROG} {__version__}")
            return 0
        if args.command is None:
            parser.print_help()
            return 2
        return modules[args.command].run(args)
    except PinganError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; output files were left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
