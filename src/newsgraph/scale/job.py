"""The driver side of a Spark run: inputs → one Spark task per file → Parquet tables.

1. Every input (a file, a folder's files, the lines of a manifest) becomes one task, numbered in
   input order; ``partitions`` groups them when there are more files than is useful.
2. Tasks run :func:`newsgraph.scale.tasks.analyse_input` on the executors; the rows they return
   are kept (memory, then disk) so the pipeline runs once however many tables are written.
3. Each table becomes a DataFrame with the store's columns. An article that several inputs hold
   keeps the rows of its first copy (lowest order key), as the local store keeps the first one.
4. Each table is written, sorted by order key, to ``OUT/TABLE/`` as Parquet in overwrite mode.
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

from ..errors import ConfigError
from .tasks import ARTICLE_TABLES, TABLES, analyse_input, input_files, schema

#: What marks a folder as a ``newsgraph spark run`` output (``newsgraph ingest DIR`` looks for it).
MARKER = "_NEWSGRAPH_SPARK"
_ORDER = ("_task", "_record", "_row")
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
    return builder.getOrCreate()


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
    try:
        rows.count()  # run every task once now; the tables below all read the kept rows
        frames = {table: _frame(spark, rows, table, cols) for table, cols in schema().items()}
        firsts = _first_copies(frames["articles"])
        for table in TABLES:
            frame = _keep_first(frames[table], table, firsts)
            ordered = frame.orderBy(*_ORDER).drop(*_ORDER)
            ordered.write.mode("overwrite").parquet(str(folder / table))
            result.rows[table] = spark.read.parquet(str(folder / table)).count()
    finally:
        rows.unpersist()
    (folder / MARKER).write_text("newsgraph spark run output: one Parquet folder per table\n", encoding="utf-8")
    result.seconds = time.monotonic() - clock
    return result


def _frame(spark: Any, rows: Any, table: str, cols: list[tuple[str, str]]) -> Any:
    from pyspark.sql import types as T

    fields = [T.StructField(name, T.LongType(), False) for name in _ORDER]
    fields += [T.StructField(name, getattr(T, _SPARK_TYPES.get(kind, "StringType"))(), True) for name, kind in cols]
    picked = rows.filter(lambda r: r[0] == table).map(lambda r: (*r[1], *r[2]))
    return spark.createDataFrame(picked, T.StructType(fields))


def _first_copies(articles: Any) -> Any:
    """(article id, order key of its first copy) for every article."""
    from pyspark.sql import functions as F

    first = articles.groupBy("id").agg(F.min(F.struct("_task", "_record")).alias("first"))
    return first.select(F.col("id").alias("_first_id"), F.col("first._task").alias("_first_task"),
                        F.col("first._record").alias("_first_record"))


def _keep_first(frame: Any, table: str, firsts: Any) -> Any:
    """Drop the rows of an article's later copies (another input held the same article)."""
    from pyspark.sql import functions as F

    if table not in ARTICLE_TABLES:
        keys = ["origin"] if table == "errors" else ["origin", "content_hash"]
        return frame.dropDuplicates(keys)  # the same input given twice
    key = "id" if table == "articles" else "article_id"
    joined = frame.join(firsts, (frame[key] == F.col("_first_id")) & (frame["_task"] == F.col("_first_task"))
                        & (frame["_record"] == F.col("_first_record")), "left_semi")
    return joined
