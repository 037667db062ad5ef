"""Word lists of the language stages, kept as data in ``language/data/`` rather than as literals.

A ``.txt`` list has one entry per line, sorted and deduplicated; a line starting with ``#`` is a
comment. Entries may hold inner spaces ("call off") but never start or end with one. A mapping is
a ``.json`` object whose keys starting with ``_`` ("_about") are comments. Each file is read once
per process.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


@cache
def words(name: str) -> frozenset[str]:
    """The entries of ``data/<name>.txt``."""
    lines = (line.strip() for line in _read(f"{name}.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def table(name: str) -> Mapping[str, Any]:
    """The mapping of ``data/<name>.json`` in file order, read-only since every caller shares it."""
    raw = json.loads(_read(f"{name}.json"))
    return MappingProxyType({k: v for k, v in raw.items() if not k.startswith("_")})
