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


def partition(g: Any) -> dict[Any, set]:
    """The triples of an rdflib graph split by document: ``{document IRI or None: {triples}}``.

    ``None`` is the default graph. See the module docstring for what goes where.
    """
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF

    from .namespace import PG

    docs = {d for d in g.subjects(RDF.type, PG.Document) if isinstance(d, URIRef)}
    owner: dict[Any, Any] = {d: d for d in docs}
    for node in set(g.subjects(RDF.type, PG.Statistic)) | set(g.subjects(RDF.type, PG.RelationAssertion)):
        sources = sorted(set(g.objects(node, PROV.wasDerivedFrom)) & docs)
        if len(sources) == 1:
            owner[node] = sources[0]
    evidenced: dict[tuple, set] = defaultdict(set)
    for a in g.subjects(RDF.type, PG.RelationAssertion):
        s, p, o, d = (g.value(a, x) for x in (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom))
        if None not in (s, p, o) and d in docs:
            evidenced[(s, p, o)].add(d)

    def doc_of(node: Any) -> Any:
        if node in owner:
            return owner[node]
        if isinstance(node, URIRef) and "#" in node:
            base = URIRef(str(node).split("#", 1)[0])
            if base in docs:
                return base
        return None

    out: dict[Any, set] = defaultdict(set)
    for t in g:
        s, p, o = t
        home = doc_of(s)
        if home is not None:
            out[home].add(t)
        elif p in (PG.mention, PG.mentionedIn):
            out[doc_of(o)].add(t)
        elif str(p) in _TYPED and t in evidenced:
            for d in evidenced[t]:
                out[d].add(t)
        else:
            out[None].add(t)
    return dict(out)
