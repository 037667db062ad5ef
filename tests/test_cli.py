"""The command line over the examples: readable summary, --json, --jsonl, and per-input errors.

Most tests run the CLI over extraction alone (an empty stage list) so they stay fast: the language
stages have their own tests. One test runs the default pipeline end to end on one page.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsgraph
from newsgraph import api
from newsgraph.cli import main
from newsgraph.errors import InputError
from newsgraph.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NATO = EXAMPLES / "meridian-nato-hague-summit.html"
FERRY = EXAMPLES / "fiction-baltic-ferry-scrape.txt"
RSS = EXAMPLES / "meridian-europe.rss"

_EXTRACTORS = ("newsgraph.extract.html", "newsgraph.extract.text", "newsgraph.extract.record",
               "newsgraph.sources.dispatch")
_MISSING = [name for name in _EXTRACTORS if importlib.util.find_spec(name) is None]
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=f"not written yet: {', '.join(_MISSING)}")

#: Documents in examples/: 7 HTML pages, 1 text scrape, 3 RSS items, 3 Atom entries, 4 JSONL rows,
#: 3 WARC responses (the warcinfo record is not a document), 1 gzipped page; make_warc.py is skipped.
EXAMPLE_DOCUMENTS = 22


@pytest.fixture
def extraction_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(api._PIPELINES, None, Pipeline([]))


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["analyze", *args], input=stdin)


@pytest.mark.usefixtures("extraction_only")
def test_summary_is_readable() -> None:
    result = run(str(NATO), "--silent")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("━━ NATO allies agree 5% defence spending goal at The Hague summit")
    assert "Anneke Vos" in out
    assert "2025-06-25" in out
    assert "words:" in out
    assert result.stderr == ""


@pytest.mark.usefixtures("extraction_only")
def test_json_is_one_object_for_one_document() -> None:
    result = run(str(NATO), "--json", "--silent")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["title"] == "NATO allies agree 5% defence spending goal at The Hague summit"
    assert data["schema_version"] == newsgraph.SCHEMA_VERSION
    assert "5% of gross domestic product" in data["text"]
    assert newsgraph.Article.from_dict(data).id == data["id"]


@pytest.mark.usefixtures("extraction_only")
def test_json_is_a_list_for_several_inputs() -> None:
    # no --silent: the progress bar must stay off stdout, or the JSON would not parse
    result = run(str(NATO), str(FERRY), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert "ferry" in data[1]["title"].lower()


@pytest.mark.usefixtures("extraction_only")
def test_json_is_a_list_for_one_input_holding_several_documents() -> None:
    result = run(str(RSS), "--json", "--silent")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 3
    assert any("Leo XIV" in item["title"] for item in data)


@pytest.mark.usefixtures("extraction_only")
def test_jsonl_over_the_examples_folder() -> None:
    result = run(str(EXAMPLES), "--jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == EXAMPLE_DOCUMENTS
    items = [json.loads(line) for line in lines]
    assert all(isinstance(item, dict) and item["text"].strip() for item in items)
    assert len({item["id"] for item in items}) == EXAMPLE_DOCUMENTS
    kinds = {item["origin"]["kind"] for item in items}
    assert {"warc", "feed", "jsonl"} <= kinds
    titles = " ".join(item["title"] or "" for item in items)
    for expected in ("Pope Leo XIV", "Schengen", "Paris", "Sweden", "Antwerp dockworkers"):
        assert expected in titles


@pytest.mark.usefixtures("extraction_only")
def test_missing_input_fails_alone_and_the_rest_is_printed(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-page.html"
    result = run(str(NATO), str(missing), str(FERRY), "--silent")
    assert result.exit_code == 1
    assert f"error: [E100] {missing}: no such file or directory" in result.stderr
    assert "1 input(s) failed" in result.stderr
    assert result.stdout.count("━━ ") == 2
    assert "NATO allies agree" in result.stdout


@pytest.mark.usefixtures("extraction_only")
def test_empty_input_fails_alone_with_json_output(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run(str(empty), str(NATO), "--json", "--silent")
    assert result.exit_code == 1
    assert str(empty) in result.stderr and "empty" in result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert data[0]["title"].startswith("NATO allies agree")


@pytest.mark.usefixtures("extraction_only")
def test_jsonl_keeps_going_after_a_failure(tmp_path: Path) -> None:
    result = run(str(tmp_path / "gone.txt"), str(FERRY), "--jsonl")
    assert result.exit_code == 1
    assert "gone.txt" in result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["title"].startswith("Tallinn and Helsinki ferry operators")


@pytest.mark.usefixtures("extraction_only")
def test_standard_input() -> None:
    result = run("-", "--json", "--silent", stdin=NATO.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"].startswith("NATO allies agree")


def test_default_pipeline_end_to_end_on_one_page() -> None:
    result = run(str(FERRY), "--json", "--silent")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"].startswith("Tallinn and Helsinki ferry operators")
    assert "Luck is not a safety plan." in data["text"]


def test_analyze_without_inputs_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["analyze"])
    assert result.exit_code == 2
    assert "Missing argument 'INPUTS...'" in result.stderr


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"newsgraph, version {newsgraph.__version__}"


def test_python_dash_m_help() -> None:
    for args in (["--help"], ["analyze", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True, text=True,
                              timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        assert "Usage: newsgraph" in proc.stdout
    assert "--jsonl" in proc.stdout


# Raw content handed to api.analyze never raises: an empty or binary input comes back as an empty
# Article that still names its origin, while a file that holds the same bytes is a clear InputError.
@pytest.mark.parametrize("content", [b"", b"\x00", b"\x00\x01\x02" * 100])
def test_analyze_accepts_empty_and_binary_bytes(content: bytes) -> None:
    article = newsgraph.analyze(content)
    assert isinstance(article, newsgraph.Article) and article.text == ""
    assert article.origin is not None and article.origin.input == "<bytes>"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048) | st.text(max_size=512).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_analyze_never_raises_on_raw_bytes(content: bytes) -> None:
    article = newsgraph.analyze(content)
    assert isinstance(article, newsgraph.Article)
    assert article.origin is not None and article.origin.input == "<bytes>"
    restored = newsgraph.Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert restored.to_dict() == article.to_dict()


def test_binary_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "garbage.html"
    path.write_bytes(b"\x00\x01\x02\xff" * 200)
    with pytest.raises(InputError) as info:
        newsgraph.analyze(str(path))
    assert str(path) in str(info.value) and info.value.reason
