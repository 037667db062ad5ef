"""Answers of the heavy routes (the network, exports, the overview, the map's places) kept per
store version, so eight analysts opening the same graph cost one computation, not eight.

The app never writes the store, so an answer can only go stale when an ingest commits: the
store's version is the modification time and size of the file and of its WAL (every commit in
WAL mode writes the WAL; a checkpoint writes the file). A new version empties the cache. Each
key is computed once even when several requests ask for it at the same moment (the others wait
for the first), and at most ``MAX_ENTRIES`` answers are kept, least recently used first out.
A structure that serves many answers (the network's entity index) is kept the same way, one per
version, but built in the background (:class:`Prepared`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)
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


class Prepared(Generic[T]):
    """A structure derived from the whole store (the network's entity index), built once per
    store version in a background thread: until it is ready (and if building it fails),
    :meth:`get` returns ``None`` and the caller takes its slower path, so no request waits for
    a rebuild after an ingest."""

    def __init__(self, path: Path, build: Callable[[], T], name: str = "newsgraph-prepare") -> None:
        self.path, self.build, self.name = path, build, name
        self._version: tuple[int, ...] | None = None  # the version _value is of (None: nothing yet)
        self._value: T | None = None
        self._building: tuple[int, ...] | None = None
        self._lock = threading.Lock()

    def get(self) -> T | None:
        """The structure of the store's current version, or ``None`` while it is being built."""
        version = store_version(self.path)
        with self._lock:
            if version == self._version:
                return self._value
            if self._building is None:
                self._building = version
                threading.Thread(target=self._run, args=(version,), name=self.name, daemon=True).start()
            return None

    def prepare(self) -> T | None:
        """Build the current version's structure in this thread (the app's warm-up) unless it is
        built or being built; returns it (``None`` if building failed or runs elsewhere)."""
        version = store_version(self.path)
        with self._lock:
            if version == self._version or self._building is not None:
                return self._value if version == self._version else None
            self._building = version
        self._run(version)
        with self._lock:
            return self._value

    def _run(self, version: tuple[int, ...]) -> None:
        value: T | None = None
        try:
            value = self.build()
        except (sqlite3.Error, OSError) as exc:  # counted as built: the slower path serves this version
            log.warning("newsgraph serve: %s failed: %s", self.name, exc)
        finally:
            with self._lock:
                self._version, self._value, self._building = version, value, None
