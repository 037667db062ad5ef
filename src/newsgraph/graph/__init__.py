"""Across articles: the same entity, the same text, the same story, the same event.

Each index is pure Python state fed article by article (batch after batch, as an ingest goes) and
persisted as plain rows; none of them reads the store, and each new article costs dictionary and
inverted-index lookups, never a pass over every stored article.

* :class:`~.entities.EntityIndex` — canonical nodes and the (article id, entity id) → node mapping;
* :class:`~.duplicates.DuplicateIndex` — near-duplicate groups (MinHash/LSH, Jaccard ≥ 0.8);
* :class:`~.stories.StoryIndex` — stories (shared entities + time window + TF-IDF cosine);
* :class:`~.events.EventAggregator` — GDELT-style aggregated events.

:class:`Graph` runs the four in the order they depend on each other (entities first: stories and
events compare canonical nodes; duplicates before events: copies are counted once).

Wiring into a store: keep one ``Graph`` in the single writer; for each batch of new Articles call
``batch = graph.add(articles)`` inside the batch's transaction and write what it returns
(``batch.nodes`` → entities.graph_id, ``batch.merged_nodes`` → re-point old node ids,
``batch.duplicate_group``, ``batch.story``, ``batch.events``) plus the rows of the nodes, groups,
stories and aggregated events it touched. ``graph.rows()`` / ``Graph.from_rows()`` persist and
restore the whole state; ``graph.stories.evict(day)`` and ``graph.events.evict(day)`` bound memory
on a large store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..article import Article
from .duplicates import DuplicateIndex
from .entities import BatchResult, EntityIndex
from .events import EventAggregator, source_of
from .stories import StoryIndex

__all__ = ["DuplicateIndex", "EntityIndex", "EventAggregator", "Graph", "GraphBatch", "StoryIndex"]


@dataclass
class GraphBatch:
    """What one :meth:`Graph.add` call assigned, keyed by article id."""

    nodes: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, entity) → node
    merged_nodes: dict[str, str] = field(default_factory=dict)  # node absorbed → node kept
    duplicate_group: dict[str, str] = field(default_factory=dict)  # article → group (copies only)
    story: dict[str, str] = field(default_factory=dict)  # article → story
    events: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, event) → aggregated


class Graph:
    """The four cross-article indexes together."""

    def __init__(self, entities: EntityIndex | None = None, duplicates: DuplicateIndex | None = None,
                 stories: StoryIndex | None = None, events: EventAggregator | None = None) -> None:
        self.entities = entities or EntityIndex()
        self.duplicates = duplicates or DuplicateIndex()
        self.stories = stories or StoryIndex()
        self.events = events or EventAggregator()

    def add(self, articles: Iterable[Article]) -> GraphBatch:
        batch = GraphBatch()
        for article in articles:
            self._add(article, batch)
        return batch

    def _add(self, article: Article, batch: GraphBatch) -> None:
        result = BatchResult()
        local = self.entities.add_article(article, result)
        batch.nodes.update(result.mapping)
        batch.merged_nodes.update(result.merged)
        group = self.duplicates.add(article)
        if group:
            batch.duplicate_group[article.id] = group
            for member in self.duplicates.groups[group].members:
                batch.duplicate_group[member] = group
        # the article's outlet is in its own entities ("Reuters"): it says nothing about the story
        outlet = source_of(article)
        nodes = {n for e, n in local.items() if not outlet or self.entities.nodes[n].name != outlet}
        batch.story[article.id] = self.stories.add(article, nodes, outlet)
        aggregated = self.events.add(article, node_of=lambda eid: local.get(eid or ""),
                                     names=lambda n: self.entities.nodes[n].name if n in self.entities.nodes else None,
                                     group=self.duplicates.group_key(article.id))
        for event, agg in zip(article.events, aggregated, strict=True):
            batch.events[(article.id, event.id)] = agg

    def rows(self) -> dict[str, Any]:
        return {"entities": self.entities.rows(), "duplicates": self.duplicates.rows(),
                "stories": self.stories.rows(), "events": self.events.rows()}

    @classmethod
    def from_rows(cls, rows: dict[str, Any]) -> Graph:
        return cls(EntityIndex.from_rows(rows.get("entities", {})), DuplicateIndex.from_rows(rows.get("duplicates", {})),
                   StoryIndex.from_rows(rows.get("stories", {})), EventAggregator.from_rows(rows.get("events", [])))


def build(articles: Iterable[Article]) -> Graph:
    """A Graph over ``articles`` (a convenience for exports and tests)."""
    graph = Graph()
    graph.add(articles)
    return graph
