"""Shared plumbing for benchmarks: arguments, the result object and its printing."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any


def parser(name: str, default_data: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"python -m benchmarks {name}")
    p.add_argument("--data", default=default_data, help=f"dataset path (default: {default_data})")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.add_argument("--limit", type=int, default=None, help="score only the first N items")
    return p


def require(path: str) -> Path:
    """The dataset path, or a clear message and exit 2 when it is absent."""
    p = Path(path)
    if not p.exists():
        print(f"dataset not found: {path} (the shared evaluation data sits in ../shared/data)", file=sys.stderr)
        sys.exit(2)
    return p


def report(name: str, data: str, n: int, systems: dict[str, dict[str, Any]], as_json: bool,
           notes: list[str] | None = None) -> None:
    """Print the contract object (``--json``) or a readable table, systems as rows."""
    if as_json:
        print(json.dumps({"benchmark": name, "data": str(data), "n": n, "systems": systems}))
        return
    metrics: list[str] = []
    for values in systems.values():
        metrics += [m for m in values if m not in metrics]
    width = max(len(s) for s in systems) + 2
    print(f"{name} on {data} (n={n})")
    print("system".ljust(width) + "".join(m.rjust(max(12, len(m) + 2)) for m in metrics))
    for system, values in systems.items():
        cells = "".join(_fmt(values.get(m)).rjust(max(12, len(m) + 2)) for m in metrics)
        print(system.ljust(width) + cells)
    for note in notes or []:
        print(note)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    return str(value)


def read_page(path: Path) -> bytes:
    """Raw page bytes; the shared copies are gzipped."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
