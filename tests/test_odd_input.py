"""Odd things on disk: file names that are not UTF-8, FIFOs and devices where files should be. Each
costs at most its own error; nothing hangs and the rest of the run goes on."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import open_store
from newsgraph.cli import main
from newsgraph.errors import InputError
from newsgraph.sources import RawDocument, read
from newsgraph.sources.base import printable_name, real_name

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STORY = "<html><body><p>The port of {0} reopened on Monday after a week, officials said.</p></body></html>"
LATIN1 = os.fsdecode(b"caf\xe9")  # a Latin-1 byte in a UTF-8 file system: a lone surrogate in Python


def test_a_name_that_is_not_utf8_is_kept_losslessly() -> None:
    name = f"/data/{LATIN1}.html"
    assert printable_name(name) == "/data/caf\\xe9.html"
    assert printable_name("/data/Zürich.html") == "/data/Zürich.html"
    assert real_name(printable_name(name)) == name


def test_a_path_given_as_bytes_is_read(tmp_path: Path) -> None:
    from newsgraph.sources.dispatch import read_inputs

    page = tmp_path / f"{LATIN1}.html"
    page.write_text(STORY.format("Rotterdam"))
    (doc,) = list(read_inputs(os.fsencode(page)))
    assert isinstance(doc, RawDocument) and doc.origin.input == printable_name(str(page))


def test_ingest_stores_files_whose_names_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{LATIN1}-rotterdam.html").write_text(STORY.format("Rotterdam"))
    (folder / "hamburg.html").write_text(STORY.format("Hamburg"))
    broken = tmp_path / f"{LATIN1}-broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not gzip")
    db = tmp_path / "n.db"
    args = ["ingest", str(folder), str(broken), "--db", str(db), "--workers", "0", "--silent"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    escaped = printable_name(str(broken))
    with open_store(db) as store:
        assert store.stats()["counts"]["articles"] == 2
        (error,) = store.errors()
        assert error["input"] == escaped and "\\xe9" in escaped
        origins = {row[0] for row in store.conn.execute("SELECT origin FROM inputs")}
        assert printable_name(str(folder / f"{LATIN1}-rotterdam.html")) in origins
    broken.write_text(STORY.format("Antwerp"))  # fixed: --retry-errors finds the file by its stored name
    retry = CliRunner().invoke(main, ["ingest", "--retry-errors", "--db", str(db), "--workers", "0", "--silent"])
    assert retry.exit_code == 0, retry.output
    with open_store(db) as store:
        assert store.errors() == [] and store.stats()["counts"]["articles"] == 3


def _read_with_deadline(inputs: list, seconds: float = 20) -> list:
    """read() in a thread, so a hang fails the test instead of stopping the suite."""
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(read(inputs)), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"reading {inputs} still blocked after {seconds} s")
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_skipped_with_a_reason_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(STORY.format("Rotterdam"))
    os.mkfifo(folder / "b.html")
    os.mkfifo(tmp_path / "given.txt")
    items = _read_with_deadline([tmp_path / "given.txt", folder, "/dev/null"])
    errors = {Path(i.origin).name: i.reason for i in items if isinstance(i, InputError)}
    assert [d.origin.input for d in items if isinstance(d, RawDocument)] == [str(folder / "a.html")]
    assert "named pipe" in errors["given.txt"] and "named pipe" in errors["b.html"]
    assert "character device" in errors["null"]


def test_stdin_from_a_terminal_is_refused_not_waited_on() -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:  # pragma: no cover - the point is it is never called
            raise AssertionError("read from a terminal")

    from newsgraph.sources.dispatch import read_inputs

    (error,) = list(read_inputs(["-"], stdin=Terminal()))
    assert isinstance(error, InputError) and "nothing piped" in error.reason


# --- pages nested past the parser's limit -------------------------------------------------------

SENTENCE = "The port of Rotterdam reopened on Monday after a week of strikes, officials said in a statement."


def _extract(page: str):
    from newsgraph.article import Origin
    from newsgraph.extract.html import extract_html

    return extract_html(RawDocument(page.encode(), Origin("deep.html"), kind="html"))


def _depth(root) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def test_an_article_inside_300_divs_keeps_its_text() -> None:
    paragraphs = "".join(f"<p>Paragraph {i}: {SENTENCE}</p>" for i in range(12))
    page = f"<html><head><title>Deep</title></head><body>{'<div>' * 300}<article>{paragraphs}</article>{'</div>' * 300}</body></html>"
    assert _extract(page).text.count("Paragraph") == 12


def test_150_unclosed_span_font_keep_every_paragraph() -> None:
    body = "".join(f"<p><span><font>Paragraph {i}: {SENTENCE}" for i in range(150))
    text = _extract(f"<html><head><title>Fonts</title></head><body><article>{body}</article></body></html>").text
    assert sorted(int(n) for n in __import__("re").findall(r"Paragraph (\d+):", text)) == list(range(150))


def test_a_degenerate_tree_is_flattened_to_a_bounded_depth_and_a_normal_one_is_left_alone() -> None:
    from newsgraph.extract.html import parse
    from newsgraph.extract.nesting import MAX_DEPTH

    hostile = "<html><body>" + "<div><span>x " * 3000 + "end</body></html>"
    tree = parse(hostile)
    assert _depth(tree) <= MAX_DEPTH and tree.text_content().count("x") == 3000
    normal = parse("<html><body><div><div><p>A <b>bold</b> <span>claim</span>.</p></div></div></body></html>")
    assert normal.find(".//b") is not None and normal.find(".//span") is not None and _depth(normal) == 6


# --- noise --------------------------------------------------------------------------------------


def test_zone_names_dateutil_cannot_place_make_no_warning() -> None:
    import warnings

    from newsgraph.extract.dateline import normalize_date
    from newsgraph.extract.dates import _dateutil
    from newsgraph.language.time import parse_anchor
    from newsgraph.sources.dates import to_iso

    written = "Tuesday, March 5, 2019 10:00 AM EST"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert to_iso(written) == "2019-03-05T10:00:00"
        assert _dateutil(written) == "2019-03-05T10:00:00"
        assert normalize_date(written).startswith("2019-03-05T10:00")
        assert str(parse_anchor("2019-03-05 10:00 EST")) == "2019-03-05"
    assert [str(w.message) for w in caught] == []


def test_analyze_prints_no_timezone_warning(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "est.html"
    page.write_text("<html><head><title>Port reopens</title>"
                    "<meta property='article:published_time' content='Tuesday, March 5, 2019 10:00 AM EST'></head>"
                    f"<body><article><p>Posted March 5, 2019 10:00 AM EST.</p><p>{SENTENCE}</p></article></body></html>")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"), "PYTHONWARNINGS": "default"}
    done = subprocess.run([sys.executable, "-m", "newsgraph", "analyze", str(page)], capture_output=True, text=True, check=False,
                          env=env, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr


def test_a_deep_line_in_an_article_jsonl_is_one_error_and_the_rest_are_restored(tmp_path: Path) -> None:
    import io

    from newsgraph import Article, ingest
    from newsgraph.export.jsonl import write_jsonl

    buffer = io.StringIO()
    write_jsonl([Article(url=f"https://news.example/{i}", title=f"Story {i}", text=SENTENCE) for i in range(2)], buffer)
    first, second = buffer.getvalue().splitlines()
    dump = tmp_path / "articles.jsonl"
    dump.write_text("\n".join([first, "[" * 100_000 + "]" * 100_000, second]) + "\n")
    result = ingest([dump], db=tmp_path / "a.db", workers=0, graph=False)
    assert result.added == 2 and [e["origin"] for e in result.errors] == [f"{dump}#line 2"]
    assert "nested too deeply" in result.errors[0]["reason"]
