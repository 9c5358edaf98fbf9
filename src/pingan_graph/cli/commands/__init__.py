"""Sub-commands of the ``pingan-graph`` command line, one module each.

Each module defines ``NAME``, ``HELP``, ``register(parser)`` (adds its arguments) and
``run(args) -> int``. Heavy imports happen inside ``run`` so that ``pingan-graph --help`` is fast.
To add a command, write its module and list it in ``COMMANDS``.
"""

COMMANDS: tuple[str, ...] = (
    "build",
    "evaluate",
    "stats",
    "query",
    "validate",
    "export",
    "load",
    "rules",
)

__all__ = ["COMMANDS"]
