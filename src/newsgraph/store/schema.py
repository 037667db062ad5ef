"""The SQLite schema as named migrations, each applied once and recorded in ``migrations``.

Plain tables with foreign keys and views for the common joins, so the file opens cleanly in the
``sqlite3`` shell and in Datasette. Ids are content hashes (``Article.id``); child rows hang on
``article_id`` with ``ON DELETE CASCADE`` so deleting an article removes everything it brought.
Full-text search uses external-content FTS5 tables kept in step by triggers, so an edit made by
hand in the shell keeps the index right too.

The cross-article tables (``graph_*``, ``duplicate_*``, ``stories``) are filled by the writer's
simple entity merge and by ``newsgraph.graph``; they live here so there is one schema to read.
To change the schema, append a new named migration to :data:`MIGRATIONS`; never edit an old one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

_ARTICLES = """
CREATE TABLE articles (
    pk INTEGER PRIMARY KEY,              -- stable rowid for the FTS5 index (VACUUM keeps it)
    id TEXT NOT NULL UNIQUE,             -- Article.id, a content hash of url + title + text
    url TEXT, canonical_url TEXT, source TEXT, language TEXT, title TEXT,
    published TEXT,                      -- ISO 8601 as the page gave it
    day TEXT,                            -- YYYY-MM-DD: published, else dateline date, else fetch date
    modified TEXT, description TEXT,
    dateline_place TEXT, dateline_date TEXT,
    text TEXT NOT NULL DEFAULT '',
    tone REAL,
    origin TEXT, origin_kind TEXT,        -- input#record of the first input that gave this article
    schema_version INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    json TEXT NOT NULL                   -- the full Article (Article.from_dict restores it)
);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_source_day ON articles(source, day);
"""

_CHILDREN = """
CREATE TABLE authors (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (article_id, position));
CREATE INDEX authors_name ON authors(name);
CREATE TABLE tags (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (article_id, position));
CREATE INDEX tags_tag ON tags(tag);
CREATE TABLE captions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, text TEXT NOT NULL, credit TEXT,
    PRIMARY KEY (article_id, position));
CREATE TABLE embeds (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, platform TEXT NOT NULL, url TEXT, author TEXT, handle TEXT,
    text TEXT, posted TEXT, metrics TEXT,  -- metrics: JSON object {views, likes, reposts…}
    PRIMARY KEY (article_id, position));
CREATE INDEX embeds_handle ON embeds(handle);
CREATE TABLE disclosures (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, kind TEXT NOT NULL, agent TEXT, principal TEXT, text TEXT NOT NULL,
    PRIMARY KEY (article_id, position));
CREATE INDEX disclosures_kind ON disclosures(kind);
CREATE TABLE dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT, value TEXT, precision TEXT,
    zone TEXT, PRIMARY KEY (article_id, position));
"""

_GRAPH = """
CREATE TABLE graph_entities (          -- canonical entities merged across articles
    id TEXT PRIMARY KEY,                 -- hash of the merge key (KB id, else type + name [+ country])
    name TEXT NOT NULL, norm TEXT NOT NULL, type TEXT NOT NULL,
    country TEXT, sector TEXT, wikidata TEXT,
    kb TEXT,                             -- JSON object of KB ids {wikidata, geonames, newsgraph…}
    lat REAL, lon REAL,
    article_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT, last_seen TEXT);    -- article days
CREATE INDEX graph_entities_norm ON graph_entities(type, norm);
CREATE INDEX graph_entities_count ON graph_entities(article_count DESC);
CREATE INDEX graph_entities_type_count ON graph_entities(type, article_count DESC);
CREATE INDEX graph_entities_country_count ON graph_entities(country, article_count DESC);
CREATE INDEX graph_entities_wikidata ON graph_entities(wikidata);
CREATE TABLE graph_aliases (
    graph_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL, norm TEXT NOT NULL,
    article_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (graph_id, alias));
