"""RDF syntaxes of an rdflib graph: N-Triples, N-Quads, TriG and JSON-LD, each the same bytes on
every run (lines and nodes sorted).

N-Quads and TriG have one named graph per document (:mod:`pingan_graph.rdf.named_graphs`); JSON-LD
embeds the published ``@context`` (``pingan_graph/context.jsonld``), so it needs no other file. The
Turtle of a graph read from files (``pingan-graph export --format turtle``) is rdflib's, as are the
bodies of TriG's graphs; the Turtle of a knowledge graph is written by :mod:`pingan_graph.rdf.turtle`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from typing import Any

from .named_graphs import partition
from .prefixes import PREFIXES, XSD_STRING

__all__ = [
    "CONTEXT_NAME",
    "CONTEXT_URL",
    "context_document",
    "jsonld",
    "nquads",
    "nt_escape",
    "nt_term",
    "ntriples",
    "trig",
    "turtle",
]

#: the JSON-LD context file that versions before the embedded context wrote beside a JSON-LD export
#: (a build still counts one in its output directory as its own output, never as an input)
CONTEXT_NAME = "pingan-graph.context.jsonld"
#: where the context is published (the ``@id`` of the context document)
CONTEXT_URL = "https://w3id.org/pingan-graph/context.jsonld"
RDF_NS = PREFIXES["rdf"]


#: what an N-Triples string escapes: quote and backslash, every C0 control and DEL, and the other
#: characters line-oriented tools take for a line break (U+0085, U+2028, U+2029), so that each
#: triple (and each row of SPARQL TSV) stays on one line for every reader
_NT_ESCAPES = {
    **{chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]},
    **{"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"},
}
_NT_TABLE = str.maketrans(_NT_ESCAPES)
_NT_SPECIAL = re.compile("[" + re.escape("".join(_NT_ESCAPES)) + "]").search


def nt_escape(text: str) -> str:
    """``text`` escaped for an N-Triples (and SPARQL TSV) string: see :data:`_NT_ESCAPES`."""
    return text.translate(_NT_TABLE) if _NT_SPECIAL(text) else text


def nt_term(term: Any) -> str:
    """An rdflib term in N-Triples syntax (UTF-8 text kept as is)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = nt_escape(str(term))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise ValueError(f"not an RDF term: {term!r}")


def ntriples(graph: Any) -> bytes:
    """N-Triples of a graph, its lines sorted (so the same graph gives the same bytes)."""
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph}
    return "".join(sorted(lines)).encode("utf-8")


def nquads(graph: Any) -> bytes:
    """N-Quads of a graph, one named graph per document (:mod:`.named_graphs`), lines sorted."""
    lines = set()
    for name, triples in partition(graph).items():
        label = f" {nt_term(name)}" if name is not None else ""
        lines.update(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{label} .\n" for s, p, o in triples)
    return "".join(sorted(lines)).encode("utf-8")


def _turtle_body(triples: Iterable) -> str:
    """Turtle of some triples without the @prefix lines (the caller writes them once).

    rdflib writes its prefixes first, then a blank line, then the triples: only that head is cut.
    The text is split at line feeds alone (``str.splitlines`` also splits at U+2028, U+0085, \\x0b
    ... inside literals), and a literal's line that starts with ``@prefix`` stays.
    """
    from .namespace import new_graph

    sub = new_graph()
    for triple in triples:
        sub.add(triple)
    lines = sub.serialize(format="turtle").split("\n")
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix ") or not lines[start].strip()):
        start += 1
    return "\n".join(lines[start:]).rstrip("\n")


def trig(graph: Any) -> bytes:
    """TriG: our prefixes, the default graph, then one ``<doc> { … }`` block per document, sorted."""
    parts = partition(graph)
    out = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
    if parts.get(None):
        out += ["", _turtle_body(parts[None])]
    for name in sorted(n for n in parts if n is not None):
        # not indented: long literals span lines and must stay as they are
        out += ["", f"{nt_term(name)} {{", _turtle_body(parts[name]), "}"]
    return ("\n".join(out) + "\n").encode("utf-8")


def turtle(graph: Any) -> bytes:
    """rdflib's Turtle of a graph read from files, our prefixes bound."""
    from .namespace import new_graph

    out = new_graph()
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle", encoding="utf-8")


def context_document() -> dict:
    """The published JSON-LD ``@context`` (shipped as ``pingan_graph/context.jsonld``)."""
    text = (resources.files("pingan_graph") / "context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """``iri`` as ``prefix:name`` with the first namespace of ``prefixes`` it starts with, else as is."""
    for prefix, ns in prefixes:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def jsonld(graph: Any) -> bytes:
    """Compact JSON-LD, sorted, with the published context embedded: any JSON-LD processor reads it
    alone, loading no document (a context named by a relative file name failed without that file)."""
    from rdflib import BNode, Literal

    ctx = context_document()["@context"]
    prefixes = sorted(
        ((k, v) for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")),
        key=lambda kv: -len(kv[1]),
    )

    def ident(node: Any) -> str:
        return f"_:{node}" if isinstance(node, BNode) else _compact(str(node), prefixes)

    def value(obj: Any) -> Any:
        if isinstance(obj, Literal):
            if obj.language:
                return {"@value": str(obj), "@language": obj.language}
            dt = str(obj.datatype) if obj.datatype else ""
            if dt and dt != XSD_STRING:
                return {"@value": str(obj), "@type": _compact(dt, prefixes)}
            return str(obj)
        return {"@id": ident(obj)}

    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in graph:
        node = nodes[ident(subject)]
        if str(predicate) == RDF_NS + "type" and not isinstance(obj, Literal):
            node["@type"].append(ident(obj))
        else:
            node[_compact(str(predicate), prefixes)].append(value(obj))
    described = []
    for sid in sorted(nodes):
        node_object: dict[str, Any] = {"@id": sid}
        for key in sorted(nodes[sid]):
            vals = sorted(nodes[sid][key], key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
            node_object[key] = vals[0] if len(vals) == 1 else vals
        described.append(node_object)
    doc = {"@context": ctx, "@graph": described}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
