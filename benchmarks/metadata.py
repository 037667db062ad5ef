"""Title, author and date exact-match accuracy on WCXB, newsgraph beside trafilatura.

    .venv/bin/python -m benchmarks metadata --data ../shared/data/extraction/wcxb [--json] [--verbose]

WCXB has no official metric for these fields, so this one is stated here. Over ALL pages of the
split (an empty gold value is matched only by an empty prediction):

- title: equal after Unicode NFKC, curly quotes and dashes made plain, whitespace collapsed and
  case folded;
- author: the set of names equal, where both sides are split on "," ";" "&" " and " and each name is
  normalised as a title is (so "A, B and C" = ["A", "B", "C"] and order does not matter);
- date: the first 10 characters (YYYY-MM-DD) equal.

Also ``*_present``: the same accuracies restricted to pages whose gold value is non-empty.
Systems in one run: ``newsgraph`` (``newsgraph.extract.extract`` when ``extract/html.py`` exists,
else ``extract_metadata`` on an lxml tree) and ``trafilatura`` (``trafilatura.extract_metadata``
on ``trafilatura.load_html`` of the same bytes, its defaults).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import parser, read_page, report, require

Fields = dict[str, Any]


def load(data: Path, limit: int | None) -> list[dict]:
    gold = data / "gold.jsonl" if data.is_dir() else data
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        base = gold.parent / "html" / f"{row['id']}.html"
        row["path"] = base if base.exists() else base.with_suffix(".html.gz")
    return rows[:limit] if limit else rows



def newsgraph_system() -> tuple[str, Callable[[bytes, str], Fields]]:
    from newsgraph.article import Origin
    from newsgraph.extract import extract
    from newsgraph.sources.base import RawDocument

    def full(content: bytes, url: str) -> Fields:
        art = extract(RawDocument(content=content, origin=Origin(input=url), kind="html", url=url))
        return {"title": art.title, "author": art.authors, "date": art.published}

    return "extract", full


def trafilatura_system(content: bytes, url: str) -> Fields:
    import trafilatura

    tree = trafilatura.load_html(content)
    doc = trafilatura.extract_metadata(tree, default_url=url) if tree is not None else None
    if doc is None:
        return {"title": None, "author": None, "date": None}
    return {"title": doc.title, "author": doc.author, "date": doc.date}


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‐": "-", "\u00a0": " "})


def norm_text(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def norm_authors(value: str | list[str] | None) -> frozenset[str]:
    if not value:
        return frozenset()
    joined = "; ".join(value) if isinstance(value, list) else value
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", norm_text(joined))
    return frozenset(p for p in parts if p)


def compare(pred: Fields, row: dict) -> dict[str, bool]:
    return {
        "title": norm_text(pred.get("title")) == norm_text(row.get("title")),
        "author": norm_authors(pred.get("author")) == norm_authors(row.get("author")),
        "date": (pred.get("date") or "")[:10] == (row.get("publish_date") or "")[:10],
    }


def score(rows: list[dict], fn: Callable[[bytes, str], Fields], name: str, verbose: bool) -> dict[str, float]:
    hits = {"title": 0, "author": 0, "date": 0}
    present_hits = {"author": 0, "date": 0}
    gold_keys = {"author": "author", "date": "publish_date"}
    for row in rows:
        try:
            pred = fn(read_page(row["path"]), row["url"])
        except Exception as exc:  # noqa: BLE001 - a crash is a miss, and worth seeing
            print(f"[{name}] {row['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            pred = {}
        ok = compare(pred, row)
        for field, good in ok.items():
            hits[field] += good
            if field in present_hits and row.get(gold_keys[field]):
                present_hits[field] += good
            if verbose and not good:
                gold = row.get(gold_keys.get(field, field))
                print(f"[{name}] {row['id']} {field}: gold={gold!r} got={pred.get(field)!r}", file=sys.stderr)
    n = len(rows) or 1
    result = {f"{f}_acc": round(v / n, 4) for f, v in hits.items()}
    for field, v in present_hits.items():
        with_gold = sum(bool(r.get(gold_keys[field])) for r in rows) or 1
        result[f"{field}_acc_present"] = round(v / with_gold, 4)
    return result


def main(argv: list[str]) -> int:
    p = parser("metadata", "../shared/data/extraction/wcxb")
    p.add_argument("--verbose", action="store_true", help="list every mismatch on stderr")
    args = p.parse_args(argv)
    rows = load(require(args.data), args.limit)
    how, ours = newsgraph_system()
    systems = {
        "newsgraph": score(rows, ours, "newsgraph", args.verbose),
        "trafilatura": score(rows, trafilatura_system, "trafilatura", args.verbose),
    }
    notes = [(f"newsgraph via {how}; trafilatura.extract_metadata (defaults); exact match after "
             "NFKC/quotes/whitespace/case normalisation, authors as a set of names, dates as YYYY-MM-DD")]
    report("metadata", args.data, len(rows), systems, args.json, notes)
    return 0
