"""Article tone, GDELT style: (positive words − negative words) / all words × 100.

GDELT's GKG ``V1.5TONE`` column starts with the document's average tone: the percentage of all
words with a positive emotional connotation minus the percentage with a negative one, from −100 to
+100, usually between −10 and +10, 0 neutral (paraphrased from the GKG 2.1 codebook, V1.5TONE:
http://data.gdeltproject.org/documentation/GDELT-Global_Knowledge_Graph_Codebook-V2.1.pdf).
GDELT's own lexicons are not public, so the word valences here come from the VADER lexicon
(``vaderSentiment``, shipped inside the package, read from disk; no network).

What is counted, exactly, over ``Article.text`` (the body):

* all words: every ``\\w+`` run, the same count as the word count in our GKG ``V1.5TONE`` column;
* a positive (negative) word: a word token (letters, inner apostrophes kept: ``don't``) whose
  lower-cased form has a valence > 0 (< 0) in the VADER lexicon. Each occurrence counts once,
  whatever the valence's size (GDELT counts words, it does not weigh them);
* negation, VADER's rule: the sign is flipped when one of the three tokens before the word is in
  VADER's ``NEGATE`` list or contains ``n't`` ("not good" is negative). The negators themselves
  ("no", "nothing", ...) are not counted as negative words;
* names are skipped: a capitalised word that does not start a sentence is a name or part of one
  ("United Nations", "Hope Street"), not an opinion word.

Text with no words, and text whose language is known and is not English (the lexicon is English),
get ``tone = None``: undefined, not neutral. The stage is a dictionary look-up per word, so it adds
little to the pipeline (see ``benchmarks``' throughput).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..article import Article
from ..pipeline import Stage, register
from .nlp import capped_zone

if TYPE_CHECKING:
    from .resources import Batch, Resources

_WORDS = re.compile(r"\w+")
# Letters with inner apostrophes, so "don't" and "isn't" stay one token as VADER's NEGATE lists them.
_TOKENS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NEGATION_WINDOW = 3
_SENTENCE_END = ".!?\n"


@cache
def _lexicon() -> tuple[dict[str, float], frozenset[str]]:
    """VADER's word valences and negators, loaded once per process."""
    from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().lexicon, frozenset(NEGATE)


def _is_negator(token: str, negators: frozenset[str]) -> bool:
    return token in negators or "n't" in token


def _starts_sentence(text: str, start: int) -> bool:
    """True when only spaces, quotes or brackets lie between ``start`` and a sentence end."""
    i = start - 1
    while i >= 0 and not text[i].isalnum() and text[i] not in _SENTENCE_END:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def tone(text: str) -> float | None:
    """GDELT-style tone of ``text``, rounded to 4 places; None when it has no words."""
    positive, negative, total = word_counts(text)
    return round((positive - negative) / total * 100, 4) if total else None


def word_counts(text: str) -> tuple[int, int, int]:
    """(positive words, negative words, all words) of ``text``, counted as described above;
    the GKG export's positive, negative and polarity scores are these as percentages."""
    total = len(_WORDS.findall(text))
    if not total:
        return 0, 0, 0
    lexicon, negators = _lexicon()
    positive = negative = 0
    recent: list[str] = []  # the last few lower-cased tokens, for the negation window
    for match in _TOKENS.finditer(text):
        word = match.group()
        token = word.lower().replace("’", "'")
        valence = lexicon.get(token)
        if valence and token not in negators and (word.islower() or _starts_sentence(text, match.start())):
            if any(_is_negator(t, negators) for t in recent):
                valence = -valence
            if valence > 0:
                positive += 1
            else:
                negative += 1
        recent.append(token)
        if len(recent) > _NEGATION_WINDOW:
            recent.pop(0)
    return positive, negative, total


def _english(language: str | None) -> bool:
    return not language or language.lower().split("-")[0].split("_")[0] == "en"


@register("newsgraph.tone.v1", requires=["text"], assigns=["tone"], languages=["en"])
class ToneStage(Stage):
    """Sets ``Article.tone``; None for empty or non-English text."""

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        _lexicon()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        text = capped_zone(article, self.name, article.text or "")
        article.tone = tone(text) if _english(article.language) else None
        return article
