"""Rules for posts and people: composed posts (县委政法委+副书记), names after posts (市长何中伟)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..rules import MentionKind, Rule
from .names import extend_left, titled_by_its_body
from .sentence import FUNCTION_CHARS, SentenceView, common_word, words_pattern


def rule_person(ss: SentenceView) -> None:
    """A surname and 某 (张某某, 刘某): a person the article names without naming."""
    lex = lexicon.load()
    for match in re.finditer(r"((?:(?!某)[\u4e00-\u9fff]){1,2})某{1,2}[\u4e00-\u9fff]?", ss.text):
        sur = match.group(1)
        if sur[-1] in lex.surnames or sur in lex.surnames:
            st = match.start() + (len(sur) - 1 if sur not in lex.surnames else 0)
            end = match.end()
            # a trailing character that starts the next word (刘某追索) is not part of the name
            last = match.group()[-1]
            if (
                last != "某"
                and (
                    "某某" in match.group()  # 张某某|说: a double 某 is the whole given name
                    or last in NEXT_WORD_CHARS
                    or _SPEECH_START.match(last)
                    or common_word(ss.text[match.end() - 1 : match.end() + 1])
                )
            ):
                end -= 1  # 王某|收到, 孙某|发现: the character starts a word of the sentence
            ss.add(ss.start + st, ss.start + end, "Person", PERSON_MOU)


#: characters that, after 某, start the next word rather than end the name (刘某|追索, 包某|原系,
#: 王某|收到): the 某-names of the rules and of the tagger (mentions/tagged.py) alike
NEXT_WORD_CHARS = frozenset("追等因与和在被的向称仅也都就又已还便亦原均系仍将曾收说")

#: characters that, after a two-character name, start the next word (纪航|已启动, 张帆|时); a given name may
#: end in 和, 向 or 亦 (刘永和), so those are left out
_AFTER_A_NAME = frozenset("追等因与在被的称仅也都就又已还便时")

_SPEECH = (
    r"说|讲话|主持|表示|指出|强调|介绍|告诉|透露|出席|参加|带队|调研|一行|同志|"
    r"作|在|到|对|就|要求|宣读|通报|代表|\("
)


@lru_cache(maxsize=1)
def _post() -> re.Pattern:
    """Any post of ``data/lexicon/posts.tsv`` read after a body, longest first."""
    return re.compile("|".join(sorted(lexicon.load().posts, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _post_before_name() -> re.Pattern:
    # the name after the post is no speech verb itself (祁璟书记|指出: no name follows)
    return re.compile(
        rf"(?:{_post().pattern})(?!{_SPEECH})(?=[\u4e00-\u9fff]{{2,3}}(?:{_SPEECH}|[，。、；：,;:]))"
    )


_SPEECH_START = re.compile(_SPEECH)


def rule_role_composed(ss: SentenceView) -> None:
    """A body followed by a post (县委政法委+副书记, 新区党工委+书记), kinds of functionary in 员
    (驻村指导员), and a post right before a name (副书记|赵学民说)."""
    lex = lexicon.load()
    for candidate in list(ss.cands):
        if candidate.type != "Organization":
            continue
        match = _post().match(ss.text[candidate.end - ss.start :])
        if match and not ss.text[candidate.end - ss.start + match.end() :].startswith(("单位", "会议")):
            if match.group() in ("书记", "副书记", "常委", "委员"):
                # 县委政法委+副书记: a party post of a committee is one post
                ss.add(extend_left(ss, candidate.start), candidate.end + match.end(), "Role", ROLE_COMPOSED)
            elif titled_by_its_body(
                ss.text[candidate.start - ss.start : candidate.end - ss.start], match.group()
            ) or match.group().endswith(tuple(lex.rules.get("mentions", {}).get("posts_of_their_body", ()))):
                # 市公安局+局长, 派出所+所长: a post named after its body is one title; so is a
                # 主任 of a committee or office (禁毒委+副主任, 扫黑办+主任, 管委会+主任)
                ss.add(candidate.start, candidate.end + match.end(), "Role", ROLE_COMPOSED)
            else:
                # 市公安局+局长, 市中级人民法院+院长: the body stays a body, the post is a post
                ss.add(candidate.end, candidate.end + match.end(), "Role", ROLE_COMPOSED)
    for tok in ss.tokens:
        if (
            len(tok.text) >= 3
            and tok.text.endswith("员")
            and not tok.text.endswith("人员")
            and tok.text not in lex.generic_nouns
            and tok.pos.startswith("n")
        ):
            start = extend_left(ss, tok.start, units=False)
            while (
                start < tok.start
                and (lead := ss.by_start.get(start)) is not None
                and (lead.text in lex.generic_nouns or lead.text in ("该", "本", "此", "各"))
            ):
                start = lead.end  # 该|中心|网格员: a generic noun in front is no part of the post
            if ss.doc.analysis_text[start] in "(（":  # 村(社区)专职调解员: the bracketed level is no part
                close = ss.doc.analysis_text.find(")" if ss.doc.analysis_text[start] == "(" else "）", start)
                start = close + 1 if start < close < tok.start else start
            while start < tok.start:  # 全县人民调解员: the level word in front is no part of the post
                lead = next((w for w in lex.level_words if ss.doc.analysis_text.startswith(w, start)), None)
                bracket = re.match(r"[(（][^)）]{1,6}[)）]", ss.doc.analysis_text[start : tok.start])
                if bracket:
                    start += bracket.end()
                    continue
                if lead is None or start + len(lead) > tok.start:
                    break
                start += len(lead)
            ss.add(start, tok.end, "Role", ROLE_COMPOSED)
    for pm in _post_before_name().finditer(ss.text):
        post_start, post_end = ss.start + pm.start(), ss.start + pm.end()
        if not any(c.start <= post_start and post_end <= c.end for c in ss.cands if c.type == "Role"):
            ss.add(
                extend_left(ss, post_start, units=False), post_end, "Role", ROLE_COMPOSED
            )  # 副书记赵学民说


def rule_person_after_role(ss: SentenceView) -> None:
    """A name right after a post: 市长何中伟主持, 网格员张凤山在走访中, 副书记赵学民说."""
    lex = lexicon.load()
    for candidate in list(ss.cands):
        if candidate.type != "Role":
            continue
        rest = ss.text[candidate.end - ss.start : candidate.end - ss.start + 5]
        for length in (3, 2):
            name = rest[:length]
            if len(name) < length or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
                continue
            if name[0] not in lex.surnames and name[:2] not in lex.surnames:
                continue
            after = rest[length:]
            if length == 3 and (_SPEECH_START.match(name[2]) or name[2] in _AFTER_A_NAME):
                continue  # 陈磊|说，, 纪航|已启动: the word after a two-character name is no part of it
            following = ss.by_start.get(candidate.end + length)
            verb_next = following is not None and following.pos[:1] in ("v", "p") and len(following.text) >= 2
            if not after or _SPEECH_START.match(after) or after[0] in "，。、；：,;:)）" or verb_next:
                if name[-1] in FUNCTION_CHARS or name in lex.roles or name[1:] in lex.roles:
                    continue
                if common_word(name[1:]) or common_word(name[-2:]):
                    continue  # 任成员, 全覆盖: a surname character followed by an ordinary word
                ss.add(candidate.end, candidate.end + length, "Person", PERSON_AFTER_ROLE)
                break


@lru_cache(maxsize=1)
def _byline() -> re.Pattern:
    words = words_pattern("byline")
    return re.compile(
        rf"(?:{words})[:：]?\s*((?:[\u4e00-\u9fff]{{2,3}}(?:[ \u3000]+|(?=(?:{words})|[)）/]|$)))+)"
    )


def rule_byline_person(ss: SentenceView) -> None:
    """记者 王重庆 通讯员 王宗立, 本报记者李燕实习生丁涛: the writers a byline names, each a whole name."""
    lex = lexicon.load()
    for match in _byline().finditer(ss.text):
        for name in re.finditer(r"[\u4e00-\u9fff]{2,3}", match.group(1)):
            word = name.group()
            if len(word) == 3 and word.endswith("摄"):
                word = word[:2]  # 田甜摄: a photograph's credit, 摄 (photographed by) after the name
            if (word[0] in lex.surnames or word[:2] in lex.surnames) and word not in lex.roles:
                start = ss.start + match.start(1) + name.start()
                ss.add(start, start + len(word), "Person", BYLINE_PERSON)


def _honoured(ss: SentenceView, typ: str, rule: Rule) -> None:
    """An honour word (and its scope) right before a candidate of ``typ`` makes an honour."""
    honour = re.compile(rf"(?:(?:{words_pattern('award_scope')})(?:级)?)?(?:{words_pattern('honour')})$")
    for candidate in list(ss.cands):
        if candidate.type != typ:
            continue
        match = honour.search(ss.text[: candidate.start - ss.start])
        if match:
            ss.add(ss.start + match.start(), candidate.end, "Award", rule)


def rule_honoured_role(ss: SentenceView) -> None:
    """全国模范人民调解员, 优秀网格员: an honour word (and its scope) before a post is an honour."""
    _honoured(ss, "Role", HONOURED_ROLE)


def rule_honoured_body(ss: SentenceView) -> None:
    """全国模范人民调解委员会, 全省优秀人民法庭: an honour word (and its scope) before a kind of body
    is an honour given to a body."""
    _honoured(ss, "Organization", HONOURED_BODY)


_MENTIONS = "mentions"
_K = MentionKind
PERSON_MOU = Rule("person_mou", _MENTIONS, ("Person",), rule_person, 50, (), _K.PATTERN)
ROLE_COMPOSED = Rule(
    "role_composed",
    _MENTIONS,
    ("Role",),
    rule_role_composed,
    62,
    # the bodies a post follows, and whatever a post's name may absorb (extend_left)
    (
        _K.LEXICON_WORD,
        _K.NATIONAL_TERM,
        _K.ADMIN_PLACE,
        _K.PROVINCE,
        _K.LEVEL_PLACE,
        _K.RELATIVE_PLACE,
        _K.LOCAL_PLACE,
        _K.GAZETTEER_PLACE,
        _K.GAZETTEER_LOCAL_PLACE,
        _K.QUOTED,
        _K.QUOTED_WITH_HEAD,
        _K.HEADED_NAME,
        _K.ALIAS,
        "pingan_place_program",
        "program_np",
        "program_build",
        "body_standardisation",
    ),
    _K.PATTERN,
)
PERSON_AFTER_ROLE = Rule(
    "person_after_role",
    _MENTIONS,
    ("Person",),
    rule_person_after_role,
    52,
    ("role_composed", _K.LEXICON_WORD, _K.QUOTED, _K.QUOTED_WITH_HEAD, _K.ALIAS),
    _K.PATTERN,
)
BYLINE_PERSON = Rule("byline_person", _MENTIONS, ("Person",), rule_byline_person, 50, (), _K.PATTERN)

HONOURED_ROLE = Rule(
    "honoured_role",
    _MENTIONS,
    ("Award",),
    rule_honoured_role,
    70,
    ("role_composed", _K.LEXICON_WORD),
    _K.PATTERN,
)

HONOURED_BODY = Rule(
    "honoured_body",
    _MENTIONS,
    ("Award",),
    rule_honoured_body,
    70,
    (_K.LEXICON_WORD, _K.HEADED_NAME),
    _K.PATTERN,
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (
    PERSON_MOU,
    ROLE_COMPOSED,
    PERSON_AFTER_ROLE,
    BYLINE_PERSON,
    HONOURED_ROLE,
    HONOURED_BODY,
)
