"""Word lists of the language stages, kept as data in ``language/data/`` rather than as literals.

A ``.txt`` list has one entry per line, sorted and deduplicated; a line starting with ``#`` is a
comment. Entries may hold inner spaces ("truth social") but never start or end with one. Each list
is read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``."""
    lines = (line.strip() for line in _read(f"{name}.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
