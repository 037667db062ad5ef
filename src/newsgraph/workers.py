"""Worker processes that can neither hang a run nor outlive it (``newsgraph ingest``'s pool).

1. Each worker is started with ``spawn`` (no forked spaCy state, the same on every OS), builds its
   state once (``initializer``), says it is ready, then runs tasks one at a time in the order they
   were sent. At most ``depth`` tasks wait at a worker, so the parent always knows which task a
   worker holds and since when it started it.
2. A task that runs past ``budget`` seconds has its worker killed and replaced; the task's outcome
   is ``timeout``. A worker that dies (out of memory, a crash in a native library) is replaced too:
   its task's outcome is ``died``, and the tasks queued behind it go to another worker, as if new.
3. A worker exits when its parent dies, however the parent dies (kill -9 included): on Linux the
   kernel sends it SIGKILL (``prctl(PR_SET_PDEATHSIG)``, which fires when the parent's *thread*
   that started it ends, so the pool is used from one long-lived thread), and everywhere a
   watchdog thread sees the parent gone within :data:`WATCH_SECONDS`. Ctrl-C reaches the parent
   alone (workers ignore SIGINT), which then stops them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait
from typing import Any

from .errors import PipelineError

#: Seconds ingest lets a worker spend on one document before it is recorded as an error and the
#: worker replaced (the language stages read at most ``language.nlp.MAX_CHARS`` of a document, which
#: takes well under a minute on one core).
DOC_SECONDS = 300.0
#: How often a worker's watchdog checks that its parent is alive.
WATCH_SECONDS = 1.0
#: ``prctl`` option that asks the kernel for a signal when the parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process exit when process ``parent`` (its parent) dies."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no usable libc: the watchdog alone keeps the promise
            pass
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell us
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="newsgraph-parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _serve(conn: Any, parent: int, handler: Callable[[Any], Any], initializer: Callable[..., None],
           initargs: tuple) -> None:
    """A worker's life: set up, say so, then answer each task until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    try:
        initializer(*initargs)
    except Exception as exc:  # noqa: BLE001  (sent to the parent, which stops the run with it)
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent is gone
            return
        if task is None:
            return
        conn.send(("done", handler(task)))


class _Worker:
    def __init__(self, pool: WorkerPool) -> None:
        here, there = pool.context.Pipe()
        self.process = pool.context.Process(
            target=_serve, args=(there, os.getpid(), pool.handler, pool.initializer, pool.initargs),
            name="newsgraph-worker", daemon=True)
        self.process.start()
        there.close()
        self.conn = here
        self.tasks: deque = deque()
        self.ready = False
        self.since = time.monotonic()  # when the task at the head of ``tasks`` started

    def overdue(self, budget: float | None, clock: float) -> bool:
        return bool(budget and self.ready and self.tasks and clock - self.since > budget)

    def end(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes running ``handler(task)``; see the module docstring.

    :meth:`submit` queues a task, :meth:`collect` waits for outcomes: (task, "done", result),
    (task, "died", None), (task, "timeout", None) or (task, "unsendable", exception). A worker's
    initializer that fails raises :class:`~newsgraph.errors.PipelineError` from :meth:`collect`.
    """

    def __init__(self, size: int, handler: Callable[[Any], Any], initializer: Callable[..., None],
                 initargs: tuple = (), budget: float | None = None, depth: int = 2) -> None:
        self.size, self.handler, self.budget, self.depth = size, handler, budget, depth
        self.initializer, self.initargs = initializer, initargs
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.waiting: deque = deque()  # tasks not sent to a worker yet
        self.outcomes: list[tuple[Any, str, Any]] = []
        self.dead_on_start = 0  # workers in a row that died before they were ready

    def pending(self) -> int:
        """Tasks submitted and not yet collected."""
        return len(self.waiting) + sum(len(w.tasks) for w in self.workers) + len(self.outcomes)

    def full(self) -> bool:
        return self.pending() >= self.size * self.depth

    def submit(self, task: Any) -> None:
        self.waiting.append(task)
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in [w for w in self.workers if not w.tasks and not w.process.is_alive()]:
            self._remove(worker)  # died idle: nothing of ours was lost with it
        while len(self.workers) < self.size and self.waiting:
            self.workers.append(_Worker(self))
        open_ = [w for w in self.workers if w.process.is_alive()]
        while self.waiting and open_:
            worker = min(open_, key=lambda w: len(w.tasks))  # the least busy: spread the work
            if len(worker.tasks) >= self.depth:
                return
            task = self.waiting.popleft()
            try:
                worker.conn.send(task)
            except (BrokenPipeError, ConnectionError, EOFError):  # it died: collect() sees to it
                self.waiting.appendleft(task)
                open_.remove(worker)
                continue
            except Exception as exc:  # noqa: BLE001  (the task cannot be pickled, say)
                self.outcomes.append((task, "unsendable", exc))
                continue
            if not worker.tasks:
                worker.since = time.monotonic()
            worker.tasks.append(task)

    def collect(self) -> list[tuple[Any, str, Any]]:
        """Wait for at least one outcome (if any task is pending) and return those at hand."""
        while not self.outcomes and self.pending():
            busy = [w for w in self.workers if w.tasks]
            watched = busy or self.workers  # none busy: the tasks wait for a worker that just started
            ends = [w.since + self.budget for w in busy if w.ready] if self.budget else []
            timeout = max(0.0, min(ends) - time.monotonic()) if ends else None if busy else WATCH_SECONDS
            wait([w.conn for w in watched] + [w.process.sentinel for w in watched], timeout)
            for worker in watched:
                self._check(worker)
            self._dispatch()
        outcomes, self.outcomes = self.outcomes, []
        return outcomes

    def _check(self, worker: _Worker) -> None:
        """Take what ``worker`` said; replace it when it died or overran its task's budget."""
        try:
            while worker.conn.poll():
                kind, payload = worker.conn.recv()
                worker.since = time.monotonic()
                if kind == "failed":
                    self.close(clean=False)
                    raise PipelineError(f"a worker process could not set up the pipeline: {payload}",
                                        code="E205")
                if kind == "ready":
                    worker.ready = True
                    self.dead_on_start = 0
                else:
                    self.outcomes.append((worker.tasks.popleft(), "done", payload))
        except (EOFError, OSError):  # died while (or instead of) answering
            pass
        if worker.tasks and not worker.process.is_alive():
            self._replace(worker, "died")
        elif worker.overdue(self.budget, time.monotonic()):
            self._replace(worker, "timeout")

    def _replace(self, worker: _Worker, outcome: str) -> None:
        self._remove(worker)
        self.outcomes.append((worker.tasks.popleft(), outcome, None))
        self.waiting.extendleft(reversed(worker.tasks))  # never started: another worker runs them

    def _remove(self, worker: _Worker) -> None:
        worker.end()
        self.workers.remove(worker)
        if not worker.ready:
            self.dead_on_start += 1
            if self.dead_on_start > 3 * self.size:  # respawning would only repeat it
                self.close(clean=False)
                raise PipelineError(f"worker processes die as they start (exit code {worker.process.exitcode}); "
                                    "run with `--workers 0` (Python: workers=0) to see why", code="E205")

    def close(self, clean: bool = True) -> None:
        """Stop every worker: ``clean`` lets each finish its tasks first, else they are killed."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if clean and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            else:
                worker.process.terminate()
        for worker in workers:
            worker.process.join(timeout=30 if clean else 5)
            worker.end()
