"""Quality gate on real data: geoparsing on GeoWebNews (toponym recognition and resolution).

Reads ../shared/data/geo/geowebnews at run time (never copied); skips when absent. The full
figures come from ``python -m benchmarks geo``; this checks the first articles against the floors
pinned in ``quality_baseline.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from baseline import check

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the benchmarks package sits at the repository root, beside src/

from benchmarks import geo

DATA = REPO.parent / "shared" / "data" / "geo" / "geowebnews"
N_DOCS = 60


@pytest.fixture(scope="module")
def docs():
    if not DATA.exists():
        pytest.skip(f"GeoWebNews absent: {DATA} not found")
    return geo.load(DATA, N_DOCS)


@pytest.fixture(scope="module")
def files(docs) -> list[Path]:
    """What ``geo.load`` read: each chosen article's text and its annotations."""
    return [DATA / f"{doc.name}{ext}" for doc in docs for ext in (".txt", ".ann")]


def test_toponyms_are_found_better_than_by_the_raw_model(docs, files):
    ours, raw = geo.recognition(docs)
    check("geo.geowebnews.toponym_f1", ours["toponym_f1"], files)
    check("geo.geowebnews.toponym_precision", ours["precision"], files)
    check("geo.geowebnews.toponym_f1_over_raw_spacy", ours["toponym_f1"] - raw["toponym_f1"], files, above=True)


def test_places_resolve_within_161_km(docs, files):
    ours, population, counts = geo.resolution(docs)
    check("geo.geowebnews.scored_toponyms", counts["scored"], files)
    check("geo.geowebnews.acc161", ours["acc161"], files)  # the floor is 0.80
    check("geo.geowebnews.acc161_over_population", ours["acc161"] - population["acc161"], files, above=True)
