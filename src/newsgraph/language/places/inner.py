"""Places named inside an organisation's name: "Texas" in "Texas Department of State Health
Services", "Canadian" in "Canadian Press".

A reader takes such a name as a mention of the place (the organisation is of or in it), and local
news names its places mostly this way ("Gainesville Public Utilities"). The organisation stays
what it is; the place gets a mention of its own, nested in the organisation's span and joined to
the article's entity for that place (a new one when the article never names it alone):

1. Only ORG and FAC mentions of the body are read, never people ("Jack London").
2. Runs of capitalised words, longest first and leftmost first, never the whole name.
3. A run counts when the gazetteer knows it as a well-known place: a country, a first-level
   region, a continent or a curated region under any of its names, a county under its full name
   ("Edgar County Board"), or a city of :data:`INNER_MIN_POPULATION`+ under its main name; or when it is a demonym of one
   ("Canadian" → a NORP mention, as the adjective is elsewhere). Short all-caps runs count only
   as countries' own codes ("U.S.", "UK"): "CA Technologies" is not California.
"""

from __future__ import annotations

import re
from typing import Any

from ...article import Article, Entity, Mention
from ...knowledge import KnowledgeBase
from ...knowledge.normalize import mention_key
from ..entities.resolve import entity_hash
from .candidates import _BROAD, INNER_MIN_POPULATION, demonym_country, feature_code, is_country, name_variants

_HOSTS = frozenset({"ORG", "FAC"})
_WORD = re.compile(r"[A-Z][\w.’'-]*")


def add_inner_places(article: Article, kb: KnowledgeBase) -> None:
    """Nested place (or demonym) mentions for the organisations of ``article``, in place."""
    by_key = {(mention_key(e.name), _cls(e.type)): e for e in article.entities}
    for entity in article.entities:
        for alias in entity.aliases:
            by_key.setdefault((mention_key(alias), _cls(entity.type)), entity)
    added: list[Mention] = []
    present = {(m.zone, m.start, m.end, m.label) for m in article.mentions}
    for mention in article.mentions:
        if mention.zone != "text" or mention.label not in _HOSTS:
            continue
        for start, end, label in places_inside(mention.text, kb):
            if ("text", mention.start + start, mention.start + end, label) in present:
                continue  # the stage ran on this article before
            text = mention.text[start:end]
            entity = by_key.get((mention_key(text), _cls(label)))
            if entity is None:
                entity = Entity(entity_hash(article.id, text, label), text, label)
                article.entities.append(entity)
                by_key[(mention_key(text), _cls(label))] = entity
            entity.mentions += 1
            added.append(Mention(mention.start + start, mention.start + end, text, label, entity.id, "text"))
    if added:
        zones = {z: i for i, z in enumerate(dict.fromkeys(m.zone for m in article.mentions))}
        article.mentions = sorted([*article.mentions, *added], key=lambda m: (zones[m.zone], m.start, -m.end))


def _cls(label: str) -> str:
    return "NORP" if label == "NORP" else "PLACE"


def places_inside(name: str, kb: KnowledgeBase) -> list[tuple[int, int, str]]:
    """(start, end, label) of each well-known place or demonym inside ``name``, label GPE, LOC
    or NORP; never the whole name."""
    words = [(m.start(), m.end(), m.group().rstrip(".’'") if not _dotted(m.group()) else m.group())
             for m in _WORD.finditer(name)]
    runs = _runs(name, words)
    found: list[tuple[int, int, str]] = []
    for n in range(len(runs), 0, -1):
        for i in range(len(runs) - n + 1):
            start, end = runs[i][0], runs[i + n - 1][0] + len(runs[i + n - 1][1])
            if (start, end) == (0, len(name.rstrip(".’' "))) or any(s < end and start < e for s, e, _ in found):
                continue
            if not _adjacent(runs[i:i + n]):
                continue
            label = _known(name[start:end], kb)
            if label:
                found.append((start, end, label))
    return sorted(found)


def _dotted(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}", word))  # "U.S.", "U.K."


def _runs(name: str, words: list[tuple[int, int, str]]) -> list[tuple[int, str, int]]:
    """(start, word, end of the previous word) for the capitalised words of ``name``."""
    out, prev_end = [], 0
    for start, _, word in words:
        out.append((start, word, prev_end))
        prev_end = start + len(word)
    return out


def _adjacent(run: list[tuple[int, str, int]]) -> bool:
    """The words follow each other with only spaces or a hyphen between them."""
    return all(start - prev <= 1 for start, _, prev in run[1:])


def _known(text: str, kb: KnowledgeBase) -> str | None:
    """The label of a well-known place or demonym named ``text`` exactly (no fallback to a
    place inside it: the run itself must be the name)."""
    letters = text.replace(".", "")
    short_caps = letters.isupper() and len(letters) <= 3
    if not short_caps and demonym_country(text, kb) is not None:
        return "NORP"
    for variant in name_variants(text):
        for entry in kb.places(variant):
            if short_caps and not is_country(entry):
                continue
            if _well_known(entry, variant):
                return "LOC" if entry.type == "LOC" else "GPE"
    return None


def _well_known(entry: Any, text: str) -> bool:
    if feature_code(entry) in _BROAD:
        return True
    if feature_code(entry) == "ADM2":  # "Edgar County Board": a county is named in full
        return mention_key(entry.name) == mention_key(text)
    big = (getattr(entry, "population", 0) or 0) >= INNER_MIN_POPULATION
    return big and mention_key(entry.name) == mention_key(text)
