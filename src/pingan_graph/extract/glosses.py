"""Pinyin glosses: some converted pages put the pinyin of a character after it in brackets
(建設(shè), 領(lǐng)導(dǎo)小組, 鎮(zhèn)). They are no part of the article and split every word and
name they sit in, so the reader takes them out of the text before anything is analysed
(:func:`without_glosses`); each entity then also carries its names as the page wrote them, glosses
and all (:func:`glossed`, used by the pipeline), so that a search for the page's own form still
finds it.
"""

from __future__ import annotations

import re

from ..model import Document

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
#: a pinyin syllable with a tone mark, in brackets, right after a Han character
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
#: glosses a text must hold before any is taken out (one alone may be the text's own)
GLOSSES_MIN = 2

#: (offset in the text without glosses, the gloss taken out there), in order
Glosses = tuple[tuple[int, str], ...]


def without_glosses(text: str) -> tuple[str, Glosses]:
    """The text without its pinyin glosses, and where each was, when it holds at least
    :data:`GLOSSES_MIN`; else the text as it is and no glosses."""
    found = list(_GLOSS.finditer(text))
    if len(found) < GLOSSES_MIN:
        return text, ()
    parts, glosses, last, removed = [], [], 0, 0
    for match in found:
        parts.append(text[last : match.start()])
        glosses.append((match.start() - removed, match.group()))
        removed += len(match.group())
        last = match.end()
    parts.append(text[last:])
    return "".join(parts), tuple(glosses)


def glossed(doc: Document, start: int, end: int) -> str:
    """``doc.text[start:end]`` as the page wrote it: with the glosses of its characters."""
    out, last = [], start
    for offset, gloss in doc.glosses:
        if start < offset <= end:
            out.append(doc.text[last:offset] + gloss)
            last = offset
    return "".join(out) + doc.text[last:end]
