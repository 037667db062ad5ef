"""The sources room: every kind of input, built in tmp_path, and every way an input can be bad."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import InputError
from newsgraph.sources import RawDocument, dispatch, read
from newsgraph.sources.dates import to_iso
from newsgraph.sources.dispatch import read_inputs
from newsgraph.sources.sniff import is_binary, sniff, xml_root

PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='windows-1252'><title>Harbour reopens</title></head>"
    b"<body><article><h1>Harbour reopens</h1><p>The port re-opened on Monday, officials said \x96 "
    b"after a week.</p></article></body></html>"
)
GARBAGE = bytes(range(256)) * 40


def docs(items: list) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def errors(items: list) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.html", "a.htm", "a.xhtml"])
def test_html_file_is_passed_undecoded(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, PAGE)
    (doc,) = list(read([path]))
    assert doc.kind == "html" and doc.content == PAGE  # bytes as on disk: extraction decodes
    assert doc.origin.input == str(path) and doc.origin.kind == "file"


def test_text_file_and_gzipped_text(tmp_path: Path) -> None:
    text = b"BELGRADE, March 3 - Talks resumed.\nBy A. Writer\n"
    plain = write(tmp_path / "a.txt", text)
    zipped = write(tmp_path / "b.txt.gz", gzip.compress(text))
    items = list(read([plain, zipped]))
    assert [(d.kind, d.content) for d in items] == [("text", text), ("text", text)]


def test_gzipped_html_is_decompressed(tmp_path: Path) -> None:
    (doc,) = list(read([write(tmp_path / "p.html.gz", gzip.compress(PAGE))]))
    assert doc.kind == "html" and doc.content == PAGE


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PAGE, "html"), (gzip.compress(PAGE), "html"), (b"Just a plain paragraph of news text.\n", "text")],
)
def test_content_is_sniffed_without_a_known_extension(tmp_path: Path, content: bytes, kind: str) -> None:
    (doc,) = list(read([write(tmp_path / "download.bin2", content)]))
    assert doc.kind == kind and doc.content in (PAGE, content)


def test_explicit_binary_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "blob", GARBAGE)
    (err,) = list(read([path]))
    assert isinstance(err, InputError) and err.reason == "binary content, not a web page or text"
    (err,) = list(read([write(tmp_path / "fake.html", GARBAGE)]))
    assert err.reason == "binary content, not a web page or text"


def test_utf16_text_is_not_binary() -> None:
    assert not is_binary("News from the harbour.\n".encode("utf-16"))
    assert is_binary(GARBAGE)


# --- JSON and JSONL -----------------------------------------------------------------------------


ARTICLE = {
    "link": "https://news.example/a",
    "headline": "Harbour reopens",
    "articleBody": "The port re-opened on Monday.",
    "datePublished": "2024-03-04T09:30:00+01:00",
    "byline": "Ana Writer, Bo Reporter",
    "outlet": "Example News",
    "keywords": ["ports", "trade"],
    "description": "A short summary.",
    "lang": "en",
}


def test_json_object_becomes_a_record_with_canonical_meta(tmp_path: Path) -> None:
    (doc,) = list(read([write(tmp_path / "a.json", json.dumps(ARTICLE))]))
    assert doc.kind == "record" and doc.content == ARTICLE["articleBody"]
    assert doc.url == "https://news.example/a"
    assert doc.meta == {
        "url": "https://news.example/a",
        "title": "Harbour reopens",
        "text": "The port re-opened on Monday.",
        "published": "2024-03-04T09:30:00+01:00",
        "authors": ["Ana Writer", "Bo Reporter"],
        "language": "en",
        "source": "Example News",
        "tags": ["ports", "trade"],
        "summary": "A short summary.",
    }


def test_json_list_and_other_field_names(tmp_path: Path) -> None:
    rows = [
        {"url": "https://x.example/1", "title": "One", "maintext": "Body one.", "date_publish": "2021-05-06 07:08:09",
         "authors": [{"name": "C. Dee"}], "source_domain": "x.example", "tags": "a, b"},
        {"url": "https://x.example/2", "raw_html": "<html><body><p>Two</p></body></html>", "date": "2021-05-07"},
        ["not", "an", "object"],
    ]  # fmt: skip
    items = list(read([write(tmp_path / "rows.json", json.dumps(rows))]))
    one, two, bad = items
    assert (
        one.kind == "record"
        and one.meta["text"] == "Body one."
        and one.meta["published"] == "2021-05-06T07:08:09"
    )
    assert (
        one.meta["authors"] == ["C. Dee"]
        and one.meta["source"] == "x.example"
        and one.meta["tags"] == ["a", "b"]
    )
    assert two.kind == "html" and two.content.startswith("<html>") and two.meta["published"] == "2021-05-07"
    assert "html" not in two.meta and two.origin.record == "item 1"
    assert isinstance(bad, InputError) and bad.origin.endswith("#item 2") and "JSON object" in bad.reason


def test_json_feed(tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example Wire",
        "authors": [{"name": "Desk"}],
        "items": [
            {"id": "1", "url": "https://w.example/1", "title": "T1", "content_html": "<p>Full</p>",
             "date_published": "2024-01-02T03:04:05Z", "tags": ["x"]},
            {"id": "2", "url": "https://w.example/2", "content_text": "Plain body", "summary": "S"},
        ],
    }  # fmt: skip
    first, second = list(read([write(tmp_path / "feed.json", json.dumps(feed))]))
    assert first.kind == "html" and first.content == "<p>Full</p>" and first.origin.kind == "feed"
    assert first.meta["source"] == "Example Wire" and first.meta["authors"] == ["Desk"]
    assert first.meta["published"] == "2024-01-02T03:04:05Z" and first.meta["guid"] == "1"
    assert second.kind == "record" and second.content == "Plain body" and second.origin.record == "1"


def test_jsonl_bad_line_is_one_error_and_the_rest_go_on(tmp_path: Path) -> None:
    lines = [json.dumps({"url": "https://a.example/1", "text": "one"}), "{not json", "",
             json.dumps({"url": "https://a.example/3", "body": "three"})]  # fmt: skip
    path = write(tmp_path / "rows.jsonl", "\n".join(lines))
    items = list(read([path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "InputError", "RawDocument"]
    assert items[1].origin == f"{path}#line 2" and "not valid JSON" in items[1].reason
    assert (
        items[2].origin.record == "line 4" and items[2].origin.kind == "jsonl" and items[2].content == "three"
    )


def test_gzipped_jsonl_and_json_without_extension(tmp_path: Path) -> None:
    data = (json.dumps({"title": "A", "text": "x"}) + "\n" + json.dumps({"title": "B", "text": "y"})).encode()
    zipped = write(tmp_path / "rows.jsonl.gz", gzip.compress(data))
    bare = write(tmp_path / "export", data)  # JSONL sniffed: two objects on two lines
    assert [d.meta["title"] for d in read([zipped, bare])] == ["A", "B", "A", "B"]


def test_json_api_response_wrapping_a_list(tmp_path: Path) -> None:
    response = {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": None, "name": "Wire"}, "author": "Ana", "title": "A", "url": "https://w.example/a",
         "publishedAt": "2024-02-03T04:05:06Z", "content": "Body A"},
        {"title": "B", "url": "https://w.example/b"}]}  # fmt: skip
    first, second = list(read([write(tmp_path / "api.json", json.dumps(response))]))
    assert first.meta["source"] == "Wire" and first.meta["authors"] == ["Ana"] and first.content == "Body A"
    assert first.meta["published"] == "2024-02-03T04:05:06Z" and second.origin.record == "item 1"


def test_nameless_text_starting_with_a_bracket_is_text(tmp_path: Path) -> None:
    (doc,) = list(read([write(tmp_path / "wire", b"[Reuters] Talks resumed on Monday.")]))
    assert doc.kind == "text" and doc.content.startswith(b"[Reuters]")


def test_json_with_no_article_field_and_invalid_json(tmp_path: Path) -> None:
    (err,) = list(read([write(tmp_path / "a.json", '{"foo": 1}')]))
    assert "no url, title, text" in err.reason
    (err,) = list(read([write(tmp_path / "b.json", '{"title": ')]))
    assert err.reason.startswith("not valid JSON")


# --- directories --------------------------------------------------------------------------------


def test_directory_is_walked_sorted_skipping_hidden_and_binary(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.html", PAGE)
    write(root / "a" / "z.txt", "text z")
    write(root / "a" / "y.html.gz", gzip.compress(PAGE))
    write(root / ".hidden.html", PAGE)
    write(root / ".git" / "x.html", PAGE)
    write(root / "photo.png", GARBAGE)
    write(root / "blob", GARBAGE)  # unknown and binary: skipped without an error
    write(root / "notes", "plain words with no extension")  # unknown kind: skipped too
    write(root / "page", PAGE)  # no extension but clearly a web page
    items = list(read([root]))
    assert not errors(items)
    names = [Path(d.origin.input).relative_to(root).as_posix() for d in items]
    assert names == ["b.html", "page", "a/y.html.gz", "a/z.txt"]  # a folder's files, then its folders


def test_directory_skips_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    write(tmp_path / "config.xml", '<?xml version="1.0"?><settings><a>1</a></settings>')
    write(tmp_path / "feed.xml", RSS)
    items = list(read([tmp_path]))
    assert not errors(items) and [d.meta["title"] for d in items] == ["Full story", "Teaser only"]
    (err,) = list(read([tmp_path / "config.xml"]))  # named on its own, it is an error
    assert "root element <settings>" in err.reason


def test_directory_order_is_deterministic(tmp_path: Path) -> None:
    for name in ["c.txt", "a.txt", "b/d.txt", "b/a.txt"]:
        write(tmp_path / name, name)
    first = [d.origin.input for d in read([tmp_path])]
    assert first == [d.origin.input for d in read([tmp_path])]
    assert [Path(p).relative_to(tmp_path).as_posix() for p in first] == [
        "a.txt",
        "c.txt",
        "b/a.txt",
        "b/d.txt",
    ]


def test_directory_reports_broken_known_files(tmp_path: Path) -> None:
    write(tmp_path / "empty.html", b"")
    write(tmp_path / "ok.html", PAGE)
    items = list(read([tmp_path]))
    assert len(docs(items)) == 1 and [e.reason for e in errors(items)] == ["empty file"]


# --- WARC / ARC ---------------------------------------------------------------------------------


def _response(
    writer: WARCWriter, uri: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK"
):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": "2024-05-18T01:58:10Z"})  # fmt: skip


def make_warc(path: Path, gz: bool = True) -> Path:
    """A small WARC: an HTML page (gzip + chunked), its request, metadata, an image, a 404 page,
    a redirect, a WAT-like JSON metadata record and an HTML resource."""
    chunked = gzip.compress(PAGE)
    chunked_body = f"{len(chunked):x}\r\n".encode() + chunked + b"\r\n0\r\n\r\n"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        writer.write_record(_response(writer, "https://news.example/a", chunked_body, [
            ("Content-Type", "text/html; charset=windows-1252"), ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked")]))  # fmt: skip
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://news.example/a", "request", http_headers=request)
        )
        writer.write_record(writer.create_warc_record("https://news.example/a", "metadata",
                            payload=io.BytesIO(b'{"Envelope": {}}'), warc_content_type="application/json"))  # fmt: skip
        writer.write_record(
            _response(writer, "https://news.example/i.png", GARBAGE, [("Content-Type", "image/png")])
        )
        writer.write_record(_response(writer, "https://news.example/gone", b"<html>404</html>",
                                      [("Content-Type", "text/html")], "404 Not Found"))  # fmt: skip
        writer.write_record(
            _response(writer, "https://news.example/r", b"", [("Location", "/a")], "301 Moved")
        )
        writer.write_record(writer.create_warc_record("https://news.example/b", "resource",
                            payload=io.BytesIO(b"<html><body><p>Resource page</p></body></html>"),
                            warc_content_type="text/html; charset=utf-8"))  # fmt: skip
    return path


@pytest.mark.parametrize(("name", "gz"), [("crawl.warc.gz", True), ("crawl.warc", False), ("noext", True)])
def test_warc_yields_html_responses_and_resources(tmp_path: Path, name: str, gz: bool) -> None:
    path = make_warc(tmp_path / name, gz)
    items = list(read([path]))
    assert not errors(items)
    page, resource = items
    assert page.kind == "html" and page.content == PAGE  # chunking and gzip undone, charset kept apart
    assert page.url == "https://news.example/a" and page.encoding == "windows-1252"
    assert page.origin.kind == "warc" and page.origin.fetched == "2024-05-18T01:58:10Z"
    assert page.origin.record is not None and int(page.origin.record) > 0
    assert resource.url == "https://news.example/b" and resource.encoding == "utf-8"
    assert int(resource.origin.record) > int(page.origin.record)
    with path.open("rb") as handle:  # the offset points at the record in the file
        handle.seek(int(page.origin.record))
        head = handle.read(64)
        assert head.startswith(b"\x1f\x8b") if gz else head.startswith(b"WARC/1")


def test_truncated_warc_yields_records_then_one_error(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "cut.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # cut inside the last (resource) record
    items = list(read([path]))
    assert len(docs(items)) == 1 and docs(items)[0].url == "https://news.example/a"
    (err,) = errors(items)
    assert err.origin == str(path) and "truncated or corrupt archive" in err.reason
    assert items[-1] is err


def test_corrupt_warc_midway(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "bad.warc", gz=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1", 10 + data.index(b"WARC-Type: response"))
    path.write_bytes(data[:second] + b"NOT A WARC HEADER\r\n\r\n" + data[second + 40 :])
    items = list(read([path]))
    (err,) = errors(items)
    assert [d.url for d in docs(items)] == ["https://news.example/a", "https://news.example/b"]
    assert "damaged record at offset" in err.reason and "reading resumed" in err.reason


def _story_warc(path: Path, gz: bool, count: int = 4) -> list[int]:
    """``count`` HTML responses; returns the offset of each record."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for i in range(count):
            offsets.append(handle.tell())
            body = f"<html><body><p>Story {i} on the harbour. {'word ' * 200}</p></body></html>".encode()
            writer.write_record(_response(writer, f"https://n.example/{i}", body, [("Content-Type", "text/html")]))
    return offsets


