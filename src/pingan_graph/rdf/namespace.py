"""RDF namespaces: our ontology (``pg:``), NIF 2.0 core and ITS 2.0 RDF, as closed rdflib namespaces.

Each class lists exactly the terms we use, so a typo (``PG.locatedin``) raises at once instead of
minting a new IRI. ``PG`` lists every term of ``ontology/pingan.ttl`` (a test checks both ways).
The IRIs themselves come from :mod:`pingan_graph.rdf.prefixes`; :func:`new_graph` is the empty
rdflib graph with those prefixes bound.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .prefixes import ID_BASE, ONTOLOGY_IRI, PG_NS, PREFIXES

__all__ = ["ID_BASE", "ITSRDF", "NIF", "ONTOLOGY_IRI", "PG", "PG_NS", "new_graph"]


class PG(DefinedNamespace):
    """The pingan-graph ontology (``ontology/pingan.ttl``)."""

    _NS = Namespace(PG_NS)
    _fail = True

    # classes
    Entity: URIRef
    Organization: URIRef
    Place: URIRef
    Program: URIRef
    Policy: URIRef
    Concept: URIRef
    Platform: URIRef
    Event: URIRef
    Award: URIRef
    Role: URIRef
    Person: URIRef
    Statistic: URIRef
    Document: URIRef
    RelationAssertion: URIRef

    # typed relations (model.PREDICATES)
    locatedIn: URIRef
    partOf: URIRef
    leads: URIRef
    headedBy: URIRef
    hasRole: URIRef
    hasMember: URIRef
    issued: URIRef
    implements: URIRef
    established: URIRef
    organized: URIRef
    cooperatesWith: URIRef
    connectedTo: URIRef
    uses: URIRef
    received: URIRef
    about: URIRef
    # the weak link, kept apart from the typed relations
    coOccursWith: URIRef

    # provenance
    mentionedIn: URIRef
    mention: URIRef
    subject: URIRef
    evidence: URIRef

    # statistics
    value: URIRef
    unit: URIRef
    indicator: URIRef
    period: URIRef
    qualifier: URIRef
    surface: URIRef

    # other datatype properties
    editor: URIRef
    scope: URIRef
    divisionCode: URIRef
    rule: URIRef
    contentHash: URIRef
    sourcePath: URIRef
    boilerplate: URIRef

    # graph measures (pingan_graph.analysis.metrics)
    degree: URIRef
    pageRank: URIRef
    betweenness: URIRef
    community: URIRef


class NIF(DefinedNamespace):
    """The NIF 2.0 core terms we use (strings as RFC 5147 character ranges of a context)."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    Sentence: URIRef
    Phrase: URIRef
    RFC5147String: URIRef
    isString: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    sentence: URIRef


class ITSRDF(DefinedNamespace):
    """The ITS 2.0 RDF terms we use (linking a mention to the entity it names)."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef


def new_graph() -> Graph:
    """An empty rdflib graph with our prefixes bound (and rdflib's defaults not)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph
