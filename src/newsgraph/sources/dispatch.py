"""Route each input to its reader: standard input, http(s) URLs, directories (walked in sorted
order), and files, whose format comes from the extension or, when that says nothing, from the
content (gzip magic, WARC/ARC header, XML root, JSON). Each input is guarded: whatever goes wrong
with one becomes one InputError and the next input is read.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

import httpx

from ..article import Origin
from ..errors import InputError
from .base import RawDocument, SourceItem, printable_name, real_name
from .feeds import read_feed, read_sitemap
from .records import read_json, read_jsonl
from .sniff import (
    FEED_ROOTS,
    GZIP_MAGIC,
    HEAD,
    SITEMAP_ROOTS,
    SKIP_EXTENSIONS,
    extension_format,
    sniff,
    split_gz,
    xml_root,
)
from .warc import read_warc
from .web import Fetcher, FetchError

#: Pages and feeds are held in memory once; anything bigger is refused with a clear error.
#: Archives (WARC/ARC) are streamed record by record and have no limit.
MAX_BYTES = 100 * 1024 * 1024
BINARY = "binary content, not a web page or text"
_TYPE_FORMATS = (("html", "html"), ("xhtml", "html"), ("json", "json"), ("rss", "xml"), ("atom", "xml"),
                 ("xml", "xml"), ("warc", "warc"), ("text/plain", "text"))  # fmt: skip


def read_inputs(
    inputs: Iterable[str | bytes | os.PathLike] | str | bytes | os.PathLike,
    *,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[SourceItem]:
    """Yield, lazily, a RawDocument per document in ``inputs`` or an InputError per failure."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    fetcher: Fetcher | None = None
    try:
        for item in inputs:
            name = os.fsdecode(item)  # a bytes path too: its undecodable bytes become surrogates
            if name == "-":
                yield from _guard("<stdin>", _read_stdin(stdin))
            elif name.lower().startswith(("http://", "https://")):
                fetcher = fetcher or Fetcher(client, MAX_BYTES)
                yield from _guard(name, _read_url(name, fetcher))
            else:
                yield from _guard(printable_name(name), _read_path(Path(real_name(name)), explicit=True))
    finally:
        if fetcher is not None:
            fetcher.close()


def _guard(name: str, items: Iterator[SourceItem]) -> Iterator[SourceItem]:
    """Turn an unexpected failure inside one input into its InputError, so the batch goes on."""
    try:
        yield from items
    except MemoryError:
        yield InputError(name, "too large to read into memory")
    except Exception as exc:  # noqa: BLE001 -- a reader bug must not end the batch; say so plainly
        yield InputError(name, f"internal error reading input (a newsgraph bug): {type(exc).__name__}: {exc}")


def _read_stdin(stream: BinaryIO | None) -> Iterator[SourceItem]:
    source = stream if stream is not None else getattr(sys.stdin, "buffer", None)
    if source is None:
        yield InputError("<stdin>", "no standard input to read (the process has none attached)")
        return
    if source.isatty():  # reading would wait for typing that never comes
        yield InputError("<stdin>", "nothing piped to standard input: '-' reads a pipe or a redirected file")
        return
    data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield InputError("<stdin>", f"input is over the {MAX_BYTES // 2**20} MB limit")
        return
    yield from _read_bytes(data, "<stdin>", None, explicit=True, kind="stdin")


def _read_url(url: str, fetcher: Fetcher) -> Iterator[SourceItem]:
    try:
        page = fetcher.fetch(url)
    except FetchError as exc:
        # the fetch's own code (robots, timeout, HTTP status…) says more than the input family's
        yield InputError(url, f"could not fetch URL: {exc.message}", code=exc.code)
        return
    fmt = _type_format(page.content_type) or extension_format(page.url.split("?")[0].split("#")[0])
    charset = _charset(page.content_type)
    yield from _read_bytes(page.data, url, fmt, explicit=True, kind="url", url=page.url,
                           encoding=charset, fetched=page.fetched)  # fmt: skip


def _type_format(content_type: str) -> str | None:
    media = content_type.split(";")[0].strip().lower()
    return next((fmt for key, fmt in _TYPE_FORMATS if key in media), None) if media else None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _read_path(path: Path, explicit: bool) -> Iterator[SourceItem]:
    name = printable_name(str(path))
    if path.is_dir():
        yield from _walk(path)
    elif not path.exists():
        yield InputError(name, "no such file or directory")
    else:
        yield from _read_file(path, explicit)


