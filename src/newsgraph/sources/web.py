"""Fetch http(s) URLs with httpx: one client for the batch, a 10 s timeout, a user agent that names
us, redirects followed, robots.txt obeyed (protego, RFC 9309) and a size cap while streaming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from ..errors import FetchError  # defined with the other errors, importable from here as before

USER_AGENT = "newsgraph/0.1 (+https://pypi.org/project/newsgraph/; news analysis for research)"
TIMEOUT = 10.0


@dataclass
class Fetched:
    """A fetched body with what the transport said about it."""

    data: bytes
    url: str  # the final URL, after redirects
    content_type: str
    fetched: str  # ISO 8601, UTC


class Fetcher:
    """Fetches URLs politely; pass ``client`` (e.g. with ``httpx.MockTransport``) to test offline."""

    def __init__(self, client: httpx.Client | None = None, max_bytes: int = 100 * 1024 * 1024) -> None:
        self._own = client is None
        self.client = client or httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT})
        self.max_bytes = max_bytes
        self._robots: dict[str, Protego | None] = {}

    def close(self) -> None:
        if self._own:
            self.client.close()

    def fetch(self, url: str) -> Fetched:
        """The body of ``url``; raises FetchError with the reason when it cannot be had."""
        if not self.allowed(url):
            raise FetchError("blocked by the site's robots.txt", code="E401")
        try:
            return self._get(url)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {TIMEOUT:g} s", code="E402") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", code="E403") from None

    def _get(self, url: str) -> Fetched:
        headers = {"User-Agent": USER_AGENT}
        with self.client.stream("GET", url, headers=headers, follow_redirects=True, timeout=TIMEOUT) as resp:
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip(), code="E404")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"response is over the {self.max_bytes // 2**20} MB limit", code="E405")
                chunks.append(chunk)
            when = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            return Fetched(b"".join(chunks), str(resp.url), resp.headers.get("content-type", ""), when)

    def allowed(self, url: str) -> bool:
        """RFC 9309: a missing robots.txt (4xx) allows all; a failing one (5xx) allows none."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            self._robots[site] = self._load_robots(site)
        rules = self._robots[site]
        return True if rules is None else rules.can_fetch(url, USER_AGENT)

    def _load_robots(self, site: str) -> Protego | None:
        try:
            resp = self.client.get(f"{site}/robots.txt", headers={"User-Agent": USER_AGENT},
                                   follow_redirects=True, timeout=TIMEOUT)  # fmt: skip
        except httpx.HTTPError:
            return None  # unreachable site: the page fetch itself will report why
        if resp.status_code >= 500:
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if resp.status_code >= 400 or not resp.content:
            return None
        return Protego.parse(resp.text)


__all__ = ["USER_AGENT", "FetchError", "Fetched", "Fetcher"]
