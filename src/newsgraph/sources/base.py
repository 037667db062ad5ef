"""What every source yields: raw documents with their origin, or an error for one input."""

from __future__ import annotations

import os
import re
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


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def printable_name(name: str) -> str:
    """A path as text that SQLite, JSON and a terminal accept. A file name byte that is not UTF-8
    reaches Python as a lone surrogate (PEP 383), which no UTF-8 writer takes; it is written
    ``\\xNN`` instead, and :func:`real_name` turns that back into the name on disk."""
    try:
        return name.encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name byte gives: keep it visible all the same
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def real_name(name: str) -> str:
    """The name on disk for a name :func:`printable_name` escaped (a stored error's input, read
    again); a name that exists as written is left alone."""
    if "\\x" not in name or os.path.lexists(name):
        return name
    return _ESCAPED_BYTE.sub(lambda match: chr(0xDC00 + int(match.group(1), 16)), name)
