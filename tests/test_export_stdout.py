"""``-`` is standard output for every export that is one file; the per-table ones refuse it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import Article, ingest
from newsgraph.article import Origin
from newsgraph.cli import main
from newsgraph.export.jsonl import write_jsonl

ONE_FILE = ["jsonl", "gkg", "events", "plover", "graphml", "datasette-metadata"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two analysed Articles restored into a store (no NLP runs for restored records)."""
    folder = tmp_path_factory.mktemp("stdout")
    articles = [Article(url=f"https://news.example/{i}", title=f"Port story {i}", published="2024-05-18",
                        text=f"The port of Rotterdam reopened on Monday, story {i}.",
                        origin=Origin(f"story{i}.html")) for i in range(2)]  # fmt: skip
    dump = folder / "articles.jsonl"
    write_jsonl(articles, dump)
    db = folder / "s.db"
    assert ingest([dump], db=db, workers=0, graph=True).added == 2
    return db


@pytest.mark.parametrize("fmt", ONE_FILE)
def test_dash_writes_to_standard_output_not_a_file_named_dash(store: Path, fmt: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", fmt, "-", "--db", str(store)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    assert "written to standard output" in result.stderr
    out = result.stdout
    if fmt == "jsonl":
        assert [json.loads(line)["title"] for line in out.splitlines()] == ["Port story 0", "Port story 1"]
    elif fmt == "gkg":
        assert len(out.splitlines()) == 2 and "news.example/0" in out
    elif fmt == "graphml":
        assert out.lstrip().startswith("<?xml") and "</graphml>" in out
    elif fmt in ("plover", "datasette-metadata"):
        json.loads(out)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_per_table_exports_refuse_dash(store: Path, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", fmt, "-o", "-", "--db", str(store)])
    assert result.exit_code == 1 and "E212" in result.output and "directory" in result.output
    assert not (tmp_path / "-").exists()
