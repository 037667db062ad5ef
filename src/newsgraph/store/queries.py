"""Read queries over the store; each one backs a CLI command and a ``Store`` method.

Every query is driven by an index (see ``schema.py``) so it answers in milliseconds on 100,000
articles. Where an exact answer would need to touch every article of a very frequent entity (its
co-occurring entities, the co-occurrence network) the query looks at the most recent ``window``
articles only and says so in its result.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from .. import validate
from ..errors import ConfigError
from ..knowledge.normalize import name_key

_ENTITY_COLUMNS = ("id, name, type, country, sector, wikidata, article_count, mention_count, "
                   "first_seen, last_seen")
_BUCKETS = {
    "day": "{col}",
    "week": "date({col}, '-6 days', 'weekday 1')",  # the Monday of the ISO week
    "month": "substr({col}, 1, 7)",
    "year": "substr({col}, 1, 4)",
}


def rows(cursor: Iterable[sqlite3.Row]) -> list[dict[str, Any]]:
    return [dict(row) for row in cursor]


#: What SQLite's errors say when a text is not FTS5 syntax (any other error is raised).
_FTS_SYNTAX = ("fts5", "syntax", "no such column", "unterminated string")


def fts_words(text: str) -> str:
    """``text`` as FTS5 terms: each word quoted, so any pasted text is a valid query."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split()) or '""'


