"""Ingest throughput: the bare pipeline (one process, no store) beside ``newsgraph ingest`` into
SQLite with 1 and 2 worker processes, and the store's writer alone.

    python -m benchmarks throughput --data ../shared/data/corpus/wikinews/articles.jsonl --store

``articles/s`` counts analysed documents per second of wall time. For ingest it is given twice:
over the whole run (``wall``, which includes starting the workers and loading spaCy in each) and
from the first stored article on (``steady``), the figure comparable with the bare pipeline,
whose model loading is not timed. Figures depend on what else the machine runs: report the
machine's load with them. The notes also give the seconds a fresh process takes to load the
knowledge base (with the actor dictionaries) from its disk cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsgraph import Pipeline, ingest, open_store, read
from newsgraph.errors import InputError
from newsgraph.store.writer import content_hash

from .common import parser, report, require


def _documents(data: Path, limit: int | None) -> list:
    docs = [d for d in read([str(data)]) if not isinstance(d, InputError)]
    return docs[:limit] if limit else docs


def kb_load_seconds() -> float | None:
    """The KB cache's load time in a fresh process (a first run builds the cache if absent)."""
    code = "import json; from newsgraph.knowledge import cache; cache.load_tables(); print(json.dumps(cache.LAST_BUILD))"
    seconds = None
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        seconds = json.loads(out.stdout.strip().splitlines()[-1]).get("load_s")
    return seconds


#: Documents per ``process_many`` call, and spaCy's batch size for the bare baseline.
BATCH = 32


def spacy_bare(docs: list) -> dict:
    """Bare ``nlp.pipe`` over the same texts (extraction done beforehand, untimed): the floor the
    whole pipeline is compared with."""
    from newsgraph.extract import extract
    from newsgraph.language import nlp

    texts = []
    for doc in docs:
        try:
            texts.append(extract(doc).text)
        except InputError:
            continue
    model = nlp.setup()
    list(model.pipe(texts[:8]))  # warm-up: first-call allocations are not timed
    start = time.monotonic()
    list(model.pipe(texts, batch_size=BATCH))
    seconds = time.monotonic() - start
    return {"articles_per_s": len(texts) / seconds, "seconds": seconds}


def batched(docs: list) -> tuple[dict, list]:
    """The whole analyze pipeline (extraction + every stage), in batches as ``process_many`` runs it
    (each call parses for itself: no parse outlives its batch)."""
    pipeline = Pipeline()
    pipeline.setup()
    pipeline.process_many(docs[:4])  # warm-up: first-call allocations are not timed
    start = time.monotonic()
    results = []
    for i in range(0, len(docs), BATCH):
        results += pipeline.process_many(docs[i : i + BATCH])
    seconds = time.monotonic() - start
    return {"articles_per_s": len(docs) / seconds, "seconds": seconds}, results


def bare(docs: list) -> tuple[dict, list]:
    pipeline = Pipeline()
    pipeline.setup()  # model loading is not timed: the figure is the steady per-document rate
    start = time.monotonic()
    articles = [pipeline.process(doc) for doc in docs]
    seconds = time.monotonic() - start
    return {"articles_per_s": len(docs) / seconds, "seconds": seconds}, articles


def writer_only(docs: list, articles: list, folder: Path) -> dict:
    with open_store(folder / "writer.db") as store:
        writer = store.writer()
        start = time.monotonic()
        for doc, article in zip(docs, articles, strict=True):
            writer.add(article, doc.origin.label, content_hash(doc.content), doc.origin.input)
        writer.flush()
        seconds = time.monotonic() - start
        writer.conn.close()
    return {"articles_per_s": len(articles) / seconds, "seconds": seconds}


def stored(inputs: list[str], workers: int, db: Path) -> dict:
    first: list[float] = []

    def seen(result) -> None:
        if result.processed and not first:
            first.append(time.monotonic())

    start = time.monotonic()
    result = ingest(inputs, db=db, workers=workers, on_progress=seen)
    end = time.monotonic()
    steady = (result.processed - 1) / (end - first[0]) if first and end > first[0] else None
    return {"articles_per_s": result.processed / (end - start), "steady_articles_per_s": steady,
            "seconds": end - start, "startup_s": (first[0] - start) if first else None,
            "added": result.added, "failed": result.failed}


def _limited_input(data: Path, limit: int | None, folder: Path) -> list[str]:
    """The input to ingest: the dataset, or its first ``limit`` lines when it is JSONL."""
    if not limit or data.suffix != ".jsonl":
        return [str(data)]
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)[:limit]
    path = folder / data.name
    path.write_text("".join(lines), encoding="utf-8")
    return [str(path)]


def main(argv: list[str]) -> int:
    p = parser("throughput", "../shared/data/corpus/wikinews/articles.jsonl")
    p.add_argument("--store", action="store_true", help="also ingest into SQLite with 1 and 2 workers")
    p.add_argument("--workers", default="1,2", help="worker counts to measure with --store (default 1,2)")
    args = p.parse_args(argv)
    data = require(args.data)
    docs = _documents(data, args.limit)
    systems: dict[str, dict] = {}
    notes = [f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"]
    systems["spacy nlp.pipe (bare)"] = spacy_bare(docs)
    systems["pipeline, batched"], _ = batched(docs)
    overhead = systems["spacy nlp.pipe (bare)"]["articles_per_s"] / systems["pipeline, batched"]["articles_per_s"]
    notes.append(f"pipeline overhead over bare spaCy (batched, same texts): {100 * (overhead - 1):.1f}%")
    systems["pipeline (no store)"], articles = bare(docs)
    if args.store:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            systems["store writer alone"] = writer_only(docs, articles, folder)
            inputs = _limited_input(data, args.limit, folder)
            for workers in (int(w) for w in args.workers.split(",")):
                systems[f"ingest {workers} worker(s)"] = stored(inputs, workers, folder / f"w{workers}.db")
        base = systems["pipeline (no store)"]["articles_per_s"]
        one = systems.get("ingest 1 worker(s)", {}).get("steady_articles_per_s")
        two = systems.get("ingest 2 worker(s)", {}).get("steady_articles_per_s")
        if one:
            notes.append(f"store cost vs bare pipeline (1 worker, steady): {100 * (1 - one / base):.1f}%")
        if one and two:
            notes.append(f"2 workers / 1 worker (steady): {two / one:.2f}x")
    kb_seconds = kb_load_seconds()
    if kb_seconds is not None:
        notes.append(f"knowledge base loaded from its cache in {kb_seconds:.2f} s (fresh process)")
    notes.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    report("throughput", str(data), len(docs), systems, args.json, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