@pytest.mark.parametrize(("gz", "scan"), [(False, None), (True, None), (False, 7), (True, 5)])
def test_a_record_damaged_inside_costs_only_itself(tmp_path: Path, gz: bool, scan: int | None, capfd,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Bytes lost inside record 1 (a bad copy, a bad disk block): its Content-Length then runs into
    record 2, or its gzip member breaks. It is one error naming its offset; 2 and 3 are read. A
    tiny scan window puts the next header across window edges."""
    if scan:
        monkeypatch.setattr("newsgraph.sources.warc._SCAN", scan)
    path = tmp_path / ("w.warc.gz" if gz else "w.warc")
    offsets = _story_warc(path, gz)
    data = path.read_bytes()
    middle = (offsets[1] + offsets[2]) // 2
    path.write_bytes(data[:middle] + data[middle + 100 :])
    items = list(read([path]))
    assert [d.url for d in docs(items)] == ["https://n.example/0", "https://n.example/2", "https://n.example/3"]
    (err,) = errors(items)
    assert err.origin == f"{path}#{offsets[1]}" and f"damaged record at offset {offsets[1]}" in err.reason
    assert items.index(err) == 1 and "resumed" in err.reason
    resumed = docs(items)[1]
    with path.open("rb") as handle:  # the resumed record's offset points at its header
        handle.seek(int(resumed.origin.record))
        assert handle.read(8).startswith(b"\x1f\x8b" if gz else b"WARC/1.")
    assert capfd.readouterr().err == ""  # warcio's warning with raw bytes is not printed


@pytest.mark.parametrize("via_stdin", [False, True])
def test_bytes_lost_anywhere_in_a_gzipped_member_cost_only_that_record(tmp_path: Path, via_stdin: bool,
                                                                        capfd) -> None:  # fmt: skip
    """Members that do not compress to nothing (varied text), cut at many places in member 2: the
    inflater then fails mid-member, which warcio printed to stderr before ending the archive."""
    import random

    rng = random.Random(7)
    words = [f"w{n}" for n in range(5000)]
    path = tmp_path / "w.warc.gz"
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i in range(5):
            offsets.append(handle.tell())
            text = " ".join(rng.choice(words) for _ in range(1500))
            body = f"<html><body><p>Story {i}. {text}</p></body></html>".encode()
            writer.write_record(_response(writer, f"https://n.example/{i}", body, [("Content-Type", "text/html")]))
    data = path.read_bytes()
    for at in range(offsets[2] + 40, offsets[3] - 200, (offsets[3] - offsets[2]) // 9):
        damaged = data[:at] + data[at + 150 :]
        source = ["-"] if via_stdin else [write(tmp_path / "cut.warc.gz", damaged)]
        items = list(read_inputs(source, stdin=io.BytesIO(damaged)))
        assert [d.url for d in docs(items)] == [f"https://n.example/{i}" for i in (0, 1, 3, 4)], at
        (err,) = errors(items)
        assert f"offset {offsets[2]}" in err.reason and "resumed" in err.reason
    assert capfd.readouterr().err == ""


def test_a_block_that_ends_at_a_line_end_inside_the_next_record_is_still_damage(tmp_path: Path) -> None:
    """Bytes lost in record 1 so that its block ends, by chance, just where a line of record 2's
    header ends: what follows looks like a separator, then a header field. Every such line end."""
    path = tmp_path / "w.warc"
    offsets = _story_warc(path, gz=False)
    data = path.read_bytes()
    block_end = offsets[2] - 4  # before the CRLF CRLF that closes record 1
    header_end = data.index(b"\r\n\r\n", offsets[2])
    line_ends = [i for i in range(offsets[2], header_end) if data[i : i + 2] == b"\r\n"]
    for end in line_ends:
        for shift in (0, 1):  # the block ends before the CR, or between CR and LF
            lost = end + shift - block_end
            assert 0 < lost < 600
            cut = block_end - 600  # inside record 1's body, which is longer than the lost bytes
            path.write_bytes(data[:cut] + data[cut + lost :])
            items = list(read([path]))
            assert [d.url for d in docs(items)] == [f"https://n.example/{i}" for i in (0, 2, 3)], (end, shift)
            assert [e.origin for e in errors(items)] == [f"{path}#{offsets[1]}"], (end, shift)


def test_a_damaged_header_after_a_clean_record_costs_only_the_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "w.warc"
    offsets = _story_warc(path, gz=False)
    data = bytearray(path.read_bytes())
    data[offsets[2]] = ord("X")  # "XARC/1.0": record 2's header line is unreadable
    path.write_bytes(bytes(data))
    items = list(read([path]))
    assert [d.url for d in docs(items)] == ["https://n.example/0", "https://n.example/1", "https://n.example/3"]
    assert [e.origin for e in errors(items)] == [f"{path}#{offsets[2]}"]


def test_records_without_the_blank_lines_between_them_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "w.warc"
    offsets = _story_warc(path, gz=False, count=3)
    data = path.read_bytes()
    ends = [offset - 4 for offset in offsets[1:]]
    assert all(data[end : end + 4] == b"\r\n\r\n" for end in ends)
    path.write_bytes(data[: ends[0]] + data[offsets[1] : ends[1]] + data[offsets[2] :])
    items = list(read([path]))
    assert not errors(items) and [d.url for d in items] == [f"https://n.example/{i}" for i in range(3)]


def test_wet_records_are_text_documents(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.wet.gz", {"software": "test"}))
        text = "Harbour reopens\nThe port re-opened on Monday, officials in Zürich said.\n".encode()
        writer.write_record(writer.create_warc_record(
            "https://news.example/a", "conversion", payload=io.BytesIO(text), warc_content_type="text/plain",
            warc_headers_dict={"WARC-Date": "2024-05-18T01:58:10Z"}))  # fmt: skip
    (doc,) = list(read([path]))
    assert doc.kind == "text" and doc.content == text and doc.encoding == "utf-8"
    assert doc.url == "https://news.example/a" and doc.origin.fetched == "2024-05-18T01:58:10Z"


@pytest.mark.parametrize("named", [True, False])
def test_wat_file_is_refused_with_a_clear_message(tmp_path: Path, named: bool) -> None:
    path = tmp_path / "crawl.bin"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("x.warc.wat.gz" if named else "x", {"software": "t"}))
        writer.write_record(writer.create_warc_record("https://news.example/a", "metadata",
                            payload=io.BytesIO(b'{"Envelope": {}}'), warc_content_type="application/json"))  # fmt: skip
    (err,) = list(read([path]))
    assert isinstance(err, InputError) and "WAT file" in err.reason and ".wet.gz" in err.reason


# --- feeds and sitemaps -------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://wire.example/</link><language>en-gb</language>
<item><title>Full story</title><link>https://wire.example/full</link><guid>g-1</guid>
  <pubDate>Wed, 31 Jan 2018 07:26:05 -0500</pubDate><dc:creator>Ana Writer</dc:creator>
  <category>Ports</category><description>Short teaser</description>
  <content:encoded><![CDATA[<p>The whole article.</p><iframe src="https://x.example/e"></iframe>]]></content:encoded>
</item>
<item><title>Teaser only</title><link>https://wire.example/teaser</link>
  <pubDate>Thu, 01 Feb 2018 10:00:00 GMT</pubDate><description>Only a summary &amp; more.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<id>urn:x</id><updated>2020-01-01T00:00:00Z</updated>
<entry><title>Atom one</title><link href="https://atom.example/1"/><id>urn:1</id>
<published>2020-01-01T10:00:00+02:00</published><updated>2020-01-02T00:00:00Z</updated>
<author><name>Bo Reporter</name></author><category term="politics"/>
<summary>Sum</summary><content type="html">&lt;p&gt;Atom body&lt;/p&gt;</content></entry></feed>"""

RSS1 = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://r.example/"><title>RDF Desk</title><link>https://r.example/</link></channel>
<item rdf:about="https://r.example/1"><title>RDF item</title><link>https://r.example/1</link>
<dc:date>2019-03-04T05:06:07Z</dc:date><description>d</description></item></rdf:RDF>"""

RSS091 = """<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>https://o.example/</link>
<item><title>Old item</title><link>https://o.example/1</link><description>d</description></item>
</channel></rss>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://s.example/a</loc><lastmod>2008-12-23</lastmod>
  <image:image><image:loc>https://s.example/a.jpg</image:loc><image:title>Photo</image:title></image:image>
  <news:news><news:publication><news:name>Example Times</news:name><news:language>en</news:language>
  </news:publication><news:publication_date>2008-12-23T10:00:00+01:00</news:publication_date>
  <news:title>Companies A, B in Merger Talks</news:title><news:keywords>business, merger</news:keywords></news:news>
</url>
<url><loc>https://s.example/b</loc><lastmod>2009-01-01</lastmod></url></urlset>"""

SITEMAP_INDEX = """<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/news.xml</loc><lastmod>2024-01-01T00:00:00Z</lastmod></sitemap></sitemapindex>"""


def test_rss_with_full_content_and_teaser_only(tmp_path: Path) -> None:
    full, teaser = list(read([write(tmp_path / "wire.rss", RSS)]))
    assert full.kind == "html" and "<iframe" in full.content  # not sanitised: embeds survive
    assert (
        full.url == "https://wire.example/full" and full.origin.kind == "feed" and full.origin.record == "0"
    )
    assert full.meta["title"] == "Full story" and full.meta["published"] == "2018-01-31T07:26:05-05:00"
    assert full.meta["authors"] == ["Ana Writer"] and full.meta["tags"] == ["Ports"]
    assert full.meta["source"] == "Example Wire" and full.meta["summary"] == "Short teaser"
    assert full.meta["guid"] == "g-1" and full.meta["language"] == "en-gb"
    assert teaser.kind == "record" and teaser.content == "Only a summary & more."
    assert teaser.meta["summary"] == "Only a summary & more." and teaser.meta["title"] == "Teaser only"
    assert teaser.meta["published"] == "2018-02-01T10:00:00Z" and teaser.origin.record == "1"


def test_atom_rss1_and_rss091(tmp_path: Path) -> None:
    (atom,) = list(read([write(tmp_path / "a.atom", ATOM)]))
    assert atom.kind == "html" and "Atom body" in atom.content
    assert (
        atom.meta["published"] == "2020-01-01T10:00:00+02:00"
        and atom.meta["modified"] == "2020-01-02T00:00:00Z"
    )
    assert atom.meta["authors"] == ["Bo Reporter"] and atom.meta["tags"] == ["politics"]
    assert atom.meta["source"] == "Atom Desk" and atom.url == "https://atom.example/1"
    (rdf,) = list(read([write(tmp_path / "r.rdf", RSS1)]))
    assert rdf.kind == "record" and rdf.meta["published"] == "2019-03-04T05:06:07Z"
    assert rdf.meta["source"] == "RDF Desk" and rdf.url == "https://r.example/1"
    (old,) = list(read([write(tmp_path / "o.xml", RSS091)]))
    assert old.meta["title"] == "Old item" and old.url == "https://o.example/1"


def test_feed_is_sniffed_without_extension_and_gzipped(tmp_path: Path) -> None:
    bare = write(tmp_path / "feed", RSS)
    zipped = write(tmp_path / "feed.xml.gz", gzip.compress(RSS.encode()))
    assert [d.meta["title"] for d in read([bare, zipped])] == ["Full story", "Teaser only"] * 2


def test_google_news_sitemap(tmp_path: Path) -> None:
    first, second = list(read([write(tmp_path / "sitemap.xml", NEWS_SITEMAP)]))
    assert first.kind == "record" and first.origin.kind == "sitemap" and first.origin.record == "0"
    assert first.url == "https://s.example/a" and first.meta["title"] == "Companies A, B in Merger Talks"
    assert first.meta["published"] == "2008-12-23T10:00:00+01:00" and first.meta["modified"] == "2008-12-23"
    assert first.meta["source"] == "Example Times" and first.meta["tags"] == ["business", "merger"]
    assert second.meta == {"url": "https://s.example/b", "modified": "2009-01-01", "published": "2009-01-01"}
    (index,) = list(read([write(tmp_path / "index.xml", SITEMAP_INDEX)]))
    assert index.meta["sitemap"] is True and index.url == "https://s.example/news.xml"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (PAGE, "an HTML page"),
        (GARBAGE, "binary data"),
        (b"just some words", "plain text"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "root element <svg>"),
    ],
)
def test_not_a_feed(tmp_path: Path, content: bytes, needle: str) -> None:
    for name in ("x.xml", "x.rss"):
        (err,) = list(read([write(tmp_path / name, content)]))
        assert isinstance(err, InputError) and err.reason.startswith("not a feed: ") and needle in err.reason


