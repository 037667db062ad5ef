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
from ..graph.entities import IDENTITY_KEYS, node_id
from ..graph.events import action_place
from ..knowledge.normalize import normalize
from .schema import now

#: ``hook(connection, newly stored articles)``, run inside the batch's transaction.
BatchHook = Callable[[sqlite3.Connection, list[Article]], None]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_EVENT_COLUMNS = (
    'article_id, id, type, mode, cameo, quad_class, score, place, place_graph_id, date, date_precision, day, '
    'negated, historical, future, hypothetical, claimed_by, confidence, zone, trigger_start, trigger_end, '
    'trigger_text, sentence_start, sentence_end, sentence_text, goldstein, action_place, action_place_graph_id')


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
        # caches of what this (only) writer has seen: valid until a rollback, cleared then
        self._graph_cache: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
        self._kb: dict[tuple[str, str], str] = {}
        self._nodes: dict[str, set[str]] = {}
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
            for cache in (self._graph_cache, self._kb, self._nodes):  # may hold rows the rollback removed
                cache.clear()
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
        # a document that now succeeds is no longer an error
        conn.execute("DELETE FROM errors WHERE origin = ?", (origin,))
        return not exists

    def _insert_article(self, a: Article, origin: str) -> None:
        conn, aid, day = self.conn, a.id, article_day(a)
        body = json.dumps(plain(a), ensure_ascii=False, separators=(",", ":"))
        conn.execute(
            "INSERT INTO articles(id, url, canonical_url, source, language, title, published, day, "
            "modified, description, dateline_place, dateline_date, text, tone, origin, origin_kind, "
            "schema_version, ingested_at, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, a.url, a.canonical_url, a.source, a.language, a.title, a.published, day, a.modified,
             a.description, a.dateline.place if a.dateline else None,
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

    # -- per-article entities and the simple cross-article merge ---------------------------------
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
            mentions[gid] = mentions.get(gid, 0) + e.mentions
            for alias in (e.name, *e.aliases):
                aliases[(gid, alias)] = normalize(alias)
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
        return graph

    def _graph_node(self, e: Entity) -> str:
        """The canonical node of ``e``: same KB id, else same normalised name and type with a
        compatible country (equal, or unknown on either side). Created when none exists."""
        norm = normalize(e.name) or e.name.casefold()
        ids = [(scheme, e.kb[scheme]) for scheme in IDENTITY_KEYS if e.kb.get(scheme)]
        if ids:
            gid = self._kb_node(ids) or node_id("kb", *ids[0])
        else:
            gid = self._match(e.type, norm, e.country) or node_id("name", e.type, norm, e.country or "")
        facts = {k for k, v in (("country", e.country), ("sector", e.sector), ("wikidata", e.kb.get("wikidata")),
                                ("lat", e.lat)) if v is not None}
        known = self._nodes.get(gid)
        if known is None or not facts <= known:  # new node, or it can fill a blank of the node
            self.conn.execute(
                "INSERT INTO graph_entities(id, name, norm, type, country, sector, wikidata, kb, lat, lon) "
                "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                "country = coalesce(country, excluded.country), sector = coalesce(sector, excluded.sector), "
                "wikidata = coalesce(wikidata, excluded.wikidata), "
                "lat = coalesce(lat, excluded.lat), lon = coalesce(lon, excluded.lon)",
                (gid, e.name, norm, e.type, e.country, e.sector, e.kb.get("wikidata"),
                 json.dumps(e.kb, ensure_ascii=False) if e.kb else None, e.lat, e.lon))
            self._nodes[gid] = (known or set()) | facts
        fresh = [(scheme, value, gid) for scheme, value in ids if (scheme, value) not in self._kb]
        if fresh:
            self.conn.executemany("INSERT OR IGNORE INTO graph_kb VALUES (?, ?, ?)", fresh)
            for scheme, value, _ in fresh:
                self._kb[(scheme, value)] = gid
        nodes = self._candidates(e.type, norm)
        if all(node != gid for node, _ in nodes):
            nodes.append((gid, e.country))
        return gid

    def _kb_node(self, ids: list[tuple[str, str]]) -> str | None:
        for key in ids:
            if key not in self._kb:
                row = self.conn.execute("SELECT graph_id FROM graph_kb WHERE scheme = ? AND value = ?", key).fetchone()
                if row is None:
                    continue
                self._kb[key] = row[0]
            return self._kb[key]
        return None

    def _candidates(self, etype: str, norm: str) -> list[tuple[str, str | None]]:
        key = (etype, norm)
        if key not in self._graph_cache:
            if len(self._graph_cache) > 200_000:  # bound memory on very large ingests
                for cache in (self._graph_cache, self._kb, self._nodes):
                    cache.clear()
            rows = self.conn.execute(
                "SELECT id, country, wikidata IS NOT NULL OR kb IS NOT NULL FROM graph_entities "
                "WHERE type = ? AND norm = ? ORDER BY 3 DESC, article_count DESC", key).fetchall()
            self._graph_cache[key] = [(r[0], r[1]) for r in rows]
        return self._graph_cache[key]

    def _match(self, etype: str, norm: str, country: str | None) -> str | None:
        for gid, node_country in self._candidates(etype, norm):
            if country is None or node_country is None or node_country == country:
                return gid
        return None



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


