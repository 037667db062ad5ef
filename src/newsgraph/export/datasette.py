"""A Datasette metadata file for a store: what each table and view holds, what its columns
mean, which columns to facet on, and where full-text search lives.

``datasette newsgraph.db -m metadata.json`` then shows the descriptions above each table,
offers the facets, and searches articles and quotes from the table page (Datasette also finds
the FTS5 tables on its own since migration ``0006_fts_double_quoted``). Every table and view of
the store must be described here; a test fails when one is not.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from . import open_text

#: table or view → (description, facets, column descriptions)
TABLES: dict[str, tuple[str, list[str], dict[str, str]]] = {
    "articles": ("One row per article, with its full Article as JSON. Search titles and bodies here.",
                 ["source", "language", "day"], {
                     "id": "Content hash of url + title + text (Article.id)",
                     "pk": "Row id the full-text index points at",
                     "day": "YYYY-MM-DD: published, else the dateline date, else the fetch date",
                     "title": "The headline as readers see it, the site's name cut",
                     "declared_title": "The title the page's metadata declares, as written (JSON-LD headline, "
                                       "og:title, twitter:title, dc.title, <title>): site suffixes kept",
                     "published": "ISO 8601 as the page gave it",
                     "tone": "GDELT-style tone: % positive minus % negative words",
                     "origin": "input#record the article first came from",
                     "json": "The full Article (newsgraph.Article.from_dict restores it)"}),
    "authors": ("Bylines, in the order the page gave them.", ["name"], {}),
    "tags": ("The page's own tags or keywords.", ["tag"], {}),
    "captions": ("Photo captions with their credit line.", ["credit"], {}),
    "embeds": ("Embedded social posts (X, Instagram, YouTube…).", ["platform", "handle"],
               {"metrics": "JSON object: views, likes, reposts…"}),
    "disclosures": ("Sponsorship, foreign-agent (FARA), press-release and correction notices.",
                    ["kind", "agent", "principal"], {}),
    "dates": ("Time expressions resolved against the article's own date.", ["precision"],
              {"value": "ISO date, month or year", "start": "Character offset into the article text"}),
    "mentions": ("Every entity mention, with character offsets into the article text.", ["label", "zone"],
                 {"entity_id": "The entity (within this article) the mention refers to"}),
    "entities": ("One row per entity per article (resolved within the article).", ["type", "country", "sector"],
                 {"graph_id": "The canonical entity across articles (graph_entities.id)",
                  "country": "ISO 3166 alpha-3", "sector": "CAMEO role: GOV, MIL, JUD, BUS…",
                  "kb": "JSON object of knowledge-base ids", "mentions": "Mentions in this article"}),
    "graph_entities": ("Canonical entities merged across articles.", ["type", "country", "sector"],
                       {"article_count": "Articles citing it", "first_seen": "Article day of its first mention",
                        "last_seen": "Article day of its last mention"}),
    "graph_aliases": ("Every name a canonical entity was written as.", [], {}),
    "graph_kb": ("Identity knowledge-base ids (Wikidata, GeoNames, newsgraph) of canonical entities.",
                 ["scheme"], {}),
    "graph_entity_days": ("Articles and mentions per canonical entity per day (for timelines).", [], {}),
    "graph_surnames": ("The last name of every full-name person entity (a lone surname joins its one full name).",
                       [], {}),
    "quotes": ("Direct, indirect and social-media quotes. Search quote text and speakers here.",
               ["kind", "cue", "channel"],
               {"speaker": "The speaker as the article wrote it",
                "speaker_graph_id": "The canonical entity of the speaker, when resolved"}),
    "events": ("PLOVER events, one row per event in an article.", ["type", "quad_class", "mode", "negated"],
               {"type": "PLOVER event type", "cameo": "CAMEO code", "quad_class": "1 verbal coop, 2 material coop, "
                "3 verbal conflict, 4 material conflict", "score": "Goldstein scale of the CAMEO code",
                "goldstein": "Goldstein score of the event (Event.goldstein)",
                "action_place_graph_id": "Where it happened: its place, else its sentence's, else the dateline's",
                "day": "The event's date when known to the day, else the article's"}),
    "event_participants": ("Actors and recipients of each event.", ["role", "country", "sector"],
                           {"code": "Full CAMEO actor code (SRBGOV, IGOWSTNAT…)"}),
    "counts": ("GDELT GKG counts: \"107 killed\" → KILL 107, with what was counted and where.", ["kind"],
               {"kind": "KILL, WOUND, ARREST, KIDNAP, DISPLACED, REFUGEES, PROTEST, EVACUATE, SICKENED, AFFECT, SEIZE",
                "place_graph_id": "The canonical place named nearest to the count in its sentence"}),
    "amounts": ("GDELT GKG amounts: a number and what it counts (\"US$30 billion\", \"5,000 troops\").", [], {}),
    "themes": ("Themes of each article, from the Phoenix issue dictionary (GKG V1Themes).", ["theme"], {}),
    "duplicate_groups": ("Near-duplicate articles (syndicated copies), by MinHash.", [], {}),
    "duplicate_members": ("The articles of each near-duplicate group.", [], {}),
    "stories": ("Articles about the same happening.", [], {}),
    "story_articles": ("The articles of each story.", [], {}),
    "graph_events": ("Aggregated events: one happening reported many times (GDELT's NumMentions/NumSources).",
                     ["type", "quad_class"], {}),
    "graph_event_participants": ("Actors and recipients of each aggregated event.", ["role"], {}),
    "graph_event_mentions": ("The event rows (per article) each aggregated event gathers.", [], {}),
    "inputs": ("Every document ingested; a re-run skips these.", [], {}),
    "errors": ("Inputs that failed, with the reason; `newsgraph ingest --retry-errors` retries them.", [], {}),
    "runs": ("Ingest runs.", ["status"], {}),
    "graph_state": ("Saved state of the cross-article indexes (internal).", ["kind"], {}),
    "migrations": ("Schema migrations applied to this file.", [], {}),
    "crawl_urls": (("The watch's frontier: every URL seen, normalised, with its state (queued, fetched, failed, "
                    "robots, alias), attempts, next attempt, the reason of a failure and where its WARC capture "
                    "lies."), ["state", "host", "code"],
                   {"reason": "why it failed, was skipped or is an alias (its E4xx code in `code`)"}),
    "crawl_sources": (("Feeds and sitemaps the watch polls, with ETag/Last-Modified and an interval that adapts to "
                       "how often each publishes."), ["kind", "status"], {}),
    "crawl_polls": ("Each poll of a watched source: when, its status, items listed and new URLs found.",
                    ["source", "status"], {}),
    "crawl_captures": ("The WARC files the watch wrote beside the store, and when each was ingested.", [], {}),
    "alerts": ("Saved queries run after each round of the watch (`newsgraph alert add`).", [], {}),
    "alert_matches": ("What each alert matched, once each: an event, or an article (empty event id).",
                      ["alert"], {}),
    "article_entities": ("View: entities with their article's title, source and day.", ["type", "source"], {}),
    "article_quotes": ("View: quotes with their article and the speaker's canonical name.", ["source", "kind"],
                       {"speaker_name": "The canonical entity's name, when the speaker was resolved"}),
    "article_events": ("View: events with their article, actors, recipients and place.", ["type", "source"], {}),
    "entity_aliases": ("View: canonical entities with their aliases.", ["type"], {}),
    "gdelt_events": ("View shaped like GDELT's events table: one aggregated event a row.",
                     ["EventRootCode", "QuadClass", "Actor1CountryCode"], {
                         "GlobalEventID": "The aggregated event's id (text, not GDELT's integer)",
                         "GoldsteinScale": "Mean Goldstein score of the event's mentions",
                         "AvgTone": "Mean tone of the articles reporting the event",
                         "Actor1Code": "Country (ISO alpha-3, not FIPS) + sector of the most cited actor",
                         "ActionGeo_CountryCode": "ISO 3166 alpha-3 (GDELT uses FIPS)"}),
    "gdelt_gkg": ("View shaped like the GDELT Global Knowledge Graph: one article a row.",
                  ["V2SOURCECOMMONNAME"], {"V1.5TONE": "The article's tone (the GKG export writes all six scores)"}),
}

#: full-text tables (derived; described through the table they index)
FTS = {"articles": "articles_fts", "quotes": "quotes_fts"}


def metadata(conn: sqlite3.Connection, database: str) -> dict[str, Any]:
    """The metadata document for the store open on ``conn``, served as database ``database``
    (Datasette names a database after its file's stem)."""
    tables: dict[str, Any] = {}
    for name in store_tables(conn):
        description, facets, columns = TABLES.get(name, ("", [], {}))
        entry: dict[str, Any] = {"description": description}
        if facets:
            entry["facets"] = facets
        if columns:
            entry["columns"] = columns
        if name in FTS:
            entry.update(fts_table=FTS[name], fts_pk="pk", searchmode="raw")
        if name == "articles":
            entry.update(sort_desc="day", label_column="title")
        tables[name] = entry
    for fts in FTS.values():
        tables[fts] = {"hidden": True}
    return {"title": "newsgraph", "description": "News as a knowledge graph: who did what to whom, where and "
            "when, who said what. Made by newsgraph.", "databases": {database: {"tables": tables}}}


def store_tables(conn: sqlite3.Connection) -> list[str]:
    """The store's tables and views, without SQLite's and FTS5's own."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%' ORDER BY name")]


def write_metadata(conn: sqlite3.Connection, db: str | os.PathLike, out: str | os.PathLike) -> int:
    """Write the metadata of the store ``db`` as JSON to ``out``; return the tables described."""
    document = metadata(conn, Path(db).stem)
    with open_text(out) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return len(document["databases"][Path(db).stem]["tables"])
