"""The sources room on real data from ../shared/data (read at run time, never copied here):
every shared WARC and feed is read without a crash, and feed parses are compared with the expected
parses other projects saved beside them (rss-parser, feed-rs)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import InputError
from newsgraph.sources import RawDocument, read

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WARC = SHARED / "data" / "warc"
FEEDS = SHARED / "data" / "feeds"
_ARCHIVE = re.compile(r"\.(warc|arc)(\.gz)?$")


def _require(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: shared evaluation data not available")


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(path for path in folder.rglob(pattern) if path.is_file())


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", html.unescape(str(text or ""))).strip()


def _instant(value: str | None) -> datetime | date | None:
    """An ISO 8601 string as an aware datetime, or a date when it has no time of day. The oracle
    side is read with the standard library only, so our own date parser is not graded by itself."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:
        return moment.date()
    return moment if moment.tzinfo else None  # a zone-less time is not an instant


def _same_moment(expected: str, ours: str | None) -> bool:
    want, got = _instant(expected), _instant(ours)
    if isinstance(got, date) and not isinstance(got, datetime) and isinstance(want, datetime):
        return want.time() == time(0) and want.date() == got  # a day-only source date, read as midnight
    return got is not None and want == got


def _same_title(expected: str, ours: str | None) -> bool:
    """Equal after unescaping and collapsing space. An oracle that decoded the feed with the wrong
    charset holds U+FFFD where a character was; each one then stands for any one character."""
    want, got = _norm(expected), _norm(ours)
    if "\ufffd" not in want:
        return want == got
    pattern = ".".join(re.escape(part) for part in want.split("\ufffd"))
    return re.fullmatch(pattern, got) is not None


def _load_json(path: Path) -> Any:
    raw = path.read_bytes()
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        return json.loads(raw.decode("latin-1"))


def expected_parses() -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """(feed file, expected items as {link, title, date}) from both oracle formats."""
    for expected in _files(FEEDS / "rss-parser" / "expected", "*.json"):
        inputs = list((FEEDS / "rss-parser" / "input").glob(expected.stem + ".*"))
        if len(inputs) == 1:
            items = _load_json(expected)["feed"]["items"]
            yield (
                inputs[0],
                [{"link": i.get("link"), "title": i.get("title"), "date": i.get("isoDate")} for i in items],
            )
    for expected in _files(FEEDS / "feed-rs", "*.expected.serde.json"):
        feed = FEEDS / "feed-rs" / expected.name.replace(".expected.serde.json", ".xml")
        if feed.exists():
            yield feed, [_feed_rs_item(entry) for entry in _load_json(expected)["entries"]]


def _feed_rs_item(entry: dict[str, Any]) -> dict[str, Any]:
    links = [link["href"] for link in entry.get("links") or [] if link.get("rel") in (None, "alternate")]
    title = (entry.get("title") or {}).get("content")
    return {
        "link": links[0] if links else None,
        "title": title,
        "date": entry.get("published") or entry.get("updated"),
    }


def compare(path: Path, expected: list[dict[str, Any]]) -> dict[str, Any]:
    """Field-by-field agreement of our parse of ``path`` with the expected items, in order."""
    got = [item for item in read([path]) if isinstance(item, RawDocument)]
    score = {"count_ok": len(got) == len(expected), "items": len(expected), "got": len(got)}
    for field in ("link", "title", "date"):
        given = [(exp, doc) for exp, doc in zip(expected, got, strict=False) if exp.get(field)]
        if field == "date":  # only dates the oracle itself resolved to ISO 8601 are graded
            given = [(e, d) for e, d in given if _instant(e["date"]) is not None]
        score[f"{field}_given"] = len(given)
        score[f"{field}_ok"] = sum(_same(field, exp, doc) for exp, doc in given)
    return score


def _same(field: str, expected: dict[str, Any], doc: RawDocument) -> bool:
    if field == "link":
        return _norm(expected["link"]) == _norm(doc.meta.get("url"))
    if field == "title":
        return _same_title(expected["title"], doc.meta.get("title"))
    return _same_moment(expected["date"], doc.meta.get("published"))