def test_malformed_feed_is_an_error_not_an_empty_success(tmp_path: Path) -> None:
    (err,) = list(read([write(tmp_path / "broken.rss", b"<rss><<<>>>&&&")]))
    assert isinstance(err, InputError) and err.reason.startswith("not a feed")


# --- standard input -----------------------------------------------------------------------------


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    (doc,) = list(read_inputs(["-"], stdin=io.BytesIO(PAGE)))
    assert doc.kind == "html" and doc.origin.input == "<stdin>" and doc.origin.kind == "stdin"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RSS.encode())))
    assert [d.meta["title"] for d in read(["-"])] == ["Full story", "Teaser only"]
    (err,) = list(read_inputs(["-"], stdin=io.BytesIO(b"")))
    assert err.origin == "<stdin>" and err.reason == "empty file"
    (doc,) = list(read_inputs(["-"], stdin=io.BytesIO(gzip.compress(b"plain words"))))
    assert doc.kind == "text" and doc.content == b"plain words"
    monkeypatch.setattr(sys, "stdin", None)
    (err,) = list(read(["-"]))
    assert "no standard input" in err.reason


# --- URLs ---------------------------------------------------------------------------------------


def _site(robots: tuple[int, str] = (404, "")) -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path == "/robots.txt":
            return httpx.Response(robots[0], text=robots[1])
        if path == "/old":
            return httpx.Response(301, headers={"Location": "https://site.example/new"})
        if path == "/new":
            return httpx.Response(
                200, content=PAGE, headers={"Content-Type": "text/html; charset=windows-1252"}
            )
        if path == "/feed":
            return httpx.Response(200, content=RSS.encode(), headers={"Content-Type": "application/rss+xml"})
        if path == "/misserved":
            return httpx.Response(200, content=RSS.encode(), headers={"Content-Type": "text/html"})
        if path == "/slow":
            raise httpx.ReadTimeout("timed out", request=request)
        if request.url.host == "down.example":
            raise httpx.ConnectError("Name or service not known", request=request)
        return httpx.Response(404, text="nope")

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


