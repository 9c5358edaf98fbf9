"""Stage 6: typed relations between entities, found from trigger patterns in the sentence.

needs: sentences (stage 2), entities with their mentions (stage 4)
provides: a tuple of typed :class:`Relation` (predicates of the ontology), each with its evidence
sentence and the name of the rule that found it; and, kept apart, weak co-occurrence links.

The clause rule: a trigger word (``data/lexicon/relation_triggers.tsv``) links the subject of its
clause — the body or place the clause starts with, else the one an earlier clause of the sentence
started with, else the article's own place — to the entities of the right type after it.
Structural rules add what the wording shows without a verb: "由…任组长" (headedBy), "以…为主体的"
(hasMember), "广东东莞" (locatedIn), "“A+B+C”的…机制" (partOf), "A与B…对接" (cooperatesWith),
"市公安局局长李启全" (hasRole; headedBy, or hasMember for a deputy), "武定县公安局狮山派出所"
(partOf), "下辖A、B" and "A、B等X成员单位" (partOf).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..model import Document, Entity, Relation
from . import lexicon
from .rules import MentionKind

_CLAUSE_SEP = re.compile(r"[，,：:]")
_NOT_SUBJECT_BEFORE = tuple("在于对向为与和把将以由从及")
_ADJACENT_ONLY = {"以", "通过"}


@dataclass(frozen=True)
class _M:
    start: int
    end: int
    key: str
    type: str
    norm: str


@dataclass(frozen=True)
class _Trigger:
    predicate: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    word: str


@lru_cache(maxsize=1)
def triggers() -> tuple[_Trigger, ...]:
    out = []
    for pred, subj, obj, words, *_ in lexicon.read_tsv("lexicon/relation_triggers.tsv", 4):
        for w in words.split("|"):
            out.append(_Trigger(pred, frozenset(subj.split("|")), frozenset(obj.split("|")), w))
    return tuple(sorted(out, key=lambda t: (*_word_order(t.word), t.predicate)))


def _word_order(word: str) -> tuple[int, str]:
    """Trigger words are tried longest first, then in code-point order."""
    return -len(word), word


@lru_cache(maxsize=1)
def _triggers_by_word() -> dict[str, _Trigger]:
    """Each trigger word with the trigger it stands for (the first in ``triggers()`` order)."""
    out: dict[str, _Trigger] = {}
    for t in triggers():
        out.setdefault(t.word, t)
    return out


@lru_cache(maxsize=1)
def _trigger_words() -> re.Pattern:
    """Any trigger word, overlapping ones included (a lookahead finds every start); the words
    longest first (as ``_triggers_by_word()`` has them)."""
    return re.compile("(?=(" + "|".join(re.escape(w) for w in _triggers_by_word()) + "))")


class _Builder:
    def __init__(self, doc: Document, entities: tuple[Entity, ...]):
        self.doc = doc
        self.out: dict[tuple[str, str, str], Relation] = {}
        self.by_sentence: dict[int, list[_M]] = {}
        self.names: dict[str, str] = {}
        for e in entities:
            for m in e.mentions:
                if m.doc_id == doc.doc_id:
                    self.by_sentence.setdefault(m.sentence, []).append(
                        _M(m.start, m.end, e.key, e.type, m.norm)
                    )
            for n in (e.label, *e.aliases):
                self.names.setdefault(n, e.key)
        for v in self.by_sentence.values():
            v.sort(key=lambda m: (m.start, -m.end))  # a name before the place nested in it
        self.types = {e.key: e.type for e in entities}
        self.main_place = _main_place_key(entities)
        self.protagonist = self.main_place

    def add(self, s: str | None, p: str, o: str | None, sentence: int, rule: str) -> None:
        if not s or not o or s == o:
            return
        sent = self.doc.sentences[sentence]
        k = (s, p, o)
        if k not in self.out:
            self.out[k] = Relation(s, p, o, self.doc.doc_id, sentence, sent.start, sent.end, rule)


def _main_place_key(entities: tuple[Entity, ...]) -> str | None:
    lex = lexicon.load()
    places = [e for e in entities if e.type == "Place" and e.mentions and e.label not in lex.place_levels]
    if not places:
        return None

    def weight(e: Entity) -> tuple:
        admin = [m for m in e.mentions if m.kind in (MentionKind.ADMIN_PLACE, MentionKind.RELATIVE_PLACE)]
        is_province = e.label in lex.provinces
        return (-len(admin), is_province, e.key)

    return min(places, key=weight).key


def find_relations(
    doc: Document, entities: tuple[Entity, ...]
) -> tuple[tuple[Relation, ...], tuple[Relation, ...]]:
    """Typed relations and co-occurrence links of one document."""
    b = _Builder(doc, entities)
    b.protagonist = _protagonist(b, doc) or b.main_place
    for sent in doc.sentences:
        ms = b.by_sentence.get(sent.index, [])
        outer = _outermost(ms)  # (a name inside another is no neighbour of either)
        text = doc.analysis_text[sent.start : sent.end]
        _clause_triggers(b, sent.index, sent.start, text, ms)
        _headed_by(b, sent.index, sent.start, text, ms)
        _main_body(b, sent.index, sent.start, text, ms)
        _adjacent(b, sent.index, sent.start, text, ms, outer)
        _formula_parts(b, sent.index, sent.start, text, ms)
        _administers(b, sent.index, sent.start, text, ms)
        _cooperation(b, sent.index, sent.start, text, ms)
        _person_roles(b, sent.index, sent.start, text, ms, outer)
        _meeting_held(b, sent.index, sent.start, text, ms, b.main_place)
        _listed_parts(b, sent.index, sent.start, text, ms)
        _member_units(b, sent.index, sent.start, text, outer)
    _name_containment(b, entities)
    cooc = _cooccurrence(b)
    rels = tuple(sorted(b.out.values(), key=lambda r: (r.subject, r.predicate, r.object)))
    return rels, cooc


def _protagonist(b: _Builder, doc: Document) -> str | None:
    """Who the article is about: the body or place that most often opens a clause.

    A court's report speaks of 房县人民法院 clause after clause; a city's of the city. Clauses
    that name no subject act for the protagonist. Ties go to the article's own place.
    """
    counts: dict[str, int] = {}
    for sent in doc.sentences:
        ms = b.by_sentence.get(sent.index, [])
        text = doc.analysis_text[sent.start : sent.end]
        for cs, ce in _clauses(text):
            m = _clause_subject(text, sent.start, cs, ce, ms)
            if m is not None:
                counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    if b.main_place and counts.get(b.main_place, 0) == best:
        return b.main_place
    return min(k for k, v in counts.items() if v == best)


def _clauses(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _CLAUSE_SEP.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


_LEADING = re.compile(
    r"^(?:比如|例如|此外|同时|其中|目前|今年|去年|另外|近年来|并|还|也|而|但)?"
    r"(?:该[省市县区镇乡院局])?$"  # 该市|公安机关: "this city's" before a body
)


def _clause_subject(text: str, base: int, cs: int, ce: int, ms: list[_M]) -> _M | None:
    """The body or place a clause starts with (after at most a connective such as 比如, 此外)."""
    for m in ms:
        rel = m.start - base
        if rel < cs or rel >= ce:
            continue
        if not _LEADING.match(text[cs:rel].strip()):
            return None
        while m.type in ("Place", "Organization"):
            # 南京市|溧水区|石湫街道, 武定县公安局|狮山派出所: the innermost of a chain acts
            inner = next((n for n in ms if n.start == m.end and n.type == m.type), None)
            if inner is None:
                break
            m = inner
        if m.type == "Place":
            nxt = next((n for n in ms if n.start == m.end and n.type == "Organization"), None)
            if nxt is not None:
                return nxt  # 巴中|市委: the body of the place is what acts
        return m if m.type in ("Organization", "Place") else None
    return None


def _occurrences(word: str, text: str) -> Iterator[int]:
    """Where ``word`` (not empty) occurs in ``text``, left to right, not overlapping."""
    i = text.find(word) if word else -1
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))


def _clause_triggers(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    subject: _M | None = None
    by_word = _triggers_by_word()
    for cs, ce in _clauses(text):
        own = _clause_subject(text, base, cs, ce, ms)
        if own is not None:
            subject = own
        clause = text[cs:ce]
        taken: list[tuple[int, int]] = []
        found = set(_trigger_words().findall(clause))
        for word in sorted(found, key=_word_order):  # in triggers() order
            trig = by_word[word]
            for at in _occurrences(trig.word, clause):
                ts, te = cs + at, cs + at + len(trig.word)
                if any(not (te <= a or ts >= b2) for a, b2 in taken):
                    continue
                if any(m.start - base < te and m.end - base > ts for m in ms):
                    continue  # the word is part of a name
                taken.append((ts, te))
                objects = [m for m in ms if te <= m.start - base < ce and m.type in trig.object_types]
                if trig.word in _ADJACENT_ONLY:
                    objects = [m for m in objects if m.start - base - te <= 1][:1]
                if not objects:
                    continue
                for subj_key in _subjects_for(b, trig, subject, ms, text, base, ts):
                    for o in objects:
                        b.add(subj_key, trig.predicate, o.key, si, f"clause_trigger:{trig.word}")


def _subject_for(
    b: _Builder, trig: _Trigger, subject: _M | None, ms: list[_M], base: int, ts: int
) -> str | None:
    if trig.predicate in ("about", "partOf", "uses", "leads"):
        before = [
            m for m in ms if m.end - base <= ts and m.type in trig.subject_types and not _relative_place(m)
        ]
        if before:
            return before[-1].key
        if trig.predicate != "uses":
            return None
    if subject is not None and subject.type in trig.subject_types:
        return subject.key
    if b.protagonist and b.types.get(b.protagonist) in trig.subject_types:
        return b.protagonist
    if "Place" in trig.subject_types:
        return b.main_place
    return None


def _relative_place(m: _M) -> bool:
    """全市, 我县: a word standing for the article's place, in the middle of a clause no actor
    (推动全市群众安装使用…: the clause's subject acts, not 全市)."""
    found = lexicon.load().place_levels.get(m.norm)
    return m.type == "Place" and found is not None and found[0] != "level"


def _coordinated(text: str, base: int, ms: list[_M], last: _M) -> list[_M]:
    """``last`` and the mentions joined to it by 、/和/及/与 right before it (A、B和C)."""
    out = [last]
    i = ms.index(last)
    while i > 0:
        prev = ms[i - 1]
        gap = text[prev.end - base : out[-1].start - base]
        if gap not in ("、", "和", "及", "与", "以及", "，") or prev.type != last.type:
            break
        out.append(prev)
        i -= 1
    return out


def _subjects_for(
    b: _Builder, trig: _Trigger, subject: _M | None, ms: list[_M], text: str, base: int, ts: int
) -> list[str]:
    if trig.predicate in ("about", "leads"):
        before = [m for m in ms if m.end - base <= ts and m.type in trig.subject_types]
        if before and before[-1].end - base >= ts - 6:
            return [m.key for m in _coordinated(text, base, ms, before[-1])]
        return []
    key = _subject_for(b, trig, subject, ms, base, ts)
    if key and subject is not None and key == subject.key:
        # 市委、市政府坚持…: every body of a coordinated subject acts
        out = [key]
        i = ms.index(subject)
        while i + 1 < len(ms) and text[ms[i].end - base : ms[i + 1].start - base] in ("、", "和", "及", "与"):
            i += 1
            if ms[i].type != subject.type:
                break
            out.append(ms[i].key)
        return out
    return [key] if key else []


_HEAD_POSTS = "组长|主任|总指挥|召集人|第一组长|队长|负责人|第一责任人"
_MEMBER_POSTS = "副组长|副主任|成员|副总指挥|组员"
_GROUP_SUFFIXES = ("小组", "委员会", "指挥部", "专班", "队", "团队", "领导小组", "工作组")


def _headed_by(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    if "任" not in text and "为成员" not in text:
        return
    groups = [m for m in ms if m.type == "Organization" and m.norm.endswith(_GROUP_SUFFIXES)]
    if not groups:
        return
    for pm in re.finditer(rf"(?:担)?任(?P<post>{_MEMBER_POSTS}|{_HEAD_POSTS})|为(?P<post2>成员)", text):
        post = pm.group("post") or pm.group("post2")
        # the roles named in the stretch before the post word, back to the previous post or 由
        left = max(
            text.rfind("由", 0, pm.start()), text.rfind("，", 0, pm.start()), text.rfind(",", 0, pm.start())
        )
        prev_post = max(
            (x.end() for x in re.finditer(r"任(?:副)?(?:组长|主任)", text[: pm.start()])), default=-1
        )
        left = max(left, prev_post)
        roles = [m for m in ms if m.type == "Role" and left < m.start - base < pm.start()]
        group = min(groups, key=lambda g: abs(g.start - base - pm.start()))
        pred = "headedBy" if post in _HEAD_POSTS.split("|") else "hasMember"
        for r in roles:
            b.add(group.key, pred, r.key, si, f"post_{pred}")


def _main_body(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    """以A、B、C为主体的X: X has members of the kinds A, B, C."""
    lex = lexicon.load()
    for pm in re.finditer(r"以(?P<x>[^。；]{2,60}?)为(?:主体|骨干|成员)的", text):
        org = next((m for m in ms if m.start - base >= pm.end() and m.type == "Organization"), None)
        if org is None or org.start - base - pm.end() > 4:
            continue
        inner = pm.group("x")
        for word in sorted(lex.roles, key=len, reverse=True):
            if word in inner:
                key = b.names.get(word) or b.names.get(lex.roles[word])
                if key and b.types.get(key) == "Role":
                    b.add(org.key, "hasMember", key, si, "main_body_members")
                inner = inner.replace(word, "|")


def _adjacent(b: _Builder, si: int, base: int, text: str, ms: list[_M], outer: list[_M]) -> None:
    """广东东莞 (locatedIn), 贺兰县立岗司法所 (locatedIn), 司法所“立马就调”品牌 (established) …"""
    lex = lexicon.load()
    for a, c in itertools.pairwise(outer):
        gap = text[a.end - base : c.start - base]
        if a.type == "Place" and gap == "" and c.type in ("Place", "Organization"):
            if c.type == "Place" and a.norm not in lex.provinces and c.norm in lex.provinces:
                continue
            if a.norm in lex.place_levels or c.norm in lex.place_levels:
                continue
            b.add(c.key, "locatedIn", a.key, si, "adjacent_place")
        elif a.type == "Organization" and gap == "" and c.type == "Program":
            b.add(a.key, "established", c.key, si, "adjacent_owner")
        elif a.type == "Organization" and gap == "" and c.type == "Organization":
            if a.norm[-2:] != c.norm[-2:]:  # 娄星区法院涟源市法院 (a list run together): no parts
                b.add(c.key, "partOf", a.key, si, "adjacent_parent")
        elif a.type == "Organization" and c.type == "Role" and re.fullmatch(r"\d+(?:多|余)?[名人位]", gap):
            b.add(a.key, "hasMember", c.key, si, "body_count_members")
    for pm in re.finditer(r"(?:位于|坐落于|地处)", text):
        here = [m for m in ms if m.end - base <= pm.start() and pm.start() - (m.end - base) <= 1]
        there = next((m for m in ms if 0 <= m.start - base - pm.end() <= 1 and m.type == "Place"), None)
        if here and there and here[-1].type == "Place":
            b.add(here[-1].key, "locatedIn", there.key, si, "located_at")  # 光明区位于深圳市西北部
        subj = next((m for m in ms if m.start - base >= pm.end() and m.type == "Organization"), None)
        places = [
            m
            for m in ms
            if pm.end() <= m.start - base and m.type == "Place" and (subj is None or m.end <= subj.start)
        ]
        if subj and places:
            b.add(subj.key, "locatedIn", places[-1].key, si, "located_at")
            for p1, p2 in itertools.pairwise(places):
                b.add(p2.key, "locatedIn", p1.key, si, "located_at")


_ADMINISTERS = re.compile(r"下辖|辖有|管辖")


def _administers(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    """青海省总面积…，下辖西宁、海东两个地级市: each place listed after 下辖 is part of the place
    its clause (or an earlier clause of the sentence) starts with, else of the article's place."""
    if not _ADMINISTERS.search(text):
        return
    subject: _M | None = None
    for cs, ce in _clauses(text):
        own = _clause_subject(text, base, cs, ce, ms)
        subject = own if own is not None else subject
        for wm in _ADMINISTERS.finditer(text, cs, ce):
            at = wm.end()
            whole = subject.key if subject is not None and subject.type == "Place" else b.main_place
            listed = [m for m in ms if at <= m.start - base < ce and m.type == "Place"]
            if not listed or listed[0].start - base != at:
                continue
            parts = [listed[0]]
            for m in listed[1:]:
                if text[parts[-1].end - base : m.start - base] not in ("、", "和", "及", "，"):
                    break
                parts.append(m)
            for m in parts:
                b.add(m.key, "partOf", whole, si, "administers")


def _formula_parts(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    """“综治委+综治中心+综治办”的“三位一体”运作机制: each body is part of the mechanism."""
    for fm in re.finditer(r"“([^”]+\+[^”]+)”(?:的)?", text):
        target = next((m for m in ms if 0 <= m.start - base - fm.end() <= 1 and m.type == "Program"), None)
        if target is None:
            continue
        for part in fm.group(1).split("+"):
            key = b.names.get(part) or b.names.get(lexicon.load().bodies.get(part, ""))
            if key:
                b.add(key, "partOf", target.key, si, "formula_parts")


_COOP = re.compile(r"对接|合作|联动|协作|共建|一体化运作|衔接|联合|协同|互通|流转|联网")


def _cooperation(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    """A与B…对接: cooperation between bodies, a connection between systems."""
    for wm in re.finditer(r"与", text):
        right = next((m for m in ms if 0 <= m.start - base - wm.end() <= 2), None)
        left = [m for m in ms if m.end - base <= wm.start() and wm.start() - (m.end - base) <= 4]
        if right is None or not left:
            continue
        a = left[-1]
        tail = text[right.end - base :]
        cut = re.search(r"[。；;]", tail)
        if not _COOP.search(tail[: cut.start()] if cut else tail):
            continue
        kinds = {a.type, right.type}
        if kinds <= {"Organization", "Platform", "Place"}:
            pred = "connectedTo" if kinds == {"Platform"} else "cooperatesWith"
            b.add(a.key, pred, right.key, si, "with_cooperation")


def _meeting_held(b: _Builder, si: int, base: int, text: str, ms: list[_M], subject: str | None) -> None:
    """…工作会议召开 / 召开…会议: the meeting was organised by the body or place the text is about."""
    for m in ms:
        if m.type != "Event":
            continue
        after = text[m.end - base : m.end - base + 3]
        if after.startswith(("召开", "举行", "在")) and subject:
            b.add(subject, "organized", m.key, si, "meeting_held")


def _person_roles(b: _Builder, si: int, base: int, text: str, ms: list[_M], outer: list[_M]) -> None:
    """市委书记、新区党工委书记俞东来: the person holds every post listed right before the name;
    heads the body a head's post names (市公安局局长李启全: 市公安局 headedBy 李启全), and is a
    member of the body a deputy's post names (县委政法委副书记陈磊: 县委政法委 hasMember 陈磊)."""
    for i, m in enumerate(outer):
        if m.type != "Person" or i == 0:
            continue
        j = i - 1
        while j >= 0 and outer[j].type == "Role":
            gap = text[outer[j].end - base : (outer[j + 1].start if j + 1 < i else m.start) - base]
            if gap not in ("", "、", "兼", "和"):
                break
            b.add(m.key, "hasRole", outer[j].key, si, "post_before_name")
            body, deputy = _body_of_post(b, base, text, ms, outer, j)
            if body is not None and deputy:
                b.add(body, "hasMember", m.key, si, "deputy_before_name")
            elif body is not None:
                b.add(body, "headedBy", m.key, si, "head_before_name")
            j -= 1


def _outermost(ms: list[_M]) -> list[_M]:
    """The mentions not inside another (ms sorted by start, longest first)."""
    out: list[_M] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


@lru_cache(maxsize=1)
def _head_post() -> re.Pattern:
    """A head's post (``heads`` in ``data/lexicon/posts.tsv``) ending a post's name, or its
    deputy's (副 before it)."""
    heads = sorted(lexicon.load().head_posts, key=_word_order)
    return re.compile(rf"(副)?(?:{'|'.join(heads)})$")


def _body_of_post(
    b: _Builder, base: int, text: str, ms: list[_M], outer: list[_M], j: int
) -> tuple[str | None, bool]:
    """(the body whose head -- or deputy: the flag -- the post ``outer[j]`` is, deputy): the body
    its name starts with (市公安局|局长, 县委政法委|副书记), or the one right before a bare post
    (市中级人民法院|院长); None for a post of no body's head, or a body not among the article's
    names."""
    role = outer[j]
    name = text[role.start - base : role.end - base]
    post = _head_post().search(name)
    if post is None:
        return None, False
    deputy = post.group(1) is not None
    body_name = name[: post.start()]
    if not body_name:
        before = outer[j - 1] if j else None
        if before is not None and before.end == role.start and before.type == "Organization":
            return before.key, deputy
        return None, False
    span = (role.start, role.start + len(body_name))
    nested = next((n for n in ms if n.type == "Organization" and (n.start, n.end) == span), None)
    if nested is not None:
        return nested.key, deputy
    key = b.names.get(body_name)
    return (key, deputy) if key is not None and b.types.get(key) == "Organization" else (None, False)


def _listed_parts(b: _Builder, si: int, base: int, text: str, ms: list[_M]) -> None:
    """综治中心、诉讼服务中心、信访接待中心等“七中心合一”: each listed body is part of the whole."""
    for i, m in enumerate(ms):
        if m.type != "Program" or i == 0:
            continue
        gap = text[ms[i - 1].end - base : m.start - base]
        listed = i >= 2 and text[ms[i - 2].end - base : ms[i - 1].start - base] in ("、", "和", "及")
        if gap != "等" and not (gap == "" and listed and text[m.start - base] in "“「"):
            continue
        j = i - 1
        while j >= 0 and ms[j].type in ("Organization", "Platform"):
            b.add(ms[j].key, "partOf", m.key, si, "listed_parts")
            if j == 0 or text[ms[j - 1].end - base : ms[j].start - base] not in ("、", "和", "及"):
                break
            j -= 1


#: between the last body listed and the one whose member units they are: 等, a count, and maybe
#: more items not recognised as bodies (、市邮政管理局等)
_MEMBER_UNITS = re.compile(r"(?:、[\u4e00-\u9fff]{2,12})*等(?:\d+|[一二三四五六七八九十]+)?(?:个|家)?$")


def _member_units(b: _Builder, si: int, base: int, text: str, outer: list[_M]) -> None:
    """市交通运输局、市教育局等市禁毒委成员单位: each listed body is part of the body whose member
    units they are."""
    if "成员单位" not in text:
        return
    for i, m in enumerate(outer):
        if m.type != "Organization" or i == 0 or not text.startswith("成员单位", m.end - base):
            continue
        j = i - 1
        gap = text[outer[j].end - base : m.start - base]
        if outer[j].type != "Organization" or not _MEMBER_UNITS.match(gap):
            continue
        while j >= 0 and outer[j].type == "Organization":
            b.add(outer[j].key, "partOf", m.key, si, "member_units")
            if j == 0 or text[outer[j - 1].end - base : outer[j].start - base] not in ("、", "和", "及"):
                break
            j -= 1


def _name_containment(b: _Builder, entities: tuple[Entity, ...]) -> None:
    """市委平安东莞建设领导小组 leads 平安东莞建设; 平安东莞建设工作会议 is about 平安东莞建设."""
    programs = [e for e in entities if e.type == "Program" and len(e.label) >= 4]
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
                        b.add(e.key, "locatedIn", p.key, first.sentence, "name_contains_place")
                    break
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
                b.add(e.key, pred, p.key, first.sentence, "name_contains_program")


def _cooccurrence(b: _Builder) -> tuple[Relation, ...]:
    seen: dict[tuple[str, str], Relation] = {}
    for si, ms in sorted(b.by_sentence.items()):
        keys = sorted({m.key for m in ms})
        sent = b.doc.sentences[si]
        for x, y in combinations(keys, 2):
            if (x, y) not in seen:
                seen[(x, y)] = Relation(
                    x, "coOccursWith", y, b.doc.doc_id, si, sent.start, sent.end, "same_sentence"
                )
    return tuple(sorted(seen.values(), key=lambda r: (r.subject, r.object)))
