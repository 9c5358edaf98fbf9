"""pingan-graph: Chinese governance and public-security news in, a linked RDF knowledge graph out.

The public API::

    from pingan_graph import build_from_paths, build_bundled
    kg = build_bundled()                       # the article shipped with the package
    kg = build_from_paths(["news/"])           # your own .txt/.md files
    from pingan_graph.rdf import write_turtle  # Turtle (rdflib)
    from pingan_graph.visualize import write_html  # interactive page (pyvis)

Errors the user can cause are :class:`PinganError` subclasses with a one-line message.
"""

from typing import TYPE_CHECKING

from .errors import InputError, OutputError, PinganError, UsageError
from .model import (
    ENTITY_TYPES,
    PREDICATES,
    Document,
    DocumentResult,
    Entity,
    KnowledgeGraph,
    Mention,
    Metadata,
    Relation,
    Sentence,
    Statistic,
    Token,
)

if TYPE_CHECKING:  # (for type checkers and editors: at run time they come from __getattr__)
    from .extract.pipeline import (
        PIPELINE_VERSION,
        build_bundled,
        build_from_paths,
        build_from_texts,
        merge,
        process_document,
    )

__version__ = "0.1.0"

#: names of the pipeline, imported when first used (a corpus build's parent process, which only
#: merges and writes, never loads the extraction stages)
_PIPELINE = frozenset(
    {"PIPELINE_VERSION", "build_bundled", "build_from_paths", "build_from_texts", "merge", "process_document"}
)


def __getattr__(name: str):
    if name in _PIPELINE:
        from .extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _PIPELINE)


__all__ = [
    "ENTITY_TYPES",
    "PREDICATES",
    "PIPELINE_VERSION",
    "Document",
    "DocumentResult",
    "Entity",
    "InputError",
    "KnowledgeGraph",
    "Mention",
    "Metadata",
    "OutputError",
    "PinganError",
    "Relation",
    "Sentence",
    "Statistic",
    "Token",
    "UsageError",
    "build_bundled",
    "build_from_paths",
    "build_from_texts",
    "merge",
    "process_document",
]
