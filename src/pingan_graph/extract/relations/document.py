"""Relation rules of the whole document: names that contain another name, co-occurrence.

Called once per document (``sentence`` is None), after the rules of the sentences.
"""

from __future__ import annotations

from itertools import combinations

from ...model import Relation
from .. import lexicon
from ..rules import Rule
from .context import Found, RelationSentence


def rule_name_contains_place(found: Found, sent: RelationSentence | None) -> None:
    """会昌县法院 is in 会昌县; 贺兰县立岗司法所 is in 贺兰县: a body named after a place is in it."""
    b, entities = found, found.entities
    places = [e for e in entities if e.type == "Place" and e.label not in lexicon.load().place_levels]
    for e in entities:
        if e.type == "Organization" and e.mentions:
            # 会昌县法院 is in 会昌县; 贺兰县立岗司法所 is in 贺兰县
            for p in places:
                if any(
                    n for n in (e.label, *e.aliases) if n.startswith(p.label) and len(n) > len(p.label) + 1
                ):
                    first = next(
                        (m for m in e.mentions if m.doc_id == b.doc.doc_id and m.sentence >= 0), None
                    )
                    if first is not None:
                        b.add(e.key, "locatedIn", p.key, first.sentence, NAME_CONTAINS_PLACE)
                    break


def rule_name_contains_program(found: Found, sent: RelationSentence | None) -> None:
    """市委平安东莞建设领导小组 leads 平安东莞建设; 平安东莞建设工作会议 is about 平安东莞建设."""
    b, entities = found, found.entities
    programs = [e for e in entities if e.type == "Program" and len(e.label) >= 4]
    for e in entities:
        if e.type not in ("Organization", "Event") or not e.mentions:
            continue
        for p in programs:
            names = (p.label, *p.aliases)
            if any(len(n) >= 4 and n in e.label and n != e.label for n in names):
                first = next((m for m in e.mentions if m.doc_id == b.doc.doc_id), None)
                if first is None:
                    continue
                pred = "leads" if e.type == "Organization" else "about"
                if e.type == "Organization" and not e.label.endswith(
                    ("领导小组", "指挥部", "委员会", "工作小组")
                ):
                    continue
                b.add(e.key, pred, p.key, first.sentence, NAME_CONTAINS_PROGRAM)


def rule_same_sentence(found: Found, sent: RelationSentence | None) -> None:
    """Two entities named in one sentence co-occur (weak links, kept apart from the typed ones)."""
    b = found
    for si, ms in sorted(b.by_sentence.items()):
        keys = sorted({m.key for m in ms})
        sentence = b.doc.sentences[si]
        for x, y in combinations(keys, 2):
            if (x, y) not in b.cooccurrences:
                b.cooccurrences[(x, y)] = Relation(
                    x, "coOccursWith", y, b.doc.doc_id, si, sentence.start, sentence.end, SAME_SENTENCE.name
                )


_DOCUMENT = "document_relations"
NAME_CONTAINS_PLACE = Rule("name_contains_place", _DOCUMENT, ("locatedIn",), rule_name_contains_place)
NAME_CONTAINS_PROGRAM = Rule(
    "name_contains_program", _DOCUMENT, ("leads", "about"), rule_name_contains_program
)
SAME_SENTENCE = Rule("same_sentence", _DOCUMENT, ("coOccursWith",), rule_same_sentence)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (NAME_CONTAINS_PLACE, NAME_CONTAINS_PROGRAM, SAME_SENTENCE)
