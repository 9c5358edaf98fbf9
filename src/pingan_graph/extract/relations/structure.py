"""Structural relation rules: what the wording shows without a verb of the clause rule.

"由…任组长" (headedBy), "以…为主体的" (hasMember), "广东东莞" (locatedIn), "“A+B+C”的…机制" (partOf),
"A与B…对接" (cooperatesWith), "武定县公安局狮山派出所" (partOf), "下辖A、B" and "A、B等X成员单位"
(partOf), "A、B等“七中心合一”" (partOf).
"""

from __future__ import annotations

import functools
import itertools
import re

from .. import lexicon
from ..rules import Rule
from .context import Found, MentionSpan, RelationSentence, clause_subject, clauses

_HEAD_POSTS = "组长|主任|总指挥|召集人|第一组长|队长|负责人|第一责任人"
_MEMBER_POSTS = "副组长|副主任|成员|副总指挥|组员"
_GROUP_SUFFIXES = ("小组", "委员会", "指挥部", "专班", "队", "团队", "领导小组", "工作组")


def _posts_in_groups(found: Found, sent: RelationSentence):
    """(group, predicate, role) for each post given in a group (由市委书记任组长, 任副组长, 为成员)."""
    base, text, ms = sent.base, sent.text, sent.mentions
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
        for role in roles:
            yield group, pred, role


def rule_post_head(found: Found, sent: RelationSentence | None) -> None:
    """由…任组长: the group is headed by the post named before the post word."""
    for group, pred, role in _posts_in_groups(found, sent):
        if pred == "headedBy":
            found.add(group.key, pred, role.key, sent.index, POST_HEADEDBY)


def rule_post_member(found: Found, sent: RelationSentence | None) -> None:
    """…任副组长, …为成员: the group has the post named before the post word as a member."""
    for group, pred, role in _posts_in_groups(found, sent):
        if pred == "hasMember":
            found.add(group.key, pred, role.key, sent.index, POST_HASMEMBER)


def rule_main_body(found: Found, sent: RelationSentence | None) -> None:
    """以A、B、C为主体的X: X has members of the kinds A, B, C."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    lex = lexicon.load()
    for pm in re.finditer(r"以(?P<x>[^。；]{2,60}?)为(?:主体|骨干|成员)的", text):
        org = next((m for m in ms if m.start - base >= pm.end() and m.type == "Organization"), None)
        if org is None or org.start - base - pm.end() > 4:
            continue
        inner = pm.group("x")
        for word in sorted(lex.roles, key=len, reverse=True):
            if word in inner:
                key = found.names.get(word) or found.names.get(lex.roles[word])
                if key and found.types.get(key) == "Role":
                    found.add(org.key, "hasMember", key, si, MAIN_BODY_MEMBERS)
                inner = inner.replace(word, "|")


def _adjacent_pairs(sent: RelationSentence):
    """(before, after, gap) for each two outermost mentions one after the other."""
    for before, after in itertools.pairwise(sent.outer):
        yield before, after, sent.text[before.end - sent.base : after.start - sent.base]


def rule_adjacent_place(found: Found, sent: RelationSentence | None) -> None:
    """广东东莞, 贺兰县立岗司法所: a place or body right after a place is located in it."""
    lex = lexicon.load()
    for before, after, gap in _adjacent_pairs(sent):
        if before.type == "Place" and gap == "" and after.type in ("Place", "Organization"):
            if after.type == "Place" and before.norm not in lex.provinces and after.norm in lex.provinces:
                continue
            if before.norm in lex.place_levels or after.norm in lex.place_levels:
                continue
            found.add(after.key, "locatedIn", before.key, sent.index, ADJACENT_PLACE)


def rule_adjacent_owner(found: Found, sent: RelationSentence | None) -> None:
    """司法所“立马就调”品牌: a programme right after a body was established by it."""
    for before, after, gap in _adjacent_pairs(sent):
        if before.type == "Organization" and gap == "" and after.type == "Program":
            found.add(before.key, "established", after.key, sent.index, ADJACENT_OWNER)


def rule_adjacent_parent(found: Found, sent: RelationSentence | None) -> None:
    """武定县公安局狮山派出所: a body right after a body is part of it (not one of the same kind)."""
    for before, after, gap in _adjacent_pairs(sent):
        # 娄星区法院涟源市法院 (a list run together): no parts
        if (
            before.type == "Organization"
            and gap == ""
            and after.type == "Organization"
            and before.norm[-2:] != after.norm[-2:]
        ):
            found.add(after.key, "partOf", before.key, sent.index, ADJACENT_PARENT)


def rule_body_count_members(found: Found, sent: RelationSentence | None) -> None:
    """市司法局120名调解员: the posts counted after a body are its members."""
    for before, after, gap in _adjacent_pairs(sent):
        if (
            before.type == "Organization"
            and after.type == "Role"
            and re.fullmatch(r"\d+(?:多|余)?[名人位]", gap)
        ):
            found.add(before.key, "hasMember", after.key, sent.index, BODY_COUNT_MEMBERS)


def rule_located_at(found: Found, sent: RelationSentence | None) -> None:
    """光明区位于深圳市西北部, 位于…的X中心: what 位于 links is located in the place after it."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    for pm in _LOCATIVE.finditer(text):
        here = [m for m in ms if m.end - base <= pm.start() and pm.start() - (m.end - base) <= 1]
        there = next((m for m in ms if 0 <= m.start - base - pm.end() <= 1 and m.type == "Place"), None)
        if here and there and here[-1].type == "Place":
            found.add(here[-1].key, "locatedIn", there.key, si, LOCATED_AT)  # 光明区位于深圳市西北部
        subj = next((m for m in ms if m.start - base >= pm.end() and m.type == "Organization"), None)
        places = [
            m
            for m in ms
            if pm.end() <= m.start - base and m.type == "Place" and (subj is None or m.end <= subj.start)
        ]
        if subj and places:
            found.add(subj.key, "locatedIn", places[-1].key, si, LOCATED_AT)
            for p1, p2 in itertools.pairwise(places):
                found.add(p2.key, "locatedIn", p1.key, si, LOCATED_AT)


