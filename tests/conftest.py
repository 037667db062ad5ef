"""Shared fixtures: where the examples and the shared evaluation data live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"


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
