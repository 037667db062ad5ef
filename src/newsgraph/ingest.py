"""Parallel ingest into the store: N worker processes run the pipeline, ONE writer (this process)
stores what they return in batched transactions.

The parent reads every source itself (reading is cheap next to NLP) and, before any NLP, skips
documents whose (origin, content hash) the store already holds, so a re-run costs one lookup per
document. Workers (:mod:`.workers`) are started with ``spawn`` and build their ``Pipeline`` once;
at most ``workers × 2`` documents are in flight, so memory stays flat on a WARC of any size. A
document that takes longer than ``doc_seconds`` is recorded as an error and its worker replaced; a
worker that dies costs only its document; workers exit when this process dies, however it dies.

Killed at any moment, the store holds whole batches only (each is one transaction, together with
the ``inputs`` rows that mark its documents done); the next run skips those and finishes the job,
and marks the killed run ``interrupted`` (a run records the process and host that own it).
Failures go to the ``errors`` table; ``retry_errors=True`` reads their inputs again, and an input
that now succeeds loses its error rows.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .article import Article
from .errors import InputError, NewsgraphError, PipelineError, SchemaVersionError, StageError
from .export.jsonl import is_article_record
from .pipeline import Pipeline
from .scale.load import is_spark_output
from .sources import read
from .sources.base import RawDocument, printable_name, real_name
from .sources.records import TOO_DEEP
from .store import DEFAULT_DB, Store
from .store.schema import now
from .store.writer import STAGE_MARK, BatchHook, Writer, content_hash
from .workers import DOC_SECONDS, WorkerPool

_PIPELINE: Pipeline | None = None


@dataclass
class IngestResult:
    """What one run did. ``added`` counts new articles; ``skipped`` documents already stored."""

    documents: int = 0  # documents read from the inputs
    processed: int = 0  # documents the pipeline ran on
    added: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    db: str = ""
    workers: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Processed documents per second of wall time."""
        return self.processed / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "articles_per_second": round(self.rate, 2)}


def _init_worker(stages: list[str] | None, strict: bool = False) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(stages, strict=strict)
    _PIPELINE.setup()


def _process(task: tuple[RawDocument, str, str, str]) -> tuple:
    """Run in a worker: raw document → ("ok", …, Article) or ("error", …, InputError)."""
    doc, key, digest, input_name = task
    assert _PIPELINE is not None, "worker used before its initializer ran"
    try:
        return ("ok", key, digest, input_name, _PIPELINE.process(doc))
    except InputError as exc:
        return ("error", key, digest, input_name, exc)
    except NewsgraphError as exc:  # a configuration problem (say, an unknown model), not a bug: its own code
        return ("error", key, digest, input_name, InputError(key, exc.message, code=exc.code))
    except RecursionError:
        return ("error", key, digest, input_name, InputError(key, "page is nested too deeply to parse"))
    except MemoryError:
        return ("error", key, digest, input_name, InputError(key, "page is too large to process in memory"))
    except Exception as exc:  # noqa: BLE001  (a bug: recorded against this input, the batch goes on)
        return ("error", key, digest, input_name, InputError(
            key, f"internal error (a newsgraph bug, please report): {type(exc).__name__}: {exc}"))


def _process_many(tasks: list[tuple[RawDocument, str, str, str]]) -> list[tuple]:
    """:func:`_process` over a batch, in order: the documents analysed together by
    ``Pipeline.process_many`` (the same Articles, in less time; one that cannot be extracted keeps
    its place with its error). Should the batch itself fail (a bug, a configuration problem), each
    document runs again alone, so it gets the very outcome and message :func:`_process` gives."""
    if not tasks:  # a batch of records that are all errors: no pipeline needed, none may be loaded yet
        return []
    assert _PIPELINE is not None, "worker used before its initializer ran"
    try:
        done = _PIPELINE.process_many([task[0] for task in tasks])
    except Exception:  # noqa: BLE001 - each document alone: _process records what went wrong
        return [_process(task) for task in tasks]
    return [("ok" if isinstance(result, Article) else "error", *task[1:], result)
            for task, result in zip(tasks, done, strict=True)]