_LOCATIVE = re.compile(r"位于|坐落于|地处")
_ADMINISTERS = re.compile(r"下辖|辖有|管辖")


def rule_administers(found: Found, sent: RelationSentence | None) -> None:
    """青海省总面积…，下辖西宁、海东两个地级市: each place listed after 下辖 is part of the place
    its clause (or an earlier clause of the sentence) starts with, else of the article's place."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    if not _ADMINISTERS.search(text):
        return
    subject: MentionSpan | None = None
    for cs, ce in clauses(text):
        own = clause_subject(text, base, cs, ce, ms)
        subject = own if own is not None else subject
        for wm in _ADMINISTERS.finditer(text, cs, ce):
            at = wm.end()
            whole = subject.key if subject is not None and subject.type == "Place" else found.main_place
            listed = [m for m in ms if at <= m.start - base < ce and m.type == "Place"]
            if not listed or listed[0].start - base != at:
                continue
            parts = [listed[0]]
            for mention in listed[1:]:
                if text[parts[-1].end - base : mention.start - base] not in ("、", "和", "及", "，"):
                    break
                parts.append(mention)
            for mention in parts:
                found.add(mention.key, "partOf", whole, si, ADMINISTERS)


def rule_formula_parts(found: Found, sent: RelationSentence | None) -> None:
    """“综治委+综治中心+综治办”的“三位一体”运作机制: each body is part of the mechanism."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    for fm in re.finditer(r"“([^”]+\+[^”]+)”(?:的)?", text):
        target = next((m for m in ms if 0 <= m.start - base - fm.end() <= 1 and m.type == "Program"), None)
        if target is None:
            continue
        for part in fm.group(1).split("+"):
            key = found.names.get(part) or found.names.get(lexicon.load().bodies.get(part, ""))
            if key:
                found.add(key, "partOf", target.key, si, FORMULA_PARTS)


_LEVEL_CHARS = tuple("省市县区镇乡")


