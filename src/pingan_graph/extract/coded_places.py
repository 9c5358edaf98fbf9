"""Places that the gazetteer coded: one code, one node, labelled and aliased by the gazetteer.

Used by stage 4 (:mod:`.resolve`): the names of a place that share a statistical division code are
one entity (浦东 and 浦东新区), whose key is the code, whose aliases include the full name the
article writes (灌南县 in 灌南县公安局), and whose label keeps the level the segmenter gave away
(彭水自治|县司法局 -> 彭水自治县).
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document, Entity, Mention, coded_place_key
from . import gazetteer, gazetteer_text


def coded_place(entity: Entity, code: str, doc: Document) -> Entity:
    """A place entity keyed by its division code, with the gazetteer's full name and level."""
    entity = replace(entity, key=coded_place_key(code), scope="", aliases=_full_name(entity, code, doc))
    return _autonomous_label(entity, code, doc)


def _full_name(entity: Entity, code: str, doc: Document) -> tuple[str, ...]:
    """A coded place's aliases, with its full name when the article writes it (灌南县 in
    灌南县公安局, where only 灌南 was a mention of its own)."""
    division = gazetteer.load().get(code)
    if division is None or division.name == entity.label or division.name in entity.aliases:
        return entity.aliases
    if division.name not in doc.analysis_text:
        return entity.aliases
    return tuple(sorted({*entity.aliases, division.name}))


def _autonomous_label(entity: Entity, code: str, doc: Document) -> Entity:
    """彭水自治 -> 彭水自治县: an autonomous county named without its peoples, whose level character
    the segmenter gave to the body after it (彭水自治|县司法局), is labelled with its level."""
    division = gazetteer.load().get(code)
    if (
        division is None
        or not entity.label.endswith("自治")
        or not division.name.startswith(entity.label[:-2])
    ):
        return entity
    label = entity.label + division.name[-1]
    if not division.name.endswith("自治" + division.name[-1]) or label not in doc.analysis_text:
        return entity
    at = doc.analysis_text.find(label)
    written = doc.text[at : at + len(label)]  # 彭水自治縣 in an article in traditional characters
    aliases = {a for a in entity.aliases if a != label} | ({written} if written != label else set())
    return replace(entity, label=label, aliases=tuple(sorted(aliases)))


def place_codes(doc: Document, groups: dict[str, list[Mention]]) -> dict[str, str]:
    """The statistical division code of each group of place names that the gazetteer found in the
    document (:func:`gazetteer_text.document_places`), by the group's key."""
    found = gazetteer_text.document_places(doc).codes
    out = {}
    for key, ms in groups.items():
        for mention in ms:
            if mention.type == "Place" and mention.norm in found:
                out[key] = found[mention.norm]
                break
    return out
