"""Ingest with the real pipeline: re-runs change nothing, kill -9 at random points then a re-run
gives the rows of one clean run (with searches answering all along), a corrupt file is recorded
and retried, stored articles round-trip through JSON.

Inputs are a handful of our own examples so most tests stay in seconds; one test ingests the whole
163-article wikinews corpus twice (about 15-40 s of NLP with two workers).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import Article, ingest, open_store
from newsgraph.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
HANDFUL = [EXAMPLES / "articles.jsonl", EXAMPLES / "meridian-nato-hague-summit.html",
           EXAMPLES / "northgate-eu-sixteenth-sanctions.html"]  # 6 documents
ROW_QUERIES = {
    "articles": "SELECT id, json FROM articles ORDER BY id",
    "entities": "SELECT article_id, id, graph_id, name, type, country, kb, aliases, mentions, day FROM entities "
                "ORDER BY article_id, id",
    "graph_entities": "SELECT * FROM graph_entities ORDER BY id",
    "graph_aliases": "SELECT * FROM graph_aliases ORDER BY graph_id, alias",
    "mentions": "SELECT * FROM mentions ORDER BY article_id, position",
    "quotes": "SELECT article_id, position, text, speaker, speaker_graph_id FROM quotes ORDER BY article_id, position",
    "events": "SELECT * FROM events ORDER BY article_id, id",
    "event_participants": "SELECT * FROM event_participants ORDER BY article_id, event_id, role, position",
    "dates": "SELECT * FROM dates ORDER BY article_id, position",
    "inputs": "SELECT origin, content_hash, input, article_id FROM inputs ORDER BY origin",
    "errors": "SELECT origin, reason FROM errors ORDER BY origin",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row that matters, article JSON parsed (a float field the pipeline filled with an int
    reads back as a float: the same value, written differently)."""
    with open_store(db) as store:
        rows = {name: [tuple(r) for r in store.conn.execute(sql)] for name, sql in ROW_QUERIES.items()}
    rows["articles"] = [(aid, json.loads(raw)) for aid, raw in rows["articles"]]
    return rows


