"""A Spark task analyses its documents in batches: the outcomes, in record order, are the ones
``newsgraph ingest`` gets document by document, also when a batch fails as a whole."""

from __future__ import annotations

import importlib
import json

import pytest

from newsgraph.pipeline import Pipeline
from newsgraph.scale import tasks

ROWS = [
    {"url": "https://example.org/a", "title": "Talks in Oslo", "text": "Ministers from Norway met in Oslo on "
     "Monday to discuss fishing quotas with their Icelandic counterparts."},
    "{not json",
    {"url": "https://example.org/b", "title": "Rome summit", "text": "Talks resumed in Rome after the summit, "
     "the Italian foreign ministry said on Tuesday."},
    {"url": "https://example.org/c", "title": "Strike in Antwerp", "text": "Dockworkers in Antwerp went on "
     "strike over pay, their union said."},
    {"url": "https://example.org/d", "title": "Budget vote", "text": "Parliament in Lisbon passed the budget "
     "on Friday after a week of debate."},
]


@pytest.fixture()
def jsonl(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    return str(path)


def one_by_one(path: str) -> list[tuple]:
    """What local ingest does: each record read, then ``ingest._process`` on it alone."""
    from newsgraph.sources.base import RawDocument

    ingest = importlib.import_module("newsgraph.ingest")
    tasks._pipeline(None)
    out = []
    for item in tasks._read(path, False):
        if isinstance(item, RawDocument):
            out.append(ingest._process((item, item.origin.label, tasks.content_hash(item.content),
                                        item.origin.input)))
        else:
            out.append(("error", item.origin, "", ingest.input_of(item.origin), item))
    return out


def comparable(outcomes: list[tuple]) -> list[tuple]:
    return [(*o[:4], o[4].to_dict() if o[0] == "ok" else (type(o[4]).__name__, str(o[4]))) for o in outcomes]


@pytest.fixture()
def unreadable_c(monkeypatch):
    """The third document cannot be extracted (as a binary or empty page cannot)."""
    import newsgraph.extract as extraction
    from newsgraph.errors import InputError

    real = extraction.extract

    def extract(doc, *args, **kwargs):
        if doc.meta.get("url", "").endswith("/c"):
            raise InputError(doc.origin.label, "no text could be extracted")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(extraction, "extract", extract)


@pytest.mark.parametrize("batch", [2, 32])  # batches that cut the records; one batch for all
def test_batches_give_the_outcomes_of_one_by_one_in_record_order(jsonl, monkeypatch, unreadable_c, batch):
    monkeypatch.setattr(tasks, "BATCH", batch)
    expected = comparable(one_by_one(jsonl))
    assert [o[0] for o in expected] == ["ok", "error", "ok", "error", "ok"]  # a bad line, a page without text
    assert comparable(list(tasks._analysed(jsonl, False, None))) == expected


def test_a_batch_that_fails_as_a_whole_runs_each_document_alone(jsonl, monkeypatch, unreadable_c):
    expected = comparable(one_by_one(jsonl))

    def broken(self, docs):
        raise RuntimeError("a bug in batched processing")

    monkeypatch.setattr(Pipeline, "process_many", broken)
    assert comparable(list(tasks._analysed(jsonl, False, None))) == expected
