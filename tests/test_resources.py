"""Resources and batches: what stages share is handed to them, never kept in module state."""

from __future__ import annotations

import pytest
from kbfake import FakeKB, fake_kb

from newsgraph import Article, Pipeline
from newsgraph.language import nlp
from newsgraph.language.quotes.stage import QuotesStage
from newsgraph.language.resources import Batch, Resources

KB_STAGES = ["newsgraph.entities.v1", "newsgraph.places.v1", "newsgraph.actors.v1"]
TEXT = ("Croatian officials met NATO envoys in Smallbrook on Tuesday. "
        "Croatia's President said the talks in Smallbrook went well, NATO said.")


def _coded(kb) -> set[tuple]:
    article = Pipeline(KB_STAGES, resources=Resources(kb=kb)).annotate(Article(id="same", text=TEXT))
    return {(e.name, e.country, e.sector, e.lat) for e in article.entities}


def test_two_pipelines_with_different_knowledge_bases_keep_to_their_own() -> None:
    knows = fake_kb()
    ignorant = FakeKB([e for e in knows.entries if e.name not in ("Smallbrook", "NATO", "Croatia", "Croatian")])
    first = _coded(knows)
    second = _coded(ignorant)
    coded = {("NATO", None, "IGO", None), ("Croatian", "HRV", None, None), ("Smallbrook", "GBR", None, 52.0)}
    assert coded <= first
    assert not coded & second
    assert {name for name, *_ in second} >= {"NATO", "Croatian", "Smallbrook"}  # found, but not coded
    assert _coded(knows) == first  # the second pipeline left nothing behind for the first


def test_the_same_article_id_with_new_text_gets_a_new_parse() -> None:
    pipeline = Pipeline(["newsgraph.entities.v1", "newsgraph.time.v1", "newsgraph.quotes.v1"])
    old = Article(id="same", text='Anna Berg flew to Oslo on Monday. "We will stay," Berg said.')
    new = Article(id="same", text='Jonas Lie drove to Bergen in March. "It went well," Lie said.')
    (before,) = pipeline.annotate_many([old])
    (after,) = pipeline.annotate_many([new])
    assert {m.text for m in before.mentions} >= {"Anna Berg", "Oslo"}
    assert {m.text for m in after.mentions} >= {"Jonas Lie", "Bergen"}
    assert all(after.text[m.start:m.end] == m.text for m in after.mentions)
    assert [q.text for q in after.quotes] == ["It went well,"] and after.quotes[0].speaker.text == "Lie"
    assert [d.text for d in after.dates] == ["in March"]


def test_two_texts_under_one_id_in_one_batch_each_get_their_own_parse() -> None:
    pipeline = Pipeline(["newsgraph.entities.v1", "newsgraph.quotes.v1"])
    texts = ['Anna Berg flew to Oslo. "We stay," Berg said.', 'Jonas Lie drove to Bergen. "We go," Lie said.']
    alone = [pipeline.annotate(Article(id="same", text=t)).to_dict() for t in texts]
    together = pipeline.annotate_many([Article(id="same", text=t) for t in texts])
    assert [a.to_dict() for a in together] == alone


def test_what_no_stage_asks_for_is_never_loaded(monkeypatch) -> None:
    import newsgraph.knowledge

    def refuse(*args, **kwargs):
        raise AssertionError("loaded although no stage needs it")

    monkeypatch.setattr(nlp, "setup", refuse)
    monkeypatch.setattr(nlp, "trained_tagger", refuse)
    monkeypatch.setattr(newsgraph.knowledge, "get_kb", refuse)
    pipeline = Pipeline(["newsgraph.time.v1", "newsgraph.tone.v1"])
    article = pipeline.annotate(Article(text="Prices rose sharply on Monday.", published="2024-06-14"))
    assert article.dates[0].value == "2024-06-10" and article.tone is not None


def test_an_explicit_kb_is_used_and_the_shared_one_is_not_loaded(monkeypatch) -> None:
    import newsgraph.knowledge

    monkeypatch.setattr(newsgraph.knowledge, "get_kb", lambda: pytest.fail("the shared KB was loaded"))
    kb = fake_kb()
    pipeline = Pipeline(["newsgraph.entities.v1", "newsgraph.places.v1"], resources=Resources(kb=kb))
    pipeline.setup()
    assert all(stage.ready().kb() is kb for stage in pipeline.stages)


def test_a_stage_called_on_its_own_parses_what_it_needs() -> None:
    article = Article(text='"We will stay," said Anna Berg.')
    article.entities, article.mentions = [], []
    quoted = QuotesStage()(article)
    assert [q.text for q in quoted.quotes] == ["We will stay,"]


def test_a_batch_hands_out_a_doc_only_for_the_text_it_was_parsed_from() -> None:
    batch, resources = Batch(), Resources()
    doc = batch.doc_for("a", "Oslo is cold.", "text", resources)
    assert batch.doc("a", "Oslo is cold.", "text", resources.model_name) is doc
    assert batch.doc("a", "Oslo is warm.", "text", resources.model_name) is None
    assert batch.doc("a", "Oslo is cold.", "caption:0", resources.model_name) is None
    assert Batch().doc("a", "Oslo is cold.", "text", resources.model_name) is None  # one batch's own
