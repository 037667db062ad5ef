"""The driver side of a Spark run: inputs → one Spark task per file → Parquet tables.

1. Every input (a file, a folder's files, the lines of a manifest) becomes one task, numbered in
   input order; ``partitions`` groups them when there are more files than is useful. When there
   are fewer files than about four tasks per core, a local JSONL file is cut into ranges of its
   records (each of at least ``min_records``), each its own task, so one large file keeps every
   core busy; the ranges are numbered in the file's order, so input order is kept.
2. Each task runs :func:`newsgraph.scale.tasks.analyse_input` on an executor and writes the rows
   of its file straight to Parquet with pyarrow, one file per table (``OUT/TABLE/part-NNNNN-0.parquet``,
   NNNNN the task's number, so the files sort in input order). A file is written under a hidden
   temporary name and renamed into place when complete: a task that Spark retries (a worker
   killed, an executor lost) replaces its own files with the same rows (ids are content hashes,
   the file name is the input's position), and a reader never sees a half-written file.
3. The task returns only what the driver needs: its row counts and the article ids it stored.
   An article that several inputs hold keeps the rows of its first copy, as the local store keeps
   the first one; the few part files holding a later copy are rewritten without it. An input
   given twice is read once, as local ingest skips it the second time.

One Spark job for the per-article tables: the rows never pass through the JVM or a shuffle, so
the per-article cost is the pipeline's, plus one Parquet write per table per input file.

4. The cross-article step (:mod:`.graph`) then reads those files back on the executors and writes
   the graph tables; the GKG and GDELT events files (:mod:`.exports`) are streamed from it.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, NewsgraphError
from .exports import event_lines, gkg_lines, save_lines
from .graph import GRAPH_TABLES, ONE_TASK_ARTICLES, cross_article
from .hadoop import hadoop_files, hadoop_manifest, is_uri
from .tasks import ARTICLE_TABLES, Records, analyse_input, count_lines, input_files, schema, splittable

#: What marks a folder as a ``newsgraph spark run`` output (``newsgraph ingest DIR`` looks for it).
MARKER = "_NEWSGRAPH_SPARK"

#: Tasks per core wanted from the inputs: a few, so a slow task does not leave the other cores idle.
TASKS_PER_CORE = 4


@dataclass
class SparkResult:
    """What one run wrote: rows per table, tasks (input files or ranges of their records), wall
    time, and the part of it the cross-article step (and the exports) took."""

    out: str
    tasks: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    graph_seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)

    def to_dict(self) -> dict[str, Any]:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return {"out": self.out, "tasks": self.tasks, "rows": self.rows, "seconds": round(self.seconds, 2),
                "graph_seconds": round(self.graph_seconds, 2), "articles_per_second": round(rate, 2)}


def read_manifest(path: str | os.PathLike) -> list[str]:
    """The inputs listed in a manifest file: one per line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the manifest {os.fspath(path)}: {exc.strerror or exc}") from exc
    return manifest_entries(lines)


def manifest_entries(lines: Iterable[str]) -> list[str]:
    """A manifest's inputs from its lines: blank lines and ``#`` comments skipped."""
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def plan(inputs: Iterable[str | os.PathLike], spark: Any = None) -> list[tuple[int, str, bool, bool]]:
    """The tasks of a run: (number, file, found in a folder, read through Hadoop), in input
    order. A URI is listed through ``spark``'s Hadoop file systems (:mod:`.hadoop`), which names
    its files in its own way (``file:/tmp/x`` for ``file:///tmp/x``)."""
    files: list[tuple[str, bool, bool]] = []
    for given in inputs:
        name = os.fspath(given)
        if is_uri(name):
            if spark is None:
                raise ConfigError(f"{name}: a URI is read through Spark's Hadoop file systems; give a session")
            files.extend((file, in_folder, True) for file, in_folder in hadoop_files(spark, name))
        else:
            files.extend((file, in_folder, False) for file, in_folder in input_files(name))
    if not files:
        raise ConfigError("no inputs: give files, folders or --manifest FILE")
    files = list(dict.fromkeys(files))  # an input given twice is read once
    return [(number, *file) for number, file in enumerate(files)]


