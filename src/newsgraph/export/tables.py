"""CSV: one file per record type in a directory, each with a header row.

``articles.csv``, ``authors.csv``, ``quotes.csv``, ``mentions.csv``, ``events.csv`` and
``event_participants.csv`` hold what each article says (one row per record, keyed by
``article_id``), as do ``counts.csv``, ``amounts.csv`` and ``themes.csv`` (the GKG fields);
``entities.csv`` (canonical nodes), ``article_entities.csv`` (the per-article
entities with their node), ``duplicate_groups.csv``, ``stories.csv`` and ``aggregated_events.csv``
hold the cross-article graph. Lists inside a cell are joined with ``; ``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from . import as_list, graph_of


def write_csv(articles: Iterable[Article], directory: str | os.PathLike, graph: Any = None) -> int:
    """Write every table into ``directory``; return the number of rows written."""
    articles = as_list(articles)
    graph = graph_of(articles, graph)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "articles": _articles(articles, graph),
        "authors": ({"article_id": a.id, "position": i, "name": n} for a in articles for i, n in enumerate(a.authors)),
        "mentions": ({"article_id": a.id, "position": i, "start": m.start, "end": m.end, "text": m.text,
                      "label": m.label, "entity_id": m.entity_id, "zone": m.zone}
                     for a in articles for i, m in enumerate(a.mentions)),
        "quotes": _quotes(articles, graph),
        "events": _events(articles, graph),
        "event_participants": _participants(articles, graph),
        "counts": _counts(articles, graph),
        "amounts": ({"article_id": a.id, "position": i, "value": m.value, "object": m.object,
                     "sentence_start": m.sentence.start, "zone": m.zone}
                    for a in articles for i, m in enumerate(a.amounts)),
        "themes": ({"article_id": a.id, "position": i, "theme": t} for a in articles for i, t in enumerate(a.themes)),
        "article_entities": _article_entities(articles, graph),
        "entities": ({**row, "kb": json.dumps(row["kb"], ensure_ascii=False), "aliases": "; ".join(row["aliases"])}
                     for row in (n.to_row() for n in graph.entities.nodes.values())),
        "duplicate_groups": ({"group_id": g.id, "representative_id": g.representative, "article_id": m,
                              "similarity": g.similarity.get(m)}
                             for g in graph.duplicates.groups.values() for m in g.members),
        "stories": _stories(graph),
        "aggregated_events": _aggregated(graph),
    }
    return sum(_write(folder / f"{name}.csv", rows) for name, rows in tables.items())


def _write(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
            count += 1
    return count


def _articles(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        yield {"id": a.id, "url": a.url, "canonical_url": a.canonical_url, "source": a.source, "language": a.language,
               "title": a.title, "declared_title": a.declared_title, "authors": "; ".join(a.authors),
               "published": a.published, "modified": a.modified,
               "dateline_place": a.dateline.place if a.dateline else None, "tone": a.tone,
               "tags": "; ".join(a.tags), "duplicate_group": graph.duplicates.group_of.get(a.id),
               "story_id": graph.stories.story_of.get(a.id), "text": a.text}


def _quotes(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        for i, q in enumerate(a.quotes):
            speaker = q.speaker.entity_id if q.speaker else None
            yield {"article_id": a.id, "position": i, "start": q.start, "end": q.end, "text": q.text,
                   "speaker": q.speaker.text if q.speaker else None, "speaker_entity_id": speaker,
                   "speaker_node_id": graph.entities.node_of(a.id, speaker) if speaker else None,
                   "cue": q.cue, "kind": q.kind, "channel": q.channel, "zone": q.zone}


def _events(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        for ev in a.events:
            yield {"article_id": a.id, "event_id": ev.id, "aggregated_event_id": graph.events.event_of.get((a.id, ev.id)),
                   "type": ev.type, "mode": ev.mode, "cameo": ev.cameo, "quad_class": ev.quad_class,
                   "score": ev.score, "goldstein": ev.goldstein,
                   "place_node_id": graph.entities.node_of(a.id, ev.place) if ev.place else None,
                   "date": ev.date.value if ev.date else None, "date_precision": ev.date.precision if ev.date else None,
                   "negated": int(ev.negated), "hypothetical": int(ev.hypothetical), "future": int(ev.future),
                   "confidence": ev.confidence, "trigger": ev.trigger.text, "sentence": ev.sentence.text.strip()}


def _participants(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        for ev in a.events:
            for role, people in (("actor", ev.actors), ("recipient", ev.recipients)):
                for i, p in enumerate(people):
                    yield {"article_id": a.id, "event_id": ev.id, "role": role, "position": i, "text": p.text,
                           "entity_id": p.entity_id, "node_id": graph.entities.node_of(a.id, p.entity_id),
                           "country": p.country, "sector": p.sector, "code": p.code}


def _counts(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        for i, c in enumerate(a.counts):
            yield {"article_id": a.id, "position": i, "kind": c.kind, "number": c.number, "object": c.object,
                   "place_node_id": graph.entities.node_of(a.id, c.place) if c.place else None,
                   "sentence_start": c.sentence.start, "zone": c.zone}


def _article_entities(articles: list[Article], graph: Any) -> Iterator[dict[str, Any]]:
    for a in articles:
        for e in a.entities:
            yield {"article_id": a.id, "entity_id": e.id, "node_id": graph.entities.node_of(a.id, e.id),
                   "name": e.name, "type": e.type, "country": e.country, "sector": e.sector,
                   "wikidata": e.kb.get("wikidata"), "mentions": e.mentions}


def _stories(graph: Any) -> Iterator[dict[str, Any]]:
    for s in graph.stories.stories.values():
        row = s.to_row()
        yield {k: row[k] for k in ("id", "title", "first_seen", "last_seen", "num_articles", "num_sources")} | {
            "articles": "; ".join(row["articles"]), "sources": "; ".join(row["sources"])}


def _aggregated(graph: Any) -> Iterator[dict[str, Any]]:
    for agg in graph.events.events.values():
        row = agg.to_row()
        row["actors"] = "; ".join(p["name"] or "" for p in agg.actors)
        row["recipients"] = "; ".join(p["name"] or "" for p in agg.recipients)
        row["mentions"] = "; ".join(f"{m.article_id}/{m.event_id}" for m in agg.mentions)
        yield row
