"""The stage registry: registration, order checks when a Pipeline is built, config and setup."""

from __future__ import annotations

from typing import ClassVar

import pytest

from newsgraph import Article, NewsgraphError, Pipeline, PipelineError, Stage, register
from newsgraph.language.resources import Batch, Resources
from newsgraph.pipeline import DEFAULT_STAGES, EXTRACTED, FIELDS, STAGE_MODULES_ENV, registered


@register("tests.shout.v1", requires=["title"], assigns=["tags"])
class Shout(Stage):
    """Adds the upper-cased title as a tag, so a test can see that the stage ran. Written the old
    way (``setup(self)``, ``__call__(self, article)``), as users' stages were before resources."""

    default_config: ClassVar[dict] = {"suffix": ""}
    setups = 0

    def setup(self) -> None:
        type(self).setups += 1

    def __call__(self, article: Article) -> Article:
        article.tags.append((article.title or "").upper() + self.config["suffix"])
        return article


@register("tests.score.v1", requires=["text"], assigns=["tone"])
class Score(Stage):
    def __call__(self, article: Article, batch=None) -> Article:
        article.tone = float(len(article.text))
        return article


@register("tests.needs_score.v1", requires=["tone"], assigns=["tone"])
class NeedsScore(Stage):
    def __call__(self, article: Article, batch=None) -> Article:
        article.tone = (article.tone or 0.0) * 2
        return article


@register("tests.old_batcher.v1", requires=["title"], assigns=["tags"])
class OldBatcher(Stage):
    """A batching stage written the old way: ``pipe(self, articles)``."""

    def __call__(self, article: Article) -> Article:
        article.tags.append("one")
        return article

    def pipe(self, articles: list[Article]) -> list[Article]:
        for article in articles:
            article.tags.append(f"batch of {len(articles)}")
        return articles


@register("tests.spy.v1", requires=["text"], assigns=[])
class Spy(Stage):
    """Records the resources it was set up with and the batch of each call."""

    def __init__(self, **config) -> None:
        super().__init__(**config)
        self.batches: list = []

    def __call__(self, article: Article, batch=None) -> Article:
        self.batches.append(batch)
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
    assert message.startswith("[E202]")
    assert "tests.needs_score.v1" in message and "tone" in message
    assert "first" in message  # the message says how to fix the order


def test_stage_whose_requirement_is_never_assigned_is_rejected() -> None:
    with pytest.raises(PipelineError, match=r"^\[E202\].*tone"):
        Pipeline(["tests.needs_score.v1"])


def test_extracted_fields_are_available_to_the_first_stage() -> None:
    assert "title" in EXTRACTED and "text" in EXTRACTED
    Pipeline(["tests.shout.v1", "tests.score.v1"])  # both need only extracted fields


def test_unknown_stage_name_is_an_error_listing_what_exists() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["tests.no_such_stage.v1"])
    message = str(info.value)
    assert message.startswith("[E201] unknown stage 'tests.no_such_stage.v1'")
    assert "tests.shout.v1" in message


def test_registering_another_class_under_a_taken_name_fails() -> None:
    with pytest.raises(PipelineError, match=r"^\[E206\].*registered twice"):

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


def test_a_misspelled_field_in_register_is_refused_naming_the_valid_ones() -> None:
    with pytest.raises(PipelineError) as info:

        @register("tests.typo.v1", requires=["text"], assigns=["entites"])
        class Typo(Stage):
            pass

    message = str(info.value)
    assert message.startswith("[E203] stage 'tests.typo.v1' assigns 'entites'")
    assert "did you mean 'entities'?" in message and "mentions" in message  # the valid fields are listed
    assert "tests.typo.v1" not in registered()


def test_requires_is_checked_against_article_too() -> None:
    with pytest.raises(PipelineError, match=r"^\[E203\] stage 'tests.typo2.v1' requires 'body'"):
        register("tests.typo2.v1", requires=["body"])(type("Typo2", (Stage,), {}))
    assert set(EXTRACTED) <= set(FIELDS)


def test_an_unknown_config_key_is_refused_naming_the_valid_ones() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["tests.shout.v1"], config={"tests.shout.v1": {"sufix": "!"}})
    message = str(info.value)
    assert message.startswith("[E204] stage 'tests.shout.v1' takes no config key 'sufix'")
    assert message.endswith("valid keys: suffix")


