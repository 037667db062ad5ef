"""Read-only SQL the web pages need beyond the store's own queries: the overview, faceted and
paginated search, article annotations, the paginated events explorer and the map's places.

Every query reads the store's tables (``newsgraph.store.schema``) through indexes and pages its
results; facets look at the best ``FACET_WINDOW`` matches only, and say so.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from typing import Any

from .. import validate
from ..store.queries import day_range, event_participants, events_by_roles, fts_words, resolve, rows

FACET_WINDOW = 300
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # private-use marks: article text never carries them


def _fts_safe(conn: sqlite3.Connection, text: str) -> str:
    """The query as FTS5 syntax when it parses, else its words as quoted terms (users paste
    anything); a query written as syntax ("Obama AND (") that does not parse is refused with the
    reason (``ArgumentError``), as the CLI's search does."""
    text = validate.fts(text) or '""'
    try:
        conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (text,)).fetchall()
        return text
    except sqlite3.OperationalError as exc:
        if validate.meant_as_syntax(text):
            raise validate.fts_syntax_error(text, str(exc)) from None
        return fts_words(text)


def overview(conn: sqlite3.Connection, limit: int = 10) -> dict[str, Any]:
    """The store at a glance, over the corpus's own span (an archive of 2004-2023 news is
    summarised over 2004-2023, not over the week before its last article): counts, the latest
    articles, the stories several articles reported, the most active actors, event types, the
    events per period and the most cited places."""
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "graph_entities", "events", "quotes", "stories")}
    latest = rows(conn.execute("SELECT id, title, source, day, language FROM articles "
                               "WHERE day IS NOT NULL ORDER BY day DESC LIMIT ?", (limit,)))
    stories = rows(conn.execute(
        "SELECT id, title, first_seen, last_seen, num_articles, num_sources, "
        "(SELECT article_id FROM story_articles sa WHERE sa.story_id = s.id LIMIT 1) AS article_id "
        "FROM stories s WHERE num_articles > 1 ORDER BY num_articles DESC, last_seen DESC LIMIT ?", (limit,)))
    actors = rows(conn.execute(
        "SELECT g.id, g.name, g.type, count(*) AS events FROM event_participants p "
        "JOIN graph_entities g ON g.id = p.graph_id WHERE p.role = 'actor' "
        "GROUP BY g.id ORDER BY events DESC, g.name LIMIT ?", (limit,)))
    event_types = rows(conn.execute("SELECT type, count(*) AS events FROM events GROUP BY type ORDER BY events DESC"))
    places = rows(conn.execute(
        "SELECT id, name, type, country, article_count FROM graph_entities WHERE lat IS NOT NULL "
        "AND type IN ('GPE', 'LOC', 'FAC') ORDER BY article_count DESC, name LIMIT ?", (limit,)))
    first, last, interval = chart_span(conn)
    timeline, outside = events_chart(conn, "events ev", [], [], "ev.day", None, (first, last, interval))
    return {"counts": counts, "first_day": first, "last_day": last, "latest_articles": latest,
            "latest_stories": stories, "active_actors": actors, "event_types": event_types, "top_places": places,
            "timeline": timeline, "interval": interval, "outside": outside}


def chart_span(conn: sqlite3.Connection, since: str | None = None,
               until: str | None = None) -> tuple[str | None, str | None, str]:
    """The days a chart covers (the filter's, else the corpus's articles') and its period:
    months up to ten years, years beyond (a bar per month would be a pixel wide)."""
    first, last = conn.execute("SELECT min(day), max(day) FROM articles").fetchone()
    first, last = since or first, until or last
    start, end = _month_number(first), _month_number(last)
    if start is None or end is None:  # a bound that is not a date (the API lets users type anything)
        return first, last, "month"
    return first, last, "month" if end - start <= 120 else "year"


def _month_number(day: str | None) -> int | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?", day or "")
    return int(match.group(1)) * 12 + int(match.group(2) or 1) if match else None


