"""``newsgraph watch`` through the CLI: one round with the full pipeline, its line, the status."""

from __future__ import annotations

import json

from click.testing import CliRunner
from localsite import Site, html, rss

from newsgraph.cli import main
from newsgraph.crawl.watch import parse_duration


def test_watch_once_then_status(tmp_path):
    db = tmp_path / "news.db"
    body = ("Prime Minister Mark Rutte met President Aleksandar Vucic in Belgrade on Tuesday.\n"
            "\"We agreed to work together on energy,\" Rutte said after the dinner.")
    with Site({"/story": html("Rutte meets Vucic in Belgrade", body), "/gone": (404, {}, b"")}) as site:
        site.routes["/feed"] = rss([("Rutte", site.url("/story")), ("Gone", site.url("/gone"))])
        runner = CliRunner()
        done = runner.invoke(main, ["watch", site.url("/feed"), "--db", str(db), "--once", "--delay", "0",
                                    "--allow-private", "--workers", "0", "--contact", "me@example.org"])  # fmt: skip
        assert "me@example.org" in site.agents[0]
    assert done.exit_code == 1, done.output  # the 404 is a failure of this round
    assert "1 source(s) polled, 2 new URL(s), 1 fetched, 1 stored, 1 failed" in done.output
    assert "[E404]" in done.output and "/gone" in done.output
    state = runner.invoke(main, ["watch", "--status", "--json", "--db", str(db)])
    assert state.exit_code == 0, state.output
    status = json.loads(state.output)
    assert status["urls"]["fetched"] == 1 and status["urls"]["failed"] == 1
    assert status["hosts"][0]["host"] == site.base and status["sources"][0]["kind"] == "feed"
    search = runner.invoke(main, ["search", "Rutte", "--db", str(db), "--json"])
    assert search.exit_code == 0 and "Rutte meets Vucic" in search.output


def test_watch_usage_errors(tmp_path):
    runner = CliRunner()
    assert "give SOURCE" in runner.invoke(main, ["watch", "--db", str(tmp_path / "x.db")]).output
    assert "not a duration" in runner.invoke(main, ["watch", "http://x.org/", "--every", "soon"]).output
    missing = runner.invoke(main, ["watch", "--status", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no store" in missing.output
    assert parse_duration("15m") == 900 and parse_duration("90") == 90 and parse_duration("2h") == 7200


def test_sigterm_stops_after_the_page_in_hand(tmp_path):
    """A watch without --once runs until SIGTERM, then stops fetching, ingests what it captured
    and exits; the pages not reached stay queued for the next run."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path

    db = tmp_path / "news.db"
    pages = {f"/p/{n}": html(f"Story {n}", f"The body of story {n}.") for n in range(20)}
    with Site(pages) as site:
        site.routes["/feed"] = rss([(p, site.url(p)) for p in pages])
        src = Path(__file__).resolve().parents[1] / "src"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
        proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "watch", site.url("/feed"), "--db", str(db),
                                 "--delay", "0.3", "--allow-private", "--workers", "0", "--every", "1h"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 60
        while sum(site.hits[p] for p in pages) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        fetched = sum(site.hits[p] for p in pages)
    assert proc.returncode == 0, err.decode()
    assert 2 <= fetched <= 4 and "next round in" not in err.decode()
    with sqlite3.connect(db) as conn:
        states = dict(conn.execute("SELECT state, count(*) FROM crawl_urls GROUP BY state").fetchall())
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert states == {"fetched": fetched, "queued": 20 - fetched} and stored == fetched


def test_watch_and_alert_take_the_store_from_newsgraph_db(tmp_path, monkeypatch):
    """Like every other command, watch and alert read --db from $NEWSGRAPH_DB."""
    from click.testing import CliRunner

    from newsgraph.cli import main

    db = tmp_path / "env.db"
    monkeypatch.setenv("NEWSGRAPH_DB", str(db))
    runner = CliRunner()
    added = runner.invoke(main, ["alert", "add", "ukraine", "--query", "Ukraine"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(main, ["alert", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "ukraine" in listed.output
    assert db.is_file()
    status = runner.invoke(main, ["watch", "--status", "--json"])
    assert status.exit_code == 0, status.output
