"""Cost linear in the text: long texts are parsed and tagged in bounded pieces whose offsets map
back exactly, each stage's work grows in proportion to what it reads, and a text over the
per-document limit is analysed in part with a ``capped`` note from every stage that read it.
(Seconds and memory on real text: ``python -m benchmarks scaling``.)"""

from __future__ import annotations

from itertools import pairwise

from newsgraph import Pipeline
from newsgraph.article import Article, Mention
from newsgraph.language import nlp
from newsgraph.language.entities import resolve
from newsgraph.language.entities.rules import Found
from newsgraph.language.resources import Batch, Resources

PARAGRAPH = "Anna Berg flew to Oslo on Monday. \"We agreed on the quotas,\" she said.\n\n"


def test_long_text_is_cut_after_paragraph_breaks(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 100)
    text = PARAGRAPH * 6
    pieces = nlp._pieces(text)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(len(p) <= 100 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])  # never inside a sentence while a break is near


def test_pieces_of_a_long_text_are_parsed_a_few_at_a_time_and_joined_exactly(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 200)
    monkeypatch.setattr(nlp, "BATCH_CHARS", 400)
    model = nlp.setup()
    batches: list[list[str]] = []
    real_pipe = model.pipe

    def pipe(texts, **kwargs):
        texts = list(texts)
        batches.append(texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(model, "pipe", pipe)
    text = PARAGRAPH * 30
    (doc,) = nlp.parse_many([text])
    assert doc.text == text
    assert len(batches) > 1 and all(sum(map(len, b)) <= 400 for b in batches)
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    assert [s.text for s in doc.sents].count("Anna Berg flew to Oslo on Monday.") == 30


def test_the_tagger_reads_a_long_doc_in_windows_and_its_spans_map_back(monkeypatch):
    monkeypatch.setattr(nlp, "WINDOW_TOKENS", 40)
    tagger = Resources().tagger()
    seen: list[int] = []
    found: list[list[str]] = []
    real_pipe = tagger.pipe

    def pipe(docs, **kwargs):
        for doc in real_pipe(list(docs), **kwargs):
            seen.append(len(doc))
            found.append([e.text for e in doc.ents])
            yield doc

    monkeypatch.setattr(tagger, "pipe", pipe)
    (doc,) = nlp.parse_many([PARAGRAPH * 12])
    (spans,) = nlp.coarse_spans([doc], tagger)
    assert len(seen) > 1 and max(seen) <= 40 and sum(seen) == len(doc)
    assert [doc[start:end].text for start, end, _ in spans] == [text for texts in found for text in texts]
    assert any(doc[start:end].text == "Anna Berg" for start, end, _ in spans)


def test_the_tagger_skips_sentences_that_can_hold_no_name(monkeypatch):
    tagger = Resources().tagger()
    given: list[str] = []
    real_pipe = tagger.pipe

    def pipe(docs, **kwargs):
        docs = list(docs)
        given.extend(doc.text for doc in docs)
        yield from real_pipe(docs, **kwargs)

    monkeypatch.setattr(tagger, "pipe", pipe)
    text = ("Police said the two men were freed on bail. Anna Berg flew to Oslo on Monday. "
            "the talks ended without a deal. Officials in iPhone-mad Lund cheered. "
            "prices rose again in the spring and fell in the autumn.")
    (doc,) = nlp.parse_many([text])
    (spans,) = nlp.coarse_spans([doc], tagger)
    runs = nlp.name_runs(doc, 0, len(doc))
    # the sentences with a capital after their opener are read (with two tokens of context each
    # side); the two with none, whose opener is no name, are not
    assert [doc[first:last].text for _, _, first, last in runs] == [
        "Anna Berg flew to Oslo on Monday.", "Officials in iPhone-mad Lund cheered."]
    assert sum(len(t.split()) for t in given) < len(text.split())
    assert {doc[start:end].text for start, end, _ in spans} >= {"Anna Berg", "Oslo"}
    # the same names as the tagger finds reading the whole text
    monkeypatch.setattr(nlp, "name_runs", lambda d, start, end: [(start, end, start, end)])
    assert nlp.coarse_spans([doc], tagger) == [spans]


def test_token_windows_cover_the_doc_in_order_and_cut_at_line_breaks():
    (doc,) = nlp.parse_many([PARAGRAPH * 10])
    windows = nlp.token_windows(doc, 30)
    assert windows[0][0] == 0 and windows[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in pairwise(windows))
    assert all(end - start <= 30 for start, end in windows)
    assert all("\n" in doc[end - 1].text_with_ws for _, end in windows[:-1])


def _people(n: int) -> list[tuple[Mention, Found]]:
    """``n`` distinct people, each named in full and then by surname."""
    items = []
    for i in range(n):
        name, surname = f"Person{i} Surname{i}", f"Surname{i}"
        for text in (name, surname):
            items.append((Mention(0, len(text), text, "PERSON"), Found(0, len(text), "PERSON", text)))
    return items


def test_placing_mentions_in_clusters_grows_linearly_with_the_article(monkeypatch):
    calls = {"n": 0}
    real = resolve._ends_name

    def counted(short, long):
        calls["n"] += 1
        return real(short, long)

    monkeypatch.setattr(resolve, "_ends_name", counted)
    work = {}
    for n in (50, 200):
        calls["n"] = 0
        resolver = resolve.Resolver("a")
        resolver.add_all(_people(n))
        assert len(resolver.clusters) == n  # each surname joined its own full name
        work[n] = calls["n"]
    assert work[200] <= 4 * work[50] + 10  # a scan of every cluster per mention would be 16x


def test_a_text_over_the_limit_is_analysed_in_part_and_every_reading_stage_says_so(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS", 600)
    text = PARAGRAPH * 20
    pipeline = Pipeline()
    article = pipeline.annotate(Article(id="long", text=text, published="2024-03-04"))
    assert article.text == text  # the text is kept whole; only its analysis is capped
    notes = {n.stage for n in article.stage_notes if n.status == "capped"}
    assert notes == {"newsgraph.entities.v1", "newsgraph.time.v1", "newsgraph.quotes.v1",
                     "newsgraph.events.v1", "newsgraph.tone.v1"}
    assert all("600" in n.reason for n in article.stage_notes)
    spans = [*article.mentions, *article.quotes, *article.dates]
    assert spans and all(s.end <= 600 and text[s.start : s.end] == s.text for s in spans)
    again = pipeline.annotate(article)
    assert len(again.stage_notes) == len(notes)  # a second run notes nothing twice


def test_a_batch_parse_of_a_capped_zone_is_reused(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS", 300)
    text = PARAGRAPH * 10
    batch, resources = Batch(), Resources()
    (doc,) = nlp.parse_many([text])
    batch.keep("a", "text", doc, resources.model_name)
    assert batch.doc_for("a", text, "text", resources) is doc and len(doc.text) <= 300
