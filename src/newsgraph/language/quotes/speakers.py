"""Resolve a quote's speaker (a name, a pronoun, a title) to one of the article's entities.

A light coreference, no model: a name resolves through the mention it overlaps or an alias; a
pronoun to the nearest person mentioned before it outside quotation marks (or the last speaker when
that is nearer); a title ("the president") to the entity that carries that title or alias.
"""

from __future__ import annotations

import bisect

from ...article import Article, Entity, Mention, Quote
from ..entities.resolve import Aliases
from .cues import PRONOUNS

_PERSONAL = frozenset(["he", "she", "him", "her", "i"])
_PLURAL = frozenset(["they", "them", "we"])
_DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "their ", "its ")


class SpeakerResolver:
    def __init__(self, article: Article, quoted: bytearray | None = None) -> None:
        self.entities: dict[str, Entity] = {e.id: e for e in article.entities}
        body = [m for m in article.mentions if m.zone == "text" and m.entity_id in self.entities]
        if quoted is not None:
            body = [m for m in body if m.start >= len(quoted) or not quoted[m.start]]
        self.mentions: list[Mention] = sorted(body, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.aliases = Aliases(self.entities.values())
        self.last_speaker: tuple[int, str] | None = None  # (offset, entity id)

    def resolve(self, quote: Quote) -> None:
        speaker = quote.speaker
        if speaker is None or speaker.entity_id:
            return
        start = speaker.start if speaker.start is not None else quote.start
        end = speaker.end if speaker.end is not None else start
        surface = speaker.text.strip()
        low = surface.lower()
        entity_id = (
            self._overlapping(start, end)
            or (self._pronoun(low, start) if low in PRONOUNS else None)
            or self.aliases.find(surface)
            or self._by_title(low)
        )
        speaker.entity_id = entity_id
        if entity_id:
            self.last_speaker = (start, entity_id)

    def _overlapping(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self.starts, end)
        best = None
        best_rank = None
        for m in reversed(self.mentions[max(0, i - 8) : i]):
            if m.start < end and start < m.end:
                # a person first; else the widest name, so "Kidney Foundation of Canada said"
                # is the foundation, not the place nested in its name
                rank = (self.entities[m.entity_id].type == "PERSON", m.end - m.start)
                if best_rank is None or rank > best_rank:
                    best, best_rank = m.entity_id, rank
        return best

    def _pronoun(self, low: str, at: int) -> str | None:
        wanted = ("PERSON",) if low in _PERSONAL else ("ORG", "GPE", "NORP", "PERSON")
        i = bisect.bisect_left(self.starts, at)
        for m in map(self.mentions.__getitem__, range(i - 1, -1, -1)):  # nearest first, no copy
            ent = self.entities[m.entity_id]
            if ent.type in wanted and (low not in _PLURAL or ent.type != "PERSON"):
                if self.last_speaker and m.start < self.last_speaker[0] < at:
                    return self.last_speaker[1]
                return ent.id
        return self.last_speaker[1] if self.last_speaker else None

    def _by_title(self, low: str) -> str | None:
        for det in _DETERMINERS:
            if low.startswith(det):
                low = low[len(det) :]
                break
        else:
            return None
        matches = [
            e for e in self.entities.values()
            if e.type == "PERSON" and e.title and (e.title.lower() == low or e.title.lower().endswith(" " + low))
        ]
        return matches[0].id if len(matches) == 1 else None
