"""Event aggregation, as GDELT does it: one happening reported many times becomes one record.

Two event mentions are the same event when they have

* the same PLOVER type and the same polarity (a denied event never merges with an affirmed one);
* the same actors and the same recipients, each compared as a set of participant keys: the
  canonical node id when the participant was resolved to an entity (through the
  :class:`~newsgraph.graph.entities.EntityIndex` mapping), else its country and sector codes
  ("RUS/GOV"), else its normalised text;
* for an event with neither actor nor recipient, the same place, or, without a place, copies of
  the same article only (two unrelated "meetings" on one day are not one event);
* dates within :data:`WINDOW_DAYS` (1) of the aggregate's anchor day (its first mention's day):
  the event's own date when known to the day, else its article's day. Anchoring on the first day
  keeps a week of daily "talks" from chaining into one event.

Where it happened (GDELT's ActionGeo, :func:`action_place`): the event's own place ("in Brussels"),
else the place named in its sentence nearest to the trigger, else the article's dateline place.
The aggregate's ``place`` is the most cited own place, ``action_place`` falls back to the others.
Its Goldstein score is the mean of its mentions' ``Event.goldstein`` (none when no mention has one).

Counts follow GDELT's definitions: ``num_mentions`` is every mention (two in one article count
twice), ``num_articles`` the distinct articles, ``num_sources`` the distinct outlets. Near-duplicate
copies (see :mod:`.duplicates`) stay separate articles and sources, as in GDELT, and
``num_independent`` counts them once: two syndicated copies of one article give one event with two
sources, two articles and one independent report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..article import Article, Event, Participant
from ..ids import content_id
from ..knowledge.normalize import name_key
from ..labels import PLACE_LABELS
from .stories import _ordinal, day_of

WINDOW_DAYS = 1
_LEAD_CHARS = 400  # a sentence starting this early is in the lead paragraph


def source_of(article: Article) -> str | None:
    """The outlet of an article: its source name, else its URL's host without ``www.``."""
    if article.source:
        return article.source
    url = article.canonical_url or article.url
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def participant_key(p: Participant, node: str | None) -> str:
    if node:
        return node
    if p.country or p.sector:
        return f"{p.country or ''}/{p.sector or ''}"
    return "t:" + name_key(p.text)


@dataclass
class Mention:
    article_id: str
    event_id: str
    source: str | None
    url: str | None
    published: str | None
    confidence: float
    group: str  # near-duplicate group (the article id when it has no copy)
    sentence: str = ""  # the sentence that reports it, for traceability and PLOVER's source text
    lead: bool = False  # reported in the article's lead (GDELT's IsRootEvent)
    tone: float | None = None  # the article's tone (GDELT's AvgTone)


