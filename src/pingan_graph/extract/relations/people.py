"""Relation rules of people: the posts before a name (市公安局局长李启全), the meetings held."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..rules import Rule
from .clause import word_order
from .context import Found, MentionSpan, RelationSentence


def _posts_before_names(sent: RelationSentence):
    """(person, post_index) for each post ``sent.outer[post_index]`` listed right before a person's name
    (市委书记、新区党工委书记俞东来: both posts)."""
    outer, text, base = sent.outer, sent.text, sent.base
    for index, person in enumerate(outer):
        if person.type != "Person" or index == 0:
            continue
        post_index = index - 1
        while post_index >= 0 and outer[post_index].type in ("Role", "Organization"):
            following = outer[post_index + 1].start if post_index + 1 < index else person.start
            gap = text[outer[post_index].end - base : following - base]
            if outer[post_index].type == "Organization":
                # 市扫黑办|主任: the body a post is of, passed over on the way back along the list
                if gap or post_index + 1 >= index or outer[post_index + 1].type != "Role":
                    break
                post_index -= 1
                continue
            if gap not in ("", "、", "兼", "和"):
                break
            yield person, post_index
            post_index -= 1


def rule_post_before_name(found: Found, sent: RelationSentence | None) -> None:
    """市委书记、新区党工委书记俞东来: the person holds every post listed right before the name."""
    for person, post_index in _posts_before_names(sent):
        found.add(person.key, "hasRole", sent.outer[post_index].key, sent.index, POST_BEFORE_NAME)


def rule_deputy_before_name(found: Found, sent: RelationSentence | None) -> None:
    """县委政法委副书记陈磊: the person is a member of the body a deputy's post names."""
    for person, post_index in _posts_before_names(sent):
        body, deputy = _body_of_post(found, sent.base, sent.text, sent.mentions, sent.outer, post_index)
        if body is not None and deputy:
            found.add(body, "hasMember", person.key, sent.index, DEPUTY_BEFORE_NAME)


def rule_head_before_name(found: Found, sent: RelationSentence | None) -> None:
    """市公安局局长李启全, 市中级人民法院院长赵雷: the body a head's post names is headed by the person."""
    for person, post_index in _posts_before_names(sent):
        body, deputy = _body_of_post(found, sent.base, sent.text, sent.mentions, sent.outer, post_index)
        if body is not None and not deputy:
            found.add(body, "headedBy", person.key, sent.index, HEAD_BEFORE_NAME)


@lru_cache(maxsize=1)
def _head_post() -> re.Pattern:
    """A head's post (``heads`` in ``data/lexicon/posts.tsv``) ending a post's name, or its
    deputy's (副 before it)."""
    heads = sorted(lexicon.load().head_posts, key=word_order)
    return re.compile(rf"(副)?(?:{'|'.join(heads)})$")


def _body_of_post(
    found: Found, base: int, text: str, ms: list[MentionSpan], outer: list[MentionSpan], post_index: int
) -> tuple[str | None, bool]:
    """(the body whose head -- or deputy: the flag -- the post ``outer[post_index]`` is, deputy): the body
    its name starts with (市公安局|局长, 县委政法委|副书记), or the one right before a bare post
    (市中级人民法院|院长); None for a post of no body's head, or a body not among the article's
    names."""
    role = outer[post_index]
    name = text[role.start - base : role.end - base]
    post = _head_post().search(name)
    if post is None:
        return None, False
    deputy = post.group(1) is not None
    body_name = name[: post.start()]
    if not body_name:
        before = outer[post_index - 1] if post_index else None
        if before is not None and before.end == role.start and before.type == "Organization":
            return before.key, deputy
        return None, False
    span = (role.start, role.start + len(body_name))
    nested = next((n for n in ms if n.type == "Organization" and (n.start, n.end) == span), None)
    if nested is not None:
        return nested.key, deputy
    key = found.names.get(body_name)
    return (key, deputy) if key is not None and found.types.get(key) == "Organization" else (None, False)


def rule_meeting_held(found: Found, sent: RelationSentence | None) -> None:
    """…工作会议召开 / 召开…会议: the meeting was organised by the body or place the text is about."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    subject = found.main_place
    for mention in ms:
        if mention.type != "Event":
            continue
        after = text[mention.end - base : mention.end - base + 3]
        if after.startswith(("召开", "举行", "在")) and subject:
            found.add(subject, "organized", mention.key, si, MEETING_HELD)


_RELATIONS = "relations"
POST_BEFORE_NAME = Rule("post_before_name", _RELATIONS, ("hasRole",), rule_post_before_name)
DEPUTY_BEFORE_NAME = Rule("deputy_before_name", _RELATIONS, ("hasMember",), rule_deputy_before_name)
HEAD_BEFORE_NAME = Rule("head_before_name", _RELATIONS, ("headedBy",), rule_head_before_name)
MEETING_HELD = Rule("meeting_held", _RELATIONS, ("organized",), rule_meeting_held)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (POST_BEFORE_NAME, DEPUTY_BEFORE_NAME, HEAD_BEFORE_NAME, MEETING_HELD)
