"""GKG 2.1 and GDELT events files from a Spark run, without a store.

The lines come from the exports' own row builders (:func:`newsgraph.export.gkg.gkg_line`,
:func:`newsgraph.export.gdelt_events.event_line`), computed on the executors; the driver only
streams them into the file, one partition at a time. GKG numbers each article by its position in
input order, as ``export gkg`` numbers a store's articles in ingest order. An aggregated event's
ActionGeo is its place node as the graph ends up (a node merged into another later is followed).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .graph import GraphRun


def gkg_lines(run: GraphRun) -> Any:
    from ..export.gkg import gkg_line

    return run.articles.zipWithIndex().map(lambda pair: gkg_line(pair[0][1], pair[1] + 1))


def event_lines(run: GraphRun) -> Any:
    """One line per aggregated event: its row joined with its place node (through a redirect)."""
    # keys of one type ("" for no place): a Python worker that spills a shuffle sorts its keys
    placed = (run.events.map(lambda row: (row["action_place"] or "", row)).leftOuterJoin(run.redirects)
              .map(lambda kv: (kv[1][1] or kv[0], kv[1][0])))
    return placed.leftOuterJoin(run.nodes).map(lambda kv: _event_line(kv[1][0], kv[1][1]))


def _event_line(row: dict[str, Any], node: dict[str, Any] | None) -> str:
    from types import SimpleNamespace

    from ..export.gdelt_events import event_line
    from ..graph.entities import EntityIndex
    from ..graph.events import EventAggregator

    agg = EventAggregator.from_rows([row]).events[row["id"]]
    moved = node is not None and row["action_place"] != node["id"]
    entities = EntityIndex.from_rows({"nodes": [node] if node else [],
                                      "redirects": [{"from": row["action_place"], "to": node["id"]}] if moved else []})
    return event_line(agg, SimpleNamespace(entities=entities))


def save_lines(lines: Any, target: str | os.PathLike) -> int:
    """Write the RDD's lines to ``target`` in partition order; return how many."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for line in lines.toLocalIterator():
            handle.write(line)
            count += 1
    return count
