"""Raw captures: every fetched page goes into a gzipped WARC file beside the store (warcio), a
request and a response record each, so any article can be analysed again from the exact bytes
(``newsgraph ingest crawl-*.warc.gz``).

A new file is started for each round that fetches something (the files rotate by round). A
capture is written in one ``write`` (a request and a response record, each its own gzip member)
and synced to disk before the frontier records where it ends, so after a kill -9 the file may
hold captures the frontier never heard of, and at most one torn write after them.
:func:`unrecorded` reads that tail back: each complete capture is recorded as if its write had
returned (the page is not fetched again), and the file is cut after the last one. Each response
record names the URL the frontier asked for in ``WARC-Newsgraph-Requested-URI`` (a WARC extension
field; it differs from ``WARC-Target-URI`` when the page was redirected).
"""

from __future__ import annotations

import io
import os
import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .fetch import Response

REQUESTED = "WARC-Newsgraph-Requested-URI"


@dataclass
class Found:
    """A complete capture read back from a WARC file: what ``Capture.write`` returned for it."""

    url: str  # the URL the frontier asked for
    final_url: str
    status: int
    body: bytes
    start: int
    end: int


def warc_name(directory: Path) -> Path:
    """``crawl-20260102T030405123456Z-<pid>.warc.gz`` in ``directory``: sortable by time."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return directory / f"crawl-{stamp}-{os.getpid()}.warc.gz"


class Capture:
    """An open WARC file; thread-safe. ``write`` returns the (start, end) offsets of the capture."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file = open(path, "ab")  # noqa: SIM115  (kept open across the round, closed by close())

    def write(self, resp: Response) -> tuple[int, int]:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        request = writer.create_warc_record(resp.final_url, "request", payload=io.BytesIO(b""),
                                            http_headers=_request_headers(resp))  # fmt: skip
        response = writer.create_warc_record(resp.final_url, "response", payload=io.BytesIO(resp.body),
                                             warc_headers_dict={REQUESTED: resp.url},
                                             http_headers=_response_headers(resp))  # fmt: skip
        writer.write_request_response_pair(request, response)
        data = buffer.getvalue()
        with self._lock:
            start = self._file.tell()
            self._file.write(data)
            self._file.flush()
            os.fsync(self._file.fileno())
            return start, start + len(data)

    def close(self) -> None:
        self._file.close()


def _request_headers(resp: Response) -> StatusAndHeaders:
    parts = resp.final_url.split("/", 3)
    target = "/" + (parts[3] if len(parts) > 3 else "")
    headers = [(key, value) for key, value in resp.request_headers.items()]
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)


def _response_headers(resp: Response) -> StatusAndHeaders:
    # httpx has already undone gzip/br: the stored body is the decoded one, so the encoding
    # headers go, and the length is the stored body's
    skip = {"content-encoding", "transfer-encoding", "content-length"}
    headers = [(key, value) for key, value in resp.headers.multi_items() if key.lower() not in skip]
    headers.append(("Content-Length", str(len(resp.body))))
    reason = httpx.codes.get_reason_phrase(resp.status) or "OK"
    return StatusAndHeaders(f"{resp.status} {reason}", headers, protocol=resp.http_version)


def unrecorded(path: Path, start: int) -> list[Found]:
    """The complete captures after offset ``start`` of ``path``: a response record whose body is
    as long as its Content-Length says, followed by its request record (the order warcio writes a
    pair in). Reading stops at the first torn or foreign record."""
    if not path.exists() or path.stat().st_size <= start:
        return []
    with open(path, "rb") as handle:
        handle.seek(start)
        tail = handle.read()
    found: list[Found] = []
    records = ArchiveIterator(io.BytesIO(tail), check_digests=False)
    pending: Found | None = None
    try:
        for record in records:
            body = record.content_stream().read()
            offset = start + records.get_record_offset()
            end = offset + records.get_record_length()
            if end > start + len(tail):
                break
            if record.rec_type == "response" and pending is None:
                requested, http = record.rec_headers.get_header(REQUESTED), record.http_headers
                declared = http.get_header("Content-Length") if http is not None else None
                if not requested or not declared or int(declared) != len(body):
                    break
                pending = Found(requested, record.rec_headers.get_header("WARC-Target-URI"),
                                int(http.get_statuscode() or 0), body, offset, end)
            elif record.rec_type == "request" and pending is not None:
                pending.end = end
                found.append(pending)
                pending = None
            else:
                break
    except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError):
        return found  # a torn gzip member or record: the readable part ends before it
    return found


def trim(path: Path, end: int) -> None:
    """Cut ``path`` back to ``end``, dropping a capture that was written but never recorded."""
    if path.exists() and path.stat().st_size > end:
        with open(path, "r+b") as handle:
            handle.truncate(end)
