"""The command line: ``pingan-graph COMMAND …`` (see :mod:`pingan_graph.cli.commands`).

Every error the user can cause ends in one line on stderr naming the file and the problem, exit
status 2, no traceback, and no output file created or half-written. A command whose reader has gone
(``pingan-graph stats --json | head``) stops quietly with status 141, as after SIGPIPE.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from ..errors import PinganError, UsageError
from .commands import COMMANDS

PROG = "pingan-graph"
#: the exit status of a command whose standard output was closed by its reader (128 + SIGPIPE)
EXIT_BROKEN_PIPE = 141

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
        try:
            status = _run(argv)
        finally:  # also after --help's SystemExit: a closed pipe shows here, not at the exit
            sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except PinganError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; output files were left as they were", file=sys.stderr)
        return 130


def _run(argv: Sequence[str] | None) -> int:
    """Parse the arguments and run the command (errors are left to :func:`main`)."""
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


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what is still
    buffered finds no closed pipe (the recipe of Python's signal documentation)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
