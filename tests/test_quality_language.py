"""Quality gates on real data: quotes on PolNeAR, events on the PLOVER gold standard.

The floors, and the figures measured when they were set, are in ``quality_baseline.json``; the
gates read ../shared/data at run time and skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from baseline import check

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def pipeline():
    from newsgraph.pipeline import Pipeline

    p = Pipeline()
    p.setup()
    return p


def _polnear_files(path: Path) -> list[Path]:
    """What ``quotes.load`` reads: the dev annotations and the text file each of them names."""
    jsonl = path / "polnear_dev.jsonl"
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [jsonl, *sorted({path / row["text_file"] for row in rows})]


def test_quotes_on_polnear(pipeline):
    path = DATA / "quotes" / "polnear"
    if not path.exists():
        pytest.skip(f"PolNeAR absent: {path}")
    from benchmarks import quotes
    from newsgraph.language import nlp

    docs = quotes.load(path)
    files = _polnear_files(path)
    predictions = [quotes.predict(d["text"], pipeline) for d in docs]
    direct = quotes.score(docs, predictions, marks_only=True, nlp=nlp.get_nlp())
    check("quotes.polnear.f1_30", direct["f1_30"], files)
    check("quotes.polnear.speaker_acc", direct["speaker_acc"], files)
    every = quotes.score(docs, predictions, marks_only=False, nlp=nlp.get_nlp())
    check("quotes.polnear.all_f1_30", every["f1_30"], files)


def test_events_on_plover_gsr(pipeline):
    path = DATA / "events" / "plover_gsr.jsonl"
    if not path.exists():
        pytest.skip(f"PLOVER GSR absent: {path}")
    from benchmarks import events
    from newsgraph.article import Article

    rows = events.load(path)
    best = []
    for row in rows:
        art = pipeline.annotate(Article(text=row["text"], published="2000-01-01"))
        best.append(max(art.events, key=lambda e: e.confidence, default=None))
    result = events.score(rows, best)
    check("events.plover_gsr.type_acc", result["type_acc"], [path])
    check("events.plover_gsr.actor_f1", result["actor_f1"], [path])
    check("events.plover_gsr.recipient_f1", result["recipient_f1"], [path])
    check("events.plover_gsr.dyad_acc", result["dyad_acc"], [path])
