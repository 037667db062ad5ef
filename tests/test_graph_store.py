"""The cross-article graph inside the store: every ingest fills near-duplicate groups, stories
and aggregated events in the batch's own transaction, the next run continues them, and the
exports read the store back.

The articles are written here (invented texts, entities and events, restored by ``ingest`` from
Article JSONL without running the language pipeline), so each expectation follows from the
rules, not from what the pipeline happens to find.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import ingest
from newsgraph.article import (
    Amount,
    Article,
    Count,
    Entity,
    Event,
    Mention,
    Participant,
    Quote,
    Span,
    Speaker,
    TimeValue,
)
from newsgraph.cli import main
from newsgraph.export.gdelt_events import COLUMNS as EVENT_COLUMNS
from newsgraph.export.gkg import COLUMNS, gkg_date, parse_field, read_gkg
from newsgraph.export.jsonl import write_jsonl
from newsgraph.export.store import export_store
from newsgraph.store import graphsync, open_store

WIRE = (
    "Serbian President Aleksandar Vucic met NATO Secretary General Mark Rutte in Brussels on Tuesday "
    "to discuss security in the Western Balkans and the alliance's peacekeeping mission in Kosovo. "
    "Vucic said after the talks that Serbia would remain militarily neutral but wanted closer "
    "cooperation with the alliance on crisis management and training. Rutte praised the dialogue "
    "and urged Belgrade and Pristina to lower tensions in the north of Kosovo, where clashes last "
    "year injured dozens of peacekeepers. \u201cDialogue is the only way forward,\u201d Rutte said. "
    "Officials from both sides said a further round of talks on regional stability would take place "
    "in Belgrade before the end of the year."
)
OTHER = (
    "Farmers in the lowland provinces began the rice harvest early this year after weeks of unusual "
    "heat, the agriculture ministry said on Thursday. Yields were expected to fall by a tenth compared "
    "with last season because irrigation canals ran dry in several districts, and growers asked the "
    "government for help with fuel and fertiliser costs before the planting of the next crop."
)
GRAPH_TABLES = {
    "duplicate_groups": "SELECT * FROM duplicate_groups ORDER BY id",
    "duplicate_members": "SELECT * FROM duplicate_members ORDER BY article_id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_articles": "SELECT * FROM story_articles ORDER BY story_id, article_id",
    "graph_events": "SELECT * FROM graph_events ORDER BY id",
    "graph_event_participants": "SELECT * FROM graph_event_participants ORDER BY graph_event_id, role, graph_id",
    "graph_event_mentions": "SELECT * FROM graph_event_mentions ORDER BY article_id, event_id",
}
ROW_TABLES = {
    **GRAPH_TABLES,
    "articles": "SELECT id, json FROM articles ORDER BY id",
    "entities": "SELECT article_id, id, graph_id, name, type, country, kb, aliases, mentions, day FROM entities "
                "ORDER BY article_id, id",
    "graph_entities": "SELECT * FROM graph_entities ORDER BY id",
    "graph_aliases": "SELECT * FROM graph_aliases ORDER BY graph_id, alias",
    "quotes": "SELECT article_id, position, text, speaker, speaker_graph_id FROM quotes ORDER BY article_id, position",
    "events": "SELECT * FROM events ORDER BY article_id, id",
    "event_participants": "SELECT * FROM event_participants ORDER BY article_id, event_id, role, position",
}


def wire_copy(url: str, source: str, byline: str = "") -> Article:
    """One syndicated copy: the agency's text under another outlet's URL, name and byline."""
    shift = len(byline) + 2 if byline else 0
    text = (byline + "\n\n" if byline else "") + WIRE

    def at(phrase: str, label: str, eid: str) -> Mention:
        start = shift + WIRE.index(phrase)
        return Mention(start, start + len(phrase), phrase, label, eid)

    quote = "Dialogue is the only way forward"
    q = shift + WIRE.index(quote)
    sentence = Span(shift, shift + WIRE.index(" in Brussels"), WIRE[:WIRE.index(" in Brussels")])
    meeting = Event("v1", "CONSULT", sentence, Span(shift + 35, shift + 38, "met"), cameo="040", quad_class=1,
                    score=1.0, actors=[Participant("Aleksandar Vucic", "e1", "SRB", "GOV")],
                    recipients=[Participant("Mark Rutte", "e2", None, "IGO")], place="e4",
                    date=TimeValue("2025-03-04", "day"), confidence=0.8)
    return Article(
        url=url, source=source, title="Vucic meets Rutte in Brussels", published="2025-03-04T10:00:00+01:00",
        language="en", text=text,
        mentions=[at("Aleksandar Vucic", "PERSON", "e1"), at("Mark Rutte", "PERSON", "e2"), at("NATO", "ORG", "e3"),
                  at("Brussels", "GPE", "e4")],
        entities=[Entity("e1", "Aleksandar Vucic", "PERSON", country="SRB", mentions=2),
                  Entity("e2", "Mark Rutte", "PERSON", country="NLD", kb={"wikidata": "Q57792"}, mentions=2),
                  Entity("e3", "NATO", "ORG", kb={"wikidata": "Q7184"}, sector="IGO", mentions=1),
                  Entity("e4", "Brussels", "GPE", country="BEL", lat=50.85, lon=4.35, mentions=1)],
        quotes=[Quote(q, q + len(quote), quote, Speaker("Rutte", "e2"), cue="said")],
        events=[meeting])


def harvest() -> Article:
    return Article(url="https://c.example/harvest", source="Gamma Daily", title="Rice harvest starts early",
                   published="2025-03-06T08:00:00+00:00", language="en", text=OTHER,
                   entities=[Entity("m", "agriculture ministry", "ORG", mentions=1)])


COPY_A = ("https://alpha.example/world/vucic-rutte", "Alpha News", "")
COPY_B = ("https://beta.example/2025/03/04/balkans", "Beta Post", "By Jo Smith, Beta Post")


def store_from(tmp: Path, name: str, *runs: list[Article]) -> Path:
    """A store filled by one ``ingest`` run per list of articles (Article JSONL, no NLP)."""
    db = tmp / f"{name}.db"
    for number, articles in enumerate(runs):
        source = tmp / f"{name}-run{number}.jsonl"
        write_jsonl(articles, source)
        ingest([source], db=db, workers=0)
    return db


def rows(db: Path, tables: dict[str, str]) -> dict[str, list[tuple]]:
    with open_store(db) as store:
        return {name: [tuple(r) for r in store.conn.execute(sql)] for name, sql in tables.items()}


def test_two_syndicated_copies_are_one_duplicate_group_and_one_event_with_two_sources(tmp_path: Path) -> None:
    a, b = wire_copy(*COPY_A), wire_copy(*COPY_B)
    db = store_from(tmp_path, "wire", [a, b, harvest()])
    with open_store(db) as store:
        groups = store.conn.execute("SELECT id, representative_id, size FROM duplicate_groups").fetchall()
        assert len(groups) == 1 and groups[0]["size"] == 2 and groups[0]["representative_id"] == a.id
        members = {r[0] for r in store.conn.execute("SELECT article_id FROM duplicate_members")}
        assert members == {a.id, b.id}  # the harvest report is no copy
        (event,) = store.aggregated_events(type="CONSULT")
        assert (event["num_mentions"], event["num_sources"], event["num_articles"]) == (2, 2, 2)
        assert event["first_seen"] == event["last_seen"] == "2025-03-04T10:00:00+01:00"
        assert event["day"] == "2025-03-04" and event["place"] == "Brussels"
        assert event["actors"] == ["Aleksandar Vucic"] and event["recipients"] == ["Mark Rutte"]
        assert event["mentions"] == sorted([(a.id, "v1"), (b.id, "v1")])
        # filters: by actor, by recipient (each in its own role only), a day range that excludes it
        assert [e["id"] for e in store.aggregated_events(actor="Aleksandar Vucic")] == [event["id"]]
        assert store.aggregated_events(actor="Mark Rutte") == []
        assert [e["id"] for e in store.aggregated_events(recipient="Mark Rutte")] == [event["id"]]
        assert store.aggregated_events(since="2025-03-05") == []
        stories = store.conn.execute("SELECT id, num_articles, num_sources FROM stories ORDER BY num_articles").fetchall()
        assert [tuple(s)[1:] for s in stories] == [(1, 1), (2, 2)]  # the copies, and the harvest alone
        graph = store.stats()["graph"]
        assert graph["duplicate_groups"] == 1 and graph["articles_in_duplicate_groups"] == 2
        assert graph["aggregated_events"] == 1 and graph["aggregated_events_with_several_sources"] == 1
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    result = CliRunner().invoke(main, ["events", "--db", str(db), "--type", "CONSULT", "--aggregated", "--json"])
    assert result.exit_code == 0, result.output
    assert '"num_sources": 2' in result.output


def test_a_second_run_continues_the_groups_stories_and_events(tmp_path: Path) -> None:
    a, b, c = wire_copy(*COPY_A), wire_copy(*COPY_B), harvest()
    two_runs = store_from(tmp_path, "two", [a, c], [b])
    one_run = store_from(tmp_path, "one", [a, c, b])
    with open_store(two_runs) as store:
        (event,) = store.aggregated_events()
        assert event["num_sources"] == 2  # the second run's copy joined the first run's event
        assert store.conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
    assert rows(two_runs, GRAPH_TABLES) == rows(one_run, GRAPH_TABLES)
    # re-ingesting the same input changes nothing
    before = rows(two_runs, {**GRAPH_TABLES, "state": "SELECT kind, key, json FROM graph_state ORDER BY kind, key"})
    ingest([tmp_path / "two-run0.jsonl", tmp_path / "two-run1.jsonl"], db=two_runs, workers=0)
    assert rows(two_runs, {**GRAPH_TABLES, "state": "SELECT kind, key, json FROM graph_state ORDER BY kind, key"}) == before


def test_a_store_filled_without_the_graph_is_caught_up_by_the_next_ingest(tmp_path: Path) -> None:
    a, b, c = wire_copy(*COPY_A), wire_copy(*COPY_B), harvest()
    db = tmp_path / "old.db"
    with open_store(db) as store:
        writer = store.writer()  # no graph: as a store written before the graph was wired in
        for n, article in enumerate([a, c]):
            writer.add(article, f"old#{n}", f"h{n}", "old")
        writer.flush()
        writer.conn.close()
        assert store.conn.execute("SELECT count(*) FROM graph_events").fetchone()[0] == 0
    source = tmp_path / "new.jsonl"
    write_jsonl([b], source)
    ingest([source], db=db, workers=0)
    assert rows(db, GRAPH_TABLES) == rows(store_from(tmp_path, "ref", [a, c, b]), GRAPH_TABLES)


def test_graph_tables_roll_back_with_a_failed_batch(tmp_path: Path) -> None:
    a, b, c = wire_copy(*COPY_A), wire_copy(*COPY_B), harvest()

    def broken(conn: sqlite3.Connection, articles: list[Article]) -> None:
        raise RuntimeError("disk full")  # stands in for a kill -9 in the middle of the batch

    db = tmp_path / "rolled.db"
    with open_store(db) as store:
        writer = store.writer(graph=True)
        writer.add(a, "a", "ha", "in")
        writer.add(c, "c", "hc", "in")
        writer.flush()
        first = rows(db, GRAPH_TABLES)
        writer.hooks.append(broken)
        writer.add(b, "b", "hb", "in")
        with pytest.raises(RuntimeError):
            writer.flush()
        assert rows(db, GRAPH_TABLES) == first  # the copy's group, story and event mention: all gone
        assert store.conn.execute("SELECT count(*) FROM graph_state WHERE key = ?", (b.id,)).fetchone()[0] == 0
        writer.hooks.remove(broken)
        writer.add(b, "b", "hb", "in")  # the next run's retry, in the same writer (its graph was ahead)
        writer.flush()
        writer.conn.close()
    assert rows(db, GRAPH_TABLES) == rows(store_from(tmp_path, "clean", [a, c, b]), GRAPH_TABLES)


def test_jsonl_export_reimports_to_the_same_rows(tmp_path: Path) -> None:
    db = store_from(tmp_path, "src", [wire_copy(*COPY_A), harvest()], [wire_copy(*COPY_B)])
    dump = tmp_path / "dump.jsonl"
    result = CliRunner().invoke(main, ["export", "jsonl", str(dump), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert len(dump.read_text(encoding="utf-8").splitlines()) == 3
    copy = tmp_path / "copy.db"
    ingest([dump], db=copy, workers=0)
    assert rows(copy, ROW_TABLES) == rows(db, ROW_TABLES)


def test_gkg_export_parses_back_column_by_column(tmp_path: Path) -> None:
    a, b = wire_copy(*COPY_A), wire_copy(*COPY_B)
    db = store_from(tmp_path, "gkg", [a, b])
    out = tmp_path / "out.gkg"
    assert export_store("gkg", out, db) == 2
    parsed = read_gkg(out)  # raises unless every row has the 27 columns
    assert len(COLUMNS) == 27 and len(parsed) == 2
    by_url = {row["V2DOCUMENTIDENTIFIER"]: row for row in parsed}
    assert set(by_url) == {a.url, b.url}
    assert len({row["GKGRECORDID"] for row in parsed}) == 2
    for article in (a, b):
        row = by_url[article.url]
        assert row["V2.1DATE"] == gkg_date(article.published) == "20250304090000"  # UTC
        assert row["V2SOURCECOMMONNAME"] == article.source
        assert parse_field("V1PERSONS", row["V1PERSONS"]) == ["Aleksandar Vucic", "Mark Rutte"]
        assert parse_field("V1ORGANIZATIONS", row["V1ORGANIZATIONS"]) == ["NATO"]
        persons = parse_field("V2ENHANCEDPERSONS", row["V2ENHANCEDPERSONS"])
        assert ("Mark Rutte", article.text.index("Mark Rutte")) in persons
        places = parse_field("V2ENHANCEDLOCATIONS", row["V2ENHANCEDLOCATIONS"])
        assert any("Brussels" in block[1] for block in places)
        quotes = parse_field("V2.1QUOTATIONS", row["V2.1QUOTATIONS"])
        assert [q[3] for q in quotes] == ["Dialogue is the only way forward"]
        tone = parse_field("V1.5TONE", row["V1.5TONE"])
        assert int(tone["word_count"]) == len(re.findall(r"\w+", article.text))
        assert parse_field("V2EXTRASXML", row["V2EXTRASXML"])["PAGE_TITLE"] == article.title
        for column in COLUMNS:  # every column parses by its codebook format
            parse_field(column, row[column])


def test_events_export_gives_the_stored_aggregated_events(tmp_path: Path) -> None:
    db = store_from(tmp_path, "ev", [wire_copy(*COPY_A), harvest()], [wire_copy(*COPY_B)])
    out = tmp_path / "events.tsv"
    assert export_store("events", out, db) == 1
    row = dict(zip(EVENT_COLUMNS, out.read_text(encoding="utf-8").rstrip("\n").split("\t"), strict=True))
    with open_store(db) as store:
        (stored,) = store.conn.execute("SELECT id, num_mentions, num_sources, num_articles FROM graph_events")
    assert int(row["GLOBALEVENTID"]) == int(stored["id"][1:], 16)  # the very event the ingest stored
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert (stored["num_mentions"], stored["num_sources"], stored["num_articles"]) == (2, 2, 2)
    assert row["SQLDATE"] == "20250304" and row["EventCode"] == "040"
    assert (row["Actor1Code"], row["Actor2Name"]) == ("SRBGOV", "Mark Rutte")


def test_parquet_export_writes_one_file_per_table(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    a, b, c = wire_copy(*COPY_A), wire_copy(*COPY_B), harvest()
    db = store_from(tmp_path, "pq", [a, b, c])
    folder = tmp_path / "parquet"
    result = CliRunner().invoke(main, ["export", "parquet", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert sorted(pq.read_table(folder / "articles.parquet").column("id").to_pylist()) == sorted([a.id, b.id, c.id])
    assert pq.read_table(folder / "graph_events.parquet").column("num_sources").to_pylist() == [2]
    assert not (folder / "articles_fts.parquet").exists() and not (folder / "graph_state.parquet").exists()
    # a day range keeps only its articles and the rows they take part in
    later = tmp_path / "later"
    assert CliRunner().invoke(main, ["export", "parquet", str(later), "--db", str(db), "--since", "2025-03-05"]).exit_code == 0
    assert pq.read_table(later / "articles.parquet").column("id").to_pylist() == [c.id]
    assert pq.read_table(later / "graph_events.parquet").num_rows == 0
    assert set(pq.read_table(later / "entities.parquet").column("article_id").to_pylist()) == {c.id}


def test_timeline_of_an_entity_or_event_type_within_a_query(tmp_path: Path) -> None:
    db = store_from(tmp_path, "tl", [wire_copy(*COPY_A), wire_copy(*COPY_B), harvest()])
    with open_store(db) as store:
        assert store.timeline(entity="Mark Rutte", query="Brussels") == [{"period": "2025-03-04", "count": 2}]
        assert store.timeline(entity="Mark Rutte", query="harvest") == []
        assert store.timeline(event_type="CONSULT", query="Brussels") == [{"period": "2025-03-04", "count": 2}]
        assert store.timeline(event_type="CONSULT", query="harvest") == []
        assert store.timeline(query="harvest") == [{"period": "2025-03-06", "count": 1}]


@pytest.mark.parametrize("full_first", [True, False])
def test_the_store_persists_the_graphs_merge_of_a_lone_surname(tmp_path: Path, full_first: bool) -> None:
    """A lone surname joins the one full name with it, whichever article comes first: the writer
    applies the graph's rule, so the store's node is the graph's and every count agrees."""
    full = Article(url="https://a.example/kallas-1", source="Alpha News", text="Kaja Kallas spoke in Tallinn.",
                   published="2025-02-24T09:00:00+00:00",
                   entities=[Entity("p", "Kaja Kallas", "PERSON", country="EST", mentions=1)])
    alone = Article(url="https://b.example/kallas-2", source="Beta Post", text="Kallas flew to Kyiv on Monday.",
                    published="2025-02-25T09:00:00+00:00", entities=[Entity("p", "Kallas", "PERSON", mentions=2)])
    db = store_from(tmp_path, "kallas", [full, alone] if full_first else [alone, full])
    with open_store(db) as store:
        nodes = {r[0] for r in store.conn.execute("SELECT graph_id FROM entities")}
        assert len(nodes) == 1
        graph = graphsync.load_graph(store.conn)
        assert {graph.entities.resolve(n) for n in graph.entities.nodes} == nodes
        row = store.conn.execute("SELECT name, article_count, mention_count, first_seen, last_seen "
                                 "FROM graph_entities").fetchall()
        assert [tuple(r) for r in row] == [("Kaja Kallas", 2, 3, "2025-02-24", "2025-02-25")]
        assert store.conn.execute("SELECT sum(articles) FROM graph_entity_days").fetchone()[0] == 2
        assert [tuple(r) for r in store.conn.execute("SELECT surname FROM graph_surnames")] == [("kallas",)]
        assert store.stats()["graph"]["entities_merged_otherwise_by_the_graph"] == 0


