"""WARC and ARC archives (plain or gzipped, as Common Crawl and Heritrix write them), read with
warcio as a stream, so an archive of any size is never loaded whole.

1. Every HTML ``response`` (HTTP 2xx) and HTML ``resource`` record becomes an ``html``
   RawDocument with the target URI, the capture date, the record offset and the HTTP charset.
2. Every ``conversion`` record of plain text (a WET file: Common Crawl's extracted text) becomes a
   ``text`` RawDocument with its target URI and capture date.
3. A WAT file (Common Crawl's JSON metadata: headers and links, no text) is refused with one
   error saying which files to read instead.
4. Requests, metadata, revisits and non-HTML payloads are skipped silently: they are not pages.
5. A damaged record is one InputError naming its offset, and reading resumes at the next record
   header (``WARC/1.x`` in a plain file, the next gzip member that opens one in a ``.gz``): a
   record is damaged when warcio cannot parse it or when its block is not followed by the blank
   lines and the next header its Content-Length promises (bytes missing or added inside it).
6. An archive cut short yields what was read and then one InputError.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Generator, Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from ..article import Origin
from ..errors import InputError
from .base import RawDocument, SourceItem
from .dates import to_iso
from .sniff import GZIP_MAGIC, sniff

MAX_RECORD = 100 * 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:\-]+)", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml")
_HEADER = re.compile(rb"\n(WARC/1\.[01]\r?\n)")
_SCAN = 1 << 20
_WARC_TYPE = re.compile(r"[A-Za-z][\w\-]*")  # the standard's types, and any a tool adds, are such words
# warcio logs one warning, for a target URI with spaces, quoting the header: on a damaged record
# that is raw binary on stderr, and the damage is reported here anyway.
logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)
WAT = (
    "a WAT file (Common Crawl's JSON metadata: HTTP headers and links, no article text); "
    "read the matching .warc.gz (pages) or .wet.gz (extracted text) instead"
)


class _Reader(DecompressingBufferedReader):
    """warcio's reader writes a zlib error inside a gzip member to stderr and then reads on as if
    the archive ended there, losing every record after it; here the error is raised, so the
    damaged record is reported and reading resumes at the next member."""

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is None or not data or self.num_block_read == 0:
            return super()._decompress(data)  # the first block: warcio's test for plain input
        return self.decompressor.decompress(data)


class _Records(ArchiveIterator):
    """warcio, quiet and watchful: it writes a warning with the raw bytes to stderr when a
    record's block is not followed by blank lines (its Content-Length is wrong: bytes missing or
    added); here that marks the record damaged instead. It also ends quietly when an archive stops
    mid-record: remember whether the last gzip member was complete before warcio drops its
    decompressor, so the cut can be reported."""

    gzip_incomplete = False
    overrun = False

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(stream, arc2warc=True)
        self.reader = _Reader(self.fh, block_size=self.reader.block_size)  # nothing read yet

    def _consume_blanklines(self):
        """warcio's loop over the lines after a block, with the damage flagged, not printed. A
        block whose Content-Length is right is followed by CRLF CRLF and the next ``WARC/``
        header (some writers leave the blank lines out). A block that ends inside other bytes is
        followed by the rest of a line; one that ends, by chance, at a line's end inside the next
        record by at most one blank line and then a header field. After the full CRLF CRLF, a
        line that is no header is the next record's damage, reported when that record is parsed."""
        empty = 0
        lines: list[bytes] = []
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty
            lines.append(line)
            if line.strip() and (len(lines) > 1 or line.startswith(b"WARC/1.")):
                warc = self.record is not None and self.record.format == "warc"
                if warc and not line.startswith(b"WARC/") and lines[:2] != [b"\r\n", b"\r\n"]:
                    self.overrun = True
                return line, empty
            if line.strip():
                self.overrun = True
            empty += len(line)

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
    """Yield the documents of one archive; ``stream`` may be gzipped or plain, WARC or ARC. A
    seekable stream (a file, bytes in memory) lets reading resume after a damaged record."""
    start: int | None = 0
    pages = [0]  # documents yielded so far, for the message of a cut archive
    while start is not None:
        start = yield from _read_from(stream, name, start, pages)


def _read_from(stream: IO[bytes], name: str, start: int, pages: list[int]) -> Generator[SourceItem, None, int | None]:
    """Records from ``start`` on; returns where reading resumes after a damaged one, or None."""
    stream.seek(start)
    records = _Records(stream)
    last = None
    while True:
        offset = records.offset
        try:  # record parsing, payload decoding (chunked, gzip) and the block's end show damage
            record = next(records, None)
            if record is None:
                break
            _check_header(record)
            if _is_wat(record, opening=start == 0 and (last is None or last.rec_type == "warcinfo")):
                yield InputError(name, WAT)
                return None
            doc = _document(record, offset, name)
            records.get_record_offset()  # reads to the block's end, where a wrong length shows
        except _DAMAGE as exc:
            return (yield from _damaged(stream, name, offset, _reason(exc), pages))
        if records.overrun:
            why = "its block does not end where its Content-Length says (bytes missing or added)"
            return (yield from _damaged(stream, name, offset, why, pages))
        last = record
        if doc is not None:
            pages[0] += 1
            yield doc
    problem = _cut(records, last) or _leftover(stream, records.offset)
    if problem:
        yield InputError(name, f"truncated or corrupt archive after {pages[0]} document(s): {problem}")
    return None


