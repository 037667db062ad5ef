"""Lossless JSONL: one ``Article.to_dict()`` a line.

A line written here is a *full* Article (every field, ``schema_version`` included). The generic
JSONL reader (:mod:`newsgraph.sources.records`) would treat it as a scraped record and re-extract
it, losing the annotations, so a re-import must first ask :func:`is_article_record` and, when it
says yes, build the Article with :func:`article_from_record` instead of running the pipeline.
:func:`read_jsonl` does exactly that for a whole file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..article import Article
from ..errors import InputError, SchemaVersionError
from . import Target, open_text

#: Keys every ``Article.to_dict`` output has and no scraper's record has all of.
_ARTICLE_KEYS = frozenset({"id", "text", "schema_version", "mentions", "entities", "events", "quotes"})


def write_jsonl(articles: Iterable[Article], out: Target) -> int:
    count = 0
    with open_text(out) as handle:
        for article in articles:
            handle.write(json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")
            count += 1
    return count


def is_article_record(obj: Any) -> bool:
    """True when ``obj`` is a full Article dict (written by :func:`write_jsonl` or the store)."""
    return isinstance(obj, dict) and _ARTICLE_KEYS <= obj.keys() and isinstance(obj.get("entities"), list)


def article_from_record(obj: dict[str, Any], origin: str = "<record>") -> Article:
    """The Article a full Article dict describes, exactly as it was written (no re-analysis)."""
    try:
        return Article.from_dict(obj)
    except SchemaVersionError as exc:  # readable by a newer newsgraph: say so, with its own code
        raise InputError(origin, exc.message, code=exc.code) from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(origin, f"not a readable newsgraph Article record: {exc}") from exc


def read_jsonl(path: str | os.PathLike) -> Iterator[Article | InputError]:
    """Every line of a newsgraph JSONL export as an Article; a bad line yields an InputError
    naming ``path#line N`` and the rest go on."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{os.fspath(path)}#line {number}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield InputError(where, f"not valid JSON: {exc}")
                continue
            if not is_article_record(obj):
                yield InputError(where, "not a newsgraph Article record (written by `newsgraph export jsonl`)")
                continue
            try:
                yield article_from_record(obj, where)
            except InputError as exc:
                yield exc
