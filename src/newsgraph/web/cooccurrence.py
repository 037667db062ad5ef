"""Which canonical entities each article names, held in memory, so the network counts the
co-occurring pairs of an article window with a few array operations instead of in Python.

Counting in Python cost a network around an entity 50–150 ms of CPU on a 100,000-article store
(a window of 500 articles is ~15,000 (article, entity) rows and ~100,000 pair increments), and
under one process's GIL eight such requests queue. Here a window's rows are gathered from flat
arrays and its pairs enumerated and counted by numpy (``bincount``; not a matrix product, whose
BLAS threads fight over a loaded machine's cores for more than they save). The answer is the one of
``newsgraph.web.network._co_occurrence`` over the same window, which the tests check.

The index is one store version's (~2 s of CPU and ~30 MB for 100,000 articles); the app builds
it in the background (``cache.Prepared``) and counts in SQL and Python until it is ready.
"""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path
from typing import Any

import numpy as np


class Incidence:
    """For each article, the canonical entities it names (ids as integers in id order)."""

    def __init__(self, ids: list[str], types: list[str], articles: dict[str, int], starts: np.ndarray,
                 entities: np.ndarray) -> None:
        self.ids = ids  # graph entity ids, sorted: entity n is ids[n], so integer order is id order
        self.type_names = sorted(set(types))
        code = {t: n for n, t in enumerate(self.type_names)}
        self.types = np.array([code[t] for t in types], np.int16)  # entity n's type is type_names[types[n]]
        self.articles = articles  # article id → row
        self.starts = starts  # row r names entities[starts[r]:starts[r + 1]]
        self.entities = entities

    @classmethod
    def load(cls, path: Path) -> Incidence:
        """Read the store at ``path`` (its own read-only connection: this runs in a background thread;
        it waits for a writer's lock as the UI's connections do)."""
        conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=30)
        try:
            known = sorted(conn.execute("SELECT id, type FROM graph_entities"))
            number = {g: n for n, (g, _) in enumerate(known)}
            articles: dict[str, int] = {}
            starts, flat = array("q", [0]), array("i")
            # one row per article (the covering index in article order), its distinct entities
            # joined by commas (graph ids are hex digests): 100,000 rows, not 3 million
            for article, named in conn.execute(
                    "SELECT article_id, group_concat(DISTINCT graph_id) FROM entities INDEXED BY "
                    "entities_article_graph WHERE graph_id IS NOT NULL GROUP BY article_id"):
                articles[article] = len(articles)
                flat.extend(sorted(number[g] for g in named.split(",") if g in number))
                starts.append(len(flat))
        finally:
            conn.close()
        return cls([g for g, _ in known], [t for _, t in known], articles, np.frombuffer(starts, np.int64),
                   np.frombuffer(flat, np.int32))

    def pairs(self, articles: list[str], types: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
        """Co-occurrence edges of the ``articles`` window between entities of ``types``: pairs
        among the ``limit`` most cited (equal counts in id order), weight = articles naming both,
        kept when > 1, the ``limit`` heaviest (equal weights in (source, target) order)."""
        rows = np.fromiter((self.articles[a] for a in articles if a in self.articles), np.int64)
        begin, size = self.starts[rows], self.starts[rows + 1] - self.starts[rows]
        # the window's (row, entity) pairs: entities[begin + k] for k < size, row by row
        window_row = np.repeat(np.arange(len(rows)), size)
        offset = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
        named = self.entities[np.repeat(begin, size) + offset]
        wanted = np.isin(self.types[named], [self.type_names.index(t) for t in types if t in self.type_names])
        window_row, named = window_row[wanted], named[wanted]
        found, counts = np.unique(named, return_counts=True)
        top = np.sort(found[np.lexsort((found, -counts))[:limit]])
        if len(top) < 2:
            return []
        column = np.searchsorted(top, named)
        inside = top[np.minimum(column, len(top) - 1)] == named
        window_row, column = window_row[inside], column[inside]  # a row's columns ascend: its ids are sorted
        # every pair (p, q), p < q, of positions in the same row, counted by (column p, column q)
        following = np.searchsorted(window_row, window_row, side="right") - np.arange(len(window_row)) - 1
        first = np.repeat(np.arange(len(window_row)), following)
        second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(following) - following, following)
        together = np.bincount(column[first] * len(top) + column[second], minlength=len(top) ** 2)
        code = np.flatnonzero(together > 1)
        weight, source, target = together[code], code // len(top), code % len(top)  # source < target
        order = np.lexsort((target, source, -weight))[:limit]
        return [{"source": self.ids[top[source[k]]], "target": self.ids[top[target[k]]], "kind": "co-occurrence",
                 "weight": int(weight[k])} for k in order]
