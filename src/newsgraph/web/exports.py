"""Export downloads: the articles a search selects, written by ``newsgraph.export`` in memory.

The format is one of a fixed set (a path segment checked against it, never a file name), the
selection is capped at ``MAX_ARTICLES`` (the graph-based formats build a graph over it), and the
download name is built here, not taken from the request.
"""

from __future__ import annotations

import io
import json
import sqlite3
from enum import Enum
from typing import Any

from ..article import Article
from . import queries

MAX_ARTICLES = 200


class Format(str, Enum):
    jsonl = "jsonl"
    gkg = "gkg"
    events = "events"
    plover = "plover"
    graphml = "graphml"


_MEDIA = {"jsonl": ("application/x-ndjson", "jsonl"), "gkg": ("text/tab-separated-values", "gkg.csv"),
          "events": ("text/tab-separated-values", "export.csv"), "plover": ("application/json", "plover.json"),
          "graphml": ("application/xml", "graphml")}


def selected(conn: sqlite3.Connection, q: str | None, filters: dict[str, Any], limit: int) -> list[Article]:
    """The first ``limit`` articles of the search, restored from their stored JSON."""
    ids = [r["id"] for r in queries.search(conn, q, filters, 1, min(limit, MAX_ARTICLES),
                                               facets=False)["results"]]
    found = {r[0]: r[1] for r in conn.execute(
        f"SELECT id, json FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return [Article.from_dict(json.loads(found[i])) for i in ids if i in found]


def render(fmt: Format, articles: list[Article]) -> tuple[str, str, str]:
    """(body, media type, file name) of ``articles`` in ``fmt``."""
    from ..export import export

    out = io.StringIO()
    export(fmt.value, articles, out)
    media, suffix = _MEDIA[fmt.value]
    return out.getvalue(), media, f"newsgraph-export.{suffix}"
