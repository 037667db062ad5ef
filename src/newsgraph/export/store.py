"""Exports of a whole store (``newsgraph export FORMAT -o OUT``): the store's articles
(optionally a full-text query and a day range of them) in one of the export formats, or the
store's tables as Parquet.

The article formats read the stored Articles in ingest order (``Store.iter_articles``) and hand
them to :func:`newsgraph.export.export`; the cross-article records (aggregated events for
``events`` and ``plover``, the actor network for ``graphml``) are rebuilt by ``newsgraph.graph``
over those same articles in that same order, which for a whole store gives the very ids the
ingest wrote to ``graph_events``. ``parquet`` writes one file per table (pyarrow), restricted
to the selected articles and the cross-article rows they take part in. ``datasette-metadata``
describes the store's tables for Datasette (``export.datasette``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from . import FORMATS, STDOUT

ALL_FORMATS = ("jsonl", "parquet", *[f for f in FORMATS if f != "jsonl"], "datasette-metadata")

#: tables never exported: FTS5 indexes (derived) and the graph's internal state
_SKIP_PREFIXES = ("articles_fts", "quotes_fts", "sqlite_", "graph_state")

#: a table → the WHERE clause restricting it to the selected articles (temp table ``export_ids``)
_SELECT = {
    "articles": "id IN (SELECT id FROM export_ids)",
    "inputs": "article_id IN (SELECT id FROM export_ids)",
    "duplicate_groups": "id IN (SELECT group_id FROM duplicate_members WHERE article_id IN (SELECT id FROM export_ids))",
    "stories": "id IN (SELECT story_id FROM story_articles WHERE article_id IN (SELECT id FROM export_ids))",
    "graph_events": "id IN (SELECT graph_event_id FROM graph_event_mentions "
                    "WHERE article_id IN (SELECT id FROM export_ids))",
    "graph_event_participants": "graph_event_id IN (SELECT graph_event_id FROM graph_event_mentions "
                                "WHERE article_id IN (SELECT id FROM export_ids))",
    "graph_entities": "id IN (SELECT graph_id FROM entities WHERE article_id IN (SELECT id FROM export_ids))",
}
_BY_GRAPH_ID = "graph_id IN (SELECT graph_id FROM entities WHERE article_id IN (SELECT id FROM export_ids))"
_ARROW_TYPES = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


def export_store(fmt: str, out: str | os.PathLike, db: str | os.PathLike, query: str | None = None,
                 since: str | None = None, until: str | None = None) -> int:
    """Export the store at ``db`` as ``fmt`` to ``out``; return the records (or rows) written."""
    from ..store import open_store

    if fmt not in ALL_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(ALL_FORMATS)}", code="E211")
    if fmt in ("csv", "parquet") and os.fspath(out) == STDOUT:
        raise ConfigError(f"{fmt} export writes one file per table: give a directory, not '-'", code="E212")
    with open_store(db) as store:
        if fmt == "datasette-metadata":
            from .datasette import write_metadata

            return write_metadata(store.conn, db, out)
        if fmt == "parquet":
            return write_parquet(store.conn, out, store.article_ids_where(query, since, until)
                                 if (query or since or until) else None)
        from . import export

        return export(fmt, store.iter_articles(query=query, since=since, until=until), out)


def write_parquet(conn: sqlite3.Connection, out: str | os.PathLike, selected: list[str] | None) -> int:
    """One ``TABLE.parquet`` per plain table in directory ``out``; ``selected`` article ids
    restrict every table to those articles (None: everything). Returns the rows written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise ValueError("parquet export needs pyarrow: pip install pyarrow") from exc
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if selected is not None:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS export_ids (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM export_ids")
        conn.executemany("INSERT OR IGNORE INTO export_ids VALUES (?)", [(i,) for i in selected])
    total = 0
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
              if not r[0].startswith(_SKIP_PREFIXES)]
    for table in tables:
        info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        columns = [row[1] for row in info]
        schema = pa.schema([(name, getattr(pa, _ARROW_TYPES.get((kind or "").upper(), "string"))())
                            for _, name, kind, *_ in info])
        sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"'
        where = _where(table, columns) if selected is not None else None
        if where:
            sql += f" WHERE {where}"
        cursor = conn.execute(sql)
        with pq.ParquetWriter(folder / f"{table}.parquet", schema) as writer:
            while batch := cursor.fetchmany(5000):
                data = {name: [_cell(row[i], schema.field(name).type, pa) for row in batch]
                        for i, name in enumerate(columns)}
                writer.write_table(pa.table(data, schema=schema))
                total += len(batch)
    return total


def _where(table: str, columns: list[str]) -> str | None:
    if table in _SELECT:
        return _SELECT[table]
    if "article_id" in columns:
        return "article_id IN (SELECT id FROM export_ids)"
    if "graph_id" in columns:
        return _BY_GRAPH_ID
    return None  # bookkeeping (errors, runs, migrations): whole


def _cell(value: Any, kind: Any, pa: Any) -> Any:
    """SQLite is loosely typed: a TEXT column may hold a number, a REAL one an integer."""
    if value is None:
        return None
    if kind == pa.string():
        return value if isinstance(value, str) else str(value)
    if kind == pa.float64():
        return float(value)
    return value