CREATE INDEX graph_aliases_norm ON graph_aliases(norm);
"""

_ANNOTATIONS = """
CREATE TABLE entities (                -- one row per entity per article (within-article resolution)
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL,                    -- Entity.id inside the article
    graph_id TEXT REFERENCES graph_entities(id),
    name TEXT NOT NULL, type TEXT NOT NULL, country TEXT, sector TEXT, title TEXT,
    wikidata TEXT, kb TEXT, aliases TEXT,  -- kb: JSON object; aliases: JSON list
    lat REAL, lon REAL, admin1 TEXT, mentions INTEGER NOT NULL DEFAULT 0,
    day TEXT,                            -- the article's day, copied so timelines need no join
    PRIMARY KEY (article_id, id));
CREATE INDEX entities_graph ON entities(graph_id, day, article_id);
CREATE INDEX entities_article_graph ON entities(article_id, graph_id);
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    label TEXT NOT NULL, entity_id TEXT, zone TEXT NOT NULL DEFAULT 'text',
    PRIMARY KEY (article_id, position));
CREATE TABLE quotes (
    pk INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, start INTEGER, "end" INTEGER, text TEXT NOT NULL,
    speaker TEXT, speaker_entity_id TEXT, speaker_graph_id TEXT REFERENCES graph_entities(id),
    cue TEXT, kind TEXT, channel TEXT, zone TEXT, day TEXT,
    UNIQUE (article_id, position));
CREATE INDEX quotes_speaker_graph ON quotes(speaker_graph_id, day);
CREATE TABLE events (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    id TEXT NOT NULL, type TEXT NOT NULL, mode TEXT, cameo TEXT, quad_class INTEGER, score REAL,
    place TEXT, place_graph_id TEXT REFERENCES graph_entities(id),
    date TEXT, date_precision TEXT,
    day TEXT,                            -- the event's date when known to the day, else the article's
    negated INTEGER NOT NULL DEFAULT 0, historical INTEGER NOT NULL DEFAULT 0,
    future INTEGER NOT NULL DEFAULT 0, hypothetical INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT, confidence REAL, zone TEXT,
    trigger_start INTEGER, trigger_end INTEGER, trigger_text TEXT,
    sentence_start INTEGER, sentence_end INTEGER, sentence_text TEXT,
    PRIMARY KEY (article_id, id));
CREATE INDEX events_type_day ON events(type, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_place ON events(place_graph_id, day);
CREATE TABLE event_participants (
    article_id TEXT NOT NULL, event_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position INTEGER NOT NULL, text TEXT, entity_id TEXT,
    graph_id TEXT REFERENCES graph_entities(id), country TEXT, sector TEXT,
    PRIMARY KEY (article_id, event_id, role, position),
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE);
CREATE INDEX event_participants_graph ON event_participants(graph_id, role);
"""

_CROSS_ARTICLE = """
CREATE TABLE duplicate_groups (        -- near-duplicates (syndicated copies), filled by newsgraph.graph
    id TEXT PRIMARY KEY, representative_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    size INTEGER NOT NULL DEFAULT 0);
CREATE TABLE duplicate_members (
    group_id TEXT NOT NULL REFERENCES duplicate_groups(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL, PRIMARY KEY (article_id));
CREATE INDEX duplicate_members_group ON duplicate_members(group_id);
CREATE TABLE stories (                 -- articles about the same happening, filled by newsgraph.graph
    id TEXT PRIMARY KEY, title TEXT, first_seen TEXT, last_seen TEXT,
    num_articles INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0);
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id));
CREATE INDEX story_articles_article ON story_articles(article_id);
CREATE TABLE graph_events (            -- one happening reported many times (GDELT-style aggregation)
    id TEXT PRIMARY KEY, type TEXT NOT NULL, cameo TEXT, quad_class INTEGER,
    place_graph_id TEXT REFERENCES graph_entities(id), day TEXT,
    num_mentions INTEGER NOT NULL DEFAULT 0, num_sources INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0, first_seen TEXT, last_seen TEXT);
CREATE INDEX graph_events_type_day ON graph_events(type, day);
CREATE TABLE graph_event_participants (
    graph_event_id TEXT NOT NULL REFERENCES graph_events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    graph_id TEXT NOT NULL REFERENCES graph_entities(id),
    PRIMARY KEY (graph_event_id, role, graph_id));
CREATE TABLE graph_event_mentions (
    graph_event_id TEXT NOT NULL REFERENCES graph_events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL, event_id TEXT NOT NULL,
    PRIMARY KEY (article_id, event_id),
    FOREIGN KEY (article_id, event_id) REFERENCES events(article_id, id) ON DELETE CASCADE);
