"""The pipeline: small stages over one document, then one graph over all documents.

read (reader) -> segment -> mentions -> resolve -> statistics -> relations -> merge

Each stage is a function of its own module and can be run alone; :func:`process_document` chains
them for one document and :func:`merge` makes one graph of many: the same body named in two
articles is one node (same type, scope and canonical name).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import Document, DocumentResult, Entity, EntityMerger, KnowledgeGraph, Mention, dedupe_relations
from . import reader, segment
from .glosses import glossed
from .learned import learned_mentions
from .mentions import find_mentions, strip_marks
from .relations import find_relations
from .relations.pairs import learned_relations
from .resolve import resolve
from .rules import MentionKind
from .screen import screen_entities
from .short_names import merge_short_references
from .statistics import find_statistics
from .tagger import tag_document

#: bump when the extraction changes in a way that changes output for the same input
PIPELINE_VERSION = "1"


#: a person's name in an editor field: two to four hanzi
_EDITOR_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
#: what an editor field may hold that names no one (佚名: anonymous)
_NO_EDITOR = frozenset({"佚名", "匿名", "本网", "编辑部", "管理员"})


def editor_names(value: str | None) -> list[str]:
    """The persons an editor field names: 黄凌、刘政宁 is two; 佚名, Administrator and a field
    run into the next (夏宇新闻热线:…) name no one."""
    names = [part for part in re.split(r"[、，,;；/\s]+", value or "") if part]
    return [n for n in names if _EDITOR_NAME.fullmatch(n) and n not in _NO_EDITOR]


def metadata_mentions(doc: Document) -> tuple[Mention, ...]:
    """The article's source, publisher (Organization) and editor (Person), found in its header."""
    md = doc.metadata
    out = []
    for value, typ, rule, kind in (
        (md.source, "Organization", "metadata_source", MentionKind.SOURCE),
        (md.publisher, "Organization", "metadata_publisher", MentionKind.METADATA),
        *((name, "Person", "metadata_editor", MentionKind.METADATA) for name in editor_names(md.editor)),
    ):
        if not value:
            continue
        pos = doc.text.find(value)
        if pos < 0:
            continue
        out.append(
            Mention(
                doc_id=doc.doc_id,
                start=pos,
                end=pos + len(value),
                text=value,
                norm=strip_marks(doc.analysis_text[pos : pos + len(value)]),
                type=typ,
                rule=rule,
                sentence=-1,
                kind=kind,
            )
        )
    return tuple(out)


def with_glossed_names(doc: Document, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Each entity with the names its mentions in ``doc`` have on the page, glosses included, among
    its aliases (建設(shè) beside 建設); the entities as they are when the page had none."""
    if not doc.glosses:
        return entities
    out = []
    for entity in entities:
        names = {strip_marks(glossed(doc, m.start, m.end)) for m in entity.mentions if m.doc_id == doc.doc_id}
        names -= {entity.label, *entity.aliases, ""}
        if names:
            entity = replace(entity, aliases=tuple(sorted({*entity.aliases, *names})))
        out.append(entity)
    return tuple(out)


def process_document(doc: Document, tagger: bool = True, learned: bool | None = None) -> DocumentResult:
    """Run every extraction stage over one read document; ``tagger=False``: the rules only
    (without the statistical tagger of :mod:`.tagger` and the learned models: spans of
    :mod:`.learned`, the screening of :mod:`.screen`, relations of :mod:`.relations.pairs`);
    ``learned`` alone switches the learned models (default: as ``tagger``)."""
    doc = segment.segment(doc)
    mentions = find_mentions(doc, tag_document(doc) if tagger else None)
    header = metadata_mentions(doc)
    entities = resolve(doc, mentions + header)
    models = tagger if learned is None else learned
    if models:
        extra = learned_mentions(doc, entities)
        if extra:
            mentions = mentions + extra
            entities = resolve(doc, mentions + header)
        entities = screen_entities(doc, entities)
    entities = with_glossed_names(doc, merge_short_references(entities))
    statistics = find_statistics(doc, entities)
    relations, cooccurrences = find_relations(doc, entities)
    if models:
        added = learned_relations(doc, entities, relations)
        relations = tuple(sorted(relations + added, key=lambda r: (r.subject, r.predicate, r.object)))
    return DocumentResult(
        document=doc,
        mentions=mentions,
        entities=entities,
        statistics=statistics,
        relations=relations,
        cooccurrences=cooccurrences,
    )


def unique_doc_ids(docs: Sequence[Document]) -> list[Document]:
    """Give documents with the same slug distinct ids (-2, -3 … in input order)."""
    seen: Counter[str] = Counter()
    out = []
    for doc in docs:
        doc_id = reader.numbered_id(seen, doc.doc_id)
        out.append(doc if doc_id == doc.doc_id else replace(doc, doc_id=doc_id))
    return out


def merge(results: Iterable[DocumentResult]) -> KnowledgeGraph:
    """One graph of many documents; output order is sorted, so it does not depend on input order
    (except which document names a shared entity: the first given, see :class:`EntityMerger`)."""
    results = list(results)
    merger = EntityMerger()
    for result in results:
        merger.add(result.entities)
    docs = tuple(sorted((r.document for r in results), key=lambda d: d.doc_id))
    stats = tuple(
        sorted((s for r in results for s in r.statistics), key=lambda s: (s.doc_id, s.start, s.end))
    )
    rels = dedupe_relations(r for res in results for r in res.relations)
    cooc = dedupe_relations(r for res in results for r in res.cooccurrences)
    return KnowledgeGraph(
        documents=docs, entities=merger.entities(), statistics=stats, relations=rels, cooccurrences=cooc
    )


def build_from_texts(items: Sequence[tuple[str, str]], tagger: bool = True) -> KnowledgeGraph:
    """(source name, text) pairs -> graph, in memory (files are read by :mod:`pingan_graph.corpus`;
    :func:`pingan_graph.build` and :func:`pingan_graph.build_graph` build from paths)."""
    docs = unique_doc_ids([reader.make_document(text, name) for name, text in items])
    return merge(process_document(d, tagger) for d in docs)


def build_bundled(tagger: bool = True) -> KnowledgeGraph:
    """The graph of the article shipped with the package, in memory."""
    name, text = reader.bundled_article()
    return build_from_texts([(name, text)], tagger)
