"""What the full extraction finds on real news pages, and title/byline/date against Readability's oracle.

    .venv/bin/python -m benchmarks pages --data ../shared/data/pages [--json] [--verbose]

Pages: every ``readability/*/source.html`` (with ``expected-metadata.json``) and every
``trafilatura_cache/*.html``. For each system:

- ``title_found``, ``authors_found``, ``date_found``, ``captions_found``, ``embeds_found``: share of
  all pages where the field is non-empty (captions and embeds only for newsgraph);
- ``title_match``, ``byline_match``, ``date_match``: over the Readability pages whose expected value
  is non-empty, exact match after the metadata benchmark's normalisation (NFKC, plain quotes,
  whitespace, case; bylines as a set of names with a leading "By"/"Par"/"Von" dropped; dates as
  YYYY-MM-DD; ``language_match``, newsgraph only: ISO 639-1 equal to the first two letters of
  Readability's ``lang``). Readability's own bylines are sometimes run into dates ("by Lucas Nolan22 Dec
  2016651"): those pages count as misses for every system.
- ``title_match`` scores newsgraph's ``Article.title``, the headline as readers see it with the
  site's name cut (what WCXB's human gold asks for); ``declared_title_match``, newsgraph only, scores
  ``Article.declared_title``, the title the page's metadata declares as written (JSON-LD headline,
  og:title…, site suffixes kept), against the same expected title with the same normalisation.
  Readability's expected title is its metadata title, a declared one, so the second is the like
  for like comparison with it; trafilatura's title is also taken from the metadata first.

``newsgraph`` = ``newsgraph.extract.extract`` on a RawDocument of the page bytes; ``trafilatura`` =
``trafilatura.extract_metadata`` (defaults) on the same bytes. ``--verbose`` prints per-page problems.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from benchmarks.common import parser, report, require
from benchmarks.metadata import norm_authors, norm_text

_BY = re.compile(r"^\s*(?:by|par|von|por|di)\s+", re.IGNORECASE)


def load(data: Path, limit: int | None) -> list[dict[str, Any]]:
    pages = []
    for src in sorted(data.glob("readability/*/source.html")):
        expected = src.parent / "expected-metadata.json"
        meta = json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else {}
        pages.append({"name": f"readability/{src.parent.name}", "path": src, "expected": meta})
    for src in sorted(data.glob("trafilatura_cache/*.html")):
        pages.append({"name": f"trafilatura_cache/{src.stem}", "path": src, "expected": {}})
    return pages[:limit] if limit else pages


def run_newsgraph(content: bytes, name: str) -> dict[str, Any]:
    from newsgraph.article import Origin
    from newsgraph.extract import extract
    from newsgraph.sources.base import RawDocument

    art = extract(RawDocument(content=content, origin=Origin(input=name), kind="html"))
    return {"title": art.title, "declared_title": art.declared_title, "authors": art.authors,
            "date": art.published, "captions": art.captions, "embeds": art.embeds, "language": art.language}


def run_trafilatura(content: bytes, name: str) -> dict[str, Any]:
    import trafilatura

    tree = trafilatura.load_html(content)
    doc = trafilatura.extract_metadata(tree) if tree is not None else None
    if doc is None:
        return {}
    return {"title": doc.title, "authors": doc.author, "date": doc.date}


def byline_key(value: str | list[str] | None) -> frozenset[str]:
    if isinstance(value, str):
        value = _BY.sub("", value)
    elif value:
        value = [_BY.sub("", v) for v in value]
    return norm_authors(value)


def score(pages: list[dict[str, Any]], fn: Any, name: str, verbose: bool) -> dict[str, float]:
    found: dict[str, int] = {}
    match = {"title": [0, 0], "declared_title": [0, 0], "byline": [0, 0], "date": [0, 0], "language": [0, 0]}
    for page in pages:
        try:
            got = fn(page["path"].read_bytes(), page["name"])
        except Exception as exc:  # noqa: BLE001 - a crash is a miss, and worth seeing
            print(f"[{name}] {page['name']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            got = {}
        for field in ("title", "authors", "date", "captions", "embeds"):
            if field in got or fn is run_newsgraph:
                found[field] = found.get(field, 0) + bool(got.get(field))
        problems = _compare(page["expected"], got, match)
        if verbose:
            missing = [f for f in ("title", "authors", "date") if not got.get(f)]
            if missing:
                problems.append("missing " + ", ".join(missing))
            for problem in problems:
                print(f"[{name}] {page['name']}: {problem}", file=sys.stderr)
    n = len(pages) or 1
    result: dict[str, float] = {f"{f}_found": round(v / n, 3) for f, v in found.items()}
    for field, (hits, total) in match.items():
        if total or field not in ("language", "declared_title"):
            result[f"{field}_match"] = round(hits / total, 3) if total else None
    return result


def _compare(expected: dict[str, Any], got: dict[str, Any], match: dict[str, list[int]]) -> list[str]:
    problems = []
    checks = (
        ("title", expected.get("title"), norm_text(expected.get("title")), norm_text(got.get("title")), got.get("title")),
        ("byline", expected.get("byline"), byline_key(expected.get("byline")), byline_key(got.get("authors")),
         got.get("authors")),
        ("date", expected.get("publishedTime"), (expected.get("publishedTime") or "")[:10],
         (got.get("date") or "")[:10], got.get("date")),
    )
    if "declared_title" in got:  # only newsgraph reports a declared title beside the headline
        title = expected.get("title")
        checks += (("declared_title", title, norm_text(title), norm_text(got.get("declared_title")),
                    got.get("declared_title")),)
    if "language" in got:  # only newsgraph reports a language
        lang = expected.get("lang")
        checks += (("language", lang, (lang or "")[:2].lower(), got.get("language") or "", got.get("language")),)
    for field, raw, want, have, shown in checks:
        if not raw:
            continue
        match[field][1] += 1
        if want == have:
            match[field][0] += 1
        else:
            problems.append(f"{field}: expected {raw!r} got {shown!r}")
    return problems


def main(argv: list[str]) -> int:
    p = parser("pages", "../shared/data/pages")
    p.add_argument("--verbose", action="store_true", help="print per-page problems on stderr")
    args = p.parse_args(argv)
    pages = load(require(args.data), args.limit)
    systems = {
        "newsgraph": score(pages, run_newsgraph, "newsgraph", args.verbose),
        "trafilatura": score(pages, run_trafilatura, "trafilatura", args.verbose),
    }
    notes = [("*_found: share of all pages with the field; *_match: exact match vs readability's "
             "expected-metadata on pages where it gives the field (normalised as in the metadata benchmark)"),
             ("title_match: newsgraph's Article.title (the visible headline, site name cut); "
              "declared_title_match: its Article.declared_title (the metadata title as written)")]
    report("pages", args.data, len(pages), systems, args.json, notes)
    return 0
