"""Rules for places, and for the lexicon's kinds of bodies, posts and national terms."""

from __future__ import annotations

import re
from collections import Counter

from .. import lexicon
from ._base import _FUNCTION_CHARS, _QUOTE, Candidate, _Sentence, vocab
from ._names import _titled_by_its_body


def rule_lexicon(ss: _Sentence) -> None:
    v = vocab()
    lex = lexicon.load()
    for pattern, typ, rule in (
        (v.bodies, "Organization", "lexicon_body"),
        (v.roles, "Role", "lexicon_role"),
        (v.national, None, "lexicon_national"),
        (v.provinces, "Place", "place_province"),
        (v.place_levels, "Place", "place_level"),
    ):
        for m in pattern.finditer(ss.text):
            s, e = ss.start + m.start(), ss.start + m.end()
            if len(m.group()) <= 2 and not ss.aligned(s, e):
                continue
            t = typ or lex.national[m.group()][0]
            r = rule
            if rule == "place_level" and lex.place_levels[m.group()][0] != "level":
                r = "place_relative"
            if (
                rule == "lexicon_body"
                and m.start() > 0
                and ss.text[m.start() - 1] in "市县区省镇乡"
                and s - 1 in ss.starts
            ):
                s -= 1  # 县妇联, 市信访局: the level the body belongs to is part of its name
            elif rule == "lexicon_body" and s not in ss.starts and e in ss.ends:
                tok = ss.token_containing(s)
                if tok is not None and tok.end == e and tok.pos in ("nt", "ns") and len(tok.text) <= 8:
                    s = tok.start  # 浙江省委, 浦阳街道办事处: the body's own name is one word for jieba
            elif rule == "lexicon_body" and s not in ss.starts and ss.text[m.start()] in "市县区省":
                tok = ss.token_containing(s)
                if tok is not None and tok.text.endswith(ss.text[m.start()]) and tok.pos == "ns":
                    s = tok.start  # 长丰县|委政法委: jieba put the level into the place
            ss.add(s, e, t, r)


def rule_places(ss: _Sentence, doc_counts: Counter) -> None:
    """Administrative places known to jieba's dictionary (东莞市, 贺兰县), and their short forms."""
    lex = lexicon.load()
    toks = ss.tokens
    for i, t in enumerate(toks):
        if t.text in lex.admin_places:
            ss.add(t.start, t.end, "Place", "place_admin")
            continue
        if t.pos != "ns" or len(t.text) < 2 or t.text in lex.provinces:
            continue
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if nxt in ("市", "县", "区") and t.text + nxt in lex.admin_places:
            ss.add(t.start, toks[i + 1].end, "Place", "place_admin")
            continue
        full = [t.text + suf for suf in ("市", "县", "区") if t.text + suf in lex.admin_places]
        if not full:
            continue
        prev = toks[i - 1].text if i else ""
        at_clause_start = not prev or prev in "，。；：！？,;:!?、“"
        if (
            any(doc_counts[f] for f in full)
            or prev in lex.provinces
            or (prev in lex.admin_places and prev.endswith("市"))  # 南京市|溧水: a city's county
            or doc_counts[t.text] >= 2
            or at_clause_start
        ):
            ss.add(t.start, t.end, "Place", "place_admin")


_CHAIN_PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|村|社区|嘎查|苏木)")


def _chain_place(text: str) -> re.Match | None:
    """The town or village ``text`` starts with (桥头镇, 石湫街道), if it is one."""
    m = _CHAIN_PLACE.match(text)
    return m if m and not any(ch in _FUNCTION_CHARS for ch in m.group()[:-1]) else None


def rule_place_chain(ss: _Sentence) -> None:
    """Towns and villages named after their county: 广平县 + 十里铺镇 + 南张固村."""
    for m in re.finditer(r"(?:在|到|赴|深入|走进|来到|前往)([\u4e00-\u9fff]{2,3}?(?:镇|乡|街道))", ss.text):
        if not any(ch in _FUNCTION_CHARS for ch in m.group(1)[:-1]):
            ss.add(ss.start + m.start(1), ss.start + m.end(1), "Place", "place_admin")  # 在甘棠镇二步山村
    for c in list(ss.cands):
        rel = c.end - ss.start
        pos = rel
        if (
            c.type == "Place"
            and c.rule == "place_admin"
            and ss.text[c.start - ss.start : rel][-1:] not in "市县区省"
            and re.match(r"[县区市](?=[\u4e00-\u9fff])", ss.text[rel:])
            and (c.end + 1 in ss.ends or _chain_place(ss.text[rel + 1 :]))
        ):
            # 南京市|溧水|区 (jieba: 溧水|区石|湫|街道): the county's own name, and the chain after it
            ss.add(c.start, c.end + 1, "Place", "place_admin")
            pos += 1
        if c.type != "Place" or c.rule not in ("place_admin", "place_chain"):
            continue
        for _ in range(3):
            m = _chain_place(ss.text[pos:])
            if not m:
                break
            ss.add(ss.start + pos, ss.start + pos + m.end(), "Place", "place_chain")
            pos += m.end()


