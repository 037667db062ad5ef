"""Every error newsgraph reports on purpose is a NewsgraphError whose message starts with its code:
the code table cannot drift from the raise sites, the errors that lived outside the hierarchy
(StoreError, FetchError, the schema-version error) joined it, messages list the valid choices, and
the CLI and the web app show the code."""

from __future__ import annotations

import io
import json
import pickle
import re
import warnings
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from newsgraph import Article
from newsgraph.cli import main
from newsgraph.errors import (
    CODES,
    ConfigError,
    FetchError,
    InputError,
    KnowledgeBaseError,
    NewsgraphError,
    SchemaVersionError,
    StoreError,
)
from newsgraph.export import FORMATS, export
from newsgraph.export.store import ALL_FORMATS, export_store
from newsgraph.sources.dispatch import read_inputs
from newsgraph.sources.web import Fetcher
from newsgraph.store import open_store

SRC = Path(__file__).resolve().parents[1] / "src" / "newsgraph"
#: ``code="E201"`` at a raise site, ``code = "E200"`` as a class's default
CODE_IN_SOURCE = re.compile(r"""\bcode\s*=\s*["'](E\d{3})["']""")


def codes_in_source() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name == "errors.py":  # the table's own keys are not uses
            text = text.split("\nclass ", 1)[1]
        for code in CODE_IN_SOURCE.findall(text):
            found.setdefault(code, []).append(str(path.relative_to(SRC)))
    return found


def test_every_code_used_is_in_the_table_and_every_code_in_the_table_is_used() -> None:
    used = codes_in_source()
    assert used, "no code found in the source: the pattern is wrong"
    assert {c: where for c, where in used.items() if c not in CODES} == {}, "add these codes to errors.CODES"
    assert sorted(set(CODES) - set(used)) == [], "errors.CODES lists codes no raise site uses"
    assert all(re.fullmatch(r"E\d{3}", c) and meaning for c, meaning in CODES.items())


def test_the_errors_outside_the_hierarchy_joined_it_and_keep_their_old_homes() -> None:
    from newsgraph.sources.web import FetchError as FetchErrorFromSources
    from newsgraph.web.db import StoreError as StoreErrorFromWeb

    assert FetchErrorFromSources is FetchError and StoreErrorFromWeb is StoreError
    for cls in (StoreError, FetchError, SchemaVersionError, ConfigError, KnowledgeBaseError, InputError):
        assert issubclass(cls, NewsgraphError) and cls.code in CODES
    # callers that caught ValueError before still catch these
    assert all(issubclass(cls, ValueError) for cls in (SchemaVersionError, ConfigError, KnowledgeBaseError))


def test_errors_pickle_with_their_precise_code() -> None:
    for exc in (StoreError("no store at x", code="E301"),
                InputError("https://x.example/a", "could not fetch URL: timed out", code="E402")):
        again = pickle.loads(pickle.dumps(exc))
        assert type(again) is type(exc) and again.code == exc.code and str(again) == str(exc)


def test_newer_article_record_is_a_schema_version_error() -> None:
    data = Article(text="Body.").to_dict()
    data["schema_version"] += 1
    with pytest.raises(SchemaVersionError) as info:
        Article.from_dict(data)
    assert str(info.value).startswith("[E101] Article schema_version ") and "upgrade newsgraph" in str(info.value)


def test_store_errors_carry_their_codes(tmp_path: Path) -> None:
    from newsgraph.web.db import ReadOnlyStore

    with pytest.raises(StoreError, match=r"^\[E301\] no store at "):
        ReadOnlyStore(tmp_path / "absent.db")
    text = tmp_path / "notes.db"
    text.write_text("not a database, only words " * 100)
    with pytest.raises(StoreError, match=r"^\[E302\] .*notes\.db is not a newsgraph store"):
        ReadOnlyStore(text)
    with pytest.raises(StoreError, match=r"^\[E302\] .*notes\.db is not a newsgraph store"):
        open_store(text)
    with pytest.raises(StoreError, match=r"^\[E304\] cannot open the store "):
        open_store(tmp_path)  # a folder


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def _robots_then(response: httpx.Response):
    return lambda request: httpx.Response(404) if request.url.path == "/robots.txt" else response


def test_fetch_errors_carry_their_codes_into_the_input_error() -> None:
    fetcher = Fetcher(_client(_robots_then(httpx.Response(503, text="busy"))))
    with pytest.raises(FetchError, match=r"^\[E404\] HTTP 503"):
        fetcher.fetch("https://site.example/a")
    blocked = _client(lambda r: httpx.Response(200, text="User-agent: *\nDisallow: /\n"))
    (err,) = read_inputs(["https://site.example/a"], client=blocked)
    assert isinstance(err, InputError) and err.code == "E401"
    assert str(err) == "[E401] https://site.example/a: could not fetch URL: blocked by the site's robots.txt"