#: Why the documents in flight fail when a worker process dies under them.
WORKER_DIED = ("the worker process died while analysing it (out of memory, or a crash in a native "
               "library); the other documents went on; `newsgraph ingest --retry-errors` tries it again")


def _outcome(task: tuple, status: str, payload: Any, budget: float | None) -> tuple:
    """The worker's answer, or an error naming the document when its worker died, overran the
    per-document budget or could not be sent the document."""
    _, key, digest, input_name = task
    if status == "done":
        return payload
    if status == "died":
        reason = WORKER_DIED
    elif status == "timeout":
        reason = (f"analysing it took longer than {budget:g} s, the per-document budget; its worker was "
                  "stopped and replaced (raise the budget with `newsgraph ingest --doc-seconds`)")
    else:
        reason = f"worker failed: {type(payload).__name__}: {payload}"
    return ("error", key, digest, input_name, InputError(key, reason))


def is_article_jsonl(path: str) -> bool:
    """True for a JSONL file of full Article records (their first line has the Article's own
    keys), which are restored as they are rather than analysed again."""
    if not path.endswith(".jsonl") or not os.path.isfile(path):
        return False
    with open(path, "rb") as handle:
        first = handle.readline(1 << 24)
    try:
        return is_article_record(json.loads(first))
    except ValueError:
        return False


def input_of(origin: str) -> str:
    """The re-readable input of an error's origin: ``path#line 3`` → ``path``."""
    head, sep, _ = origin.partition("#")
    if sep and not origin.startswith(("http://", "https://")) and os.path.exists(real_name(head)):
        return head
    return origin