CREATE INDEX graph_event_mentions_group ON graph_event_mentions(graph_event_id);
"""

_BOOKKEEPING = """
CREATE TABLE inputs (                  -- every document ingested: re-runs skip these before any NLP
    origin TEXT NOT NULL,                -- input#record (WARC offset, feed item, JSONL line)
    content_hash TEXT NOT NULL,          -- sha256 of the raw document
    input TEXT NOT NULL,                 -- the file, URL or '-' it came from
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    ingested_at TEXT NOT NULL,
    PRIMARY KEY (origin, content_hash));
CREATE INDEX inputs_article ON inputs(article_id);
CREATE TABLE errors (                  -- inputs that failed; `newsgraph ingest --retry-errors` retries
    origin TEXT PRIMARY KEY, input TEXT NOT NULL, reason TEXT NOT NULL, time TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1);
CREATE INDEX errors_input ON errors(input);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, inputs TEXT, workers INTEGER,
    added INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'running');
"""

_FTS = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='pk', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END;
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='pk', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.pk, new.text, new.speaker); END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.pk, old.text, old.speaker);
END;
"""

_VIEWS = """
CREATE VIEW article_entities AS
    SELECT e.article_id, a.title AS article_title, a.source, a.day, e.id AS entity_id, e.name, e.type,
           e.country, e.sector, e.graph_id, g.name AS graph_name, e.mentions
    FROM entities e JOIN articles a ON a.id = e.article_id
    LEFT JOIN graph_entities g ON g.id = e.graph_id;
CREATE VIEW article_quotes AS
    SELECT q.article_id, a.title AS article_title, a.source, a.url, q.day, q.text, q.speaker,
           g.name AS speaker_name, q.speaker_graph_id, q.cue, q.kind, q.channel
    FROM quotes q JOIN articles a ON a.id = q.article_id
    LEFT JOIN graph_entities g ON g.id = q.speaker_graph_id;
CREATE VIEW article_events AS
    SELECT ev.article_id, a.title AS article_title, a.source, ev.id AS event_id, ev.type, ev.cameo,
           ev.quad_class, ev.day, ev.date, ev.negated, ev.trigger_text, ev.sentence_text,
           (SELECT group_concat(coalesce(g.name, p.text), '; ') FROM event_participants p
            LEFT JOIN graph_entities g ON g.id = p.graph_id
            WHERE p.article_id = ev.article_id AND p.event_id = ev.id AND p.role = 'actor') AS actors,
           (SELECT group_concat(coalesce(g.name, p.text), '; ') FROM event_participants p
            LEFT JOIN graph_entities g ON g.id = p.graph_id
            WHERE p.article_id = ev.article_id AND p.event_id = ev.id AND p.role = 'recipient') AS recipients,
           pg.name AS place
    FROM events ev JOIN articles a ON a.id = ev.article_id
    LEFT JOIN graph_entities pg ON pg.id = ev.place_graph_id;
CREATE VIEW entity_aliases AS
    SELECT g.id, g.name, g.type, g.country, g.wikidata, g.article_count,
           (SELECT group_concat(alias, '; ') FROM graph_aliases WHERE graph_id = g.id) AS aliases
    FROM graph_entities g;
"""


def _initial(conn: sqlite3.Connection) -> None:
    for block in (_ARTICLES, _CHILDREN, _GRAPH, _ANNOTATIONS, _CROSS_ARTICLE, _BOOKKEEPING, _FTS, _VIEWS):
        for statement in _statements(block):
            conn.execute(statement)


def _statements(block: str) -> list[str]:
    """Split a DDL block on statement ends, keeping trigger bodies (which hold ';') whole."""
    out, current = [], []
    for line in block.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if sqlite3.complete_statement(text):
            out.append(text)
            current = []
    return out


def _graph_kb(conn: sqlite3.Connection) -> None:
    """Every identity KB id of a canonical entity, so an entity known by its GeoNames id in one
    article and by its Wikidata id in another still meets the same node."""
    for statement in _statements("""
CREATE TABLE graph_kb (
    scheme TEXT NOT NULL, value TEXT NOT NULL,  -- wikidata Q1384, geonames 5128638, newsgraph org:NATO
    graph_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
    PRIMARY KEY (scheme, value));
CREATE INDEX graph_kb_graph ON graph_kb(graph_id);
"""):
        conn.execute(statement)