def test_builtin_stages_declare_their_config() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["newsgraph.entities.v1"], config={"newsgraph.entities.v1": {"modle": "md"}})
    assert str(info.value).startswith("[E204]") and "valid keys: kb, model, trained" in str(info.value)
    with pytest.raises(PipelineError, match=r"^\[E204\].*valid keys: none"):
        Pipeline(["newsgraph.tone.v1"], config={"newsgraph.tone.v1": {"model": "md"}})


def test_config_for_a_stage_outside_the_pipeline_is_refused() -> None:
    with pytest.raises(PipelineError, match=r"^\[E201\] config for stage 'tests.score.v1', which is not in"):
        Pipeline(["tests.shout.v1"], config={"tests.score.v1": {}})
    with pytest.raises(PipelineError, match=r"^\[E201\].*which is not registered"):
        Pipeline(["tests.shout.v1"], config={"tests.shuot.v1": {"suffix": "!"}})
    with pytest.raises(PipelineError, match=r"^\[E204\].*must be a dict"):
        Pipeline(["tests.shout.v1"], config={"tests.shout.v1": ["suffix"]})


def test_only_stage_classes_can_register() -> None:
    with pytest.raises(PipelineError, match=r"^\[E206\]"):
        register("tests.function.v1")(lambda article: article)


def test_an_unimportable_stage_module_is_named(monkeypatch) -> None:
    monkeypatch.setenv(STAGE_MODULES_ENV, "tests_no_such_module_xyz")
    with pytest.raises(PipelineError, match=r"^\[E206\].*tests_no_such_module_xyz"):
        Pipeline([])


def test_default_stages_are_one_constant_registered_by_the_language_layer() -> None:
    import newsgraph.language  # noqa: F401  (imported again: nothing may change)
    from newsgraph import pipeline

    assert isinstance(pipeline.DEFAULT_STAGES, tuple) and pipeline.DEFAULT_STAGES is DEFAULT_STAGES
    assert [s.name for s in Pipeline().stages] == list(DEFAULT_STAGES)


def test_every_stage_gets_the_pipelines_resources_and_one_batch_per_call() -> None:
    resources = Resources(model="sm")
    pipeline = Pipeline(["tests.spy.v1", "tests.shout.v1"], resources=resources)
    spy = pipeline.stages[0]
    pipeline.annotate(Article(title="a", text="a"))
    pipeline.annotate_many([Article(title="b", text="b"), Article(title="c", text="c")])
    assert spy.resources is resources  # no config of its own: the pipeline's, as they are
    first, second, third = spy.batches
    assert isinstance(first, Batch) and first is not second and second is third


def test_a_stage_called_on_its_own_sets_itself_up_with_defaults() -> None:
    spy = Spy()
    spy(Article(text="x"))
    assert spy.batches == [None] and isinstance(spy.ready(), Resources)


def test_a_stage_config_overrides_part_of_the_resources() -> None:
    from kbfake import fake_kb

    kb = fake_kb()
    shared = Resources(model="sm", trained=False)
    pipeline = Pipeline(["newsgraph.entities.v1", "newsgraph.places.v1"],
                        config={"newsgraph.places.v1": {"kb": kb}}, resources=shared)
    places = pipeline.stages[1]
    places.setup(shared)  # the stage alone: the entities stage would load spaCy
    assert places.ready().kb() is kb
    assert places.ready().model == "sm" and places.ready().trained is False  # the rest is shared


def test_a_kb_without_the_knowledge_base_methods_is_refused_at_setup() -> None:
    pipeline = Pipeline(["newsgraph.entities.v1", "newsgraph.places.v1"],
                        config={"newsgraph.places.v1": {"kb": {"Paris": "FRA"}}})
    with pytest.raises(PipelineError, match=r"^\[E207\] kb must be a knowledge base"):
        pipeline.stages[1].setup(pipeline.resources)


def test_a_stage_written_the_old_way_runs_as_written() -> None:
    pipeline = Pipeline(["tests.shout.v1", "tests.old_batcher.v1"])
    assert pipeline.annotate(Article(title="a", text="a")).tags == ["A", "one"]
    tags = [a.tags for a in pipeline.annotate_many([Article(title="b", text="b"), Article(title="c", text="c")])]
    assert tags == [["B", "batch of 2"], ["C", "batch of 2"]]
