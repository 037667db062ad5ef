"""The polite fetcher against hostile local servers (real HTTP on 127.0.0.1, bounded)."""

from __future__ import annotations

import itertools
import time

import pytest
from localsite import Site, html

from newsgraph.crawl.fetch import Fetcher, Politeness
from newsgraph.errors import FetchError

FAST = {"delay": 0.0, "allow_private": True, "connect_timeout": 1.0, "read_timeout": 0.5, "backoff": 0.05}


def fetcher(**changes) -> Fetcher:
    return Fetcher(Politeness(**{**FAST, **changes}))


def test_page_fetched_with_our_user_agent_and_contact():
    with Site({"/a": html("A", "text")}) as site, fetcher(contact="ops@example.org") as f:
        resp = f.fetch(site.url("/a"))
    assert resp.status == 200 and b"<h1>A</h1>" in resp.body
    assert site.agents and all("newsgraph/" in a and "ops@example.org" in a for a in site.agents)


def test_private_address_refused_unless_allowed():
    with Site({"/a": html("A", "text")}) as site, fetcher(allow_private=False) as f:
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/a"))
        assert err.value.code == "E407" and "--allow-private" in err.value.message
        assert site.hits["/a"] == 0 and site.hits["/robots.txt"] == 0


def test_the_connection_goes_to_the_checked_address(monkeypatch):
    """DNS rebinding: the name resolves to a public address when checked and to 127.0.0.1 when
    the connection is made. The fetcher connects to the address it checked (here unreachable), so
    the local server never sees a request."""
    import socket

    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        """A public address to the fetcher's check (which asks for TCP by ``proto``), 127.0.0.1 to
        any other lookup, such as one a connection would make."""
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        address = "203.0.113.9" if kwargs.get("proto") == socket.IPPROTO_TCP else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    import ipaddress

    # TEST-NET-3 (203.0.113.0/24) is not global; here it stands for a public address
    monkeypatch.setattr(ipaddress.IPv4Address, "is_global", property(lambda self: str(self) != "127.0.0.1"))
    with Site({"/a": html("A", "text"), "/robots.txt": (200, {}, b"")}) as site, \
            fetcher(allow_private=False, connect_timeout=0.3) as f:
        port = site.server.server_address[1]
        with pytest.raises(FetchError) as err:
            f.fetch(f"http://rebind.example:{port}/a")
    assert err.value.code in ("E402", "E403", "E409") and sum(site.hits.values()) == 0, err.value


