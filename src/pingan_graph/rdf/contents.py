"""What RDF files say, as plain records: the entities, statistics, relations and documents.

For the referee (:mod:`pingan_graph.evaluation`, :func:`read_graph`) and for the graph measures
of ``pingan-graph stats`` (:func:`read_graph_input`: the typed graph as
:class:`~pingan_graph.analysis.graph_input.GraphInput`). As the referee does, a resource is an
entity when one of its rdf:types is, or is a subclass of, a class whose local name is one of
ENTITY_TYPES; likewise ``Statistic`` and ``Document``: a graph made by another tool, with its own
subclasses, is read the same way.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..analysis import graph_input
from ..model import ENTITY_TYPES
from ..schema import COOCCURRENCE_NAME
from .reading import read_rdf

__all__ = [
    "UNTYPED_PREDICATES",
    "GraphContents",
    "GraphDocument",
    "GraphEntity",
    "GraphRelation",
    "GraphStatistic",
    "ObjectValue",
    "graph_contents",
    "local_name",
    "read_graph",
    "read_graph_input",
]

#: links between entities that state no specific relation (the referee ignores them too)
UNTYPED_PREDICATES: frozenset[str] = frozenset(
    {
        COOCCURRENCE_NAME,
        "mentionedWith",
        "relatedTo",
        "mentions",
        "sameAs",
        "seeAlso",
        "type",
        "label",
        "altLabel",
        "prefLabel",
        "wasDerivedFrom",
    }
)

_CLASS_NAMES = ENTITY_TYPES + ("Statistic", "Document")


@dataclass(frozen=True)
class ObjectValue:
    """The object of a triple: a literal (its lexical form) or a resource (its IRI and names)."""

    text: str  # lexical form of a literal, or the IRI of a resource
    is_literal: bool = True
    names: tuple[str, ...] = ()  # for a resource: its Chinese or untagged labels, sorted


@dataclass(frozen=True)
class GraphEntity:
    iri: str
    types: tuple[str, ...]  # ENTITY_TYPES names, sorted
    labels: tuple[str, ...]  # rdfs:label and skos:prefLabel (Chinese or untagged), sorted
    aliases: tuple[str, ...]  # skos:altLabel (Chinese or untagged), sorted

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.labels) | set(self.aliases)))


@dataclass(frozen=True)
class GraphStatistic:
    iri: str
    value: Decimal | None  # None when missing or not a finite number
    unit: ObjectValue | None


@dataclass(frozen=True)
class GraphRelation:
    subject: str
    predicate: str  # local name
    object: str
    predicate_iri: str


@dataclass(frozen=True)
class GraphDocument:
    iri: str
    properties: tuple[tuple[str, ObjectValue], ...]  # (local name of predicate, object), sorted

    def values(self, *local_names: str) -> tuple[ObjectValue, ...]:
        """The objects of the predicates with these local names."""
        return tuple(v for p, v in self.properties if p in local_names)

    def text(self, *local_names: str) -> str | None:
        """The first literal of these predicates, if any (e.g. ``doc.text("title")``)."""
        return next((v.text for v in self.values(*local_names) if v.is_literal), None)


@dataclass(frozen=True)
class GraphContents:
    """What an RDF file says, in the terms evaluation needs."""

    entities: tuple[GraphEntity, ...]
    statistics: tuple[GraphStatistic, ...]
    relations: tuple[GraphRelation, ...]  # every triple between two entities
    documents: tuple[GraphDocument, ...]

    @property
    def typed_relations(self) -> tuple[GraphRelation, ...]:
        """The relations whose predicate says something specific (not co-occurrence, labels ...)."""
        return tuple(r for r in self.relations if r.predicate not in UNTYPED_PREDICATES)


def local_name(iri: object) -> str:
    """The last segment of an IRI after ``#``, ``/`` or ``:``."""
    return re.split(r"[#/:]", str(iri))[-1]


def _is_chinese_or_untagged(term: Node) -> bool:
    """A literal in Chinese or without a language tag (the labels the referee compares)."""
    return isinstance(term, Literal) and (not term.language or term.language.startswith("zh"))


def _literals(graph: Graph, node: Node, *props: URIRef) -> tuple[str, ...]:
    """The sorted Chinese or untagged literals of ``node`` under any of ``props``."""
    return tuple(
        sorted({str(o) for p in props for o in graph.objects(node, p) if _is_chinese_or_untagged(o)})
    )


def _value(graph: Graph, obj: Node) -> ObjectValue:
    """An object as compared: a literal's text, or a resource's IRI with its labels."""
    if isinstance(obj, Literal):
        return ObjectValue(str(obj))
    return ObjectValue(str(obj), False, _literals(graph, obj, RDFS.label, SKOS.prefLabel, SKOS.altLabel))


