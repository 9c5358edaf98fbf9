"""One exception tree: every failure the user can cause is a PinganError with a one-line message."""

from __future__ import annotations


class PinganError(Exception):
    """Base of every error pingan-graph raises on purpose."""

    exit_code = 2


class InputError(PinganError):
    """An input file or directory cannot be used (missing, empty, binary, not UTF-8 ...)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(PinganError):
    """An output file cannot be written."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UsageError(PinganError):
    """The command line or an argument is wrong."""
