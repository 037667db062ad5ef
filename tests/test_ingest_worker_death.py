"""A worker process that dies mid-document never hangs ingest: the documents it held are recorded as
errors naming them, the rest are stored, and --retry-errors finishes the job."""

from __future__ import annotations

import threading
from pathlib import Path

from newsgraph import ingest, open_store

PLUGINS = Path(__file__).resolve().parent / "plugins"


def test_dead_worker_is_an_error_not_a_hang(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_STAGE_MODULES", "killer_stage")
    monkeypatch.setenv("PYTHONPATH", str(PLUGINS))
    monkeypatch.syspath_prepend(str(PLUGINS))
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"story{i}.txt").write_text(f"Ministers met in Oslo for round {i} of the fishing talks.\n")
    killer = folder / "story9.txt"
    killer.write_text("A page whose analysis kills its worker: KILL-THE-WORKER.\n")
    db = tmp_path / "store.db"
    outcome = {}
    run = threading.Thread(target=lambda: outcome.update(first=ingest([str(folder)], db=db, workers=1,
                                                                      stages=["test.killer.v1"])))
    run.start()
    run.join(timeout=240)
    assert not run.is_alive(), "ingest hung after its worker died"
    first = outcome["first"]
    assert first.documents == 7 and first.failed >= 1
    assert any(e["origin"].endswith("story9.txt") and "worker process died" in e["reason"] for e in first.errors)
    second = ingest([str(folder)], db=db, workers=1, stages=["test.killer.v1"], retry_errors=True)
    with open_store(db) as store:
        assert len(store.article_ids()) == 6  # every good document is stored in the end
        assert [e["origin"] for e in store.errors()] == [str(killer)]
    assert second.failed == 1
