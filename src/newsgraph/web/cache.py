"""Answers of the heavy routes (the network, exports, the overview, the map's places) kept per
store version, so eight analysts opening the same graph cost one computation, not eight.

The app never writes the store, so an answer can only go stale when an ingest commits: the
store's version is the modification time and size of the file and of its WAL (every commit in
WAL mode writes the WAL; a checkpoint writes the file). A new version empties the cache. Each
key is computed once even when several requests ask for it at the same moment (the others wait
for the first), and at most ``MAX_ENTRIES`` answers are kept, least recently used first out.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 256


def store_version(path: Path) -> tuple[int, ...]:
    """What changes whenever a commit reaches the store file or its WAL."""
    out: list[int] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            stat = os.stat(file)
        except FileNotFoundError:
            out += [0, 0]
            continue
        out += [stat.st_mtime_ns, stat.st_size]
    return tuple(out)


class AnswerCache:
    """Answers by key for the current version of one store file."""

    def __init__(self, path: Path, max_entries: int = MAX_ENTRIES) -> None:
        self.path = path
        self.max_entries = max_entries
        self._version: tuple[int, ...] | None = None
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = store_version(self.path)
        while True:
            with self._lock:
                if version != self._version:
                    self._version, self._answers = version, OrderedDict()
                if key in self._answers:
                    self._answers.move_to_end(key)
                    self.hits += 1
                    return self._answers[key]
                waiting = self._pending.get(key)
                if waiting is None:
                    done = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait()  # another request computes this key: use its answer (or compute if it failed)
        try:
            answer = compute()
            with self._lock:
                if self._version == version:
                    self._answers[key] = answer
                    while len(self._answers) > self.max_entries:
                        self._answers.popitem(last=False)
            return answer
        finally:
            with self._lock:
                self._pending.pop(key, None)
            done.set()
