"""The executor side of a Spark run: one input file in, the store's rows of its articles out.

A task is one input file, or one range of the records of a JSONL file (a file of many records
would otherwise keep one core busy while the others wait). Inside it:

1. the sources read the file as a stream of records (``sources.read``), exactly as local ingest does;
2. the records go through the pipeline that this Python worker built once, :data:`BATCH` documents
   at a time (``ingest._process_many``: the Articles one-by-one processing gives, about 10% less
   CPU); a record that cannot be extracted keeps its place with its error, and a batch that fails
   as a whole runs again document by document through ``ingest._process``, so a bad record fails
   with the very message and code local ingest gives;
3. the result goes through the store's own :class:`~newsgraph.store.writer.Writer` into a small
   in-memory SQLite database private to the task, and the rows the writer produced are read back.

Going through the real writer is what makes every row carry the columns and values of
``newsgraph ingest`` + ``export parquet``: there is one mapping from Article to rows, not two.
Each row leaves tagged with its order key ``(task, record, row)`` so the driver can keep the
first copy of an article that several inputs hold, as the local store does.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import importlib
import itertools
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..store.schema import migrate
from ..store.writer import Writer, content_hash

#: The tables a task fills: every row of them belongs to one article or one failed record.
#: The cross-article tables (graph_*, duplicate_*, stories) are not made here.
ARTICLE_TABLES = ("articles", "authors", "tags", "captions", "embeds", "disclosures", "dates", "entities",
                  "mentions", "quotes", "events", "event_participants", "counts", "amounts", "themes")
TABLES = (*ARTICLE_TABLES, "inputs", "errors")

#: Row numbers of one SQLite file: they mean nothing across tasks, so they are left empty.
ROW_NUMBERS = {("articles", "pk"), ("quotes", "pk")}

_PIPELINES: dict[tuple[str, ...] | None, object] = {}

#: Documents a task analyses together (``Pipeline.process_many``: one spaCy pass over the batch).
#: As the ``throughput`` benchmark's batches; a batch of large pages still fits a worker's memory.
BATCH = 32

#: Records of a task, ``(first, end)`` in the order the file gives them (``end`` None: to the
#: file's end); None for all of them.
Records = tuple[int, int | None] | None


def columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of each column of ``table``, in table order."""
    return [(row[1], (row[2] or "").upper()) for row in conn.execute(f'PRAGMA table_info("{table}")')]


@functools.cache
def schema(tables: tuple[str, ...] = ()) -> dict[str, list[tuple[str, str]]]:
    """The columns of ``tables`` (by default every table a task fills), read from a freshly
    migrated store once per process (each read migrates one); not to be changed by callers."""
    conn = _task_db()
    try:
        return {table: columns(conn, table) for table in tables or TABLES}
    finally:
        conn.close()


def _task_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def _pipeline(stages: tuple[str, ...] | None) -> None:
    """Build the pipeline once per Python worker (models and KB loaded once, not per record).

    What it loaded lives as long as the worker, so it is then moved out of the garbage
    collector's sight (``gc.freeze``): PySpark's daemon runs a full ``gc.collect()`` after every
    task of a reused worker, which otherwise walks the model's and the KB's objects each time
    (about 0.05 s a task)."""
    ingest = importlib.import_module("newsgraph.ingest")  # the module: the package exports a function so named

    if stages not in _PIPELINES:
        ingest._init_worker(list(stages) if stages is not None else None)
        _PIPELINES[stages] = ingest._PIPELINE
        gc.collect()
        gc.freeze()
    ingest._PIPELINE = _PIPELINES[stages]  # type: ignore[assignment]


def input_files(name: str) -> list[tuple[str, bool]]:
    """One input as the user gave it → the files it stands for, each with ``in_folder``.

    A folder becomes its files in the order and with the skipping rules of ``sources`` (sorted,
    hidden files and non-news extensions left out), so each file can be its own task.
    """
    from ..sources.sniff import SKIP_EXTENSIONS, split_gz

    root = Path(name)
    if not root.is_dir():
        return [(name, False)]
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(names):
            base, _ = split_gz(file)
            if not file.startswith(".") and Path(base).suffix.lower() not in SKIP_EXTENSIONS:
                files.append((str(Path(folder) / file), True))
    return files


def splittable(name: str) -> bool:
    """A local JSONL file: one record a line, so ranges of records are cheap to find and to skip."""
    return name.lower().endswith(".jsonl") and os.path.isfile(name)