def _check_header(record) -> None:
    """A gzip member damaged inside its header can still inflate to bytes that warcio parses as a
    header; the fields every WARC record has tell it from a real one."""
    if record.format != "warc":
        return
    length = record.rec_headers.get_header("Content-Length") or ""
    if not length.strip().isdigit() or not _WARC_TYPE.fullmatch(record.rec_type or ""):
        raise ArchiveLoadFailed("the record's header is unreadable (no valid WARC-Type and Content-Length)")


def _damaged(stream: IO[bytes], name: str, offset: int, why: str,
             pages: list[int]) -> Generator[SourceItem, None, int | None]:  # fmt: skip
    """One error for the damaged record at ``offset``; returns the next record's offset. With no
    record after it, the archive was most likely cut there, and the error says so."""
    resume = _resync(stream, offset)
    if resume is None:
        yield InputError(name, f"truncated or corrupt archive after {pages[0]} document(s): "
                               f"the record at offset {offset} is damaged ({why}) and no record follows it")  # fmt: skip
    else:
        yield InputError(f"{name}#{offset}", f"damaged record at offset {offset} skipped: {why}; "
                                             f"reading resumed at offset {resume}")  # fmt: skip
    return resume


def _resync(stream: IO[bytes], offset: int) -> int | None:
    """The offset of the next record header after ``offset``: a line ``WARC/1.x`` in a plain
    archive, the next gzip member that opens with one in a gzipped archive."""
    try:
        stream.seek(0)
        gzipped = stream.read(2) == GZIP_MAGIC
        return _next_member(stream, offset + 1) if gzipped else _next_header(stream, offset + 1)
    except (OSError, ValueError):  # not seekable: nothing after the damage can be found
        return None


def _next_header(stream: IO[bytes], pos: int) -> int | None:
    while True:
        stream.seek(pos - 1)
        chunk = stream.read(_SCAN + 16)
        match = _HEADER.search(chunk, 1)
        if match:
            return pos - 1 + match.start(1)
        if len(chunk) < _SCAN + 16:
            return None
        pos += _SCAN


def _next_member(stream: IO[bytes], pos: int) -> int | None:
    magic = GZIP_MAGIC + b"\x08"
    while True:
        stream.seek(pos)
        chunk = stream.read(_SCAN + 2)
        found = chunk.find(magic)
        while found >= 0:
            if _opens_record(stream, pos + found):
                return pos + found
            found = chunk.find(magic, found + 1)
        if len(chunk) < _SCAN + 2:
            return None
        pos += _SCAN


def _opens_record(stream: IO[bytes], pos: int) -> bool:
    """Whether a gzip member starts at ``pos`` and opens with a WARC header (three bytes of
    gzip magic also occur by chance inside compressed data)."""
    stream.seek(pos)
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(stream.read(4096), 64)
    except zlib.error:
        return False
    return head.lstrip().startswith(b"WARC/1.")


def _is_wat(record, opening: bool) -> bool:
    """A WAT file says so in its warcinfo's file name, or opens with a JSON metadata record."""
    headers = record.rec_headers
    if record.rec_type == "warcinfo":
        return ".wat." in (headers.get_header("WARC-Filename") or "").lower()
    content_type = (headers.get_header("Content-Type") or "").lower()
    return opening and record.rec_type == "metadata" and content_type.startswith("application/json")
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
    """A one-line reason; warcio quotes the raw bytes it could not parse, which say nothing to a
    reader and may be binary, so those are named rather than echoed."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if text.startswith("Unknown archive format"):
        return "no WARC or ARC header where a record should start"
    return text.encode("ascii", "backslashreplace").decode("ascii")[:200]


def _document(record, offset: int, name: str) -> RawDocument | None:
    """The page or text a record holds, or None when it holds neither."""
    headers = record.rec_headers
    if record.rec_type == "conversion":  # WET: text already extracted from the page
        if not (headers.get_header("Content-Type") or "text/plain").lower().startswith("text/plain"):
            return None
        kind, charset = "text", "utf-8"
    else:
        content_type = _page_type(record)
        if content_type is None:
            return None
        kind, charset = "html", _CHARSET.search(content_type)
        charset = charset.group(1) if charset else None
    payload = record.content_stream().read(MAX_RECORD)
    if not payload or payload.isspace():
        return None
    if kind == "html" and not _content_type(record) and sniff(payload[:65536]) != "html":
        return None
    origin = Origin(name, record=str(offset), kind="warc", fetched=to_iso(headers.get_header("WARC-Date")))
    url = headers.get_header("WARC-Target-URI")
    meta = {"url": url} if url else {}
    return RawDocument(payload, origin, kind=kind, url=url, encoding=charset, meta=meta)


def _page_type(record) -> str | None:
    """The media type of an HTML page record ("" when it declares none), else None."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):  # redirects and error pages are not articles
            return None
    content_type = _content_type(record) or ""
    if content_type and not content_type.lower().startswith(_HTML_TYPES):
        return None
    return content_type


def _content_type(record) -> str | None:
    """The payload's media type: the HTTP header for responses, the WARC header for resources."""
    if record.rec_type == "response":
        return record.http_headers.get_header("Content-Type") if record.http_headers else None
    return record.rec_headers.get_header("Content-Type")