def _aggregates(conn: sqlite3.Connection) -> None:
    """Per-day counts of each canonical entity, and the event day on each participant, so entity
    timelines, profiles and actor queries stay fast on entities cited by tens of thousands of
    articles. Existing rows are backfilled."""
    for statement in _statements("""
CREATE TABLE graph_entity_days (
    graph_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
    day TEXT NOT NULL, articles INTEGER NOT NULL DEFAULT 0, mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (graph_id, day)) WITHOUT ROWID;
INSERT INTO graph_entity_days(graph_id, day, articles, mentions)
    SELECT graph_id, day, count(DISTINCT article_id), sum(mentions) FROM entities
    WHERE graph_id IS NOT NULL AND day IS NOT NULL GROUP BY graph_id, day;
ALTER TABLE event_participants ADD COLUMN day TEXT;
UPDATE event_participants SET day = (SELECT day FROM events ev
    WHERE ev.article_id = event_participants.article_id AND ev.id = event_participants.event_id);
CREATE INDEX event_participants_graph_day ON event_participants(graph_id, day);
DROP INDEX event_participants_graph;
"""):
        conn.execute(statement)


def _quote_speakers(conn: sqlite3.Connection) -> None:
    """Quotes by the speaker as written (a speaker no entity was resolved for), newest first."""
    conn.execute("CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker, day)")


def _graph_state(conn: sqlite3.Connection) -> None:
    """The state of ``newsgraph.graph`` (canonical nodes, MinHash signatures, story and event
    indexes) as rows, written by ``store.graphsync`` in each batch's transaction, so the next
    ingest run continues the graph where the last committed batch left it."""
    for statement in _statements("""
CREATE TABLE graph_state (
    kind TEXT NOT NULL,                  -- meta, node, redirect, sig, dgroup, story, event
    key TEXT NOT NULL,                   -- node, article, group, story or event id
    day TEXT,                            -- stories and events: their last day (eviction)
    json TEXT NOT NULL,
    UNIQUE (kind, key));
CREATE INDEX graph_events_day ON graph_events(day);
CREATE INDEX graph_event_participants_graph ON graph_event_participants(graph_id, role);
CREATE INDEX stories_last_seen ON stories(last_seen);
"""):
        conn.execute(statement)


def _fts_double_quoted(conn: sqlite3.Connection) -> None:
    """Declare the FTS5 tables with ``content="articles"`` (double quotes): Datasette finds a
    table's full-text index by that spelling only, and ignored its search box with the single
    quotes of 0001. The tables and their triggers are made again and the index rebuilt."""
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update", "quotes_fts_insert",
                 "quotes_fts_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("DROP TABLE IF EXISTS articles_fts")
    conn.execute("DROP TABLE IF EXISTS quotes_fts")
    for statement in _statements(_FTS.replace("content='articles'", 'content="articles"')
                                 .replace("content='quotes'", 'content="quotes"')):
        conn.execute(statement)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")


_ACTOR = """LEFT JOIN graph_entities {a} ON {a}.id = (
        SELECT p.graph_id FROM graph_event_participants p JOIN graph_entities g ON g.id = p.graph_id
        WHERE p.graph_event_id = ge.id AND p.role = '{role}' ORDER BY g.article_count DESC, g.id LIMIT 1)"""
#: an actor's country or sector as the event's own participant rows gave it (a minister is GOV
#: in the event, whatever the canonical entity says), else the canonical entity's
_CODE = """coalesce((SELECT ep.{field} FROM graph_event_mentions m JOIN event_participants ep
            ON ep.article_id = m.article_id AND ep.event_id = m.event_id
            WHERE m.graph_event_id = ge.id AND ep.role = '{role}' AND ep.graph_id = {a}.id
            AND ep.{field} IS NOT NULL LIMIT 1), {a}.{field})"""


