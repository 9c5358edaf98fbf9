"""Relation rules of the whole document: names that contain another name, co-occurrence.

Called once per document (``sentence`` is None), after the rules of the sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from ...model import Entity, Relation, division_code
from .. import gazetteer, lexicon
from ..rules import Rule
from .context import Found, RelationSentence


def rule_name_contains_place(found: Found, sent: RelationSentence | None) -> None:
    """会昌县法院 is in 会昌县; 贺兰县立岗司法所 is in 贺兰县: a body named after a place is in it."""
    entities = found.entities
    places = [e for e in entities if e.type == "Place" and e.label not in lexicon.load().place_levels]
    for entity in entities:
        if entity.type == "Organization" and entity.mentions:
            # 会昌县法院 is in 会昌县; 贺兰县立岗司法所 is in 贺兰县; 内蒙古自治区敖汉旗人民法院 is in
            # 敖汉旗: the lowest place of the chain its name starts with
            names = (entity.label, *entity.aliases)
            chains = [n for n in names for p in places if n.startswith(p.label) and len(n) > len(p.label) + 1]
            best = None
            if chains:
                chain = max(chains, key=lambda n: (len(n), n))
                for place in places:
                    at = chain.find(place.label)
                    end = at + len(place.label)
                    if at >= 0 and len(chain) - end >= 2 and (best is None or (end, place.key) > best[0]):
                        best = ((end, place.key), place)
            if best is not None:
                first = found.first_sentence(entity)
                if first is not None:
                    found.add(entity.key, "locatedIn", best[1].key, first, NAME_CONTAINS_PLACE)


def rule_division_parent(found: Found, sent: RelationSentence | None) -> None:
    """长寿区 … 晾马台镇: a coded place is in the nearest place of its parent chain (the gazetteer's)
    that the article names; the evidence is a sentence naming both, else the child's first."""
    coded = {division_code(e.key): e for e in found.entities if e.type == "Place" and division_code(e.key)}
    if len(coded) < 2:
        return
    gaz = gazetteer.load()
    doc_id = found.doc.doc_id
    for code, entity in sorted(coded.items()):
        parent = next((coded[d.code] for d in gaz.chain(code)[1:] if d.code in coded), None)
        if parent is None:
            continue
        own = sorted({m.sentence for m in entity.mentions if m.doc_id == doc_id and m.sentence >= 0})
        if not own:
            continue
        theirs = {m.sentence for m in parent.mentions if m.doc_id == doc_id}
        found.add(
            entity.key,
            "locatedIn",
            parent.key,
            next((s for s in own if s in theirs), own[0]),
            DIVISION_PARENT,
        )


def rule_name_contains_body(found: Found, sent: RelationSentence | None) -> None:
    """银川市公安局反诈中心 is part of 银川市公安局; 昭苏垦区公安局党委 of 昭苏垦区公安局: a body whose
    name is another body's name and more is a unit of it (the longest such body)."""
    bodies = [e for e in found.entities if e.type == "Organization" and e.mentions]
    place_names = {
        n for e in found.entities if e.type == "Place" for n in (e.label, *e.aliases) if len(n) >= 3
    }
    for entity in bodies:
        first = found.first_sentence(entity)
        if first is None:
            continue
        names = (entity.label, *entity.aliases)
        best = None
        for other in bodies:
            if other.key == entity.key:
                continue
            onames = {other.label, *other.aliases}
            # 银川市公安局 is also named 市公安局 in front of its units (市公安局反诈中心)
            onames |= {
                o[len(p) - 1 :]
                for o in list(onames)
                for p in place_names
                if o.startswith(p) and p[-1:] in "市县区"
            }
            for oname in onames:
                inside = any(n.startswith(oname) and len(n) >= len(oname) + 2 for n in names)
                if len(oname) >= 4 and inside and (best is None or len(oname) > best[0]):
                    best = (len(oname), other.key)
        if best is not None:
            found.add(entity.key, "partOf", best[1], first, NAME_CONTAINS_BODY)


def rule_person_leads(found: Found, sent: RelationSentence | None) -> None:
    """公安局局长杜双路: the body is headed by him and he leads it, both ways written out for readers
    and tools without a reasoner."""
    for (subject, predicate, target), relation in list(found.out.items()):
        if predicate == "headedBy" and found.types.get(target) == "Person":
            found.add(target, "leads", subject, relation.sentence, PERSON_LEADS)


def rule_place_named_program(found: Found, sent: RelationSentence | None) -> None:
    """平安西安, 法治青海建设: a programme named after a place is that place's work (implements)."""
    entities = found.entities
    levels = lexicon.load().place_levels
    places = [e for e in entities if e.type == "Place" and e.label not in levels]
    for entity in entities:
        if entity.type != "Program" or not entity.mentions:
            continue
        first = found.first_sentence(entity)
        if first is None:
            continue
        for place in places:
            names = [n for n in (place.label, *place.aliases) if len(n) >= 2 and n not in levels]
            if any(n in program for n in names for program in (entity.label, *entity.aliases)):
                found.add(place.key, "implements", entity.key, first, PLACE_NAMED_PROGRAM)
                break


def rule_scoped_body_place(found: Found, sent: RelationSentence | None) -> None:
    """县司法局, 综治中心 in an article about 华安县: a body the article names by its kind alone is
    the body of the article's place (its scope), so it is located there."""
    places = {e.label: e for e in found.entities if e.type == "Place" and e.mentions}
    located = {subj for (subj, pred, _obj) in found.out if pred in ("locatedIn", "partOf")}
    for entity in found.entities:
        # (a body without a scope is one node for every article that names its kind: no place of its own)
        if entity.type != "Organization" or entity.key in located or not entity.scope:
            continue
        place = _place_of_level((entity.label, *entity.aliases), places.values())
        if place is None:
            place = min(
                (p for label, p in places.items() if label.startswith(entity.scope)),
                key=lambda p: (len(p.label), p.key),
                default=None,
            )
        first = found.first_sentence(entity)
        if place is not None and first is not None:
            found.add(entity.key, "locatedIn", place.key, first, SCOPED_BODY_PLACE)


#: the level a body's name begins with, and the endings of the places of that level
_LEVEL_ENDS = {"县": ("县", "旗"), "旗": ("旗",), "区": ("区",), "镇": ("镇",), "乡": ("乡",)}


def _place_of_level(names: tuple[str, ...], places: Iterable[Entity]) -> Entity | None:
    """县法院, 区公安局, 镇政府: a body named by its level and kind (by its label or, where the label
    is the kind's canonical name, 法院, by its aliases) is the body of the one place of that level the
    article names most (张家川县), if one is named more than any other."""
    levels = {name[0] for name in names if name[:1] in _LEVEL_ENDS and len(name) >= 3}
    if len(levels) != 1:
        return None
    ends = _LEVEL_ENDS[levels.pop()]
    counts = sorted(
        ((len(p.mentions), p.key, p) for p in places if any(n.endswith(ends) for n in (p.label, *p.aliases))),
        key=lambda c: (-c[0], c[1]),
    )
    if not counts or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][2]