def test_url_is_fetched_with_redirects_and_final_url_recorded() -> None:
    client, seen = _site()
    (doc,) = list(read_inputs(["https://site.example/old"], client=client))
    assert doc.kind == "html" and doc.content == PAGE and doc.encoding == "windows-1252"
    assert doc.url == "https://site.example/new" and doc.origin.input == "https://site.example/old"
    assert doc.origin.kind == "url" and doc.origin.fetched and doc.origin.fetched.endswith("Z")
    assert all(r.headers["user-agent"].startswith("newsgraph/") for r in seen)
    assert seen[0].url.path == "/robots.txt"


def test_fetched_feed_is_parsed_as_a_feed() -> None:
    client, _ = _site()
    items = list(read_inputs(["https://site.example/feed", "https://site.example/misserved"], client=client))
    assert [d.origin.kind for d in items] == ["feed"] * 4 and items[2].meta["title"] == "Full story"
    assert items[0].origin.input == "https://site.example/feed"


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("https://site.example/missing", "HTTP 404"),
        ("https://site.example/slow", "timed out after 10 s"),
        ("https://down.example/x", "ConnectError"),
    ],
)
def test_url_errors(url: str, needle: str) -> None:
    client, _ = _site()
    items = list(read_inputs([url, "https://site.example/new"], client=client))
    err, doc = items
    assert isinstance(err, InputError) and err.origin == url
    assert err.reason.startswith("could not fetch URL: ") and needle in err.reason
    assert isinstance(doc, RawDocument)