def _walk(root: Path) -> Iterator[SourceItem]:
    """Every file under ``root`` in sorted order, hidden files and folders skipped."""
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        while unreadable:  # a folder we may not list is reported once, not silently lost
            error = unreadable.pop(0)
            yield InputError(printable_name(str(error.filename or root)),
                             f"cannot list folder: {error.strerror or error}")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            base, _ = split_gz(file)
            if file.startswith(".") or Path(base).suffix.lower() in SKIP_EXTENSIONS:
                continue
            path = Path(folder) / file
            yield from _guard(printable_name(str(path)), _read_file(path, explicit=False))
    for error in unreadable:
        yield InputError(printable_name(str(error.filename or root)), f"cannot list folder: {error.strerror or error}")


def _read_file(path: Path, explicit: bool) -> Iterator[SourceItem]:
    """One file, opened once: archives stream from the handle, everything else is read once.
    Only regular files are read: a FIFO, a device or a socket would block or never end. The open
    does not block (O_NONBLOCK) and the opened file is checked again, so a pipe put in a file's
    place between the two checks is refused too, not waited on."""
    name = printable_name(str(path))
    try:
        special = _special(path.stat().st_mode)
        if special is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            special = _special(os.fstat(fd).st_mode)
            if special is not None:
                os.close(fd)
    except PermissionError:
        yield InputError(name, "permission denied")
        return
    except OSError as exc:
        yield InputError(name, f"cannot open: {exc.strerror or exc}")
        return
    if special is not None:
        yield InputError(name, f"not a regular file but {special}; skipped (to read a stream, pipe it to '-')")
        return
    with os.fdopen(fd, "rb") as handle:
        yield from _read_handle(handle, name, explicit)


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _read_handle(handle: BinaryIO, name: str, explicit: bool) -> Iterator[SourceItem]:
    fmt = extension_format(name)
    size = os.fstat(handle.fileno()).st_size
    if size == 0:
        if explicit or fmt:
            yield InputError(name, "empty file")
        return
    try:
        head = handle.read(HEAD)
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    gzipped = head.startswith(GZIP_MAGIC)
    inner = _gunzip_head(head) if gzipped else head
    handle.seek(0)
    if isinstance(inner, InputError):
        yield InputError(name, inner.reason, code=inner.code)
        return
    sniffed = sniff(inner)
    if fmt == "warc" or sniffed == "warc":
        yield from read_warc(handle, name)  # warcio reads gzip members itself, record by record
        return
    if fmt is None and not explicit and sniffed not in ("html", "feed", "sitemap"):
        return  # an unknown file in a folder that does not look like news: skip it unread
    data = _load(handle, name, size, gzipped)
    if isinstance(data, InputError):
        yield data
        return
    yield from _read_bytes(data, name, fmt, explicit=explicit, kind="file")


