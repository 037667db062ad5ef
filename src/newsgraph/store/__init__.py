"""The embedded store: one SQLite file (WAL, foreign keys, FTS5) with named migrations.

``open_store(path)`` returns a :class:`Store` whose methods answer the queries the CLI exposes
(``articles``, ``search``, ``entities``, ``entity``, ``events``, ``quotes``, ``timeline``, ``network``,
``stats``). Reading uses its own connection; :meth:`Store.writer` gives the one writer.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from ..article import Article
from ..errors import StoreError
from . import queries
from .schema import migrate
from .writer import Writer

DEFAULT_DB = "newsgraph.db"

__all__ = ["DEFAULT_DB", "Store", "Writer", "connect", "missing_store", "open_store"]


def missing_store(db: str | os.PathLike) -> StoreError:
    """The error for a store that does not exist yet, with the command that makes one."""
    return StoreError(f"no store at {os.fspath(db)}: run `newsgraph ingest INPUT... --db {os.fspath(db)}` first",
                      code="E301")


def explain(path: str | os.PathLike, exc: sqlite3.Error) -> StoreError:
    """What SQLite's error means for the store at ``path``, in one line that says what to do."""
    name, text = os.fspath(path), str(exc)
    if "malformed" in text or "not a database" in text:
        if Path(path).is_file() and Path(path).stat().st_size >= 100 and _sqlite_header(path):
            return StoreError(
                f"the store {name} is damaged ({text}): restore it from a backup, or save what is readable "
                f"with `sqlite3 {name} .recover | sqlite3 recovered.db`, or ingest the inputs again into a new "
                "store", code="E305")
        return StoreError(f"{name} is not a newsgraph store ({text})", code="E302")
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"the store {name} is read-only ({text}): this command writes to it; make the file and its folder "
            "writable, or give another --db; the query commands and `newsgraph serve` can read it as it is",
            code="E306")
    folder = Path(path).resolve().parent
    if "unable to open" in text and Path(path).is_file() and not os.access(folder, os.W_OK | os.X_OK):
        return StoreError(f"cannot open the store {name} ({text}): its folder {folder} is read-only and SQLite "
                          "needs to create the -wal and -shm files beside it; copy the store to a writable folder",
                          code="E306")
    return StoreError(f"cannot open the store {name} ({text})", code="E304")


