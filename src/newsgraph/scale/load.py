"""Reading a ``newsgraph spark run`` output folder back, for ``newsgraph ingest DIR``.

The folder's ``inputs`` table lists every stored document in input order, with the article it
gave; the ``articles`` table holds each article once, in the order of its first document, with the
full Article as JSON. Walking both in step (Parquet files in partition order, which is the order
of the inputs) yields every document as ``(article, origin, content hash, input)`` without
holding the folder in memory; the ``errors`` table yields the records that failed. The store's
writer then does exactly what a local ingest does with them, cross-article graph included.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import InputError
from .job import MARKER


def is_spark_output(name: str) -> bool:
    return os.path.isfile(os.path.join(name, MARKER))


def _table_rows(folder: Path, table: str, columns: list[str]) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not (folder / table).is_dir():
        raise InputError(str(folder), f"not a complete spark output: the {table} table is missing")
    for path in sorted((folder / table).glob("part-*.parquet"), key=_partition):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=256, columns=columns):
            yield from batch.to_pylist()


def _partition(path: Path) -> int:
    """``part-00012-0.parquet`` → 12: the task's number, which is the inputs' order."""
    return int(path.name.split("-")[1])


def spark_documents(name: str) -> Iterator[tuple[Article | InputError, str, str, str]]:
    """``(Article, origin, content hash, input)`` for each stored document of the output folder
    ``name``, then ``(InputError, origin, "", input)`` for each record that failed."""
    folder = Path(name)
    articles = _table_rows(folder, "articles", ["id", "json"])
    known: dict[str, Article] = {}  # articles of the current stretch of documents
    seen: set[str] = set()
    for row in _table_rows(folder, "inputs", ["origin", "content_hash", "input", "article_id"]):
        aid = row["article_id"]
        if aid not in seen:  # its first document: the article is the next one in the articles table
            found = next(articles, None)
            if found is None or found["id"] != aid:
                raise InputError(name, f"the articles and inputs tables disagree at article {aid}")
            seen.add(aid)
            known = {aid: Article.from_dict(json.loads(found["json"]))}
        article = known.get(aid) or _again(folder, aid)
        yield article, row["origin"], row["content_hash"], row["input"]
    for row in _table_rows(folder, "errors", ["origin", "input", "reason"]):
        yield InputError(row["origin"], row["reason"]), row["origin"], "", row["input"]


def _again(folder: Path, aid: str) -> Article:
    """A later document of an article met earlier (the same page in two inputs): rare, so it is
    looked up in the articles table rather than kept in memory."""
    for row in _table_rows(folder, "articles", ["id", "json"]):
        if row["id"] == aid:
            return Article.from_dict(json.loads(row["json"]))
    raise InputError(str(folder), f"article {aid} of the inputs table is not in the articles table")
