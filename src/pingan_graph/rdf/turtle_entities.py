"""The Turtle of the merged graph's entities, and of their measures.

The **entity section**: one block per entity, sorted by IRI -- its types (its pg: class, then the
standard classes that class is aligned with), labels, scope, typed
relations and co-occurrence links (everything that needs the merged graph). The **measures
section**: one block per entity, sorted by IRI, with its ``pg:betweenness``, ``pg:community``,
``pg:degree`` and ``pg:pageRank``; it comes last in the file, so a corpus build can write
everything else while the measures are computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING

from ..model import PREDICATES, Entity, division_code
from ..schema import COOCCURRENCE_NAME, TYPES
from .iris import entity_iri
from .turtle_syntax import (
    ALT_LABEL,
    LABEL,
    OBJECT_SEP,
    PG_TERMS,
    PREDICATE_SEP,
    decimal_term,
    index_literal,
    literal,
    qname,
    ref,
    zh_literal,
)

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

__all__ = ["entity_blocks", "entity_iris", "entity_section", "measure_blocks", "measure_section"]


def entity_iris(entities: Iterable[Entity]) -> dict[str, str]:
    """Entity key -> IRI (:func:`pingan_graph.rdf.iris.entity_iri`)."""
    return {e.key: str(entity_iri(e.type, e.key)) for e in entities}


def entity_section(entities: Iterable[Entity], links: Iterable[tuple[str, str, str]]) -> str:
    """The Turtle of the merged entities: type, labels, scope and the links between them
    (``links``: (subject key, predicate, object key), typed relations and ``coOccursWith``)."""
    return "".join(entity_blocks(entities, links))


def entity_blocks(
    entities: Iterable[Entity],
    links: Iterable[tuple[str, str, str]],
    per_chunk: int = 1000,
    iris: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """:func:`entity_section` in chunks of ``per_chunk`` entities, so a big one is never one string.

    ``iris`` (entity key -> IRI, as :func:`pingan_graph.rdf.iris.entity_iri` makes them) saves making
    them again. Raises ValueError (before yielding anything) for a link naming an unknown entity
    or predicate.
    """
    entities = list(entities)
    if iris is None:
        iris = entity_iris(entities)
    out_links: dict[str, list[tuple[str, str]]] = {}
    bracketed = {key: ref(iri) for key, iri in iris.items()}
    for subject_key, predicate, object_key in links:
        predicate_term = _LINK_PREDICATES.get(predicate)
        if predicate_term is None:
            raise ValueError(f"unknown relation predicate {predicate!r}")
        obj = bracketed.get(object_key)
        if obj is None or subject_key not in bracketed:
            unknown = subject_key if subject_key not in iris else object_key
            raise ValueError(
                f"relation {subject_key!r} {predicate} {object_key!r} refers to an unknown entity {unknown!r}"
            )
        found = out_links.get(subject_key)
        if found is None:
            out_links[subject_key] = [(predicate_term, obj)]
        else:
            found.append((predicate_term, obj))
    return _entity_chunks(entities, iris, bracketed, out_links, per_chunk)


def measure_section(iris: Mapping[str, str], metrics: Mapping[str, NodeMetrics]) -> str:
    """The measures of the entities of ``metrics`` (``iris``: entity key -> IRI), a block each."""
    return "".join(measure_blocks(iris, metrics))


def measure_blocks(
    iris: Mapping[str, str], metrics: Mapping[str, NodeMetrics], per_chunk: int = 1000
) -> Iterator[str]:
    """:func:`measure_section` in chunks of ``per_chunk`` entities, sorted by IRI (entities without
    an IRI in ``iris`` are left out)."""
    ordered = sorted(((iris[key], m) for key, m in metrics.items() if key in iris), key=itemgetter(0))
    numbers: dict = {}  # many entities share a value (a betweenness of 0 above all)

    def term(kind, value) -> str:
        found = numbers.get((kind, value))
        if found is None:
            found = numbers[(kind, value)] = kind(value)
        return found

    for start in range(0, len(ordered), per_chunk):
        yield "".join(
            f"\n{ref(iri)} {_BETWEENNESS} {term(decimal_term, m.betweenness)}{PREDICATE_SEP}"
            f"{_COMMUNITY} {term(index_literal, m.community)}{PREDICATE_SEP}"
            f"{_DEGREE} {term(index_literal, m.degree)}{PREDICATE_SEP}"
            f"{_PAGE_RANK} {term(decimal_term, m.page_rank)} .\n"
            for iri, m in ordered[start : start + per_chunk]
        )


_LINK_PREDICATES = {p: PG_TERMS[p] for p in (*PREDICATES, COOCCURRENCE_NAME)}
#: the objects of an entity's ``a``: its pg: class first, then the standard classes it is aligned
#: with (:attr:`pingan_graph.schema.EntityType.aligned`), so tools without the ontology see them
_TYPE_TERMS = {t.name: ", ".join([PG_TERMS[t.name], *(qname(iri) for iri in t.aligned)]) for t in TYPES}


def _entity_chunks(entities, iris, bracketed, out_links, per_chunk: int) -> Iterator[str]:
    """The entities' blocks sorted by IRI, joined ``per_chunk`` at a time."""
    by_iri = sorted(((iris[e.key], e) for e in entities), key=itemgetter(0))
    for start in range(0, len(by_iri), per_chunk):
        yield "".join(
            _entity_block(bracketed[e.key], e, out_links.get(e.key, ()))
            for _iri, e in by_iri[start : start + per_chunk]
        )


def _entity_block(subject: str, entity: Entity, links: Iterable[tuple[str, str]]) -> str:
    """One entity's block, as :meth:`Blocks.write` lays it out (``a``, the label, the other
    predicates sorted, objects sorted), made directly: a corpus has hundreds of thousands."""
    preds: dict[str, list[str]] = {}
    if entity.aliases:
        preds[ALT_LABEL] = [zh_literal(alias) for alias in entity.aliases]
    if entity.scope:
        preds[PG_TERMS["scope"]] = [zh_literal(entity.scope)]
    code = division_code(entity.key)
    if code:
        preds[PG_TERMS["divisionCode"]] = [literal(code)]
    for predicate, obj in links:
        objs = preds.get(predicate)
        if objs is None:
            preds[predicate] = [obj]
        else:
            objs.append(obj)
    out = [f"\n{subject} a {_TYPE_TERMS[entity.type]}{PREDICATE_SEP}{LABEL} {zh_literal(entity.label)}"]
    for predicate in sorted(preds):
        objs = preds[predicate]
        listed = OBJECT_SEP.join(sorted(set(objs))) if len(objs) > 1 else objs[0]
        out.append(f"{PREDICATE_SEP}{predicate} {listed}")
    out.append(" .\n")
    return "".join(out)


#: the measures' predicates, in their sorted order (as the predicates of every block)
_BETWEENNESS, _COMMUNITY, _DEGREE, _PAGE_RANK = (
    PG_TERMS[name] for name in ("betweenness", "community", "degree", "pageRank")
)
