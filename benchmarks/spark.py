"""Spark scaling: ``newsgraph spark run`` in ``local[1]`` and ``local[2]`` beside ``newsgraph ingest``
with 1 and 2 workers, on the same input files, in the same run.

    python -m benchmarks spark --data ../shared/data/corpus/wikinews/articles.jsonl [--rounds 2]

The JSONL is given as it is (``--parts N`` deals its lines into N files first): ``spark run`` cuts
a JSONL file into ranges of records, about four tasks per core, and ingest's workers take records
from any file. A folder of HTML pages (``.html``, ``.htm``, gzipped or not; ``--data
../shared/data/extraction`` takes the article-extraction benchmarks' pages) is packed first into
``--parts`` WARC files (default four per core), its pages dealt round-robin as resource records
under their files' ``file://`` URIs: the crawl archives Spark is meant for, one task per WARC file.
``articles/s`` is analysed articles per second of wall time of the whole job, model loading in
each worker and the cross-article step included (``graph_s`` is that step's share);
starting the Spark session (the JVM, warmed by a one-row job of the JVM's own that starts no Python
worker: 0.4–0.8 s of class loading off the first job) is not timed, as a cluster's executors are
already up; each Python worker's start, imports and model loading are.
On a shared machine the wall time depends on the others' load: with ``--rounds N`` the four runs
are interleaved N times and each figure is its best round, and the load average at the start of
each run is reported with it. (No CPU time: PySpark's daemon does not wait for the Python workers
it forks, so an ended worker's CPU time is counted in no process's children.) Scaling efficiency
is local[2]'s rate over twice local[1]'s; Spark's per-article cost is compared with ingest's at
one worker.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from newsgraph import ingest

from .common import parser, read_page, report, require


def split(data: Path, limit: int | None, parts: int, folder: Path) -> list[str]:
    """The first ``limit`` lines of a JSONL file, dealt round-robin into ``parts`` files."""
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = lines[:limit] if limit else lines
    paths = [folder / f"part-{i:03d}.jsonl" for i in range(parts)]
    for i, path in enumerate(paths):
        path.write_text("".join(lines[i::parts]), encoding="utf-8")
    return [str(p) for p in paths]


PAGES = (".html", ".htm", ".html.gz", ".htm.gz")


def pack(data: Path, limit: int | None, parts: int, folder: Path) -> list[str]:
    """The first ``limit`` HTML pages under ``data`` (sorted paths), dealt round-robin into
    ``parts`` WARC files as resource records (pages fetched without HTTP)."""
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    pages = sorted(path for path in data.rglob("*") if path.is_file() and path.name.lower().endswith(PAGES))
    pages = pages[:limit] if limit else pages
    paths = [folder / f"part-{i:03d}.warc.gz" for i in range(parts)]
    for i, path in enumerate(paths):
        with open(path, "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for page in pages[i::parts]:  # a file's page, retrieved without HTTP: a resource record
                writer.write_record(writer.create_warc_record(page.resolve().as_uri(), "resource",
                                                              payload=BytesIO(read_page(page)),
                                                              warc_content_type="text/html"))
    return [str(p) for p in paths]


def on_spark(inputs: list[str], threads: int, out: Path) -> dict:
    from newsgraph.scale import run_spark, session

    spark = session(f"local[{threads}]")
    try:
        spark.range(1).count()  # the JVM's first job (class loading, scheduler): part of starting Spark
        load, start = os.getloadavg()[0], time.monotonic()
        result = run_spark(inputs, out, spark=spark)
        seconds = time.monotonic() - start
    finally:
        spark.stop()
    return {"articles_per_s": result.articles / seconds, "seconds": seconds, "graph_s": result.graph_seconds,
            "tasks": result.tasks, "articles": result.articles, "errors": result.rows.get("errors", 0), "load": load}


def on_ingest(inputs: list[str], workers: int, db: Path) -> dict:
    load, start = os.getloadavg()[0], time.monotonic()
    result = ingest(inputs, db=db, workers=workers)
    seconds = time.monotonic() - start
    return {"articles_per_s": result.added / seconds, "seconds": seconds, "articles": result.added,
            "errors": result.failed, "load": load}


def best(runs: list[dict]) -> dict:
    """Each figure's best round: the least disturbed by the machine's other work."""
    figures = dict(runs[-1])
    for key in ("seconds", "graph_s"):
        if key in figures:
            figures[key] = min(run[key] for run in runs)
    figures["articles_per_s"] = max(run["articles_per_s"] for run in runs)
    figures["load"] = ", ".join(f"{run['load']:.1f}" for run in runs)
    return figures


def main(argv: list[str]) -> int:
    p = parser("spark", "../shared/data/corpus/wikinews/articles.jsonl")
    p.add_argument("--parts", type=int, default=None,
                   help="files to deal the JSONL's lines (default 1) or a folder's pages (default 4 per core) into")
    p.add_argument("--rounds", type=int, default=1, help="times to run the four, interleaved")
    args = p.parse_args(argv)
    data = require(args.data)
    notes = [f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"]
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if data.is_dir():
            inputs = pack(data, args.limit, args.parts or 4 * (os.cpu_count() or 1), folder)
        else:
            inputs = split(data, args.limit, args.parts or 1, folder)
        for round_ in range(args.rounds):
            for threads in (1, 2):
                runs.setdefault(f"spark local[{threads}]", []).append(
                    on_spark(inputs, threads, folder / f"spark{threads}"))
            for workers in (1, 2):
                runs.setdefault(f"ingest {workers} worker(s)", []).append(
                    on_ingest(inputs, workers, folder / f"w{workers}-{round_}.db"))
    systems = {name: best(found) for name, found in runs.items()}
    rate = {name: figures["articles_per_s"] for name, figures in systems.items()}
    notes.append(f"scaling efficiency local[2] / (2 x local[1]): {rate['spark local[2]'] / (2 * rate['spark local[1]']):.2f}")
    notes.append(f"ingest 2 workers / (2 x 1 worker): {rate['ingest 2 worker(s)'] / (2 * rate['ingest 1 worker(s)']):.2f}")
    notes.append("spark per-article cost vs ingest, 1 core: "
                 f"{100 * (rate['ingest 1 worker(s)'] / rate['spark local[1]'] - 1):+.1f}%")
    notes.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    report("spark", str(data), systems["spark local[1]"]["articles"], systems, args.json, notes)
    return 0
