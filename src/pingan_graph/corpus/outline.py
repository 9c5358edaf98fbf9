"""The outline of a corpus: what the merged graph needs of every input, and its snapshot.

A corpus build keeps each input's results on disk; what needs the merged graph -- the entity
section, the metrics, the summary -- comes from the :class:`Outline`: the entities without their
mentions, the distinct links and some counts. :class:`OutlineMerger` makes it from each input's
outline records (:func:`outline_records`), merged at the input's position in
input order, so that the earliest input naming an entity gives its label, type and scope.

Merging thousands of records is the largest serial share of a rebuild after a few inputs were added,
so a build keeps the merged state as a **snapshot** in the cache (:meth:`OutlineMerger.dump`). The
next build resumes from it (:meth:`OutlineMerger.resume`) when every input of the snapshot is still
there, in the same order -- inputs added anywhere, none changed or removed -- and merges only the
other inputs' records, each at its position: the outline is the same as a merge of every record (a
property test checks it). A snapshot that does not fit (another format, damaged, an input gone or
changed, since a merge cannot take an input away) is not used, and every record is merged. The
snapshot is written again after a full merge and when more than :data:`SNAPSHOT_SLACK` of its inputs
were added to it; a rebuild that added fewer leaves it, and the next one merges those again.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import NamedTuple

from ..model import DocumentResult, Entity, EntityMerger, KnowledgeGraph, dedupe_relations

#: the snapshot's format (its first item); another one is not used
SNAPSHOT_FORMAT = "pingan-graph outline 1"
#: a rebuild writes the snapshot again when it added more than this share of its inputs
SNAPSHOT_SLACK = 0.1


class DocLine(NamedTuple):
    """A document's line of the outline (and of the build's summary)."""

    doc_id: str
    title: str  # the title, or the source path when it has none
    chars: int


class EntityRecord(NamedTuple):
    """An entity of one document, without its mentions: what the merge needs of it."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...]
    scope: str


class OutlineRecord(NamedTuple):
    """What the merged graph needs of one document (:func:`outline_records` stores them
    marshalled, as plain tuples of these fields in this order)."""

    entities: tuple[EntityRecord, ...]
    links: tuple[tuple[str, str, str], ...]  # distinct (subject key, predicate, object key), sorted
    predicates: tuple[str, ...]  # the predicate of each typed relation assertion
    cooccurrences: int  # co-occurrence statements
    statistics: int
    line: DocLine

    def plain(self) -> tuple:
        """The record as nested plain tuples (marshal takes no tuple subclass)."""
        entities = tuple(map(tuple, self.entities))
        return (entities, self.links, self.predicates, self.cooccurrences, self.statistics, tuple(self.line))


class SnapshotEntity(NamedTuple):
    """A merged entity in the snapshot, with the position of the input that names it."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...]
    scope: str
    position: int


class Snapshot(NamedTuple):
    """The merged state of an :class:`OutlineMerger`, as the snapshot stores it (marshalled as a
    plain tuple of these fields in this order, after its sha256)."""

    format: str  # :data:`SNAPSHOT_FORMAT`
    inputs: tuple[str, ...]  # the merged inputs' cache keys, in input order
    positions: tuple[int, ...]  # their positions
    entities: tuple[SnapshotEntity, ...]
    links: tuple[tuple[str, str, str], ...]
    documents: tuple[DocLine, ...]
    statistics: int
    cooccurrences: int
    relations: dict[str, int]  # typed relation assertions by predicate


@dataclass(frozen=True)
class Outline:
    """The graph of a corpus without its documents' contents: what the entity section, the
    metrics and the summary need, in memory that grows with the distinct entities and links."""

    entities: tuple[Entity, ...]  # merged, without mentions
    links: frozenset[tuple[str, str, str]]  # distinct (subject key, predicate, object key)
    documents: tuple[DocLine, ...]  # sorted
    statistics: int
    relations: Counter  # typed relation assertions by predicate
    cooccurrences: int  # co-occurrence statements (one per pair and sentence)

    @classmethod
    def of_graph(cls, kg: KnowledgeGraph) -> Outline:
        """The outline of a graph held in memory."""
        return cls(
            entities=tuple(replace(e, mentions=()) for e in kg.entities),
            links=frozenset((r.subject, r.predicate, r.object) for r in (*kg.relations, *kg.cooccurrences)),
            documents=tuple(sorted(doc_line(d) for d in kg.documents)),
            statistics=len(kg.statistics),
            relations=Counter(r.predicate for r in kg.relations),
            cooccurrences=len(kg.cooccurrences),
        )


def doc_line(doc) -> DocLine:
    """A document's line of the outline."""
    return DocLine(doc.doc_id, doc.metadata.title or doc.source_path, len(doc.text))


def records_of(results: Sequence[DocumentResult]) -> list[OutlineRecord]:
    """The outline record of each document of one input."""
    out = []
    for result in results:  # counted as pipeline.merge keeps them
        rels, coocs = dedupe_relations(result.relations), dedupe_relations(result.cooccurrences)
        out.append(
            OutlineRecord(
                tuple(EntityRecord(e.key, e.type, e.label, e.aliases, e.scope) for e in result.entities),
                tuple(sorted({(x.subject, x.predicate, x.object) for x in (*rels, *coocs)})),
                tuple(x.predicate for x in rels),
                len(coocs),
                len(result.statistics),
                doc_line(result.document),
            )
        )
    return out


def outline_records(results: Sequence[DocumentResult]) -> bytes:
    """The outline records of an input's documents, marshalled: read back far faster than the
    pickled results, so a build (and above all a rebuild) merges thousands of inputs quickly."""
    return marshal.dumps(tuple(record.plain() for record in records_of(results)))


