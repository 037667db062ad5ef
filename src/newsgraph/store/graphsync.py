"""Keeps the store's cross-article tables in step with one :class:`newsgraph.graph.Graph`.

:class:`GraphSync` is a writer hook (``Writer.hooks``): for each batch, inside the batch's
transaction, it feeds the newly stored Articles to the Graph and writes what the Graph decided —
near-duplicate groups, stories and aggregated events (``graph_events`` with their mentions,
participants, ``num_mentions``, ``num_sources``, ``num_articles``, first and last seen) — plus the
Graph's own state (``graph_state``, only the parts the batch changed), so a later ingest run
continues where this one stopped. Everything commits, or rolls back, with the batch.

Canonical entities: the graph decides, the store persists. The writer places each entity by the
graph's own rule (``graph.entities.choose_node``, answered from the store's tables), so both name
the same node (``sha256("kb"|scheme|value)`` or ``sha256("name"|type|name key|country)``, 16 hex
digits) and every query, view and count built on ``entities.graph_id`` agrees with the graph. How
many entities the graph still files differently is counted in ``graph_state`` (``meta``/
``entities_differ``), as a check: none should, on a store filled by this writer.

A rollback anywhere in the batch leaves the in-memory Graph ahead of the store: a generation
number stored with the state tells the next batch to reload it from the store first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from ..article import Article
from ..graph import Graph, GraphBatch
from .writer import article_day

#: Stories and aggregated events kept in memory before the oldest are evicted (their rows stay).
MAX_LIVE = 20_000
#: How far behind the newest day an evicted story or event may be (its windows are 3 and 1 days).
HORIZON_DAYS = 30



#: an upsert that keeps the row's rowid, so state reloads in the order it was first written (the
#: order the in-memory indexes met their nodes, stories and events in)
_PUT = ("INSERT INTO graph_state(kind, key, day, json) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, key) DO UPDATE SET day = excluded.day, json = excluded.json")


class GraphSync:
    """A :data:`~newsgraph.store.writer.BatchHook` that owns the store's one Graph."""

    def __init__(self) -> None:
        self.graph: Graph | None = None
        self.generation = -1
        self.newest_day = ""

    def __call__(self, conn: sqlite3.Connection, articles: list[Article]) -> None:
        if not articles:  # a batch of errors or of articles stored already: nothing to add
            return
        row = conn.execute("SELECT json FROM graph_state WHERE kind = 'meta' AND key = 'generation'").fetchone()
        stored = int(row[0]) if row else 0
        if self.graph is None or stored != self.generation:
            self._load(conn, {a.id for a in articles}, stored)
        self._apply(conn, articles)
        self.generation += 1
        conn.execute(_PUT, ("meta", "generation", None, str(self.generation)))

    # -- state ----------------------------------------------------------------------------------
    def _load(self, conn: sqlite3.Connection, new: set[str], generation: int) -> None:
        self.graph = load_graph(conn)
        self.generation = generation
        self.newest_day = conn.execute("SELECT coalesce(max(day), '') FROM articles").fetchone()[0]
        if generation == 0:  # a store filled before the graph was wired in: feed it what it holds
            for chunk in _chunks(_stored_articles(conn, new), 256):
                self._apply(conn, chunk)

    def _apply(self, conn: sqlite3.Connection, articles: list[Article]) -> None:
        graph = self.graph
        assert graph is not None
        batch = graph.add(articles)
        nodes = self._sync_entities(conn, articles, batch)
        self._write_duplicates(conn, batch)
        self._write_stories(conn, batch)
        self._write_events(conn, batch)
        save_state(conn, graph, batch, nodes, articles)
        days = [d for d in (article_day(a) for a in articles) if d]
        self.newest_day = max([self.newest_day, *days])
        self._evict(conn)

    def _evict(self, conn: sqlite3.Connection) -> None:
        graph = self.graph
        assert graph is not None
        if len(graph.stories.stories) <= MAX_LIVE and len(graph.events.events) <= MAX_LIVE:
            return
        from datetime import date, timedelta

        try:
            cutoff = (date.fromisoformat(self.newest_day) - timedelta(days=HORIZON_DAYS)).isoformat()
        except ValueError:
            return
        graph.stories.evict(cutoff)
        graph.events.evict(cutoff)
        conn.execute(_PUT, ("meta", "evicted_before", None, json.dumps(cutoff)))

    # -- canonical entities ---------------------------------------------------------------------
    def _sync_entities(self, conn: sqlite3.Connection, articles: list[Article], batch: GraphBatch) -> set[str]:
        """Count the entities the Graph files under another node than the writer did (none should:
        both apply ``graph.entities.choose_node``); return the live Graph nodes the batch touched
        (their state rows are rewritten)."""
        graph = self.graph
        assert graph is not None
        resolve = graph.entities.resolve
        want = {key: resolve(nid) for key, nid in batch.nodes.items()}
        ids = json.dumps([a.id for a in articles])
        stored = conn.execute("SELECT article_id, id, graph_id FROM entities "
                              "WHERE article_id IN (SELECT value FROM json_each(?))", (ids,))
        differ = sum((aid, eid) in want and want[(aid, eid)] != gid for aid, eid, gid in stored)
        if differ:
            row = conn.execute("SELECT json FROM graph_state WHERE kind = 'meta' AND key = 'entities_differ'").fetchone()
            conn.execute(_PUT, ("meta", "entities_differ", None, str(differ + (int(row[0]) if row else 0))))
        return set(want.values()) | {resolve(kept) for kept in batch.merged_nodes.values()}

    # -- near-duplicates, stories, aggregated events --------------------------------------------
    def _write_duplicates(self, conn: sqlite3.Connection, batch: GraphBatch) -> None:
        groups = self.graph.duplicates.groups  # type: ignore[union-attr]
        for gid in set(batch.duplicate_group.values()):
            group = groups[gid]
            conn.execute("INSERT INTO duplicate_groups VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                         "representative_id = excluded.representative_id, size = excluded.size",
                         (gid, group.representative, len(group.members)))
            conn.executemany("INSERT OR REPLACE INTO duplicate_members VALUES (?, ?, ?)",
                             [(gid, m, group.similarity.get(m)) for m in group.members])

    def _write_stories(self, conn: sqlite3.Connection, batch: GraphBatch) -> None:
        stories = self.graph.stories.stories  # type: ignore[union-attr]
        for sid in set(batch.story.values()):
            row = stories[sid].to_row()
            # an upsert, never REPLACE: that would delete the row and cascade to its story_articles
            conn.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                         "title = excluded.title, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                         "num_articles = excluded.num_articles, num_sources = excluded.num_sources",
                         (sid, row["title"], row["first_seen"], row["last_seen"], row["num_articles"],
                          row["num_sources"]))
        conn.executemany("INSERT OR IGNORE INTO story_articles VALUES (?, ?)",
                         [(sid, aid) for aid, sid in batch.story.items()])

    def _write_events(self, conn: sqlite3.Connection, batch: GraphBatch) -> None:
        events = self.graph.events.events  # type: ignore[union-attr]
        touched = sorted(set(batch.events.values()))
        conn.executemany(
            "INSERT INTO graph_events(id, type, cameo, quad_class, day, num_mentions, num_sources, num_articles, "
            "first_seen, last_seen, goldstein, avg_tone) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET cameo = excluded.cameo, "
            "quad_class = excluded.quad_class, num_mentions = excluded.num_mentions, "
            "num_sources = excluded.num_sources, num_articles = excluded.num_articles, "
            "first_seen = excluded.first_seen, last_seen = excluded.last_seen, goldstein = excluded.goldstein, "
            "avg_tone = excluded.avg_tone",
            [(eid, agg.type, agg.cameo_code, agg.quad_class, agg.day, agg.num_mentions, agg.num_sources,
              agg.num_articles, agg.first_seen, agg.last_seen, agg.goldstein, agg.avg_tone)
             for eid in touched for agg in (events[eid],)])
        conn.executemany("INSERT OR REPLACE INTO graph_event_mentions VALUES (?, ?, ?)",
                         [(agg, aid, ev) for (aid, ev), agg in batch.events.items()])
        # participants and place: the store's nodes of the mentions
        conn.executemany(
            "INSERT OR IGNORE INTO graph_event_participants SELECT ?, role, graph_id FROM event_participants "
            "WHERE article_id = ? AND event_id = ? AND graph_id IS NOT NULL",
            [(agg, aid, ev) for (aid, ev), agg in batch.events.items()])
        conn.executemany(
            "UPDATE graph_events SET place_graph_id = (SELECT ev.place_graph_id FROM graph_event_mentions m "
            "JOIN events ev ON ev.article_id = m.article_id AND ev.id = m.event_id "
            "WHERE m.graph_event_id = ?1 AND ev.place_graph_id IS NOT NULL GROUP BY ev.place_graph_id "
            "ORDER BY count(*) DESC, ev.place_graph_id LIMIT 1) WHERE id = ?1", [(eid,) for eid in touched])
        # ActionGeo: the place above, else the mentions' most cited sentence or dateline place
        conn.executemany(
            "UPDATE graph_events SET action_place_graph_id = coalesce(place_graph_id, ("
            "SELECT ev.action_place_graph_id FROM graph_event_mentions m "
            "JOIN events ev ON ev.article_id = m.article_id AND ev.id = m.event_id "
            "WHERE m.graph_event_id = ?1 AND ev.action_place_graph_id IS NOT NULL GROUP BY ev.action_place_graph_id "
            "ORDER BY count(*) DESC, ev.action_place_graph_id LIMIT 1)) WHERE id = ?1", [(eid,) for eid in touched])


