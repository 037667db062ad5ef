"""Rounds of the watch against local sites: feeds and sitemaps found, pages fetched, captured in
WARC, ingested through the ingest path, the frontier keeping every URL's state and reason."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import feedparser
import pytest
from localsite import Site, html, rss

from newsgraph.crawl.fetch import Politeness
from newsgraph.crawl.watch import watch_round
from newsgraph.ingest import ingest

MANNERS = Politeness(delay=0.0, allow_private=True, connect_timeout=1.0, read_timeout=0.5, backoff=0.05)


def run(sources, db, **options):
    return watch_round(sources, db, MANNERS, workers=0, stages=[], **options)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def states(db: Path) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in rows(db, "SELECT url, state, code FROM crawl_urls")}


def page(n: int) -> tuple:
    return html(f"Story number {n}", f"This is the body of story {n}.\nIt has two paragraphs about topic {n}.")


def real_feed(shared_dir: Path, site: Site) -> tuple[bytes, list[str]]:
    """A real feed from ../shared with its item links rewritten to pages of ``site``."""
    data = (shared_dir / "data" / "feeds" / "feedjira" / "TechCrunch.xml").read_bytes()
    links = [e.link for e in feedparser.parse(data).entries if e.get("link")]
    local = []
    for n, link in enumerate(dict.fromkeys(links)):
        local.append(site.url(f"/story/{n}"))
        data = data.replace(link.encode(), local[-1].encode())
        site.routes[f"/story/{n}"] = page(n)
    return data, local


def test_round_over_a_real_feed_stores_every_article_once(tmp_path, shared_dir):
    db = tmp_path / "news.db"
    with Site() as site:
        feed, urls = real_feed(shared_dir, site)
        site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, feed)
        first = run([site.url("/feed")], db)
        assert first.sources == 1 and first.new_urls == len(urls) == first.fetched == first.stored
        assert first.failed == 0
        again = run([site.url("/feed")], db)
        assert site.headers["/feed"][1].get("If-None-Match") == '"v1"'  # conditional GET
        assert again.fetched == 0 and again.stored == 0
        assert all(site.hits[f"/story/{n}"] == 1 for n in range(len(urls)))
    stored = {r[0] for r in rows(db, "SELECT url FROM articles")}
    assert stored == set(urls)
    assert {s for s, _ in states(db).values()} == {"fetched"}
    polls = rows(db, "SELECT status, items, new_urls FROM crawl_polls ORDER BY time")
    assert polls[0] == ("ok", len(urls), len(urls)) and polls[1][0] == "ok" and polls[1][2] == 0


def test_warc_capture_reproduces_the_same_articles(tmp_path):
    db = tmp_path / "news.db"
    with Site({f"/s/{n}": page(n) for n in range(3)}) as site:
        site.routes["/feed"] = rss([(f"S{n}", site.url(f"/s/{n}")) for n in range(3)])
        result = run([site.url("/feed")], db)
    warcs = sorted(tmp_path.glob("crawl-*.warc.gz"))
    assert result.warc and [Path(result.warc)] == warcs
    again = tmp_path / "again.db"
    assert ingest([str(w) for w in warcs], again, workers=0, stages=[]).added == 3
    assert rows(db, "SELECT id, url FROM articles ORDER BY id") == rows(again, "SELECT id, url FROM articles ORDER BY id")


def test_news_sitemap_and_sitemap_index(tmp_path, shared_dir):
    data = (shared_dir / "data" / "feeds" / "news-crawl" / "sitemap-news.xml").read_bytes()
    locs = list(dict.fromkeys(re.findall(rb"<loc>(http://www\.example\.com/[^<]+)</loc>", data)))
    db = tmp_path / "news.db"
    with Site() as site:
        for n, loc in enumerate(locs):
            data = data.replace(loc, site.url(f"/n/{n}").encode())
            site.routes[f"/n/{n}"] = page(n)
        site.routes["/news.xml"] = (200, {"Content-Type": "application/xml"}, data)
        index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{site.url("/news.xml")}</loc></sitemap></sitemapindex>'
        site.routes["/index.xml"] = (200, {"Content-Type": "application/xml"}, index.encode())
        result = run([site.url("/index.xml")], db)
    assert locs and result.sources == 2 and result.fetched == len(locs) == result.stored
    kinds = dict(rows(db, "SELECT url, kind FROM crawl_sources"))
    assert set(kinds.values()) == {"sitemap index", "sitemap"}


def test_hostile_pages_are_recorded_with_their_reason(tmp_path):
    def flaky(count: int):
        return (503, {"Retry-After": "0"}, b"") if count == 1 else page(5)

    db = tmp_path / "news.db"
    routes = {
        "/robots.txt": (200, {}, b"User-agent: *\nDisallow: /private/\n"),
        "/ok": page(1), "/private/x": page(2), "/img": (200, {"Content-Type": "image/png"}, b"\x89PNG"),
        "/old": (301, {"Location": "/new"}, b""), "/new": page(3), "/flaky": flaky,
        "/loop": (302, {"Location": "/loop2"}, b""), "/loop2": (302, {"Location": "/loop"}, b""),
        "/gone": (404, {}, b""),
    }  # fmt: skip
    with Site(routes) as site:
        paths = ["/ok", "/private/x", "/img", "/old", "/flaky", "/loop", "/gone", "/new"]
        site.routes["/feed"] = rss([(p, site.url(p)) for p in paths])
        result = run([site.url("/feed")], db)
        got = {url.removeprefix(site.base): value for url, value in states(db).items()}
        assert site.hits["/private/x"] == 0 and site.hits["/new"] == 1  # /new came as /old's target
    assert got == {
        "/ok": ("fetched", None), "/private/x": ("robots", "E401"), "/img": ("failed", "E406"),
        "/old": ("fetched", None), "/new": ("alias", None), "/flaky": ("fetched", None),
        "/loop": ("failed", "E408"), "/gone": ("failed", "E404"),
    }  # fmt: skip
    assert result.fetched == 3 and result.failed == 4 and result.stored == 3
    reasons = dict(rows(db, "SELECT url, reason FROM crawl_urls WHERE code IS NOT NULL"))
    assert any("robots.txt" in r for r in reasons.values()) and any("image/png" in r for r in reasons.values())


def test_feed_that_changes_between_rounds(tmp_path):
    db = tmp_path / "news.db"
    with Site({f"/s/{n}": page(n) for n in range(4)}) as site:
        site.routes["/feed"] = lambda count: rss([(f"S{n}", site.url(f"/s/{n}")) for n in range(2 if count == 1 else 4)])
        first = run([site.url("/feed")], db)
        second = run([site.url("/feed")], db)
        assert all(site.hits[f"/s/{n}"] == 1 for n in range(4))
    assert (first.new_urls, first.stored) == (2, 2) and (second.new_urls, second.stored) == (2, 2)
    assert rows(db, "SELECT count(*) FROM articles") == [(4,)]


def test_canonical_link_is_not_fetched_again(tmp_path):
    db = tmp_path / "news.db"
    with Site() as site:
        site.routes["/amp/1"] = html("One", "The story.", canonical=site.url("/story/1"))
        site.routes["/story/1"] = html("One", "The story.")
        site.routes["/feed"] = lambda count: rss([("amp", site.url("/amp/1"))] if count == 1
                                                 else [("canon", site.url("/story/1"))])  # fmt: skip
        run([site.url("/feed")], db)
        run([site.url("/feed")], db)
        assert site.hits["/story/1"] == 0


def test_home_page_discovery(tmp_path):
    db = tmp_path / "news.db"
    with Site({"/s/1": page(1)}) as site:
        home = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>Hi</body></html>'
        site.routes["/"] = (200, {"Content-Type": "text/html"}, home.encode())
        site.routes["/rss"] = rss([("one", site.url("/s/1"))])
        result = run([site.url("/")], db)
    assert result.sources == 2 and result.stored == 1
    assert dict(rows(db, "SELECT url, kind FROM crawl_sources"))[site.url("/rss")] == "feed"


def test_a_usual_path_found_by_probing_is_fetched_once(tmp_path):
    """A home page with no feed links: the usual paths are probed; the one that answers is then
    polled as a source from the probe's answer, not fetched a second time."""
    db = tmp_path / "news.db"
    with Site({"/s/1": page(1)}) as site:
        site.routes["/"] = (200, {"Content-Type": "text/html"}, b"<html><head></head><body>Hi</body></html>")
        site.routes["/rss"] = rss([("one", site.url("/s/1"))])
        result = run([site.url("/")], db)
        assert result.stored == 1 and site.hits["/rss"] == 1 and site.hits["/s/1"] == 1


