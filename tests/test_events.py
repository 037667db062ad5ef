"""PLOVER event coding on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.article import Article
from newsgraph.pipeline import Pipeline


@pytest.fixture(scope="module")
def annotate():
    pipeline = Pipeline()
    pipeline.setup()
    return lambda text, date="2024-06-14": pipeline.annotate(Article(text=text, published=date))


def only(article, kind):
    found = [e for e in article.events if e.type == kind]
    assert found, f"no {kind} in {[(e.type, e.trigger.text) for e in article.events]}"
    return found[0]


def codes(participants):
    return {("IGO" if p.sector == "IGO" else p.country) for p in participants}


def test_meeting_with_place_date_and_parties(annotate):
    art = annotate("German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Tuesday.")
    ev = only(art, "CONSULT")
    assert codes(ev.actors) == {"DEU"} and codes(ev.recipients) == {"FRA"}
    names = {e.id: e.name for e in art.entities}
    assert names[ev.place] == "Paris"
    assert ev.date.value == "2024-06-11"  # the Tuesday before the article's Friday
    assert ev.cameo.startswith("04") and ev.quad_class == 1
    assert ev.sentence.text.startswith("German Chancellor") and ev.trigger.text == "met"


def test_passive_sentence_and_agent(annotate):
    art = annotate("The opposition leader was sentenced to five years in prison by a court in Minsk in March.")
    ev = only(art, "SANCTION")
    assert any("court" in p.text for p in ev.actors)
    assert any("leader" in p.text for p in ev.recipients)
    assert ev.date.value == "2024-03" and ev.date.precision == "month"


def test_negated_recognition_is_a_rejection(annotate):
    ev = only(annotate("Spain has never recognised the independence of Kosovo."), "REJECT")
    assert codes(ev.actors) == {"ESP"} and not ev.negated


def test_historical_nominal_event(annotate):
    art = annotate("The 2003 invasion of Iraq by the United States still shapes the region.")
    ev = only(art, "ASSAULT")
    assert ev.historical and ev.date.value == "2003"
    assert codes(ev.actors) == {"USA"} and codes(ev.recipients) == {"IRQ"}


def test_intent_and_threat(annotate):
    agree = only(annotate("Norway will send humanitarian aid to Sudan."), "AGREE")
    assert agree.future and agree.mode == "aid"
    threat = only(annotate("The rebels threatened to attack the capital if talks fail."), "THREATEN")
    assert threat.actors


def test_demand_reported_with_must(annotate):
    ev = only(annotate("Britain said on Monday that Iran must release the detained sailors."), "REQUEST")
    assert codes(ev.actors) == {"GBR"} and codes(ev.recipients) == {"IRN"}


def test_event_inside_a_quote_is_the_speakers_claim(annotate):
    art = annotate('"Russian troops attacked our villages last week," Ukrainian President Volodymyr Zelensky said.')
    ev = only(art, "ASSAULT")
    speaker = next(q.speaker for q in art.quotes)
    assert ev.claimed_by == speaker.entity_id and ev.claimed_by


def test_no_event_in_plain_description(annotate):
    assert annotate("The museum is open every day and the weather was sunny.").events == []
