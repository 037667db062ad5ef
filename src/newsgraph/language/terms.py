"""Role terms: the words that say what an actor is ("defence minister" → MIL, "Secretary General").

Our lexicon (``data/sectors.json``) first; nouns it lacks are looked up in the Phoenix agents
dictionary ("insurgents" → REB), below ours in rank and without a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..knowledge.actors import agents
from .wordlists import table

MAX_NGRAM = 4
_WORD = re.compile(r"[\w][\w.&'’-]*")
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    sector: str | None
    title: str | None
    rank: int


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[tuple[str, ...], Term], frozenset[str]]:
    """Role terms by their lower-cased words, and the modifier words a title phrase may contain."""
    raw = table("sectors")
    terms = {}
    for item in raw["terms"]:
        words = tuple(item["term"].lower().split())
        terms[words] = Term(words, item.get("sector"), item.get("title"), int(item.get("rank", 1)))
    return terms, frozenset(raw.get("modifiers", ()))


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Every word of a role term ("secretary", "general", "minister" …), for a title phrase's walk."""
    return frozenset(w for words in lexicon()[0] for w in words)


def split_words(text: str) -> list[str]:
    return [POSSESSIVE.sub("", m.group(0)).strip(".") for m in _WORD.finditer(text)]


def singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def find_terms(tokens: list[str]) -> list[tuple[int, Term]]:
    """Role terms in the token list, longest first at each position (so "secretary general" is
    one term, not "secretary" plus the military "general"); our lexicon first, then the agents
    dictionary for nouns it lacks."""
    terms, _ = lexicon()
    lower = [t.lower() for t in tokens]
    found, i = [], 0
    while i < len(lower):
        for source in (terms, agent_terms()):
            n = _match(source, lower, i)
            if n:
                gram = tuple(lower[i:i + n])
                found.append((i, source.get(gram) or source[gram[:-1] + (singular(gram[-1]),)]))
                i += n
                break
        else:
            i += 1
    return found


def _match(table: dict, lower: list[str], i: int) -> int:
    for n in range(min(MAX_NGRAM, len(lower) - i), 0, -1):
        gram = tuple(lower[i:i + n])
        if gram in table or gram[:-1] + (singular(gram[-1]),) in table:
            return n
    return 0


#: Agent kinds too general to say who acts ("man", "people"): the event coder decides on those.
_VAGUE_AGENTS = frozenset({"PPL"})


@lru_cache(maxsize=1)
def agent_terms() -> dict[tuple[str, ...], Term]:
    """The Phoenix agents as role terms below our own (rank 0, no title): "~GOVMIL" gives GOV,
    "NGO~" gives NGO. Their sector only; the specific sub-codes stay in the dictionary."""
    out = {}
    for words, code in agents().items():
        sector = code.strip("~")[:3]
        if len(sector) == 3 and sector not in _VAGUE_AGENTS and len(words) <= MAX_NGRAM:
            out[words] = Term(words, sector, None, 0)
    return out


def pick_role(terms: list[Term]) -> tuple[str | None, str | None]:
    """Sector of the most specific term; title of the most specific term that is a person's role."""
    sector_terms = [t for t in terms if t.sector]
    sector = max(sector_terms, key=lambda t: t.rank).sector if sector_terms else None
    titled = [t for t in terms if t.title]
    title = max(titled, key=lambda t: t.rank).title if titled else None
    return sector, title