def _actor_columns(n: int, a: str, role: str) -> str:
    country, sector = (_CODE.format(field=f, role=role, a=a) for f in ("country", "sector"))
    return (f"nullif(coalesce({country}, '') || coalesce({sector}, ''), '') AS Actor{n}Code, "
            f"{a}.name AS Actor{n}Name, {country} AS Actor{n}CountryCode, {sector} AS Actor{n}Type1Code")


_GDELT_VIEWS = f"""
CREATE VIEW gdelt_events AS
    SELECT ge.id AS GlobalEventID, CAST(replace(ge.day, '-', '') AS INTEGER) AS SQLDATE,
           CAST(substr(replace(ge.day, '-', ''), 1, 6) AS INTEGER) AS MonthYear,
           CAST(substr(ge.day, 1, 4) AS INTEGER) AS Year,
           {_actor_columns(1, "a1", "actor")},
           {_actor_columns(2, "a2", "recipient")},
           ge.type AS EventType, ge.cameo AS EventCode, substr(ge.cameo, 1, 3) AS EventBaseCode,
           substr(ge.cameo, 1, 2) AS EventRootCode, ge.quad_class AS QuadClass,
           (SELECT round(avg(ev.score), 2) FROM graph_event_mentions m
            JOIN events ev ON ev.article_id = m.article_id AND ev.id = m.event_id
            WHERE m.graph_event_id = ge.id) AS GoldsteinScale,
           ge.num_mentions AS NumMentions, ge.num_sources AS NumSources, ge.num_articles AS NumArticles,
           (SELECT round(avg(a.tone), 4) FROM graph_event_mentions m JOIN articles a ON a.id = m.article_id
            WHERE m.graph_event_id = ge.id) AS AvgTone,
           pl.name AS ActionGeo_FullName, pl.country AS ActionGeo_CountryCode, pl.lat AS ActionGeo_Lat,
           pl.lon AS ActionGeo_Long, ge.first_seen AS DATEADDED,
           (SELECT a.url FROM graph_event_mentions m JOIN articles a ON a.id = m.article_id
            WHERE m.graph_event_id = ge.id ORDER BY a.day, a.pk LIMIT 1) AS SOURCEURL
    FROM graph_events ge
    {_ACTOR.format(a="a1", role="actor")}
    {_ACTOR.format(a="a2", role="recipient")}
    LEFT JOIN graph_entities pl ON pl.id = ge.place_graph_id;
CREATE VIEW gdelt_gkg AS
    SELECT a.id AS GKGRECORDID, replace(replace(replace(substr(a.published, 1, 19), '-', ''), 'T', ''), ':', '')
               AS "V2.1DATE",
           a.source AS V2SOURCECOMMONNAME, coalesce(a.canonical_url, a.url) AS V2DOCUMENTIDENTIFIER,
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id AND type = 'PERSON') AS V1PERSONS,
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id AND type = 'ORG')
               AS V1ORGANIZATIONS,
           (SELECT group_concat(name, ';') FROM entities
            WHERE article_id = a.id AND type IN ('GPE', 'LOC', 'FAC') AND lat IS NOT NULL) AS V1LOCATIONS,
           a.tone AS "V1.5TONE",
           (SELECT group_concat(text, '#') FROM quotes WHERE article_id = a.id) AS "V2.1QUOTATIONS",
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id) AS "V2.1ALLNAMES",
           a.title AS PAGE_TITLE, a.day AS day
    FROM articles a;
"""


def _gdelt_views(conn: sqlite3.Connection) -> None:
    """Views shaped like GDELT's two tables, for analysts who already query GDELT: ``gdelt_events``
    (one aggregated event a row: the most cited actor and recipient, CAMEO codes, Goldstein as the
    mean of its mentions' scores, AvgTone as the mean tone of the articles reporting it) and
    ``gdelt_gkg`` (one article a row: persons, organisations, located places, tone, quotes)."""
    for statement in _statements(_GDELT_VIEWS):
        conn.execute(statement)


_WEB_INDEXES = """
CREATE INDEX event_participants_graph_role ON event_participants(graph_id, role, day, article_id, event_id);
CREATE INDEX event_participants_article_graph ON event_participants(article_id, event_id, role, graph_id);
CREATE INDEX events_article_type ON events(article_id, id, type, quad_class);
"""


