"""PLOVER JSON: aggregated events in the PLOVER / POLECAT record layout, as far as our data goes.

One JSON object per aggregated event, in a JSON array (or one a line with ``lines=True``). Field
names follow POLECAT's event records: ``event_type`` (PLOVER), ``event_mode``, ``event_intensity``
(our Goldstein-style score), ``quad_code``, ``contexts`` (we code none, so always empty), the actor
and the recipient (name, ISO alpha-3 country, sector, Wikidata id), the location (place name,
country, coordinates, GeoNames id), ``event_date``, the source text (the reporting sentence)
and provenance: every mention with its article, outlet, URL and sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..article import Article
from . import Target, as_list, graph_of, open_text

PLOVER_VERSION = "0.5b1"  # the event-type names our event layer codes


def write_plover(articles: Iterable[Article], out: Target, graph: Any = None, lines: bool = False) -> int:
    articles = as_list(articles)
    graph = graph_of(articles, graph)
    records = [plover_record(agg, graph) for agg in graph.events.events.values()]
    with open_text(out) as handle:
        if lines:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            json.dump(records, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    return len(records)


def plover_record(agg: Any, graph: Any) -> dict[str, Any]:
    first = agg.mentions[0] if agg.mentions else None
    return {
        "event_id": agg.id,
        "event_date": agg.day,
        "event_type": agg.type,
        "event_mode": agg.mode or "",
        "event_intensity": agg.goldstein,
        "quad_code": agg.quad_class,
        "cameo_code": agg.cameo_code,
        "contexts": [],
        "negated": agg.negated,
        "actors": [_participant(p, graph) for p in agg.actors],
        "recipients": [_participant(p, graph) for p in agg.recipients],
        **_flat("actor", agg.actors, graph),
        **_flat("recipient", agg.recipients, graph),
        "location": _location(agg.place, graph),
        "event_text": first.sentence if first else "",
        "source": first.source if first else None,
        "publication_date": agg.first_seen,
        "num_mentions": agg.num_mentions,
        "num_sources": agg.num_sources,
        "num_articles": agg.num_articles,
        "confidence": agg.avg_confidence,
        "mentions": [{"article_id": m.article_id, "event_id": m.event_id, "source": m.source, "url": m.url,
                      "published": m.published, "text": m.sentence} for m in agg.mentions],
        "plover_version": PLOVER_VERSION,
    }


def _participant(p: dict[str, Any], graph: Any) -> dict[str, Any]:
    node = graph.entities.nodes.get(graph.entities.resolve(p["node_id"])) if p.get("node_id") else None
    return {"name": node.name if node else p.get("name"), "name_raw": p.get("name"),
            "country": p.get("country") or (node.country if node else None),
            "sector": p.get("sector") or (node.sector if node else None),
            "wikidata_id": node.kb.get("wikidata") if node else None, "node_id": p.get("node_id")}


def _flat(role: str, people: list[dict[str, Any]], graph: Any) -> dict[str, Any]:
    """POLECAT's flat columns for the first actor or recipient."""
    p = _participant(people[0], graph) if people else {}
    return {f"{role}_name": p.get("name"), f"{role}_country": p.get("country"),
            f"{role}_sector": p.get("sector"), f"{role}_wikidata_id": p.get("wikidata_id")}


def _location(place: str | None, graph: Any) -> dict[str, Any] | None:
    node = graph.entities.nodes.get(graph.entities.resolve(place)) if place else None
    if node is None:
        return None
    return {"placename": node.name, "country": node.country, "latitude": node.lat, "longitude": node.lon,
            "geonames_id": node.kb.get("geonames"), "wikidata_id": node.kb.get("wikidata"), "node_id": node.id}