def _fts(conn: sqlite3.Connection, sql: str, text: str, params: tuple, text_last: bool = False) -> list[dict[str, Any]]:
    """Run an FTS5 query (``text`` bound first, or last); text that is not valid FTS5 syntax
    ("U.S.", a stray quote) is searched again as plain words, so users can paste anything."""
    def run(query: str) -> list[dict[str, Any]]:
        return rows(conn.execute(sql, (*params, query) if text_last else (query, *params)))

    text = validate.fts(text) or ""
    try:
        return run(text)
    except sqlite3.OperationalError as exc:
        if not any(sign in str(exc) for sign in _FTS_SYNTAX):
            raise
        if validate.meant_as_syntax(text):  # "Obama AND (": say what is wrong, do not guess
            raise validate.fts_syntax_error(text, str(exc)) from None
        return run(fts_words(text)) if text.split() else []


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Articles matching ``text`` (FTS5 syntax: words, "phrases", OR, NEAR, prefix*), best first,
    each with a snippet of the body around the match; a title hit weighs five times a body hit.

    Ranking runs over the index alone; snippets and article fields are fetched for the page of
    results only (computing them for every match is what makes a common word slow)."""
    ranked = _fts(conn, "SELECT rowid AS pk, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts "
                        "WHERE articles_fts MATCH ? ORDER BY score LIMIT ?", text, (limit,))
    if not ranked:
        return []
    pks = [r["pk"] for r in ranked]
    marks = ",".join("?" * len(pks))
    snippets = {r["pk"]: r["snippet"] for r in _fts(
        conn, f"SELECT rowid AS pk, snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet FROM articles_fts "
              f"WHERE articles_fts MATCH ? AND rowid IN ({marks})", text, tuple(pks))}
    meta = {r["pk"]: r for r in rows(conn.execute(
        f"SELECT pk, id, title, source, day, url FROM articles WHERE pk IN ({marks})", pks))}
    out = []
    for r in ranked:
        hit = meta[r["pk"]]
        out.append({"id": hit["id"], "title": hit["title"], "source": hit["source"], "day": hit["day"],
                    "url": hit["url"], "snippet": snippets.get(r["pk"]), "score": round(r["score"], 3)})
    return out


def articles(conn: sqlite3.Connection, since: str | None = None, until: str | None = None,
             limit: int = 50) -> list[dict[str, Any]]:
    """Articles, newest first, each with how many entities, quotes and events it brought."""
    where, params = day_range("a.day", since, until)
    sql = ("SELECT a.id, a.title, a.source, a.day, "
           "(SELECT count(*) FROM entities WHERE article_id = a.id) AS entities, "
           "(SELECT count(*) FROM quotes WHERE article_id = a.id) AS quotes, "
           "(SELECT count(*) FROM events WHERE article_id = a.id) AS events FROM articles a"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.day DESC, a.pk DESC LIMIT ?")
    return rows(conn.execute(sql, (*params, limit)))


def resolve(conn: sqlite3.Connection, name: str, type: str | None = None) -> list[str]:
    """Graph entity ids a name refers to (an id, the canonical name or any alias), most cited first."""
    if conn.execute("SELECT 1 FROM graph_entities WHERE id = ?", (name,)).fetchone():
        return [name]
    sql = ("SELECT g.id FROM graph_aliases al JOIN graph_entities g ON g.id = al.graph_id "
           "WHERE al.norm = ?1" + (" AND g.type = ?2" if type else "") +
           " GROUP BY g.id ORDER BY g.article_count DESC, g.norm = ?1 DESC, g.mention_count DESC, g.id")
    params: tuple = (name_key(name),) + ((type.upper(),) if type else ())
    return [r[0] for r in conn.execute(sql, params)]


def entities(conn: sqlite3.Connection, type: str | None = None, country: str | None = None,
             name: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Canonical entities, most cited first, filtered by type, country (ISO alpha-3) or name."""
    where, params = [], []
    type, country = validate.entity_type(type), validate.country(country)
    if type:
        where.append("type = ?")
        params.append(type)
    if country:
        where.append("country = ?")
        params.append(country)
    if name:
        ids = resolve(conn, name, type)
        where.append(f"id IN ({','.join('?' * len(ids))})" if ids else "0")
        params += ids
    sql = (f"SELECT {_ENTITY_COLUMNS} FROM graph_entities" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY article_count DESC LIMIT ?")
    return rows(conn.execute(sql, (*params, limit)))


def entity(conn: sqlite3.Connection, name: str, type: str | None = None, window: int = 300) -> dict[str, Any] | None:
    """The profile of the entity ``name`` refers to: aliases, KB ids, article counts per month,
    top co-occurring entities (over its ``window`` most recent articles) and event partners (over
    its ``window`` most recent events), quotes, events and recent articles. Other entities with
    the same name are listed under ``others``."""
    type = validate.entity_type(type)
    ids = resolve(conn, name, type)
    if not ids:
        return None
    gid = ids[0]
    node = dict(conn.execute(f"SELECT {_ENTITY_COLUMNS}, kb, lat, lon FROM graph_entities WHERE id = ?",
                             (gid,)).fetchone())
    node["kb"] = json.loads(node["kb"]) if node["kb"] else {}
    node["aliases"] = rows(conn.execute(
        "SELECT alias, article_count FROM graph_aliases WHERE graph_id = ? ORDER BY article_count DESC, alias",
        (gid,)))
    node["counts"] = rows(conn.execute(
        "SELECT substr(day, 1, 7) AS month, sum(articles) AS articles FROM graph_entity_days "
        "WHERE graph_id = ? GROUP BY month ORDER BY month", (gid,)))
    node["co_occurring"] = rows(conn.execute(
        "WITH recent AS (SELECT article_id FROM entities WHERE graph_id = :g ORDER BY day DESC LIMIT :w) "
        "SELECT g.id, g.name, g.type, count(DISTINCT e.article_id) AS articles "
        "FROM recent r JOIN entities e ON e.article_id = r.article_id JOIN graph_entities g ON g.id = e.graph_id "
        "WHERE e.graph_id != :g GROUP BY g.id ORDER BY articles DESC, g.name LIMIT 10", {"g": gid, "w": window}))
    node["co_occurring_window"] = window
    node["event_partners"] = rows(conn.execute(
        "WITH mine AS (SELECT DISTINCT article_id, event_id FROM event_participants WHERE graph_id = :g "
        "ORDER BY day DESC LIMIT :w) "
        "SELECT g.id, g.name, g.type, count(*) AS events FROM mine m "
        "JOIN event_participants o ON o.article_id = m.article_id AND o.event_id = m.event_id "
        "JOIN graph_entities g ON g.id = o.graph_id "
        "WHERE o.graph_id != :g GROUP BY g.id ORDER BY events DESC, g.name LIMIT 10", {"g": gid, "w": window}))
    node["quotes"] = quotes(conn, speaker_ids=[gid], limit=10)
    node["events"] = events(conn, actor_ids=[gid], limit=10) + events(conn, recipient_ids=[gid], limit=10)
    node["articles"] = rows(conn.execute(
        "SELECT a.id, a.title, a.source, a.day FROM entities e JOIN articles a ON a.id = e.article_id "
        "WHERE e.graph_id = ? ORDER BY e.day DESC LIMIT 10", (gid,)))
    node["others"] = rows(conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM graph_entities WHERE id IN ({','.join('?' * len(ids[1:6]))})",
        ids[1:6])) if len(ids) > 1 else []
    return node


