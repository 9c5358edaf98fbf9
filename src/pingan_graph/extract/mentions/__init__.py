"""Stage 3: entity mentions of the ten types, found by named rules.

needs: ``Document.sentences`` and ``Document.tokens`` (stage 2)
provides: a tuple of :class:`Mention`, sorted by offset, each with the name and kind of its rule

Each rule module registers its rules (:class:`~pingan_graph.extract.rules.Rule` records) in its
``RULES`` list; :data:`MENTION_RULES` runs them in the order their requirements give (checked
when this package loads). Per sentence, every ``mentions`` rule proposes candidates on a
:class:`SentenceView`; overlaps are resolved longest first, then by the rule's priority, then
leftmost: deterministic, like spaCy's ``filter_spans``; the ``nested`` rules add the places and
bodies inside kept names; last the ``document`` rule adds names met again. The vocabulary is
generic (``data/lexicon``); names of one article's own bodies and brands are built from patterns:
quotes, head nouns, place + name + suffix, trigger words.
"""

from __future__ import annotations

from ...model import Document, Mention
from .. import lexicon
from ..rules import Rule, check_rule_tables, ordered
from ..tagger import TaggedSpan
from . import headed, nested, people, places, quotes, tagged, words
from .sentence import Candidate, SentenceView, TextCounter, strip_marks

#: every mention rule as registered: module by module, each module's list in its order
REGISTERED: tuple[Rule, ...] = (
    *words.RULES,
    *places.RULES,
    *quotes.RULES,
    *headed.RULES,
    *people.RULES,
    *tagged.RULES,
    *nested.RULES,
)

#: the rules of each stage in the order they run (requirements first, then registration order)
MENTION_RULES: tuple[Rule, ...] = ordered([r for r in REGISTERED if r.stage == "mentions"])
NESTED_RULES: tuple[Rule, ...] = ordered(
    [r for r in REGISTERED if r.stage == "nested"], provided=[r.name for r in MENTION_RULES]
)
DOCUMENT_RULES: tuple[Rule, ...] = ordered(
    [r for r in REGISTERED if r.stage == "document"],
    provided=[r.name for r in MENTION_RULES] + [r.kind for r in (*MENTION_RULES, *NESTED_RULES)],
)
check_rule_tables(lexicon.read_toml("rules/rules.toml"), REGISTERED)

__all__ = [
    "DOCUMENT_RULES",
    "MENTION_RULES",
    "NESTED_RULES",
    "REGISTERED",
    "Candidate",
    "SentenceView",
    "find_mentions",
    "resolve_overlaps",
    "strip_marks",
]


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then higher priority, then leftmost; keep those that overlap nothing kept."""
    chosen: list[Candidate] = []
    for candidate in sorted(
        set(cands), key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.type, c.rule)
    ):
        if all(candidate.end <= k.start or candidate.start >= k.end for k in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def find_mentions(
    doc: Document, tagged: tuple[tuple[TaggedSpan, ...], ...] | None = None
) -> tuple[Mention, ...]:
    """All entity mentions of a segmented document; ``tagged`` holds, per sentence, the spans the
    statistical tagger labelled (None: a rules-only build)."""
    text_counts = TextCounter(doc.analysis_text)
    kept: list[tuple[Candidate, int]] = []
    per_sentence = tagged if tagged is not None else ((),) * len(doc.sentences)
    for sent, toks, spans in zip(doc.sentences, doc.tokens, per_sentence, strict=True):
        view = SentenceView(doc, sent, toks, text_counts, spans)
        for rule in MENTION_RULES:
            rule.function(view)
        chosen = [c for c in resolve_overlaps(view.cands) if not nested.inside_slogan(view, c)]
        found = list(chosen)
        for rule in NESTED_RULES:
            found += rule.function(view, chosen)
        kept.extend((c, sent.index) for c in found)
    for rule in DOCUMENT_RULES:
        kept = rule.function(doc, kept)
    return tuple(
        Mention(
            doc_id=doc.doc_id,
            start=c.start,
            end=c.end,
            text=doc.text[c.start : c.end],
            norm=strip_marks(doc.analysis_text[c.start : c.end]),
            type=c.type,
            rule=c.rule,
            sentence=si,
            priority=c.priority,
            kind=c.kind,
        )
        for c, si in kept
    )
