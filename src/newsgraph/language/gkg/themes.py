"""Themes: the issues an article is about, from the Phoenix issue dictionary (``data/themes.tsv``,
converted from PETRARCH2's ``Phoenix.IssueCoding.txt`` by :mod:`.convert`; MIT, see
``data/PROVENANCE.md``).

Matching is PETRARCH2's: plain phrase matching on words, case-insensitive, no parse needed.

1. Text is split into words (letters and digits; spaces, hyphens and apostrophes separate them)
   and cut into sentences at ``.!?`` and line ends.
2. At each word the longest dictionary phrase starting there wins ("war crimes" before "war");
   a phrase listed under several themes gives them all.
3. An ignore phrase (``~``) cancels its issue block's themes in its sentence, ``~~`` in the
   whole article ("financial literacy" is not LITERACY).

:func:`find_themes` gives each theme with the character offset of every match, in text order,
which is what GKG ``V2ENHANCEDTHEMES`` writes; ``Article.themes`` keeps the distinct themes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n")


@dataclass(frozen=True)
class _Table:
    phrases: dict[tuple[str, ...], list[tuple[str, str]]]  # words → [(theme or ~ / ~~, block)]
    longest: dict[str, int]  # first word → the length of its longest phrase


@cache
def dictionary() -> _Table:
    text = resources.files(__package__).joinpath("data", "themes.tsv").read_text("utf-8")
    phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            form, theme, block = line.split("\t")
            phrases.setdefault(tuple(form.split()), []).append((theme, block))
    longest: dict[str, int] = {}
    for words in phrases:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return _Table(phrases, longest)


def find_themes(text: str) -> list[tuple[str, int]]:
    """(theme, character offset) of every theme match in ``text``, in text order."""
    table = dictionary()
    found: list[tuple[str, int, str, int]] = []  # theme, offset, block, sentence
    cancelled_article: set[str] = set()
    cancelled: set[tuple[str, int]] = set()
    matches = list(_WORD.finditer(text))
    words = [m.group().lower() for m in matches]
    starts = [m.start() for m in matches]
    sentence_of = _sentences(text, starts)
    longest, phrases = table.longest, table.phrases
    i = 0
    while i < len(words):
        for size in range(min(longest.get(words[i], 0), len(words) - i), 0, -1):
            hits = phrases.get(tuple(words[i:i + size]))
            if hits is None:
                continue
            for theme, block in hits:  # a phrase may give several themes ("bailout")
                if theme == "~~":
                    cancelled_article.add(block)
                elif theme == "~":
                    cancelled.add((block, sentence_of[i]))
                else:
                    found.append((theme, starts[i], block, sentence_of[i]))
            i += size - 1
            break
        i += 1
    return [(theme, offset) for theme, offset, block, sentence in found
            if block not in cancelled_article and (block, sentence) not in cancelled]


def themes(text: str) -> list[str]:
    """The distinct themes of ``text``, in order of first match."""
    return list(dict.fromkeys(theme for theme, _ in find_themes(text)))


def _sentences(text: str, starts: list[int]) -> list[int]:
    """The sentence number of each word start."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    out, sentence = [], 0
    for start in starts:
        while sentence < len(ends) and ends[sentence] <= start:
            sentence += 1
        out.append(sentence)
    return out
