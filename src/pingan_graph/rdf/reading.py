"""The one reader of RDF files: any format we write (and RDF/XML), named graphs merged or kept.

Every command that takes RDF files -- ``export``, ``load``, ``validate``, ``stats``, ``query
--engine rdflib`` and the referee of ``evaluate`` -- reads them here, so they accept the same
formats (guessed from the file name, Turtle otherwise) and fail with the same one-line errors
naming the file: no such file, a directory, cannot parse as RDF.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

__all__ = [
    "RDF_EXTENSIONS",
    "checked_file",
    "first_line",
    "parse_problem",
    "quiet_rdflib",
    "rdf_format",
    "read_jsonld",
    "read_rdf",
    "read_rdf_dataset",
]

#: RDF file formats by file-name extension (the name used by rdflib, the pyoxigraph format name)
RDF_EXTENSIONS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "TURTLE"),
    ".turtle": ("turtle", "TURTLE"),
    ".nt": ("nt", "N_TRIPLES"),
    ".ntriples": ("nt", "N_TRIPLES"),
    ".nq": ("nquads", "N_QUADS"),
    ".nquads": ("nquads", "N_QUADS"),
    ".trig": ("trig", "TRIG"),
    ".jsonld": ("json-ld", "JSON_LD"),
    ".json": ("json-ld", "JSON_LD"),
    ".rdf": ("xml", "RDF_XML"),
    ".owl": ("xml", "RDF_XML"),
    ".xml": ("xml", "RDF_XML"),
}
#: the formats whose files hold named graphs (rdflib formats)
QUAD_FORMATS = frozenset({"nquads", "trig"})


def rdf_format(path: str | os.PathLike) -> tuple[str, str]:
    """(rdflib format, pyoxigraph format name) for a file, guessed from its extension (Turtle otherwise)."""
    return RDF_EXTENSIONS.get(Path(path).suffix.lower(), ("turtle", "TURTLE"))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (at most 300 characters): parsers' messages span
    several lines, an error of ours is one."""
    text = str(exc).strip() or type(exc).__name__
    line = text.splitlines()[0]
    return line if len(line) <= 300 else line[:297] + "..."


def parse_problem(exc: BaseException) -> str:
    """What a parser's exception says went wrong, on one line. rdflib's Turtle and TriG parser
    (``BadSyntax``) puts the line on a first line of its own that names no file (``at line 2 of
    <>:``) and the problem on the next: here both, with the text where it stopped."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if not isinstance(exc, BadSyntax):
        return first_line(exc)
    try:
        text = exc._str.decode("utf-8", "replace")
        rest = text[exc._i :].split("\n", 1)[0].strip()
    except (AttributeError, TypeError):  # pragma: no cover - another rdflib's BadSyntax
        rest = ""
    where = f"at {rest[:40]!r}" if rest else "at the end of the line"
    return first_line(ValueError(f"line {exc.lines + 1}: bad syntax ({exc._why}) {where}"))


def checked_file(path: str | os.PathLike) -> Path:
    """``path`` as a Path, when it names an existing file; otherwise an InputError naming it."""
    checked = Path(path)
    if not checked.exists():
        raise InputError(str(checked), "no such file")
    if checked.is_dir():
        raise InputError(
            str(checked), "is a directory, not an RDF file (a store is queried with --store DIR)"
        )
    return checked


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib 7.6 warns (once per triple) about its own use of deprecated Dataset internals."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def read_jsonld(path: Path) -> str:
    """A JSON-LD file's text with a ``@context`` that names a file beside it inlined.

    rdflib resolves such a context itself; pyoxigraph loads no remote context, so we inline it.
    """
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
    except ValueError:
        return text  # let the parser report it
    ctx = doc.get("@context") if isinstance(doc, dict) else None
    if isinstance(ctx, str) and "://" not in ctx:
        ctx_path = path.parent / ctx
        try:
            doc["@context"] = json.loads(ctx_path.read_text(encoding="utf-8"))["@context"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(ctx_path), f"cannot read the JSON-LD context: {first_line(exc)}") from None
        return json.dumps(doc, ensure_ascii=False)
    return text


def _parse_into(target: Graph | Dataset, paths: Iterable[str | os.PathLike], merge_graphs: bool) -> None:
    """Parse each file into ``target``; with ``merge_graphs``, the quads of N-Quads and TriG files
    are added as triples (rdflib's Graph would refuse them)."""
    from rdflib import Dataset

    for given in paths:
        path = checked_file(given)
        fmt = rdf_format(path)[0]
        try:
            with quiet_rdflib():
                if merge_graphs and fmt in QUAD_FORMATS:
                    quads = Dataset()
                    quads.parse(str(path), format=fmt)
                    for subject, predicate, obj, _graph in quads.quads((None, None, None, None)):
                        target.add((subject, predicate, obj))
                else:
                    target.parse(str(path), format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds on bad input
            raise InputError(str(path), f"cannot parse as RDF: {parse_problem(exc)}") from None


def read_rdf(paths: Iterable[str | os.PathLike]) -> Graph:
    """The RDF files as one rdflib Graph, our prefixes bound: the named graphs of N-Quads and TriG
    files (one per document, as ``export`` writes them) merged into it."""
    from .namespace import new_graph

    graph = new_graph()
    _parse_into(graph, paths, merge_graphs=True)
    return graph


def read_rdf_dataset(paths: Iterable[str | os.PathLike]) -> Dataset:
    """The RDF files as an rdflib Dataset whose default graph is the union of all graphs, the named
    graphs kept (what SPARQL's ``GRAPH`` sees; the rdflib query engine runs over this)."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    _parse_into(dataset, paths, merge_graphs=False)
    return dataset
