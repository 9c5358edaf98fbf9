"""The pieces of Turtle the writer is made of: prefixed names, literals, relative IRIs, blocks.

Text is escaped as Turtle requires (``\\``, ``"``, line breaks); every IRI below :data:`BASE` is
written relative to it. A block (:class:`Blocks`) has ``a`` first, ``rdfs:label`` second, the other
predicates sorted, objects sorted -- the layout of every block of :mod:`pingan_graph.rdf.turtle`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Literal

from .literals import decimal_lexical
from .namespace import ITSRDF, NIF, PG
from .prefixes import ID_BASE, ONTOLOGY_IRI, PREFIXES, TURTLE_PREFIXES

__all__ = [
    "ALT_LABEL",
    "BASE",
    "DATASET_BLOCK",
    "DC",
    "DECIMAL",
    "DERIVED",
    "LABEL",
    "NIF_TERMS",
    "NON_NEG",
    "OBJECT_SEP",
    "PG_TERMS",
    "PREDICATE_SEP",
    "RDF_OBJECT",
    "RDF_PREDICATE",
    "RDF_SUBJECT",
    "RDF_TYPE",
    "TA_IDENT_REF",
    "Blocks",
    "decimal_term",
    "header",
    "index_literal",
    "literal",
    "prefixes",
    "qname",
    "ref",
    "rel",
    "rdflib_literal",
    "zh_literal",
]


def qname(iri: str) -> str:
    """``prefix:local`` for a term of one of our vocabularies."""
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
            return f"{prefix}:{local}"
    raise ValueError(f"no prefix for {iri}")


_XSD, _RDF, _RDFS, _DCT = (PREFIXES[p] for p in ("xsd", "rdf", "rdfs", "dcterms"))
#: ``a`` (rdf:type) and ``rdfs:label``: the first two predicates of every block
RDF_TYPE, LABEL = "a", qname(_RDFS + "label")
ALT_LABEL = qname(PREFIXES["skos"] + "altLabel")
DERIVED = qname(PREFIXES["prov"] + "wasDerivedFrom")
NON_NEG, DECIMAL = qname(_XSD + "nonNegativeInteger"), qname(_XSD + "decimal")
#: the prefixed names of the ontology's terms and of the NIF terms, by local name
PG_TERMS = {name: qname(str(getattr(PG, name))) for name in PG.__annotations__}
NIF_TERMS = {name: qname(str(getattr(NIF, name))) for name in NIF.__annotations__}
#: the Dublin Core terms of a document's metadata, by local name
DC = {
    name: qname(_DCT + name)
    for name in ("identifier", "language", "title", "date", "created", "source", "publisher")
}
TA_IDENT_REF = qname(str(ITSRDF.taIdentRef))
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (qname(_RDF + n) for n in ("subject", "predicate", "object"))

#: what separates the predicates of a block, and the objects of a predicate
PREDICATE_SEP, OBJECT_SEP = " ;\n    ", ",\n        "

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TO_ESCAPE = re.compile(r'[\\"\n\r]').search  # (far quicker than translate on text with none)


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A Turtle literal: ``"text"``, ``"text"@lang`` or ``"text"^^prefix:type``."""
    body = f'"{text.translate(_ESCAPES)}"' if _TO_ESCAPE(text) else f'"{text}"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^{datatype}" if datatype else body


def zh_literal(text: str) -> str:
    """A literal tagged ``@zh``."""
    return literal(text, "zh")


def index_literal(offset: int) -> str:
    """An ``xsd:nonNegativeInteger`` (a character offset, a count); negative ones are refused."""
    if offset < 0:
        raise ValueError(f"negative offset {offset}")
    return f'"{offset}"^^{NON_NEG}'


def decimal_term(value: Decimal | int) -> str:
    """An exact ``xsd:decimal`` in its canonical plain form (see
    :func:`~pingan_graph.rdf.literals.decimal_lexical`)."""
    return f'"{decimal_lexical(value)}"^^{DECIMAL}'


