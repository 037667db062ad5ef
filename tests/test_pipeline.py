"""The stage registry: registration, order checks when a Pipeline is built, config and setup."""

from __future__ import annotations

import pytest

from newsgraph import Article, NewsgraphError, Pipeline, PipelineError, Stage, register
from newsgraph.pipeline import EXTRACTED, registered


@register("tests.shout.v1", requires=["title"], assigns=["tags"])
class Shout(Stage):
    """Adds the upper-cased title as a tag, so a test can see that the stage ran."""

    setups = 0

    def setup(self) -> None:
        type(self).setups += 1

    def __call__(self, article: Article) -> Article:
        article.tags.append((article.title or "").upper() + self.config.get("suffix", ""))
        return article


@register("tests.score.v1", requires=["text"], assigns=["tests_score"])
class Score(Stage):
    def __call__(self, article: Article) -> Article:
        article.tone = float(len(article.text))
        return article


@register("tests.needs_score.v1", requires=["tests_score"], assigns=["tone"])
class NeedsScore(Stage):
    def __call__(self, article: Article) -> Article:
        article.tone = (article.tone or 0.0) * 2
        return article


def test_registered_stage_is_listed_with_its_declarations() -> None:
    assert {"tests.shout.v1", "tests.score.v1", "tests.needs_score.v1"} <= set(registered())
    assert Shout.name == "tests.shout.v1"
    assert Shout.requires == ("title",) and Shout.assigns == ("tags",)


def test_pipeline_runs_registered_stages_in_order() -> None:
    pipeline = Pipeline(["tests.score.v1", "tests.needs_score.v1"])
    article = pipeline.annotate(Article(title="t", text="abcd"))
    assert article.tone == 8.0  # Score (4.0) ran before NeedsScore doubled it


def test_stage_whose_requirement_comes_later_is_rejected_at_build_time() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["tests.needs_score.v1", "tests.score.v1"])
    message = str(info.value)
    assert "tests.needs_score.v1" in message and "tests_score" in message
    assert "first" in message  # the message says how to fix the order


def test_stage_whose_requirement_is_never_assigned_is_rejected() -> None:
    with pytest.raises(PipelineError, match="tests_score"):
        Pipeline(["tests.needs_score.v1"])


def test_extracted_fields_are_available_to_the_first_stage() -> None:
    assert "title" in EXTRACTED and "text" in EXTRACTED
    Pipeline(["tests.shout.v1", "tests.score.v1"])  # both need only extracted fields


def test_unknown_stage_name_is_an_error_listing_what_exists() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["tests.no_such_stage.v1"])
    message = str(info.value)
    assert "unknown stage 'tests.no_such_stage.v1'" in message
    assert "tests.shout.v1" in message


def test_registering_another_class_under_a_taken_name_fails() -> None:
    with pytest.raises(PipelineError, match="registered twice"):

        @register("tests.shout.v1")
        class Impostor(Stage):
            pass


def test_re_registering_the_same_class_is_harmless() -> None:
    assert register("tests.shout.v1", requires=["title"], assigns=["tags"])(Shout) is Shout


def test_config_reaches_the_stage_by_name() -> None:
    pipeline = Pipeline(["tests.shout.v1"], config={"tests.shout.v1": {"suffix": "!"}})
    assert pipeline.annotate(Article(title="hello", text="x")).tags == ["HELLO!"]


def test_setup_runs_once_per_pipeline_not_per_document() -> None:
    before = Shout.setups
    pipeline = Pipeline(["tests.shout.v1"])
    for title in ("a", "b", "c"):
        pipeline.annotate(Article(title=title, text=title))
    assert Shout.setups == before + 1


def test_empty_pipeline_leaves_the_article_unchanged() -> None:
    article = Article(title="t", text="body")
    assert Pipeline([]).annotate(article) == Article(title="t", text="body")


def test_pipeline_error_is_a_newsgraph_error_with_a_code() -> None:
    assert issubclass(PipelineError, NewsgraphError)
    assert PipelineError.code == "E200"
