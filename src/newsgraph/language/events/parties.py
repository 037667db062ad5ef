"""The parties of an event as records: each :class:`~.phrases.Arg` the coder found becomes a
:class:`~newsgraph.article.Participant`, the entity its words name (with that entity's country,
sector and CAMEO code) or, for a phrase that names no entity, the code of its words.

1. The dateline that opens a text names where the story was filed, never a party.
2. A pronoun is the nearest fitting entity before it (a post's "we" is its author).
3. A name inside the phrase is the party when it heads the phrase ("Serbia's President Vucic");
   when it only qualifies it ("the Republika Srpska parliament", "a Karen guerrilla base", "ethnic
   Albanians") the phrase is coded; what qualifies a country does not recode it ("NATO-member Norway").
4. A phrase with no code is a party only when its head names one ("the visitors"), not a topic.
"""

from __future__ import annotations

import bisect
from itertools import chain
from typing import TYPE_CHECKING

from ...article import Participant
from ..actors import code_actor
from ..roles import cameo_code
from ..wordlists import words
from .phrases import Arg, actorish, expand

if TYPE_CHECKING:
    from .assemble import Zone

_PERSONAL = frozenset(["he", "she", "him", "her", "his", "hers", "himself", "herself"])
_COLLECTIVE = frozenset(["it", "its", "they", "them", "their", "itself", "themselves"])
_FIRST_PERSON = frozenset(["i", "me", "my", "we", "us", "our"])
_ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
#: Common nouns that name a party even without a country or sector code (they overlap the
#: participants' PARTY_NOUNS; two lists, as merging them would change who counts as a party).
_GROUP_NOUNS = words("group_nouns")


def parties(zone: Zone, args: list[Arg], context) -> list[Participant]:
    """The participants the phrases ``args`` name in ``zone``, coded with ``context``'s KB."""
    found = (_participant(zone, a, context) for a in _past_dateline(zone, args))
    return [p for p in found if p is not None]


def _past_dateline(zone: Zone, args: list[Arg]) -> list[Arg]:
    """The parties as written after the dateline: a parse that takes "MOSCOW (AP) - Russia and
    Ukraine …" for one phrase headed by MOSCOW gives Russia and Ukraine, not Moscow."""
    end = zone.dateline_end
    if not end:
        return args
    out: list[Arg] = []
    for arg in args:
        if arg.head.idx >= end:
            if arg.start < end:
                text = zone.text[end:arg.end].lstrip(" -–—:")
                arg = Arg(arg.end - len(text), arg.end, text, arg.head, arg.context)
            out.append(arg)
            continue
        after = next((c for c in arg.head.children if c.idx >= end and c.pos_ in ("PROPN", "NOUN")), None)
        if after is None:  # "KABUL (AP) - Afghan police arrested …": the verb's other subject
            after = next((c for c in arg.head.head.children if c.dep_ == arg.head.dep_ and c.idx >= end), None)
        if after is not None:
            out.extend(expand(after))
    return out


def coded(p: Participant) -> bool:
    return bool(p.country or p.sector or p.entity_id)


