"""The driver side of a Spark run: inputs → one Spark task per file → Parquet tables.

1. Every input (a file, a folder's files, the lines of a manifest) becomes one task, numbered in
   input order; ``partitions`` groups them when there are more files than is useful.
2. Tasks run :func:`newsgraph.scale.tasks.analyse_input` on the executors; the rows they return
   are kept (memory, then disk) so the pipeline runs once however many tables are written.
3. Each table becomes a DataFrame with the store's columns. An article that several inputs hold
   keeps the rows of its first copy (lowest order key), as the local store keeps the first one;
   an input given twice is read once, as local ingest skips it the second time.
4. Each table is written, in input order, to ``OUT/TABLE/`` as Parquet in overwrite mode.
   Spark's output committer publishes a task's files only when it succeeds, so a task that Spark
   retries (a worker killed, an executor lost) leaves no partial or doubled rows, and the rows of
   a retry are the same rows: ids are content hashes and the order key is the input's position.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, NewsgraphError
from .tasks import ARTICLE_TABLES, analyse_input, input_files, schema

#: What marks a folder as a ``newsgraph spark run`` output (``newsgraph ingest DIR`` looks for it).
MARKER = "_NEWSGRAPH_SPARK"
_SPARK_TYPES = {"INTEGER": "LongType", "REAL": "DoubleType"}


@dataclass
class SparkResult:
    """What one run wrote: rows per table, tasks (input files) and wall time."""

    out: str
    tasks: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.rows.get("articles", 0)

    def to_dict(self) -> dict[str, Any]:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return {"out": self.out, "tasks": self.tasks, "rows": self.rows, "seconds": round(self.seconds, 2),
                "articles_per_second": round(rate, 2)}


def read_manifest(path: str | os.PathLike) -> list[str]:
    """The inputs listed in a manifest file: one per line; blank lines and ``#`` comments skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the manifest {os.fspath(path)}: {exc.strerror or exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def plan(inputs: Iterable[str | os.PathLike]) -> list[tuple[int, str, bool]]:
    """The tasks of a run: (number, file, found in a folder), in input order."""
    files: list[tuple[str, bool]] = []
    for given in inputs:
        name = os.fspath(given)
        if "://" in name and not name.startswith("file://"):
            raise ConfigError(f"{name}: this version reads local paths only (the executors open the files "
                              "themselves, so every executor must see them, e.g. on a shared file system)")
        files.extend(input_files(name.removeprefix("file://")))
    if not files:
        raise ConfigError("no inputs: give files, folders or --manifest FILE")
    files = list(dict.fromkeys(files))  # an input given twice is read once
    return [(number, name, in_folder) for number, (name, in_folder) in enumerate(files)]


def local_master(master: str, max_failures: int) -> str:
    """``local[N]`` never retries a failed task; ``local[N,F]`` does. A cluster master is kept."""
    if master.startswith("local") and "," not in master:
        threads = master[len("local["):-1] if master.startswith("local[") else "1"
        return f"local[{threads},{max_failures}]"
    return master


def session(master: str = "local[2]", max_failures: int = 4) -> Any:
    """A Spark session for newsgraph: Python workers on this interpreter, driver on 127.0.0.1
    in local mode, no web UI."""
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
    try:
        return builder.getOrCreate()
    except RuntimeError as exc:  # pyspark's own error when the JVM does not start
        raise ConfigError(f"cannot start Spark ({exc}); Spark needs a Java 17+ runtime: `make java` installs "
                          "one on Debian, or set JAVA_HOME") from exc


def run_spark(inputs: Iterable[str | os.PathLike], out: str | os.PathLike, *, spark: Any = None,
              master: str = "local[2]", partitions: int | None = None, stages: Iterable[str] | None = None,
              max_failures: int = 4, task: Any = analyse_input) -> SparkResult:
    """Analyse ``inputs`` on Spark and write the store's per-article tables to ``out`` as Parquet.

    ``spark`` is an existing session (else one is made for ``master``); ``task`` is the function
    each task runs (tests wrap it to fail a first attempt).
    """
    from pyspark import StorageLevel

    tasks = plan(inputs)
    if partitions is not None and partitions < 1:
        raise ConfigError(f"--partitions must be at least 1, not {partitions}")
    spark = spark or session(master, max_failures)
    clock = time.monotonic()
    chosen = tuple(stages) if stages is not None else None
    rows = (spark.sparkContext.parallelize(tasks, partitions or len(tasks))
            .flatMap(lambda t: task(t[0], t[1], t[2], chosen))
            .persist(StorageLevel.MEMORY_AND_DISK))
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    result = SparkResult(out=str(folder), tasks=len(tasks))
    from py4j.protocol import Py4JJavaError

    try:
        tables = schema()
        id_at = [name for name, _ in tables["articles"]].index("id")
        later = spark.sparkContext.broadcast(_later_copies(rows, id_at))
        for table, cols in tables.items():
            frame = _frame(spark, rows, table, cols, later)
            frame.write.mode("overwrite").parquet(str(folder / table))
            result.rows[table] = _count(folder / table)
    except Py4JJavaError as exc:  # a task failed max_failures times: a bug or a machine problem
        raise NewsgraphError(f"the Spark job failed ({max_failures} attempts of one task): "
                             f"{_python_error(str(exc.java_exception))}") from exc
    finally:
        rows.unpersist()
    (folder / MARKER).write_text("newsgraph spark run output: one Parquet folder per table\n", encoding="utf-8")
    result.seconds = time.monotonic() - clock
    return result


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


def _later_copies(rows: Any, id_at: int) -> set[tuple[str, int, int]]:
    """(article id, task, record) of every copy of an article but its first: the same article in
    several input files (a page crawled twice, a syndicated copy) is stored once, as locally.
    Running it also runs every task once; the tables below all read the kept rows."""
    copies = (rows.filter(lambda r: r[0] == "articles").map(lambda r: (r[2][id_at], (r[1][0], r[1][1])))
              .groupByKey().filter(lambda pair: len(pair[1]) > 1).collect())
    return {(aid, *where) for aid, places in copies for where in sorted(places)[1:]}


def _count(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(path).metadata.num_rows for path in folder.glob("*.parquet"))


def _frame(spark: Any, rows: Any, table: str, cols: list[tuple[str, str]], later: Any) -> Any:
    """The rows of ``table`` as a DataFrame with the store's columns, later copies left out.

    No shuffle and no sort: partition ``i`` holds task ``i``'s rows in their order, so the files
    Spark writes (``part-00000``, ``part-00001``…) keep the order of the inputs."""
    from pyspark.sql import types as T

    fields = [T.StructField(name, getattr(T, _SPARK_TYPES.get(kind, "StringType"))(), True) for name, kind in cols]
    key = [name for name, _ in cols].index("id" if table == "articles" else "article_id") \
        if table in ARTICLE_TABLES else None

    def kept(r: tuple) -> bool:
        return r[0] == table and (key is None or (r[2][key], r[1][0], r[1][1]) not in later.value)

    return spark.createDataFrame(rows.filter(kept).map(lambda r: r[2]), T.StructType(fields))