def test_robots_txt_is_obeyed() -> None:
    client, seen = _site((200, "User-agent: *\nDisallow: /new\n"))
    (err,) = list(read_inputs(["https://site.example/new"], client=client))
    assert "robots.txt" in err.reason and [r.url.path for r in seen] == ["/robots.txt"]
    client, _ = _site((200, "User-agent: newsgraph\nDisallow: /\n\nUser-agent: *\nAllow: /\n"))
    (err,) = list(read_inputs(["https://site.example/new"], client=client))  # rules naming us apply
    assert "robots.txt" in err.reason
    client, _ = _site((200, "User-agent: otherbot\nDisallow: /\n"))
    assert isinstance(next(read_inputs(["https://site.example/new"], client=client)), RawDocument)
    client, _ = _site((503, ""))  # RFC 9309: a failing robots.txt means "do not crawl"
    (err,) = list(read_inputs(["https://site.example/new"], client=client))
    assert "robots.txt" in err.reason


def test_url_over_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch, "MAX_BYTES", 100)
    client, _ = _site()
    (err,) = list(read_inputs(["https://site.example/new"], client=client))
    assert "limit" in err.reason


def test_local_http_server_without_injected_client(tmp_path: Path) -> None:
    import http.server
    import threading
    from functools import partial

    write(tmp_path / "p.html", PAGE)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None  # keep test output quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        items = list(read([f"{base}/p.html", f"{base}/absent.html"]))
    finally:
        server.shutdown()
        server.server_close()
    assert items[0].content == PAGE and items[0].url == f"{base}/p.html"
    assert isinstance(items[1], InputError) and "HTTP 404" in items[1].reason


