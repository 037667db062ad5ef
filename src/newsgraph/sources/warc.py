"""WARC and ARC archives (plain or gzipped, as Common Crawl and Heritrix write them), read with
warcio as a stream, so an archive of any size is never loaded whole.

Every HTML ``response`` (HTTP 2xx) and HTML ``resource`` record becomes a RawDocument with the
target URI, the capture date, the record offset and the HTTP charset. Requests, metadata,
revisits, WAT/WET records and non-HTML payloads are skipped silently: they are not pages. A
truncated or corrupt archive yields what was read and then one InputError.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..article import Origin
from ..errors import InputError
from .base import RawDocument, SourceItem
from .dates import to_iso
from .sniff import sniff

MAX_RECORD = 100 * 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:\-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml")


class _Records(ArchiveIterator):
    """warcio ends quietly when an archive stops mid-record; remember whether the last gzip
    member was complete before warcio drops its decompressor, so the cut can be reported."""

    gzip_incomplete = False

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader else None
        self.gzip_incomplete = decompressor is not None and not getattr(decompressor, "eof", True)
        super().close()


#: What warcio raises on a damaged archive: its own errors, plus the plain ones its parser trips
#: over when a header is cut short (it calls methods on a missing URI, indexes a short line…).
_DAMAGE = (
    ArchiveLoadFailed,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
    AttributeError,
    TypeError,
    IndexError,
)


def read_warc(stream: IO[bytes], name: str) -> Iterator[SourceItem]:
    """Yield the HTML pages of one archive; ``stream`` may be gzipped or plain, WARC or ARC."""
    records = _Records(stream, arc2warc=True)
    count = 0
    last = None
    while True:
        try:  # record parsing and payload decoding (chunked, gzip) are where damage shows
            record = next(records, None)
            doc = _page(record, records, name) if record is not None else None
        except _DAMAGE as exc:
            yield InputError(name, f"truncated or corrupt archive after {count} page(s): {_reason(exc)}")
            return
        if record is None:
            break
        last = record
        if doc is not None:
            count += 1
            yield doc
    problem = _cut(records, last) or _leftover(stream, records.offset)
    if problem:
        yield InputError(name, f"truncated or corrupt archive after {count} page(s): {problem}")


def _cut(records: _Records, last) -> str | None:
    """Why the archive looks cut short, or None when its last record ended where it said."""
    if records.gzip_incomplete:
        return "the last gzip member ends early (file truncated)"
    if last is None:
        return None
    if last.rec_headers.get_header("Content-Length") is None and last.format != "arc":
        return "the last record's header is incomplete (file truncated)"
    remaining = getattr(last.raw_stream, "limit", 0) or 0
    if remaining > 0:
        return f"the last record is {remaining} bytes short of its Content-Length (file truncated)"
    return None


def _leftover(stream: IO[bytes], end: int) -> str | None:
    """warcio stops without a word at a record whose header was cut off: whatever follows the
    last complete record must be blank."""
    try:
        stream.seek(end)
        rest = stream.read(65536)
    except (OSError, ValueError):  # not seekable: nothing more we can check
        return None
    if rest and not rest.isspace():
        return f"unreadable data at offset {end}, after the last complete record (file truncated or corrupt)"
    return None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def _page(record, records: ArchiveIterator, name: str) -> RawDocument | None:
    if record.rec_type not in ("response", "resource"):
        return None
    content_type = _content_type(record)
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):  # redirects and error pages are not articles
            return None
    if content_type and not content_type.lower().startswith(_HTML_TYPES):
        return None
    payload = record.content_stream().read(MAX_RECORD)
    if not payload or payload.isspace():
        return None
    if not content_type and sniff(payload[:65536]) != "html":
        return None
    headers = record.rec_headers
    origin = Origin(
        name,
        record=str(records.get_record_offset()),
        kind="warc",
        fetched=to_iso(headers.get_header("WARC-Date")),
    )
    charset = _CHARSET.search(content_type or "")
    url = headers.get_header("WARC-Target-URI")
    meta = {"url": url} if url else {}
    return RawDocument(
        payload, origin, kind="html", url=url, encoding=charset.group(1) if charset else None, meta=meta
    )


def _content_type(record) -> str | None:
    """The payload's media type: the HTTP header for responses, the WARC header for resources."""
    if record.rec_type == "response":
        return record.http_headers.get_header("Content-Type") if record.http_headers else None
    return record.rec_headers.get_header("Content-Type")