def test_pinned_connection_sends_the_host_name(monkeypatch):
    """The pinned request still names the site: Host carries the name, not the address."""
    import ipaddress
    import socket

    real = socket.getaddrinfo

    def local(host, port, *args, **kwargs):
        return real("127.0.0.1" if host == "news.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local)
    monkeypatch.setattr(ipaddress.IPv4Address, "is_global", property(lambda self: True))
    with Site({"/a": html("A", "text")}) as site, fetcher(allow_private=False) as f:
        port = site.server.server_address[1]
        resp = f.fetch(f"http://news.example:{port}/a")
    assert resp.status == 200 and resp.final_url == f"http://news.example:{port}/a"
    assert site.headers["/a"][0]["Host"] == f"news.example:{port}"


def test_only_http_schemes():
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch("file:///etc/passwd")
    assert err.value.code == "E407"


def test_robots_disallow_is_obeyed_and_cached():
    robots = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    routes = {"/robots.txt": robots, "/private/x": html("X", "secret"), "/open": html("O", "open")}
    with Site(routes) as site, fetcher() as f:
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/private/x"))
        assert err.value.code == "E401"
        assert f.fetch(site.url("/open")).status == 200
        assert site.hits["/private/x"] == 0 and site.hits["/robots.txt"] == 1


def test_robots_5xx_means_disallow_all_for_now():
    routes = {"/robots.txt": (500, {}, b"oops"), "/a": html("A", "a")}
    with Site(routes) as site, fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/a"))
    assert err.value.code == "E409" and err.value.transient and "HTTP 500" in err.value.message
    assert site.hits["/a"] == 0


def test_unreachable_robots_means_disallow_all_until_it_answers():
    """RFC 9309: a robots.txt that cannot be reached (here it never answers) is undefined and the
    crawler assumes complete disallow; it is asked for again after ``robots_retry``, and once it
    answers the site is crawled."""
    def robots(count: int):
        return (0, {"hold": "1"}, b"") if count == 1 else (200, {}, b"User-agent: *\nAllow: /\n")

    with Site({"/robots.txt": robots, "/a": html("A", "a")}) as site, \
            fetcher(read_timeout=0.3, robots_retry=0.2) as f:
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/a"))
        assert err.value.code == "E409" and err.value.transient and site.hits["/a"] == 0
        with pytest.raises(FetchError):  # within robots_retry: not asked again, still disallowed
            f.fetch(site.url("/a"))
        assert site.hits["/robots.txt"] == 1
        time.sleep(0.25)
        assert f.fetch(site.url("/a")).status == 200
    assert site.hits["/robots.txt"] == 2 and site.hits["/a"] == 1


def test_missing_robots_allows_all():
    with Site({"/a": html("A", "a")}) as site, fetcher() as f:
        assert f.fetch(site.url("/a")).status == 200
    assert site.hits["/robots.txt"] == 1


def test_crawl_delay_spaces_requests_to_one_host():
    robots = (200, {}, b"User-agent: *\nCrawl-delay: 0.3\n")
    routes = {"/robots.txt": robots, "/a": html("A", "a"), "/b": html("B", "b"), "/c": html("C", "c")}
    with Site(routes) as site, fetcher(delay=0.05) as f:
        for path in ("/a", "/b", "/c"):
            f.fetch(site.url(path))
        times = sorted(t for path in ("/a", "/b", "/c") for t in site.times[path])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.28, gaps


def test_default_delay_between_requests():
    routes = {"/a": html("A", "a"), "/b": html("B", "b")}
    with Site(routes) as site, fetcher(delay=0.2) as f:
        f.fetch(site.url("/a"))
        f.fetch(site.url("/b"))
    assert site.times["/b"][0] - site.times["/a"][0] >= 0.19


def test_429_waits_for_retry_after_then_succeeds():
    def limited(count: int):
        return (429, {"Retry-After": "1"}, b"slow down") if count == 1 else html("A", "a")

    with Site({"/a": limited}) as site, fetcher() as f:
        resp = f.fetch(site.url("/a"))
    assert resp.status == 200 and site.hits["/a"] == 2
    assert site.times["/a"][1] - site.times["/a"][0] >= 0.95


def test_503_backs_off_then_succeeds():
    def flaky(count: int):
        return (503, {}, b"busy") if count <= 2 else html("A", "a")

    with Site({"/a": flaky}) as site, fetcher() as f:
        assert f.fetch(site.url("/a")).status == 200
    first, second, third = site.times["/a"]
    assert second - first >= 0.05 and third - second >= 0.1  # 0.05 s, then 0.1 s (× jitter ≥ 1)


def test_retry_after_beyond_the_bound_is_reported():
    site = Site({"/a": (429, {"Retry-After": "3600"}, b"")})
    with site, fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/a"))
    assert err.value.code == "E404" and "429" in err.value.message and "3600" in err.value.message
    assert site.hits["/a"] == 1


def test_redirect_loop_is_bounded():
    routes = {"/a": (302, {"Location": "/b"}, b""), "/b": (302, {"Location": "/a"}, b"")}
    with Site(routes) as site, fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/a"))
    assert err.value.code == "E408" and site.hits["/a"] == 1


def test_moved_page_records_final_url():
    routes = {"/old": (301, {"Location": "/new"}, b""), "/new": html("New", "moved here")}
    with Site(routes) as site, fetcher() as f:
        resp = f.fetch(site.url("/old"))
    assert resp.final_url == site.url("/new") and resp.url == site.url("/old")
    assert resp.redirects == [site.url("/old")]


def test_fifty_megabyte_body_is_cut_at_the_cap():
    body = b"x" * (50 * 2**20)
    site = Site({"/big": (200, {"Content-Type": "text/html"}, body)})
    with site, fetcher(max_bytes=2**20) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/big"))
    assert err.value.code == "E405" and "limit" in err.value.message


def test_body_over_the_cap_without_declared_length():
    big = b"<html>" + b"y" * (3 * 2**20)
    site = Site({"/big": (200, {"Content-Type": "text/html", "Content-Length": ""}, big)})
    with site, fetcher(max_bytes=2**20) as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/big"))
    assert err.value.code == "E405"


def test_server_that_never_answers_times_out():
    with Site({"/hang": (0, {"hold": "2"}, b"")}) as site, fetcher(read_timeout=0.3) as f:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            f.fetch(site.url("/hang"))
    assert err.value.code == "E402" and time.monotonic() - started < 1.9


def test_wrong_content_type_refused():
    site = Site({"/img": (200, {"Content-Type": "image/png"}, b"\x89PNG")})
    with site, fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/img"))
    assert err.value.code == "E406" and "image/png" in err.value.message


def test_conditional_get_sends_validators():
    def feed(count: int):
        return (304, {}, b"") if count > 1 else (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, b"<rss/>")

    with Site({"/feed": feed}) as site, fetcher() as f:
        first = f.fetch(site.url("/feed"), types=("application/rss+xml",))
        second = f.fetch(site.url("/feed"), types=("application/rss+xml",), validators={"If-None-Match": '"v1"'})
    assert first.headers["etag"] == '"v1"' and second.status == 304 and second.body == b""
    assert site.headers["/feed"][1].get("If-None-Match") == '"v1"'


def test_redirect_without_location_is_an_error():
    site = Site({"/a": (302, {}, b"")})
    with site, fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(site.url("/a"))
    assert err.value.code == "E404" and "Location" in err.value.message


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_compressed_responses_are_decoded(encoding):
    import gzip
    import zlib

    import brotli

    page = html("Packed", "a compressed page")[2]
    packed = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[encoding](page)
    site = Site({"/a": (200, {"Content-Type": "text/html", "Content-Encoding": encoding}, packed)})
    with site, fetcher() as f:
        resp = f.fetch(site.url("/a"))
    assert resp.body == page
    assert encoding in site.headers["/a"][0].get("Accept-Encoding", "")
