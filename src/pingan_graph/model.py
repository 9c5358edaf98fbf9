"""The data structures that flow through the pipeline.

document -> sentences/tokens with offsets -> mentions -> entities, statistics, relations -> graph.

Every structure is a frozen dataclass (slotted where a corpus makes millions of them); every offset
is a character offset into ``Document.text`` (the original text as read, after decoding).
``Document.analysis_text`` has exactly the same length (traditional characters converted
one-for-one to simplified), so offsets are shared by both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from operator import attrgetter

from .schema import COOCCURRENCE_NAME, PREDICATE_NAMES, SYMMETRIC_NAMES, TYPE_NAMES

#: the names of the entity types (:data:`pingan_graph.schema.TYPES`), the values of ``Entity.type``
ENTITY_TYPES: tuple[str, ...] = TYPE_NAMES
#: typed relation predicates (local names in the ontology); co-occurrence is kept apart.
PREDICATES: tuple[str, ...] = PREDICATE_NAMES
#: the typed predicates whose two ends are unordered
SYMMETRIC_PREDICATES: frozenset[str] = SYMMETRIC_NAMES


def edge_key(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """The (subject, predicate, object) of a link as one edge: symmetric predicates and
    co-occurrence with their two ends in sorted order."""
    if (predicate in SYMMETRIC_PREDICATES or predicate == COOCCURRENCE_NAME) and obj < subject:
        return obj, predicate, subject
    return subject, predicate, obj


#: the key of a place coded by the gazetteer: ``Place|#CODE`` (the same code, the same node)
_CODED_PLACE = "Place|#"


def coded_place_key(code: str) -> str:
    """The entity key of the place with this statistical division code."""
    return _CODED_PLACE + code


def division_code(key: str) -> str:
    """The statistical division code of an entity key ('' when the entity has none)."""
    return key[len(_CODED_PLACE) :] if key.startswith(_CODED_PLACE) else ""


def _pickled_as_a_call(cls):
    """Pickle instances of a slotted frozen dataclass as a call of the class on its field values:
    the default (``__getstate__``/``__setstate__`` in Python, field by field) is 3x slower and
    larger, and the pipeline pickles every result it caches."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@dataclass(frozen=True)
class Metadata:
    """What the article says about itself (page furniture lines are listed, not analysed)."""

    title: str | None = None
    date: str | None = None  # ISO date, e.g. "2023-12-27"
    datetime: str | None = None  # ISO date-time when the article gives a time, e.g. "2023-12-27T14:17:06"
    source: str | None = None  # 来源
    editor: str | None = None  # 编辑
    publisher: str | None = None  # the site or paper that published the page
    boilerplate: tuple[str, ...] = ()  # page-furniture lines removed from analysis


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # original surface text[start:end]


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Token:
    text: str  # analysis (simplified) form
    start: int
    end: int
    pos: str  # jieba POS flag


