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

from ..article import SCHEMA_VERSION, Article
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


def selected(conn: sqlite3.Connection, q: str | None, filters: dict[str, Any], limit: int) -> list[tuple[int, str]]:
    """(schema version, stored JSON) of the first ``limit`` articles of the search, in its order."""
    ids = [r["id"] for r in queries.search(conn, q, filters, 1, min(limit, MAX_ARTICLES),
                                               facets=False)["results"]]
    found = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT id, schema_version, json FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return [found[i] for i in ids if i in found]


def render(fmt: Format, stored: list[tuple[int, str]]) -> tuple[str, str, str]:
    """(body, media type, file name) of the ``stored`` articles in ``fmt``.

    JSONL is the stored record itself, a line each: the store keeps an article as the line
    ``write_jsonl`` makes of it (``Article.to_dict``, compact, UTF-8), so rebuilding every Article
    only to serialise it again, most of a download's time, is skipped. The JSON values are the
    same; only a whole number the analysis gave a float field keeps its stored spelling (a
    longitude ``-97``, which ``write_jsonl`` spells ``-97.0``). A record from an older store lacks
    the fields added since; a re-import fills them with their defaults, as reading the store does.
    A record newer than this code goes through ``Article.from_dict``, which refuses it."""
    from ..export import export

    media, suffix = _MEDIA[fmt.value]
    name = f"newsgraph-export.{suffix}"
    if fmt is Format.jsonl and all(version <= SCHEMA_VERSION for version, _ in stored):
        return "".join(record + "\n" for _, record in stored), media, name
    out = io.StringIO()
    export(fmt.value, [Article.from_dict(json.loads(record)) for _, record in stored], out)
    return out.getvalue(), media, name
