"""What every source yields: raw documents with their origin, or an error for one input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..article import Origin
from ..errors import InputError


@dataclass
class RawDocument:
    """One document as a source found it, before extraction.

    ``kind`` tells the extractor what ``content`` is: ``html`` (bytes or str of a web page),
    ``text`` (plain text, possibly a scraped page with its chrome) or ``record`` (an already
    structured item, e.g. a JSONL row or a feed item without a page, whose fields are in ``meta``).
    ``meta`` carries what the source itself knows: title, published, authors, summary, url,
    language, tags… Extraction prefers what it finds in the page and falls back to ``meta``.

    Every source writes the same ``meta`` keys (absent when unknown): ``url``, ``title``, ``text``
    (records), ``summary``, ``published`` and ``modified`` (ISO 8601, zone kept when given; a
    date the source gave but we could not read stays in ``published_raw``), ``authors`` and
    ``tags`` (lists of str), ``language``, ``source`` (outlet or feed title), ``guid``, ``image``,
    ``sitemap`` (True for a sitemap-index entry, which points at another sitemap).
    """

    content: bytes | str
    origin: Origin
    kind: str = "html"
    url: str | None = None
    encoding: str | None = None  # declared by the transport (HTTP header, WARC record), if any
    meta: dict[str, Any] = field(default_factory=dict)


#: What a source iterator yields: a document, or the error of one input, so a batch goes on.
SourceItem = RawDocument | InputError
