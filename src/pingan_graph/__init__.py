"""pingan-graph: Chinese governance and public-security news in, a linked RDF knowledge graph out.

The public API::

    import pingan_graph
    report = pingan_graph.build()                       # the bundled article -> output/pingan.ttl, .html
    report = pingan_graph.build(["news/"], "out", jobs=4)   # your own .txt/.md/.html files
    print(report.summary())                             # documents, entities by type, files written
    kg = pingan_graph.build_graph(["news/a.txt"])       # the graph in memory (nothing written)
    kg = pingan_graph.build_from_texts([("a.txt", "……")])

:func:`build` is what ``pingan-graph build`` runs (streamed, cached, parallel; see
:mod:`pingan_graph.build`). Errors the user can cause are :class:`PinganError` subclasses with a
one-line message.
"""

from typing import TYPE_CHECKING

from ._version import __version__
from .build import BuildReport, NoUsableInput, build, build_graph
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
        build_from_texts,
        merge,
        process_document,
    )

#: names of the pipeline, imported when first used (a corpus build's parent process, which only
#: merges and writes, never loads the extraction stages)
_PIPELINE = frozenset({"PIPELINE_VERSION", "build_bundled", "build_from_texts", "merge", "process_document"})


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
    "BuildReport",
    "Document",
    "DocumentResult",
    "Entity",
    "InputError",
    "KnowledgeGraph",
    "Mention",
    "Metadata",
    "NoUsableInput",
    "OutputError",
    "PinganError",
    "Relation",
    "Sentence",
    "Statistic",
    "Token",
    "UsageError",
    "__version__",
    "build",
    "build_bundled",
    "build_from_texts",
    "build_graph",
    "merge",
    "process_document",
]