def rule_pingan_place(ss: _Sentence) -> None:
    """平安 + place (+ 建设): the programme of building a safe city/province (平安东莞建设)."""
    lex = lexicon.load()
    for m in re.finditer(r"(?:平安|法治)([\u4e00-\u9fff]{2,3}?)建设", ss.text):
        name = m.group(1)
        if name in lex.provinces or any(name + suf in lex.admin_places for suf in "市县区"):
            ss.add(ss.start + m.start(1), ss.start + m.end(1), "Place", "place_admin")
    for c in list(ss.cands):
        if c.type != "Place" or c.rule not in ("place_admin", "place_province"):
            continue
        rel = c.start - ss.start
        if rel >= 2 and ss.text[rel - 2 : rel] in ("平安", "法治"):
            end = c.end
            if ss.text[c.end - ss.start : c.end - ss.start + 2] == "建设":
                end += 2
            ss.add(c.start - 2, end, "Program", "pingan_place_program")


def rule_place_after_locative(ss: _Sentence) -> None:
    """位于 X Y 的…: named sites (广州国际金融城, 平安财富大厦)."""
    for m in re.finditer(r"(?:位于|坐落于|地处|坐落在)([^，。；,;的]{2,30})", ss.text):
        chunk = m.group(1)
        pos = m.start(1)
        for part in re.finditer(r".{2,14}?(?:大厦|城|广场|公园|园区|中心|大楼|街道|社区|村|镇)", chunk):
            s = ss.start + pos + part.start()
            ss.add(s, s + len(part.group()), "Place", "place_after_locative")


_GUESSED_PLACE = re.compile(r"^([\u4e00-\u9fff]{2})(县|市|区)")


_NOT_PLACE_START = set("全该各本我此两三四五六七八九十一每某县市区乡镇村省")


def _nested_places(ss: _Sentence, chosen: list[Candidate]) -> list[Candidate]:
    """The place a kept name starts with (会昌县|法院) or builds on (平安|会昌|建设), as its own mention.

    Names are kept whole (longest first), but the place inside them is still a place of the
    article: without it an article that only says 会昌县法院 and 平安会昌建设 would have no place.
    """
    lex = lexicon.load()
    out = []
    covered = [(c.start, c.end) for c in chosen if c.type == "Place"]
    for c in chosen:
        if c.type == "Place":
            continue
        text = ss.doc.analysis_text[c.start : c.end]
        span = None
        if c.rule == "pingan_place_program":
            span = (c.start + 2, c.end - (2 if text.endswith("建设") else 0))
        else:
            for name in (text[:n] for n in (7, 6, 5, 4, 3, 2)):
                if len(name) < len(text) - 1 and (name in lex.admin_places or name in lex.provinces):
                    span = (c.start, c.start + len(name))
                    break
            else:
                m = _GUESSED_PLACE.match(text)
                if m and c.type in ("Organization", "Role") and m.group(1)[0] not in _NOT_PLACE_START:
                    rest = text[m.end() :]
                    if rest[:1] in ("委", "人", "政", "法", "公", "检", "司", "综", "信", "妇", "团"):
                        span = (c.start, c.start + m.end())
        if span and span[1] - span[0] >= 2 and not any(a <= span[0] and span[1] <= b for a, b in covered):
            out.append(
                Candidate(span[0], span[1], "Place", "place_nested", vocab().priorities.get("place_admin", 0))
            )
            covered.append(span)
        if c.type == "Role" and c.rule == "role_composed" and text not in lex.roles:
            # 县委政法委副书记: the body whose post it is is mentioned too
            body = max(
                (o for o in ss.cands if o.type == "Organization" and o.start == c.start and o.end < c.end),
                key=lambda o: o.end - o.start,
                default=None,
            )
            body_name = ss.doc.analysis_text[body.start : body.end] if body is not None else ""
            if body is not None and (
                any(body_name[:n] in lex.admin_places for n in range(len(body_name)))
                or _titled_by_its_body(body_name, text[len(body_name) :])
            ):
                # only a body of a named place (长丰县委政法委), not a kind (党委政法委); and the
                # body a head's title names (市公安局|局长)
                out.append(Candidate(body.start, body.end, "Organization", "body_nested", body.priority))
    return out


def _inside_slogan(ss: _Sentence, c: Candidate) -> bool:
    """A lexicon word inside a quoted list of slogans (“…、强化诉源治理、…”) is part of the slogan."""
    if not c.rule.startswith(("lexicon_", "place_level")):
        return False
    for q in _QUOTE.finditer(ss.text):
        s, e = ss.start + q.start(), ss.start + q.end()
        speech = any(ch in q.group() for ch in "，。！？,") or len(q.group()) > 32
        if s < c.start and c.end < e and "、" in q.group() and not speech:
            return True
    return False
