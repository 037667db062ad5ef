"""The SQLite store without NLP: schema, migrations, the writer's upserts and entity merge, JSON
round trips, consistency checks, and readers answering while a write transaction is open."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from newsgraph.article import (
    Article,
    Caption,
    Dateline,
    Disclosure,
    Embed,
    Entity,
    Event,
    Mention,
    Origin,
    Participant,
    Quote,
    Span,
    Speaker,
    TimeExpr,
    TimeValue,
)
from newsgraph.store import open_store
from newsgraph.store.schema import MIGRATIONS


def _article(n: int, title: str, text: str, day: str, entities: list[Entity], source: str = "Wire",
             quotes: list[Quote] | None = None, events: list[Event] | None = None) -> Article:
    mentions = []
    for ent in entities:
        at = text.find(ent.name)
        if at >= 0:
            mentions.append(Mention(at, at + len(ent.name), ent.name, ent.type, ent.id))
    return Article(
        url=f"https://news.example/{n}", source=source, language="en", title=title, authors=[f"Writer {n}"],
        published=f"{day}T10:00:00+00:00", dateline=Dateline(place="Brussels", date=day, text="BRUSSELS —"),
        text=text, captions=[Caption("A photo", credit="Agency")], tags=["europe"],
        embeds=[Embed("x", url="https://x.example/1", handle="@someone", metrics={"views": 10})],
        disclosures=[Disclosure("sponsored", "Paid for by a sponsor.", principal="Sponsor")],
        mentions=mentions, entities=entities, quotes=quotes or [], events=events or [],
        dates=[TimeExpr(0, 3, "Monday", day, "day")], origin=Origin(f"test-{n}.html"))


def make_articles() -> list[Article]:
    """Three small articles with entities shared across them, quotes and events."""
    eu = Entity("e1", "European Union", "ORG", aliases=["EU"], kb={"wikidata": "Q458"}, sector="IGO", mentions=2)
    kallas = Entity("e2", "Kaja Kallas", "PERSON", country="EST", sector="GOV", mentions=2)
    china = Entity("e3", "China", "GPE", kb={"wikidata": "Q148"}, country="CHN", mentions=1)
    first = _article(
        1, "EU foreign ministers meet on sanctions",
        "Monday: the European Union foreign ministers met in Brussels. Kaja Kallas said sanctions would "
        "follow. China rejected the plan.", "2025-03-03", [eu, kallas, china],
        quotes=[Quote(60, 90, "sanctions would follow", Speaker("Kaja Kallas", "e2"), cue="said", kind="indirect")],
        events=[Event("v1", "CONSULT", Span(8, 56, "the European Union foreign ministers met"), Span(52, 55, "met"),
                      actors=[Participant("European Union", "e1")], date=TimeValue("2025-03-03", "day")),
                Event("v2", "REJECT", Span(100, 125, "China rejected the plan."), Span(106, 114, "rejected"),
                      actors=[Participant("China", "e3", country="CHN")],
                      recipients=[Participant("European Union", "e1")], date=TimeValue("2025-03", "month"))])
    eu2 = Entity("x9", "EU", "ORG", kb={"wikidata": "Q458"}, mentions=1)
    kallas2 = Entity("x8", "Kallas", "PERSON", aliases=["Kaja Kallas"], mentions=1)
    second = _article(
        2, "Kallas visits Beijing",
        "Monday: Kallas, the EU's top diplomat, flew to Beijing. \u201cWe talk,\u201d Kaja Kallas said.",
        "2025-03-10", [eu2, kallas2], source="Daily",
        quotes=[Quote(58, 66, "We talk", Speaker("Kaja Kallas", "x8"), cue="said")],
        events=[Event("w1", "CONSULT", Span(8, 54, "Kallas flew to Beijing"), Span(38, 42, "flew"),
                      actors=[Participant("Kallas", "x8")], recipients=[Participant("China", None)])])
    # same name and type, a different country: a different person
    other = Entity("y1", "Kaja Kallas", "PERSON", country="FIN", mentions=1)
    third = _article(3, "A namesake in Helsinki", "Monday: Kaja Kallas opened a bakery in Helsinki.",
                     "2025-03-11", [other], source="Local")
    return [first, second, third]


def write(store, articles: list[Article]) -> None:
    writer = store.writer(batch_size=2)
    for a in articles:
        writer.add(a, a.origin.input, "hash-" + a.id, a.origin.input)
    writer.flush()
    writer.conn.close()


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "test.db") as s:
        write(s, make_articles())
        yield s


def counts(store) -> dict[str, int]:
    return store.stats()["counts"]


def test_pragmas_and_migrations(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with open_store(db) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        names = [r[0] for r in s.conn.execute("SELECT name FROM migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    with open_store(db) as s:  # reopening applies nothing twice
        assert s.conn.execute("SELECT count(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)


def test_round_trip_is_lossless(store) -> None:
    for original in make_articles():
        restored = store.article(original.id)
        assert restored is not None
        assert restored.to_dict() == original.to_dict()
    assert store.article("no-such-id") is None


def test_rewriting_changes_nothing(store) -> None:
    before = counts(store)
    graph = store.conn.execute("SELECT id, article_count, mention_count FROM graph_entities ORDER BY id").fetchall()
    write(store, make_articles())
    assert counts(store) == before
    assert store.conn.execute(
        "SELECT id, article_count, mention_count FROM graph_entities ORDER BY id").fetchall() == graph


def test_entities_merge_across_articles(store) -> None:
    eu = store.entities(name="EU")
    assert len(eu) == 1 and eu[0]["wikidata"] == "Q458" and eu[0]["article_count"] == 2
    aliases = {r[0] for r in store.conn.execute("SELECT alias FROM graph_aliases WHERE graph_id = ?", (eu[0]["id"],))}
    assert aliases == {"European Union", "EU"}
    # the graph's rule: "Kallas" alone joins the one full name known with that surname when it comes
    people = store.entities(type="PERSON", limit=10)
    by_country = {(p["name"], p["country"]): p["article_count"] for p in people}
    assert by_country[("Kaja Kallas", "EST")] == 2 and len(people) == 2
    assert by_country[("Kaja Kallas", "FIN")] == 1  # same name, different country: two nodes
    assert store.entities(country="CHN")[0]["name"] == "China"


def test_compatible_country_merges(tmp_path: Path) -> None:
    a = _article(1, "One", "Monday: Ana Lopez spoke.", "2025-01-01", [Entity("p", "Ana Lopez", "PERSON", country="ESP")])
    b = _article(2, "Two", "Monday: Ana López spoke again.", "2025-01-02", [Entity("p", "Ana López", "PERSON")])
    with open_store(tmp_path / "c.db") as s:
        write(s, [a, b])
        (node,) = s.entities(type="PERSON")
        assert node["article_count"] == 2 and node["country"] == "ESP"
        assert node["first_seen"] == "2025-01-01" and node["last_seen"] == "2025-01-02"


def test_consistency_and_cascade(store) -> None:
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for view in ("article_entities", "article_quotes", "article_events", "entity_aliases"):
        assert store.conn.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
    first = make_articles()[0].id
    store.conn.execute("DELETE FROM articles WHERE id = ?", (first,))
    for table in ("mentions", "entities", "quotes", "events", "event_participants", "authors", "inputs"):
        assert store.conn.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (first,)).fetchone()[0] == 0
    assert store.search("sanctions") == []  # the FTS index followed the delete


def test_reader_answers_while_a_write_transaction_is_open(store, tmp_path: Path) -> None:
    writer = store.writer()
    extra = _article(9, "Late news about sanctions", "Monday: more sanctions.", "2025-04-01", [])
    writer.conn.execute("BEGIN IMMEDIATE")
    writer._write(extra, "late", "hash-late", "late")
    # the reader is not blocked and sees the last committed state
    assert [r["id"] for r in store.search("sanctions")] == [make_articles()[0].id]
    writer.conn.execute("COMMIT")
    assert {r["id"] for r in store.search("sanctions")} == {make_articles()[0].id, extra.id}
    writer.conn.close()


def test_failed_batch_rolls_back(store) -> None:
    writer = store.writer(batch_size=100)
    good = _article(7, "Good", "Monday: fine.", "2025-05-01", [])
    bad = _article(8, "Bad", "Monday: broken.", "2025-05-02", [])
    bad.events = [Event("z", None, Span(0, 1), Span(0, 1))]  # type: ignore[arg-type]  # NOT NULL type
    writer.add(good, "good", "h1", "good")
    writer.add(bad, "bad", "h2", "bad")
    with pytest.raises(sqlite3.IntegrityError):
        writer.flush()
    assert store.article(good.id) is None  # the whole batch or nothing
    assert not writer.known("good", "h1")
    writer.conn.close()


def test_opens_in_the_sqlite3_shell(store) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("sqlite3 shell absent")
    sql = "SELECT name, article_count FROM entity_aliases ORDER BY article_count DESC, name LIMIT 1;"
    out = subprocess.run([shell, str(store.path), sql], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "European Union|2"


def test_json_column_is_plain_json(store) -> None:
    raw = store.conn.execute("SELECT json FROM articles ORDER BY day LIMIT 1").fetchone()[0]
    assert json.loads(raw)["title"] == "EU foreign ministers meet on sanctions"


def test_aggregate_migration_backfills_what_the_writer_maintains(tmp_path: Path, store) -> None:
    """A store written before migration 0003 gets the same per-day counts from the backfill as the
    writer keeps up to date itself."""
    from newsgraph.store import connect
    from newsgraph.store.schema import migrate

    old = tmp_path / "old.db"
    conn = connect(old)
    names = [name for name, _ in MIGRATIONS]
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[: names.index("0003_aggregates")]:  # the store as it was before 0003
        step(conn)
        conn.execute("INSERT INTO migrations VALUES (?, '')", (name,))
    conn.execute("ATTACH DATABASE ? AS new", (str(store.path),))
    tables = ["articles", "graph_entities", "entities", "events", "event_participants"]
    for table in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        conn.execute(f"INSERT INTO main.{table} SELECT {', '.join(columns)} FROM new.{table}")
    conn.execute("DETACH DATABASE new")
    assert migrate(conn) == names[names.index("0003_aggregates"):]
    query = "SELECT graph_id, day, articles, mentions FROM graph_entity_days ORDER BY graph_id, day"
    assert conn.execute(query).fetchall() == store.conn.execute(query).fetchall()
    query = "SELECT article_id, event_id, role, position, day FROM event_participants ORDER BY 1, 2, 3, 4"
    assert [tuple(r) for r in conn.execute(query)] == [tuple(r) for r in store.conn.execute(query)]
    conn.close()


def test_batch_hooks_commit_or_roll_back_with_the_batch(tmp_path: Path) -> None:
    """Cross-article state written by a hook lands in the same transaction as the articles."""
    seen: list[list[str]] = []

    def stories(conn: sqlite3.Connection, articles: list[Article]) -> None:
        seen.append([a.id for a in articles])
        for a in articles:
            conn.execute("INSERT INTO stories(id, title, num_articles) VALUES (?, ?, 1)", ("s-" + a.id, a.title))
            conn.execute("INSERT INTO story_articles VALUES (?, ?)", ("s-" + a.id, a.id))

    def broken(conn: sqlite3.Connection, articles: list[Article]) -> None:
        raise RuntimeError("graph state could not be written")

    first, second, _ = make_articles()
    with open_store(tmp_path / "h.db") as s:
        writer = s.writer()
        writer.hooks.append(stories)
        writer.add(first, "a", "h1", "a")
        writer.add(first, "a-copy", "h1b", "a-copy")  # the same article again: not new
        writer.flush()
        assert seen == [[first.id]] and writer.added == 1
        writer.hooks.append(broken)
        writer.add(second, "b", "h2", "b")
        with pytest.raises(RuntimeError):
            writer.flush()
        assert s.article(second.id) is None and writer.added == 1
        assert s.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 1
        writer.conn.close()
