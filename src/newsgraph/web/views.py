"""What each page shows, as plain data: the HTML pages render it and the JSON API returns it.

Functions take a read-only connection and return dicts (``None`` for an unknown id, which the
routes turn into a 404).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..article import Article
from ..store import queries as store_queries
from . import highlight, queries
from . import network as graph
from .cooccurrence import Incidence


def article(conn: sqlite3.Connection, article_id: str, with_html: bool = False) -> dict[str, Any] | None:
    row = queries.article_row(conn, article_id)
    if row is None:
        return None
    art = Article.from_dict(json.loads(row[0]))
    graph_ids = queries.article_graph_ids(conn, art.id)
    data = art.to_dict()
    data["graph_ids"] = graph_ids
    data["copies"] = queries.copies(conn, art.id)
    names = {e.id: e.name for e in art.entities}
    for ev in data["events"]:
        for p in ev["actors"] + ev["recipients"]:
            p["graph_id"] = graph_ids.get(p.get("entity_id") or "")
            p["name"] = names.get(p.get("entity_id") or "", p["text"])
        ev["place_name"] = names.get(ev.get("place") or "")
    for q in data["quotes"]:
        speaker = q.get("speaker") or {}
        q["speaker_graph_id"] = graph_ids.get(speaker.get("entity_id") or "")
        q["speaker_name"] = names.get(speaker.get("entity_id") or "", speaker.get("text"))
    if with_html:
        data["body_html"] = highlight.render(art.text, highlight.marks(art, graph_ids))
    return data


def entity(conn: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    node = store_queries.entity(conn, key)
    if node is None:
        return None
    node["chart"] = ([{"period": c["month"], "count": c["articles"]} for c in node["counts"]]
                     if len(node["counts"]) >= 3 else queries.entity_days(conn, node["id"]))
    node["chart_interval"] = "month" if len(node["counts"]) >= 3 else "day"
    months = [c["period"] for c in node["chart"]] if node["chart_interval"] == "month" else []
    if months and int(months[-1][:4]) - int(months[0][:4]) > 10:  # a bar per month would be a pixel wide
        years: dict[str, int] = {}
        for c in node["chart"]:
            years[c["period"][:4]] = years.get(c["period"][:4], 0) + c["count"]
        node["chart"] = [{"period": y, "count": n} for y, n in years.items()]
        node["chart_interval"] = "year"
    node["as_actor"] = store_queries.events(conn, actor_ids=[node["id"]], limit=20)
    node["as_recipient"] = store_queries.events(conn, recipient_ids=[node["id"]], limit=20)
    return node


def network(conn: sqlite3.Connection, entity: str | None = None, since: str | None = None,
            until: str | None = None, types: list[str] | None = None, kind: str | None = None,
            limit: int = 150, window: int = 500, incidence: Incidence | None = None) -> dict[str, Any]:
    """The actor graph over the ``window`` most recent articles, restricted to entity ``types``
    and edge ``kind`` when given, its pairs counted from ``incidence`` when the app has built it
    (see :mod:`newsgraph.web.network`)."""
    return graph.network(conn, entity, since, until, limit, window, types, kind, incidence)