def test_unknown_export_format_lists_the_formats(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        export("gkgx", [], io.StringIO())
    message = str(info.value)
    assert message.startswith("[E211] unknown export format 'gkgx'")
    assert all(fmt in message for fmt in FORMATS)
    with pytest.raises(ConfigError) as info:
        export_store("xml", tmp_path / "out", tmp_path / "x.db")
    assert str(info.value).startswith("[E211]") and all(fmt in str(info.value) for fmt in ALL_FORMATS)
    with pytest.raises(ConfigError, match=r"^\[E212\] csv export"):
        export("csv", [], io.StringIO())


def test_unknown_timeline_interval_lists_the_intervals(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, pytest.raises(ConfigError) as info:
        store.timeline(interval="fortnight")
    assert str(info.value) == "[E213] interval must be one of day, week, month, year, not 'fortnight'"


def test_unknown_spacy_model_lists_the_models() -> None:
    from newsgraph.language.nlp import MODELS, model_name

    with pytest.raises(NewsgraphError) as info:
        model_name("xl")
    assert re.match(r"^\[E2\d\d\] unknown spaCy model 'xl'", str(info.value))
    assert all(name in str(info.value) for name in MODELS)


def test_bad_knowledge_base_rows_name_their_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.knowledge.user import TYPES, import_file

    monkeypatch.setenv("NEWSGRAPH_KB_DIR", str(tmp_path / "kb"))
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join([
        json.dumps({"id": "a", "name": "Alpha", "type": "PLANET"}),
        json.dumps({"id": "b", "name": "Beta", "type": "ORG", "wikidata": "42"}),
        json.dumps({"id": "c", "name": "Gamma", "type": "ORG", "lat": 91, "lon": 0}),
        "[1, 2]",
    ]) + "\n")
    count, errors = import_file(rows)
    assert count == 0 and [e.code for e in errors] == ["E502", "E504", "E505", "E507"]
    assert str(errors[0]).startswith(f"[E502] {rows} line 1: type 'PLANET' is not one of ")
    assert all(t in str(errors[0]) for t in TYPES)
    header = tmp_path / "rows.csv"
    header.write_text("id,label\n1,x\n")
    with pytest.raises(InputError, match=r"^\[E508\] .*lacks column\(s\) name, type"):
        import_file(header)


def test_cli_shows_the_code_of_a_store_that_is_missing_or_no_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database, only words " * 100)
    runner = CliRunner()
    for args, code in ((["stats", "--db", str(tmp_path / "absent.db")], "E301"),
                       (["stats", "--db", str(text)], "E302"),
                       (["export", "jsonl", str(tmp_path / "o.jsonl"), "--db", str(text)], "E302"),
                       (["ingest", str(tmp_path), "--db", str(text), "--workers", "0"], "E302")):
        result = runner.invoke(main, args)
        assert result.exit_code == 1 and f"Error: [{code}] " in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_ingest_prints_each_failure_with_its_code(tmp_path: Path) -> None:
    newer = Article(text="A stored article.").to_dict()
    newer["schema_version"] += 1
    dump = tmp_path / "newer.jsonl"
    dump.write_text(json.dumps(newer) + "\n")
    result = CliRunner().invoke(main, ["ingest", str(dump), str(tmp_path / "absent.html"),
                                       "--db", str(tmp_path / "s.db"), "--workers", "0"])
    assert result.exit_code == 1
    assert f"error: [E101] {dump}#line 1: Article schema_version " in result.stderr
    assert f"error: [E100] {tmp_path / 'absent.html'}: no such file or directory" in result.stderr


def test_web_answers_with_the_code(tmp_path: Path) -> None:
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    db = tmp_path / "web.db"
    article = Article(title="Newer", text="Stored by a newer newsgraph.", published="2025-01-01")
    with open_store(db) as store:
        writer = store.writer()
        writer.add(article, "newer.txt", "digest", "newer.txt")
        writer.flush()
        data = article.to_dict()
        data["schema_version"] += 1
        writer.conn.execute("UPDATE articles SET json = ? WHERE id = ?", (json.dumps(data), article.id))
        writer.conn.close()
    client = TestClient(create_app(db), raise_server_exceptions=False)
    answer = client.get(f"/api/articles/{article.id}")
    assert answer.status_code == 500 and answer.json()["code"] == "E101"
    assert answer.json()["detail"].startswith("[E101] Article schema_version ")
    page = client.get(f"/article/{article.id}")
    assert page.status_code == 500 and "[E101] Article schema_version " in page.text


def test_a_configuration_error_while_analysing_keeps_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph import api

    monkeypatch.setenv("NEWSGRAPH_SPACY_MODEL", "xl")
    monkeypatch.setattr(api, "_PIPELINES", {})
    page = Path(__file__).resolve().parents[1] / "examples" / "meridian-nato-hague-summit.html"
    (err,) = api.analyze_many([str(page)])
    assert isinstance(err, InputError) and "internal error" not in str(err)
    assert re.match(rf"^\[E2\d\d\] {re.escape(str(page))}: unknown spaCy model 'xl'", str(err))