# --- bad input ----------------------------------------------------------------------------------


def test_each_bad_input_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.html", PAGE)
    empty = write(tmp_path / "empty.html", b"")
    blank = write(tmp_path / "blank.txt", b"  \n\t ")
    cut = write(tmp_path / "cut.html.gz", gzip.compress(PAGE * 50)[:-30])
    corrupt = write(tmp_path / "corrupt.html.gz", b"\x1f\x8b\x08\x00" + GARBAGE)
    missing = tmp_path / "missing.html"
    items = list(read([empty, missing, cut, good, blank, corrupt, good]))
    reasons = {Path(e.origin).name: e.reason for e in errors(items)}
    assert reasons["empty.html"] == "empty file" and reasons["blank.txt"].startswith("empty file")
    assert reasons["missing.html"] == "no such file or directory"
    assert reasons["cut.html.gz"].startswith("truncated gzip: ")
    assert reasons["corrupt.html.gz"].startswith("corrupt gzip: ")
    assert len(errors(items)) == 5 and len(docs(items)) == 2


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.html", PAGE)
    real_open = os.open

    def guarded(path, *args, **kwargs):  # root ignores chmod, so refuse the open itself
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    (err,) = list(read([locked]))
    assert err.reason == "permission denied" and err.origin == str(locked)


