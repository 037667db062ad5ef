"""Quality gate on real pages: article-body extraction against pinned floors and trafilatura.

Reads ../shared/data/extraction (aeb, wcxb) at run time — never copied — and skips when it is
absent. Both systems run on the same pages in the same process, scored with the benchmark's own
metrics (``benchmarks/extraction.py``): all aeb pages and the first :data:`N_WCXB` wcxb pages, to
stay within seconds-to-a-minute; full figures come from ``python -m benchmarks extraction``.
The floors, and the figures measured when they were pinned, are in ``quality_baseline.json``.
No timing here.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from baseline import check

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the benchmarks package sits at the repository root, beside src/

from benchmarks import extraction as bench

DATA = REPO.parent / "shared" / "data" / "extraction"
N_WCXB = 100
Scores = tuple[dict[str, dict[str, float]], list[Path]]


def _files(path: Path, limit: int | None) -> list[Path]:
    """What ``bench.load`` reads: the gold file and the page of each of the first ``limit`` rows."""
    gold = path / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = [path / "html" / f"{row['id']}{ext}" for row in rows[:limit] for ext in (".html.gz", ".html")]
    return [gold, *(page for page in pages if page.exists())]


def _scores(name: str, limit: int | None) -> Scores:
    path = DATA / name
    if not (path / "gold.jsonl").exists():
        pytest.skip(f"shared evaluation data absent: {path}/gold.jsonl not found")
    pages = bench.load(path, limit)
    if not pages:
        pytest.skip(f"no pages under {path}/html")
    logging.disable(logging.WARNING)
    try:
        return bench.measure(pages), _files(path, limit)
    finally:
        logging.disable(logging.NOTSET)


@pytest.fixture(scope="module")
def aeb() -> Scores:
    return _scores("aeb", None)


@pytest.fixture(scope="module")
def wcxb() -> Scores:
    return _scores("wcxb", N_WCXB)


@pytest.mark.parametrize("metric", ["f1", "precision", "recall"])
def test_aeb_floor(aeb: Scores, metric: str) -> None:
    scores, files = aeb
    check(f"extraction.aeb.{metric}", scores["newsgraph"][metric], files)


@pytest.mark.parametrize("metric", ["f1", "precision", "recall"])
def test_wcxb_floor(wcxb: Scores, metric: str) -> None:
    scores, files = wcxb
    check(f"extraction.wcxb.{metric}", scores["newsgraph"][metric], files)


def test_not_behind_trafilatura(aeb: Scores, wcxb: Scores) -> None:
    for name, (scores, files) in (("aeb", aeb), ("wcxb", wcxb)):
        if "trafilatura" not in scores:
            pytest.skip("trafilatura not installed: no peer to compare with")
        margin = scores["newsgraph"]["f1"] - scores["trafilatura"]["f1"]
        check(f"extraction.{name}.f1_over_trafilatura", margin, files)


def test_metrics_match_the_benchmark_definitions() -> None:
    # aeb: identical text is perfect; an empty prediction counts in recall, not in precision
    perfect = bench.shingle_scores([("one two three four five", "one two three four five")])
    assert perfect == {"f1": 1.0, "precision": 1.0, "recall": 1.0}
    half = bench.shingle_scores([("a b c d e f g", "a b c d"), ("w x y z", "")])
    assert half["precision"] == 1.0 and half["recall"] == pytest.approx(0.125)
    # wcxb: lower-cased bag of words; both empty is a perfect page
    assert bench.bow_prf("The cat sat", "the CAT") == pytest.approx((1.0, 2 / 3, 0.8))
    assert bench.bow_prf("", "") == (1.0, 1.0, 1.0)