class _Run:
    """One ingest run: feeds the pool, hands results to the writer, keeps the counts."""

    def __init__(self, writer: Writer, workers: int, stages: list[str] | None,
                 on_progress: Callable[[IngestResult], None] | None, flush_seconds: float,
                 strict: bool = False, doc_seconds: float | None = DOC_SECONDS) -> None:
        self.writer, self.workers, self.stages, self.strict = writer, workers, stages, strict
        self.on_progress = on_progress or (lambda result: None)
        self.flush_seconds, self.doc_seconds = flush_seconds, doc_seconds
        self.result = IngestResult(workers=workers)
        self.inflight: set[tuple[str, str]] = set()
        self.seen_inputs: set[str] = set()
        self.last_flush = time.monotonic()
        self.pool: WorkerPool | None = None
        self.local: Pipeline | None = None

    def _start(self) -> None:
        """Start the workers on the first document that needs them: a re-run that skips
        everything never pays for loading the models."""
        if self.pool is not None or self.local is not None:
            return
        if self.workers > 0:
            Pipeline(self.stages)  # a bad stage list fails here, not in every worker
            self._new_pool()
        else:  # in this process: for tests, debugging and the benchmark's single-process baseline
            self.local = Pipeline(self.stages, strict=self.strict)
            self.local.setup()

    def _new_pool(self) -> None:
        self.pool = WorkerPool(self.workers, _process, _init_worker, (self.stages, self.strict),
                               budget=self.doc_seconds)

    def stop(self, clean: bool) -> None:
        if self.pool is not None:
            self.pool.close(clean)

    def _collect(self) -> None:
        """Wait for the pool's next outcomes and handle them."""
        assert self.pool is not None
        for task, status, payload in self.pool.collect():
            self._handle(_outcome(task, status, payload, self.doc_seconds))

    def feed(self, inputs: Iterable[str]) -> None:
        for name in inputs:
            if is_article_jsonl(real_name(name)):
                self._restore(name)
                continue
            if is_spark_output(name):
                self._load_spark(name)
                continue
            for item in read([name]):
                self.result.documents += isinstance(item, RawDocument)
                if isinstance(item, InputError):
                    self.seen_inputs.add(input_of(item.origin))
                    self._fail(item.origin, input_of(item.origin), item.reason, item.code)
                    continue
                self.seen_inputs.add(item.origin.input)
                self._submit(item)
        while self.inflight:
            self._collect()
        self.writer.flush()
        self.result.added = self.writer.added

    def _restore(self, path: str) -> None:
        """Analysed Articles (``newsgraph analyze --jsonl``, a JSONL export) go in as they are:
        no NLP runs again, so a re-import gives the rows of the store they came from."""
        self.seen_inputs.add(path)
        with open(real_name(path), "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                key, digest = f"{path}#line {number}", content_hash(line)
                self.result.documents += 1
                if self.writer.known(key, digest):
                    self.result.skipped += 1
                    self._tick()
                    continue
                article = article_record(key, line)
                if isinstance(article, InputError):
                    self._fail(key, path, article.reason, article.code)
                    continue
                self.result.processed += 1
                self.writer.add(article, key, digest, path)
                self._tick()

    def _load_spark(self, folder: str) -> None:
        """A ``newsgraph spark run`` output: its analysed documents and failed records go in as
        they are, in the order of the run's inputs, so the store is the one local ingest makes."""
        from .scale.load import spark_documents

        for article, key, digest, input_name in spark_documents(folder):
            self.result.documents += 1
            self.seen_inputs.add(input_name)
            if isinstance(article, InputError):
                self._fail(key, input_name, article.reason, article.code)
                continue
            if self.writer.known(key, digest):
                self.result.skipped += 1
                self.writer.forget_error(key)
            else:
                self.result.processed += 1
                self.writer.add(article, key, digest, input_name)
            self._tick()

    def _submit(self, doc: RawDocument) -> None:
        key, digest = doc.origin.label, content_hash(doc.content)
        if (key, digest) in self.inflight or self.writer.known(key, digest):
            self.result.skipped += 1
            self.writer.forget_error(key)
            self._tick()
            return
        task = (doc, key, digest, doc.origin.input)
        self._start()
        if self.local is not None:
            global _PIPELINE
            _PIPELINE = self.local
            self.inflight.add((key, digest))
            self._handle(_process(task))
            return
        assert self.pool is not None
        while self.pool.full():
            self._collect()
        self.inflight.add((key, digest))
        self.pool.submit(task)

    def _handle(self, outcome: tuple) -> None:
        status, key, digest, input_name, payload = outcome
        self.inflight.discard((key, digest))
        self.result.processed += 1
        if status == "ok":
            assert isinstance(payload, Article)
            self.writer.add(payload, key, digest, input_name)
        elif self.strict and payload.code == StageError.code:  # --strict: a failing stage ends the run
            raise PipelineError(f"{key}: {payload.reason}", code=StageError.code)
        else:
            self._fail(key, input_name, payload.reason, payload.code)
        self._tick()

    def _fail(self, origin: str, input_name: str, reason: str, code: str) -> None:
        """Count and store a failure; the errors table keeps the reason, the run's result the code too."""
        self.result.failed += 1
        self.result.errors.append({"origin": origin, "code": code, "reason": reason})
        self.writer.error(origin, input_name, reason)

    def _tick(self) -> None:
        if self.writer.pending() and time.monotonic() - self.last_flush > self.flush_seconds:
            self.writer.flush()
            self.last_flush = time.monotonic()
        self.result.added = self.writer.added  # counted when a batch commits
        self.on_progress(self.result)


def ingest(
    inputs: Iterable[str | os.PathLike],
    db: str | os.PathLike = DEFAULT_DB,
    *,
    workers: int | None = None,
    retry_errors: bool = False,
    stages: Iterable[str] | None = None,
    batch_size: int = 64,
    flush_seconds: float = 1.0,
    on_progress: Callable[[IngestResult], None] | None = None,
    hooks: Iterable[BatchHook] = (),
    graph: bool = True,
    strict: bool = False,
    doc_seconds: float | None = DOC_SECONDS,
) -> IngestResult:
    """Analyse every document in ``inputs`` and store it in ``db``.

    ``workers`` processes run the pipeline (default: the number of cores; 0 runs it in this
    process). Documents already stored are skipped before any NLP; failures go to ``errors``.
    With ``retry_errors`` the inputs of the stored errors are read again too. ``hooks`` run in
    each batch's transaction with its newly stored articles (see ``Writer.hooks``). With
    ``graph`` the near-duplicate groups, stories and aggregated events grow batch by batch too.
    A stage that fails on an article is noted on it and in ``errors`` (the article is stored with
    every other stage's results); with ``strict`` the first such failure stops the run instead.
    A document still analysed after ``doc_seconds`` (None: no limit; with ``workers=0`` there is
    none) is recorded as an error and its worker replaced. SIGTERM stops the run as Ctrl-C does.
    """
    names = [printable_name(os.fspath(i)) for i in inputs]  # what the store records; read() finds the file
    workers = (os.cpu_count() or 1) if workers is None else workers
    started, clock = now(), time.monotonic()
    with Store(db) as store:
        if retry_errors:
            names += [r["input"] for r in store.conn.execute("SELECT DISTINCT input FROM errors ORDER BY input")
                      if r["input"] not in names]
        mark_stale_runs(store.conn)
        run_id = store.conn.execute(
            "INSERT INTO runs(started, inputs, workers, pid, host) VALUES (?, ?, ?, ?, ?)",
            (started, "\n".join(names), workers, os.getpid(), socket.gethostname())).lastrowid
        writer = store.writer(batch_size, graph=graph)
        writer.hooks.extend(hooks)
        run = _Run(writer, workers, list(stages) if stages is not None else None, on_progress, flush_seconds,
                   strict, doc_seconds)
        clean = False
        try:
            with _sigterm_stops():
                run.feed(names)
            clean = True
        finally:
            run.stop(clean)
            if not clean:  # an exception or Ctrl-C: whole batches are stored, the run says it stopped
                writer.conn.execute("UPDATE runs SET finished = ?, status = 'interrupted' WHERE id = ?",
                                    (now(), run_id))
        result = run.result
        # inputs read again in this run and not failing again are no longer errors; a stage that
        # failed on a stored article stays an error until that article is analysed and stored again
        seen = sorted(run.seen_inputs)
        for chunk in range(0, len(seen), 500):
            part = seen[chunk:chunk + 500]
            writer.conn.execute(f"DELETE FROM errors WHERE time < ? AND instr(origin, ?) = 0 "
                                f"AND input IN ({','.join('?' * len(part))})", (started, STAGE_MARK, *part))
        result.seconds = time.monotonic() - clock
        result.db = str(Path(db))
        writer.conn.execute(
            "UPDATE runs SET finished = ?, added = ?, skipped = ?, failed = ?, status = 'done' WHERE id = ?",
            (now(), result.added, result.skipped, result.failed, run_id))
        writer.conn.close()
    return result


def mark_stale_runs(conn: Any) -> int:
    """Mark ``interrupted`` the runs still ``running`` whose process on this host is gone (killed
    with kill -9, say, which leaves it no moment to say so); return how many. A run of another host,
    or of a version that did not record its process, is left as it is: nothing tells it is over."""
    rows = conn.execute("SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
                        (socket.gethostname(),)).fetchall()
    stale = [(row[0],) for row in rows if not _alive(row[1])]
    conn.executemany("UPDATE runs SET status = 'interrupted' WHERE id = ?", stale)
    return len(stale)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process holds the number now
        return True
    return True


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """Within the block, SIGTERM ends the run the way Ctrl-C does (workers stopped, the run marked
    ``interrupted``) instead of killing this process on the spot. Only from the main thread and
    where nobody else handles SIGTERM (``newsgraph watch`` has its own handler)."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def article_record(key: str, line: bytes) -> Article | InputError:
    """One line of a JSONL file of analysed Articles, or the InputError that says why it is none
    (local ingest and the Spark tasks restore such files alike)."""
    try:
        return Article.from_dict(json.loads(line))
    except SchemaVersionError as exc:
        return InputError(key, exc.message, code=exc.code)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return InputError(key, f"not an Article record: {type(exc).__name__}: {exc}")
    except RecursionError:
        return InputError(key, TOO_DEEP)
