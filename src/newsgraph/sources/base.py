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
    """

    content: bytes | str
    origin: Origin
    kind: str = "html"
    url: str | None = None
    encoding: str | None = None  # declared by the transport (HTTP header, WARC record), if any
    meta: dict[str, Any] = field(default_factory=dict)


#: What a source iterator yields: a document, or the error of one input, so a batch goes on.
SourceItem = RawDocument | InputError
