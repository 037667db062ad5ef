"""The web network's fast path (the in-memory entity index, ``web.cooccurrence``) against a
straightforward reference computation and against the SQL path, on a small random store whose
days, counts and weights tie often; and the background build of such an index per store version
(``web.cache.Prepared``)."""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from newsgraph.article import Article, Entity, Event, Participant, Span, TimeValue
from newsgraph.store import open_store
from newsgraph.web.cache import Prepared
from newsgraph.web.cooccurrence import Incidence
from newsgraph.web.network import DEFAULT_TYPES, network, window_articles

POOL = [(f"Person {i}", "PERSON") for i in range(8)] + [(f"Org {i}", "ORG") for i in range(6)] + \
       [(f"Land {i}", "GPE") for i in range(5)] + [(f"Nation{i}ish", "NORP") for i in range(3)]
DAYS = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-10", "2024-03-01"]  # few days: many equal ones


def _article(n: int, rng: random.Random) -> Article:
    named = rng.sample(POOL, rng.randint(2, 9))
    text = " and ".join(name for name, _ in named) + f" met, story {n}."
    entities = [Entity(f"e{k}", name, type, mentions=1) for k, (name, type) in enumerate(named)]
    event = Event(f"v{n}", "CONSULT", Span(0, len(text), text), Span(0, 3, text[:3]), cameo="040", quad_class=1,
                  score=1.0, date=TimeValue(DAYS[0], "day"),
                  actors=[Participant(named[0][0], "e0")], recipients=[Participant(named[1][0], "e1")])
    return Article(url=f"https://net.example/{n}", title=f"Story {n}", text=text, source="Wire",
                   published=rng.choice(DAYS), entities=entities, events=[event])


@pytest.fixture(scope="module")
def conn(tmp_path_factory) -> sqlite3.Connection:
    rng = random.Random(16)
    path = tmp_path_factory.mktemp("network") / "network.db"
    with open_store(path) as store:
        writer = store.writer(graph=True)
        for n in range(90):
            a = _article(n, rng)
            writer.add(a, a.url, a.id, a.url)
        writer.flush()
        writer.conn.close()
    db = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    return db


@pytest.fixture(scope="module")
def incidence(conn) -> Incidence:
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    return Incidence.load(path)


def reference(conn: sqlite3.Connection, entity: str | None, types: tuple[str, ...], limit: int,
              window: int) -> tuple[list[str], list[tuple[str, str, int]]]:
    """The window and its co-occurrence edges, computed the plain way: articles newest first
    (equal days by id, descending), each article's set of wanted canonical entities, the
    ``limit`` most cited (equal counts by id), every pair of them in an article counted; the
    pairs named in more than one article, heaviest first (equal weights by ids), not yet cut."""
    named: dict[str, set[str]] = {}
    for article, graph_id, type in conn.execute(
            "SELECT e.article_id, e.graph_id, g.type FROM entities e JOIN graph_entities g ON g.id = e.graph_id"):
        named.setdefault(article, set())
        if type in types:
            named[article].add(graph_id)
    cited = {a for a, g in conn.execute("SELECT article_id, graph_id FROM entities") if entity in (None, g)}
    days = sorted(((day, a) for a, day in conn.execute("SELECT id, day FROM articles WHERE day IS NOT NULL")
                   if a in cited), reverse=True)
    chosen = [a for _, a in days[:window]]
    frequency = Counter(g for a in chosen for g in named.get(a, ()))
    top = {g for g, _ in sorted(frequency.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]}
    pairs = Counter(p for a in chosen for p in combinations(sorted(named.get(a, set()) & top), 2))
    heaviest = sorted(((a, b, w) for (a, b), w in pairs.items() if w > 1), key=lambda e: (-e[2], e[0], e[1]))
    return chosen, heaviest


def cases(conn: sqlite3.Connection) -> list[tuple[str | None, tuple[str, ...], int, int]]:
    busiest = [r[0] for r in conn.execute("SELECT id FROM graph_entities ORDER BY article_count DESC, id LIMIT 3")]
    return [(entity, types, limit, window) for entity in (None, *busiest)
            for types in (DEFAULT_TYPES, ("PERSON",), ("NORP", "ORG", "GPE", "PERSON"))
            for limit in (3, 8, 150) for window in (7, 40, 500)]


def test_the_index_counts_what_the_reference_counts(conn, incidence) -> None:
    cut_between_equals = 0
    for entity, types, limit, window in cases(conn):
        chosen, heaviest = reference(conn, entity, types, limit, window)
        assert window_articles(conn, entity, None, None, window) == chosen
        got = [(e["source"], e["target"], e["weight"]) for e in incidence.pairs(chosen, types, limit)]
        assert got == heaviest[:limit], (entity, types, limit, window)
        cut_between_equals += len(heaviest) > limit and heaviest[limit - 1][2] == heaviest[limit][2]
    assert cut_between_equals >= 5  # the order of equal weights was tested, not only the weights


def test_the_network_is_the_same_with_or_without_the_index(conn, incidence) -> None:
    for entity, types, limit, window in cases(conn):
        slow = network(conn, entity, None, None, limit, window, list(types))
        fast = network(conn, entity, None, None, limit, window, list(types), incidence=incidence)
        assert fast == slow, (entity, types, limit, window)
    assert network(conn, None, "2024-02-01", None, incidence=incidence) == network(conn, None, "2024-02-01")
    empty = network(conn, "nobody at all", incidence=incidence)
    assert empty["edges"] == [] and empty["articles"] == 0


def test_an_index_of_an_empty_store_counts_nothing(tmp_path) -> None:
    path = tmp_path / "empty.db"
    open_store(path).close()
    index = Incidence.load(path)
    assert index.pairs([], DEFAULT_TYPES, 150) == [] and index.pairs(["not an article"], DEFAULT_TYPES, 5) == []


def _wait(prepared: Prepared, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while (value := prepared.get()) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return value


def test_prepared_builds_once_per_store_version_in_the_background(tmp_path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(b"v1")
    release, builds = threading.Event(), []

    def build() -> str:
        release.wait(10)
        builds.append(path.read_bytes().decode())
        return builds[-1]

    prepared = Prepared(path, build)
    assert prepared.get() is None and prepared.get() is None  # building: callers take their slow path
    release.set()
    assert _wait(prepared) == "v1" and prepared.get() == "v1" and builds == ["v1"]
    path.write_bytes(b"v2 longer")  # an ingest committed: a new version
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert prepared.get() is None
    assert _wait(prepared) == "v2 longer" and builds == ["v1", "v2 longer"]


def test_prepared_serves_nothing_for_a_version_it_failed_to_build(tmp_path) -> None:
    path = tmp_path / "store.db"
    path.write_bytes(b"v1")
    calls = []

    def build() -> str:
        calls.append(1)
        raise sqlite3.OperationalError("disk I/O error")

    prepared = Prepared(path, build)
    assert prepared.prepare() is None and prepared.get() is None and prepared.get() is None
    assert calls == [1]  # not rebuilt by every request of the same version