def rdflib_literal(lit: Literal) -> str:
    """An rdflib Literal (the dates of :mod:`pingan_graph.rdf.literals`) in Turtle."""
    return literal(str(lit), lit.language, qname(str(lit.datatype)) if lit.datatype else None)


#: the base of the relative IRIs written: every resource this project names is below it
BASE = ID_BASE
_CUT = len(BASE)


def prefixes() -> str:
    """The ``@base`` and ``@prefix`` lines every graph we write starts with (the prefixes it uses)."""
    return f"@base <{BASE}> .\n" + "".join(
        f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(TURTLE_PREFIXES.items())
    )


#: the graph as a whole (the base IRI, under which every resource it names lies) and its ontology:
#: ``<> dcterms:conformsTo <https://w3id.org/pingan-graph/ontology>``
DATASET_BLOCK = (
    f"\n<> a {qname(PREFIXES['schema'] + 'Dataset')}"
    f"{PREDICATE_SEP}{qname(_DCT + 'conformsTo')} <{ONTOLOGY_IRI}> .\n"
)


def header() -> str:
    """What every graph we write starts with: :func:`prefixes`, then :data:`DATASET_BLOCK`."""
    return prefixes() + DATASET_BLOCK


def rel(iri: str) -> str:
    """``iri`` as written between ``<>``: relative to :data:`BASE` when below it.

    Every IRI below the base is a word, ``/`` and one path segment made by
    :mod:`pingan_graph.rdf.iris` (``[A-Za-z0-9._-]`` and percent escapes, never a dot-segment),
    perhaps with a ``#char=`` fragment: a relative reference that resolves to the IRI itself
    (RFC 3986). About a quarter of the bytes of a corpus's Turtle were the base, written again in
    every IRI.
    """
    return iri[_CUT:] if iri.startswith(BASE) else iri


def ref(iri: str) -> str:
    """``<iri>``, relative to :data:`BASE` when below it (see :func:`rel`)."""
    return f"<{rel(iri)}>"


class Blocks:
    """Triples grouped by subject (insertion order), written as Turtle blocks."""

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, set[str]]] = {}
        self._orders: dict[tuple[str, ...], list[str]] = {}  # predicates as added -> as written

    def add_many(self, subject: str, pairs: Iterable[tuple[str, str]]) -> None:
        """``add(subject, predicate, obj)`` for each (predicate, obj) of ``pairs``, in one go when
        ``subject`` is new."""
        preds = self.subjects.get(subject)
        if preds is None:
            preds = self.subjects[subject] = {}
        for predicate, obj in pairs:
            objs = preds.get(predicate)
            if objs is None:
                preds[predicate] = {obj}
            else:
                objs.add(obj)

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """One triple (terms as written in Turtle); a triple given twice is written once."""
        preds = self.subjects.get(subject)
        if preds is None:
            preds = self.subjects[subject] = {}
        objs = preds.get(predicate)
        if objs is None:
            preds[predicate] = {obj}
        else:
            objs.add(obj)

    def write(self, order: Iterable[str] | None = None) -> str:
        """The Turtle blocks of the subjects (in ``order``, else as first added), laid out as the
        module docstring says."""
        out: list[str] = []
        orders = self._orders
        for subject in self.subjects if order is None else order:
            preds = self.subjects[subject]
            added = tuple(preds)
            names = orders.get(added)
            if names is None:  # (most subjects have the same predicates in the same order)
                names = [p for p in (RDF_TYPE, LABEL) if p in preds]
                names += sorted(p for p in preds if p != RDF_TYPE and p != LABEL)
                orders[added] = names
            out.append(f"\n<{subject}>")
            for position, predicate in enumerate(names):
                objs = preds[predicate]
                if len(objs) == 1:
                    (listed,) = objs
                else:
                    listed = OBJECT_SEP.join(sorted(objs))
                out.append(f"{PREDICATE_SEP if position else ' '}{predicate} {listed}")
            out.append(" .\n")
        return "".join(out)
