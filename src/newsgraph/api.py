"""The Python API the CLI wraps one to one."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

from .article import Article, Origin
from .errors import InputError, NewsgraphError, StageError
from .extract import sniff_kind
from .pipeline import Pipeline
from .sources import read
from .sources.base import RawDocument
from .sources.sniff import extension_format

__all__ = ["analyze", "analyze_many", "read"]

_PIPELINES: dict[tuple, Pipeline] = {}


def _pipeline(stages: Iterable[str] | None, strict: bool = False) -> Pipeline:
    key = (tuple(stages) if stages is not None else None, strict)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(stages, strict=strict)
    return _PIPELINES[key]


def _looks_like_path(value: str) -> bool:
    """Whether a string names an input rather than holding one: a URL, an existing file, or text
    shaped like a path (:func:`_path_shaped`), which :func:`analyze` refuses when it is missing."""
    if "\n" in value or len(value) > 4096:
        return False
    if value.startswith(("http://", "https://")):
        return True
    try:
        return os.path.exists(value) or _path_shaped(value)
    except (OSError, ValueError):
        return False


def _path_shaped(value: str) -> bool:
    """One line of no markup whose last part has a known input extension (``page.html``,
    ``crawl.warc.gz``), or that holds a path separator and reads as a name, not a sentence (fewer
    than three spaces: "missing/page", not "talks in Kyiv/Kiev went on")."""
    value = value.strip()
    if not value or "<" in value or "\n" in value:
        return False
    last = re.split(r"[/\\]", value)[-1]
    if " " not in last and extension_format(last) is not None:
        return True
    return ("/" in value or os.sep in value) and value.count(" ") < 3


def analyze(
    source: str | bytes | os.PathLike,
    url: str | None = None,
    *,
    stages: Iterable[str] | None = None,
    strict: bool = False,
) -> Article | list[Article]:
    """Analyse one input without a store.

    ``source`` is a path (file or directory), a URL, page bytes, or text (HTML or plain). Returns an
    Article, or a list of Articles when the input holds several documents (a feed, a WARC, a
    directory, JSONL). Raw bytes and text never raise: whatever they hold becomes an Article.
    A path that cannot be read raises :class:`InputError` naming it and the reason; so does a
    string shaped like a path (one line, no markup, a known extension or a path separator) that
    names no file.

    A stage that fails on the article is noted in ``Article.stage_notes`` and the other stages'
    results are kept; ``strict=True`` raises :class:`~newsgraph.errors.StageError` instead.
    """
    pipeline = _pipeline(stages, strict)
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
    strict: bool = False,
) -> Iterator[Article | InputError]:
    """Analyse every document in ``inputs``, yielding an Article or the InputError of each failure.

    One bad input never stops the batch: its error is yielded and the rest go on. A stage that
    fails on one article is noted on it (``Article.stage_notes``); ``strict=True`` raises
    :class:`~newsgraph.errors.StageError` instead and ends the batch.
    """
    pipeline = _pipeline(stages, strict)
    for item in read(inputs):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield pipeline.process(item)
        except InputError as exc:
            yield exc
        except StageError:
            raise
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
