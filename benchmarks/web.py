"""Web UI latency: p50 and p95 of every page and API route of ``newsgraph serve`` on a store
(target: p95 under 300 ms each on a 10,000-article store; ``--target-ms 500`` for the 100,000-article
one).

The app runs in uvicorn on a free localhost port in this process; requests go over HTTP, with
arguments drawn (seeded) from the store: articles, entities across the popularity range (half
from the 50 most cited, which cost most), words of real titles, event types. With
``--concurrency N`` each route's requests are sent by N clients at once (a bounded pool that
stops when the route's ``-n`` requests are answered), so p95 is what a user sees while N others
use the app; without it, requests are sequential. The app computes the heavy default views as it
starts (``newsgraph.web.api.warm``); measuring begins once it has, and the time it took is printed.

``--data`` is a store file (``.db``) or a corpus to ingest first into ``--out``. A 10,000-article
store is built with ``python -m benchmarks synth -n 10000 --out web10k.db`` (synthetic: real
pipeline output recombined, see ``benchmarks/synth.py``).

    python -m benchmarks web --data web10k.db
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

from benchmarks.common import percentile

TARGET_MS = 300.0



def _store(args: argparse.Namespace) -> Path:
    data = Path(args.data)
    if not data.exists():
        print(f"dataset not found: {data} (build a 10,000-article store with `python -m benchmarks synth -n 10000 "
              f"--out {data}`; the shared evaluation data sits in ../shared/data)", file=sys.stderr)
        sys.exit(2)
    if data.suffix == ".db":
        from newsgraph.store import open_store

        open_store(data).close()  # brings an older store up to this code's schema (the app never migrates)
        return data
    from newsgraph.ingest import ingest

    out = Path(args.out)
    print(f"ingesting {data} into {out}…", file=sys.stderr)
    ingest([str(data)], out, workers=args.workers)
    return out


def urls(db: Path, rng: random.Random, n: int) -> dict[str, list[str]]:
    """``n`` request paths per route, drawn from the store."""
    import sqlite3
    from urllib.parse import quote, urlencode

    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 2000")]
    top = [r[0] for r in conn.execute("SELECT id FROM graph_entities ORDER BY article_count DESC LIMIT 50")]
    rest = [r[0] for r in conn.execute("SELECT id FROM graph_entities ORDER BY article_count DESC LIMIT 5000")]
    titles = [r[0] for r in conn.execute("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 2000")]
    words = [w.strip(".,:;'\"()") for t in titles for w in t.split() if len(w.strip(".,:;'\"()")) > 3] or ["news"]
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events")] or ["MEET"]
    sources = [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles LIMIT 100")] or [""]
    conn.close()

    def entity(i: int) -> str:
        return quote(rng.choice(top) if i % 2 else rng.choice(rest), safe="")

    def q() -> str:
        return urlencode({"q": " ".join(rng.sample(words, rng.choice((1, 1, 2))))})

    routes = {
        "page /": lambda i: "/",
        "page /search?q": lambda i: f"/search?{q()}",
        "page /search facets": lambda i: f"/search?{urlencode({'source': rng.choice(sources)})}&page={rng.randint(1, 5)}",
        "page /article": lambda i: f"/article/{rng.choice(articles)}",
        "page /entity": lambda i: f"/entity/{entity(i)}",
        "page /entities": lambda i: "/entities",
        "page /events": lambda i: f"/events?type={rng.choice(types)}" if i % 2 else "/events",
        "page /network": lambda i: "/network",
        "page /map": lambda i: "/map",
        "api /api/overview": lambda i: "/api/overview",
        "api /api/search": lambda i: f"/api/search?{q()}",
        "api /api/articles": lambda i: f"/api/articles/{rng.choice(articles)}",
        "api /api/entities/{id}": lambda i: f"/api/entities/{entity(i)}",
        "api /api/events?actor": lambda i: f"/api/events?actor={entity(i)}",
        "api /api/network": lambda i: "/api/network" if i % 2 else f"/api/network?entity={entity(i)}",
        "api /api/places": lambda i: "/api/places",
        "api /api/countries": lambda i: "/api/countries",
        "api /api/timeline": lambda i: f"/api/timeline?entity={entity(i)}&interval=month",
        "api /api/quotes": lambda i: f"/api/quotes?speaker={entity(i)}",
        "api /api/stats": lambda i: "/api/stats",
        "api /api/export/jsonl": lambda i: f"/api/export/jsonl?{q()}&limit=20",
        "api /api/export/graphml": lambda i: "/api/export/graphml",
    }
    return {name: [make(i) for i in range(n)] for name, make in routes.items()}


def serve(db: Path) -> tuple[str, object, threading.Thread, float]:
    """The app in uvicorn, once it has warmed its cache (the default views it computes as it
    starts): the base URL, the server, its thread and the seconds the warming took."""
    import uvicorn

    from newsgraph.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    start = time.perf_counter()
    thread.start()
    while not server.started:
        time.sleep(0.05)
    app.state.warming.join()
    return f"http://127.0.0.1:{port}", server, thread, time.perf_counter() - start


def measure(base: str, plan: dict[str, list[str]], concurrency: int = 1,
            target_ms: float = TARGET_MS) -> dict[str, dict[str, float]]:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    local = threading.local()
    clients: list[httpx.Client] = []

    def get(path: str) -> tuple[float, int]:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, timeout=60)
            clients.append(client)
        start = time.perf_counter()
        status = client.get(path).status_code
        return (time.perf_counter() - start) * 1000, status

    out = {}
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        list(pool.map(get, ["/", "/api/countries"] * max(1, concurrency)))  # warm: templates, shapes, connections
        for name, paths in plan.items():
            answers = list(pool.map(get, paths))
            times = [t for t, _ in answers]
            errors = sum(status >= 400 for _, status in answers)
            out[name] = {"n": len(times), "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(percentile(times, 0.95), 1), "max_ms": round(max(times), 1),
                         "errors": errors, "under_target": percentile(times, 0.95) < target_ms}
    for client in clients:
        client.close()
    return out


def peak_rss_mb() -> float | None:
    """The most memory this process (the app and its load generator) has held, in MB."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)  # bytes on macOS, KiB elsewhere


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks web", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="web10k.db", help="a store (.db) or a corpus to ingest into --out")
    p.add_argument("--out", default="web-bench.db", help="where a corpus given as --data is ingested")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("-n", "--requests", type=int, default=30, help="requests per route (default 30)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--concurrency", type=int, default=1, help="clients sending each route's requests at once")
    p.add_argument("--target-ms", type=float, default=TARGET_MS, help="the p95 each route must stay under")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    args = p.parse_args(argv)
    db = _store(args)
    plan = urls(db, random.Random(args.seed), args.requests)
    base, server, thread, warmed = serve(db)
    try:
        results = measure(base, plan, args.concurrency, args.target_ms)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    import sqlite3

    with sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rss = peak_rss_mb()
    if args.json:
        print(json.dumps({"benchmark": "web", "data": str(db), "n": articles, "target_p95_ms": args.target_ms,
                          "concurrency": args.concurrency, "warm_up_s": round(warmed, 2), "peak_rss_mb": rss,
                          "systems": {"newsgraph": results}}))
        return 0
    print(f"web latency on {db} ({articles} articles), {args.requests} requests per route, "
          f"{args.concurrency} concurrent client(s), target p95 < {args.target_ms:.0f} ms; "
          f"the app warmed its cache in {warmed:.1f} s before the first request; peak RSS of this process "
          f"(server and clients) {rss} MB")
    print(f"{'route':28}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'errors':>8}  ok")
    for name, r in results.items():
        print(f"{name:28}{r['p50_ms']:>10}{r['p95_ms']:>10}{r['max_ms']:>10}{r['errors']:>8}  "
              f"{'yes' if r['under_target'] else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