def rule_sub_bodies(found: Found, sent: RelationSentence | None) -> None:
    """县综治中心下设A、B和C: each body listed after 下设/内设/设有 is part of the body before it."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    for wm in _trigger_pattern("sub_body").finditer(text):
        before = [m for m in ms if m.end - base <= wm.start() and wm.start() - (m.end - base) <= 1]
        first = next(
            (
                m
                for m in ms
                if m.type == "Organization"
                and m.start - base >= wm.end()
                and text[wm.end() : m.start - base] in ("", *_LEVEL_CHARS)  # 下设|县|群众来访接待中心
            ),
            None,
        )
        if not before or first is None:
            continue
        whole = max(before, key=lambda m: (m.end, -m.start))
        if whole.type != "Organization":
            continue
        for part in _partners(ms, base, text, first):
            if part.type == "Organization":
                found.add(part.key, "partOf", whole.key, si, SUB_BODIES)


@functools.lru_cache(maxsize=4)
def _trigger_pattern(group: str) -> re.Pattern:
    """The words of ``group`` (``cooperation_cue``, ``cooperation_verb``, ``sub_body``) of
    ``triggers.tsv`` as one pattern, longest first."""
    return re.compile("|".join(re.escape(w) for w in lexicon.triggers()[group]))


def _partners(ms: list[MentionSpan], base: int, text: str, first: MentionSpan) -> list[MentionSpan]:
    """``first`` and the bodies listed right after it (镇综治办、司法所和派出所)."""
    chain = [first]
    for mention in ms:
        if mention.start <= chain[-1].start:
            continue
        if text[chain[-1].end - base : mention.start - base] not in ("、", "和", "及", "以及"):
            break
        chain.append(mention)
    return chain


def rule_cooperation(found: Found, sent: RelationSentence | None) -> None:
    """A与B、C…对接 and A联合B、C: cooperation between bodies, a connection between systems."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    cue, verb = _trigger_pattern("cooperation_cue"), _trigger_pattern("cooperation_verb")
    for wm in itertools.chain(re.finditer(r"与", text), verb.finditer(text)):
        right = next((m for m in ms if 0 <= m.start - base - wm.end() <= 2), None)
        left = [m for m in ms if m.end - base <= wm.start() and wm.start() - (m.end - base) <= 4]
        if right is None or not left:
            continue
        nearest_left = max(left, key=lambda m: (m.end, -m.start))  # the body, not a place inside it
        partners = _partners(ms, base, text, right)
        if wm.group() == "与":
            tail = text[partners[-1].end - base :]
            cut = re.search(r"[。；;]", tail)
            if not cue.search(tail[: cut.start()] if cut else tail):
                continue
        for partner in partners:
            kinds = {nearest_left.type, partner.type}
            if kinds <= {"Organization", "Platform", "Place"}:
                pred = "connectedTo" if kinds == {"Platform"} else "cooperatesWith"
                found.add(nearest_left.key, pred, partner.key, si, WITH_COOPERATION)


#: after a list of bodies, what may come before the verb of working together: 等(多个)部门, 等单位
_LIST_TAIL = re.compile(r"^(?:等(?:[0-9一二三四五六七八九十余多个]*)?(?:部门|单位|机构|职能部门)?)?(?:力量)?")


def rule_listed_cooperation(found: Found, sent: RelationSentence | None) -> None:
    """镇妇联、综治、公安、司法等部门联合…: bodies listed together before a verb of working
    together (``cooperation_verb`` in triggers.tsv) cooperate with one another."""
    si, base, text, outer = sent.index, sent.base, sent.text, sent.outer
    verb = _trigger_pattern("cooperation_verb")
    index = 0
    while index < len(outer):
        chain = _partners(outer, base, text, outer[index])
        index += len(chain)
        bodies = [m for m in chain if m.type == "Organization"]
        if len(bodies) < 2 or len(bodies) < len(chain):
            continue
        rest = text[chain[-1].end - base :]
        rest = rest[_LIST_TAIL.match(rest).end() :]
        if not verb.match(rest):
            continue
        for one, other in itertools.combinations(bodies, 2):
            if one.key != other.key:
                found.add(one.key, "cooperatesWith", other.key, si, LISTED_COOPERATION)


