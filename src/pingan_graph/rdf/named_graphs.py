"""One named graph per source document: how N-Quads, TriG and ``pingan-graph load`` split a graph.

Each graph is named by the document's IRI and holds what that document says:

* the document node itself (metadata, full text), its sentences and mentions (NIF strings);
* the entities' links to it (``pg:mention`` to its mentions, ``pg:mentionedIn`` to the document);
* its statistics and relation assertions (every triple whose subject they are);
* the typed relations it evidences (a triple stated in two articles is in both graphs).

The description of each entity (``rdf:type``, ``rdfs:label``, ``skos:altLabel``, ``pg:scope``), the
weak ``pg:coOccursWith`` links (which carry no provenance) and anything else that belongs to no
single document go to the **default graph**, once. So the union of all graphs holds every triple
exactly once for a single article, a document can be replaced by reloading its graph, and an entity
named in several articles is described once rather than in every article's graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import PREDICATES
from .prefixes import PG_NS

__all__ = ["partition"]

_TYPED = {PG_NS + p for p in PREDICATES}


def partition(graph: Any) -> dict[Any, set]:
    """The triples of an rdflib graph split by document: ``{document IRI or None: {triples}}``.

    ``None`` is the default graph. See the module docstring for what goes where.
    """
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF

    from .namespace import PG

    docs = {d for d in graph.subjects(RDF.type, PG.Document) if isinstance(d, URIRef)}
    owner: dict[Any, Any] = {d: d for d in docs}
    owned = set(graph.subjects(RDF.type, PG.Statistic)) | set(graph.subjects(RDF.type, PG.RelationAssertion))
    for node in owned:
        sources = sorted(set(graph.objects(node, PROV.wasDerivedFrom)) & docs)
        if len(sources) == 1:
            owner[node] = sources[0]
    evidenced: dict[tuple, set] = defaultdict(set)
    for assertion in graph.subjects(RDF.type, PG.RelationAssertion):
        subject, predicate, obj, source = (
            graph.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom)
        )
        if None not in (subject, predicate, obj) and source in docs:
            evidenced[(subject, predicate, obj)].add(source)

    def doc_of(node: Any) -> Any:
        """The document whose graph holds ``node``'s triples (its owner, or the IRI before ``#``)."""
        if node in owner:
            return owner[node]
        if isinstance(node, URIRef) and "#" in node:
            base = URIRef(str(node).split("#", 1)[0])
            if base in docs:
                return base
        return None

    out: dict[Any, set] = defaultdict(set)
    for triple in graph:
        subject, predicate, obj = triple
        home = doc_of(subject)
        if home is not None:
            out[home].add(triple)
        elif predicate in (PG.mention, PG.mentionedIn):
            out[doc_of(obj)].add(triple)
        elif str(predicate) in _TYPED and triple in evidenced:
            for doc in evidenced[triple]:
                out[doc].add(triple)
        else:
            out[None].add(triple)
    return dict(out)
