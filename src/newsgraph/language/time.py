"""Time expressions normalised against the article's own date.

News dates events relative to when it was written: "on Tuesday", "in February", "two weeks ago".
Each expression found in a zone's text becomes a :class:`TimeExpr` whose value is resolved against
an anchor: ``Article.published``, else ``Article.dateline.date``, and for an embedded post its own
``posted`` time (a tweet's "two weeks ago" counts from the tweet, not from the article).

Values are ISO 8601: a day ``2025-03-19``, a week ``2025-W11``, a month ``2025-03``, a year ``1999``,
a decade or other span as a range ``1990/1999``. Vague expressions ("recent years", "the future")
are kept with ``value=None`` so a reader still sees that the text points in time.

The rules are our own regular expressions (:mod:`.dates`), so this works on any text; when the entities
stage has parsed the zone in the same batch, spaCy's DATE entities that no rule caught are added too
(normalised when a rule can read them, else kept vague), but parsing is never triggered from here.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..article import Article, TimeExpr
from ..errors import PipelineError
from ..pipeline import Stage, register
from ..sources.dates import parse_written
from .dates import DURATION, RULES, Anchor
from .nlp import capped_zone, doc_text
from .resources import Batch, Resources

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|going to|plans? to|planned|planning|is to|are to|due to|scheduled|"
    r"expected to|set to|upcoming|intends? to|would be held)\b",
    re.IGNORECASE,
)


@dataclass
class Found:
    start: int
    end: int
    value: str | None
    precision: str | None
    order: int = 0  # rule order, to break ties between equally long matches


def parse_anchor(value: str | None) -> dt.date | None:
    """An ISO date or datetime (with or without zone) → its calendar date; None when unreadable."""
    if not value:
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return parse_written(text).date()
    except (ValueError, OverflowError, TypeError):
        return None


_CLAUSE_END = re.compile(r"[.;!?\n]|,\s|\s(?:and|but|while|whereas)\s")


def _is_future(text: str, start: int) -> bool:
    """Whether the clause holding ``start`` speaks of the future ("will meet on Friday"); a clause,
    not the sentence, because one sentence often tells what happened and what will."""
    left = 0
    for m in _CLAUSE_END.finditer(text, max(0, start - 200), start):
        left = m.end()
    right_match = _CLAUSE_END.search(text, start)
    right = right_match.start() if right_match else len(text)
    return bool(_FUTURE.search(text[left:right]))


# --- finding ---------------------------------------------------------------------------------------


def find(text: str, anchor: dt.date | None) -> list[Found]:
    """Every time expression in ``text`` with its value; overlapping matches keep the longest."""
    hits: list[Found] = []
    for order, (pattern, handler) in enumerate(RULES):
        for m in pattern.finditer(text):
            # a date the anchor cannot settle (no article date) is still kept, with no value
            value, precision = handler(m, Anchor(anchor), _is_future(text, m.start()))
            hits.append(Found(m.start(), m.end(), value, precision, order))
    return _longest_first(hits)


class _Taken:
    """Non-overlapping [start, end) spans kept in order, so that an overlap test is a bisection
    (a test against every span kept would make a long text's cost quadratic)."""

    def __init__(self, spans: Iterable[Found] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for span in spans:
            self.add(span.start, span.end)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end)  # the spans starting before ``end``: the last ends last
        return before > 0 and self.ends[before - 1] > start

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)


def _longest_first(hits: list[Found]) -> list[Found]:
    hits.sort(key=lambda h: (-(h.end - h.start), h.value is None, h.order, h.start))
    kept: list[Found] = []
    taken = _Taken()
    for hit in hits:
        if not taken.overlaps(hit.start, hit.end):
            kept.append(hit)
            taken.add(hit.start, hit.end)
    return sorted(kept, key=lambda h: h.start)


def merge_spacy(text: str, found: list[Found], ents: Iterator, anchor: dt.date | None) -> list[Found]:
    """Add spaCy DATE entities no rule caught; durations ("six years") are not dates and are skipped."""
    out = list(found)
    taken = _Taken(found)
    for ent in ents:
        if ent.label_ != "DATE" or DURATION.match(ent.text.strip()):
            continue
        if taken.overlaps(ent.start_char, ent.end_char):
            continue
        taken.add(ent.start_char, ent.end_char)
        inner = find(ent.text, anchor)
        if len(inner) == 1 and inner[0].end - inner[0].start == len(ent.text):
            value, precision = inner[0].value, inner[0].precision
        else:
            value, precision = None, None
        out.append(Found(ent.start_char, ent.end_char, value, precision))
    return sorted(out, key=lambda f: f.start)


def normalize(text: str, anchor: str | dt.date | None, zone: str = "text", doc=None) -> list[TimeExpr]:
    """Time expressions of one text, resolved against ``anchor`` (ISO string or date)."""
    day = anchor if isinstance(anchor, dt.date) else parse_anchor(anchor)
    found = find(text, day)
    if doc is not None and doc_text(doc) == text:
        found = merge_spacy(text, found, iter(doc.ents), day)
    return [TimeExpr(f.start, f.end, text[f.start:f.end], f.value, f.precision, zone) for f in found]


def article_zones(article: Article) -> list[tuple[str, str, str | None]]:
    """(zone, text, anchor) for the title, body, captions and embeds of an article."""
    anchor = article.published or (article.dateline.date if article.dateline else None)
    zones = [("text", article.text, anchor)]
    if article.title:
        zones.append(("title", article.title, anchor))
    zones += [(f"caption:{i}", c.text, anchor) for i, c in enumerate(article.captions) if c.text]
    zones += [(f"embed:{i}", e.text, e.posted or anchor) for i, e in enumerate(article.embeds) if e.text]
    return zones


def annotate(article: Article, batch: Batch | None = None, model: str | None = None) -> Article:
    """Fill ``article.dates`` from every zone; reuses the Docs the entities stage left in ``batch``
    (parsed with ``model``)."""
    dates: list[TimeExpr] = []
    for zone, whole, anchor in article_zones(article):
        text = capped_zone(article, "newsgraph.time.v1", whole, zone) if whole else whole
        if text and text.strip():
            doc = batch.doc(article.id, text, zone, model) if batch is not None and model else None
            dates += normalize(text, anchor, zone, doc)
    article.dates = dates
    return article


@register("newsgraph.time.v1", requires=["text"], assigns=["dates"], languages=["en"])
class TimeStage(Stage):
    """Find and normalise date expressions against the article's (or embed's) own date."""

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        return annotate(article, batch, _model_name(self.ready()))


def _model_name(resources: Resources) -> str | None:
    try:
        return resources.model_name
    except PipelineError:  # a misconfigured model must not stop date finding
        return None
