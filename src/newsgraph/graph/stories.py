"""Stories: articles about the same happening, clustered incrementally.

The rule (one new article at a time, in the order they are added):

* **Candidates** are the stories that share at least one canonical entity or one of the article's
  ten most distinctive words with it, and whose time span, widened by :data:`WINDOW_DAYS` (3) on
  each side, holds the article's day. They come from inverted indexes (entity → stories,
  word → stories), so the cost does not grow with the number of stored articles.
* **Score** of a candidate = TF-IDF cosine of the article's body with the story's centroid,
  and the number of canonical entities they share (the article's own outlet excluded).
* **Join** the best-scoring candidate when ``cosine ≥ 0.5`` (the same text, or a close rewrite), or
  when ``cosine ≥ 0.2`` and at least two entities are shared (the same actors in similar words);
  otherwise the article starts a story of its own. Near-duplicates (see :mod:`.duplicates`) always
  land in the same story because their cosine is close to 1.

IDF is computed from the articles seen so far (it sharpens as the store grows), and a story's
centroid keeps its :data:`CENTROID_TERMS` heaviest words, so memory per story is bounded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..article import Article
from ..ids import content_id

WINDOW_DAYS = 3
MIN_COSINE_ALONE = 0.5
MIN_COSINE_WITH_ENTITIES = 0.2
MIN_SHARED_ENTITIES = 2
CENTROID_TERMS = 40
KEY_TERMS = 10
_MAX_POSTINGS = 500  # stories kept per entity or word: the most recent ones, for bounded lookups

_WORD = re.compile(r"[^\W\d_][^\W_]{2,}")  # words of three letters or more, any script
_STOP = frozenset(["the", "and", "for", "that", "with", "from", "this", "have", "has", "had", "were", "was", "are", "but", "not", "his", "her", "its", "their", "they", "them", "been", "will", "would", "could", "should", "said", "says", "also", "after", "before", "about", "into", "over", "than", "then", "there", "these", "those", "which", "while", "when", "where", "what", "who", "whom", "whose", "more", "most", "other", "some", "such", "only", "own", "same", "very", "can", "may", "might", "just", "one", "two", "three", "new", "year", "years", "last", "first", "told", "according", "would", "our", "out", "all", "any", "per", "via", "mr", "ms", "mrs"])


def terms(text: str) -> Counter:
    return Counter(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


def day_of(article: Article) -> str | None:
    for value in (article.published, article.dateline.date if article.dateline else None):
        if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            return value[:10]
    return None


def _ordinal(day: str | None) -> int | None:
    try:
        return date.fromisoformat(day).toordinal() if day else None
    except ValueError:
        return None


@dataclass
class Story:
    id: str
    title: str | None = None
    first_day: int | None = None  # proleptic ordinals of the first and last article days
    last_day: int | None = None
    articles: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    entities: Counter = field(default_factory=Counter)
    centroid: dict[str, float] = field(default_factory=dict)

    def fits(self, day: int | None) -> bool:
        if day is None or self.first_day is None or self.last_day is None:
            return True  # undated articles are judged on content alone
        return self.first_day - WINDOW_DAYS <= day <= self.last_day + WINDOW_DAYS

    def to_row(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title,
                "first_seen": date.fromordinal(self.first_day).isoformat() if self.first_day else None,
                "last_seen": date.fromordinal(self.last_day).isoformat() if self.last_day else None,
                "num_articles": len(self.articles), "num_sources": len(self.sources),
                "articles": list(self.articles), "sources": sorted(self.sources),
                "entities": dict(self.entities), "centroid": dict(self.centroid)}


class StoryIndex:
    """Assigns each new article to the best existing story or starts one."""

    def __init__(self) -> None:
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}
        self.df: Counter = Counter()
        self.docs = 0
        self._by_entity: dict[str, dict[str, None]] = {}
        self._by_term: dict[str, dict[str, None]] = {}

    def add(self, article: Article, nodes: Iterable[str] = (), source: str | None = None) -> str:
        """File ``article`` (with its canonical entity node ids) under a story; return its id."""
        if article.id in self.story_of:
            return self.story_of[article.id]
        counts = terms(f"{article.title or ''}\n{article.text}")
        self.docs += 1
        self.df.update(counts.keys())
        vector = self._tfidf(counts)
        nodes = set(nodes)
        day = _ordinal(day_of(article))
        story = self._best(vector, nodes, day)
        if story is None:
            story = Story(content_id(article.id, prefix="s", length=15), article.title)
            self.stories[story.id] = story
        self._join(story, article.id, vector, nodes, day, source)
        return story.id

    def _tfidf(self, counts: Counter) -> dict[str, float]:
        # smoothed IDF (never zero), so the first articles of a store still get usable vectors
        weights = {t: (1 + math.log(c)) * (math.log((1 + self.docs) / (1 + self.df[t])) + 1)
                   for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _best(self, vector: dict[str, float], nodes: set[str], day: int | None) -> Story | None:
        key_terms = sorted(vector, key=lambda t: (-vector[t], t))[:KEY_TERMS]
        candidates: dict[str, None] = {}
        for posting in [self._by_entity.get(n, {}) for n in nodes] + [self._by_term.get(t, {}) for t in key_terms]:
            candidates.update(posting)
        best, best_score = None, (0.0, 0)
        for sid in candidates:
            story = self.stories.get(sid)
            if story is None or not story.fits(day):  # evicted, or out of the time window
                continue
            cosine = _cosine(vector, story.centroid)
            shared = sum(1 for n in nodes if n in story.entities)
            joins = cosine >= MIN_COSINE_ALONE or (cosine >= MIN_COSINE_WITH_ENTITIES and shared >= MIN_SHARED_ENTITIES)
            if joins and (cosine, shared) > best_score:
                best, best_score = story, (cosine, shared)
        return best

    def _join(self, story: Story, aid: str, vector: dict[str, float], nodes: set[str], day: int | None,
              source: str | None) -> None:
        story.articles.append(aid)
        if source:
            story.sources.add(source)
        if day is not None:
            story.first_day = day if story.first_day is None else min(story.first_day, day)
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        story.entities.update(nodes)
        merged = Counter(story.centroid)
        merged.update(vector)
        top = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        story.centroid = {t: w / norm for t, w in top}
        self.story_of[aid] = story.id
        # only the heaviest words are indexed: an article meets a story through its key words
        heaviest = list(story.centroid)[:KEY_TERMS]
        for key, index in [(n, self._by_entity) for n in nodes] + [(t, self._by_term) for t in heaviest]:
            posting = index.setdefault(key, {})
            posting.pop(story.id, None)  # re-insert: most recently touched last
            posting[story.id] = None
            if len(posting) > _MAX_POSTINGS:
                del posting[next(iter(posting))]

    def evict(self, before: str) -> list[dict[str, Any]]:
        """Drop from memory the stories whose last day is before ``before`` (ISO date) and return
        their rows; on a large store, call it with a date a few windows behind the newest article
        so memory holds only the stories a new article can still join (their rows stay stored)."""
        cutoff = _ordinal(before)
        if cutoff is None:
            return []
        gone = [s for s in self.stories.values() if s.last_day is not None and s.last_day < cutoff]
        for story in gone:
            del self.stories[story.id]
        return [s.to_row() for s in gone]

    # -- persistence -----------------------------------------------------------------------------
    def rows(self) -> dict[str, Any]:
        return {"stories": [s.to_row() for s in self.stories.values()],
                "df": dict(self.df), "docs": self.docs}

    @classmethod
    def from_rows(cls, rows: dict[str, Any]) -> StoryIndex:
        index = cls()
        index.df = Counter(rows.get("df") or {})
        index.docs = rows.get("docs", 0)
        for row in rows.get("stories", []):
            story = Story(row["id"], row.get("title"), _ordinal(row.get("first_seen")), _ordinal(row.get("last_seen")),
                          list(row["articles"]), set(row.get("sources") or ()), Counter(row.get("entities") or {}),
                          dict(row.get("centroid") or {}))
            index.stories[story.id] = story
            for aid in story.articles:
                index.story_of[aid] = story.id
            heaviest = sorted(story.centroid, key=lambda t: (-story.centroid[t], t))[:KEY_TERMS]
            for key, posting in [(n, index._by_entity) for n in story.entities] + [(t, index._by_term) for t in heaviest]:
                posting.setdefault(key, {})[story.id] = None
        return index


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