def cut(tasks: list[tuple[int, str, bool, bool]], wanted: int,
        min_records: int) -> list[tuple[int, str, bool, bool, Records]]:
    """The tasks with their record ranges: with fewer files than ``wanted`` tasks, each local
    JSONL file is cut into up to ``wanted / files`` ranges of about equal size, none under
    ``min_records`` lines; the last range runs to the file's end. Renumbered in input order."""
    pieces = max(1, -(-wanted // max(1, len(tasks))))
    out: list[tuple[int, str, bool, bool, Records]] = []
    for _, name, in_folder, hadoop in tasks:
        lines = count_lines(name) if pieces > 1 and not hadoop and splittable(name) else 0
        cuts = max(1, min(pieces, lines // max(1, min_records)))
        size = -(-lines // cuts) if cuts > 1 else 0
        for piece in range(cuts):
            records = None if cuts == 1 else (piece * size, None if piece == cuts - 1 else (piece + 1) * size)
            out.append((len(out), name, in_folder, hadoop, records))
    return out


def local_master(master: str, max_failures: int) -> str:
    """``local[N]`` never retries a failed task; ``local[N,F]`` does. A cluster master is kept."""
    if master.startswith("local") and "," not in master:
        threads = master[len("local["):-1] if master.startswith("local[") else "1"
        return f"local[{threads},{max_failures}]"
    return master


def session(master: str = "local[2]", max_failures: int = 4) -> Any:
    """A Spark session for newsgraph: Python workers on this interpreter, driver on 127.0.0.1
    in local mode (its JVM without the optimising JIT compiler), no web UI."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(local_master(master, max_failures)).appName("newsgraph")
               .config("spark.task.maxFailures", str(max_failures))
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.python.worker.reuse", "true"))
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        # The JVM only schedules and ferries small summaries here (Python does the work), so its
        # optimising JIT compiler mostly burns CPU the Python workers need: on the 163 wikinews
        # articles in local[2] it halves the JVM's CPU time (0.86 -> 0.45 s) at no cost.
        builder = builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
        # The workers' daemon from the installed pyspark, not from its zip (:mod:`.daemon`).
        builder = builder.config("spark.python.daemon.module", "newsgraph.scale.daemon")
    try:
        return builder.getOrCreate()
    except RuntimeError as exc:  # pyspark's own error when the JVM does not start
        raise ConfigError(f"cannot start Spark ({exc}); Spark needs a Java 17+ runtime: `make java` installs "
                          "one on Debian, or set JAVA_HOME") from exc


def run_spark(inputs: Iterable[str | os.PathLike], out: str | os.PathLike, *,
              manifests: Iterable[str | os.PathLike] = (), spark: Any = None,
              master: str = "local[2]", partitions: int | None = None, stages: Iterable[str] | None = None,
              max_failures: int = 4, task: Any = analyse_input, gkg: str | os.PathLike | None = None,
              gdelt_events: str | os.PathLike | None = None, min_records: int = 16,
              one_task: int = ONE_TASK_ARTICLES) -> SparkResult:
    """Analyse ``inputs`` on Spark and write the store's tables to ``out`` as Parquet: the
    per-article ones, then the cross-article ones (:mod:`.graph`); ``gkg`` and ``gdelt_events``
    name files for those exports, written from the same data.

    ``manifests`` are files (paths or URIs) listing more inputs; ``spark`` is an existing session
    (else one is made for ``master``); ``task`` is the function each task runs to get its rows
    (tests wrap it to fail a first attempt); a JSONL file is cut into ranges of at least
    ``min_records`` records when there are fewer files than cores to keep busy; the cross-article
    step runs in one task up to ``one_task`` articles.
    """
    names = [os.fspath(name) for name in inputs]
    lists = [os.fspath(name) for name in manifests]
    names += [name for manifest in lists if not is_uri(manifest) for name in read_manifest(manifest)]
    if partitions is not None and partitions < 1:
        raise ConfigError(f"--partitions must be at least 1, not {partitions}")
    if any(is_uri(name) for name in [*names, *lists]):
        spark = spark or session(master, max_failures)
        names += [name for manifest in lists if is_uri(manifest) for name in hadoop_manifest(spark, manifest)]
    files = plan(names, spark)
    spark = spark or session(master, max_failures)
    tasks = cut(files, TASKS_PER_CORE * spark.sparkContext.defaultParallelism, min_records)
    clock = time.monotonic()
    chosen = tuple(stages) if stages is not None else None
    folder = Path(out).resolve()
    tables = schema()
    _clear(folder, tables)
    result = SparkResult(out=str(folder), tasks=len(tasks))
    from py4j.protocol import Py4JJavaError

    target = str(folder)
    try:
        summaries = _tasks(spark, tasks, partitions, chosen, target, task).collect()
    except Py4JJavaError as exc:  # a task failed max_failures times: a bug or a machine problem
        raise NewsgraphError(f"the Spark job failed ({max_failures} attempts of one task): "
                             f"{_python_error(str(exc.java_exception))}") from exc
    for table in tables:
        result.rows[table] = sum(summary["rows"][table] for summary in summaries)
    for table, removed in _drop_later_copies(folder, tables, summaries).items():
        result.rows[table] -= removed
    done = sorted(summary["task"] for summary in summaries)
    graph_clock = time.monotonic()
    size = len({aid for summary in summaries for aid, _ in summary["articles"]})
    graph = cross_article(spark, folder, done, partitions or spark.sparkContext.defaultParallelism, size, one_task)
    if gkg is not None:
        save_lines(gkg_lines(graph), gkg)
    if gdelt_events is not None:
        save_lines(event_lines(graph), gdelt_events)
    graph.release()
    result.graph_seconds = time.monotonic() - graph_clock
    for table in GRAPH_TABLES:
        result.rows[table] = graph.rows[table] if table in graph.rows else _count(folder / table)
    (folder / MARKER).write_text("newsgraph spark run output: one Parquet folder per table\n", encoding="utf-8")
    result.seconds = time.monotonic() - clock
    return result


def _tasks(spark: Any, tasks: list[tuple[int, str, bool, bool, Records]], partitions: int | None,
           stages: tuple[str, ...] | None, out: str, task: Any) -> Any:
    """The RDD of task summaries: local files by name, URIs' files by content (``binaryFiles``)."""
    sc = spark.sparkContext
    local = [(t[0], t[1], t[2], t[4]) for t in tasks if not t[3]]
    remote = {name: (number, in_folder) for number, name, in_folder, hadoop, _ in tasks if hadoop}
    parts = []
    if local:
        parts.append(sc.parallelize(local, partitions or len(local))
                     .map(lambda t: write_task(t[0], t[1], t[2], stages, out, task, records=t[3])))
    if remote:
        parts.append(sc.binaryFiles(",".join(remote), partitions or len(remote))
                     .map(lambda pair: write_remote(pair[0], remote[pair[0]], pair[1], stages, out, task)))
    return parts[0] if len(parts) == 1 else sc.union(parts)


def write_remote(uri: str, place: tuple[int, bool], content: bytes, stages: tuple[str, ...] | None, out: str,
                 task: Any) -> dict[str, Any]:
    """On an executor: a URI's file, given as bytes, analysed from a local copy of the same name."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsgraph-") as folder:
        local = os.path.join(folder, uri.rstrip("/").rpartition("/")[2])
        with open(local, "wb") as handle:
            handle.write(content)
        return write_task(place[0], local, place[1], stages, out, task, shown=uri)


def write_task(number: int, name: str, in_folder: bool, stages: tuple[str, ...] | None, out: str,
               task: Any = analyse_input, shown: str | None = None, records: Records = None) -> dict[str, Any]:
    """On an executor: run one input file (or a range of its records) and write its rows, one
    Parquet file per table. Returns ``{"task", "articles": [(article id, record)…], "rows": {table:
    rows written}}`` for the driver."""
    tables = schema()
    id_at = [col for col, _ in tables["articles"]].index("id")
    buffers: dict[str, list[tuple]] = {table: [] for table in tables}
    articles: list[tuple[str, int]] = []
    given = {key: value for key, value in (("shown", shown), ("records", records)) if value is not None}
    rows = task(number, name, in_folder, stages, **given)
    for table, (_, record, _), values in rows:
        buffers[table].append(values)
        if table == "articles":
            articles.append((values[id_at], record))
    for table, cols in tables.items():
        _write_part(Path(out) / table, number, cols, buffers[table])
    return {"task": number, "articles": articles, "rows": {table: len(values) for table, values in buffers.items()}}


def _arrow_schema(cols: list[tuple[str, str]]) -> Any:
    import pyarrow as pa

    kinds = {"INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([(col, kinds.get(kind, pa.string())) for col, kind in cols])


def _write_part(folder: Path, number: int, cols: list[tuple[str, str]], values: list[tuple]) -> None:
    """Write ``part-NNNNN-0.parquet`` atomically: a hidden temporary file (readers skip names that
    start with a dot), renamed into place once complete."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = _arrow_schema(cols)
    columns = list(zip(*values)) if values else [() for _ in cols]
    frame = pa.table([pa.array(list(column), type=field.type) for column, field in zip(columns, arrow)],
                     schema=arrow)
    final = folder / f"part-{number:05d}-0.parquet"
    temporary = folder / f".{final.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    pq.write_table(frame, temporary)
    os.replace(temporary, final)


def _clear(folder: Path, tables: dict[str, list[tuple[str, str]]]) -> None:
    """Overwrite mode: the tables' folders emptied of an earlier run's files, then made anew."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    for table in [*tables, *GRAPH_TABLES]:
        if (folder / table).is_dir():
            shutil.rmtree(folder / table)
        (folder / table).mkdir()


def _drop_later_copies(folder: Path, tables: dict[str, list[tuple[str, str]]],
                       summaries: list[dict[str, Any]]) -> dict[str, int]:
    """Keep each article's first copy: the rows of every later copy (the same article in a later
    input file: a page crawled twice, a syndicated copy) are taken out of their task's files.
    Returns the rows taken out, by table."""
    first: dict[str, tuple[int, int]] = {}
    for summary in sorted(summaries, key=lambda s: s["task"]):
        for aid, record in summary["articles"]:
            first.setdefault(aid, (summary["task"], record))
    later: dict[int, set[str]] = {}
    for summary in summaries:
        for aid, record in summary["articles"]:
            if first[aid] != (summary["task"], record):
                later.setdefault(summary["task"], set()).add(aid)
    removed = _take_out(folder, later) if later else dict.fromkeys(ARTICLE_TABLES, 0)
    for stale in folder.glob("*/.part-*.tmp"):  # a killed attempt's temporary file
        stale.unlink(missing_ok=True)
    return removed


def _take_out(folder: Path, later: dict[int, set[str]]) -> dict[str, int]:
    """Rewrite the part files of each task in ``later`` without the rows of its article ids there;
    the rows taken out, by table. (pyarrow is imported only here: on an input of few articles the
    driver has no other use for it.)"""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    removed = dict.fromkeys(ARTICLE_TABLES, 0)
    for number, ids in later.items():
        for table in ARTICLE_TABLES:
            path = folder / table / f"part-{number:05d}-0.parquet"
            frame = pq.ParquetFile(path).read()  # not read_table: its dataset module costs 0.04 s to import
            key = "id" if table == "articles" else "article_id"
            kept = frame.filter(pc.invert(pc.is_in(frame[key], value_set=pa.array(sorted(ids), type=pa.string()))))
            if kept.num_rows != frame.num_rows:
                removed[table] += frame.num_rows - kept.num_rows
                _replace(path, kept)
    return removed


def _replace(path: Path, frame: Any) -> None:
    import pyarrow.parquet as pq

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(frame, temporary)
    os.replace(temporary, path)


def _python_error(text: str) -> str:
    """The last line of the Python traceback inside a Spark error (the exception and its message),
    else the error's first line."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Traceback (most recent call last)" in line), None)
    if start is None:
        return lines[0] if lines else text
    block = []
    for line in lines[start + 1:]:
        if line.startswith("\tat "):
            break
        if line and not line[0].isspace():
            block.append(line)
    return block[-1] if block else lines[0]


def _count(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(path).metadata.num_rows for path in folder.glob("part-*.parquet"))
