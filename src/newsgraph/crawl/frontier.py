"""The crawl frontier, kept in the store (tables ``crawl_*``, migration 0008) so a watch killed at
any moment resumes where it stopped.

A URL is normalised once (courlan, fragment dropped) and stored once: ``queued`` until fetched,
then ``fetched`` with where its capture lies in which WARC file, ``failed`` with the code and
reason (retried at ``next_attempt`` while attempts remain), ``robots`` when robots.txt forbids
it, or ``alias`` when it is the final URL of a redirect or the canonical link of a page fetched
under another URL (so a feed listing it later does not fetch the same page twice). Every change
is its own committed statement: what the table says was done, was done.

Sources (feeds, sitemaps) keep their conditional-GET validators and an adaptive interval: a poll
that brings new URLs halves it (down to the watch's ``--every``), an empty poll grows it by half
(up to 16 × ``--every``). Every poll is logged in ``crawl_polls``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from urllib.parse import urldefrag, urlsplit

from courlan import normalize_url

from ..store.schema import now

STATES = ("queued", "fetched", "failed", "robots", "alias")
MAX_ATTEMPTS = 3


def normalise(url: str) -> str:
    """The frontier's key for ``url``: courlan's normal form (case, default port, tracking
    parameters dropped, query sorted), without the fragment."""
    try:
        url = normalize_url(url.strip(), strict=True)
    except ValueError:
        url = url.strip()
    return urldefrag(url)[0]


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _later(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="microseconds")


class Frontier:
    """The ``crawl_*`` tables on one connection (the caller serialises access across threads)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- URLs ------------------------------------------------------------------------------------

    def add(self, urls: list[str], source: str) -> int:
        """Queue the URLs not seen before; return how many were new."""
        before = self.conn.total_changes
        stamp = now()
        self.conn.execute("BEGIN IMMEDIATE")
        for url in urls:
            key = normalise(url)
            if urlsplit(key).scheme not in ("http", "https"):
                continue
            self.conn.execute("INSERT OR IGNORE INTO crawl_urls(url, host, source, state, discovered) "
                              "VALUES (?, ?, ?, 'queued', ?)", (key, host_of(key), source, stamp))  # fmt: skip
        self.conn.execute("COMMIT")
        return self.conn.total_changes - before

    def due(self) -> dict[str, list[str]]:
        """Queued URLs whose time has come, by host, in the order they were found."""
        rows = self.conn.execute(
            "SELECT url, host FROM crawl_urls WHERE state = 'queued' AND (next_attempt IS NULL OR next_attempt <= ?) "
            "ORDER BY discovered, rowid", (now(),))  # fmt: skip
        by_host: dict[str, list[str]] = {}
        for row in rows:
            by_host.setdefault(row[1], []).append(row[0])
        return by_host

    def fetched(self, url: str, final_url: str, status: int, warc: str, offset: int, end: int,
                aliases: list[str]) -> None:  # fmt: skip
        """Mark ``url`` fetched and captured; its redirect target and canonical link become aliases."""
        stamp = now()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "UPDATE crawl_urls SET state = 'fetched', attempts = attempts + 1, final_url = ?, status = ?, warc = ?, "
            "warc_offset = ?, warc_end = ?, fetched = ?, code = NULL, reason = NULL, next_attempt = NULL WHERE url = ?",
            (final_url, status, warc, offset, end, stamp, url))  # fmt: skip
        for alias in {normalise(a) for a in aliases} - {url}:
            self.conn.execute(
                "INSERT INTO crawl_urls(url, host, source, state, reason, discovered, fetched) "
                "VALUES (?, ?, ?, 'alias', ?, ?, ?) ON CONFLICT(url) DO UPDATE SET state = 'alias', reason = "
                "excluded.reason WHERE crawl_urls.state IN ('queued', 'failed')",
                (alias, host_of(alias), url, f"same page as {url}", stamp, stamp))  # fmt: skip
        self.conn.execute("COMMIT")

    def failed(self, url: str, code: str, reason: str, retry_in: float | None = None) -> None:
        """Record why ``url`` failed; robots refusals are final, others are retried while attempts remain."""
        row = self.conn.execute("SELECT attempts FROM crawl_urls WHERE url = ?", (url,)).fetchone()
        attempts = (row[0] if row else 0) + 1
        if code == "E401":
            state, retry = "robots", None
        elif retry_in is not None and attempts < MAX_ATTEMPTS:
            state, retry = "queued", _later(retry_in)
        else:
            state, retry = "failed", None
        self.conn.execute("UPDATE crawl_urls SET state = ?, attempts = ?, code = ?, reason = ?, next_attempt = ? "
                          "WHERE url = ?", (state, attempts, code, reason, retry, url))  # fmt: skip

    def known(self, url: str) -> str | None:
        row = self.conn.execute("SELECT state FROM crawl_urls WHERE url = ?", (normalise(url),)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        rows = self.conn.execute("SELECT state, count(*) FROM crawl_urls GROUP BY state")
        return {state: 0 for state in STATES} | {row[0]: row[1] for row in rows}

    def hosts(self) -> list[dict]:
        """Per host: how many URLs in each state, the last fetch and the last failure's reason."""
        rows = self.conn.execute(
            "SELECT host, sum(state = 'queued') AS queued, sum(state = 'fetched') AS fetched, "
            "sum(state = 'failed') AS failed, sum(state = 'robots') AS robots, max(fetched) AS last_fetch "
            "FROM crawl_urls WHERE state != 'alias' GROUP BY host ORDER BY host")  # fmt: skip
        return [dict(row) for row in rows]

    def end_of(self, warc: str) -> int:
        """Where the last capture recorded in ``warc`` ends: anything after it was never committed."""
        row = self.conn.execute("SELECT max(warc_end) FROM crawl_urls WHERE warc = ?", (warc,)).fetchone()
        return row[0] or 0

    # -- sources ---------------------------------------------------------------------------------

    def source(self, url: str, every: float) -> dict:
        self.conn.execute("INSERT OR IGNORE INTO crawl_sources(url, interval) VALUES (?, ?)", (url, every))
        return dict(self.conn.execute("SELECT * FROM crawl_sources WHERE url = ?", (url,)).fetchone())

    def polled(self, url: str, kind: str, status: str, items: int, new: int, every: float,
               etag: str | None = None, last_modified: str | None = None) -> None:  # fmt: skip
        """Log a poll and adapt the source's interval to how often it brings something new."""
        interval = self.source(url, every)["interval"]
        interval = max(every, interval / 2) if new else min(every * 16, interval * 1.5)
        stamp = now()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "UPDATE crawl_sources SET kind = coalesce(?, kind), etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified), interval = ?, last_polled = ?, next_poll = ?, status = ? "
            "WHERE url = ?", (kind, etag, last_modified, interval, stamp, _later(interval), status, url))  # fmt: skip
        self.conn.execute("INSERT INTO crawl_polls VALUES (?, ?, ?, ?, ?)", (url, stamp, status, items, new))
        self.conn.execute("COMMIT")

    # -- captures --------------------------------------------------------------------------------

    def capture_started(self, warc: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO crawl_captures(warc, created) VALUES (?, ?)", (warc, now()))

    def pending_captures(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT warc FROM crawl_captures WHERE ingested IS NULL ORDER BY created")]

    def capture_ingested(self, warc: str) -> None:
        self.conn.execute("UPDATE crawl_captures SET ingested = ? WHERE warc = ?", (now(), warc))