@dataclass
class AggregatedEvent:
    id: str
    type: str
    negated: bool
    day: str | None
    actors: list[dict[str, Any]]  # {key, node_id, name, country, sector}
    recipients: list[dict[str, Any]]
    cameo: Counter = field(default_factory=Counter)
    quad_class: int | None = None
    scores: list[float] = field(default_factory=list)
    modes: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)  # place node id (or entity id) → mentions
    action_places: Counter = field(default_factory=Counter)  # the same, for mentions without a place
    mentions: list[Mention] = field(default_factory=list)
    last_day: str | None = None
    anchor: str = ""  # the place or copy group that stands in for absent participants

    @property
    def num_mentions(self) -> int:
        return len(self.mentions)

    @property
    def num_articles(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        return len({m.source or m.article_id for m in self.mentions})

    @property
    def num_independent(self) -> int:
        return len({m.group for m in self.mentions})

    @property
    def first_seen(self) -> str | None:
        return min((m.published for m in self.mentions if m.published), default=None)

    @property
    def last_seen(self) -> str | None:
        return max((m.published for m in self.mentions if m.published), default=None)

    @property
    def avg_confidence(self) -> float:
        return round(sum(m.confidence for m in self.mentions) / len(self.mentions), 4) if self.mentions else 0.0

    @property
    def cameo_code(self) -> str | None:
        return _top(self.cameo)

    @property
    def goldstein(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 2) if self.scores else None

    @property
    def place(self) -> str | None:
        return _top(self.places)

    @property
    def action_place(self) -> str | None:
        """Where it happened for GDELT's ActionGeo: the most cited own place, else the most cited
        sentence or dateline place."""
        return _top(self.places) or _top(self.action_places)

    @property
    def mode(self) -> str | None:
        return _top(self.modes)

    @property
    def avg_tone(self) -> float | None:
        tones = [m.tone for m in self.mentions if m.tone is not None]
        return round(sum(tones) / len(tones), 4) if tones else None

    @property
    def is_root(self) -> bool:
        return any(m.lead for m in self.mentions)

    @property
    def source_url(self) -> str | None:
        return next((m.url for m in self.mentions if m.url), None)

    def to_row(self) -> dict[str, Any]:
        code = self.cameo_code
        return {"id": self.id, "type": self.type, "mode": self.mode, "negated": self.negated, "day": self.day,
                "anchor": self.anchor,
                "last_day": self.last_day, "cameo": code, "cameo_root": code[:2] if code else None,
                "quad_class": self.quad_class, "goldstein": self.goldstein, "place": self.place,
                "action_place": self.action_place,
                "actors": self.actors, "recipients": self.recipients,
                "num_mentions": self.num_mentions, "num_articles": self.num_articles,
                "num_sources": self.num_sources, "num_independent": self.num_independent,
                "first_seen": self.first_seen, "last_seen": self.last_seen,
                "avg_confidence": self.avg_confidence, "avg_tone": self.avg_tone,
                "is_root": self.is_root, "source_url": self.source_url,
                "mentions": [vars(m).copy() for m in self.mentions]}


def _top(counter: Counter) -> Any:
    return max(counter, key=lambda k: (counter[k], str(k))) if counter else None


class EventAggregator:
    """Incremental GDELT-style aggregation of Event mentions across articles."""

    def __init__(self, window_days: int = WINDOW_DAYS) -> None:
        self.window = window_days
        self.events: dict[str, AggregatedEvent] = {}
        self.event_of: dict[tuple[str, str], str] = {}  # (article id, event id) → aggregated id
        self._by_key: dict[tuple, list[str]] = {}

    def add(self, article: Article, node_of: Callable[[str | None], str | None] = lambda _: None,
            names: Callable[[str], str | None] = lambda _: None, group: str | None = None) -> list[str]:
        """Aggregate every event of ``article``. ``node_of`` maps one of its entity ids to a
        canonical node id, ``names`` a node id to its name, ``group`` is its near-duplicate group.
        Returns the aggregated event ids, one per event; re-adding an article changes nothing."""
        out = []
        for event in article.events:
            done = self.event_of.get((article.id, event.id))
            out.append(done or self._add(article, event, node_of, names, group or article.id))
        return out

    def _add(self, article: Article, ev: Event, node_of: Callable[[str | None], str | None],
             names: Callable[[str], str | None], group: str) -> str:
        actors = [self._participant(p, node_of, names) for p in ev.actors]
        recipients = [self._participant(p, node_of, names) for p in ev.recipients]
        key = event_key(ev, node_of, group)
        anchor = key[-1]
        day = ev.date.value[:10] if ev.date and ev.date.precision == "day" and _ordinal(ev.date.value[:10]) else None
        day = day or day_of(article)
        agg = self._find(key, day)
        if agg is None:
            agg = AggregatedEvent(_event_id(key, day), ev.type, ev.negated, day, actors, recipients,
                                  quad_class=ev.quad_class, last_day=day, anchor=anchor)
            self.events[agg.id] = agg
            self._by_key.setdefault(key, []).append(agg.id)
        if day and (agg.last_day is None or day > agg.last_day):
            agg.last_day = day
        if ev.cameo:
            agg.cameo[ev.cameo] += 1
        if ev.goldstein is not None:
            agg.scores.append(ev.goldstein)
        if ev.mode:
            agg.modes[ev.mode] += 1
        if ev.place:
            agg.places[node_of(ev.place) or ev.place] += 1
        else:
            where = action_place(article, ev)
            if where:
                agg.action_places[node_of(where) or where] += 1
        agg.quad_class = agg.quad_class or ev.quad_class
        agg.mentions.append(Mention(article.id, ev.id, source_of(article), article.canonical_url or article.url,
                                    article.published, ev.confidence, group, ev.sentence.text.strip(),
                                    ev.zone == "text" and ev.sentence.start < _LEAD_CHARS, article.tone))
        self.event_of[(article.id, ev.id)] = agg.id
        return agg.id

    def _participant(self, p: Participant, node_of: Callable[[str | None], str | None],
                     names: Callable[[str], str | None]) -> dict[str, Any]:
        node = node_of(p.entity_id) if p.entity_id else None
        return {"key": participant_key(p, node), "node_id": node, "name": (names(node) if node else None) or p.text,
                "country": p.country, "sector": p.sector, "code": p.code}

    def _find(self, key: tuple, day: str | None) -> AggregatedEvent | None:
        when = _ordinal(day)
        for aid in self._by_key.get(key, ()):
            agg = self.events[aid]
            anchor = _ordinal(agg.day)
            if (when is None and anchor is None) or (
                    when is not None and anchor is not None and abs(when - anchor) <= self.window):
                return agg
        return None

    def evict(self, before: str) -> list[dict[str, Any]]:
        """Drop from memory the aggregated events whose last day is before ``before`` (ISO date)
        and return their rows. A mention only joins an event within the window of its anchor day,
        so on a large store memory need only hold the last few days; mentions re-added for an
        evicted event are recognised by ``event_of`` and change nothing."""
        gone = [agg for agg in self.events.values() if agg.last_day is not None and agg.last_day < before]
        for agg in gone:
            del self.events[agg.id]
        for key in [k for k, ids in self._by_key.items() if any(i not in self.events for i in ids)]:
            kept = [i for i in self._by_key[key] if i in self.events]
            if kept:
                self._by_key[key] = kept
            else:
                del self._by_key[key]
        return [agg.to_row() for agg in gone]

    # -- persistence -----------------------------------------------------------------------------
    def rows(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """One plain dict per aggregated event (with its mentions), enough for :meth:`from_rows`;
        all of them, or those of ``ids``."""
        rows = []
        for agg in self.events.values() if ids is None else (self.events[i] for i in ids):
            row = agg.to_row()
            row.update(cameo_counts=dict(agg.cameo), scores=list(agg.scores), modes=dict(agg.modes),
                       places=dict(agg.places), action_places=dict(agg.action_places))
            rows.append(row)
        return rows

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], window_days: int = WINDOW_DAYS) -> EventAggregator:
        index = cls(window_days)
        for row in rows:
            agg = AggregatedEvent(row["id"], row["type"], row["negated"], row["day"], row["actors"], row["recipients"],
                                  Counter(row.get("cameo_counts") or {}), row.get("quad_class"),
                                  list(row.get("scores") or ()), Counter(row.get("modes") or {}),
                                  Counter(row.get("places") or {}), Counter(row.get("action_places") or {}),
                                  [Mention(**m) for m in row["mentions"]], row.get("last_day"), row.get("anchor", ""))
            key = (agg.type, agg.negated, frozenset(a["key"] for a in agg.actors),
                   frozenset(r["key"] for r in agg.recipients), agg.anchor)
            index.events[agg.id] = agg
            index._by_key.setdefault(key, []).append(agg.id)
            for m in agg.mentions:
                index.event_of[(m.article_id, m.event_id)] = agg.id
        return index


