"""Query latency on a large store: p50 and p95 of ``search``, ``entity``, ``events`` and
``timeline`` (target: p95 under 200 ms each on >= 100,000 articles).

The store is the SYNTHETIC one ``python -m benchmarks synth`` builds from the wikinews corpus
(see ``benchmarks/synth.py``); it is built first when ``--db`` does not exist. Query arguments are
drawn (seeded) from the store itself: entity names across the popularity range (the most cited
entities weigh most on latency), words of real titles, event actors and types.

    python -m benchmarks query --db synth.db
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import percentile
from newsgraph import open_store

TARGET_MS = 200.0



def _time(calls: list[Callable[[], object]]) -> dict[str, float]:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 0.95), 2), "max_ms": round(max(times), 2)}


def workload(store, rng: random.Random, n: int) -> dict[str, list[Callable[[], object]]]:
    conn = store.conn
    top = [r[0] for r in conn.execute("SELECT name FROM graph_entities ORDER BY article_count DESC LIMIT 50")]
    rest = [r[0] for r in conn.execute("SELECT name FROM graph_entities WHERE article_count > 1 "
                                       "ORDER BY article_count DESC LIMIT 5000")]
    names = [rng.choice(top) if i % 2 else rng.choice(rest) for i in range(n)]  # half from the top 50
    titles = [r[0] for r in conn.execute("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 2000")]
    words = [w.strip(".,:;'\"()") for t in titles for w in t.split() if len(w) > 3]
    actors = [r[0] for r in conn.execute(
        "SELECT g.name FROM event_participants p JOIN graph_entities g ON g.id = p.graph_id "
        "WHERE p.role = 'actor' GROUP BY g.id ORDER BY count(*) DESC LIMIT 300")]
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events")]
    searches = [" ".join(rng.sample(words, rng.choice((1, 1, 2)))) for _ in range(n)]
    picked_actors = [rng.choice(actors) for _ in range(n)]
    picked_types = [rng.choice(types) for _ in range(n)]
    return {
        "search": [functools.partial(store.search, q) for q in searches],
        "entity": [functools.partial(store.entity, q) for q in names],
        "events": [functools.partial(store.events, actor=picked_actors[i]) if i % 2 else
                   functools.partial(store.events, type=picked_types[i], since="2024-01-01") for i in range(n)],
        "timeline": [functools.partial(store.timeline, entity=names[i], interval="week") if i % 3 == 0 else
                     functools.partial(store.timeline, event_type=picked_types[i]) if i % 3 == 1 else
                     functools.partial(store.timeline, query=searches[i], interval="month") for i in range(n)],
    }


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks query", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="synth.db", help="the store (built by `benchmarks synth` when absent)")
    p.add_argument("--data", default="../shared/data/corpus/wikinews/articles.jsonl",
                   help="base corpus for building the synthetic store")
    p.add_argument("-n", type=int, default=200, help="queries of each kind")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not Path(args.db).exists():
        from . import synth

        code = synth.main(["--data", args.data, "--out", args.db])
        if code:
            return code
    with open_store(args.db) as store:
        articles = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        calls = workload(store, random.Random(11), args.n)
        for batch in calls.values():  # warm the page cache as a long-running reader would be
            for call in batch[:5]:
                call()
        results = {name: _time(batch) for name, batch in calls.items()}
    for values in results.values():
        values["under_target"] = values["p95_ms"] < TARGET_MS
    if args.json:
        print(json.dumps({"benchmark": "query", "db": args.db, "articles": articles, "systems": results}))
        return 0
    print(f"query latency on {args.db} ({articles:,} articles, SYNTHETIC: see benchmarks/synth.py), "
          f"{args.n} queries each, target p95 < {TARGET_MS:.0f} ms")
    print(f"{'query':<10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  under target")
    for name, v in results.items():
        print(f"{name:<10}{v['p50_ms']:>10.1f}{v['p95_ms']:>10.1f}{v['max_ms']:>10.1f}  {v['under_target']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
