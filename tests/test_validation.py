"""One validation layer for filter values (``newsgraph.validate``), and what a user sees when a
value is bad, when nothing is found, or when the store is damaged or read-only: the CLI (exit 2
for a bad value, 1 for not found or a store problem, never a traceback), the JSON API (422 with
the field and its valid forms) and the web pages."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import warnings
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient
from test_web import build_store

from newsgraph import validate
from newsgraph.cli import main
from newsgraph.errors import StoreError
from newsgraph.store import explain, open_store
from newsgraph.validate import ArgumentError
from newsgraph.web import create_app
from newsgraph.web.db import ReadOnlyStore

TODAY = date(2026, 3, 31)


# ---- the validation functions


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-01", "2025-03-01"), (" 2025-03-01 ", "2025-03-01"), ("today", "2026-03-31"),
    ("Yesterday", "2026-03-30"), ("7d", "2026-03-24"), ("2w", "2026-03-17"), ("1m", "2026-02-28"),
    ("13m", "2025-02-28"), ("1y", "2025-03-31"), ("", None), (None, None),
])
def test_day_forms(text, expected):
    assert validate.day(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["2009-13-01", "2025-02-30", "notadate", "2025/03/01", "20250301", "7x", "-3d",
                                  "2025-3-1"])
def test_bad_days_name_the_valid_forms(text):
    with pytest.raises(ArgumentError) as err:
        validate.day(text, "until", today=TODAY)
    assert err.value.code == "E214" and err.value.field == "until"
    assert "YYYY-MM-DD" in str(err.value) and "yesterday" in str(err.value)


def test_since_after_until_is_refused():
    with pytest.raises(ArgumentError, match="after until"):
        validate.day_range("2025-05-01", "2025-04-01")
    assert validate.day_range("2025-04-01", "2025-04-01") == ("2025-04-01", "2025-04-01")


def test_event_types_entity_types_and_countries():
    assert validate.event_type("assault") == "ASSAULT"
    assert validate.event_type("FIGHT") == "ASSAULT"  # an older PLOVER draft's name
    with pytest.raises(ArgumentError) as err:
        validate.event_type("ATACK")
    assert err.value.code == "E215" and "ASSAULT" in err.value.valid
    with pytest.raises(ArgumentError, match="did you mean PERSON"):
        validate.entity_type("persn")
    assert validate.country("srb") == validate.country("RS") == validate.country("Serbia") == "SRB"
    assert validate.country("Kosovo") == "XKX"
    with pytest.raises(ArgumentError, match="ISO 3166"):
        validate.country("Narnia")


@pytest.mark.parametrize("text", ["*", "()", " * ", "a\x00b", "x\x01"])
def test_queries_with_no_word_or_control_characters_are_refused(text):
    with pytest.raises(ArgumentError) as err:
        validate.fts(text)
    assert err.value.code == "E218"


def test_syntax_is_told_from_pasted_prose():
    assert validate.meant_as_syntax("Obama AND (")
    assert validate.meant_as_syntax("NEAR(a")
    assert not validate.meant_as_syntax('EU\'s "top')  # a pasted headline with a stray quote
    assert not validate.meant_as_syntax("U.S. sanctions, 2025")
    message = str(validate.fts_syntax_error('say "hi" (', "fts5: syntax error"))
    assert '"say ""hi"" ("' in message  # how to search it literally, quotes doubled


# ---- the CLI


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("validation") / "v.db"
    build_store(path, ("northgate-eu-sixteenth-sanctions.html",))
    return path


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("args", [
    ("events", "--since", "2009-13-01"), ("events", "--until", "notadate"), ("articles", "--since", "2025-02-30"),
    ("timeline", "--since", "soon"), ("network", "--until", "2025-13-40"), ("events", "--type", "ATTACK"),
    ("events", "--aggregated", "--type", "ATTACK"), ("timeline", "--event-type", "BOMBING"),
    ("entities", "--type", "persn"), ("entities", "--country", "Narnia"),
    ("search", "Obama AND ("), ("search", "*"), ("timeline", "--query", "*"), ("quotes", "--text", "*"),
    ("search", "a\x00b"), ("events", "--since", "2025-05-01", "--until", "2025-04-01"),
])
def test_a_bad_value_exits_2_naming_what_is_valid(db, args):
    result = cli(*args, "--db", str(db))
    assert result.exit_code == 2, (args, result.output)
    assert "[E21" in result.output and "Traceback" not in result.output


def test_the_messages_say_what_would_work(db):
    assert "ASSAULT" in cli("events", "--type", "ATTACK", "--db", str(db)).output
    out = cli("search", "Obama AND (", "--db", str(db)).output
    assert "not a valid full-text query" in out and '"Obama AND ("' in out


def test_good_values_still_answer(db):
    found = cli("events", "--type", "sanction", "--since", "2020-01-01", "--json", "--db", str(db))
    assert found.exit_code == 0 and '"SANCTION"' in found.output
    assert cli("events", "--since", "yesterday", "--db", str(db)).exit_code == 0  # nothing found is not an error
    assert cli("search", "U.S. sanctions", "--db", str(db)).exit_code == 0  # prose with dots is searched as words
    assert cli("entities", "--country", "Russia", "--db", str(db)).exit_code == 0


def test_an_entity_that_is_not_there_exits_1(db):
    result = cli("entity", "Nobody Here", "--db", str(db))
    assert result.exit_code == 1 and "no stored entity is named 'Nobody Here'" in result.output


# ---- the API and the pages


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


@pytest.mark.parametrize("path", [
    "/api/events?since=notadate", "/api/events?since=2009-13-01", "/api/events?type=ATTACK",
    "/api/events?country=Narnia", "/api/search?since=2025-02-30", "/api/search?event_type=nope",
    "/api/quotes?text=*", "/api/timeline?q=*", "/api/search?q=%2A", "/api/search?q=a%00b",
    "/api/search?q=Obama%20AND%20(", "/api/network?until=2025-99-01", "/api/network?type=PERSN",
    "/api/entities?type=persn", "/api/export/jsonl?since=x",
])
def test_the_api_answers_422_with_the_field_and_valid_forms(client, path):
    r = client.get(path)
    assert r.status_code == 422, (path, r.status_code, r.text)
    body = r.json()
    assert body["code"].startswith("E21") and body["field"] and body["valid"]
    assert r.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/events?since=2009-13-01", "/search?q=*", "/events?type=ATTACK"])
def test_pages_show_the_error_instead_of_unfiltered_results(client, path):
    r = client.get(path)
    assert r.status_code == 422 and "E21" in r.text


def test_relative_dates_work_in_the_api(client):
    assert client.get("/api/events?since=100y").status_code == 200
    assert client.get("/api/events?since=today").json()["total"] == 0


def test_head_is_answered_like_get_without_a_body(client):
    for path in ("/", "/api/overview", "/events"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b"", path
        assert r.headers["Content-Security-Policy"]


def test_a_server_error_carries_the_security_headers(db, monkeypatch):
    from newsgraph.web import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "article", broken)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    for path in ("/api/articles/x", "/article/x"):
        r = c.get(path)
        assert r.status_code == 500 and "a bug" not in r.text
        assert r.headers["Content-Security-Policy"] and r.headers["X-Frame-Options"] == "DENY"


# ---- damaged and read-only stores


def _damage(path: Path) -> None:
    """Overwrite every other page past the first two: the header stays valid, the data does not."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for offset in range(4096 * 2, size, 4096 * 2):  # every other page after the first two
            fh.seek(offset)
            fh.write(b"\xff" * 4096)