def rule_meeting_of_body(found: Found, sent: RelationSentence | None) -> None:
    """市委政法工作会议 is held by 市委政法委, 县禁毒委全体会议 by 县禁毒委: a meeting named after a
    body (its name, or a committee's name without its last 委) is organized by it."""
    bodies = [e for e in found.entities if e.type == "Organization" and e.mentions]
    for event in found.entities:
        if event.type != "Event":
            continue
        first = found.first_sentence(event)
        if first is None:
            continue
        names = {event.label, *event.aliases}
        for place in found.entities:
            if place.type == "Place":
                for full in (place.label, *place.aliases):
                    for pname in {full, full[:-1] if full.endswith(("市", "县", "区")) else full}:
                        names |= {
                            n[len(pname) :] for n in list(names) if n.startswith(pname) and len(pname) >= 2
                        }
        best = None
        for body in bodies:
            for label in (body.label, *body.aliases):
                prefix = label[:-1] if label.endswith("委") and len(label) >= 4 else label
                named = any(n.startswith(prefix) and len(n) > len(prefix) + 1 for n in names)
                if len(prefix) >= 3 and named and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), body.key)
        if best is not None:
            found.add(best[1], "organized", event.key, first, MEETING_OF_BODY)


#: a programme already carried by someone: the article names who does it
_CARRIED_BY = frozenset({"implements", "established", "organized", "leads", "about"})