@dataclass(frozen=True)
class Document:
    """One input article, read and cleaned."""

    doc_id: str  # stable slug, unique within a build
    source_path: str  # the file it came from (as given by the user) or "<bundled>/NAME"
    text: str  # original text, decoded (without pinyin glosses: see glosses)
    analysis_text: str  # same length as text: simplified Chinese, full-width punctuation kept
    metadata: Metadata
    content_hash: str  # sha256 of text
    script: str = "simplified"  # "simplified" or "traditional"
    # character ranges of analysable content (metadata and furniture lines excluded)
    content_spans: tuple[tuple[int, int], ...] = ()
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[tuple[Token, ...], ...] = ()  # tokens per sentence
    # pinyin glosses the reader took out of the text (建設(shè)): (offset in text, gloss), in order
    glosses: tuple[tuple[int, str], ...] = ()


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity."""

    doc_id: str
    start: int
    end: int
    text: str  # original surface
    norm: str  # analysis form with quotes/book marks removed: the name it contributes
    type: str  # one of ENTITY_TYPES
    rule: str  # name of the rule that found it
    sentence: int  # sentence index
    priority: int = 0  # higher wins on overlap ties
    kind: str = ""  # how the name was found (a MentionKind of extract.rules): what later stages test


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Entity:
    """One node: a thing, with all the names the articles use for it."""

    # stable identity, used to mint the IRI: "Type|scope|canonical", or "Place|#CODE" (coded_place_key)
    key: str
    type: str
    label: str  # canonical name (simplified)
    aliases: tuple[str, ...] = ()  # other names, sorted
    scope: str = ""  # for relative names (市委, 综治中心): the place they belong to
    mentions: tuple[Mention, ...] = ()


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Statistic:
    """A reported quantity, as an observation."""

    key: str  # stable identity: "doc_id|start"
    doc_id: str
    value: Decimal
    unit: str
    surface: str  # as written, e.g. "32.7万人"
    start: int
    end: int
    sentence: int
    indicator: str | None = None  # cue of what it measures, e.g. 化解率
    subject: str | None = None  # entity key
    period: str | None = None  # e.g. 2023年, 今年截至11月
    qualifier: str | None = None  # 近, 多, 超过, 余 ...
    rule: str = ""


@_pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Relation:
    subject: str  # entity key
    predicate: str  # one of PREDICATES, or schema.COOCCURRENCE_NAME for the weak link
    object: str  # entity key
    doc_id: str
    sentence: int
    start: int  # evidence span (the sentence, or the trigger region)
    end: int
    rule: str = ""


@dataclass(frozen=True)
class DocumentResult:
    """What the pipeline extracted from one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    relations: tuple[Relation, ...] = ()
    cooccurrences: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class KnowledgeGraph:
    """The merged result of one build: any number of documents, one node per thing."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    statistics: tuple[Statistic, ...]
    relations: tuple[Relation, ...]
    cooccurrences: tuple[Relation, ...] = ()

    def entity(self, key: str) -> Entity:
        for entity in self.entities:
            if entity.key == key:
                return entity
        raise KeyError(key)

    def document(self, doc_id: str) -> Document:
        for document in self.documents:
            if document.doc_id == doc_id:
                return document
        raise KeyError(doc_id)


def dedupe_relations(relations: Iterable[Relation]) -> tuple[Relation, ...]:
    """One relation per (subject, predicate, object, document, sentence) -- the first given --
    sorted by that key."""
    out: dict[tuple, Relation] = {}
    for relation in relations:
        out.setdefault(
            (relation.subject, relation.predicate, relation.object, relation.doc_id, relation.sentence),
            relation,
        )
    return tuple(out[k] for k in sorted(out))


class EntityMerger:
    """Merges the entities of document results: one per key, named by the earliest document in
    input order that has it (its label, type and scope), with every other name of every document as
    an alias and every mention (sorted by document and offset). Memory: one entity, one set of
    names and the mentions per key (a corpus build feeds it entities without mentions).

    Documents are normally fed in input order; :meth:`add` also takes a position, so that a corpus
    rebuild can add new inputs to the merged state of the old ones (:mod:`pingan_graph.outline`).
    """

    def __init__(self) -> None:
        self.first: dict[str, Entity] = {}
        self.at: dict[str, int] = {}  # the position of the document of ``first``
        self.names: dict[str, set[str]] = {}  # every label and alias (the label is left out at the end)
        self.mentions: dict[str, list[Mention]] = {}
        self.next = 0

    def add(self, entities: Iterable[Entity], at: int | None = None) -> None:
        """Merge the entities of one document, at position ``at`` in input order (default: after
        every document so far); of two at the same position, the one added first names the entity."""
        if at is None:
            at = self.next
        self.next = max(self.next, at + 1)
        for entity in entities:
            names = self.names.get(entity.key)
            if names is None:
                self.restore(entity, at)
            else:
                names.update(entity.aliases)
                names.add(entity.label)
                self.mentions[entity.key].extend(entity.mentions)
                if at < self.at[entity.key]:
                    self.first[entity.key] = entity
                    self.at[entity.key] = at

    def restore(self, entity: Entity, at: int) -> None:
        """Take up an entity new to this merger, named at position ``at`` (as :meth:`add` does, or
        as an earlier merge left it, before merging more documents)."""
        self.first[entity.key] = entity
        self.at[entity.key] = at
        self.names[entity.key] = {entity.label, *entity.aliases}
        self.mentions[entity.key] = list(entity.mentions)

    def entities(self) -> tuple[Entity, ...]:
        out = []
        for key in sorted(self.first):
            first = self.first[key]
            mentions = sorted(self.mentions[key], key=lambda m: (m.doc_id, m.start))
            aliases = tuple(sorted(self.names[key] - {first.label}))
            out.append(Entity(key, first.type, first.label, aliases, first.scope, tuple(mentions)))
        return tuple(out)