def test_old_stories_and_events_leave_memory_but_keep_their_rows(tmp_path: Path, monkeypatch) -> None:
    from newsgraph.store import graphsync

    monkeypatch.setattr(graphsync, "MAX_LIVE", 1)
    early = wire_copy(*COPY_A)
    late = harvest()
    late.published = "2025-06-01T08:00:00+00:00"  # the id hashes url, title and text: unchanged
    db = store_from(tmp_path, "evict", [early, late])
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 2  # rows stay
        graph = graphsync.load_graph(store.conn)
        assert list(graph.stories.stories) == [store.conn.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (late.id,)).fetchone()[0]]
        assert graph.events.events == {}  # the March meeting is months behind the newest article


def test_gdelt_views_agree_with_the_events_and_gkg_exports(tmp_path: Path) -> None:
    a, b = wire_copy(*COPY_A), wire_copy(*COPY_B)
    a.tone, b.tone = 1.5, -0.5
    for copy, goldstein in ((a, 1.0), (b, 2.0)):
        copy.events[0].goldstein = goldstein
        copy.events[0].actors[0].code = "SRBGOV"
        copy.counts = [Count("ARREST", 30, "protesters", copy.events[0].sentence, "e4")]
        copy.amounts = [Amount(30e9, "US$", copy.events[0].sentence)]
        copy.themes = ["EUROPEAN_UNION", "ELECTION"]
    db = store_from(tmp_path, "views", [a, harvest()], [b])
    out = tmp_path / "events.tsv"
    export_store("events", out, db)
    exported = dict(zip(EVENT_COLUMNS, out.read_text(encoding="utf-8").rstrip("\n").split("\t"), strict=True))
    with open_store(db) as store:
        (view,) = [dict(r) for r in store.conn.execute("SELECT * FROM gdelt_events")]
        gkg = {r["V2DOCUMENTIDENTIFIER"]: dict(r) for r in store.conn.execute("SELECT * FROM gdelt_gkg")}
    for column in ("SQLDATE", "MonthYear", "Year", "EventCode", "EventRootCode", "QuadClass", "Actor1Code",
                   "Actor2Name", "NumMentions", "NumSources", "NumArticles"):
        assert str(view[column]) == exported[column], column
    assert view["GoldsteinScale"] == float(exported["GoldsteinScale"]) == 1.5
    assert view["AvgTone"] == float(exported["AvgTone"]) == 0.5
    assert view["Actor1Code"] == "SRBGOV" and view["ActionGeo_FullName"] == "Brussels"
    assert exported["ActionGeo_FullName"].startswith("Brussels")
    assert gkg[a.url]["V1COUNTS"] == "ARREST#30#protesters" and gkg[harvest().url]["V1COUNTS"] is None
    assert gkg[a.url]["V1THEMES"] == "EUROPEAN_UNION;ELECTION"
    assert gkg[a.url]["V2.1AMOUNTS"] == f"30000000000,US$,{a.events[0].sentence.start}"
    with open_store(db) as store:
        stored = store.conn.execute("SELECT goldstein, avg_tone FROM graph_events").fetchone()
        counts = store.conn.execute("SELECT kind, number, object, place_graph_id IS NOT NULL FROM counts "
                                    "WHERE article_id = ?", (a.id,)).fetchall()
    assert tuple(stored) == (1.5, 0.5) and [tuple(c) for c in counts] == [("ARREST", 30, "protesters", 1)]
    export_store("gkg", tmp_path / "out.gkg", db)  # the export of a store has them too
    exported_gkg = {row["V2DOCUMENTIDENTIFIER"]: row for row in read_gkg(tmp_path / "out.gkg")}
    assert exported_gkg[a.url]["V1COUNTS"].startswith("ARREST#30#protesters#4#Brussels")
    assert exported_gkg[a.url]["V1THEMES"] == "EUROPEAN_UNION;ELECTION"
    assert set(gkg) == {a.url, b.url, harvest().url}
    assert gkg[a.url]["V1PERSONS"].split(";") == ["Aleksandar Vucic", "Mark Rutte"]
    assert gkg[a.url]["V2.1QUOTATIONS"] == "Dialogue is the only way forward"