def _participant(zone: Zone, arg: Arg, context) -> Participant | None:
    low = arg.text.lower()
    if low in _FIRST_PERSON and zone.author:
        return entity_participant(zone, zone.author, arg.text)
    if low in _PERSONAL or low in _COLLECTIVE:
        types = ("PERSON",) if low in _PERSONAL else ("ORG", "GPE", "NORP")
        found = _antecedent(zone, arg.start, types, arg.head.doc)
        return entity_participant(zone, found, arg.text) if found else None
    mention = _mention_in(zone, arg.start, arg.end)
    if mention is not None:
        head = arg.head
        inside = mention.start <= head.idx < mention.end
        named = zone.entities[mention.entity_id].type in _ACTOR_TYPES
        if inside and not named:
            return None  # an exercise, a war, a law: not a party to the event
        if _ethnic(zone, arg, mention) or not inside:
            # "the Republika Srpska parliament", "a Karen guerrilla stronghold": the name only
            # qualifies the party, code the phrase
            code = code_actor(arg.coding_text, context)
            if not (named or code.country or code.sector):
                return None  # "its Gulf war": a name qualifying a thing
            return _code_participant(arg.text, code)
        text = mention.text if mention.start <= arg.start and arg.end <= mention.end else arg.text
        if zone.entities[mention.entity_id].type in ("GPE", "LOC"):
            # "NATO-member Norway", "oil-rich Kuwait": what qualifies a country does not recode it
            return entity_participant(zone, mention.entity_id, text)
        return entity_participant(zone, mention.entity_id, text, code_text=arg.coding_text, context=context)
    known = zone.aliases.find(arg.text, _ACTOR_TYPES)
    if known is not None:  # a name the model missed here but resolved elsewhere in the article
        return entity_participant(zone, known, arg.text, code_text=arg.coding_text, context=context)
    if arg.text.startswith("@"):
        return Participant(arg.text)  # a social handle names a party even when we cannot code it
    code = code_actor(arg.coding_text, context)
    if not (code.country or code.sector):
        # a topic ("regional security challenges") is not a party; a named one without a code is
        head = arg.head
        if head.pos_ == "PRON":
            return None  # an unresolved "which", "someone": no party we can name
        return Participant(arg.text) if actorish(head) or head.lower_ in _GROUP_NOUNS else None
    return _code_participant(arg.text, code)


def _ethnic(zone: Zone, arg: Arg, mention) -> bool:
    """"ethnic Albanians": a people, not a state; the phrase is coded (by where they live)."""
    before = zone.text[max(arg.start, mention.start - 7):mention.start]
    return zone.entities[mention.entity_id].type == "NORP" and before.lower() == "ethnic "


def _code_participant(text: str, code) -> Participant:
    sector = _sector(code.sector, code.org)
    return Participant(text, None, code.country, sector, cameo_code(code.country, sector, code.org_code))


def entity_participant(zone: Zone, entity_id: str, text: str, code_text: str | None = None,
                        context=None) -> Participant:
    ent = zone.entities[entity_id]
    country, sector = ent.country, ent.sector
    if code_text and context is not None and (country is None or sector is None):
        code = code_actor(code_text, context)
        country, sector = country or code.country, sector or _sector(code.sector, code.org)
    return Participant(text or ent.name, ent.id, country, sector, ent.code or cameo_code(country, sector))


def _sector(sector: str | None, org: str | None) -> str | None:
    return "IGO" if org and sector in (None, "IGO") else sector


def _mention_in(zone: Zone, start: int, end: int):
    i = bisect.bisect_right(zone.starts, end)
    best = None
    for m in zone.mentions[max(0, i - 10) : i]:
        # the head of the phrase is usually the last name in it ("Serbia's President Vucic")
        if m.start < end and start < m.end and (best is None or m.end > best.end):
            best = m
    return best


def _antecedent(zone: Zone, at: int, types: tuple[str, ...], doc=None) -> str | None:
    """The entity a pronoun stands for: the nearest fitting subject before it in this or the previous
    sentence ("While Serbia remains neutral …, it has kept …"), else the nearest fitting mention."""
    i = bisect.bisect_left(zone.starts, at)
    # lazily, nearest first: most pronouns find theirs a few mentions back
    fitting = (m for m in map(zone.mentions.__getitem__, range(i - 1, -1, -1))
               if zone.entities[m.entity_id].type in types)
    nearest = next(fitting, None)
    if doc is not None and nearest is not None:
        here = doc.char_span(at, at + 1, alignment_mode="expand")
        sent_start = here.sent.start_char if here is not None else 0
        prev = doc[max(0, doc.char_span(sent_start, sent_start + 1, alignment_mode="expand").start - 1)]
        window = prev.sent.start_char if sent_start > 0 else sent_start
        for m in chain([nearest], fitting):
            if m.start < window:
                break
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
                return m.entity_id
    return nearest.entity_id if nearest else None