def _web_indexes(conn: sqlite3.Connection) -> None:
    """Covering indexes for what the web pages read most: an actor's or recipient's events with
    their days (the events page and its chart), the participants of a set of articles (the
    network's event edges) and the type of an event by its key (the chart, the search facet).
    Each is read from the index alone instead of from one wide row per event or participant."""
    for statement in _statements(_WEB_INDEXES):
        conn.execute(statement)


def _run_owner(conn: sqlite3.Connection) -> None:
    """Issue 13: the process and host that own an ingest run, so that a later ingest can tell a
    run whose process was killed (still ``running``) from one going on, and mark it interrupted."""
    conn.execute("ALTER TABLE runs ADD COLUMN pid INTEGER")
    conn.execute("ALTER TABLE runs ADD COLUMN host TEXT")


def _crawl(conn: sqlite3.Connection) -> None:
    """Issue 14: the crawl frontier, the watched sources with their poll history, the WARC captures,
    and the saved alerts with what they matched. Self-contained: no table of another migration is
    touched."""
    for statement in _statements("""
CREATE TABLE crawl_urls (              -- every URL the watch has seen, normalised (courlan)
    url TEXT PRIMARY KEY, host TEXT NOT NULL,
    source TEXT,                         -- the feed or sitemap that listed it first
    state TEXT NOT NULL CHECK (state IN ('queued', 'fetched', 'failed', 'robots', 'alias')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,                   -- ISO 8601 UTC; a queued URL waits until then
    code TEXT, reason TEXT,              -- why it failed, was skipped or is an alias (E4xx)
    final_url TEXT, status INTEGER,
    warc TEXT, warc_offset INTEGER, warc_end INTEGER,  -- where its capture lies
    discovered TEXT NOT NULL, fetched TEXT);
CREATE INDEX crawl_urls_state ON crawl_urls(state, host, next_attempt);
CREATE INDEX crawl_urls_warc ON crawl_urls(warc);
CREATE TABLE crawl_sources (           -- feeds and sitemaps watched, with what conditional GET needs
    url TEXT PRIMARY KEY, kind TEXT,
    etag TEXT, last_modified TEXT,
    interval REAL NOT NULL,              -- seconds until the next poll; adapts to how often it publishes
    last_polled TEXT, next_poll TEXT, status TEXT);
CREATE TABLE crawl_polls (
    source TEXT NOT NULL REFERENCES crawl_sources(url) ON DELETE CASCADE,
    time TEXT NOT NULL, status TEXT NOT NULL, items INTEGER NOT NULL, new_urls INTEGER NOT NULL);
CREATE INDEX crawl_polls_source ON crawl_polls(source, time);
CREATE TABLE crawl_captures (           -- WARC files beside the store; ingested once complete
    warc TEXT PRIMARY KEY, created TEXT NOT NULL, ingested TEXT);
CREATE TABLE alerts (                   -- saved queries run after each round of the watch
    name TEXT PRIMARY KEY, query TEXT, entity TEXT, event_type TEXT, actor TEXT,
    output TEXT NOT NULL,                -- '-' (stdout), a JSONL file, an http(s) URL, or '|command'
    created TEXT NOT NULL,
    last_pk INTEGER NOT NULL DEFAULT 0,  -- articles.pk up to which matches were delivered
    last_run TEXT, last_error TEXT);
CREATE TABLE alert_matches (            -- each match once: an event, or an article ('' event id)
    alert TEXT NOT NULL REFERENCES alerts(name) ON DELETE CASCADE,
    article_id TEXT NOT NULL, event_id TEXT NOT NULL DEFAULT '', matched TEXT NOT NULL,
    PRIMARY KEY (alert, article_id, event_id));
"""):
        conn.execute(statement)


def _graph_surnames(conn: sqlite3.Connection) -> None:
    """Issue 12: the last name of every full-name PERSON node, so the writer applies the graph's
    surname rule ("Obama" joins the one "Barack Obama") from the store; names are keyed by the
    graph's ``name_key`` from now on (it differs from the old key only on a trailing possessive)."""
    conn.execute("CREATE TABLE graph_surnames (surname TEXT NOT NULL, "
                 "graph_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE, "
                 "PRIMARY KEY (surname, graph_id)) WITHOUT ROWID")
    conn.execute("CREATE INDEX graph_surnames_graph ON graph_surnames(graph_id)")
    conn.execute("INSERT OR IGNORE INTO graph_surnames SELECT substr(norm, length(rtrim(norm, "
                 "'abcdefghijklmnopqrstuvwxyz0123456789')) + 1), id FROM graph_entities "
                 "WHERE type = 'PERSON' AND instr(norm, ' ') > 0")