def test_a_50_mb_page_is_accepted_and_read_once(tmp_path: Path) -> None:
    body = b"<html><body>" + b"<p>" + b"word " * 10_485_760 + b"</p></body></html>"
    path = write(tmp_path / "big.html", body)
    assert path.stat().st_size > 50 * 2**20
    (doc,) = list(read([path]))
    assert doc.kind == "html" and len(doc.content) == len(body)


def test_over_the_cap_is_refused_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch, "MAX_BYTES", 1000)
    big = write(tmp_path / "big.html", PAGE * 10)
    bomb = write(tmp_path / "bomb.html.gz", gzip.compress(b" " * 5000 + PAGE))
    first, second = list(read([big, bomb]))
    assert "over the" in first.reason and "limit" in first.reason
    assert "decompressed content is over" in second.reason


def test_reading_is_lazy(tmp_path: Path) -> None:
    first = write(tmp_path / "a.html", PAGE)
    consumed: list[str] = []

    def inputs():
        for path in (first, tmp_path / "later.html"):
            consumed.append(str(path))
            yield path

    stream = read(inputs())
    assert isinstance(next(stream), RawDocument) and consumed == [str(first)]


def test_path_like_and_single_string(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "hello")
    assert len(list(read_inputs(str(path)))) == 1
    assert len(list(read([os.fspath(path)]))) == 1


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Wed, 31 Jan 2018 07:26:05 GMT", "2018-01-31T07:26:05Z"),
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T19:42:40-03:00"),
        ("Di, 05 Dez 2023 10:00:00 +0100", "2023-12-05T10:00:00+01:00"),
        ("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33"),
        ("2024-03-04", "2024-03-04"),
        ("20140216050032", "2014-02-16T05:00:32Z"),
        (1700000000, "2023-11-14T22:13:20Z"),
        (1700000000000, "2023-11-14T22:13:20Z"),
        ("not a date", None),
        (None, None),
    ],
)
def test_dates_to_iso(value: object, iso: str | None) -> None:
    assert to_iso(value) == iso