def test_every_shared_warc_yields_its_html_pages() -> None:
    _require(WARC)
    archives = [path for path in _files(WARC, "*") if _ARCHIVE.search(path.name)]
    assert archives, "no WARC/ARC file found under shared/data/warc"
    total = 0
    for path in archives:
        items = list(read([path]))
        errors = [item for item in items if isinstance(item, InputError)]
        docs = [item for item in items if isinstance(item, RawDocument)]
        assert not errors, f"{path.name}: {errors}"
        for doc in docs:
            assert doc.kind == "html" and doc.origin.kind == "warc"
            assert doc.url and doc.url.startswith(("http://", "https://")), path.name
            assert doc.origin.fetched and datetime.fromisoformat(doc.origin.fetched).year > 1995
            assert doc.origin.record is not None and doc.origin.record.isdigit()
            assert isinstance(doc.content, bytes) and b"<" in doc.content
        total += len(docs)
    assert total > 0


def test_every_shared_feed_file_reads_without_error() -> None:
    _require(FEEDS)
    feeds = [
        p
        for p in _files(FEEDS, "*")
        if p.suffix in (".xml", ".rss", ".atom", ".rdf") or p.name == "feed.json"
    ]
    feeds = [p for p in feeds if "feedparser" not in p.parts]
    assert feeds
    for path in feeds:
        items = list(read([path]))
        errors = [item for item in items if isinstance(item, InputError)]
        assert not errors, f"{path}: {errors}"
        assert items, f"{path}: no item"
        for doc in items:
            assert doc.origin.kind in ("feed", "sitemap")
            assert doc.meta.get("url") or doc.meta.get("title"), f"{path}#{doc.origin.record}"


def test_feeds_agree_with_the_expected_parses() -> None:
    _require(FEEDS)
    pairs = list(expected_parses())
    assert pairs, "no expected parse found under shared/data/feeds"
    fields = {"link": [0, 0], "title": [0, 0], "date": [0, 0]}
    for path, expected in pairs:
        score = compare(path, expected)
        assert score["count_ok"], f"{path.name}: {score['got']} items, expected {score['items']}"
        for field, tally in fields.items():
            tally[0] += score[f"{field}_ok"]
            tally[1] += score[f"{field}_given"]
    for field, (ok, given) in fields.items():
        assert given and ok / given >= 0.95, f"{field}: {ok}/{given} agree with the expected parses"


def test_feedparser_wellformed_feeds_do_not_crash() -> None:
    folder = FEEDS / "feedparser" / "wellformed"
    _require(folder)
    for path in _files(folder, "*.xml"):
        for item in read([path]):
            assert isinstance(item, (RawDocument, InputError))
            if isinstance(item, InputError):
                assert "internal error" not in item.reason, f"{path}: {item.reason}"


def measure() -> None:
    """Print documents per shared WARC and feed file and the agreement with the expected parses."""
    for path in [p for folder in (WARC, FEEDS) if folder.is_dir() for p in _files(folder, "*")]:
        if (
            "licenses" in path.parts
            or "expected" in path.parts
            or path.suffix == ".md"
            or ".expected." in path.name
        ):
            continue
        items = list(read([path]))
        print(
            f"{path.relative_to(SHARED / 'data')}\t{len(items) - len(_errs(items))} docs\t{len(_errs(items))} errors"
        )
    totals = {"files": 0, "count_ok": 0, "link": [0, 0], "title": [0, 0], "date": [0, 0]}
    for path, expected in expected_parses():
        score = compare(path, expected)
        totals["files"] += 1
        totals["count_ok"] += score["count_ok"]
        for field in ("link", "title", "date"):
            totals[field][0] += score[f"{field}_ok"]
            totals[field][1] += score[f"{field}_given"]
        print(path.name, score)
    print("expected parses:", totals)


def _errs(items: list) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


if __name__ == "__main__":
    measure()