def command(db: Path) -> list[str]:
    return [sys.executable, "-m", "newsgraph", "ingest", *map(str, HANDFUL), "--db", str(db),
            "--workers", "1", "--silent"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clean, uninterrupted run over the handful, by the command line as the killed runs are
    (a fresh process reads the code and knowledge base as they are now)."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    done = subprocess.run(command(db), check=False, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        assert store.stats()["counts"]["articles"] == 6
    return db


def test_reingest_changes_nothing_and_is_fast(clean: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    first = ingest(HANDFUL, db=db, workers=0)  # in this process this time
    assert (first.documents, first.added, first.processed, first.skipped, first.failed) == (6, 6, 6, 0, 0)
    before = snapshot(db)
    again = ingest(HANDFUL, db=db, workers=0)
    assert (again.added, again.processed, again.skipped) == (0, 0, 6)
    assert snapshot(db) == before
    assert {k: len(v) for k, v in before.items()} == {k: len(v) for k, v in snapshot(clean).items()}


def test_stored_articles_round_trip(clean: Path) -> None:
    with open_store(clean) as store:
        for article_id in store.article_ids():
            raw = store.conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
            article = store.article(article_id)
            assert isinstance(article, Article) and article.id == article_id
            assert article.to_dict() == json.loads(raw)
            assert article.entities and article.mentions  # the NLP layers were stored


def test_article_jsonl_reimports_to_the_same_rows(clean: Path, tmp_path: Path) -> None:
    dump = tmp_path / "articles.jsonl"
    with open_store(clean) as store:
        dump.write_text("".join(row[0] + "\n" for row in store.conn.execute("SELECT json FROM articles")),
                        encoding="utf-8")
    db = tmp_path / "reimported.db"
    result = ingest([dump], db=db, workers=0)
    assert (result.documents, result.added, result.failed) == (6, 6, 0)
    assert ingest([dump], db=db, workers=0).skipped == 6
    mine, theirs = snapshot(db), snapshot(clean)
    for table in ROW_QUERIES:
        if table != "inputs":  # the origins differ: the dump, not the examples
            assert mine[table] == theirs[table], table


def _search_then_kill(proc: subprocess.Popen, db: Path, target: int, delay: float) -> tuple[list[int], bool]:
    """Search the store while the ingest runs; once ``target`` articles are stored, wait ``delay``
    seconds and kill -9 the ingest (writer and worker). Returns the hit counts seen and whether the
    kill landed before the ingest finished."""
    seen, kill_at = [], None
    while proc.poll() is None:
        if db.exists():
            with open_store(db) as store:
                seen.append(len(store.search("NATO OR sanctions")))
                stored = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            if kill_at is None and stored >= target:
                kill_at = time.monotonic() + delay
        if kill_at is not None and time.monotonic() >= kill_at and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return seen, True
        time.sleep(0.03)
    return seen, False


def test_kill_9_then_rerun_gives_the_clean_rows(clean: Path, tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    rng = random.Random(9)
    searched_during_ingest, landed = [], 0
    for target in sorted(rng.sample(range(6), 5)):  # kill once this many of the 6 articles are stored
        proc = subprocess.Popen(command(db), cwd=tmp_path, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen, killed = _search_then_kill(proc, db, target, rng.uniform(0.0, 0.6))
        searched_during_ingest += seen
        landed += killed
        with open_store(db) as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # whole batches only: every stored article has its input row and its entities
            assert store.conn.execute("SELECT count(*) FROM articles WHERE id NOT IN "
                                      "(SELECT article_id FROM inputs)").fetchone()[0] == 0
    assert landed >= 3, f"only {landed} of 5 kills landed before the ingest finished"
    assert searched_during_ingest, "no search ran while an ingest was writing"
    assert searched_during_ingest == sorted(searched_during_ingest)  # hits only ever grow
    final = subprocess.run(command(db), check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert snapshot(db) == snapshot(clean)


def test_corrupt_file_is_recorded_then_retried(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("meridian-nato-hague-summit.html", "northgate-eu-sixteenth-sanctions.html"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    broken = folder / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 this is not gzip data")
    db = tmp_path / "e.db"
    args = ["ingest", str(folder), "--db", str(db), "--workers", "0", "--silent"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    with open_store(db) as store:
        errors = store.errors()
        assert [e["origin"] for e in errors] == [str(broken)]
        assert "gzip" in errors[0]["reason"] and errors[0]["input"] == str(broken)
        assert store.stats()["counts"]["articles"] == 2
    # running again without a fix keeps the error (and counts the attempt), adds nothing
    assert CliRunner().invoke(main, args).exit_code == 1
    with open_store(db) as store:
        assert [e["attempts"] for e in store.errors()] == [2]
    broken.write_bytes(gzip.compress((EXAMPLES / "fiction-antwerp-dockworkers-protest.html").read_bytes()))
    retry = CliRunner().invoke(main, ["ingest", "--retry-errors", "--db", str(db), "--workers", "0", "--json"])
    assert retry.exit_code == 0, retry.output
    assert json.loads(retry.stdout)["added"] == 1
    with open_store(db) as store:
        assert store.errors() == []
        assert store.stats()["counts"]["articles"] == 3


def test_ingest_needs_inputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--retry-errors" in result.output


def test_wikinews_twice_gives_identical_counts(tmp_path: Path) -> None:
    corpus = SHARED / "data" / "corpus" / "wikinews" / "articles.jsonl"
    if not corpus.exists():
        pytest.skip(f"shared wikinews corpus absent: {corpus}")
    db = tmp_path / "wikinews.db"
    first = ingest([corpus], db=db, workers=2)
    assert first.documents == 163 and first.failed == 0 and first.added == 163
    with open_store(db) as store:
        counts = store.stats()["counts"]
    second = ingest([corpus], db=db, workers=2)
    assert (second.added, second.skipped, second.processed) == (0, 163, 0)
    with open_store(db) as store:
        assert store.stats()["counts"] == counts
