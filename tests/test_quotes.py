"""Quotations: spans in every style, speakers, partial and reported speech, stray marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.language.quotes.find import find_quotes
from newsgraph.language.quotes.spans import find_quote_spans, paragraphs


@pytest.fixture(scope="module")
def parse():
    from newsgraph.language import nlp

    model = nlp.setup()
    return lambda text: model(text)


def quotes_of(parse, text):
    return find_quotes(text, parse(text))


@pytest.mark.parametrize(
    "text, inner",
    [
        ('She said: "We will not back down."', "We will not back down."),
        ("Er sagte: „Wir geben nicht nach.“ Dann ging er.", "Wir geben nicht nach."),
        ("Il a dit : « Nous ne céderons pas » hier.", " Nous ne céderons pas "),
        ("He called it \u201ca turning point\u201d for the region.", "a turning point"),
        ("The minister\u2019s reply was \u2018we are ready\u2019, aides said.", "we are ready"),
    ],
)
def test_quote_styles(text, inner):
    spans = find_quote_spans(text)
    assert [s.text(text) for s in spans] == [inner]


def test_apostrophes_are_not_quotes():
    text = "Serbia\u2019s president didn\u2019t attend the ministers\u2019 meeting in the \u201990s."
    assert find_quote_spans(text) == []


def test_unbalanced_mark_never_swallows_the_rest():
    text = 'He said "this is open and never closed.\n\nThe next paragraph is narration.\n\n"A real quote," she said.'
    spans = [s.text(text) for s in find_quote_spans(text)]
    assert spans == ["A real quote,"]


def test_multi_paragraph_quote_is_chained():
    text = '"The first part of the statement runs on.\n\n"And the second part closes it," the envoy said.'
    spans = find_quote_spans(text)
    assert len(spans) == 2
    assert spans[1].continues and spans[0].close_mark is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .,\n"\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\'')), max_size=300))
def test_spans_stay_in_paragraphs(text):
    paras = paragraphs(text)
    for span in find_quote_spans(text):
        assert 0 <= span.open_mark < span.start <= span.end <= len(text)
        home = [p for p in paras if p[0] <= span.open_mark < p[1]]
        assert home and span.end <= home[0][1]


def test_speaker_from_cue_verb_both_orders(parse):
    text = (
        'Officials met in Geneva on Monday. "We made real progress today," said Maria Lopez, the mediator.\n\n'
        '"Nothing is agreed until everything is agreed," Lopez added.'
    )
    found = quotes_of(parse, text)
    assert [(q.speaker.text, q.cue) for q in found] == [("Maria Lopez", "say"), ("Lopez", "add")]
    assert all(q.kind == "direct" for q in found)


def test_pronoun_speaker_and_continued_quote(parse):
    text = (
        'The senator spoke after the vote. "This bill will help millions of families," he said. '
        '"It is the first step, not the last."'
    )
    found = quotes_of(parse, text)
    assert len(found) == 2
    assert found[0].speaker.text == "he"
    assert found[1].speaker.text == "he"  # a quote standing alone continues the previous speaker


def test_according_to_and_colon_and_dash(parse):
    text = (
        'According to Jan Novak, "the talks collapsed over the border question."\n\n'
        'Anna Berg: "We expected more from this summit and we will say so."\n\n'
        '"Peace is possible if both sides want it." \u2014 Kofi Mensah'
    )
    speakers = [q.speaker.text for q in quotes_of(parse, text)]
    assert speakers == ["Jan Novak", "Anna Berg", "Kofi Mensah"]


def test_partial_quote_and_channel(parse):
    text = (
        'Mayor Lena Park praised the new budget, calling it "very fair" during a press conference.\n\n'
        '"We will keep working for the city," Park wrote on Instagram.'
    )
    found = quotes_of(parse, text)
    assert found[0].text == "very fair" and found[0].speaker.text == "Mayor Lena Park"
    assert found[1].channel == "Instagram" and found[1].cue == "write"


def test_reported_speech(parse):
    text = (
        "The foreign minister expressed his belief that the agreement would hold. "
        "Police said that three people were arrested near the station."
    )
    found = quotes_of(parse, text)
    kinds = [(q.kind, q.speaker.text) for q in found]
    assert ("indirect", "The foreign minister") in kinds
    assert ("indirect", "Police") in kinds
    assert any(q.text.startswith("that the agreement would hold") for q in found)


def test_titles_and_scare_quotes_are_not_quotes(parse):
    text = 'He appeared on "Meet the Press" and on "Face the Nation" on Sunday to talk about "values".'
    assert quotes_of(parse, text) == []


def test_transcript_line_names_its_speaker(parse):
    text = 'Partial transcript:\n\n"HOST: Will you run again next year, Senator?\n\n"SMITH: I have not decided yet."'
    speakers = [q.speaker.text for q in quotes_of(parse, text)]
    assert speakers == ["HOST", "SMITH"]


def test_a_reported_clause_of_lone_punctuation_is_no_quote() -> None:
    """The parser can hang a lone dash under a speech verb as its clause ("She announced - …" on a
    real page): no quote, and no crash (it was ``min() arg is an empty sequence``)."""
    from spacy.tokens import Doc

    from newsgraph.language import nlp as nlp_mod
    from newsgraph.language.quotes.find import _indirect

    words = ["The", "minister", "announced", "-", "."]
    doc = Doc(nlp_mod.setup().vocab, words=words, spaces=[True, True, True, False, False],
              heads=[1, 2, 2, 2, 2], deps=["det", "nsubj", "ROOT", "ccomp", "punct"],
              pos=["DET", "NOUN", "VERB", "PUNCT", "PUNCT"], lemmas=["the", "minister", "announce", "-", "."])
    assert _indirect(doc.text, doc, bytearray(len(doc.text))) == []