def count_lines(name: str) -> int:
    """Lines of a file (the last one without its newline too): an estimate of its records, to cut
    it into ranges of about equal size. Blank lines are counted, which only changes the sizes."""
    lines, last = 0, b"\n"
    try:
        with open(name, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                lines += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 0  # not cut: its task reports what is wrong with it
    return lines + (last != b"\n")


def _within(items: Iterable, records: Records) -> Iterator:
    """The items of a record range. Every task reads the file from its start and numbers the
    records alike; the skipped ones are only read (no NLP), and reading stops at the range's end."""
    return iter(items) if records is None else itertools.islice(items, records[0], records[1])


def _read(name: str, in_folder: bool) -> Iterator:
    """The records of one file: a file found in a folder is read as ``sources`` reads folder
    members (an unknown kind of file is skipped, not read as text)."""
    from ..sources import dispatch, read

    if not in_folder:
        return read([name])
    return dispatch._guard(name, dispatch._read_file(Path(name), explicit=False))


def analyse_input(task: int, name: str, in_folder: bool = False, stages: tuple[str, ...] | None = None,
                  shown: str | None = None, records: Records = None,
                  ) -> Iterator[tuple[str, tuple[int, int, int], tuple]]:
    """Run one input file (or the range ``records`` of its records); yield ``(table, (task,
    record, row), values)`` for every stored row. ``shown`` is the name its records are stored
    under when ``name`` is a local copy (of a Hadoop URI's file), else ``name`` itself."""
    from ..ingest import is_article_jsonl

    conn = _task_db()
    writer = Writer(conn, batch_size=1 << 30)  # flushed by hand, once per record
    kinds = {table: columns(conn, table) for table in TABLES}
    row = 0
    try:
        if is_article_jsonl(name):
            outcomes = _restored(name, shown or name, records)
        else:
            outcomes = _analysed(name, in_folder, stages, records)
            if shown:
                outcomes = (_renamed(outcome, name, shown) for outcome in outcomes)
        for record, outcome in enumerate(outcomes):
            for table, values in _store(writer, kinds, *outcome):
                yield table, (task, record, row), values
                row += 1
    finally:
        conn.close()


def _analysed(name: str, in_folder: bool, stages: tuple[str, ...] | None,
              records: Records = None) -> Iterator[tuple]:
    """(status, origin, content hash, input, Article or InputError) for each record of the file
    (of the range), in order; the documents go through the pipeline :data:`BATCH` at a time."""
    from ..sources.base import RawDocument

    pending: list = []
    documents = 0
    for item in _within(_read(name, in_folder), records):
        pending.append(item)
        documents += isinstance(item, RawDocument)
        if documents == BATCH:
            yield from _batch(pending, stages)
            pending, documents = [], 0
    yield from _batch(pending, stages)


def _batch(items: list, stages: tuple[str, ...] | None) -> Iterator[tuple]:
    """The outcomes of ``items`` in their order: the documents through ``ingest._process_many``
    (one batch, with ingest's outcomes and messages), a record the source could not read as the
    error it is."""
    from ..ingest import _process_many, input_of
    from ..sources.base import RawDocument

    jobs = [(item, item.origin.label, content_hash(item.content), item.origin.input)
            for item in items if isinstance(item, RawDocument)]
    if jobs:
        _pipeline(stages)
    analysed = iter(_process_many(jobs))
    for item in items:
        if isinstance(item, RawDocument):
            yield next(analysed)
        else:
            yield "error", item.origin, "", input_of(item.origin), item


def _restored(path: str, shown: str, records: Records = None) -> Iterator[tuple]:
    """A JSONL file of analysed Articles goes in as it is, as local ingest restores it (no NLP)."""
    from ..ingest import article_record

    with open(path, "rb") as handle:
        lines = ((number, line) for number, line in enumerate(handle, start=1) if line.strip())
        for number, line in _within(lines, records):
            key = f"{shown}#line {number}"
            item = article_record(key, line)
            if isinstance(item, InputError):
                yield "error", key, "", shown, item
            else:
                yield "ok", key, content_hash(line), shown, item


def _renamed(outcome: tuple, local: str, shown: str) -> tuple:
    """An outcome of the local copy ``local`` as if read from ``shown``: its origin, its input
    and the Article's origin name ``shown``."""
    status, key, digest, input_name, payload = outcome

    def rename(text: str) -> str:
        return shown + text[len(local):] if text.startswith(local) else text

    if isinstance(payload, InputError):
        payload = InputError(rename(payload.origin), payload.reason, code=payload.code)
    elif payload.origin is not None:  # type: ignore[attr-defined]
        payload.origin = dataclasses.replace(payload.origin, input=rename(payload.origin.input))  # type: ignore[attr-defined]
    return status, rename(key), digest, rename(input_name), payload


def _store(writer: Writer, kinds: dict[str, list[tuple[str, str]]], status: str, key: str, digest: str,
           input_name: str, payload: object) -> Iterator[tuple[str, tuple]]:
    """Write one outcome with the store's writer and give back the rows it produced."""
    if status == "error":
        assert isinstance(payload, InputError)
        writer.error(key, input_name, payload.reason)
        writer.flush()
        yield from _rows(writer.conn, kinds, "errors", "origin = ?", (key,))
        return
    before = writer.added
    writer.add(payload, key, digest, input_name)  # type: ignore[arg-type]
    writer.flush()
    if writer.added > before:  # new here; a second copy in the same file only records its input
        aid = payload.id  # type: ignore[attr-defined]
        for table in ARTICLE_TABLES:
            yield from _rows(writer.conn, kinds, table, "id = ?" if table == "articles" else "article_id = ?", (aid,))
    yield from _rows(writer.conn, kinds, "inputs", "origin = ? AND content_hash = ?", (key, digest))


def _rows(conn: sqlite3.Connection, kinds: dict[str, list[tuple[str, str]]], table: str, where: str,
          args: tuple) -> Iterator[tuple[str, tuple]]:
    cols = kinds[table]
    names = ", ".join(f'"{c}"' for c, _ in cols)
    for found in conn.execute(f'SELECT {names} FROM "{table}" WHERE {where} ORDER BY rowid', args):
        yield table, tuple(None if (table, c) in ROW_NUMBERS else _cell(v, kind) for (c, kind), v in zip(cols, found))


def _cell(value: object, kind: str) -> object:
    """SQLite is loosely typed; Parquet is not (the same coercion as ``export parquet``)."""
    if value is None:
        return None
    if kind == "REAL":
        return float(value)  # type: ignore[arg-type]
    if kind == "INTEGER":
        return int(value)  # type: ignore[call-overload]
    return value if isinstance(value, str) else str(value)