def events_chart(conn: sqlite3.Connection, source: str, where: list[str], params: list[Any], day: str,
                 by: str | None, span: tuple[str | None, str | None, str]) -> tuple[list[dict[str, Any]], int]:
    """Events per period of ``span`` (and per type or quad class with ``by``), and how many
    events fall in periods outside it: dated to years before the corpus (a history recalled) or
    after it (a plan), which would stretch the axis over decades with no articles. One scan:
    every period is counted, those outside the span are summed afterwards."""
    first, last, interval = span
    if not first or not last:
        return [], 0
    width = 4 if interval == "year" else 7
    group = {"type": "ev.type", "quad": QUAD_NAMES}.get(by or "", "'events'")
    clause = " WHERE " + " AND ".join([*where, f"{day} IS NOT NULL"])
    counted = rows(conn.execute(
        f"SELECT substr({day}, 1, {width}) AS period, {group} AS type, count(*) AS count FROM {source}{clause} "
        "GROUP BY period, 2 ORDER BY period", params))
    inside = [r for r in counted if first[:width] <= r["period"] <= last[:width]]
    outside = sum(r["count"] for r in counted) - sum(r["count"] for r in inside)
    if by is None:
        inside = [{"period": r["period"], "count": r["count"]} for r in inside]
    return inside, outside


def _article_filters(f: dict[str, Any], alias: str = "a") -> tuple[list[str], list[Any]]:
    where, params = [], []
    if f.get("source"):
        where.append(f"{alias}.source = ?")
        params.append(f["source"])
    if f.get("language"):
        where.append(f"{alias}.language = ?")
        params.append(f["language"])
    bounds, values = day_range(f"{alias}.day", f.get("since"), f.get("until"))
    where += bounds
    params += values
    if f.get("entity"):
        where.append(f"EXISTS (SELECT 1 FROM entities e WHERE e.article_id = {alias}.id AND e.graph_id = ?)")
        params.append(f["entity"])
    if f.get("event_type"):
        where.append(f"EXISTS (SELECT 1 FROM events ev WHERE ev.article_id = {alias}.id AND ev.type = ?)")
        params.append(f["event_type"].upper())
    return where, params


def search(conn: sqlite3.Connection, text: str | None, filters: dict[str, Any], page: int = 1,
           per_page: int = 20, facets: bool = True) -> dict[str, Any]:
    """Articles matching ``text`` (FTS5; none: all, newest first) and the facet filters, one page,
    with snippets (marked with MARK_OPEN/MARK_CLOSE), the total and facet counts.

    The best FACET_WINDOW matches are ranked once; the page (when it falls inside them) and the
    facets are read from that list, so a common word costs one ranking, not one per facet.
    Snippets are made for the page's rows only. ``facets=False`` (the exports) ranks the page alone."""
    where, params = _article_filters(filters)
    page = max(page, 1)
    offset = (page - 1) * per_page
    query = _fts_safe(conn, text) if text and text.strip() else None
    if query and not where:  # rank inside the index alone, then join the few rows kept
        base = "FROM articles_fts WHERE articles_fts MATCH ?"
        total = conn.execute(f"SELECT count(*) {base}", (query,)).fetchone()[0]
        ranked = f"SELECT rowid AS pk {base} ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ? OFFSET ?"
        head: tuple = (query,)
    else:
        if query:
            source = ("FROM (SELECT rowid AS pk, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts "
                      "WHERE articles_fts MATCH ?) h JOIN articles a ON a.pk = h.pk")
            order, head = "h.score", (query,)
        else:
            source, order, head = "FROM articles a", "a.day DESC, a.pk DESC", ()
        base = source + (" WHERE " + " AND ".join(where) if where else "")
        total = conn.execute(f"SELECT count(*) {base}", (*head, *params)).fetchone()[0]
        ranked = f"SELECT a.pk {base} ORDER BY {order} LIMIT ? OFFSET ?"
        head = (*head, *params)
    window = [r[0] for r in conn.execute(ranked, (*head, FACET_WINDOW, 0))] if facets else []
    if facets and (offset + per_page <= len(window) or len(window) < FACET_WINDOW):
        pks = window[offset:offset + per_page]
    else:  # no facets, or a page past the facet window: rank with the page's own offset
        pks = [r[0] for r in conn.execute(ranked, (*head, per_page, offset))]
    found = _page_rows(conn, pks, query)
    return {"query": text or "", "filters": filters, "page": page, "per_page": per_page, "total": total,
            "results": found, "facets": _facets(conn, window) if facets else {}, "facet_window": FACET_WINDOW}


