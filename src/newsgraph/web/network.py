"""The actor graph for the web pages, planned for an interactive latency budget.

Same meaning as the store's ``network`` query (directed actor → recipient edges from events,
undirected edges between people, organisations and countries named in the same article, weights
in articles, over the ``window`` most recent articles in range, or those citing an entity), but
the article window is fetched first and every join then starts from it through the
``article_id`` prefix of a covering index; co-occurring pairs are counted among the window's most
cited entities only, which bounds the work per article, from the app's in-memory index of the
entities each article names (:mod:`.cooccurrence`) once it is built, in SQL and Python before.
Equal days, counts and weights are ordered by id, so a store's answer is the same every time.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from itertools import chain, combinations, groupby
from operator import itemgetter
from typing import Any

from ..store.queries import day_range, resolve, rows
from .cooccurrence import Incidence

#: what the network shows unless asked: nationality adjectives ("American", "Russian") are named
#: with everything and would be the hubs of every graph, so NORP is opt-in
DEFAULT_TYPES = ("PERSON", "ORG", "GPE")


def window_articles(conn: sqlite3.Connection, entity: str | None, since: str | None, until: str | None,
                    window: int) -> list[str]:
    bounds, params = day_range("day", since, until)
    where = ["day IS NOT NULL", *bounds]
    if entity:
        ids = resolve(conn, entity)
        if not ids:
            return []
        sql = (f"SELECT DISTINCT article_id FROM entities WHERE graph_id IN ({','.join('?' * len(ids))}) AND "
               + " AND ".join(where) + " ORDER BY day DESC, article_id DESC LIMIT ?")
        params = ids + params
    else:
        sql = "SELECT id FROM articles WHERE " + " AND ".join(where) + " ORDER BY day DESC, id DESC LIMIT ?"
    return [r[0] for r in conn.execute(sql, (*params, window))]


def network(conn: sqlite3.Connection, entity: str | None = None, since: str | None = None, until: str | None = None,
            limit: int = 150, window: int = 500, types: list[str] | None = None,
            kind: str | None = None, incidence: Incidence | None = None) -> dict[str, Any]:
    articles = window_articles(conn, entity, since, until, window)
    wanted = tuple(t.upper() for t in types) if types else DEFAULT_TYPES
    batch = json.dumps(articles)
    edges: list[dict[str, Any]] = []
    if kind in (None, "", "event"):
        edges += rows(conn.execute(
            "SELECT a.graph_id AS source, r.graph_id AS target, 'event' AS kind, count(DISTINCT a.article_id) AS weight "
            "FROM json_each(?) j CROSS JOIN event_participants a ON a.article_id = j.value AND a.role = 'actor' "
            "CROSS JOIN event_participants r INDEXED BY event_participants_article_graph "
            "ON r.article_id = a.article_id AND r.event_id = a.event_id "
            "AND r.role = 'recipient' WHERE a.graph_id IS NOT NULL AND r.graph_id IS NOT NULL "
            "AND a.graph_id != r.graph_id GROUP BY 1, 2 ORDER BY weight DESC, source, target LIMIT ?", (batch, limit)))
    if kind in (None, "", "co-occurrence"):
        edges += incidence.pairs(articles, wanted, limit) if incidence else _co_occurrence(conn, batch, wanted, limit)
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = rows(conn.execute(
        "SELECT id, name, type, country, article_count FROM graph_entities WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),)))
    keep = {n["id"] for n in nodes if n["type"] in wanted}
    edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in nodes if n["id"] in linked]
    focus = resolve(conn, entity)[:1] if entity else []
    return {"nodes": nodes, "edges": edges, "articles": len(articles), "window": window, "types": list(wanted),
            "focus": focus[0] if focus else None}


def _co_occurrence(conn: sqlite3.Connection, batch: str, types: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
    # the (article, entity) pairs come from the covering index entities(article_id, graph_id) alone,
    # not from ~30 wide entity rows per article, an article's rows one after the other (CROSS JOIN
    # fixes the loop order: window article outside); the type tested is the canonical entity's (the
    # one the nodes are filtered by), looked up once per distinct entity
    plain = conn.cursor()
    plain.row_factory = None  # ~15,000 rows: tuples, not sqlite3.Row objects
    cited = plain.execute("SELECT e.article_id, e.graph_id FROM json_each(?) j CROSS JOIN entities e "
                          "ON e.article_id = j.value WHERE e.graph_id IS NOT NULL", (batch,)).fetchall()
    wanted = {r[0] for r in conn.execute(
        f"SELECT id FROM graph_entities WHERE id IN (SELECT value FROM json_each(?)) "
        f"AND type IN ({','.join('?' * len(types))})", (json.dumps(sorted({g for _, g in cited})), *types))}
    per_article = [{g for _, g in found} & wanted for _, found in groupby(cited, key=itemgetter(0))]
    frequency = Counter(chain.from_iterable(per_article))
    # pairs among the most cited only (bounded work); equal counts in id order, so the cut is the same every run
    top = {g for g, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]}
    pairs = Counter(chain.from_iterable(combinations(sorted(found & top), 2) for found in per_article))
    heaviest = sorted(pairs.items(), key=lambda pw: (-pw[1], pw[0]))[:limit]  # equal weights in id order
    return [{"source": a, "target": b, "kind": "co-occurrence", "weight": w} for (a, b), w in heaviest if w > 1]
