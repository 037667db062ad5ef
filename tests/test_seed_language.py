"""Acceptance: the "Quotes" and "Events" parts of the worked example's expected output.

Reads ../shared/examples at run time; nothing of it is copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from unidecode import unidecode

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "bne-vucic-rutte-dinner.txt"


@pytest.fixture(scope="module")
def article():
    if not SEED.exists():
        pytest.skip(f"shared example absent: {SEED}")
    import newsgraph

    return newsgraph.analyze(str(SEED))


def name_of(article, entity_id):
    names = {e.id: unidecode(e.name) for e in article.entities}
    return names.get(entity_id, "")


def test_all_seven_quotes_have_the_right_speaker(article):
    quotes = article.quotes
    assert len(quotes) == 7
    speakers = [name_of(article, q.speaker.entity_id) for q in quotes]
    assert all(s in ("Aleksandar Vucic", "Mark Rutte") for s in speakers), speakers
    by_text = {q.text: (q, name_of(article, q.speaker.entity_id)) for q in quotes}
    instagram = next(q for q in quotes if q.text.startswith("We have countless topics"))
    assert instagram.cue == "write" and instagram.channel == "Instagram"
    assert by_text["very fair"][1] == "Aleksandar Vucic"
    assert any(t.startswith("We all want to avoid that") and s == "Aleksandar Vucic" for t, (_, s) in by_text.items())
    social = [q for q in quotes if q.kind == "social"]
    assert len(social) == 1 and social[0].channel == "X" and name_of(article, social[0].speaker.entity_id) == "Mark Rutte"
    indirect = [q for q in quotes if q.kind == "indirect"]
    assert indirect and indirect[0].text.startswith("that the dinner would pave the way")


def events_of(article, kind):
    return [e for e in article.events if e.type == kind]


def test_dinner_in_brussels(article):
    names = {e.id: e.name for e in article.entities}
    consult = [e for e in events_of(article, "CONSULT") if e.date and e.date.value == "2025-03-19"
               and names.get(e.place) == "Brussels" and e.zone == "text"]
    assert consult
    ev = consult[0]
    assert {p.country for p in ev.actors} == {"SRB"} and ev.actors[0].sector == "GOV"
    assert any(p.sector == "IGO" for p in ev.recipients)


def test_phone_call_two_weeks_before_the_tweet(article):
    calls = [e for e in events_of(article, "CONSULT") if e.date and e.date.value == "2025-03-05"]
    assert calls and calls[0].zone.startswith("embed:")
    assert name_of(article, calls[0].actors[0].entity_id) == "Mark Rutte"


def test_sanction_of_dodik_in_february(article):
    found = [e for e in events_of(article, "SANCTION") if e.date and e.date.value == "2025-02"]
    assert found
    ev = found[0]
    assert any("court" in p.text for p in ev.actors)
    assert any(name_of(article, p.entity_id) == "Milorad Dodik" for p in ev.recipients)


def test_historical_bombing_and_rejected_recognition(article):
    bombing = [e for e in events_of(article, "ASSAULT") if e.date and e.date.value == "1999"]
    assert bombing and bombing[0].historical
    assert {p.country for p in bombing[0].recipients} >= {"SRB", "MNE"}
    reject = [e for e in events_of(article, "REJECT") if e.trigger.text.startswith("recogni")]
    assert reject and {p.country for p in reject[0].actors} == {"SRB"} and not reject[0].negated


def test_every_event_is_traceable(article):
    for ev in article.events:
        text = article.text if ev.zone == "text" else article.embeds[int(ev.zone.split(":")[1])].text
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
        assert text[ev.sentence.start : ev.sentence.end] == ev.sentence.text
        assert ev.sentence.start <= ev.trigger.start < ev.sentence.end


def test_full_cameo_actor_codes(article):
    """Vučić by his dated role in the Phoenix dictionary, NATO by its code there, and Rutte by
    the title the text gives him (the dictionary, ending in 2014, knows him as a Dutch politician)."""
    by_name = {unidecode(e.name): e for e in article.entities}
    assert by_name["Aleksandar Vucic"].code == "SRBGOV"
    assert by_name["Aleksandar Vucic"].kb["newsgraph"] == "actor:ALEKSANDAR_VUCIC"
    assert by_name["Mark Rutte"].code == "IGOWSTNAT"
    assert by_name["Mark Rutte"].kb["newsgraph"] == "actor:MARK_RUTTE"
    assert {e.code for e in article.entities if e.type == "ORG" and unidecode(e.name).upper() == "NATO"} == {"IGOWSTNAT"}
    consult = [e for e in events_of(article, "CONSULT") if e.date and e.date.value == "2025-03-19" and e.zone == "text"]
    assert [p.code for p in consult[0].actors] == ["SRBGOV"]
    assert "IGOWSTNAT" in {p.code for p in consult[0].recipients}
    bombing = [e for e in events_of(article, "ASSAULT") if e.date and e.date.value == "1999"]
    assert {p.code for p in bombing[0].actors} == {"IGOWSTNAT"}
