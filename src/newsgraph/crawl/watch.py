"""One round of the watch, and the loop that repeats it.

A round:

1. Recover: a WARC file of an earlier round that was never ingested (the watch was killed) is
   finished: captures written after the frontier's last record are recorded from the file (their
   pages are not fetched again), a torn write is cut off, and the file is ingested.
2. Poll the sources that are due (all of them with ``--once``): a feed (RSS/Atom, JSON Feed) or a sitemap
   (news sitemap, sitemap index: its sitemaps are polled too), fetched with conditional GET. A
   source that answers with HTML is a site's home page: its ``<link rel="alternate">`` feeds, its
   robots.txt ``Sitemap:`` lines, else the usual paths (``/feed``, ``/rss``, ``/sitemap.xml``…)
   become sources in its place. New article URLs go into the frontier.
3. Fetch the due URLs, hosts in parallel, each host one page at a time (see :mod:`.fetch`); each
   page is captured in this round's WARC file, then marked fetched in the frontier; its redirect
   target and canonical link become aliases, so they are not fetched again.
4. Ingest the round's WARC file through :func:`newsgraph.ingest.ingest`: the same workers, the
   same single writer and the same errors table as ``newsgraph ingest``.
5. Run the alerts (:mod:`.alerts`): each delivers the new articles or events it matches, once.

``stop`` (an Event set by Ctrl-C or SIGTERM) ends the fetching after the pages in hand; what was
captured is still ingested.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..errors import ConfigError, FetchError, InputError
from ..sources.feeds import read_feed, read_sitemap
from ..sources.sniff import xml_root
from ..store import Store, connect
from ..store.schema import now
from .alerts import run_alerts
from .capture import Capture, trim, unrecorded, warc_name
from .fetch import FEED_TYPES, PAGE_TYPES, Fetcher, Politeness, Response
from .frontier import Frontier, host_of, normalise

USUAL_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/sitemap_news.xml", "/news-sitemap.xml",
               "/sitemap.xml")  # fmt: skip
_FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_SITEMAP_ROOTS = ("urlset", "sitemapindex")
_RETRY_SECONDS = 600.0


@dataclass
class RoundResult:
    """What one round did; ``line()`` is the progress line the CLI prints."""

    sources: int = 0  # sources polled
    new_urls: int = 0
    fetched: int = 0
    failed: int = 0
    stored: int = 0  # articles the ingest added
    alerts: dict[str, int] = field(default_factory=dict)  # alert name → matches delivered
    seconds: float = 0.0
    fetch_seconds: float = 0.0  # polling the sources and fetching the pages
    ingest_seconds: float = 0.0  # analysing and storing the captures
    warc: str | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    phase: str = "starting"  # recovering, polling, fetching, ingesting, alerts, done

    def line(self, next_in: float | None = None) -> str:
        text = (f"{self.sources} source(s) polled, {self.new_urls} new URL(s), {self.fetched} fetched, "
                f"{self.stored} stored, {self.failed} failed, {sum(self.alerts.values())} alert match(es) "
                f"in {self.seconds:.1f} s")  # fmt: skip
        return text + (f"; next round in {next_in:.0f} s" if next_in is not None else "")

    def live(self) -> str:
        """The progress line while the round runs."""
        return (f"{self.phase}: {self.sources} source(s) polled, {self.new_urls} new URL(s), {self.fetched} fetched, "
                f"{self.failed} failed" + (f", {self.stored} stored" if self.stored else ""))  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Progress = Callable[[RoundResult], None]


class _Round:
    def __init__(self, db: Path, fetcher: Fetcher, every: float, force: bool, stop: threading.Event,
                 result: RoundResult, progress: Progress | None = None) -> None:
        self.db, self.fetcher, self.every, self.force, self.stop = db, fetcher, every, force, stop
        self.conn = connect(db)
        self.frontier = Frontier(self.conn)
        self.lock = threading.Lock()  # one thread at a time on the frontier's connection
        self.result = result
        self.progress = progress
        self.capture: Capture | None = None
        self.probed: dict[str, Response] = {}  # usual paths a home page's discovery already fetched

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(self.result)

    # -- sources ---------------------------------------------------------------------------------

    def poll_all(self, urls: list[str], workers: int) -> None:
        """Poll the sources, hosts in parallel (each host's sources one after another)."""
        by_host: dict[str, list[str]] = {}
        for url in urls:
            by_host.setdefault(host_of(url), []).append(url)

        def poll_host(group: list[str]) -> None:
            for url in group:
                if not self.stop.is_set():
                    self.poll(url)

        with ThreadPoolExecutor(max(1, min(workers, len(by_host)))) as pool:
            for future in [pool.submit(poll_host, group) for group in by_host.values()]:
                future.result()

    def poll(self, url: str, depth: int = 0) -> None:
        """Poll one source; a home page or a sitemap index leads to the sources it names."""
        with self.lock:
            source = self.frontier.source(url, self.every)
        if not self.force and depth == 0 and source["next_poll"] and source["next_poll"] > now():
            return
        validators = {key: source[field] for key, field in (("If-None-Match", "etag"),
                      ("If-Modified-Since", "last_modified")) if source[field]}  # fmt: skip
        try:
            resp = self.probed.pop(url, None) or self.fetcher.fetch(url, types=FEED_TYPES + PAGE_TYPES,
                                                                    validators=validators)  # fmt: skip
        except FetchError as exc:
            with self.lock:
                self.result.sources += 1
                self.frontier.polled(url, "", f"[{exc.code}] {exc.message}", 0, 0, self.every)
            self._error(url, exc.code, exc.message)
            self.tick()
            return
        try:
            kind, urls, more = self._read(resp) if resp.status != 304 else ("", [], [])
        except InputError as exc:  # a body that is no source after all
            kind, urls, more = "unknown", [], []
            self._error(url, exc.code, exc.reason)
        with self.lock:
            self.result.sources += 1
            new = self.frontier.add(urls, url) if urls else 0
            self.result.new_urls += new
            status = "not modified" if resp.status == 304 else "ok"
            self.frontier.polled(url, kind, status, len(urls), new, self.every, resp.headers.get("etag"),
                                 resp.headers.get("last-modified"))  # fmt: skip
        self.tick()
        if depth < 2:
            for child in more:
                if not self.stop.is_set():
                    self.poll(child, depth + 1)

    def _read(self, resp: Response) -> tuple[str, list[str], list[str]]:
        """(kind, article URLs, further sources) of a fetched source."""
        head = resp.body[:4096].lstrip()
        root = xml_root(head)
        if root in _SITEMAP_ROOTS:
            items = [i for i in read_sitemap(resp.body, resp.final_url) if not isinstance(i, InputError)]
            if root == "sitemapindex":
                return "sitemap index", [], [i.url for i in items if i.url]
            return "sitemap", [i.url for i in items if i.url], []
        if root in ("rss", "feed", "rdf"):
            items = list(read_feed(resp.body, resp.final_url))
            bad = [i for i in items if isinstance(i, InputError)]
            if bad:
                self._error(resp.url, bad[0].code, bad[0].reason)
            return "feed", [i.url for i in items if not isinstance(i, InputError) and i.url], []
        if head.startswith(b"{"):
            return "json feed", _json_feed(resp.body, resp.final_url), []
        if root == "html" or "html" in resp.content_type:
            return "site", [], self._discover(resp)
        self._error(resp.url, "E100", f"neither a feed, a sitemap nor a web page (root element {root!r})")
        return "unknown", [], []

    def _discover(self, resp: Response) -> list[str]:
        """A home page's feeds and sitemaps: rel=alternate links, robots.txt Sitemap lines, else the usual paths."""
        try:
            page = lxml.html.fromstring(resp.body)
        except (etree.ParserError, ValueError):
            return []
        found = [urljoin(resp.final_url, link.get("href")) for link in page.iter("link")
                 if "alternate" in (link.get("rel") or "").lower().split()
                 and (link.get("type") or "").lower() in _FEED_LINK_TYPES and link.get("href")]  # fmt: skip
        robots = self.fetcher.host(resp.final_url).robots
        found += list(robots.sitemaps) if robots is not None else []
        if not found:
            found = [urljoin(resp.final_url, path) for path in USUAL_PATHS if self._exists(urljoin(resp.final_url, path))]
        return list(dict.fromkeys(found))

    def _exists(self, url: str) -> bool:
        """Whether a usual path answers with a feed; the answer is kept, so polling it as a source
        next does not fetch it a second time."""
        try:
            resp = self.fetcher.fetch(url, types=FEED_TYPES)
        except FetchError:
            return False
        if resp.status == 200:
            self.probed[url] = resp
        return resp.status == 200

    # -- pages -----------------------------------------------------------------------------------

    def fetch_all(self, workers: int) -> None:
        due = self.frontier.due()
        if not due:
            return
        path = warc_name(self.db.parent)
        self.frontier.capture_started(path.name)
        self.capture = Capture(path)
        self.result.warc = str(path)
        with ThreadPoolExecutor(max(1, min(workers, len(due)))) as pool:
            for future in [pool.submit(self._host, urls) for urls in due.values()]:
                future.result()

    def _host(self, urls: list[str]) -> None:
        for url in urls:
            if self.stop.is_set():
                return
            with self.lock:  # an earlier page's redirect or canonical link may have made it an alias
                still_queued = self.frontier.known(url) == "queued"
            if still_queued:
                self._page(url)

    def _page(self, url: str) -> None:
        assert self.capture is not None
        try:
            resp = self.fetcher.fetch(url, types=PAGE_TYPES)
        except FetchError as exc:
            retry = _RETRY_SECONDS if exc.transient else None
            with self.lock:
                self.frontier.failed(url, exc.code, exc.message, retry)
                self.result.failed += 1
                self._error(url, exc.code, exc.message)
            self.tick()
            return
        start, end = self.capture.write(resp)
        aliases = [resp.final_url, *_canonical(resp)]
        with self.lock:
            self.frontier.fetched(url, resp.final_url, resp.status, self.capture.path.name, start, end, aliases)
            self.result.fetched += 1
        self.tick()

    def _error(self, origin: str, code: str, reason: str) -> None:
        self.result.errors.append({"origin": origin, "code": code, "reason": reason})


def _json_feed(body: bytes, name: str) -> list[str]:
    """The item URLs of a JSON Feed (jsonfeed.org 1.x): ``url``, else ``external_url``."""
    try:
        feed = json.loads(body)
    except ValueError as exc:
        raise InputError(name, f"not a JSON Feed: {exc}") from None
    if not isinstance(feed, dict) or "jsonfeed.org" not in str(feed.get("version", "")):
        raise InputError(name, "not a JSON Feed: no jsonfeed.org version")
    items = feed.get("items") if isinstance(feed.get("items"), list) else []
    return [str(i.get("url") or i.get("external_url")) for i in items
            if isinstance(i, dict) and (i.get("url") or i.get("external_url"))]  # fmt: skip


def _canonical(resp: Response) -> list[str]:
    """The page's ``<link rel="canonical">``, when it names another http(s) URL on any host."""
    return _canonical_links(resp.body, resp.final_url)


def _canonical_links(body: bytes, base: str) -> list[str]:
    try:
        page = lxml.html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    hrefs = page.xpath('//head/link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href')
    return [urljoin(base, hrefs[0].strip())] if hrefs and hrefs[0].strip() else []


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """``90``, ``30s``, ``15m``, ``2h``, ``1d`` → seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"{text!r} is not a duration: write 90, 30s, 15m, 2h or 1d")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def expand(sources: Iterable[str]) -> list[str]:
    """SOURCE arguments → source URLs: a local file that is not XML lists URLs, one a line (# comments)."""
    urls: list[str] = []
    for source in sources:
        if os.path.isfile(source):
            text = Path(source).read_text(encoding="utf-8", errors="replace")
            urls += [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
        else:
            urls.append(source)
    return list(dict.fromkeys(urls))


def recover(db: Path, ingest_warc: Callable[[Path], int]) -> int:
    """Finish the WARC files a killed round left behind and ingest them; return the articles they
    added. A capture written after the frontier's last record (the kill came between the write and
    the record) is recorded now from the file, so its page is not fetched again; a torn write after
    the last complete capture is cut off."""
    conn = connect(db)
    frontier = Frontier(conn)
    added = 0
    try:
        for name in frontier.pending_captures():
            path = db.parent / name
            end = frontier.end_of(name)
            for found in unrecorded(path, end):
                if frontier.known(found.url) == "queued":
                    frontier.fetched(found.url, found.final_url, found.status, name, found.start, found.end,
                                     [found.final_url, *_canonical_links(found.body, found.final_url)])
                end = found.end
            trim(path, end)
            if path.exists() and path.stat().st_size:
                added += ingest_warc(path)
            frontier.capture_ingested(name)
    finally:
        conn.close()
    return added


def watch_round(sources: Iterable[str], db: str | os.PathLike, manners: Politeness | None = None, *,
                every: float = 900.0, force: bool = True, workers: int | None = None,
                stages: Iterable[str] | None = None, hosts: int = 32,
                stop: threading.Event | None = None, progress: Progress | None = None) -> RoundResult:  # fmt: skip
    """One round over ``sources`` into the store ``db``; see the module docstring for the steps.
    ``progress`` is called with the round's counters as they change (the CLI's live line)."""
    from ..ingest import ingest

    clock = time.monotonic()
    db = Path(db)
    stages = list(stages) if stages is not None else None
    result = RoundResult()

    def phase(name: str) -> None:
        result.phase = name
        if progress is not None:
            progress(result)

    def ingest_warc(path: Path) -> int:
        return ingest([str(path)], db, workers=workers, stages=stages).added

    Store(db).close()  # creates or migrates the store before the frontier's connection reads it
    phase("recovering")
    stored = recover(db, ingest_warc)
    fetching = time.monotonic()
    with Fetcher(manners) as fetcher:
        run = _Round(db, fetcher, every, force, stop or threading.Event(), result, progress)
        try:
            urls = [normalise(u) if u.startswith(("http://", "https://")) else u for u in expand(sources)]
            phase("polling")
            run.poll_all(urls, hosts)
            phase("fetching")
            run.fetch_all(hosts)
        finally:
            if run.capture is not None:
                run.capture.close()
            run.conn.close()
    ingesting = time.monotonic()
    result.fetch_seconds = ingesting - fetching
    result.stored = stored
    phase("ingesting")
    result.stored = stored + recover(db, ingest_warc)
    result.ingest_seconds = time.monotonic() - ingesting
    phase("alerts")
    conn = connect(db)
    try:
        result.alerts = run_alerts(conn)
    finally:
        conn.close()
    result.seconds = time.monotonic() - clock
    phase("done")
    return result



def watch(sources: Iterable[str], db: str | os.PathLike, manners: Politeness | None = None, *,
          every: float = 900.0, once: bool = False, workers: int | None = None,
          stages: Iterable[str] | None = None, stop: threading.Event | None = None,
          on_round: Callable[[RoundResult, float | None], None] | None = None,
          progress: Progress | None = None) -> list[RoundResult]:  # fmt: skip
    """Rounds every ``every`` seconds until ``stop`` is set (one round with ``once``). Rounds after the
    first poll only the sources whose adaptive interval has run out."""
    stop = stop or threading.Event()
    results: list[RoundResult] = []
    while True:
        result = watch_round(sources, db, manners, every=every, force=once or not results, workers=workers,
                             stages=stages, stop=stop, progress=progress)  # fmt: skip
        results.append(result)
        next_in = None if once or stop.is_set() else max(0.0, every - result.seconds)
        if on_round is not None:
            on_round(result, next_in)
        if next_in is None or stop.wait(next_in):
            return results


def status(db: str | os.PathLike) -> dict[str, Any]:
    """The frontier by state, per host, and the watched sources with their last poll."""
    conn = connect(db)
    try:
        return status_of(conn)
    finally:
        conn.close()


def status_of(conn: sqlite3.Connection) -> dict[str, Any]:
    """:func:`status` on an open connection (the web app's is read-only)."""
    frontier = Frontier(conn)
    sources = [dict(r) for r in conn.execute(
        "SELECT url, kind, status, last_polled, next_poll, interval FROM crawl_sources ORDER BY url")]  # fmt: skip
    return {"urls": frontier.counts(), "hosts": frontier.hosts(), "sources": sources}