def test_progress_is_reported_while_the_round_runs(tmp_path):
    seen: list[tuple[str, int, int]] = []
    with Site({f"/s/{n}": page(n) for n in range(3)}) as site:
        site.routes["/feed"] = rss([(f"S{n}", site.url(f"/s/{n}")) for n in range(3)])
        result = run([site.url("/feed")], tmp_path / "news.db",
                     progress=lambda r: seen.append((r.phase, r.sources, r.fetched)))
    phases = list(dict.fromkeys(p for p, _, _ in seen))
    assert phases == ["recovering", "polling", "fetching", "ingesting", "alerts", "done"]
    fetched = [f for p, _, f in seen if p == "fetching"]
    assert fetched == sorted(fetched) and fetched[-1] == 3 and len(fetched) >= 3  # one report per page
    assert result.live().startswith("done: 1 source(s) polled, 3 new URL(s), 3 fetched, 0 failed")


def test_live_line_rewrites_one_line(monkeypatch):
    import io

    from newsgraph.cli.watch import _LiveLine
    from newsgraph.crawl.watch import RoundResult

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    line = _LiveLine(per_second=1e9)
    line.show(RoundResult(sources=2, fetched=5, phase="fetching"))
    line.show(RoundResult(sources=2, fetched=6, phase="fetching"))
    line.clear()
    assert err.getvalue().count("\r\x1b[K") == 3 and "\n" not in err.getvalue()
    assert "fetching: 2 source(s) polled, 0 new URL(s), 6 fetched" in err.getvalue()


