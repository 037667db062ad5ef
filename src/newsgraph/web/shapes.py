"""Simplified country outlines for the offline world map, built from the country data that the
``countryinfo`` package (a dependency already) ships: one GeoJSON outline per country.

Rings are simplified with Douglas–Peucker at ``tolerance`` degrees and coordinates rounded to
0.01°, which keeps the whole world around a few hundred kilobytes; the result is computed once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def _data_dir() -> Path | None:
    spec = find_spec("countryinfo")
    if not spec or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "data"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=1)
def countries(tolerance: float = 0.08) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of simplified country outlines (empty when the data is absent)."""
    folder = _data_dir()
    features: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")) if folder else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = _simplify_geometry(feature.get("geometry") or {}, tolerance)
            if geometry:
                features.append({"type": "Feature", "id": feature.get("id"),
                                 "properties": {"name": data.get("name")}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    if geometry.get("type") == "Polygon":
        polygons = [geometry.get("coordinates") or []]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry.get("coordinates") or []
    else:
        return None
    out = []
    for polygon in polygons:
        rings = [_simplify(ring, tolerance) for ring in polygon[:1]]  # outer ring: holes are invisible at this scale
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    return {"type": "MultiPolygon", "coordinates": out} if out else None


def _simplify(ring: list[list[float]], tolerance: float) -> list[list[float]]:
    points = [(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]
    if len(points) < 4:
        return []
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:  # iterative Douglas–Peucker: rings of thousands of points would overflow recursion
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [[round(x, 2), round(y, 2)] for (x, y), k in zip(points, keep) if k]


def _distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5
