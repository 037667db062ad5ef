"""Polite HTTP fetching for the crawler, as a site owner would expect it.

1. Only http(s), and never a private, loopback, link-local or reserved address unless the user
   allows it (checked on the first URL and on every redirect hop, and the connection made to the
   address that was checked, so DNS rebinding cannot slip past the check).
2. robots.txt obeyed (protego), fetched once per host and kept for ``robots_ttl`` seconds; a
   missing one (4xx) allows all; one that cannot be read (5xx, 429, timeout, no connection)
   allows none until it can be, asked for again after ``robots_retry`` seconds (RFC 9309), and
   the URLs wait (E409, re-queued).
3. One request at a time per host, ``delay`` seconds apart (or the site's ``Crawl-delay`` when it
   asks for more); different hosts run in parallel, each under its own lock.
4. A User-Agent that names newsgraph and the user's contact; conditional GET when the caller
   passes the validators it kept; gzip/deflate (and br when ``brotli`` is installed) through httpx.
5. Redirects followed by hand to ``max_redirects``, so every hop is checked and the final URL kept.
6. 429 and 503 wait for ``Retry-After`` (or back off exponentially with jitter) and try again, at
   most ``retries`` times and never longer than ``max_wait`` per wait; a longer ask is reported.
7. Timeouts on connect and read, a size cap enforced while streaming, and a content-type check.

Every refusal is a :class:`FetchError` whose code and message say why (E401-E409).
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego

from .. import __version__
from ..errors import FetchError
from .frontier import host_of

PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml", "application/feed+json", "application/json", "text/plain",
              "application/x-gzip", "application/gzip")  # fmt: skip
_RETRY_STATUS = (429, 503)
_ROBOTS_BYTES = 500 * 1024  # RFC 9309 lets a crawler stop reading robots.txt at 500 KiB


def user_agent(contact: str | None = None) -> str:
    """``newsgraph/0.1 (+https://pypi.org/project/newsgraph/; contact)``: who we are and how to reach
    whoever runs us, so a site owner can complain to a person rather than block a range."""
    who = f"; {contact}" if contact else ""
    return f"newsgraph/{__version__} (+https://pypi.org/project/newsgraph/{who})"


@dataclass
class Politeness:
    """The crawler's manners; the defaults are what the README promises."""

    delay: float = 1.0  # seconds between two requests to one host
    contact: str | None = None
    allow_private: bool = False
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3  # extra attempts after a 429/503
    max_wait: float = 120.0  # the longest Retry-After honoured within one round
    backoff: float = 2.0  # first back-off in seconds when the server gives no Retry-After
    robots_ttl: float = 24 * 3600.0
    robots_retry: float = 600.0  # how soon an unreadable robots.txt is asked for again


@dataclass
class Response:
    """A fetched body with what the transport said about it."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes
    request_headers: dict[str, str]
    redirects: list[str] = field(default_factory=list)
    http_version: str = "HTTP/1.1"

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_time: float = 0.0  # time.monotonic() before which the host is not asked again
    robots: Protego | None = None
    robots_expires: float = -1.0
    robots_error: str | None = None  # why robots.txt could not be read (the host is not crawled meanwhile)


class Fetcher:
    """Fetches URLs politely; thread-safe, one lock per host. ``sleep`` is replaceable in tests."""

    def __init__(self, manners: Politeness | None = None, client: httpx.Client | None = None) -> None:
        self.manners = manners or Politeness()
        self.agent = user_agent(self.manners.contact)
        timeout = httpx.Timeout(self.manners.read_timeout, connect=self.manners.connect_timeout)
        self._own = client is None
        self.client = client or httpx.Client(timeout=timeout, headers={"User-Agent": self.agent},
                                             follow_redirects=False)  # fmt: skip
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.sleep = time.sleep

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def host(self, url: str) -> _Host:
        key = host_of(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def fetch(self, url: str, types: tuple[str, ...] = PAGE_TYPES, validators: dict[str, str] | None = None
              ) -> Response:
        """GET ``url`` politely; a 304 comes back as a Response with an empty body. Raises FetchError."""
        self.check_address(url)
        if not self.allowed(url):
            raise FetchError("blocked by the site's robots.txt", code="E401")
        for attempt in range(self.manners.retries + 1):
            resp = self._follow(url, validators or {})
            if resp.status not in _RETRY_STATUS:
                break
            wait = self._retry_wait(resp, attempt)
            if attempt == self.manners.retries or wait > self.manners.max_wait:
                raise FetchError(f"HTTP {resp.status} after {attempt + 1} attempt(s); the server asks "
                                 f"to wait {wait:.0f} s", code="E404", transient=True)  # fmt: skip
            self._hold(resp.final_url, wait)
        if 300 <= resp.status < 400 and resp.status != 304:
            raise FetchError(f"HTTP {resp.status} without a Location to follow", code="E404")
        if resp.status >= 400:
            raise FetchError(f"HTTP {resp.status} {httpx.codes.get_reason_phrase(resp.status)}".strip(), code="E404",
                             transient=resp.status >= 500)
        if resp.status == 200 and types and not _media(resp.content_type).startswith(types):
            raise FetchError(f"content-type {_media(resp.content_type) or 'missing'} is not one of "
                             f"{', '.join(types)}", code="E406")  # fmt: skip
        return resp

    def _follow(self, url: str, validators: dict[str, str]) -> Response:
        """One attempt: the request and its redirects, each hop checked and spaced out politely."""
        hops: list[str] = []
        current = url
        address = self.check_address(current)
        while True:
            resp = self._one(current, validators, address)
            location = resp.headers.get("location")
            if resp.status not in (301, 302, 303, 307, 308) or not location:
                resp.url, resp.redirects = url, hops
                return resp
            hops.append(current)
            current = urljoin(current, location)
            if len(hops) > self.manners.max_redirects or current in hops:
                raise FetchError(f"redirect loop or over {self.manners.max_redirects} redirects "
                                 f"({' → '.join([*hops, current][:8])})", code="E408")  # fmt: skip
            address = self.check_address(current)
            if not self.allowed(current):
                raise FetchError(f"redirected to {current}, which the site's robots.txt blocks", code="E401")

    def _one(self, url: str, validators: dict[str, str], address: str | None = None) -> Response:
        headers = {"User-Agent": self.agent, **validators}
        state = self.host(url)
        with state.lock:  # one request at a time per host, spaced by the delay
            wait = state.next_time - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            try:
                return self._get(url, headers, address)
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out ({type(exc).__name__})", code="E402", transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}", code="E403", transient=True) from None
            finally:
                state.next_time = time.monotonic() + self._delay(state)

    def _get(self, url: str, headers: dict[str, str], address: str | None = None) -> Response:
        """One GET; with ``address`` (the one :meth:`check_address` approved) the connection goes to
        that address, with the URL's host in the Host header and in TLS (SNI and the certificate
        check): a DNS answer that changes between the check and the connection (DNS rebinding)
        cannot send the request to another address."""
        target, extensions = url, {}
        if address is not None:
            parts = urlsplit(url)
            literal = f"[{address}]" if ":" in address else address
            target = urlunsplit(parts._replace(netloc=literal + (f":{parts.port}" if parts.port else "")))
            headers = {**headers, "Host": parts.netloc.rpartition("@")[2]}
            if parts.scheme == "https":
                extensions["sni_hostname"] = parts.hostname
        with self.client.stream("GET", target, headers=headers, extensions=extensions) as resp:
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.manners.max_bytes:
                raise FetchError(f"response declares {int(declared) // 2**20} MB, over the "
                                 f"{self.manners.max_bytes // 2**20} MB limit", code="E405")  # fmt: skip
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.manners.max_bytes:
                    raise FetchError(f"response is over the {self.manners.max_bytes // 2**20} MB limit", code="E405")
                chunks.append(chunk)
            sent = {key: value for key, value in resp.request.headers.items()}
            return Response(url, str(httpx.URL(url)), resp.status_code, resp.headers, b"".join(chunks), sent,
                            http_version=resp.http_version)  # fmt: skip

    def _delay(self, state: _Host) -> float:
        asked = state.robots.crawl_delay(self.agent) if state.robots is not None else None
        return max(self.manners.delay, float(asked or 0))

    def _retry_wait(self, resp: Response, attempt: int) -> float:
        """Retry-After (seconds or an HTTP date) when given, else 2^attempt back-off with jitter."""
        given = _retry_after(resp.headers.get("retry-after", ""))
        if given is not None:
            return given
        return self.manners.backoff * 2**attempt * random.uniform(1.0, 1.5)

    def _hold(self, url: str, seconds: float) -> None:
        state = self.host(url)
        with state.lock:
            state.next_time = max(state.next_time, time.monotonic() + seconds)

    def allowed(self, url: str) -> bool:
        """robots.txt, cached per host with its expiry. Raises a transient FetchError (E409) while
        the host's robots.txt cannot be read: RFC 9309 asks a crawler to assume complete disallow
        then, and the URL is worth another try once it can be read."""
        state = self.host(url)
        if time.monotonic() >= state.robots_expires:
            self._load_robots(url, state)
        if state.robots_error is not None:
            raise FetchError(f"robots.txt could not be read ({state.robots_error}); the site is not crawled "
                             "until it can be (RFC 9309)", code="E409", transient=True)
        return True if state.robots is None else state.robots.can_fetch(url, self.agent)

    def _load_robots(self, url: str, state: _Host) -> None:
        # expiry first: a robots.txt that redirects is checked against robots rules, not again
        state.robots, state.robots_error = None, None
        state.robots_expires = time.monotonic() + self.manners.robots_ttl
        error, text = None, ""
        try:
            resp = self._follow(f"{host_of(url)}/robots.txt", {})
        except FetchError as exc:
            if exc.code == "E407":
                raise
            # unreachable (timeout, connection, TLS): undefined, so disallowed for now; a redirect
            # loop or an oversized file is "unavailable", which allows all (RFC 9309, 2.3.1)
            error = exc.message if exc.code in ("E402", "E403") else None
            resp = None
        if resp is not None and (resp.status >= 500 or resp.status in _RETRY_STATUS):
            error = f"HTTP {resp.status}"
        elif resp is not None and resp.status < 400:
            text = resp.body[:_ROBOTS_BYTES].decode("utf-8", "replace")
        if error is not None:
            state.robots_error = error
            state.robots_expires = time.monotonic() + min(self.manners.robots_ttl, self.manners.robots_retry)
        state.robots = Protego.parse(text) if text else None

    def check_address(self, url: str) -> str | None:
        """Refuse non-http(s) URLs, and private/loopback/link-local hosts unless allowed; return
        the address to connect to (None when private addresses are allowed: no check to keep)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"only http(s) URLs are fetched, not {url!r}", code="E407")
        if self.manners.allow_private:
            return None
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(f"cannot resolve {parts.hostname}: {exc}", code="E403", transient=True) from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        for address in addresses:
            if not address.is_global:
                raise FetchError(f"{parts.hostname} resolves to the non-public address {address}; "
                                 "pass --allow-private to fetch it", code="E407")  # fmt: skip
        return str(addresses[0]) if addresses else None


def _media(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _retry_after(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
