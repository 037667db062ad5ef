"""A SYNTHETIC store of N articles (default 100,000) grown from a real analysed corpus.

This is not real news: each synthetic article is two real analysed articles of the base corpus
(default: the 163 wikinews articles) laid end to end — the second one's mentions, quotes, events
and time expressions shifted to their new offsets — with a new URL, a synthetic outlet, and a
publication day drawn over two years (events dated to the day move to it). Entities, quotes and
events are therefore real pipeline output, recombined; only dates, outlets and ids are invented.
Articles go straight through the store's writer (no NLP is run 100,000 times), so a store builds
in minutes. It exists to measure query latency at scale (``python -m benchmarks query``).

    python -m benchmarks synth --data ../shared/data/corpus/wikinews/articles.jsonl --out synth.db
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from newsgraph import Article, ingest, open_store
from newsgraph.article import Origin, TimeValue

FIRST_DAY = date(2023, 1, 1)
DAYS = 730
OUTLETS = [f"Synthetic Wire {i:02d}" for i in range(40)]


def base_articles(data: str, base_db: Path, workers: int) -> list[Article]:
    """The analysed base corpus, ingested once into ``base_db`` and reused afterwards."""
    if not base_db.exists():
        print(f"analysing the base corpus {data} into {base_db} (once)…", file=sys.stderr)
        ingest([data], db=base_db, workers=workers)
    with open_store(base_db) as store:
        return [Article.from_dict(json.loads(row[0])) for row in store.conn.execute("SELECT json FROM articles ORDER BY id")]


def _moved(records: list, offset: int) -> list:
    """Copies of text-zone records moved by ``offset`` (other zones keep their own offsets)."""
    out = []
    for r in records:
        if getattr(r, "zone", "text") == "text":
            r = copy.copy(r)
            r.start += offset
            r.end += offset
        out.append(r)
    return out


def _moved_quotes(quotes: list, offset: int) -> list:
    out = _moved(quotes, offset)
    for q in out:
        if q.zone == "text" and q.speaker and q.speaker.start is not None:
            q.speaker = copy.copy(q.speaker)
            q.speaker.start += offset
            q.speaker.end = (q.speaker.end or 0) + offset
    return out


def _moved_events(events: list, offset: int, day: str) -> list:
    out = []
    for ev in events:
        ev = copy.copy(ev)
        if ev.zone == "text" and offset:
            ev.sentence = copy.copy(ev.sentence)
            ev.trigger = copy.copy(ev.trigger)
            for span in (ev.sentence, ev.trigger):
                span.start += offset
                span.end += offset
        if ev.date and ev.date.precision == "day":
            ev.date = TimeValue(day, "day")
        out.append(ev)
    return out


def combine(a: Article, b: Article, n: int, rng: random.Random) -> Article:
    """Article ``a`` followed by article ``b``, as synthetic article number ``n``. Records are
    shared with the base articles except those that move (shallow copies), so this stays fast."""
    offset = len(a.text) + 2
    known = {e.id for e in a.entities}
    seen = {e.id for e in a.events}
    day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
    return Article(
        url=f"https://synthetic.example/{n}", source=rng.choice(OUTLETS), language=a.language, title=a.title,
        authors=a.authors, published=f"{day}T{rng.randrange(24):02d}:00:00+00:00",
        description=a.description, dateline=a.dateline, text=a.text + "\n\n" + b.text,
        captions=a.captions + b.captions, tags=a.tags, embeds=a.embeds + b.embeds,
        disclosures=a.disclosures + b.disclosures, mentions=a.mentions + _moved(b.mentions, offset),
        entities=a.entities + [e for e in b.entities if e.id not in known],
        quotes=a.quotes + _moved_quotes(b.quotes, offset),
        events=_moved_events(a.events, 0, day) + _moved_events([e for e in b.events if e.id not in seen], offset, day),
        dates=a.dates + _moved(b.dates, offset), tone=a.tone,
        origin=Origin("synthetic", record=str(n), kind="synthetic"))


def build(base: list[Article], out: Path, n: int, seed: int = 7, batch: int = 500) -> float:
    """Write ``n`` synthetic articles to ``out``; returns the seconds it took."""
    rng = random.Random(seed)
    start = time.monotonic()
    with open_store(out) as store:
        writer = store.writer(batch_size=batch)
        for i in range(n):
            a, b = rng.sample(base, 2)
            article = combine(a, b, i, rng)
            writer.add(article, f"synthetic#{i}", article.id, "synthetic")
            if i and i % 10_000 == 0:
                print(f"  {i:,} articles, {time.monotonic() - start:.0f} s", file=sys.stderr)
        writer.flush()
        writer.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        writer.conn.execute("ANALYZE")
        writer.conn.close()
    return time.monotonic() - start


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks synth", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="../shared/data/corpus/wikinews/articles.jsonl")
    p.add_argument("--out", default="synth.db", help="the synthetic store to write (must not exist)")
    p.add_argument("--base", default=None, help="store of the analysed base corpus (default: OUT.base.db)")
    p.add_argument("-n", "--n", type=int, default=100_000, help="synthetic articles (default 100,000)")
    p.add_argument("--workers", type=int, default=2, help="workers for analysing the base corpus")
    args = p.parse_args(argv)
    out = Path(args.out)
    if out.exists():
        print(f"{out} exists: remove it or choose another --out", file=sys.stderr)
        return 2
    base_db = Path(args.base or f"{out}.base.db")
    if not base_db.exists() and not Path(args.data).exists():
        print(f"dataset not found: {args.data} (the shared evaluation data sits in ../shared/data)", file=sys.stderr)
        return 2
    base = base_articles(args.data, base_db, args.workers)
    seconds = build(base, out, args.n)
    with open_store(out) as store:
        counts = store.stats()["counts"]
    print(json.dumps({"benchmark": "synth", "base_articles": len(base), "articles": counts["articles"],
                      "seconds": round(seconds, 1), "articles_per_second": round(args.n / seconds, 1),
                      "bytes": out.stat().st_size, "counts": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