def _actor_columns_v2(n: int, a: str, role: str) -> str:
    """As :func:`_actor_columns`, the code being the participant's full CAMEO actor code when the
    event's rows give one."""
    country, sector, code = (_CODE.format(field=f, role=role, a=a).replace(f", {a}.code)", ", NULL)")
                             for f in ("country", "sector", "code"))
    return (f"coalesce({code}, nullif(coalesce({country}, '') || coalesce({sector}, ''), '')) AS Actor{n}Code, "
            f"{a}.name AS Actor{n}Name, {country} AS Actor{n}CountryCode, {sector} AS Actor{n}Type1Code")


_GDELT_VIEWS_V2 = f"""
CREATE VIEW gdelt_events AS
    SELECT ge.id AS GlobalEventID, CAST(replace(ge.day, '-', '') AS INTEGER) AS SQLDATE,
           CAST(substr(replace(ge.day, '-', ''), 1, 6) AS INTEGER) AS MonthYear,
           CAST(substr(ge.day, 1, 4) AS INTEGER) AS Year,
           {_actor_columns_v2(1, "a1", "actor")},
           {_actor_columns_v2(2, "a2", "recipient")},
           ge.type AS EventType, ge.cameo AS EventCode, substr(ge.cameo, 1, 3) AS EventBaseCode,
           substr(ge.cameo, 1, 2) AS EventRootCode, ge.quad_class AS QuadClass, ge.goldstein AS GoldsteinScale,
           ge.num_mentions AS NumMentions, ge.num_sources AS NumSources, ge.num_articles AS NumArticles,
           ge.avg_tone AS AvgTone,
           pl.name AS ActionGeo_FullName, pl.country AS ActionGeo_CountryCode, pl.lat AS ActionGeo_Lat,
           pl.lon AS ActionGeo_Long, ge.first_seen AS DATEADDED,
           (SELECT a.url FROM graph_event_mentions m JOIN articles a ON a.id = m.article_id
            WHERE m.graph_event_id = ge.id ORDER BY a.day, a.pk LIMIT 1) AS SOURCEURL
    FROM graph_events ge
    {_ACTOR.format(a="a1", role="actor")}
    {_ACTOR.format(a="a2", role="recipient")}
    LEFT JOIN graph_entities pl ON pl.id = ge.action_place_graph_id;
CREATE VIEW gdelt_gkg AS
    SELECT a.id AS GKGRECORDID, replace(replace(replace(substr(a.published, 1, 19), '-', ''), 'T', ''), ':', '')
               AS "V2.1DATE",
           a.source AS V2SOURCECOMMONNAME, coalesce(a.canonical_url, a.url) AS V2DOCUMENTIDENTIFIER,
           (SELECT group_concat(kind || '#' || number || '#' || coalesce(object, ''), ';')
            FROM counts WHERE article_id = a.id) AS V1COUNTS,
           (SELECT group_concat(theme, ';') FROM themes WHERE article_id = a.id) AS V1THEMES,
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id AND type = 'PERSON') AS V1PERSONS,
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id AND type = 'ORG')
               AS V1ORGANIZATIONS,
           (SELECT group_concat(name, ';') FROM entities
            WHERE article_id = a.id AND type IN ('GPE', 'LOC', 'FAC') AND lat IS NOT NULL) AS V1LOCATIONS,
           a.tone AS "V1.5TONE",
           (SELECT group_concat(text, '#') FROM quotes WHERE article_id = a.id) AS "V2.1QUOTATIONS",
           (SELECT group_concat(name, ';') FROM entities WHERE article_id = a.id) AS "V2.1ALLNAMES",
           (SELECT group_concat(CASE WHEN value = CAST(value AS INTEGER) THEN CAST(value AS INTEGER) ELSE value END
                                || ',' || object || ',' || coalesce(sentence_start, ''), ';')
            FROM amounts WHERE article_id = a.id) AS "V2.1AMOUNTS",
           a.title AS PAGE_TITLE, a.day AS day
    FROM articles a;
"""