def _sqlite_header(path: str | os.PathLike) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT ourselves), WAL and foreign keys on.
    Raises StoreError when the file cannot be opened or is not an SQLite database."""
    try:  # journal_mode is the first statement that reads the file: a file that is no store fails there
        conn = sqlite3.connect(os.fspath(path), isolation_level=None, timeout=60, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 60000")
        journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.DatabaseError as exc:  # a folder, a missing parent, no permission, a lock, not a store
        raise explain(path, exc) from exc
    conn.row_factory = sqlite3.Row
    if journal_mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL is safe with WAL: a crash can lose the last commits, never the file's consistency
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB page cache per connection
    return conn


def _connect_immutable(path: Path, why: StoreError) -> sqlite3.Connection:
    """A read-only connection that takes no locks and makes no -wal/-shm files (SQLite's
    ``immutable``), for a store whose folder cannot be written; refused when it needs migrating."""
    from .schema import MIGRATIONS

    conn = sqlite3.connect(path.resolve().as_uri() + "?immutable=1", uri=True, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise why from exc
    if any(name not in done for name, _ in MIGRATIONS):
        conn.close()
        raise why
    return conn


class Store:
    """A newsgraph SQLite file. Each Store holds one reading connection; writers get their own."""

    def __init__(self, path: str | os.PathLike = DEFAULT_DB) -> None:
        self.path = Path(path)
        try:
            self.conn = connect(self.path)
        except StoreError as exc:
            # a store in a read-only folder (a mounted archive, a shared drive) can still be queried:
            # nobody can be writing it, since no writer could create its -wal file there
            if exc.code != "E306" or Path(f"{self.path}-wal").exists():
                raise
            self.conn = _connect_immutable(self.path, exc)
            return
        migrate(self.conn)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def writer(self, batch_size: int = 64, graph: bool = False) -> Writer:
        """The single writer, on a connection of its own (readers keep answering meanwhile).
        With ``graph`` (as ``newsgraph ingest`` does) it keeps the cross-article graph (duplicates, stories, aggregated events,
        canonical nodes) in step, batch by batch (``store.graphsync``)."""
        writer = Writer(connect(self.path), batch_size=batch_size)
        if graph:
            from .graphsync import GraphSync

            writer.hooks.append(GraphSync())
        return writer

    # -- articles --------------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        """The stored Article, exactly as it was ingested (restored from its JSON)."""
        import json

        row = self.conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def iter_articles(self, query: str | None = None, since: str | None = None,
                      until: str | None = None) -> Iterator[Article]:
        """The stored Articles in ingest order, streamed; optionally only those matching a
        full-text ``query`` and within ``since``/``until`` (article days, inclusive)."""
        import json

        where, params = _article_filter(query, since, until)
        cursor = self.conn.execute(f"SELECT json FROM articles{where} ORDER BY pk", params)
        while chunk := cursor.fetchmany(256):
            for row in chunk:
                yield Article.from_dict(json.loads(row[0]))

    def find_article(self, key: str) -> Article | None:
        """The article whose id is ``key`` or starts with it, else the best full-text match."""
        row = self.conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 1",
                                (key, key + "\uffff")).fetchone()
        if row is None:
            hits = queries.search(self.conn, key, limit=1)
            row = (hits[0]["id"],) if hits else None
        return self.article(row[0]) if row else None

    def article_ids_where(self, query: str | None = None, since: str | None = None,
                          until: str | None = None) -> list[str]:
        where, params = _article_filter(query, since, until)
        return [r[0] for r in self.conn.execute(f"SELECT id FROM articles{where} ORDER BY pk", params)]

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def errors(self) -> list[dict[str, Any]]:
        return queries.rows(self.conn.execute("SELECT * FROM errors ORDER BY origin"))

    # -- queries (each one a CLI command) ---------------------------------------------------------
    def articles(self, since: str | None = None, until: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        return queries.articles(self.conn, since, until, limit)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        return queries.search(self.conn, text, limit)

    def entities(self, type: str | None = None, country: str | None = None, name: str | None = None,
                 limit: int = 50) -> list[dict[str, Any]]:
        return queries.entities(self.conn, type, country, name, limit)

    def entity(self, name: str, type: str | None = None) -> dict[str, Any] | None:
        return queries.entity(self.conn, name, type)

    def events(self, actor: str | None = None, recipient: str | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, place: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
        return queries.events(self.conn, actor, recipient, type, since, until, place, limit)

    def aggregated_events(self, actor: str | None = None, recipient: str | None = None, type: str | None = None,
                          since: str | None = None, until: str | None = None, place: str | None = None,
                          limit: int = 50) -> list[dict[str, Any]]:
        return queries.aggregated_events(self.conn, actor, recipient, type, since, until, place, limit)

    def quotes(self, speaker: str | None = None, text: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        return queries.quotes(self.conn, speaker, text, limit)

    def timeline(self, entity: str | None = None, event_type: str | None = None, query: str | None = None,
                 interval: str = "day", since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        return queries.timeline(self.conn, entity, event_type, query, interval, since, until)

    def network(self, entity: str | None = None, since: str | None = None, until: str | None = None,
                limit: int = 100, window: int = 1000) -> dict[str, Any]:
        return queries.network(self.conn, entity, since, until, limit, window)

    def stats(self) -> dict[str, Any]:
        return queries.stats(self.conn, self.path)


def _article_filter(query: str | None, since: str | None, until: str | None) -> tuple[str, list[str]]:
    where, params = queries.day_range("day", since, until)
    if query:
        where.append("pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(query)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def open_store(path: str | os.PathLike = DEFAULT_DB) -> Store:
    """Open (creating and migrating when needed) the store at ``path`` (default ``newsgraph.db``)."""
    return Store(path)
