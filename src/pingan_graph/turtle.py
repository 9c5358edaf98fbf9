"""Fast Turtle: the bytes rdflib's Turtle serializer writes for our graphs, without its cost.

rdflib's serializer is fine for one article but slows down badly on a corpus: its prefix search
keeps every namespace it has split off an IRI in a trie, and our RFC 5147 span IRIs
(``…/doc/x#char=10,20``) each split into a namespace of their own, so writing gets slower with
every span (a 1 MB corpus did not finish in 15 minutes). This module makes the same triples with
the same builder (:class:`pingan_graph.rdf._Builder`, into a light in-memory sink instead of an
rdflib ``Graph``) and writes them with the serializer's own rules:

* ``@prefix`` lines for the prefixes used, sorted; then one block per subject, subjects ordered by
  how often they are the object of a triple, then by IRI;
* ``rdf:type`` (as ``a``) first, ``rdfs:label`` second, other predicates sorted; objects sorted
  with rdflib's own term ordering; literals formatted by rdflib's own ``Literal._literal_n3``;
* the text encoded as UTF-8 with ``errors="replace"`` (a lone surrogate becomes ``?``).

Graphs with features this writer does not reproduce (blank nodes, ``rdfs:Class`` subjects,
predicates in an unbound namespace) are handed to rdflib. ``tests/test_turtle.py`` proves the
output equal to rdflib's, byte for byte.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import _is_valid_uri

from . import rdf
from .model import KnowledgeGraph

if TYPE_CHECKING:
    from .analytics import NodeMetrics

_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class Unsupported(Exception):
    """The graph uses something this writer does not reproduce: rdflib writes it instead."""


class TripleSink:
    """Collects triples as rdflib's Graph would (a set), indexed by subject and predicate."""

    def __init__(self) -> None:
        self.subjects: dict[URIRef, dict[URIRef, dict]] = {}

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        preds = self.subjects.get(s)
        if preds is None:
            preds = self.subjects[s] = {}
        objs = preds.get(p)
        if objs is None:
            objs = preds[p] = {}
        objs[o] = None

    def __len__(self) -> int:
        return sum(len(objs) for preds in self.subjects.values() for objs in preds.values())


def collect(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> TripleSink:
    """The triples :func:`pingan_graph.rdf.to_rdflib` makes, in a :class:`TripleSink`."""
    sink = TripleSink()
    rdf.emit(kg, sink, metrics)  # the same builder: the same triples
    return sink


def serialize_kg(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> bytes:
    """Turtle bytes of the graph, equal to ``rdf.serialize(rdf.to_rdflib(kg, metrics), "turtle")``."""
    sink = collect(kg, metrics)
    try:
        return write(sink)
    except Unsupported:
        g = rdf.new_graph()
        for s, preds in sink.subjects.items():
            for p, objs in preds.items():
                for o in objs:
                    g.add((s, p, o))
        return rdf.serialize(g, "turtle")


class _Names:
    """Prefixed names as rdflib's ``TurtleSerializer.get_pname`` gives them, for our bindings."""

    def __init__(self) -> None:
        self.scratch = rdf.new_graph()
        self.bound = {str(ns): prefix for prefix, ns in self.scratch.namespaces()}
        self.starts = tuple(self.bound)
        self.used: dict[str, str] = {}
        self.cache: dict[tuple[str, bool], tuple] = {}

    def pname(self, uri: URIRef, predicate: bool = False) -> str | None:
        if not str.startswith(uri, self.starts):  # no bound namespace can be its namespace
            return None
        key = (uri, predicate)
        found = self.cache.get(key)
        if found is None:
            name = self._compute(uri, predicate)
            prefix = name.split(":", 1)[0] if name is not None else None
            ns = self.scratch.namespace_manager.store.namespace(prefix) if prefix is not None else None
            found = self.cache[key] = (name, prefix, ns)
        name, prefix, ns = found
        if prefix is not None:
            self.used[prefix] = ns
        return name

    def _compute(self, uri: URIRef, predicate: bool) -> str | None:
        try:
            prefix, _ns, local = self.scratch.namespace_manager.compute_qname(uri, generate=False)
        except Exception:
            prefix = self.scratch.namespace_manager.store.prefix(uri)
            if prefix is None:
                if predicate:
                    raise Unsupported(f"predicate in an unbound namespace: {uri}") from None
                return None
            local = ""
        local = _PCT.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        if local.endswith("."):
            return None
        return f"{prefix}:{local}"


def write(sink: TripleSink) -> bytes:
    """Turtle bytes of the collected triples (see the module docstring)."""
    names = _Names()
    rdf_type, rdfs_label, rdf_nil, rdfs_class = RDF.type, RDFS.label, RDF.nil, RDFS.Class
    starts = names.starts
    refs: dict = defaultdict(int)
    for s, preds in sink.subjects.items():  # rdflib's preprocess: prefixes used, references
        if type(s) is not URIRef:
            raise Unsupported("blank node or literal subject")
        if str.startswith(s, starts):
            names.pname(s)
        for p, objs in preds.items():
            if p == rdf_type:
                if rdfs_class in objs:
                    raise Unsupported("rdfs:Class subjects are ordered first by rdflib")
            else:
                names.pname(p, predicate=True)
            for o in objs:
                refs[o] += 1
                kind = type(o)
                if kind is URIRef:
                    if str.startswith(o, starts):
                        names.pname(o)
                elif kind is Literal:
                    if o.datatype:
                        names.pname(o.datatype)
                else:
                    raise Unsupported("blank node object")

    datatype_name = names.pname

    def label(node, verb: bool = False) -> str:
        if type(node) is Literal:
            return node._literal_n3(use_plain=True, qname_callback=datatype_name)
        if not str.startswith(node, starts):
            if not _is_valid_uri(node):  # as rdflib's URIRef.n3 does
                node.n3()
            return f"<{node}>"
        if node == rdf_nil:
            return "()"
        return names.pname(node, verb) or node.n3()

    verbs: dict = {rdf_type: "a"}
    out = [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(names.used.items())]
    append = out.append
    for s in sorted(sink.subjects, key=lambda s: (refs.get(s, 0), str(s))):
        preds = sink.subjects[s]
        order = [p for p in (rdf_type, rdfs_label) if p in preds]
        order += sorted(p for p in preds if p != rdf_type and p != rdfs_label)
        append("\n" + label(s))
        for i, p in enumerate(order):
            verb = verbs.get(p)
            if verb is None:
                verb = verbs[p] = label(p, True)
            append((" ;\n    " if i else " ") + verb)
            objs = preds[p]
            if len(objs) == 1:
                append(" " + label(next(iter(objs))))
                continue
            objs = sorted(objs)
            append(" " + label(objs[0]))
            for o in objs[1:]:  # rdflib indents the rest of a list one level deeper
                append(",\n        " + label(o))
        append(" .\n")
    append("\n")
    return "".join(out).encode("utf-8", "replace")


__all__ = ["TripleSink", "Unsupported", "collect", "serialize_kg", "write"]
