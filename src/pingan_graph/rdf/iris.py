"""The IRIs of the graph, each derived from content: no blank nodes, nothing random, no raw text.

IRI scheme::

    entity      https://w3id.org/pingan-graph/id/{type lower}/{sha256(entity.key)[:16]}
    document    https://w3id.org/pingan-graph/id/doc/{doc_id}        (percent-encoded outside [A-Za-z0-9._-])
    span        {document}#char={start},{end}                       (RFC 5147: sentences and mentions)
    statistic   https://w3id.org/pingan-graph/id/stat/{doc_id}-{start}-{end}
    assertion   https://w3id.org/pingan-graph/id/rel/{sha256(subject|predicate|object|doc_id|sentence)[:16]}

A document IRI is both a ``pg:Document`` (with its Dublin Core metadata) and its own NIF
``nif:Context`` (the full text in ``nif:isString``), so the RFC 5147 fragments of sentences and
mentions are character ranges of exactly that text. See ``ontology/pingan.ttl`` for the terms.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from rdflib import URIRef

from ..model import ENTITY_TYPES, Relation, Statistic
from .prefixes import ID_BASE

__all__ = ["document_iri", "entity_iri", "relation_iri", "span_iri", "statistic_iri"]

_SAFE = re.compile(r"[A-Za-z0-9._-]")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _segment(text: str) -> str:
    """``text`` as one path segment: characters outside [A-Za-z0-9._-] percent-encoded (UTF-8)."""
    if not text:
        raise ValueError("an empty identifier cannot name a resource")
    if text.strip(".") == "":  # "." and ".." are dot-segments that IRI resolution would remove
        return text.replace(".", "%2E")
    return "".join(c if _SAFE.fullmatch(c) else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in text)


def entity_iri(entity_type: str, key: str) -> URIRef:
    """The IRI of the entity with this type and key."""
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}")
    return URIRef(f"{ID_BASE}{entity_type.lower()}/{_digest(key)}")


@lru_cache(maxsize=65536)  # called for every sentence and mention of the document
def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document (also its NIF context)."""
    return URIRef(f"{ID_BASE}doc/{_segment(doc_id)}")


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    """The RFC 5147 IRI of the characters ``start:end`` of a document's text."""
    if not 0 <= start <= end:
        raise ValueError(f"bad span {start},{end} in {doc_id!r}")
    return URIRef(f"{document_iri(doc_id)}#char={start},{end}")


def statistic_iri(stat: Statistic) -> URIRef:
    """The IRI of a statistic: its document and span."""
    return URIRef(f"{ID_BASE}stat/{_segment(stat.doc_id)}-{stat.start}-{stat.end}")


def relation_iri(relation: Relation) -> URIRef:
    """The IRI of the assertion of a typed relation in one sentence."""
    ident = f"{relation.subject}|{relation.predicate}|{relation.object}|{relation.doc_id}|{relation.sentence}"
    return URIRef(f"{ID_BASE}rel/{_digest(ident)}")
