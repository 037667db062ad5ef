"""Queries over a hand-built store, as Python methods and as CLI commands with --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store import make_articles, write

from newsgraph import open_store
from newsgraph.cli import main


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "q.db") as s:
        write(s, make_articles())
        yield s


def test_search_ranks_and_snippets(store) -> None:
    hits = store.search("sanctions")
    assert [h["title"] for h in hits] == ["EU foreign ministers meet on sanctions"]
    assert "[sanctions]" in hits[0]["snippet"]
    assert store.search("Beijing OR Helsinki", limit=5) and len(store.search("Beijing OR Helsinki")) == 2
    # text that is not FTS5 syntax is searched as plain words rather than failing
    assert store.search('EU\'s "top') == store.search("EU's top")
    assert store.search("zzzunknownword") == []


def test_entity_profile(store) -> None:
    profile = store.entity("European Union")
    assert profile["wikidata"] == "Q458" and profile["article_count"] == 2
    assert profile["kb"] == {"wikidata": "Q458"}
    assert {a["alias"] for a in profile["aliases"]} == {"European Union", "EU"}
    assert profile["counts"] == [{"month": "2025-03", "articles": 2}]
    # "Kallas" alone is the one Kaja Kallas known when it came: one node (the graph's rule)
    assert {c["name"] for c in profile["co_occurring"]} >= {"China", "Kaja Kallas"}
    assert "Kallas" not in {c["name"] for c in profile["co_occurring"]}
    assert {p["name"] for p in profile["event_partners"]} == {"China"}
    assert {e["type"] for e in profile["events"]} == {"CONSULT", "REJECT"}
    assert store.entity("EU")["id"] == profile["id"]  # an alias finds the same node
    kallas = store.entity("Kaja Kallas")
    assert kallas["country"] == "EST"  # exact name, then most mentions, among equally cited nodes
    # the Finnish namesake is offered too ("Kallas" alone is no node of its own: it joined her)
    assert {(o["name"], o["country"]) for o in kallas["others"]} == {("Kaja Kallas", "FIN")}
    assert [q["text"] for q in kallas["quotes"]] == ["We talk", "sanctions would follow"]  # both articles
    assert store.entity("Nobody At All") is None


def test_events_filters(store) -> None:
    assert {e["type"] for e in store.events()} == {"CONSULT", "REJECT"}
    rejected = store.events(actor="China")
    assert [e["type"] for e in rejected] == ["REJECT"]
    assert rejected[0]["actors"] == ["China"] and rejected[0]["recipients"] == ["European Union"]
    assert [e["type"] for e in store.events(recipient="EU")] == ["REJECT"]
    assert len(store.events(type="consult")) == 2
    assert [e["day"] for e in store.events(since="2025-03-05")] == ["2025-03-10"]
    assert len(store.events(until="2025-03-05")) == 2  # a month-precise date falls back to the article day
    assert store.events(actor="Nobody") == []


def test_quotes(store) -> None:
    assert [q["text"] for q in store.quotes(speaker="Kaja Kallas")] == ["We talk", "sanctions would follow"]
    assert [q["text"] for q in store.quotes(text="sanctions")] == ["sanctions would follow"]
    assert store.quotes(speaker="Kaja Kallas", text="talk")[0]["text"] == "We talk"


def test_timeline(store) -> None:
    assert store.timeline() == [{"period": "2025-03-03", "count": 1}, {"period": "2025-03-10", "count": 1},
                                {"period": "2025-03-11", "count": 1}]
    assert store.timeline(interval="week") == [{"period": "2025-03-03", "count": 1},
                                               {"period": "2025-03-10", "count": 2}]
    assert store.timeline(entity="EU", interval="month") == [{"period": "2025-03", "count": 2}]
    assert store.timeline(event_type="CONSULT") == [{"period": "2025-03-03", "count": 1},
                                                    {"period": "2025-03-10", "count": 1}]
    assert store.timeline(query="Helsinki") == [{"period": "2025-03-11", "count": 1}]
    with pytest.raises(ValueError, match="interval"):
        store.timeline(interval="hour")


def test_network(store) -> None:
    net = store.network()
    names = {n["id"]: n["name"] for n in net["nodes"]}
    events = {(names[e["source"]], names[e["target"]]) for e in net["edges"] if e["kind"] == "event"}
    assert events == {("China", "European Union")}
    assert net["articles"] == 3


def test_stats(store) -> None:
    stats = store.stats()
    assert stats["counts"]["articles"] == 3 and stats["counts"]["events"] == 3
    assert stats["first_day"] == "2025-03-03" and stats["last_day"] == "2025-03-11"


@pytest.mark.parametrize("args", [
    ["search", "sanctions"], ["entities", "--type", "PERSON"], ["entity", "EU"], ["events", "--actor", "China"],
    ["quotes", "--speaker", "Kaja Kallas"], ["timeline", "--entity", "EU", "--interval", "week"],
    ["network"], ["stats"],
])
def test_cli_json_matches_the_api(store, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--db", str(store.path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data
    table = CliRunner().invoke(main, [*args, "--db", str(store.path)])
    assert table.exit_code == 0, table.output
    assert table.stdout.strip()


def test_cli_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "absent.db")])
    assert result.exit_code != 0 and "newsgraph ingest" in result.output
