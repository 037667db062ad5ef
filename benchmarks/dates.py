"""Publication-date accuracy on the htmldate evaluation set, newsgraph beside htmldate.

    .venv/bin/python -m benchmarks dates --data ../shared/data/dates/htmldate [--json] [--verbose]

Metric: accuracy = pages whose predicted day (first 10 characters, YYYY-MM-DD, of the ISO value,
i.e. the day in the page's own zone) equals the gold date / all pages; no date counts as wrong
(htmldate's own ``Acc``). Systems, all in one run:

- ``newsgraph``: the ``published`` field of the full extraction (``newsgraph.extract.extract`` on a
  RawDocument) when ``extract/html.py`` exists, else ``find_published`` on an lxml tree;
- ``htmldate``: ``find_date(html_bytes, original_date=True)`` (its default ``extensive_search=True``);
- ``htmldate_fast``: the same with ``extensive_search=False``.

pages/s is the wall time of each system's own calls, the systems taking turns page by page in one
process (after one untimed pass of each); ``speed_vs_peer`` is newsgraph's pages/s over htmldate's.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import parser, read_page, report, require


def load(data: Path, limit: int | None) -> list[dict]:
    gold = data / "gold.jsonl" if data.is_dir() else data
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["path"] = gold.parent / "html" / f"{row['id']}.html.gz"
    return rows[:limit] if limit else rows


def newsgraph_system() -> tuple[str, Callable[[bytes, str], str | None]]:
    """The date the full extraction finds."""
    from newsgraph.article import Origin
    from newsgraph.extract import extract
    from newsgraph.sources.base import RawDocument

    def full(content: bytes, url: str) -> str | None:
        doc = RawDocument(content=content, origin=Origin(input=url), kind="html", url=url)
        return extract(doc).published

    return "extract", full


def htmldate_system(extensive: bool) -> Callable[[bytes, str], str | None]:
    from htmldate import find_date

    def run(content: bytes, url: str) -> str | None:
        return find_date(content, original_date=True, extensive_search=extensive)

    return run


def score(rows: list[dict], fn: Callable[[bytes, str], str | None], name: str, verbose: bool) -> dict[str, float]:
    """One system alone: accuracy, share of pages with a date, pages/s."""
    return score_all(rows, {name: fn}, verbose)[name]


def score_all(rows: list[dict], systems: dict[str, Callable[[bytes, str], str | None]],
              verbose: bool) -> dict[str, dict[str, float]]:
    """Accuracy, share of pages with a date, and pages/s of each system.

    The systems take turns page by page, each timed on its own call, so load from other processes
    weighs on all of them alike and the pages/s ratio holds on a busy machine; the order turns
    round from page to page, as whichever reads a page second finds it warm in the CPU caches.
    ``verbose`` lists the pages the first system (the one under test) gets wrong."""
    correct, found, spent = (dict.fromkeys(systems, 0) for _ in range(3))
    names = list(systems)
    for index, row in enumerate(rows):
        content = read_page(row["path"])
        for name in names[index % len(names):] + names[:index % len(names)]:
            fn = systems[name]
            start = time.perf_counter()
            try:
                value = fn(content, row["url"])
            except Exception as exc:  # noqa: BLE001 - a crash is a miss, and worth seeing
                value = None
                print(f"[{name}] {row['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            spent[name] += time.perf_counter() - start
            found[name] += value is not None
            ok = bool(value) and value[:10] == row["date"]
            correct[name] += ok
            if verbose and not ok and name == names[0]:  # the system under test comes first
                print(f"[{name}] {row['id']} gold={row['date']} got={value} {row['url']}", file=sys.stderr)
    n = len(rows) or 1
    return {name: {"accuracy": round(correct[name] / n, 4), "found": round(found[name] / n, 4),
                   "pages_per_s": round(len(rows) / spent[name], 1) if spent[name] else None}
            for name in systems}


def main(argv: list[str]) -> int:
    p = parser("dates", "../shared/data/dates/htmldate")
    p.add_argument("--verbose", action="store_true", help="list every wrong page on stderr")
    args = p.parse_args(argv)
    rows = load(require(args.data), args.limit)
    how, ours = newsgraph_system()
    peers = {"htmldate": htmldate_system(True), "htmldate_fast": htmldate_system(False)}
    # dateparser (used by htmldate and so by both systems) compiles per-locale regexes on first
    # use: one untimed pass keeps that one-time cost out of whichever system would meet it first
    score(rows, peers["htmldate"], "warm-up", False)
    score(rows[:1], ours, "warm-up", False)
    systems = score_all(rows, {"newsgraph": ours, **peers}, args.verbose)
    peer_speed = systems["htmldate"]["pages_per_s"]
    if peer_speed and systems["newsgraph"]["pages_per_s"]:
        systems["newsgraph"]["speed_vs_peer"] = round(systems["newsgraph"]["pages_per_s"] / peer_speed, 3)
    notes = [(f"newsgraph via {how}; htmldate = find_date(html, original_date=True) "
             "(extensive_search=True), htmldate_fast = extensive_search=False; "
             "accuracy = correct day / all pages")]
    report("dates", args.data, len(rows), systems, args.json, notes)
    return 0
