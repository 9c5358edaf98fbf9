"""The one Turtle writer: the knowledge graph in sections, one per document, each made on its own.

rdflib's serializer is fine for one article but slow on a corpus (its prefix search keeps every
namespace it splits off an IRI in a trie, and each RFC 5147 span IRI ``…/doc/x#char=10,20`` makes
one, so its time grows with the square of the graph: see benchmarks/RESULTS.md), and it needs the
whole graph in memory. This writer makes the graph's Turtle in a layout that can be streamed, and
the library's rdflib graph is its output parsed (:func:`pingan_graph.rdf.graph.to_rdflib`).
``tests/reference_rdflib.py`` builds the same triples with rdflib, term by term; the tests prove
the two isomorphic, hostile text included. The layout:

* ``@base`` (:data:`BASE`: every IRI below it is written relative to it) and ``@prefix`` lines for
  every prefix of :data:`pingan_graph.rdf.prefixes.TURTLE_PREFIXES`, sorted (:mod:`.turtle_syntax`),
  then the graph's own block: ``<> a schema:Dataset ; dcterms:conformsTo`` the ontology;
* the **entity section** (:mod:`.turtle_entities`): one block per entity, sorted by IRI;
* one **document section** per document (:mod:`.turtle_document`), in document order
  (:func:`document_order`); writing a corpus's graph is then a concatenation;
* the **measures section** (when measures are given, :mod:`.turtle_entities`), last, so that a
  corpus build can write everything else while the measures are computed
  (:func:`pingan_graph.analysis.background.link_metrics_later`).

Within a block, ``a`` comes first, ``rdfs:label`` second, the other predicates sorted; objects are
sorted. Text is escaped as Turtle requires (``\\``, ``"``, line breaks) and encoded as UTF-8 with
``errors="replace"``, as rdflib does (a lone surrogate becomes ``?``).

This module is the entry point: the names of its parts are importable from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..model import Entity, KnowledgeGraph, Mention, Relation, Statistic
from .turtle_document import document_section, typed_relations
from .turtle_entities import entity_blocks, entity_iris, entity_section, measure_blocks, measure_section
from .turtle_syntax import BASE, Blocks, header, literal, prefixes, ref, rel

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

__all__ = [
    "BASE",
    "Blocks",
    "KeyedMention",
    "document_order",
    "document_section",
    "entity_blocks",
    "entity_iris",
    "entity_links",
    "entity_section",
    "keyed_mentions",
    "literal",
    "measure_blocks",
    "measure_section",
    "prefixes",
    "ref",
    "rel",
    "sections",
    "serialize_kg",
    "typed_relations",
]

_PART = re.compile(r"-part(\d+)$")


def document_order(doc_id: str) -> tuple[str, int]:
    """Documents are written sorted by id, the parts of a long input (``x-part001`` …) together
    after the input they came from."""
    part = _PART.search(doc_id)
    return (doc_id[: part.start()], int(part[1])) if part else (doc_id, 0)


def sections(kg: KnowledgeGraph, iris: Mapping[str, str] | None = None) -> Iterator[str]:
    """The document sections of ``kg``, in document order (``iris``: as :func:`entity_blocks`)."""
    if iris is None:
        iris = entity_iris(kg.entities)
    mentions: dict[str, list[Mention]] = {}
    for entity in kg.entities:
        for mention in entity.mentions:
            mentions.setdefault(mention.doc_id, []).append(KeyedMention(mention, entity.key))
    stats: dict[str, list[Statistic]] = {}
    for st in kg.statistics:
        stats.setdefault(st.doc_id, []).append(st)
    rels: dict[str, list[Relation]] = {}
    for relation in kg.relations:
        rels.setdefault(relation.doc_id, []).append(relation)
    for doc in sorted(kg.documents, key=lambda d: document_order(d.doc_id)):
        ident = doc.doc_id
        yield document_section(doc, mentions.get(ident, ()), stats.get(ident, ()), rels.get(ident, ()), iris)


class KeyedMention:
    """A mention with the key of the entity it belongs to (``.key``): what
    :func:`~pingan_graph.rdf.turtle_document.document_section` reads of a mention."""

    __slots__ = ("start", "end", "text", "rule", "sentence", "key")

    def __init__(self, mention: Mention, key: str) -> None:
        self.start, self.end, self.text = mention.start, mention.end, mention.text
        self.rule, self.sentence, self.key = mention.rule, mention.sentence, key


def keyed_mentions(entities: Iterable[Entity]) -> list[KeyedMention]:
    """Every mention of these entities, with its entity's key."""
    return [KeyedMention(m, e.key) for e in entities for m in e.mentions]


def entity_links(kg: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """The (subject, predicate, object) keys of every relation and co-occurrence link of ``kg``."""
    return [(r.subject, r.predicate, r.object) for r in (*kg.relations, *kg.cooccurrences)]


def serialize_kg(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> bytes:
    """Turtle bytes of the whole graph (with the measures section when ``metrics`` are given:
    entity key -> :class:`~pingan_graph.analysis.metrics.NodeMetrics`)."""
    iris = entity_iris(kg.entities)
    parts = [header(), *entity_blocks(kg.entities, entity_links(kg), iris=iris), *sections(kg, iris)]
    if metrics is not None:
        parts.append(measure_section(iris, metrics))
    return "".join(parts).encode("utf-8", "replace")