class OutlineMerger:
    """Merges the outline records of inputs, each at its position in input order."""

    def __init__(self) -> None:
        self.merged = EntityMerger()  # the entities of the records added
        #: the entities of a resumed snapshot that no record added since names:
        #: key -> (entity, position of the input that names it)
        self.base: dict[str, tuple[Entity, int]] = {}
        self.links: set[tuple[str, str, str]] = set()
        self.documents: list[DocLine] = []
        self.statistics = 0
        self.cooccurrences = 0
        self.relations: Counter = Counter()
        self.inputs: dict[str, int] = {}  # the merged inputs' cache keys, and their positions
        self.resumed = 0  # inputs of the snapshot this merger resumed from
        self.saved = -1  # inputs when it was last written as the snapshot

    def add(self, key: str, at: int, records: Iterable[Sequence]) -> None:
        """Merge the records (:class:`OutlineRecord`, or the plain tuples marshal gives back) of
        the input with cache key ``key`` at position ``at`` in input order (an input already merged
        is not merged again: the same key is the same content)."""
        if key in self.inputs:
            return
        merged, base = self.merged, self.base
        for record in map(OutlineRecord._make, records):
            batch = []
            for entity_key, entity_type, label, aliases, scope in record.entities:  # EntityRecord
                if entity_key in base:  # named in the snapshot: merged on from there
                    merged.restore(*base.pop(entity_key))
                batch.append(Entity(entity_key, entity_type, label, aliases, scope))
            merged.add(batch, at)
            self.links.update(record.links)  # (marshal gives tuples back)
            self.relations.update(record.predicates)
            self.cooccurrences += record.cooccurrences
            self.statistics += record.statistics
            self.documents.append(DocLine._make(record.line))
        self.inputs[key] = at

    def outline(self) -> Outline:
        entities = [entity for entity, _position in self.base.values()]
        entities += self.merged.entities()
        entities.sort(key=attrgetter("key"))
        return Outline(
            entities=tuple(entities),
            links=frozenset(self.links),
            documents=tuple(sorted(self.documents)),
            statistics=self.statistics,
            relations=Counter(self.relations),
            cooccurrences=self.cooccurrences,
        )

    def worth_keeping(self) -> bool:
        """True when the next build should resume from this merger rather than from the snapshot
        it resumed from: none, or one that more than :data:`SNAPSHOT_SLACK` of its inputs were
        added to (a rebuild after a few additions leaves the snapshot as it is, and the next one
        merges those again: cheaper than writing the whole state each time)."""
        if self.saved == len(self.inputs):
            return False
        added = len(self.inputs) - self.resumed
        return not self.resumed or added > SNAPSHOT_SLACK * self.resumed

    def kept(self) -> None:
        """Note that the merger, as it is, was written as the snapshot."""
        self.saved = len(self.inputs)

    # ------------------------------------------------------------------------------------------
    # the snapshot

    def dump(self, outline: Outline | None = None) -> bytes:
        """The merged state (:class:`Snapshot`), marshalled after its sha256 (``outline``:
        :meth:`outline`, when already made)."""
        at = self.merged.at
        base = self.base
        entities = tuple(
            (e.key, e.type, e.label, e.aliases, e.scope, base[e.key][1] if e.key in base else at[e.key])
            for e in (outline or self.outline()).entities
        )  # (SnapshotEntity fields, as a plain tuple)
        inputs = sorted(self.inputs, key=self.inputs.__getitem__)
        state = Snapshot(
            format=SNAPSHOT_FORMAT,
            inputs=tuple(inputs),
            positions=tuple(self.inputs[k] for k in inputs),
            entities=entities,
            links=tuple(self.links),
            documents=tuple(map(tuple, self.documents)),
            statistics=self.statistics,
            cooccurrences=self.cooccurrences,
            relations=dict(self.relations),
        )
        payload = marshal.dumps(tuple(state))
        return hashlib.sha256(payload).digest() + payload  # (a damaged byte is found, not used)

    @classmethod
    def resume(cls, data: bytes, now: Mapping[str, int]) -> OutlineMerger | None:
        """The merger of a snapshot, its positions moved to those of this build's inputs (``now``:
        cache key -> position in input order); None when the snapshot does not fit (see the module
        docstring)."""
        try:
            digest, payload = data[:32], data[32:]
            if hashlib.sha256(payload).digest() != digest:
                return None
            raw = marshal.loads(payload)
            if not isinstance(raw, tuple) or len(raw) != len(Snapshot._fields) or raw[0] != SNAPSHOT_FORMAT:
                return None
            state = Snapshot._make(raw)
            moved = _moved(state.inputs, state.positions, now)
            if moved is None:
                return None
            merger = cls()
            merger.base = {
                key: (Entity(key, entity_type, label, aliases, scope), moved[at])
                for key, entity_type, label, aliases, scope, at in state.entities  # SnapshotEntity
            }
            merger.links = set(state.links)
            merger.documents = list(map(DocLine._make, state.documents))
            merger.statistics, merger.cooccurrences = state.statistics, state.cooccurrences
            merger.relations = Counter(state.relations)
            merger.inputs = {k: moved[at] for k, at in zip(state.inputs, state.positions, strict=True)}
            merger.resumed = len(state.inputs)
            return merger
        except (EOFError, ValueError, TypeError, IndexError, KeyError):  # damaged: not used
            return None


def _moved(inputs: Sequence[str], positions: Sequence[int], now: Mapping[str, int]) -> dict[int, int] | None:
    """Old position -> new one, when every input of the snapshot is among ``now`` (cache key ->
    position) in the same order; else None."""
    moved: dict[int, int] = {}
    last = -1
    for key, at in zip(inputs, positions, strict=True):
        here = now.get(key)
        if here is None or here <= last:
            return None
        moved[at] = last = here
    return moved
