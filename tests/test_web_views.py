"""What the overview, events, network and map pages show (in process, no browser), the answer
cache of the heavy routes, and every page over an empty store."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.article import Article, Entity, Event, Participant, Span, TimeValue
from newsgraph.store import open_store
from newsgraph.web import create_app
from newsgraph.web.cache import AnswerCache

PAGES = ["/", "/search", "/search?q=anything", "/entities", "/events", "/events?chart=quad", "/network", "/map"]
API = ["/api/overview", "/api/stats", "/api/search?q=x", "/api/entities", "/api/events", "/api/network",
       "/api/places", "/api/timeline", "/api/quotes", "/api/export/jsonl", "/api/export/graphml"]


def _event(n: int, day: str, actor: str, recipient: str) -> Event:
    text = f"{actor} met {recipient}."
    return Event(f"v{n}", "CONSULT", Span(0, len(text), text), Span(len(actor) + 1, len(actor) + 4, "met"),
                 cameo="040", quad_class=1, score=1.0, date=TimeValue(day, "day"),
                 actors=[Participant(actor, "p1")], recipients=[Participant(recipient, "p2")])


def _article(n: int, day: str, event_day: str | None = None) -> Article:
    """An article of ``day`` in which Ana Petrovic (PERSON) meets Acme (ORG), with "Serbian"
    (NORP) named with both; its event is dated ``event_day`` (a history recalled) when given."""
    text = f"Ana Petrovic met Acme in Belgrade. Serbian officials agree, story {n}."
    entities = [Entity("p1", "Ana Petrovic", "PERSON", country="SRB", mentions=1),
                Entity("p2", "Acme", "ORG", mentions=1),
                Entity("g1", "Belgrade", "GPE", country="SRB", lat=44.8, lon=20.46, mentions=1),
                Entity("n1", "Serbian", "NORP", country="SRB", mentions=1)]
    return Article(url=f"https://x.example/{n}", title=f"Story {n}", text=text, source=f"Wire {n % 2}",
                   published=day, entities=entities, events=[_event(n, event_day or day, "Ana Petrovic", "Acme")])


def _store(path: Path, articles: list[Article]) -> Path:
    with open_store(path) as store:
        writer = store.writer(graph=True)
        for a in articles:
            writer.add(a, a.url, a.id, a.url)
        writer.flush()
        writer.conn.close()
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    days = ["2019-03-01", "2020-06-01", "2021-01-15", "2023-05-05"]
    articles = [_article(i, d) for i, d in enumerate(days)] + [_article(9, "2022-02-02", event_day="1981-05-01")]
    db = _store(tmp_path_factory.mktemp("views") / "views.db", articles)
    return TestClient(create_app(db), raise_server_exceptions=False)


def test_overview_uses_the_corpus_span_and_pluralises(client) -> None:
    data = client.get("/api/overview").json()
    assert (data["first_day"], data["last_day"], data["interval"]) == ("2019-03-01", "2023-05-05", "month")
    assert data["active_actors"][0]["name"] == "Ana Petrovic" and data["active_actors"][0]["events"] == 5
    assert data["outside"] == 1  # the 1981 event: not charted, said so
    assert min(r["period"] for r in data["timeline"]) >= "2019-03"
    assert [p["name"] for p in data["top_places"]] == ["Belgrade"]
    assert all(s["num_articles"] > 1 for s in data["latest_stories"])
    html = client.get("/").text
    assert "Most active actors <span class=\"muted\">2019–2023</span>" in html
    assert "5 events" in html and "1 events" not in html and "1 articles" not in html
    assert "1 event dated outside these years not shown" in html


def test_events_chart_covers_the_corpus_and_names_its_period(client) -> None:
    data = client.get("/api/events").json()
    assert data["interval"] == "month" and data["outside"] == 1 and data["span"] == ["2019-03-01", "2023-05-05"]
    assert {r["period"] for r in data["timeline"]} == {"2019-03", "2020-06", "2021-01", "2023-05"}
    html = client.get("/events").text
    assert "Events per month by PLOVER type" in html and 'data-x-label="month"' in html
    assert "1 event dated before or after these days" in html


def test_events_chart_keeps_seven_types_and_other() -> None:
    from newsgraph.web.queries import _top_types

    rows = [{"period": "2020-01", "type": f"T{i}", "count": 10 - i} for i in range(10)]
    kept = _top_types(rows)
    assert [r["type"] for r in kept if r["type"] != "other types"] == [f"T{i}" for i in range(7)]
    assert sum(r["count"] for r in kept) == sum(r["count"] for r in rows)


def test_network_hides_nationalities_unless_asked_and_names_its_focus(client) -> None:
    default = client.get("/api/network").json()
    assert default["nodes"] and "NORP" not in {n["type"] for n in default["nodes"]}
    asked = client.get("/api/network", params=[("type", "NORP"), ("type", "PERSON")]).json()
    assert "NORP" in {n["type"] for n in asked["nodes"]}
    around = client.get("/api/network", params={"entity": "Ana Petrovic"}).json()
    names = {n["id"]: n["name"] for n in around["nodes"]}
    assert names[around["focus"]] == "Ana Petrovic"
    html = client.get("/network").text
    assert 'class="legend-row net-legend"' in html and "nationality or group" in html
    assert 'value="NORP" >' in html and 'value="PERSON" checked' in html  # NORP unticked by default


def test_map_has_a_legend(client) -> None:
    html = client.get("/map").text
    assert 'class="legend-row map-legend"' in html and "ring: events located there" in html


def test_cache_answers_once_per_store_version(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    db.write_bytes(b"x")
    cache, calls = AnswerCache(db), []
    compute = lambda: calls.append(1) or len(calls)
    assert cache.get(("k",), compute) == 1 and cache.get(("k",), compute) == 1
    stat = os.stat(db)
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a commit: a new version
    assert cache.get(("k",), compute) == 2
    assert (cache.hits, cache.misses) == (1, 2)


def test_heavy_routes_are_cached(client) -> None:
    cache = client.app.state.cache
    for path in ("/api/network", "/api/export/graphml", "/api/places", "/api/overview"):
        client.get(path)
        hits = cache.hits
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        assert cache.hits == hits + 1, path
        assert time.perf_counter() - start < 1.0


def test_every_page_works_on_an_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(db).close()
    empty = TestClient(create_app(db), raise_server_exceptions=False)
    for path in PAGES + API:
        response = empty.get(path)
        assert response.status_code == 200, (path, response.text[:300])
    assert "No articles yet." in empty.get("/").text


def test_the_app_warms_the_default_views_as_it_starts(tmp_path: Path) -> None:
    db = _store(tmp_path / "warm.db", [_article(i, d) for i, d in enumerate(["2020-01-01", "2021-06-01"])])
    with TestClient(create_app(db)) as warm:  # `with` runs the app's start-up, as uvicorn does
        warm.app.state.warming.join(timeout=60)
        cache = warm.app.state.cache
        misses = cache.misses
        for path in ("/", "/api/overview", "/events", "/api/events", "/api/network", "/api/places", "/api/stats",
                     "/api/export/graphml"):
            assert warm.get(path).status_code == 200, path
        assert cache.misses == misses  # each was computed before anyone asked


def test_search_facets_count_the_best_window_and_say_so(client, monkeypatch) -> None:
    from newsgraph.web import queries

    full = client.get("/api/search", params={"q": "Acme"}).json()
    monkeypatch.setattr(queries, "FACET_WINDOW", 2)
    capped = client.get("/api/search", params={"q": "Acme"}).json()
    assert capped["total"] == full["total"] == 5 and capped["results"] == full["results"]
    assert sum(f["count"] for f in full["facets"]["source"]) == 5
    assert sum(f["count"] for f in capped["facets"]["source"]) == 2 and capped["facet_window"] == 2
    assert "Facets over the best 2 matches." in client.get("/search", params={"q": "Acme"}).text


def test_a_record_newer_than_this_code_is_not_exported(tmp_path: Path) -> None:
    import sqlite3

    db = _store(tmp_path / "newer.db", [_article(1, "2020-01-01")])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET schema_version = 99, json = json_set(json, '$.schema_version', 99)")
    conn.close()
    r = TestClient(create_app(db), raise_server_exceptions=False).get("/api/export/jsonl")
    assert r.status_code == 500 and "newer than this newsgraph" in r.json()["detail"]


def test_an_actors_events_and_their_chart_are_read_from_covering_indexes(tmp_path: Path) -> None:
    """Migration 0010's indexes: the events page of a frequent actor counts and charts its events
    from the indexes alone, not one wide row per event."""
    import sqlite3

    from newsgraph.store.queries import events_by_roles

    db = _store(tmp_path / "plan.db", [_article(1, "2020-01-01")])
    source, day, where, params = events_by_roles([("actor", ["some-id"])])
    with sqlite3.connect(db) as conn:
        plan = " | ".join(r[3] for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT substr({day}, 1, 7), ev.type, count(*) FROM {source} "
            f"WHERE {' AND '.join(where)} GROUP BY 1, 2", params))
    conn.close()
    assert "COVERING INDEX event_participants_graph_role" in plan and "COVERING INDEX events_article_type" in plan