def test_migration_0011_keeps_the_gdelt_view_of_a_store_written_before_it(tmp_path: Path) -> None:
    """A store written before 0011 gets Goldstein-less but otherwise equal GDELT views: its events'
    action place is their place, its aggregated events' tone the mean tone of their articles."""
    from newsgraph.store import connect
    from newsgraph.store.schema import MIGRATIONS, migrate

    a, b = wire_copy(*COPY_A), wire_copy(*COPY_B)
    a.tone, b.tone = 1.5, -0.5
    db = store_from(tmp_path, "new", [a, b])
    old = connect(tmp_path / "old.db")
    names = [name for name, _ in MIGRATIONS]
    old.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[: names.index("0011_gkg")]:
        step(old)
        old.execute("INSERT INTO migrations VALUES (?, '')", (name,))
    old.execute("ATTACH DATABASE ? AS new", (str(db),))
    for table in ("articles", "graph_entities", "entities", "events", "event_participants", "graph_events",
                  "graph_event_mentions", "graph_event_participants"):
        columns = ", ".join(r[1] for r in old.execute(f"PRAGMA main.table_info({table})"))
        old.execute(f"INSERT INTO main.{table}({columns}) SELECT {columns} FROM new.{table}")
    old.execute("DETACH DATABASE new")
    assert migrate(old) == names[names.index("0011_gkg"):]  # 0011 and every later migration
    old.row_factory = sqlite3.Row
    (before,) = [dict(r) for r in old.execute("SELECT * FROM gdelt_events")]
    with open_store(db) as store:
        (after,) = [dict(r) for r in store.conn.execute("SELECT * FROM gdelt_events")]
    assert before["ActionGeo_FullName"] == after["ActionGeo_FullName"] == "Brussels"
    assert before["AvgTone"] == after["AvgTone"] == 0.5
    assert {k: v for k, v in before.items() if k != "GoldsteinScale"} == {
        k: v for k, v in after.items() if k != "GoldsteinScale"}
    assert old.execute("SELECT count(*) FROM counts").fetchone()[0] == 0
    old.close()
