"""What a build reads: the user's paths, directories, globs, list files and standard input.

:func:`discover` expands them into :class:`InputSource` items in a fixed order (standard input first,
then files sorted by path, each once) and reports what cannot be used as :class:`Skipped` items
instead of raising, so that a corpus build can go on with the rest.

* a file is taken as given, whatever its name (``.html``/``.htm`` are read as HTML pages);
* a directory stands for every ``.txt``, ``.md``, ``.html`` and ``.htm`` file below it
  (recursively; hidden files and folders are left out);
* a path that does not exist but contains ``*``, ``?`` or ``[`` is a glob (``**`` recurses);
* ``-`` is standard input (HTML when it starts like an HTML document, else text);
* ``--from-list FILE`` adds the paths listed in FILE, one a line (blank lines and ``#`` comments
  ignored; relative paths are relative to the current directory), each expanded as above.

The build's own outputs (``exclude``: ``pingan.html`` … when the output directory is among the
inputs) are never inputs: directories and globs leave them out, and one named on its own is
skipped as "an output of this build".
"""

from __future__ import annotations

import glob
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .htmltext import HTML_SUFFIXES

#: plain-text inputs a directory stands for (besides HTML pages)
TEXT_SUFFIXES = frozenset({".txt", ".md"})
CORPUS_SUFFIXES = TEXT_SUFFIXES | frozenset({".html", ".htm"})
STDIN = "-"
STDIN_NAME = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputSource:
    """One input: a file, or standard input (``path`` is then :data:`STDIN_NAME`)."""

    path: str  # as shown to the user and recorded as the document's source path
    html: bool = False
    data: bytes | None = None  # the bytes, for standard input only

    def read(self) -> bytes:
        """The raw bytes; InputError when the file cannot be read."""
        if self.data is not None:
            return self.data
        try:
            return Path(self.path).read_bytes()
        except FileNotFoundError:
            raise InputError(self.path, "no such file or directory") from None
        except IsADirectoryError:
            raise InputError(self.path, "is a directory") from None
        except PermissionError:
            raise InputError(self.path, "permission denied") from None
        except OSError as exc:
            raise InputError(self.path, f"cannot read file: {exc.strerror or exc}") from None


@dataclass(frozen=True)
class Skipped:
    """An input that was left out, and why."""

    path: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"

    @classmethod
    def of(cls, error: InputError) -> Skipped:
        return cls(error.path, error.problem)


def discover(
    paths: Sequence[str],
    from_list: str | None = None,
    stdin: bytes | None = None,
    exclude: Collection[str] = (),
) -> tuple[list[InputSource], list[Skipped]]:
    """Sources and skipped inputs for the user's paths (see the module docstring).

    ``stdin`` is the content of standard input, read by the caller when ``-`` is among the paths.
    An unreadable ``from_list`` file raises InputError: it is the build's own argument.
    ``exclude``: resolved paths of the build's outputs, files or directories (all below one is out).
    """
    outputs = _Outputs(exclude)
    given = list(paths)
    if from_list is not None:
        given.extend(read_list(from_list))
    found: dict[str, InputSource] = {}  # by resolved path: a file given twice is read once
    skipped: list[Skipped] = []
    stdin_source: InputSource | None = None
    for item in given:
        if item == STDIN:
            if stdin_source is None:
                data = stdin or b""
                from .htmltext import looks_like_html

                stdin_source = InputSource(STDIN_NAME, html=looks_like_html(data), data=data)
            continue
        try:
            files = _expand_resolved(item, outputs)
        except InputError as exc:
            skipped.append(Skipped.of(exc))
            continue
        for path, resolved in files:
            found.setdefault(resolved, InputSource(str(path), html=path.suffix.lower() in HTML_SUFFIXES))
    sources = sorted(found.values(), key=lambda s: s.path)
    return ([stdin_source] if stdin_source else []) + sources, skipped


def read_list(list_file: str) -> list[str]:
    """The paths listed in a ``--from-list`` file."""
    try:
        text = Path(list_file).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(list_file, "no such file (--from-list)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(list_file, f"cannot read the list of inputs: {exc}") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


class _Outputs:
    """The build's outputs, to be left out of its inputs: resolved paths of files and directories."""

    def __init__(self, paths: Collection[str]) -> None:
        self.paths = frozenset(paths)
        self.folders = tuple(p.rstrip(os.sep) + os.sep for p in self.paths)

    def __contains__(self, resolved: object) -> bool:
        return isinstance(resolved, str) and (
            resolved in self.paths or any(resolved.startswith(f) for f in self.folders)
        )

    def leave_out(self, files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
        return [f for f in files if f[1] not in self] if self.paths else files


def _expand_resolved(given: str, outputs: _Outputs | None = None) -> list[tuple[Path, str]]:
    """The input files one user path stands for, each with its resolved path (symbolic links
    followed), less the build's ``outputs``; InputError when it stands for none."""
    outputs = outputs if outputs is not None else _Outputs(())
    path = Path(given)
    if not path.exists():
        if _GLOB_CHARS & set(given):
            matches = sorted(Path(m) for m in glob.glob(given, recursive=True))
            files = [
                f
                for m in matches
                for f in (_files_below(m) if m.is_dir() else [(m, os.path.realpath(m))])
                if f[0].is_file()
            ]
            files = outputs.leave_out(files)
            if not files:
                raise InputError(given, "no files match the pattern")
            return files
        raise InputError(given, "no such file or directory")
    if path.is_dir():
        files = outputs.leave_out(_files_below(path))
        if not files:
            raise InputError(given, "no .txt or .md (nor .html/.htm) files in directory")
        return files
    if not path.is_file():
        raise InputError(given, "not a regular file")
    resolved = os.path.realpath(path)
    if resolved in outputs:
        raise InputError(given, "is an output of this build")
    return [(path, resolved)]


def _files_below(root: Path) -> list[tuple[Path, str]]:
    """Visible corpus files below a directory, sorted, with their resolved paths.

    Hidden files and folders are left out; symbolic links to folders are not followed (as
    ``Path.rglob``), links to files are taken. Only the root and the links are resolved: below a
    resolved folder that is no link, a file's resolved path is its path there (one ``realpath``
    per input would cost a system call per component of its path).
    """
    out: list[tuple[Path, str]] = []
    stack = [(str(root), os.path.realpath(root))]
    while stack:
        folder, real = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue  # (as rglob: an unreadable folder has nothing to give)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_link = entry.is_symlink()
                if entry.is_dir():
                    if not is_link:
                        stack.append((entry.path, os.path.join(real, name)))
                    continue
                if os.path.splitext(name)[1].lower() not in CORPUS_SUFFIXES or not entry.is_file():
                    continue
            except OSError:
                continue
            resolved = os.path.realpath(entry.path) if is_link else os.path.join(real, name)
            out.append((Path(entry.path), resolved))
    out.sort(key=lambda f: f[0])
    return out
