"""Alerts across rounds of the watch (full pipeline): an alert on an entity and an event type fires
exactly once per new matching event, never for what was stored before it or matched before."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from localsite import Site, rss

from newsgraph.cli import main
from newsgraph.crawl.fetch import Politeness
from newsgraph.crawl.watch import watch_round

MANNERS = Politeness(delay=0.0, allow_private=True)

PAGES = {
    "/old": ("Russia accuses Ukraine of a drone strike", ("KYIV, March 1 (Reuters) - Russia accused Ukraine on "
             "Sunday of a drone strike on a fuel depot, the defence ministry said.")),
    "/a": ("Russia accuses Ukraine of shelling a village", ("MOSCOW, March 3 (Reuters) - Russia accused Ukraine on "
           "Tuesday of shelling a border village, the foreign ministry said in a statement.")),
    "/b": ("France accuses Iran over the nuclear deal", ("PARIS, March 4 (Reuters) - France accused Iran on "
           "Wednesday of violating the nuclear deal, the foreign ministry said.")),
    "/c": ("Hungary accuses Ukraine over the pipeline", ("BUDAPEST, March 5 (Reuters) - Hungary accused Ukraine on "
           "Thursday of blocking oil through the pipeline, the government said.")),
}  # fmt: skip


def page(title: str, text: str) -> tuple:
    body = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    return 200, {"Content-Type": "text/html"}, body.encode()


@pytest.fixture
def site():
    with Site({path: page(*value) for path, value in PAGES.items()}) as made:
        yield made


def feed(site: Site, paths: list[str]) -> tuple:
    return rss([(p, site.url(p)) for p in paths])


def test_alert_fires_once_per_new_matching_event(tmp_path, site):
    db, out = tmp_path / "news.db", tmp_path / "alerts.jsonl"
    runner = CliRunner()

    def round_with(paths):
        site.routes["/feed"] = feed(site, paths)
        return watch_round([site.url("/feed")], db, MANNERS, workers=0)

    round_with(["/old"])  # stored before the alert exists: never reported
    added = runner.invoke(main, ["alert", "add", "ukraine-accused", "--db", str(db), "--entity", "Ukraine",
                                 "--event-type", "accuse", "--output", str(out)])  # fmt: skip
    assert added.exit_code == 0, added.output
    first = round_with(["/old", "/a", "/b"])
    second = round_with(["/old", "/a", "/b", "/c"])
    third = round_with(["/old", "/a", "/b", "/c"])
    assert (first.alerts, second.alerts, third.alerts) == ({"ukraine-accused": 1}, {"ukraine-accused": 1},
                                                           {"ukraine-accused": 0})  # fmt: skip
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["url"] for line in lines] == [site.url("/a"), site.url("/c")]
    assert all(line["event"]["type"] == "ACCUSE" for line in lines)
    assert any(r["text"] == "Ukraine" for r in lines[0]["event"]["recipients"])

    listed = json.loads(runner.invoke(main, ["alert", "list", "--db", str(db), "--json"]).output)
    assert listed[0]["name"] == "ukraine-accused" and listed[0]["matches"] == 2
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    page = TestClient(create_app(db)).get("/watch")
    assert page.status_code == 200 and "ukraine-accused" in page.text
    assert PAGES["/a"][0] in page.text and PAGES["/c"][0] in page.text and PAGES["/b"][0] not in page.text
    assert site.base in page.text and "4 fetched" in page.text  # the frontier and its host
    tried = runner.invoke(main, ["alert", "test", "ukraine-accused", "--db", str(db)])
    urls = {json.loads(line)["url"] for line in tried.output.splitlines()}
    assert urls == {site.url(p) for p in ("/old", "/a", "/c")}  # the whole store, /b (Iran) never
    assert runner.invoke(main, ["alert", "remove", "ukraine-accused", "--db", str(db)]).exit_code == 0
    assert json.loads(runner.invoke(main, ["alert", "list", "--db", str(db), "--json"]).output) == []


def test_alert_errors_are_clear(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "news.db")
    none = runner.invoke(main, ["alert", "add", "x", "--db", db])
    assert none.exit_code == 1 and "at least one of" in none.output
    bad = runner.invoke(main, ["alert", "add", "x", "--db", db, "--event-type", "HUG"])
    assert bad.exit_code == 2 and "[E215]" in bad.output and "ACCUSE" in bad.output
    assert runner.invoke(main, ["alert", "add", "x", "--db", db, "--query", "oil"]).exit_code == 0
    again = runner.invoke(main, ["alert", "add", "x", "--db", db, "--query", "gas"])
    assert again.exit_code == 1 and "exists" in again.output
    missing = runner.invoke(main, ["alert", "remove", "nope", "--db", db])
    assert missing.exit_code == 1 and "no alert named" in missing.output


def test_failed_delivery_is_retried_next_round(tmp_path, site):
    from newsgraph.crawl.alerts import add_alert, run_alerts
    from newsgraph.store import Store, connect

    db = tmp_path / "news.db"
    Store(db).close()
    conn = connect(db)
    add_alert(conn, "iran", query="Iran", output=str(tmp_path / "missing-folder" / "out.jsonl"))
    site.routes["/feed"] = feed(site, ["/b"])
    watch_round([site.url("/feed")], db, MANNERS, workers=0, stages=[])
    assert conn.execute("SELECT last_error FROM alerts").fetchone()[0].startswith("FileNotFoundError")
    conn.execute("UPDATE alerts SET output = ?", (str(tmp_path / "out.jsonl"),))
    assert run_alerts(conn) == {"iran": 1} and run_alerts(conn) == {"iran": 0}
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    conn.close()


def test_a_redelivery_after_a_kill_is_not_written_twice_to_a_file(tmp_path, site):
    """The kill between a delivery and its record, replayed: the matches were written to the file
    but the store never heard of it. The next round delivers them again; the file keeps one copy
    of each (match ids), while a stream output would get the same ids again for its reader."""
    from newsgraph.crawl.alerts import add_alert, run_alerts
    from newsgraph.store import Store, connect

    db, out = tmp_path / "news.db", tmp_path / "out.jsonl"
    Store(db).close()
    conn = connect(db)
    add_alert(conn, "iran", query="Iran", output=str(out))
    site.routes["/feed"] = feed(site, ["/b"])
    watch_round([site.url("/feed")], db, MANNERS, workers=0, stages=[])
    first = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(first) == 1 and first[0]["match_id"]
    conn.execute("DELETE FROM alert_matches")  # as if the record after the delivery never committed
    conn.execute("UPDATE alerts SET last_pk = 0")
    assert run_alerts(conn) == {"iran": 1}  # delivered again, as far as the store knows
    again = [json.loads(line) for line in out.read_text().splitlines()]
    assert again == first
    conn.close()
