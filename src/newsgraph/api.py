"""The Python API the CLI wraps one to one."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from .article import Article, Origin
from .errors import InputError, NewsgraphError
from .extract import sniff_kind
from .pipeline import Pipeline
from .sources import read
from .sources.base import RawDocument

__all__ = ["analyze", "analyze_many", "read"]

_PIPELINES: dict[tuple, Pipeline] = {}


def _pipeline(stages: Iterable[str] | None) -> Pipeline:
    key = tuple(stages) if stages is not None else None
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(stages)
    return _PIPELINES[key]


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    if value.startswith(("http://", "https://")):
        return True
    try:
        return os.path.exists(value)
    except (OSError, ValueError):
        return False


def analyze(
    source: str | bytes | os.PathLike,
    url: str | None = None,
    *,
    stages: Iterable[str] | None = None,
) -> Article | list[Article]:
    """Analyse one input without a store.

    ``source`` is a path (file or directory), a URL, page bytes, or text (HTML or plain). Returns an
    Article, or a list of Articles when the input holds several documents (a feed, a WARC, a
    directory, JSONL). Raw bytes and text never raise: whatever they hold becomes an Article.
    A path that cannot be read raises :class:`InputError` naming it and the reason.
    """
    pipeline = _pipeline(stages)
    if isinstance(source, (bytes, bytearray, memoryview)):
        content = bytes(source)
        doc = RawDocument(content, Origin("<bytes>", kind="bytes"), kind=sniff_kind(content), url=url)
        return _content_article(pipeline, doc)
    if isinstance(source, str) and not _looks_like_path(source):
        doc = RawDocument(source, Origin("<text>", kind="text"), kind=sniff_kind(source), url=url)
        return _content_article(pipeline, doc)
    articles: list[Article] = []
    for item in read([source]):
        if isinstance(item, InputError):
            raise item
        if url and not item.url:
            item.url = url
        articles.append(pipeline.process(item))
    if len(articles) == 1:
        return articles[0]
    if not articles:
        raise InputError(str(source), "holds no document to analyse")
    return articles


def _content_article(pipeline: Pipeline, doc: RawDocument) -> Article:
    """Content handed over directly always gives an Article: one that holds no article (empty,
    binary) comes back empty, with its origin, rather than as an exception."""
    try:
        return pipeline.process(doc)
    except InputError:
        return Article(url=doc.url, origin=doc.origin)


def analyze_many(
    inputs: Iterable[str | os.PathLike],
    *,
    stages: Iterable[str] | None = None,
) -> Iterator[Article | InputError]:
    """Analyse every document in ``inputs``, yielding an Article or the InputError of each failure.

    One bad input never stops the batch: its error is yielded and the rest go on.
    """
    pipeline = _pipeline(stages)
    for item in read(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield pipeline.process(item)
        except InputError as exc:
            yield exc
        except NewsgraphError as exc:  # a configuration problem (say, an unknown model), not a bug: its own code
            yield InputError(item.origin.label, exc.message, code=exc.code)
        except RecursionError:
            yield InputError(item.origin.label, "page is nested too deeply to parse")
        except MemoryError:
            yield InputError(item.origin.label, "page is too large to process in memory")
        except Exception as exc:  # noqa: BLE001  (a bug: report it against this input, keep the batch going)
            yield InputError(
                item.origin.label, f"internal error (a newsgraph bug, please report): {type(exc).__name__}: {exc}"
            )