# -- persistence of the Graph itself ----------------------------------------------------------------
def save_state(conn: sqlite3.Connection, graph: Graph, batch: GraphBatch, nodes: set[str],
               articles: list[Article]) -> None:
    """Write the parts of the Graph's state this batch changed (never the whole state)."""
    put = _PUT
    dump = _dump
    conn.executemany(put, [("node", nid, None, dump(graph.entities.nodes[nid].to_row())) for nid in nodes])
    gone = [nid for nid in batch.merged_nodes]
    conn.executemany("DELETE FROM graph_state WHERE kind = 'node' AND key = ?", [(nid,) for nid in gone])
    conn.executemany(put, [("redirect", nid, None, dump(graph.entities.resolve(nid))) for nid in gone])
    dup = graph.duplicates
    conn.executemany(put, [
        ("sig", a.id, None, dump({"published": dup._published.get(a.id) or None,
                                  "signature": dup.signatures[a.id].astype("<u4").tobytes().hex()}))
        for a in articles if a.id in dup.signatures])
    conn.executemany(put, [("dgroup", gid, None, dump(dup.groups[gid].to_row()))
                           for gid in set(batch.duplicate_group.values())])
    stories = graph.stories
    story_rows = [stories.stories[sid].to_row() for sid in set(batch.story.values())]
    conn.executemany(put, [("story", r["id"], r["last_seen"], dump(r)) for r in story_rows])
    conn.execute(put, ("meta", "df", None, dump({"df": dict(stories.df), "docs": stories.docs})))
    events = graph.events
    ids = set(batch.events.values())
    conn.executemany(put, [("event", row["id"], row["last_day"], dump(row)) for row in events.rows(ids)])