_GKG = """
ALTER TABLE events ADD COLUMN goldstein REAL;
ALTER TABLE events ADD COLUMN action_place TEXT;
ALTER TABLE events ADD COLUMN action_place_graph_id TEXT REFERENCES graph_entities(id);
ALTER TABLE event_participants ADD COLUMN code TEXT;
ALTER TABLE graph_events ADD COLUMN goldstein REAL;
ALTER TABLE graph_events ADD COLUMN avg_tone REAL;
ALTER TABLE graph_events ADD COLUMN action_place_graph_id TEXT REFERENCES graph_entities(id);
UPDATE events SET action_place = place, action_place_graph_id = place_graph_id;
UPDATE graph_events SET action_place_graph_id = place_graph_id,
    avg_tone = (SELECT round(avg(a.tone), 4) FROM graph_event_mentions m JOIN articles a ON a.id = m.article_id
                WHERE m.graph_event_id = graph_events.id);
CREATE TABLE counts (                  -- GKG counts: "107 killed" → KILL 107 (stage newsgraph.gkg.v1)
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, kind TEXT NOT NULL, number INTEGER NOT NULL, object TEXT,
    place TEXT, place_graph_id TEXT REFERENCES graph_entities(id),
    sentence_start INTEGER, sentence_end INTEGER, zone TEXT, day TEXT,
    PRIMARY KEY (article_id, position));
CREATE INDEX counts_kind_day ON counts(kind, day);
CREATE TABLE amounts (                 -- GKG V2.1 amounts: "US$30 billion" → 30000000000 US$
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, value REAL NOT NULL, object TEXT NOT NULL,
    sentence_start INTEGER, sentence_end INTEGER, zone TEXT,
    PRIMARY KEY (article_id, position));
CREATE TABLE themes (                  -- GKG themes from the Phoenix issue dictionary
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, theme TEXT NOT NULL, day TEXT,
    PRIMARY KEY (article_id, position));
CREATE INDEX themes_theme_day ON themes(theme, day);
DROP VIEW gdelt_events;
DROP VIEW gdelt_gkg;
"""


def _gkg(conn: sqlite3.Connection) -> None:
    """Issue 11: Goldstein and tone on ``graph_events``, the full CAMEO actor code on event
    participants, the action place (the event's place, else its sentence's, else the dateline's:
    ``graph.events.action_place``) on events and aggregated events, and the GKG counts, amounts and
    themes of each article as tables. The GDELT views are made again over them (stores ingested
    before keep empty counts and themes until re-ingested; their events' action place is their
    place)."""
    for statement in _statements(_GKG):
        conn.execute(statement)
    for statement in _statements(_GDELT_VIEWS_V2):
        conn.execute(statement)


def _declared_title(conn: sqlite3.Connection) -> None:
    """Issue 17: ``Article.declared_title``, the title the page's metadata declares as written (site
    suffixes kept), beside ``title``, the visible headline. Articles stored before keep NULL (their
    JSON has no such field either) until re-ingested."""
    conn.execute("ALTER TABLE articles ADD COLUMN declared_title TEXT")


#: Named migrations in order. Each runs once, inside a transaction, and is recorded by name.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_graph_kb", _graph_kb),
    ("0003_aggregates", _aggregates),
    ("0004_quote_speakers", _quote_speakers),
    ("0005_graph_state", _graph_state),
    ("0006_fts_double_quoted", _fts_double_quoted),
    ("0007_gdelt_views", _gdelt_views),
    ("0008_crawl", _crawl),
    ("0010_web_indexes", _web_indexes),  # 0009 was reserved and is unused; this needs 0001 only
    ("0011_gkg", _gkg),
    ("0012_graph_surnames", _graph_surnames),
    ("0013_run_owner", _run_owner),
    ("0014_declared_title", _declared_title),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database has not seen yet; return their names."""
    try:  # a plain read first, so opening an up-to-date store never takes the write lock
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    except sqlite3.OperationalError:
        conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have applied it while we waited for the write lock
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            step(conn)
            conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