def _page_rows(conn: sqlite3.Connection, pks: list[int], query: str | None) -> list[dict[str, Any]]:
    if not pks:
        return []
    batch = json.dumps(pks)
    meta = {r["pk"]: r for r in rows(conn.execute(
        "SELECT a.pk, a.id, a.title, a.source, a.day, a.language, a.url, substr(a.text, 1, 240) AS lead "
        "FROM json_each(?) j CROSS JOIN articles a ON a.pk = j.value", (batch,)))}
    snippets = {}
    if query:
        snippets = {r[0]: r[1] for r in conn.execute(
            f"SELECT rowid, snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 24) FROM articles_fts "
            "WHERE articles_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))", (query, batch))}
    out = []
    for pk in pks:
        if pk in meta:
            row = meta[pk]
            row["snippet"] = snippets.get(pk)
            del row["pk"]
            out.append(row)
    return out


def _facets(conn: sqlite3.Connection, window: list[int]) -> dict[str, list[dict[str, Any]]]:
    batch = (json.dumps(window),)
    w = "json_each(?) j CROSS JOIN articles a ON a.pk = j.value"
    return {
        "source": rows(conn.execute(f"SELECT a.source AS value, count(*) AS count FROM {w} "
                                    "GROUP BY a.source ORDER BY count DESC LIMIT 15", batch)),
        "language": rows(conn.execute(f"SELECT a.language AS value, count(*) AS count FROM {w} "
                                      "GROUP BY a.language ORDER BY count DESC LIMIT 15", batch)),
        "entity": _entity_facet(conn, batch),
        "event_type": rows(conn.execute(
            f"SELECT ev.type AS value, count(DISTINCT ev.article_id) AS count FROM {w} "
            "CROSS JOIN events ev ON ev.article_id = a.id GROUP BY ev.type ORDER BY count DESC LIMIT 20", batch)),
    }


FACET_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC")