def test_a_damaged_store_is_one_line_from_every_command(db, tmp_path):
    bad = tmp_path / "bad.db"
    shutil.copy(db, bad)
    _damage(bad)
    for args in (("stats",), ("events",), ("search", "sanctions"), ("quotes",), ("articles",),
                 ("entity", "Russia"), ("network",), ("export", "gkg", str(tmp_path / "out.gkg"))):
        result = cli(*args, "--db", str(bad))
        assert result.exit_code == 1, (args, result.output)
        assert "[E305]" in result.output and "is damaged" in result.output, (args, result.output)
        assert not isinstance(result.exception, sqlite3.Error), args


def test_a_truncated_store_is_damaged_not_foreign(db, tmp_path):
    bad = tmp_path / "half.db"
    shutil.copy(db, bad)
    con = sqlite3.connect(bad)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with bad.open("r+b") as fh:
        fh.truncate(bad.stat().st_size // 2)
    with pytest.raises(StoreError) as err:
        open_store(bad)
    assert err.value.code == "E305"
    with pytest.raises(StoreError) as err:
        ReadOnlyStore(bad)
    assert err.value.code == "E305" and "not a newsgraph store" not in str(err.value)
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database at all " * 50)
    with pytest.raises(StoreError) as err:
        open_store(foreign)
    assert err.value.code == "E302"


def test_what_sqlite_says_is_explained(tmp_path):
    store = tmp_path / "s.db"
    store.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert explain(store, sqlite3.DatabaseError("database disk image is malformed")).code == "E305"
    readonly = explain(store, sqlite3.OperationalError("attempt to write a readonly database"))
    assert readonly.code == "E306" and str(store) in str(readonly)
    assert explain(tmp_path / "nope" / "x.db", sqlite3.OperationalError("unable to open database file")).code == "E304"


def _immutable(path: Path) -> bool:
    """Make ``path`` unwritable even for root (the tests run as root in CI): chattr +i."""
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True).returncode == 0


def test_a_read_only_store_is_queried_and_ingest_says_why_it_cannot_write(db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    ro = folder / "ro.db"
    shutil.copy(db, ro)
    con = sqlite3.connect(ro)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    if not _immutable(ro):
        pytest.skip("cannot make a file read-only here (chattr +i needs root on ext4/xfs/btrfs)")
    try:
        assert cli("stats", "--db", str(ro)).exit_code == 0
        examples = Path(__file__).resolve().parents[1] / "examples"
        result = cli("ingest", str(examples / "fiction-baltic-ferry-scrape.txt"), "--db", str(ro))
        assert result.exit_code == 1 and "[E306]" in result.output, result.output
        assert not isinstance(result.exception, sqlite3.Error)
        subprocess.run(["chattr", "-i", str(ro)], check=True)
        for extra in folder.glob("ro.db-*"):
            extra.unlink()
        assert _immutable(folder)  # now the folder: no -wal/-shm can be made beside the store
        queried = cli("events", "--json", "--db", str(ro))
        assert queried.exit_code == 0 and '"SANCTION"' in queried.output
    finally:
        subprocess.run(["chattr", "-i", str(ro)], check=False, capture_output=True)
        subprocess.run(["chattr", "-i", str(folder)], check=False, capture_output=True)