def event_key(ev: Event, node_of: Callable[[str | None], str | None], group: str) -> tuple:
    """What two mentions of one aggregated event share: type, polarity, the participant keys of
    actors and recipients, and the anchor. Mentions with different keys never meet, so the key
    can also partition the aggregation (``newsgraph.scale.graph`` runs one aggregator per part)."""
    def keys(people: list[Participant]) -> frozenset[str]:
        return frozenset(participant_key(p, node_of(p.entity_id) if p.entity_id else None) for p in people)

    # with no participant, "a meeting" here and "a meeting" there are only the same event at the
    # same place, or (placeless) in copies of the same article
    if ev.actors or ev.recipients:
        anchor = ""
    else:
        anchor = f"place:{node_of(ev.place) or ev.place}" if ev.place else f"copy:{group}"
    return ev.type, ev.negated, keys(ev.actors), keys(ev.recipients), anchor


def action_place(article: Article, ev: Event) -> str | None:
    """The entity id of where ``ev`` happened: its own place, else the place mention of its
    sentence nearest to its trigger, else (body events only) the dateline's place entity."""
    if ev.place:
        return ev.place
    places = {e.id: e for e in article.entities if e.type in PLACE_LABELS}
    near = [m for m in article.mentions if m.zone == ev.zone and m.entity_id in places
            and ev.sentence.start <= m.start < ev.sentence.end]
    if near:
        return min(near, key=lambda m: (abs(m.start - ev.trigger.start), m.start)).entity_id
    dateline = article.dateline.place if article.dateline and ev.zone == "text" else None
    if dateline:
        key = name_key(dateline)
        return next((e.id for e in places.values() if key in {name_key(n) for n in (e.name, *e.aliases)}), None)
    return None


def _event_id(key: tuple, day: str | None) -> str:
    etype, negated, actors, recipients, anchor = key
    return content_id(etype, str(negated), ",".join(sorted(actors)), ",".join(sorted(recipients)), anchor,
                      day or "", prefix="g", length=15)