def rule_protagonist_work(found: Found, sent: RelationSentence | None) -> None:
    """The article's protagonist (the body or place its clauses are about) carries out each
    programme the article names that no clause gives to anyone else: a county's report on its
    “院坝调解” and “两所一庭” is the county's work."""
    protagonist = found.protagonist
    if not protagonist or found.types.get(protagonist) not in ("Organization", "Place"):
        return
    carried = {obj for (_subj, pred, obj) in found.out if pred in _CARRIED_BY}
    for entity in found.entities:
        if entity.type != "Program" or entity.key in carried or entity.key == protagonist:
            continue
        first = found.first_sentence(entity)
        if first is not None:
            found.add(protagonist, "implements", entity.key, first, PROTAGONIST_WORK)


def rule_name_contains_program(found: Found, sent: RelationSentence | None) -> None:
    """市委平安东莞建设领导小组 leads 平安东莞建设; 平安东莞建设工作会议 is about 平安东莞建设."""
    entities = found.entities
    programs = [e for e in entities if e.type == "Program" and len(e.label) >= 4]
    for entity in entities:
        if entity.type not in ("Organization", "Event") or not entity.mentions:
            continue
        for program in programs:
            names = (program.label, *program.aliases)
            if any(len(n) >= 4 and n in entity.label and n != entity.label for n in names):
                first = next((m.sentence for m in entity.mentions if m.doc_id == found.doc.doc_id), None)
                if first is None:
                    continue
                pred = "leads" if entity.type == "Organization" else "about"
                if entity.type == "Organization" and not entity.label.endswith(
                    ("领导小组", "指挥部", "委员会", "工作小组")
                ):
                    continue
                found.add(entity.key, pred, program.key, first, NAME_CONTAINS_PROGRAM)


def rule_same_sentence(found: Found, sent: RelationSentence | None) -> None:
    """Two entities named in one sentence co-occur (weak links, kept apart from the typed ones)."""
    for si, ms in sorted(found.by_sentence.items()):
        keys = sorted({m.key for m in ms})
        sentence = found.doc.sentences[si]
        for first_key, second_key in combinations(keys, 2):
            if (first_key, second_key) not in found.cooccurrences:
                found.cooccurrences[(first_key, second_key)] = Relation(
                    first_key,
                    "coOccursWith",
                    second_key,
                    found.doc.doc_id,
                    si,
                    sentence.start,
                    sentence.end,
                    SAME_SENTENCE.name,
                )


_DOCUMENT = "document_relations"
NAME_CONTAINS_PLACE = Rule("name_contains_place", _DOCUMENT, ("locatedIn",), rule_name_contains_place)
DIVISION_PARENT = Rule("division_parent", _DOCUMENT, ("locatedIn",), rule_division_parent)
NAME_CONTAINS_PROGRAM = Rule(
    "name_contains_program", _DOCUMENT, ("leads", "about"), rule_name_contains_program
)
NAME_CONTAINS_BODY = Rule("name_contains_body", _DOCUMENT, ("partOf",), rule_name_contains_body)
PERSON_LEADS = Rule("person_leads", _DOCUMENT, ("leads",), rule_person_leads)
PLACE_NAMED_PROGRAM = Rule("place_named_program", _DOCUMENT, ("implements",), rule_place_named_program)
SCOPED_BODY_PLACE = Rule("scoped_body_place", _DOCUMENT, ("locatedIn",), rule_scoped_body_place)
MEETING_OF_BODY = Rule("meeting_of_body", _DOCUMENT, ("organized",), rule_meeting_of_body)
PROTAGONIST_WORK = Rule("protagonist_work", _DOCUMENT, ("implements",), rule_protagonist_work)
SAME_SENTENCE = Rule("same_sentence", _DOCUMENT, ("coOccursWith",), rule_same_sentence)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (
    NAME_CONTAINS_PLACE,
    NAME_CONTAINS_BODY,
    SCOPED_BODY_PLACE,
    DIVISION_PARENT,
    PLACE_NAMED_PROGRAM,
    NAME_CONTAINS_PROGRAM,
    MEETING_OF_BODY,
    PERSON_LEADS,
    PROTAGONIST_WORK,
    SAME_SENTENCE,
)
