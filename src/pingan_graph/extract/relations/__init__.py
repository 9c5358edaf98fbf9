"""Stage 6: typed relations between entities, found from trigger patterns in the sentence.

needs: sentences (stage 2), entities with their mentions (stage 4)
provides: a tuple of typed :class:`Relation` (predicates of the ontology), each with its evidence
sentence and the name of the rule that found it; and, kept apart, weak co-occurrence links.

Every relation rule is a :class:`~pingan_graph.extract.rules.Rule` called as
``rule(found, sentence)`` (see :mod:`.context`): the ``relations`` rules once per sentence, the
``document_relations`` rules once per document (``sentence`` None). Relation rules read the
entities, not each other's output, so none requires another; they run in registration order,
and the first rule to find a triple names it.
"""

from __future__ import annotations

from ...model import Document, Entity, Relation
from ..rules import Rule, ordered
from . import clause, document, people, structure, units
from .clause import triggers
from .context import Found, RelationSentence, outermost, protagonist_key

#: every relation rule as registered
REGISTERED: tuple[Rule, ...] = (
    *clause.RULES,
    *structure.RULES_BEFORE_PEOPLE,
    *people.RULES,
    *structure.RULES_AFTER_PEOPLE,
    *document.RULES,
    *units.RULES,
)
SENTENCE_RULES: tuple[Rule, ...] = ordered([r for r in REGISTERED if r.stage == "relations"])
DOCUMENT_RULES: tuple[Rule, ...] = ordered([r for r in REGISTERED if r.stage == "document_relations"])

__all__ = [
    "DOCUMENT_RULES",
    "REGISTERED",
    "SENTENCE_RULES",
    "Found",
    "RelationSentence",
    "find_relations",
    "triggers",
]


def find_relations(
    doc: Document, entities: tuple[Entity, ...]
) -> tuple[tuple[Relation, ...], tuple[Relation, ...]]:
    """Typed relations and co-occurrence links of one document."""
    found = Found(doc, entities)
    found.protagonist = protagonist_key(found, doc) or found.main_place
    for sent in doc.sentences:
        mentions = found.by_sentence.get(sent.index, [])
        view = RelationSentence(
            sent.index, sent.start, doc.analysis_text[sent.start : sent.end], mentions, outermost(mentions)
        )
        for rule in SENTENCE_RULES:
            rule.function(found, view)
    for rule in DOCUMENT_RULES:
        rule.function(found, None)
    rels = tuple(sorted(found.out.values(), key=lambda r: (r.subject, r.predicate, r.object)))
    cooc = tuple(sorted(found.cooccurrences.values(), key=lambda r: (r.subject, r.object)))
    return rels, cooc