def test_source_list_file_and_bad_source(tmp_path):
    db = tmp_path / "news.db"
    with Site({"/s/1": page(1), "/notfeed": (200, {"Content-Type": "text/plain"}, b"hello")}) as site:
        site.routes["/feed"] = rss([("one", site.url("/s/1"))])
        listing = tmp_path / "sources.txt"
        listing.write_text(f"# my sources\n{site.url('/feed')}\n\n{site.url('/notfeed')}\n")
        result = run([str(listing)], db)
    assert result.sources == 2 and result.stored == 1
    assert any(e["code"] == "E100" and "neither a feed" in e["reason"] for e in result.errors)


@pytest.mark.parametrize("interval_new", [True, False])
def test_poll_interval_adapts(tmp_path, interval_new):
    db = tmp_path / "news.db"
    with Site({f"/s/{n}": page(n) for n in range(3)}) as site:
        site.routes["/feed"] = lambda count: rss([(f"S{n}", site.url(f"/s/{n}")) for n in range(count if interval_new else 1)])
        for _ in range(3):
            run([site.url("/feed")], db, every=60.0)
    interval = rows(db, "SELECT interval FROM crawl_sources")[0][0]
    assert interval == (60.0 if interval_new else 60.0 * 1.5 * 1.5)


def test_json_feed(tmp_path):
    import json

    db = tmp_path / "news.db"
    with Site({"/s/1": page(1), "/s/2": page(2)}) as site:
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "t",
                "items": [{"id": "1", "url": site.url("/s/1")}, {"id": "2", "external_url": site.url("/s/2")}]}
        site.routes["/feed.json"] = (200, {"Content-Type": "application/feed+json"}, json.dumps(feed).encode())
        site.routes["/bad.json"] = (200, {"Content-Type": "application/json"}, b'{"hello": 1}')
        result = run([site.url("/feed.json"), site.url("/bad.json")], db)
    assert result.stored == 2 and result.sources == 2
    assert any("not a JSON Feed" in e["reason"] for e in result.errors)
