"""A stage that raises on one article costs that article only that stage (issue 13).

The failing stages here are registered by the tests: they damage what they assign in place before
raising, so a pipeline that kept half of a failed stage's output would show it.
"""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from newsgraph import Article, Pipeline, Stage, ingest, register
from newsgraph.article import Entity, StageNote
from newsgraph.cli import main
from newsgraph.errors import PipelineError, StageError
from newsgraph.language.resources import Batch
from newsgraph.store.writer import STAGE_MARK


@register("tests.tag_seen.v1", requires=["title"], assigns=["tags"])
class TagSeen(Stage):
    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        article.tags.append("seen")
        return article


def _bad(article: Article) -> bool:
    return "bad" in f"{article.title} {article.text}"


def _damage(article: Article) -> None:
    """What a stage may have done before it failed: edits in place and new values."""
    article.tags.append("half")
    for entity in article.entities:
        entity.lat = 0.0
        entity.aliases.append("junk")
    article.entities.append(Entity("junk", "Junk", "ORG"))


@register("tests.flaky.v1", requires=["title"], assigns=["tags", "entities"])
class Flaky(Stage):
    """Raises on an article whose title or text says "bad", after damaging what it assigns."""

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        _damage(article)
        if _bad(article):
            raise ValueError("cannot read this one")
        article.tags.append("flaky")
        return article


@register("tests.flaky_batch.v1", requires=["title"], assigns=["tags", "entities"])
class FlakyBatch(Flaky):
    """A batching stage whose ``pipe`` fails for the whole batch when one article is bad."""

    def pipe(self, articles: list[Article], batch: Batch | None = None) -> list[Article]:
        for article in articles:
            _damage(article)
        if any(_bad(a) for a in articles):
            raise ValueError("batch failed")
        return articles


@register("tests.themes.v1", requires=["title"], assigns=["themes"])
class Themes(Stage):
    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        article.themes = ["after"]
        return article


def _article(title: str) -> Article:
    return Article(title=title, text="Short text.", entities=[Entity("e1", "Ghent", "GPE", aliases=["Gent"], lat=51.05)])


def _assert_only_flaky_lost(article: Article, stage: str) -> None:
    assert article.tags == ["seen"]  # the stage's in-place append is gone, the earlier stage's kept
    assert [(e.id, e.lat, e.aliases) for e in article.entities] == [("e1", 51.05, ["Gent"])]
    assert article.themes == ["after"]  # the stage after it ran
    assert [(n.stage, n.status) for n in article.stage_notes] == [(stage, "error")]
    assert article.stage_notes[0].reason.startswith("ValueError: ")


def test_a_failing_stage_keeps_every_other_stages_results_and_notes_the_error() -> None:
    pipeline = Pipeline(["tests.tag_seen.v1", "tests.flaky.v1", "tests.themes.v1"])
    article = pipeline.annotate(_article("a bad page"))
    _assert_only_flaky_lost(article, "tests.flaky.v1")
    assert article.stage_notes[0] == StageNote("tests.flaky.v1", "error", "ValueError: cannot read this one")
    good = pipeline.annotate(_article("a good page"))
    assert good.tags == ["seen", "half", "flaky"] and not good.stage_notes


@pytest.mark.parametrize("stage", ["tests.flaky.v1", "tests.flaky_batch.v1"])
def test_in_a_batch_only_the_bad_article_loses_the_stage(stage: str) -> None:
    pipeline = Pipeline(["tests.tag_seen.v1", stage, "tests.themes.v1"])
    first, bad, last = pipeline.annotate_many([_article("first"), _article("bad one"), _article("last")])
    _assert_only_flaky_lost(bad, stage)
    for good in (first, last):
        assert good.tags[0] == "seen" and "half" in good.tags and good.themes == ["after"]
        assert not good.stage_notes


def test_strict_makes_a_failing_stage_fatal_naming_it() -> None:
    pipeline = Pipeline(["tests.flaky.v1"], strict=True)
    with pytest.raises(StageError) as err:
        pipeline.annotate(_article("bad"))
    assert err.value.code == "E208" and "tests.flaky.v1" in str(err.value)
    assert isinstance(err.value.__cause__, ValueError)
    with pytest.raises(StageError):
        Pipeline(["tests.flaky_batch.v1"], strict=True).annotate_many([_article("ok"), _article("bad")])


def test_annotating_again_replaces_the_notes_of_the_stages_that_run() -> None:
    article = Pipeline(["tests.flaky.v1"]).annotate(_article("bad"))
    article.title = "now fine"
    article.stage_notes.append(StageNote("someone.else.v1", "capped", "kept"))
    again = Pipeline(["tests.flaky.v1"]).annotate(article)
    assert [n.stage for n in again.stage_notes] == ["someone.else.v1"]