def test_sniffing() -> None:
    assert sniff(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n") == "warc"
    assert sniff(b"filedesc://x.arc 0.0.0.0 20140216050032 text/plain 76\n") == "warc"
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!DOCTYPE rss>\n<rss version='2.0'>") == "feed"
    assert sniff(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>") == "sitemap"
    assert sniff(b'  {"title": "x"}') == "json" and sniff(PAGE) == "html" and sniff(GARBAGE) == "binary"
    assert xml_root(b"<?xml version='1.0'?><!-- c --><rdf:RDF xmlns:rdf='x'>") == "rdf"


# --- nothing crashes ----------------------------------------------------------------------------

_PREFIXES = [b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss>", b"{", b"<html>"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(prefix: bytes, body: bytes) -> None:
    for item in read_inputs(["-"], stdin=io.BytesIO(prefix + body)):
        assert isinstance(item, (RawDocument, InputError))
        if isinstance(item, InputError):
            assert "internal error" not in item.reason, item.reason


@pytest.mark.parametrize("gz", [True, False])
def test_every_cut_of_a_warc_gives_pages_then_at_most_one_error(tmp_path: Path, gz: bool) -> None:
    data = make_warc(tmp_path / "whole.warc.gz", gz).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    for end in range(0, len(data), max(1, len(data) // 60)):
        cut.write_bytes(data[:end])
        items = list(read([cut]))
        errs = errors(items)
        assert len(errs) <= 1 and all("internal error" not in e.reason for e in errs), (end, errs)
        assert not errs or items[-1] is errs[0]
        if end and end < len(data) - 1 and not items:
            pytest.fail(f"a cut at byte {end} gave neither a page nor an error")


def test_a_jsonl_line_nested_too_deep_is_one_error(tmp_path: Path) -> None:
    good = json.dumps({"title": "Talks resume", "text": "Talks resumed in Geneva."}).encode()
    deep = b"[" * 100_000 + b"]" * 100_000
    field = json.dumps({"title": "T", "authors": "x"}).encode().replace(b'"x"', b"[" * 900 + b'"x"' + b"]" * 900)
    path = write(tmp_path / "a.jsonl", b"\n".join([good, deep, good, field, good]))
    items = list(read([path]))
    assert [type(i).__name__ for i in items[:3]] == ["RawDocument", "InputError", "RawDocument"]
    assert items[1].origin == f"{path}#line 2" and "nested too deeply" in items[1].reason
    assert len(docs(items)) >= 3 and all("internal error" not in e.reason for e in errors(items))
    (whole,) = list(read([write(tmp_path / "b.json", deep)]))
    assert isinstance(whole, InputError) and "nested too deeply" in whole.reason