def _gunzip_head(head: bytes) -> bytes | InputError:
    """The start of a gzip stream's content, enough to sniff it. A truncated tail is not an error
    here: the full read reports it, after an archive has yielded the records before the cut."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, HEAD)
    except zlib.error as exc:
        return InputError("", f"corrupt gzip: {exc}")


def _load(handle: BinaryIO, name: str, size: int, gzipped: bool) -> bytes | InputError:
    limit = f"{MAX_BYTES // 2**20} MB"
    if not gzipped:
        if size > MAX_BYTES:
            return InputError(name, f"file is {size / 2**20:.0f} MB, over the {limit} limit for one page")
        return handle.read()
    data = _gunzip(handle, name)
    if isinstance(data, bytes) and len(data) > MAX_BYTES:
        return InputError(name, f"decompressed content is over the {limit} limit for one page")
    return data


def _gunzip(source: IO[bytes], name: str) -> bytes | InputError:
    """Decompress up to one byte past the cap, so a gzip bomb is refused, not expanded."""
    try:
        with gzip.GzipFile(fileobj=source) as stream:
            return stream.read(MAX_BYTES + 1)
    except EOFError as exc:
        return InputError(name, f"truncated gzip: {exc}")
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        return InputError(name, f"corrupt gzip: {exc}")


def _read_bytes(
    data: bytes,
    name: str,
    fmt: str | None,
    *,
    explicit: bool,
    kind: str,
    url: str | None = None,
    encoding: str | None = None,
    fetched: str | None = None,
) -> Iterator[SourceItem]:
    """Content already in memory (a file, stdin, a fetched body) → its documents."""
    if data.startswith(GZIP_MAGIC):
        head = _gunzip_head(data[:HEAD])
        if fmt == "warc" or (isinstance(head, bytes) and sniff(head) == "warc"):
            yield from read_warc(io.BytesIO(data), name)  # member by member: damage costs one record
            return
        unzipped = _gunzip(io.BytesIO(data), name)
        if isinstance(unzipped, InputError):
            yield unzipped
            return
        data = unzipped
        if len(data) > MAX_BYTES:
            yield InputError(name, "decompressed content is over the limit for one page")
            return
    if not data or data.isspace():  # isspace stops at the first other byte; strip() would copy it all
        if explicit or fmt:
            yield InputError(name, "empty file" if data == b"" else "empty file (only whitespace)")
        return
    sniffed = sniff(data[:HEAD])
    if fmt == "warc" or sniffed == "warc":
        yield from read_warc(io.BytesIO(data), name)
    elif fmt == "jsonl":
        yield from read_jsonl(data, name)
    elif fmt == "json":
        yield from read_json(data, name)
    elif fmt is None and sniffed == "json" and explicit:
        yield from _json_or_text(data, name, kind, url, encoding, fetched)
    elif fmt == "xml" or (sniffed in ("feed", "sitemap") and (fmt is None or kind == "url")):
        # A web server's Content-Type is often wrong (feeds served as text/html); content decides.
        if sniffed in ("feed", "sitemap") or explicit:  # other XML in a folder is not news: skip it
            yield from _read_xml(data, name, sniffed, encoding)
    elif fmt in ("html", "text") or (fmt is None and (explicit or sniffed == "html")):
        page_kind = "binary" if sniffed == "binary" else (fmt or sniffed)
        yield from _page(data, name, page_kind, explicit, kind, url, encoding, fetched)


def _json_or_text(data: bytes, name: str, kind: str, url: str | None, encoding: str | None,
                  fetched: str | None) -> Iterator[SourceItem]:  # fmt: skip
    """Nameless content opening with ``{`` or ``[`` is JSON, unless it does not parse: then it is
    text that happens to start with a bracket ("[Reuters] Talks resumed…")."""
    items = read_json(data, name)
    first = next(items, None)
    if isinstance(first, InputError) and first.reason.startswith("not valid JSON"):
        yield from _page(data, name, "text", True, kind, url, encoding, fetched)
        return
    if first is not None:
        yield first
    yield from items


def _read_xml(data: bytes, name: str, sniffed: str, encoding: str | None) -> Iterator[SourceItem]:
    if sniffed == "feed":
        yield from read_feed(data, name, encoding)
    elif sniffed == "sitemap":
        yield from read_sitemap(data, name)
    else:
        root = xml_root(data[:HEAD]) if sniffed != "binary" else None
        if root and root != "html":
            roots = "/".join(sorted(FEED_ROOTS | SITEMAP_ROOTS))
            yield InputError(name, f"not a feed: root element <{root}> is not one of {roots}")
        else:
            yield InputError(name, f"not a feed: the content is {_described(sniffed)}, not XML")


def _described(sniffed: str) -> str:
    return {"html": "an HTML page", "binary": "binary data", "text": "plain text", "json": "JSON"}[sniffed]


def _page(data: bytes, name: str, kind: str, explicit: bool, origin_kind: str,
          url: str | None, encoding: str | None, fetched: str | None) -> Iterator[SourceItem]:  # fmt: skip
    """A single page or text, passed on undecoded: extraction decodes with the charset rules."""
    if kind == "binary":
        if explicit:
            yield InputError(name, BINARY)
        return
    if kind not in ("html", "text"):
        kind = "text"
    origin = Origin(name, kind=origin_kind, fetched=fetched)
    meta = {"url": url} if url else {}
    yield RawDocument(data, origin, kind=kind, url=url, encoding=encoding, meta=meta)
