"""Local web sites for the crawler's tests: real HTTP on 127.0.0.1, a route table, request counts.

A route is a fixed reply ``(status, headers, body)`` or a function of the request number for that
path (so a server can answer 503 first and 200 after, or change a feed between rounds). Every
server is a daemon thread that the ``with`` block (or ``close``) shuts down; a handler that
"never answers" sleeps a bounded time, so nothing outlives the test for long.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

Reply = tuple[int, dict[str, str], bytes]
Route = Reply | Callable[[int], Reply]


class Site:
    """One host (127.0.0.1 on its own port) serving ``routes``; ``hits`` counts GETs per path."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.times: dict[str, list[float]] = {}
        self.headers: dict[str, list[dict[str, str]]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # clients that hang up are expected
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)  # fmt: skip
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.hits[path] += 1
            count = self.hits[path]
            self.agents.append(headers.get("User-Agent", ""))
            self.times.setdefault(path, []).append(time.monotonic())
            self.headers.setdefault(path, []).append(headers)
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return route(count) if callable(route) else route

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                status, headers, body = site._reply(self.path, dict(self.headers.items()))
                if status == 0:  # "never answers": hold the connection, bounded
                    time.sleep(float(headers.get("hold", "3")))
                    return
                self.send_response(status)
                for key, value in headers.items():
                    if value:  # an empty Content-Length: the body ends when the connection closes
                        self.send_header(key, value)
                if headers.get("Content-Length") == "":
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (a size cap): that is the point

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def html(title: str, body: str, canonical: str | None = None) -> Reply:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    page = (f"<html><head><title>{title}</title>{link}</head><body><article><h1>{title}</h1>"
            f"{''.join(f'<p>{p}</p>' for p in body.split(chr(10)))}</article></body></html>")
    return 200, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


def rss(items: list[tuple[str, str]], title: str = "Local news") -> Reply:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link></item>" for t, u in items)
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://localhost/</link>{entries}</channel></rss>")
    return 200, {"Content-Type": "application/rss+xml"}, body.encode()
