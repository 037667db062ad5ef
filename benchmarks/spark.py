"""Spark scaling: ``newsgraph spark run`` in ``local[1]`` and ``local[2]`` beside ``newsgraph ingest``
with 1 and 2 workers, on the same input files, in the same run.

    python -m benchmarks spark --data ../shared/data/corpus/wikinews/articles.jsonl --limit 80

A Spark task is one input file, so the JSONL is first cut into ``--parts`` files (Spark cannot
spread one file over two cores). ``articles/s`` is analysed articles per second of wall time of the
whole job, model loading in each worker and the cross-article step included (``graph_seconds``
is that step's share); starting the Spark session (the JVM) is not
timed, as a cluster's executors are already up. Scaling efficiency is local[2]'s rate over twice
local[1]'s; Spark's per-article cost is compared with ingest's at one worker. Figures depend on
what else the machine runs: the load average is reported with them.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from newsgraph import ingest

from .common import parser, report, require


def split(data: Path, limit: int | None, parts: int, folder: Path) -> list[str]:
    """The first ``limit`` lines of a JSONL file, dealt round-robin into ``parts`` files."""
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = lines[:limit] if limit else lines
    paths = [folder / f"part-{i:03d}.jsonl" for i in range(parts)]
    for i, path in enumerate(paths):
        path.write_text("".join(lines[i::parts]), encoding="utf-8")
    return [str(p) for p in paths]


def on_spark(inputs: list[str], threads: int, out: Path) -> dict:
    from newsgraph.scale import run_spark, session

    spark = session(f"local[{threads}]")
    try:
        start = time.monotonic()
        result = run_spark(inputs, out, spark=spark)
        seconds = time.monotonic() - start
    finally:
        spark.stop()
    return {"articles_per_s": result.articles / seconds, "seconds": seconds, "articles": result.articles,
            "graph_seconds": result.graph_seconds, "errors": result.rows.get("errors", 0)}


def on_ingest(inputs: list[str], workers: int, db: Path) -> dict:
    start = time.monotonic()
    result = ingest(inputs, db=db, workers=workers)
    seconds = time.monotonic() - start
    return {"articles_per_s": result.added / seconds, "seconds": seconds, "articles": result.added,
            "errors": result.failed}


def main(argv: list[str]) -> int:
    p = parser("spark", "../shared/data/corpus/wikinews/articles.jsonl")
    p.add_argument("--parts", type=int, default=8, help="input files (Spark tasks) to cut the data into")
    args = p.parse_args(argv)
    data = require(args.data)
    notes = [f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"]
    systems: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = split(data, args.limit, args.parts, folder)
        for threads in (1, 2):
            systems[f"spark local[{threads}]"] = on_spark(inputs, threads, folder / f"spark{threads}")
        for workers in (1, 2):
            systems[f"ingest {workers} worker(s)"] = on_ingest(inputs, workers, folder / f"w{workers}.db")
    rate = {name: figures["articles_per_s"] for name, figures in systems.items()}
    notes.append(f"scaling efficiency local[2] / (2 x local[1]): {rate['spark local[2]'] / (2 * rate['spark local[1]']):.2f}")
    notes.append(f"ingest 2 workers / (2 x 1 worker): {rate['ingest 2 worker(s)'] / (2 * rate['ingest 1 worker(s)']):.2f}")
    notes.append("spark per-article cost vs ingest, 1 core: "
                 f"{100 * (rate['ingest 1 worker(s)'] / rate['spark local[1]'] - 1):+.1f}%")
    notes.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    report("spark", str(data), systems["spark local[1]"]["articles"], systems, args.json, notes)
    return 0