def rule_listed_parts(found: Found, sent: RelationSentence | None) -> None:
    """综治中心、诉讼服务中心、信访接待中心等“七中心合一”: each listed body is part of the whole."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    for index, mention in enumerate(ms):
        if mention.type != "Program" or index == 0:
            continue
        gap = text[ms[index - 1].end - base : mention.start - base]
        listed = index >= 2 and text[ms[index - 2].end - base : ms[index - 1].start - base] in (
            "、",
            "和",
            "及",
        )
        if gap != "等" and not (gap == "" and listed and text[mention.start - base] in "“「"):
            continue
        back = index - 1
        while back >= 0 and ms[back].type in ("Organization", "Platform"):
            found.add(ms[back].key, "partOf", mention.key, si, LISTED_PARTS)
            if back == 0 or text[ms[back - 1].end - base : ms[back].start - base] not in ("、", "和", "及"):
                break
            back -= 1


#: between the last body listed and the one whose member units they are: 等, a count, and maybe
#: more items not recognised as bodies (、市邮政管理局等)
_MEMBER_UNITS = re.compile(r"(?:、[\u4e00-\u9fff]{2,12})*等(?:\d+|[一二三四五六七八九十]+)?(?:个|家)?$")


def rule_member_units(found: Found, sent: RelationSentence | None) -> None:
    """市交通运输局、市教育局等市禁毒委成员单位: each listed body is part of the body whose member
    units they are."""
    si, base, text, outer = sent.index, sent.base, sent.text, sent.outer
    if "成员单位" not in text:
        return
    for index, mention in enumerate(outer):
        if (
            mention.type != "Organization"
            or index == 0
            or not text.startswith("成员单位", mention.end - base)
        ):
            continue
        back = index - 1
        gap = text[outer[back].end - base : mention.start - base]
        if outer[back].type != "Organization" or not _MEMBER_UNITS.match(gap):
            continue
        while back >= 0 and outer[back].type == "Organization":
            found.add(outer[back].key, "partOf", mention.key, si, MEMBER_UNITS)
            if back == 0 or text[outer[back - 1].end - base : outer[back].start - base] not in (
                "、",
                "和",
                "及",
            ):
                break
            back -= 1


_RELATIONS = "relations"
POST_HEADEDBY = Rule("post_headedBy", _RELATIONS, ("headedBy",), rule_post_head)
POST_HASMEMBER = Rule("post_hasMember", _RELATIONS, ("hasMember",), rule_post_member)
MAIN_BODY_MEMBERS = Rule("main_body_members", _RELATIONS, ("hasMember",), rule_main_body)
ADJACENT_PLACE = Rule("adjacent_place", _RELATIONS, ("locatedIn",), rule_adjacent_place)
ADJACENT_OWNER = Rule("adjacent_owner", _RELATIONS, ("established",), rule_adjacent_owner)
ADJACENT_PARENT = Rule("adjacent_parent", _RELATIONS, ("partOf",), rule_adjacent_parent)
BODY_COUNT_MEMBERS = Rule("body_count_members", _RELATIONS, ("hasMember",), rule_body_count_members)
LOCATED_AT = Rule("located_at", _RELATIONS, ("locatedIn",), rule_located_at)
FORMULA_PARTS = Rule("formula_parts", _RELATIONS, ("partOf",), rule_formula_parts)
ADMINISTERS = Rule("administers", _RELATIONS, ("partOf",), rule_administers)
WITH_COOPERATION = Rule("with_cooperation", _RELATIONS, ("cooperatesWith", "connectedTo"), rule_cooperation)
LISTED_COOPERATION = Rule("listed_cooperation", _RELATIONS, ("cooperatesWith",), rule_listed_cooperation)
LISTED_PARTS = Rule("listed_parts", _RELATIONS, ("partOf",), rule_listed_parts)
MEMBER_UNITS = Rule("member_units", _RELATIONS, ("partOf",), rule_member_units)
SUB_BODIES = Rule("sub_bodies", _RELATIONS, ("partOf",), rule_sub_bodies)

#: the rules of this module before and after the rules of people (people.py), as registered
RULES_BEFORE_PEOPLE: tuple[Rule, ...] = (
    POST_HEADEDBY,
    POST_HASMEMBER,
    MAIN_BODY_MEMBERS,
    ADJACENT_PLACE,
    ADJACENT_OWNER,
    ADJACENT_PARENT,
    BODY_COUNT_MEMBERS,
    LOCATED_AT,
    FORMULA_PARTS,
    ADMINISTERS,
    WITH_COOPERATION,
    LISTED_COOPERATION,
    SUB_BODIES,
)
RULES_AFTER_PEOPLE: tuple[Rule, ...] = (LISTED_PARTS, MEMBER_UNITS)