def day_range(column: str, since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """The ``column >= since`` / ``column <= until`` clauses of the bounds given, and their values
    (any form :func:`newsgraph.validate.day` takes; a bad one raises ``ArgumentError``)."""
    since, until = validate.day_range(since, until)
    where, params = [], []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            where.append(f"{column} {op} ?")
            params.append(bound)
    return where, params


def _ids_clause(column: str, ids: list[str]) -> str:
    return f"{column} IN ({','.join('?' * len(ids))})" if ids else "0"


def events(conn: sqlite3.Connection, actor: str | None = None, recipient: str | None = None,
           type: str | None = None, since: str | None = None, until: str | None = None,
           place: str | None = None, limit: int = 50, *, actor_ids: list[str] | None = None,
           recipient_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Events, newest first, filtered by actor, recipient (names or aliases), PLOVER type, day
    range (``since``/``until`` inclusive, YYYY-MM-DD) and place.

    With an actor or recipient the scan starts from that entity's participations in day order
    (index ``event_participants(graph_id, day)``), so a frequent actor costs no more than a rare one."""
    type, (since, until) = validate.event_type(type), validate.day_range(since, until)
    roles = []
    for role, value, ids in (("actor", actor, actor_ids), ("recipient", recipient, recipient_ids)):
        if value is not None or ids is not None:
            roles.append((role, ids if ids is not None else resolve(conn, value or "")))
    if roles and len(roles[0][1]) > 1:
        # one ordered index scan per node (each stops at `limit`), merged: an IN list over
        # several nodes would sort all their participations first
        (role, ids), rest = roles[0], roles[1:]
        merged = [ev for gid in ids[:20] for ev in _events(conn, [(role, [gid]), *rest], type, since, until,
                                                             place, limit)]
        merged.sort(key=lambda ev: ev["day"] or "", reverse=True)
        unique = {(ev["article_id"], ev["id"]): ev for ev in reversed(merged)}  # keeps the first seen
        return sorted(unique.values(), key=lambda ev: ev["day"] or "", reverse=True)[:limit]
    return _events(conn, roles, type, since, until, place, limit)


def events_by_roles(roles: list[tuple[str, list[str]]]) -> tuple[str, str, list[str], list[Any]]:
    """FROM clause, day column, WHERE parts and parameters for events whose participants fill the
    given ``(role, graph ids)``. The first role drives the scan through the participants' index, so a
    frequent actor costs its own events only; further roles are EXISTS tests."""
    where: list[str] = []
    params: list[Any] = []
    if not roles:
        return "events ev", "ev.day", where, params
    (role, ids), rest = roles[0], roles[1:]
    # events_article_type (migration 0010) carries the type and quad class the charts count: left
    # to itself the planner takes the unique key and reads one wide event row per participation
    source = ("event_participants p JOIN events ev INDEXED BY events_article_type "
              "ON ev.article_id = p.article_id AND ev.id = p.event_id")
    where.append(f"{_ids_clause('p.graph_id', ids)} AND p.role = '{role}'")
    params += ids
    for role, ids in rest:
        where.append(f"EXISTS (SELECT 1 FROM event_participants o WHERE o.article_id = ev.article_id "
                     f"AND o.event_id = ev.id AND o.role = '{role}' AND {_ids_clause('o.graph_id', ids)})")
        params += ids
    return source, "p.day", where, params


def _events(conn: sqlite3.Connection, roles: list[tuple[str, list[str]]], type: str | None, since: str | None,
            until: str | None, place: str | None, limit: int) -> list[dict[str, Any]]:
    source, day, where, params = events_by_roles(roles)
    if type:
        where.append("ev.type = ?")
        params.append(type.upper())
    bounds, values = day_range(day, since, until)
    where += bounds
    params += values
    if place:
        ids = resolve(conn, place)
        where.append(_ids_clause("ev.place_graph_id", ids))
        params += ids
    sql = ("SELECT ev.article_id, ev.id, ev.type, ev.cameo, ev.quad_class, ev.day, ev.date, ev.negated, "
           "ev.trigger_text, ev.sentence_text, pg.name AS place, a.title AS article_title, a.source "
           f"FROM {source} JOIN articles a ON a.id = ev.article_id "
           "LEFT JOIN graph_entities pg ON pg.id = ev.place_graph_id"
           + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {day} DESC, ev.article_id, ev.id LIMIT ?")
    found, seen = [], set()
    for ev in rows(conn.execute(sql, (*params, limit))):
        if (ev["article_id"], ev["id"]) not in seen:  # one node twice in the same role of one event
            seen.add((ev["article_id"], ev["id"]))
            found.append(ev)
    people = event_participants(conn, found)
    for ev in found:
        mine = people.get((ev["article_id"], ev["id"]), [])
        ev["actors"] = [p["name"] for p in mine if p["role"] == "actor"]
        ev["recipients"] = [p["name"] for p in mine if p["role"] == "recipient"]
    return found


def event_participants(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> dict[tuple[str, str], list]:
    """The participants of many events in one query, by (article id, event id), each event's in
    role and position order; a node by its canonical name, one without a node as written."""
    pairs = json.dumps([[ev["article_id"], ev["id"]] for ev in events])
    out: dict[tuple[str, str], list] = {}
    for p in conn.execute(
            "SELECT p.article_id, p.event_id, p.role, coalesce(g.name, p.text) AS name, p.graph_id "
            "FROM json_each(?) j JOIN event_participants p ON p.article_id = json_extract(j.value, '$[0]') "
            "AND p.event_id = json_extract(j.value, '$[1]') LEFT JOIN graph_entities g ON g.id = p.graph_id "
            "ORDER BY p.article_id, p.event_id, p.role, p.position", (pairs,)):
        out.setdefault((p["article_id"], p["event_id"]), []).append(p)
    return out


def aggregated_events(conn: sqlite3.Connection, actor: str | None = None, recipient: str | None = None,
                      type: str | None = None, since: str | None = None, until: str | None = None,
                      place: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Aggregated events (one happening reported many times, filled by ``newsgraph ingest``),
    most reported first within the newest days: the same filters as :func:`events`."""
    where, params = [], []
    for role, value in (("actor", actor), ("recipient", recipient)):
        if value is not None:
            ids = resolve(conn, value)
            where.append(f"EXISTS (SELECT 1 FROM graph_event_participants o WHERE o.graph_event_id = g.id "
                         f"AND o.role = '{role}' AND {_ids_clause('o.graph_id', ids)})")
            params += ids
    since, until = validate.day_range(since, until)
    for clause, value in (("g.type = ?", validate.event_type(type)), ("g.day >= ?", since),
                          ("g.day <= ?", until)):
        if value:
            where.append(clause)
            params.append(value)
    if place:
        ids = resolve(conn, place)
        where.append(_ids_clause("g.place_graph_id", ids))
        params += ids
    sql = ("SELECT g.id, g.type, g.cameo, g.quad_class, g.day, g.num_mentions, g.num_sources, g.num_articles, "
           "g.first_seen, g.last_seen, pg.name AS place FROM graph_events g "
           "LEFT JOIN graph_entities pg ON pg.id = g.place_graph_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY g.day DESC, g.num_mentions DESC, g.id LIMIT ?")
    found = rows(conn.execute(sql, (*params, limit)))
    for ev in found:
        # every mention's participants: a node by its canonical name, one without a node as written
        people = conn.execute(
            "SELECT DISTINCT p.role, coalesce(g.name, p.text) AS name FROM graph_event_mentions m "
            "JOIN event_participants p ON p.article_id = m.article_id AND p.event_id = m.event_id "
            "LEFT JOIN graph_entities g ON g.id = p.graph_id WHERE m.graph_event_id = ? "
            "AND coalesce(g.name, p.text) IS NOT NULL ORDER BY p.role, 2", (ev["id"],)).fetchall()
        ev["actors"] = [p["name"] for p in people if p["role"] == "actor"]
        ev["recipients"] = [p["name"] for p in people if p["role"] == "recipient"]
        ev["mentions"] = [tuple(m) for m in conn.execute(
            "SELECT article_id, event_id FROM graph_event_mentions WHERE graph_event_id = ? "
            "ORDER BY article_id, event_id", (ev["id"],))]
    return found


def quotes(conn: sqlite3.Connection, speaker: str | None = None, text: str | None = None, limit: int = 50,
           *, speaker_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Quotes, newest first, by speaker (name or alias, or the speaker as written) and/or words in
    the quote (FTS5)."""
    base = ("SELECT q.article_id, q.position, q.text, q.speaker, g.name AS speaker_name, q.cue, q.kind, "
            "q.channel, q.day, a.title AS article_title, a.source FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN graph_entities g ON g.id = q.speaker_graph_id")
    clauses: list[tuple[str, list]] = []  # each alternative way of naming the speaker
    if speaker is not None or speaker_ids is not None:
        ids = speaker_ids if speaker_ids is not None else resolve(conn, speaker or "")
        clauses = [("q.speaker_graph_id = ?", [gid]) for gid in ids[:20]]
        if speaker is not None:  # speakers left unresolved (a pronoun, "officials") match as written
            clauses.append(("q.speaker = ?", [speaker]))
        if not clauses:
            return []
    if text:
        where = " AND ".join(["q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"]
                             + (["(" + " OR ".join(c for c, _ in clauses) + ")"] if clauses else []))
        params = tuple(p for _, ps in clauses for p in ps)
        return _fts(conn, f"{base} WHERE {where} ORDER BY q.day DESC LIMIT ?", text, (*params, limit))
    if not clauses:
        return rows(conn.execute(f"{base} ORDER BY q.day DESC LIMIT ?", (limit,)))
    # one ordered index scan per alternative, merged: an OR would scan every quote
    found = {}
    for clause, params in clauses:
        for row in rows(conn.execute(f"{base} WHERE {clause} ORDER BY q.day DESC LIMIT ?", (*params, limit))):
            found[(row["article_id"], row["position"])] = row
    return sorted(found.values(), key=lambda r: (r["day"] or "", r["article_id"], r["position"]), reverse=True)[:limit]


def timeline(conn: sqlite3.Connection, entity: str | None = None, event_type: str | None = None,
             query: str | None = None, interval: str = "day", since: str | None = None,
             until: str | None = None) -> list[dict[str, Any]]:
    """Counts per day/week/month/year: articles citing an entity, events of a type, articles
    matching a full-text query, or (none given) all articles."""
    if interval not in _BUCKETS:
        raise ConfigError(f"interval must be one of {', '.join(_BUCKETS)}, not {interval!r}", code="E213")
    bounds, params = day_range("{col}", since, until)  # {col} is filled in per kind of count
    where = ["{col} IS NOT NULL", *bounds]
    if entity and query:  # articles matching the query that cite the entity
        ids = resolve(conn, entity)[:1]
        where.append("a.id IN (SELECT article_id FROM entities WHERE " + _ids_clause("graph_id", ids) + ")")
        where.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        src, col, count, params = "articles a", "a.day", "count(*)", params + ids
    elif entity:
        ids = resolve(conn, entity)[:1]  # the node the name refers to, as `entity NAME` shows it
        where.append(_ids_clause("d.graph_id", ids))
        src, col, count, params = "graph_entity_days d", "d.day", "sum(d.articles)", params + ids
    elif event_type:
        where.append("ev.type = ?")
        src, col, count, params = "events ev", "ev.day", "count(*)", params + [validate.event_type(event_type, "event_type")]
        if query:  # events of the type in articles matching the query
            where.append("ev.article_id IN (SELECT id FROM articles WHERE pk IN "
                         "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
    elif query:
        # walking the (day) index and testing each rowid against the matches beats fetching every
        # matching article row: rows are wide (text, JSON), the index is narrow
        src, col, count = "articles a INDEXED BY articles_day", "a.day", "count(*)"
        where.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
    else:
        src, col, count = "articles a", "a.day", "count(*)"
    bucket = _BUCKETS[interval].format(col=col)
    sql = (f"SELECT {bucket} AS period, {count} AS count FROM {src} WHERE "
           + " AND ".join(w.format(col=col) for w in where) + " GROUP BY period ORDER BY period")
    if query:
        return _fts(conn, sql, query, tuple(params), text_last=True)
    return rows(conn.execute(sql, params))


def network(conn: sqlite3.Connection, entity: str | None = None, since: str | None = None,
            until: str | None = None, limit: int = 100, window: int = 1000) -> dict[str, Any]:
    """The actor graph over the ``window`` most recent articles in range (those citing ``entity``
    when given): directed edges actor → recipient from events, undirected edges between people,
    organisations and countries named in the same article (not nationality adjectives: "American"
    is named with everything and would be every graph's hub, as the web network's default says).
    Weights are article counts."""
    bounds, params = day_range("day", since, until)
    where = ["day IS NOT NULL", *bounds]
    if entity:
        ids = resolve(conn, entity)
        recent = (f"SELECT DISTINCT article_id FROM entities WHERE {_ids_clause('graph_id', ids)} AND "
                  + " AND ".join(where) + " ORDER BY day DESC LIMIT ?")
        params = ids + params
    else:
        recent = "SELECT id AS article_id FROM articles WHERE " + " AND ".join(where) + " ORDER BY day DESC LIMIT ?"
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _net(article_id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM _net")
    conn.execute(f"INSERT OR IGNORE INTO _net {recent}", (*params, window))
    events_edges = rows(conn.execute(
        "SELECT a.graph_id AS source, r.graph_id AS target, 'event' AS kind, count(DISTINCT a.article_id) AS weight "
        "FROM _net n CROSS JOIN event_participants a ON a.article_id = n.article_id AND a.role = 'actor' "
        "CROSS JOIN event_participants r ON r.article_id = a.article_id AND r.event_id = a.event_id "
        "AND r.role = 'recipient' WHERE a.graph_id IS NOT NULL AND r.graph_id IS NOT NULL "
        "AND a.graph_id != r.graph_id GROUP BY 1, 2 ORDER BY weight DESC LIMIT ?", (limit,)))
    # CROSS JOIN keeps SQLite from starting at the (graph_id) index, i.e. at every stored row;
    # a temporary table with its own index: a CTE joined to itself would be scanned in full per row
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _net_actors(article_id TEXT, graph_id TEXT, "
                 "PRIMARY KEY (article_id, graph_id)) WITHOUT ROWID")
    conn.execute("DELETE FROM _net_actors")
    conn.execute("INSERT OR IGNORE INTO _net_actors SELECT e.article_id, e.graph_id FROM _net n CROSS JOIN entities e "
                 "ON e.article_id = n.article_id WHERE e.type IN ('PERSON', 'ORG', 'GPE') "
                 "AND e.graph_id IS NOT NULL")
    co_edges = rows(conn.execute(
        "SELECT x.graph_id AS source, y.graph_id AS target, 'co-occurrence' AS kind, count(*) AS weight "
        "FROM _net_actors x JOIN _net_actors y ON x.article_id = y.article_id AND x.graph_id < y.graph_id "
        "GROUP BY 1, 2 HAVING weight > 1 ORDER BY weight DESC LIMIT ?", (limit,)))
    edges = events_edges + co_edges
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = rows(conn.execute(
        f"SELECT id, name, type, country, article_count FROM graph_entities WHERE {_ids_clause('id', ids)}", ids))
    considered = conn.execute("SELECT count(*) FROM _net").fetchone()[0]
    return {"nodes": nodes, "edges": edges, "articles": considered, "window": window}


_COUNTED = ("articles", "entities", "graph_entities", "graph_aliases", "mentions", "quotes", "events",
            "event_participants", "dates", "authors", "captions", "embeds", "disclosures", "inputs",
            "errors", "duplicate_groups", "stories", "graph_events")


def stats(conn: sqlite3.Connection, path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Row counts per table, the span of days, the top sources and entity types, the file size."""
    counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in _COUNTED}
    first, last = conn.execute("SELECT min(day), max(day) FROM articles").fetchone()
    sources = rows(conn.execute(
        "SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY articles DESC LIMIT 10"))
    types = rows(conn.execute(
        "SELECT type, count(*) AS entities FROM graph_entities GROUP BY type ORDER BY entities DESC"))
    events_by_type = rows(conn.execute(
        "SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC"))
    size = os.path.getsize(path) if path and os.path.exists(path) else None
    migrations = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    graph = {
        "duplicate_groups": counts["duplicate_groups"],
        "articles_in_duplicate_groups": conn.execute("SELECT count(*) FROM duplicate_members").fetchone()[0],
        "stories": counts["stories"],
        "stories_with_several_articles": conn.execute(
            "SELECT count(*) FROM stories WHERE num_articles > 1").fetchone()[0],
        "aggregated_events": counts["graph_events"],
        "aggregated_events_with_several_sources": conn.execute(
            "SELECT count(*) FROM graph_events WHERE num_sources > 1").fetchone()[0],
        # entities newsgraph.graph files under another node than the store (0 since both use one rule)
        "entities_merged_otherwise_by_the_graph": int((conn.execute(
            "SELECT json FROM graph_state WHERE kind = 'meta' AND key = 'entities_differ'").fetchone() or [0])[0]),
    }
    return {"path": os.fspath(path) if path else None, "counts": counts, "graph": graph, "first_day": first,
            "last_day": last, "sources": sources,
            "entity_types": types, "event_types": events_by_type, "bytes": size, "migrations": migrations}
