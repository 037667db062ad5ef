"""The single writer: batched upserts of Articles inside transactions.

Only one process writes (the ingest parent); readers open their own connections and, thanks to
WAL, answer while a batch is being written. A batch is one ``BEGIN IMMEDIATE … COMMIT``, so a
process killed at any moment leaves the store as it was after the last whole batch, and the
``inputs`` rows written in the same transaction tell the next run what is already done.

Articles are keyed by their content hash: an article already stored is not written again (its
input is only recorded), which is what makes re-ingesting the same input change nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from ..article import Article, Entity, Event
from ..graph.entities import IDENTITY_KEYS, Candidate, absorbs, choose_node, identity, surname_of
from ..graph.events import action_place
from ..knowledge.normalize import name_key
from .schema import now

#: ``hook(connection, newly stored articles)``, run inside the batch's transaction.
BatchHook = Callable[[sqlite3.Connection, list[Article]], None]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EVENT_COLUMNS = (
    'article_id, id, type, mode, cameo, quad_class, score, place, place_graph_id, date, date_precision, day, '
    'negated, historical, future, hypothetical, claimed_by, confidence, zone, trigger_start, trigger_end, '
    'trigger_text, sentence_start, sentence_end, sentence_text, goldstein, action_place, action_place_graph_id')


#: Between a document's origin and a stage's name in the origin of that stage's error row.
STAGE_MARK = " #stage "


def content_hash(content: bytes | str) -> str:
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def article_day(article: Article) -> str | None:
    """The day an article belongs to: published, else the dateline's date, else the fetch date."""
    candidates = [article.published, article.dateline.date if article.dateline else None,
                  article.origin.fetched if article.origin else None]
    for value in candidates:
        if value and _DAY.match(value):
            return value[:10]
    return None


