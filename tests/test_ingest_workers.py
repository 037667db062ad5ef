"""Ingest workers can neither hang a run nor outlive it: a document over its time budget is an
error and its worker is replaced; killing the parent alone (kill -9 or SIGTERM) ends its workers,
and the killed run ends up marked ``interrupted``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph import ingest, open_store

TESTS = Path(__file__).resolve().parent
PLUGINS = TESTS / "plugins"
SRC = TESTS.parent / "src"
STAGES = ["test.sleeper.v1"]

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")


@pytest.fixture
def sleeper_env(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSGRAPH_STAGE_MODULES", "sleeper_stage")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC), str(PLUGINS)]))
    monkeypatch.setenv("NEWSGRAPH_TEST_SLEEPERS", str(tmp_path / "sleepers"))
    monkeypatch.syspath_prepend(str(PLUGINS))
    (tmp_path / "sleepers").mkdir()
    return tmp_path


def _folder(root: Path, good: int, hanging: int) -> Path:
    folder = root / "in"
    folder.mkdir()
    for i in range(good):
        (folder / f"story{i}.txt").write_text(f"Ministers met in Oslo for round {i} of the fishing talks.\n")
    for i in range(hanging):
        (folder / f"hang{i}.txt").write_text(f"A page whose analysis never ends ({i}): SLEEP-FOREVER.\n")
    return folder


def test_a_document_over_its_budget_is_an_error_and_its_worker_is_replaced(sleeper_env):
    folder = _folder(sleeper_env, good=4, hanging=1)
    db = sleeper_env / "store.db"
    result = ingest([str(folder)], db=db, workers=1, stages=STAGES, doc_seconds=3)
    assert (result.documents, result.failed) == (5, 1)
    (error,) = result.errors
    assert error["origin"].endswith("hang0.txt") and "per-document budget" in error["reason"]
    sleepers = [int(p.name) for p in (sleeper_env / "sleepers").iterdir()]
    assert len(sleepers) == 1 and not _running(sleepers[0])  # stopped, and another ran the rest
    with open_store(db) as store:
        assert len(store.article_ids()) == 4
        assert [e["origin"] for e in store.errors()] == [error["origin"]]


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie nobody reaped is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rpartition(")")[2].split()[0] not in {"Z", "X"}


def _start_hanging_ingest(root: Path, db: Path) -> tuple[subprocess.Popen, list[int]]:
    """A parent ``ingest`` with two workers, each stuck on a document; returns it and the workers' pids."""
    folder = _folder(root, good=0, hanging=2)
    code = ("import sys; from newsgraph import ingest; "
            "ingest([sys.argv[1]], db=sys.argv[2], workers=2, stages=['test.sleeper.v1'], doc_seconds=None)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder), str(db)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while len(list((root / "sleepers").iterdir())) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
        time.sleep(0.1)
    return proc, [int(p.name) for p in (root / "sleepers").iterdir()]


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_running(pid) for pid in pids)


def _statuses(db: Path) -> list[str]:
    with open_store(db) as store:
        return [row[0] for row in store.conn.execute("SELECT status FROM runs ORDER BY id")]


@linux_only
def test_workers_die_with_a_parent_killed_with_sigkill_and_the_next_run_marks_it_interrupted(sleeper_env):
    db = sleeper_env / "store.db"
    proc, workers = _start_hanging_ingest(sleeper_env, db)
    proc.kill()
    proc.wait()
    try:
        assert _gone_within(workers, 30), "workers outlived their parent"
    finally:
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    assert _statuses(db) == ["running"]  # kill -9 left it no moment to say otherwise
    ingest([], db=db, workers=0)
    assert _statuses(db) == ["interrupted", "done"]


@linux_only
def test_sigterm_to_the_parent_stops_its_workers_and_marks_the_run_interrupted(sleeper_env):
    db = sleeper_env / "store.db"
    proc, workers = _start_hanging_ingest(sleeper_env, db)
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
        assert _gone_within(workers, 30), "workers outlived their parent"
    finally:
        for pid in [*workers, proc.pid]:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
    assert _statuses(db) == ["interrupted"]


def test_a_running_run_of_a_live_process_is_not_stale(tmp_path):
    from newsgraph.ingest import mark_stale_runs

    db = tmp_path / "store.db"
    ingest([], db=db, workers=0)
    with open_store(db) as store:
        store.conn.execute("UPDATE runs SET status = 'running'")  # this very process: alive
        assert mark_stale_runs(store.conn) == 0
        assert [r[0] for r in store.conn.execute("SELECT status FROM runs")] == ["running"]