def load_graph(conn: sqlite3.Connection) -> Graph:
    """The Graph as the last committed batch left it (stories and events evicted then stay out)."""
    state: dict[str, list[dict[str, Any]]] = {}
    meta = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT key, json FROM graph_state WHERE kind = 'meta'")}
    cutoff = meta.get("evicted_before") or ""
    for kind, key, raw in conn.execute(
            "SELECT kind, key, json FROM graph_state WHERE kind != 'meta' AND (day IS NULL OR day >= ?) "
            "ORDER BY rowid", (cutoff,)):
        value = json.loads(raw)
        if kind == "redirect":
            value = {"from": key, "to": value}
        elif kind == "sig":
            value = {"article_id": key, **value}
        state.setdefault(kind, []).append(value)
    df = meta.get("df") or {}
    rows = {"entities": {"nodes": state.get("node", []), "redirects": state.get("redirect", [])},
            "duplicates": {"signatures": state.get("sig", []), "groups": state.get("dgroup", [])},
            "stories": {"stories": state.get("story", []), "df": df.get("df", {}), "docs": df.get("docs", 0)},
            "events": state.get("event", [])}
    return Graph.from_rows(rows)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stored_articles(conn: sqlite3.Connection, skip: set[str]) -> Iterator[Article]:
    for aid, raw in conn.execute("SELECT id, json FROM articles ORDER BY pk").fetchall():
        if aid not in skip:
            yield Article.from_dict(json.loads(raw))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