class Writer:
    """Buffers Articles, inputs and errors; :meth:`flush` writes them in one transaction."""

    def __init__(self, conn: sqlite3.Connection, batch_size: int = 64,
                 hooks: Iterable[BatchHook] = ()) -> None:
        self.conn = conn
        self.batch_size = batch_size
        #: called inside each batch's transaction with the articles it newly stored, so
        #: cross-article state (``newsgraph.graph``) commits, or rolls back, with them
        self.hooks: list[BatchHook] = list(hooks)
        self._articles: list[tuple[Article, str, str, str]] = []  # article, origin, hash, input
        self._errors: list[tuple[str, str, str]] = []
        #: nodes merged into another while the current article's entities are placed
        self._moved: dict[str, str] = {}
        self.added = 0

    # -- what is already done -------------------------------------------------------------------
    def known(self, origin: str, digest: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM inputs WHERE origin = ? AND content_hash = ?", (origin, digest)).fetchone()
        return row is not None

    def forget_error(self, origin: str) -> None:
        """A document found already stored is not an error any more (it was fixed and ingested)."""
        self.conn.execute("DELETE FROM errors WHERE origin = ?", (origin,))

    # -- buffering ------------------------------------------------------------------------------
    def add(self, article: Article, origin: str, digest: str, input_name: str) -> None:
        self._articles.append((article, origin, digest, input_name))
        if len(self._articles) >= self.batch_size:
            self.flush()

    def error(self, origin: str, input_name: str, reason: str) -> None:
        self._errors.append((origin, input_name, reason))
        if len(self._errors) >= self.batch_size:
            self.flush()

    def pending(self) -> int:
        return len(self._articles) + len(self._errors)

    def flush(self) -> None:
        if not self._articles and not self._errors:
            return
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            new = [article for article, origin, digest, input_name in self._articles
                   if self._write(article, origin, digest, input_name)]
            for hook in self.hooks:
                hook(conn, new)
            stamp = now()
            for origin, input_name, reason in self._errors:
                conn.execute(
                    "INSERT INTO errors(origin, input, reason, time) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(origin) DO UPDATE SET reason = excluded.reason, time = excluded.time, "
                    "input = excluded.input, attempts = attempts + 1",
                    (origin, input_name, reason, stamp))
            conn.execute("COMMIT")
            self.added += len(new)
        except BaseException:
            conn.execute("ROLLBACK")
            self._moved.clear()
            raise
        finally:
            self._articles.clear()
            self._errors.clear()

    # -- one article ----------------------------------------------------------------------------
    def _write(self, article: Article, origin: str, digest: str, input_name: str) -> bool:
        """Store one article unless stored already (True when new) and record its input."""
        conn = self.conn
        exists = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
        if not exists:
            self._insert_article(article, origin)
        conn.execute(
            "INSERT OR IGNORE INTO inputs(origin, content_hash, input, article_id, ingested_at) "
            "VALUES (?, ?, ?, ?, ?)", (origin, digest, input_name, article.id, now()))
        # a document that now succeeds is no longer an error; the stages that failed on it are
        conn.execute("DELETE FROM errors WHERE origin = ? OR substr(origin, 1, ?) = ?",
                     (origin, len(origin) + len(STAGE_MARK), origin + STAGE_MARK))
        conn.executemany(
            "INSERT OR REPLACE INTO errors(origin, input, reason, time) VALUES (?, ?, ?, ?)",
            [(f"{origin}{STAGE_MARK}{note.stage}", input_name, f"stage {note.stage} failed: {note.reason}", now())
             for note in article.stage_notes if note.status == "error"])
        return not exists

    def _insert_article(self, a: Article, origin: str) -> None:
        conn, aid, day = self.conn, a.id, article_day(a)
        body = json.dumps(plain(a), ensure_ascii=False, separators=(",", ":"))
        conn.execute(
            "INSERT INTO articles(id, url, canonical_url, source, language, title, declared_title, published, "
            "day, modified, description, dateline_place, dateline_date, text, tone, origin, origin_kind, "
            "schema_version, ingested_at, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, a.url, a.canonical_url, a.source, a.language, a.title, a.declared_title, a.published, day,
             a.modified, a.description, a.dateline.place if a.dateline else None,
             a.dateline.date if a.dateline else None, a.text, a.tone, origin,
             a.origin.kind if a.origin else None, a.schema_version, now(), body))
        rows = conn.executemany
        rows("INSERT INTO authors VALUES (?,?,?)", [(aid, i, n) for i, n in enumerate(a.authors)])
        rows("INSERT INTO tags VALUES (?,?,?)", [(aid, i, t) for i, t in enumerate(a.tags)])
        rows("INSERT INTO captions VALUES (?,?,?,?)", [(aid, i, c.text, c.credit) for i, c in enumerate(a.captions)])
        rows("INSERT INTO embeds VALUES (?,?,?,?,?,?,?,?,?)", [
            (aid, i, e.platform, e.url, e.author, e.handle, e.text, e.posted, json.dumps(e.metrics))
            for i, e in enumerate(a.embeds)])
        rows("INSERT INTO disclosures VALUES (?,?,?,?,?,?)", [
            (aid, i, d.kind, d.agent, d.principal, d.text) for i, d in enumerate(a.disclosures)])
        rows("INSERT INTO dates VALUES (?,?,?,?,?,?,?,?)", [
            (aid, i, t.start, t.end, t.text, t.value, t.precision, t.zone) for i, t in enumerate(a.dates)])
        graph = self._entities(a, day)
        rows("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?)", [
            (aid, i, m.start, m.end, m.text, m.label, m.entity_id, m.zone) for i, m in enumerate(a.mentions)])
        rows("INSERT INTO quotes(article_id, position, start, \"end\", text, speaker, speaker_entity_id, "
             "speaker_graph_id, cue, kind, channel, zone, day) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (aid, i, q.start, q.end, q.text, q.speaker.text if q.speaker else None,
             q.speaker.entity_id if q.speaker else None,
             graph.get(q.speaker.entity_id or "") if q.speaker else None, q.cue, q.kind, q.channel, q.zone, day)
            for i, q in enumerate(a.quotes)])
        for event in a.events:
            self._event(a, event, graph, day)
        rows("INSERT INTO counts VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (aid, i, c.kind, c.number, c.object, c.place, graph.get(c.place or ""), c.sentence.start,
             c.sentence.end, c.zone, day) for i, c in enumerate(a.counts)])
        rows("INSERT INTO amounts VALUES (?,?,?,?,?,?,?)", [
            (aid, i, m.value, m.object, m.sentence.start, m.sentence.end, m.zone) for i, m in enumerate(a.amounts)])
        rows("INSERT INTO themes VALUES (?,?,?,?)", [(aid, i, t, day) for i, t in enumerate(a.themes)])

    def _event(self, a: Article, ev: Event, graph: dict[str, str], day: str | None) -> None:
        aid = a.id
        date = ev.date.value if ev.date else None
        event_day = date[:10] if date and ev.date and ev.date.precision == "day" and _DAY.match(date) else day
        where = action_place(a, ev)
        self.conn.execute(
            f"INSERT INTO events({_EVENT_COLUMNS}) VALUES ({','.join('?' * 28)})",
            (aid, ev.id, ev.type, ev.mode, ev.cameo, ev.quad_class, ev.score, ev.place,
             graph.get(ev.place or ""), date, ev.date.precision if ev.date else None, event_day,
             int(ev.negated), int(ev.historical), int(ev.future), int(ev.hypothetical), ev.claimed_by,
             ev.confidence, ev.zone, ev.trigger.start, ev.trigger.end, ev.trigger.text,
             ev.sentence.start, ev.sentence.end, ev.sentence.text, ev.goldstein, where, graph.get(where or "")))
        rows = [(aid, ev.id, role, i, p.text, p.entity_id, graph.get(p.entity_id or ""), p.country, p.sector,
                 event_day, p.code)
                for role, people in (("actor", ev.actors), ("recipient", ev.recipients))
                for i, p in enumerate(people)]
        self.conn.executemany("INSERT INTO event_participants(article_id, event_id, role, position, text, "
                              "entity_id, graph_id, country, sector, day, code) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    # -- per-article entities and their canonical nodes -------------------------------------------
    def _entities(self, a: Article, day: str | None) -> dict[str, str]:
        """Write the article's entities; return {entity id in the article: graph entity id}."""
        graph: dict[str, str] = {}
        rows, mentions, aliases = [], {}, {}
        for e in a.entities:
            gid = self._graph_node(e)
            graph[e.id] = gid
            rows.append((a.id, e.id, gid, e.name, e.type, e.country, e.sector, e.title, e.kb.get("wikidata"),
                         json.dumps(e.kb, ensure_ascii=False) if e.kb else None,
                         json.dumps(e.aliases, ensure_ascii=False), e.lat, e.lon, e.admin1, e.mentions, day))
        # a node an entity of this article joined may have been merged into another since
        graph = {eid: self._moved.get(gid, gid) for eid, gid in graph.items()}
        rows = [(r[0], r[1], graph[r[1]], *r[3:]) for r in rows]
        for e in a.entities:
            gid = graph[e.id]
            mentions[gid] = mentions.get(gid, 0) + e.mentions
            for alias in (e.name, *e.aliases):
                aliases[(gid, alias)] = name_key(alias)
        conn = self.conn
        conn.executemany("INSERT OR IGNORE INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        # one article counts once per node, however many of its entities merged into it
        conn.executemany(
            "UPDATE graph_entities SET article_count = article_count + 1, mention_count = mention_count + ?1,"
            " first_seen = CASE WHEN first_seen IS NULL OR first_seen > ?2 THEN ?2 ELSE first_seen END,"
            " last_seen = CASE WHEN last_seen IS NULL OR last_seen < ?2 THEN ?2 ELSE last_seen END"
            " WHERE id = ?3", [(count, day, gid) for gid, count in mentions.items()])
        if day:
            conn.executemany(
                "INSERT INTO graph_entity_days(graph_id, day, articles, mentions) VALUES (?, ?, 1, ?) "
                "ON CONFLICT(graph_id, day) DO UPDATE SET articles = articles + 1, mentions = mentions + excluded.mentions",
                [(gid, day, count) for gid, count in mentions.items()])
        conn.executemany(
            "INSERT INTO graph_aliases(graph_id, alias, norm, article_count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(graph_id, alias) DO UPDATE SET article_count = article_count + 1",
            [(gid, alias, norm) for (gid, alias), norm in aliases.items()])
        self._moved.clear()
        return graph

    def _graph_node(self, e: Entity) -> str:
        """The canonical node of ``e`` by the graph's own rule (:func:`~newsgraph.graph.entities.choose_node`,
        answered from the store's tables); created when none exists, its names, KB ids and surname
        indexed at once, as the graph does, and an earlier surname-only node merged into it."""
        gid = choose_node(e, self)
        norm = name_key(e.name)
        self.conn.execute(
            "INSERT INTO graph_entities(id, name, norm, type, country, sector, wikidata, kb, lat, lon) "
            "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "country = coalesce(country, excluded.country), sector = coalesce(sector, excluded.sector), "
            "wikidata = coalesce(wikidata, excluded.wikidata), "
            "lat = coalesce(lat, excluded.lat), lon = coalesce(lon, excluded.lon)",
            (gid, e.name, norm, e.type, e.country, e.sector, e.kb.get("wikidata"),
             json.dumps(e.kb, ensure_ascii=False) if e.kb else None, e.lat, e.lon))
        self.conn.executemany("INSERT OR IGNORE INTO graph_kb VALUES (?, ?, ?)",
                              [(scheme, value, gid) for scheme, value in identity(e)])
        self.conn.executemany("INSERT OR IGNORE INTO graph_aliases(graph_id, alias, norm, article_count) "
                              "VALUES (?, ?, ?, 0)", [(gid, alias, name_key(alias)) for alias in {e.name, *e.aliases}])
        surname = surname_of(e)
        if surname and self.conn.execute("INSERT OR IGNORE INTO graph_surnames VALUES (?, ?)",
                                         (surname, gid)).rowcount:
            holders = self.by_surname(surname)
            if len(holders) == 1:  # the first full name with this surname
                for alone in self.by_name(e.type, surname):
                    if absorbs(holders[0], alone):
                        self._merge_node(alone.id, gid)
        return gid

    # -- the lookups of the merge rule (NodeLookup), from the store's tables -----------------------
    def _candidates(self, sql: str, args: tuple) -> list[Candidate]:
        out = []
        for gid, name, country in self.conn.execute(sql, args).fetchall():
            kb = dict(self.conn.execute("SELECT scheme, value FROM graph_kb WHERE graph_id = ?", (gid,)).fetchall())
            out.append(Candidate(gid, name, country, {k: kb[k] for k in IDENTITY_KEYS if k in kb}))
        return out

    def by_kb(self, key: tuple[str, str]) -> str | None:
        row = self.conn.execute("SELECT graph_id FROM graph_kb WHERE scheme = ? AND value = ?", key).fetchone()
        return row[0] if row else None

    def by_name(self, type: str, norm: str) -> list[Candidate]:
        return self._candidates(
            "SELECT g.id, g.name, g.country FROM graph_aliases al JOIN graph_entities g ON g.id = al.graph_id "
            "WHERE al.norm = ? AND g.type = ? GROUP BY g.id ORDER BY min(g.rowid)", (norm, type))

    def by_surname(self, surname: str) -> list[Candidate]:
        return self._candidates(
            "SELECT g.id, g.name, g.country FROM graph_surnames s JOIN graph_entities g ON g.id = s.graph_id "
            "WHERE s.surname = ? ORDER BY g.id", (surname,))

    def _merge_node(self, gone: str, kept: str) -> None:
        """Move every row of node ``gone`` to node ``kept`` and recount ``kept`` from its entities."""
        run = self.conn.execute
        for table, column in (("entities", "graph_id"), ("quotes", "speaker_graph_id"),
                              ("event_participants", "graph_id"), ("events", "place_graph_id"),
                              ("graph_events", "place_graph_id"), ("graph_kb", "graph_id"),
                              ("graph_surnames", "graph_id")):
            run(f"UPDATE OR IGNORE {table} SET {column} = ?1 WHERE {column} = ?2", (kept, gone))
        run("INSERT OR IGNORE INTO graph_event_participants SELECT graph_event_id, role, ?1 "
            "FROM graph_event_participants WHERE graph_id = ?2", (kept, gone))
        run("INSERT INTO graph_aliases(graph_id, alias, norm, article_count) SELECT ?1, alias, norm, article_count "
            "FROM graph_aliases WHERE graph_id = ?2 ON CONFLICT(graph_id, alias) DO UPDATE SET "
            "article_count = article_count + excluded.article_count", (kept, gone))
        for table in ("graph_event_participants", "graph_aliases", "graph_entity_days", "graph_surnames"):
            run(f"DELETE FROM {table} WHERE graph_id = ?", (gone,))
        run("DELETE FROM graph_entity_days WHERE graph_id = ?", (kept,))
        run("INSERT INTO graph_entity_days(graph_id, day, articles, mentions) SELECT graph_id, day, "
            "count(DISTINCT article_id), sum(mentions) FROM entities WHERE graph_id = ? AND day IS NOT NULL "
            "GROUP BY day", (kept,))
        run("UPDATE graph_entities SET (article_count, mention_count, first_seen, last_seen) = "
            "(SELECT count(DISTINCT article_id), coalesce(sum(mentions), 0), min(day), max(day) FROM entities "
            "WHERE graph_id = ?1), country = coalesce(country, (SELECT country FROM graph_entities WHERE id = ?2)), "
            "sector = coalesce(sector, (SELECT sector FROM graph_entities WHERE id = ?2)) WHERE id = ?1", (kept, gone))
        run("DELETE FROM graph_entities WHERE id = ?", (gone,))
        self._moved.update({old: kept for old, new in self._moved.items() if new == gone})
        self._moved[gone] = kept


_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(record: Any) -> Any:
    """``Article.to_dict`` output, computed faster: the field names of each record class are
    looked up once, not per object (the writer serialises every article it stores)."""
    kind = type(record)
    if kind in (str, int, float, bool) or record is None:
        return record
    if kind is list:
        return [plain(item) for item in record]
    if kind is dict:
        return {key: plain(value) for key, value in record.items()}
    names = _FIELDS.get(kind)
    if names is None:
        if not dataclasses.is_dataclass(record):
            return record
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(record))
    return {name: plain(getattr(record, name)) for name in names}