def _entity_facet(conn: sqlite3.Connection, batch: tuple[str], size: int = 15) -> list[dict[str, Any]]:
    """The most cited actors and places in the window: counted on the covering index
    ``entities(article_id, graph_id)``, named afterwards for the few kept."""
    counted = conn.execute(
        "SELECT e.graph_id, count(DISTINCT e.article_id) AS n FROM json_each(?) j CROSS JOIN articles a "
        "ON a.pk = j.value CROSS JOIN entities e ON e.article_id = a.id WHERE e.graph_id IS NOT NULL "
        "GROUP BY e.graph_id ORDER BY n DESC LIMIT ?", (*batch, size * 4)).fetchall()
    names = {r["id"]: r for r in conn.execute(
        "SELECT id, name, type FROM graph_entities WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps([r[0] for r in counted]),))}
    out = [{"value": gid, "label": names[gid]["name"], "type": names[gid]["type"], "count": n}
           for gid, n in counted if gid in names and names[gid]["type"] in FACET_TYPES]
    return sorted(out, key=lambda r: (-r["count"], r["label"]))[:size]


def article_row(conn: sqlite3.Connection, article_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()


def article_graph_ids(conn: sqlite3.Connection, article_id: str) -> dict[str, str]:
    """Within-article entity id → canonical graph entity id, to link annotations to profiles."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, graph_id FROM entities WHERE article_id = ? AND graph_id IS NOT NULL", (article_id,))}


def copies(conn: sqlite3.Connection, article_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Other articles of the same story or the same near-duplicate group."""
    return rows(conn.execute(
        "SELECT DISTINCT a.id, a.title, a.source, a.day FROM ("
        " SELECT sa2.article_id AS id FROM story_articles sa JOIN story_articles sa2 ON sa2.story_id = sa.story_id"
        " WHERE sa.article_id = :a UNION"
        " SELECT d2.article_id FROM duplicate_members d JOIN duplicate_members d2 ON d2.group_id = d.group_id"
        " WHERE d.article_id = :a) c JOIN articles a ON a.id = c.id WHERE a.id != :a "
        "ORDER BY a.day LIMIT :n", {"a": article_id, "n": limit}))


QUAD_NAMES = ("CASE ev.quad_class WHEN 1 THEN '1 verbal cooperation' WHEN 2 THEN '2 material cooperation' "
              "WHEN 3 THEN '3 verbal conflict' WHEN 4 THEN '4 material conflict' ELSE 'no quad class' END")


def events(conn: sqlite3.Connection, f: dict[str, Any], page: int = 1, per_page: int = 50,
           chart_by: str = "type") -> dict[str, Any]:
    """Events, newest first, filtered by actor, recipient (names, aliases or ids), PLOVER type,
    participant country (ISO alpha-3), place and day range; one page, the total and the counts
    per month and type (``chart_by="quad"``: per month and GDELT quad class).

    With an actor (else a recipient) the scan starts from that entity's participations through
    the index ``event_participants(graph_id, day)``, so a frequent actor costs its own events only."""
    roles = [(role, resolve(conn, f[role])) for role in ("actor", "recipient") if f.get(role)]
    source, day, where, params = events_by_roles(roles)
    if f.get("country"):
        where.append("EXISTS (SELECT 1 FROM event_participants pc WHERE pc.article_id = ev.article_id "
                     "AND pc.event_id = ev.id AND pc.country = ?)")
        params.append(f["country"].upper())
    if f.get("type"):
        where.append("ev.type = ?")
        params.append(f["type"].upper())
    if f.get("place"):
        ids = resolve(conn, f["place"])
        where.append(f"ev.place_graph_id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params += ids
    bounds, values = day_range(day, f.get("since"), f.get("until"))
    where += bounds
    params += values
    clause = " WHERE " + " AND ".join(where) if where else ""
    total = conn.execute(f"SELECT count(*) FROM {source}{clause}", params).fetchone()[0]
    found = rows(conn.execute(
        "SELECT ev.article_id, ev.id, ev.type, ev.cameo, ev.quad_class, ev.score, ev.day, ev.negated, "
        "ev.trigger_text, ev.sentence_text, pg.name AS place, ev.place_graph_id, a.title AS article_title, "
        f"a.source FROM {source} JOIN articles a ON a.id = ev.article_id "
        f"LEFT JOIN graph_entities pg ON pg.id = ev.place_graph_id{clause} "
        f"ORDER BY {day} DESC, ev.article_id, ev.id LIMIT ? OFFSET ?",
        (*params, per_page, (max(page, 1) - 1) * per_page)))
    _participants(conn, found)
    span = chart_span(conn, f.get("since"), f.get("until"))
    chart, outside = events_chart(conn, source, where, params, day, chart_by, span)
    return {"filters": f, "page": max(page, 1), "per_page": per_page, "total": total, "results": found,
            "timeline": _top_types(chart), "interval": span[2], "outside": outside, "span": span[:2]}


#: how many event types a chart tells apart by colour; the rest are drawn as "other types"
CHART_TYPES = 7


def _top_types(chart: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's rows with its ``CHART_TYPES`` biggest types kept and the others summed as
    "other types": eight colours is what a colour-blind-safe palette keeps distinct."""
    totals = Counter()
    for r in chart:
        totals[r["type"]] += r["count"]
    if len(totals) <= CHART_TYPES + 1:
        return chart
    keep = {t for t, _ in totals.most_common(CHART_TYPES)}
    merged: Counter = Counter()
    for r in chart:
        merged[(r["period"], r["type"] if r["type"] in keep else "other types")] += r["count"]
    return [{"period": p, "type": t, "count": n} for (p, t), n in sorted(merged.items())]


def _participants(conn: sqlite3.Connection, found: list[dict[str, Any]]) -> None:
    people = event_participants(conn, found)
    for ev in found:
        mine = people.get((ev["article_id"], ev["id"]), [])
        ev["actors"] = [{"name": p["name"], "id": p["graph_id"]} for p in mine if p["role"] == "actor"]
        ev["recipients"] = [{"name": p["name"], "id": p["graph_id"]} for p in mine if p["role"] == "recipient"]


def event_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def places(conn: sqlite3.Connection, limit: int = 2000) -> list[dict[str, Any]]:
    """Canonical places with coordinates, most cited first, with their event counts."""
    found = rows(conn.execute(
        "SELECT id, name, type, country, lat, lon, article_count FROM graph_entities "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY article_count DESC LIMIT ?", (limit,)))
    if found:
        marks = ",".join("?" * len(found))
        counts = {r[0]: r[1] for r in conn.execute(
            f"SELECT place_graph_id, count(*) FROM events WHERE place_graph_id IN ({marks}) "
            "GROUP BY place_graph_id", [p["id"] for p in found])}
        for p in found:
            p["events"] = counts.get(p["id"], 0)
    return found


def entity_days(conn: sqlite3.Connection, graph_id: str) -> list[dict[str, Any]]:
    return rows(conn.execute("SELECT day AS period, articles AS count FROM graph_entity_days WHERE graph_id = ? "
                             "ORDER BY day", (graph_id,)))


