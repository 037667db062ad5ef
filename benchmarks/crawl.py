"""The watch against local hosts: is it as fast as politeness allows, and what does fetching cost
next to ingesting the same pages from disk?

    python -m benchmarks crawl --data ../shared/data/extraction [--hosts 10] [--per-host 50] [--delay 0.2]

Real pages (``*.html`` / ``*.html.gz`` under ``--data``) are served by ``--hosts`` HTTP servers on
127.0.0.1, ``--per-host`` each, every host with an RSS feed of its pages. One round of
``newsgraph watch`` (``watch_round``) polls the feeds and fetches every page with ``--delay``
seconds between two requests to a host. The politeness bound is ``per-host × delay``: no polite
crawler can fetch a host's pages faster. The fetch phase's wall time is reported beside it.

Then the same pages are written to a folder and ingested with ``newsgraph ingest`` into another
store, in the same run and with the same workers and stages, so articles stored per second of the
whole watch round, of its ingest phase alone, and of the ingest from disk sit side by side.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newsgraph.crawl.fetch import Politeness
from newsgraph.crawl.watch import watch_round
from newsgraph.ingest import ingest

from .common import parser, read_page, report, require


def _pages(data: Path, count: int) -> list[bytes]:
    paths = sorted(p for p in data.rglob("*") if p.name.endswith((".html", ".html.gz")))
    if len(paths) < count:
        raise SystemExit(f"{data} holds {len(paths)} pages; {count} are needed (lower --hosts or --per-host)")
    return [read_page(p) for p in paths[:count]]


class _Host:
    """A static site on 127.0.0.1: ``/feed`` (RSS of its pages) and ``/p/N``."""

    def __init__(self, pages: list[bytes]) -> None:
        routes: dict[str, tuple[str, bytes]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler(routes))
        self.server.daemon_threads = True
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.feed = f"{base}/feed"
        for n, page in enumerate(pages):
            routes[f"/p/{n}"] = ("text/html; charset=utf-8", page)
        items = "".join(f"<item><title>{n}</title><link>{base}/p/{n}</link></item>" for n in range(len(pages)))
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
        routes["/feed"] = ("application/rss+xml", feed.encode())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def _handler(routes: dict[str, tuple[str, bytes]]) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                kind, body = routes.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main(argv: list[str]) -> int:
    p = parser("crawl", "../shared/data/extraction")
    p.add_argument("--hosts", type=int, default=10)
    p.add_argument("--per-host", type=int, default=50)
    p.add_argument("--delay", type=float, default=0.2)
    p.add_argument("--workers", type=int, default=None, help="ingest workers (default: number of cores)")
    p.add_argument("--stages", default=None, help="comma-separated stages; 'none' for extraction only (default: all)")
    args = p.parse_args(argv)
    data = require(args.data)
    stages = None if args.stages is None else [s for s in args.stages.split(",") if s and s != "none"]
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    pages = _pages(data, args.hosts * args.per_host)
    hosts = [_Host(pages[h * args.per_host:(h + 1) * args.per_host]) for h in range(args.hosts)]
    manners = Politeness(delay=args.delay, allow_private=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            crawl = watch_round([h.feed for h in hosts], Path(tmp) / "crawl.db", manners, workers=workers, stages=stages)
            folder = Path(tmp) / "pages"
            folder.mkdir()
            for n, page in enumerate(pages):
                (folder / f"{n:05d}.html").write_bytes(page)
            started = time.monotonic()
            disk = ingest([str(folder)], Path(tmp) / "disk.db", workers=workers, stages=stages)
            disk_seconds = time.monotonic() - started
    finally:
        for host in hosts:
            host.close()
    bound = args.per_host * args.delay
    systems = {
        "watch round": {"pages": crawl.fetched, "stored": crawl.stored, "failed": crawl.failed,
                        "fetch_s": crawl.fetch_seconds, "bound_s": bound, "fetch/bound": crawl.fetch_seconds / bound,
                        "ingest_s": crawl.ingest_seconds, "total_s": crawl.seconds,
                        "stored/s": crawl.stored / crawl.seconds, "ingest stored/s": crawl.stored / crawl.ingest_seconds},
        "ingest from disk": {"pages": disk.documents, "stored": disk.added, "failed": disk.failed,
                             "total_s": disk_seconds, "stored/s": disk.added / disk_seconds},
    }  # fmt: skip
    notes = [(f"{args.hosts} hosts × {args.per_host} pages, {args.delay} s per-host delay, {workers} ingest workers, "
             f"stages: {'all' if stages is None else ','.join(stages) or 'extraction only'}")]  # fmt: skip
    report("crawl", args.data, len(pages), systems, args.json, notes)
    return 0
