"""Shared fixtures: where the examples and the shared evaluation data live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


GENERATED = (EXAMPLES / "crawl-sample.warc.gz", EXAMPLES / "meridian-pope-leo-xiv.html.gz")


def pytest_configure(config: pytest.Config) -> None:
    """Build the WARC and gzip examples (generated from our own HTML, not kept in git) if missing."""
    if all(path.exists() for path in GENERATED):
        return
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The sample inputs written for this project (part of the repository)."""
    return EXAMPLES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared evaluation data absent: {SHARED} not found")
    return SHARED
