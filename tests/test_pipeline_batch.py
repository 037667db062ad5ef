"""Batched processing gives exactly the Articles one-at-a-time processing gives."""

from __future__ import annotations

from pathlib import Path

from newsgraph import Pipeline, read
from newsgraph.errors import InputError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_process_many_equals_process():
    """The batch parses for itself: no Doc of the one-by-one run outlives its call."""
    docs = [d for d in read([str(EXAMPLES)]) if not isinstance(d, InputError)][:8]
    pipeline = Pipeline()
    one_by_one = [pipeline.process(d).to_dict() for d in docs]
    batch = pipeline.process_many(docs)
    assert [a.to_dict() for a in batch] == one_by_one
    assert len(one_by_one) == 8 and any(a["events"] for a in one_by_one)


def test_a_bad_document_keeps_its_place_in_the_batch():
    from newsgraph.article import Origin
    from newsgraph.sources.base import RawDocument

    good = RawDocument(b"<html><body><article><p>Ministers met in Oslo on Monday to discuss fishing quotas "
                       b"for the coming year.</p></article></body></html>", Origin("good.html"))
    binary = RawDocument(bytes(range(256)) * 20, Origin("binary.html"))
    results = Pipeline().process_many([binary, good])
    assert isinstance(results[0], InputError) and results[0].origin == "binary.html"
    assert "Oslo" in results[1].text
