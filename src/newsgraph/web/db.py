"""Read-only access to a store for the web app: one ``mode=ro`` connection per worker thread.

The store's own ``open_store`` migrates and switches the journal mode, which writes; the web app
must never write, so it opens the file itself with SQLite's read-only URI and calls the store's
query functions (``newsgraph.store.queries``) on that connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from ..errors import StoreError

__all__ = ["ReadOnlyStore", "StoreError"]  # StoreError lived here first; its importers keep working


class ReadOnlyStore:
    """A store file opened read-only; ``conn()`` gives this thread's connection."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise StoreError(f"no store at {self.path}", code="E301")
        self._local = threading.local()
        self.check()

    def check(self) -> None:
        """Refuse a file that is not a store, or a store whose schema is older than this code's:
        the app cannot migrate it (it never writes), the store's own commands can."""
        from ..store import explain
        from ..store.schema import MIGRATIONS

        try:
            done = {r[0] for r in self.conn().execute("SELECT name FROM migrations")}
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):  # an SQLite file, but not ours
                raise StoreError(f"{self.path} is not a newsgraph store ({exc})", code="E302") from exc
            raise explain(self.path, exc) from exc
        missing = [name for name, _ in MIGRATIONS if name not in done]
        if missing:
            raise StoreError(f"{self.path} needs the migrations {', '.join(missing)}: run "
                             f"`newsgraph stats --db {self.path}` once (it migrates), then serve again",
                             code="E303")

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # uri=True with mode=ro: SQLite refuses every write to the main database file;
            # TEMP tables (the store's network query uses one) live in memory and stay allowed
            conn = sqlite3.connect(self.path.as_uri() + "?mode=ro", uri=True, check_same_thread=False,
                                   timeout=30)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA cache_size = -32768")
            self._local.conn = conn
        return conn
