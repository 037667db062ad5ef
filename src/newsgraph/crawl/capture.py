"""Raw captures: every fetched page goes into a gzipped WARC file beside the store (warcio), a
request and a response record each, so any article can be analysed again from the exact bytes
(``newsgraph ingest crawl-*.warc.gz``).

A new file is started for each round that fetches something (the files rotate by round). A capture is written in one ``write`` and flushed to disk before the frontier
records where it ends, so after a kill -9 the file may hold at most a tail the frontier never
heard of: :func:`trim` cuts it off before the file is ingested, and that URL, still queued, is
fetched again. Nothing the frontier calls fetched is ever lost.
"""

from __future__ import annotations

import io
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .fetch import Response


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


def trim(path: Path, end: int) -> None:
    """Cut ``path`` back to ``end``, dropping a capture that was written but never recorded."""
    if path.exists() and path.stat().st_size > end:
        with open(path, "r+b") as handle:
            handle.truncate(end)