def test_ingest_stores_the_article_and_records_the_stage_error(tmp_path) -> None:
    (tmp_path / "bad.txt").write_text("bad title\n\nThe body of the page that the flaky stage fails on.\n")
    (tmp_path / "good.txt").write_text("good title\n\nThe body of a page that goes through every stage.\n")
    db = tmp_path / "s.db"
    stages = ["tests.tag_seen.v1", "tests.flaky.v1", "tests.themes.v1"]
    result = ingest([str(tmp_path)], db, workers=0, stages=stages)
    assert result.added == 2 and result.failed == 0
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT origin, reason FROM errors").fetchall()
    assert len(rows) == 1
    origin, reason = rows[0]
    assert origin.endswith(f"bad.txt{STAGE_MARK}tests.flaky.v1")
    assert reason == "stage tests.flaky.v1 failed: ValueError: cannot read this one"
    tags = conn.execute("SELECT tag FROM tags JOIN articles ON id = article_id WHERE text LIKE 'bad%'").fetchall()
    assert tags == [("seen",)]
    again = ingest([str(tmp_path)], db, workers=0, stages=stages, retry_errors=True)
    assert again.processed == 0 and again.added == 0  # already stored: not analysed again, so the stored article still lacks the stage
    assert conn.execute("SELECT origin FROM errors").fetchall() == [(origin,)]
    with pytest.raises(PipelineError) as err:
        ingest([str(tmp_path / "bad.txt")], tmp_path / "strict.db", workers=0, stages=stages, strict=True)
    assert err.value.code == "E208"


@pytest.fixture
def broken_tone(monkeypatch):
    """The default pipeline's tone stage raising, as a bug in a real stage would."""
    from newsgraph.language import tone

    def fail(text: str) -> float:
        raise RuntimeError("lexicon exploded")

    monkeypatch.setattr(tone, "tone", fail)


def test_cli_analyze_warns_and_keeps_the_article_unless_strict(tmp_path, broken_tone) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Mayor Anna Berg opened the new bridge in Ghent on Monday, the city said.\n")
    result = CliRunner().invoke(main, ["analyze", "--quiet", str(page)])
    assert result.exit_code == 0, result.output
    assert "stage newsgraph.tone.v1 failed: RuntimeError: lexicon exploded" in result.stderr
    assert "error      newsgraph.tone.v1: RuntimeError: lexicon exploded" in result.stdout
    assert "Ghent" in result.stdout  # the other stages' results are there
    strict = CliRunner().invoke(main, ["analyze", "--quiet", "--strict", str(page)])
    assert strict.exit_code == 1
    assert "[E208]" in strict.stderr and "newsgraph.tone.v1" in strict.stderr


def test_the_web_article_page_shows_the_stage_notes(tmp_path) -> None:
    from fastapi.testclient import TestClient

    from newsgraph import open_store
    from newsgraph.web import create_app

    article = Article(title="Notes", text="Ein Text.", language="de", stage_notes=[
        StageNote("newsgraph.events.v1", "skipped", "language de: the stage handles en only"),
        StageNote("newsgraph.quotes.v1", "error", "ValueError: <b>bad</b>")])
    with open_store(tmp_path / "w.db") as store:
        writer = store.writer()
        writer.add(article, "notes#1", "0" * 64, "notes")
        writer.flush()
        errors = writer.conn.execute("SELECT origin, reason FROM errors").fetchall()
        writer.conn.close()
    assert [tuple(r) for r in errors] == [
        (f"notes#1{STAGE_MARK}newsgraph.quotes.v1", "stage newsgraph.quotes.v1 failed: ValueError: <b>bad</b>")]
    page = TestClient(create_app(tmp_path / "w.db")).get(f"/article/{article.id}")
    assert page.status_code == 200
    section = page.text[page.text.index('id="stage-notes"'):]
    assert "newsgraph.events.v1" in section and "language de: the stage handles en only" in section
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt;" in section  # escaped like every other text


def test_the_reported_page_now_analyses_without_a_stage_error(shared_dir) -> None:
    """The page of the report (quotes raised "min() arg is an empty sequence" on it)."""
    import newsgraph

    page = shared_dir / "data/pages/trafilatura_cache/scmp.com.playbook.html"
    if not page.is_file():
        pytest.skip(f"{page} not found")
    article = newsgraph.analyze(str(page), strict=True)
    assert article.language == "en" and article.entities and not article.stage_notes