def _number(term: Node) -> Decimal | None:
    """The finite number a term states (a literal of any numeric type, or numeric text), else None."""
    py = term.toPython() if isinstance(term, Literal) else term
    if isinstance(py, (bool, int)):
        return Decimal(int(py))
    if isinstance(py, float):
        py = repr(py)
    elif not isinstance(py, Decimal):
        py = str(term)
    try:
        value = Decimal(py)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


class _Types:
    """Which of ENTITY_TYPES / Statistic / Document a class is, through rdfs:subClassOf*."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.cache: dict[Node, str | None] = {}

    def of(self, cls: Node) -> str | None:
        if cls not in self.cache:
            self.cache[cls] = self._walk(cls, set())
        return self.cache[cls]

    def _walk(self, cls: Node, seen: set[Node]) -> str | None:
        if local_name(cls) in _CLASS_NAMES:
            return local_name(cls)
        for sup in sorted(self.graph.objects(cls, RDFS.subClassOf), key=str):
            if sup not in seen:
                seen.add(sup)
                found = self._walk(sup, seen)
                if found:
                    return found
        return None


def _typed_nodes(graph: Graph) -> dict[Node, set[str]]:
    """Every typed resource with the names of the known classes (:class:`_Types`) it belongs to."""
    types = _Types(graph)
    out: dict[Node, set[str]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        known = types.of(cls)
        if known:
            out.setdefault(subject, set()).add(known)
    return out


def read_graph(path: str | os.PathLike, ontology_paths: Iterable[str | os.PathLike] = ()) -> GraphContents:
    """Read an RDF file (plus optional ontologies giving rdfs:subClassOf) into plain structures.

    As the referee does, a resource is an entity when one of its rdf:types is, or is a subclass of,
    a class whose local name is one of ENTITY_TYPES; likewise ``Statistic`` and ``Document``.
    """
    return graph_contents(read_rdf([path, *ontology_paths]))


def graph_contents(graph: Graph) -> GraphContents:
    """The entities, statistics, relations and documents of an rdflib graph (see read_graph)."""
    typed = _typed_nodes(graph)
    entities, statistics, documents = [], [], []
    nodes: set[Node] = set()
    for node, ts in typed.items():
        kinds = tuple(sorted(ts - {"Statistic", "Document"}))
        if kinds:
            nodes.add(node)
            labels = _literals(graph, node, RDFS.label, SKOS.prefLabel)
            entities.append(GraphEntity(str(node), kinds, labels, _literals(graph, node, SKOS.altLabel)))
        if "Statistic" in ts:
            statistics.append(_statistic(graph, node))
        if "Document" in ts:
            props = sorted(
                ((local_name(p), _value(graph, o)) for p, o in graph.predicate_objects(node)), key=_key
            )
            documents.append(GraphDocument(str(node), tuple(props)))
    relations = {
        GraphRelation(str(s), local_name(p), str(o), str(p))
        for s in nodes
        for p, o in graph.predicate_objects(s)
        if o in nodes
    }
    return GraphContents(
        entities=tuple(sorted(entities, key=lambda e: e.iri)),
        statistics=tuple(sorted(statistics, key=lambda s: s.iri)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate_iri, r.object))),
        documents=tuple(sorted(documents, key=lambda d: d.iri)),
    )


def _key(item: tuple[str, ObjectValue]) -> tuple[str, str, bool]:
    return item[0], item[1].text, item[1].is_literal


def _statistic(graph: Graph, node: Node) -> GraphStatistic:
    """A statistic's first numeric value and first unit (its objects in sorted order)."""
    values: list[Decimal | None] = []
    units: list[ObjectValue] = []
    for predicate, obj in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if local_name(predicate) == "value":
            values.append(_number(obj))
        elif local_name(predicate) == "unit":
            units.append(_value(graph, obj))
    value = next((v for v in values if v is not None), None)
    return GraphStatistic(str(node), value, units[0] if units else None)


def read_graph_input(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> graph_input.GraphInput:
    """The typed graph of RDF file(s), for the graph measures; node ids are the entity IRIs.

    The same graph :func:`pingan_graph.analysis.graph_input.from_kg` makes of a KnowledgeGraph
    given the entity IRIs as ids.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    contents = graph_contents(read_rdf(paths))
    nodes = [
        graph_input.Node(e.iri, e.types[0], e.labels[0] if e.labels else e.iri) for e in contents.entities
    ]
    links = [(r.subject, r.predicate, r.object) for r in contents.typed_relations]
    return graph_input.GraphInput.make(nodes, links)
