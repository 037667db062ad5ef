"""Quality gate on real pages: article-body extraction against pinned floors and trafilatura.

Reads ../shared/data/extraction (aeb, wcxb) at run time — never copied — and skips when it is
absent. Both systems run on the same pages in the same process, scored with the benchmark's own
metrics (``benchmarks/extraction.py``): all aeb pages and the first :data:`N_WCXB` wcxb pages, to
stay within seconds-to-a-minute; full figures come from ``python -m benchmarks extraction``.
Floors sit just under what was measured on these slices when they were pinned. No timing here.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the benchmarks package sits at the repository root, beside src/

from benchmarks import extraction as bench

DATA = REPO.parent / "shared" / "data" / "extraction"
N_WCXB = 100

# Measured when pinned (newsgraph / trafilatura defaults):
#   aeb, 119 pages:        F1 0.968 / 0.949, P 0.956 / 0.919, R 0.981 / 0.981
#   wcxb, first 100 pages: F1 0.928 / 0.925, P 0.948 / 0.941, R 0.929 / 0.929
FLOORS = {
    "aeb": {"f1": 0.965, "precision": 0.95, "recall": 0.975},
    "wcxb": {"f1": 0.92, "precision": 0.94, "recall": 0.92},
}


def _scores(name: str, limit: int | None) -> dict[str, dict[str, float]]:
    path = DATA / name
    if not (path / "gold.jsonl").exists():
        pytest.skip(f"shared evaluation data absent: {path}/gold.jsonl not found")
    pages = bench.load(path, limit)
    if not pages:
        pytest.skip(f"no pages under {path}/html")
    logging.disable(logging.WARNING)
    try:
        return bench.measure(pages)
    finally:
        logging.disable(logging.NOTSET)


@pytest.fixture(scope="module")
def aeb() -> dict[str, dict[str, float]]:
    return _scores("aeb", None)


@pytest.fixture(scope="module")
def wcxb() -> dict[str, dict[str, float]]:
    return _scores("wcxb", N_WCXB)


@pytest.mark.parametrize("metric", ["f1", "precision", "recall"])
def test_aeb_floor(aeb: dict, metric: str) -> None:
    assert aeb["newsgraph"][metric] >= FLOORS["aeb"][metric], aeb


@pytest.mark.parametrize("metric", ["f1", "precision", "recall"])
def test_wcxb_floor(wcxb: dict, metric: str) -> None:
    assert wcxb["newsgraph"][metric] >= FLOORS["wcxb"][metric], wcxb


def test_not_behind_trafilatura(aeb: dict, wcxb: dict) -> None:
    for scores in (aeb, wcxb):
        if "trafilatura" not in scores:
            pytest.skip("trafilatura not installed: no peer to compare with")
        assert scores["newsgraph"]["f1"] >= scores["trafilatura"]["f1"], scores


def test_metrics_match_the_benchmark_definitions() -> None:
    # aeb: identical text is perfect; an empty prediction counts in recall, not in precision
    perfect = bench.shingle_scores([("one two three four five", "one two three four five")])
    assert perfect == {"f1": 1.0, "precision": 1.0, "recall": 1.0}
    half = bench.shingle_scores([("a b c d e f g", "a b c d"), ("w x y z", "")])
    assert half["precision"] == 1.0 and half["recall"] == pytest.approx(0.125)
    # wcxb: lower-cased bag of words; both empty is a perfect page
    assert bench.bow_prf("The cat sat", "the CAT") == pytest.approx((1.0, 2 / 3, 0.8))
    assert bench.bow_prf("", "") == (1.0, 1.0, 1.0)
