"""The data model: lossless round trips, forward compatibility, version checks and stable ids."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.article import (
    SCHEMA_VERSION,
    Article,
    Caption,
    Dateline,
    Disclosure,
    Embed,
    Entity,
    Event,
    Mention,
    Origin,
    Participant,
    Quote,
    Span,
    Speaker,
    TimeExpr,
    TimeValue,
    article_id,
)

# Lone surrogates cannot be encoded as UTF-8 JSON text, and no decoded page contains them.
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
opt_text = st.none() | text
offset = st.integers(min_value=0, max_value=10_000)
coord = st.floats(min_value=-180, max_value=180, allow_nan=False)
score = st.floats(min_value=0, max_value=1, allow_nan=False)
names = st.lists(text, max_size=3)

origins = st.builds(Origin, input=text, record=opt_text, kind=st.sampled_from(["file", "warc", "feed", "jsonl"]),
                    fetched=opt_text)
datelines = st.builds(Dateline, place=opt_text, date=opt_text, text=opt_text)
captions = st.builds(Caption, text=text, credit=opt_text)
embeds = st.builds(
    Embed, platform=st.sampled_from(["x", "instagram", "youtube", "telegram"]), url=opt_text, author=opt_text,
    handle=opt_text, text=opt_text, posted=opt_text,
    metrics=st.dictionaries(st.sampled_from(["views", "likes", "reposts"]), st.integers(0, 10**9)),
    mentions=names, hashtags=names,
)
disclosures = st.builds(Disclosure, kind=st.sampled_from(["foreign_agent", "sponsored", "correction"]),
                        text=text, agent=opt_text, principal=opt_text)
mentions = st.builds(Mention, start=offset, end=offset, text=text, label=st.sampled_from(["PERSON", "GPE", "ORG"]),
                     entity_id=opt_text, zone=st.sampled_from(["text", "title", "caption:0"]))
entities = st.builds(
    Entity, id=text, name=text, type=st.sampled_from(["PERSON", "ORG", "GPE"]), aliases=names,
    kb=st.dictionaries(st.sampled_from(["wikidata", "geonames"]), text, max_size=2),
    country=st.none() | st.sampled_from(["SRB", "BEL", "USA"]), sector=st.none() | st.sampled_from(["GOV", "IGO"]),
    title=opt_text, lat=st.none() | coord, lon=st.none() | coord, admin1=opt_text, mentions=st.integers(0, 99),
)
speakers = st.builds(Speaker, text=text, entity_id=opt_text, start=st.none() | offset, end=st.none() | offset)
quotes = st.builds(Quote, start=offset, end=offset, text=text, speaker=st.none() | speakers, cue=opt_text,
                   kind=st.sampled_from(["direct", "indirect", "social"]), channel=opt_text)
spans = st.builds(Span, start=offset, end=offset, text=text)
participants = st.builds(Participant, text=text, entity_id=opt_text, country=opt_text, sector=opt_text)
time_values = st.builds(TimeValue, value=text, precision=st.sampled_from(["day", "month", "year", "range"]))
events = st.builds(
    Event, id=text, type=st.sampled_from(["CONSULT", "ACCUSE", "SANCTION", "AGREE", "PROTEST"]),
    sentence=spans, trigger=spans, mode=opt_text, cameo=opt_text, quad_class=st.none() | st.integers(1, 4),
    score=st.none() | score, actors=st.lists(participants, max_size=2), recipients=st.lists(participants, max_size=2),
    place=opt_text, date=st.none() | time_values, negated=st.booleans(), historical=st.booleans(),
    future=st.booleans(), hypothetical=st.booleans(), claimed_by=opt_text, confidence=score,
)
time_exprs = st.builds(TimeExpr, start=offset, end=offset, text=text, value=opt_text,
                       precision=st.none() | st.sampled_from(["day", "month", "year"]))


def small(strategy):
    return st.lists(strategy, max_size=2)


articles = st.builds(
    Article, id=st.just("") | st.text("0123456789abcdef", min_size=16, max_size=16), url=opt_text,
    canonical_url=opt_text, source=opt_text, language=opt_text, title=opt_text, authors=names,
    published=opt_text, modified=opt_text, description=opt_text, dateline=st.none() | datelines, text=text,
    captions=small(captions), tags=names, embeds=small(embeds), disclosures=small(disclosures),
    mentions=small(mentions), entities=small(entities), quotes=small(quotes), events=small(events),
    dates=small(time_exprs), tone=st.none() | st.floats(-100, 100, allow_nan=False), origin=st.none() | origins,
)


@settings(max_examples=80, deadline=None)
@given(articles)
def test_round_trip_through_dict(article: Article) -> None:
    again = Article.from_dict(article.to_dict())
    assert again == article
    assert again.to_dict() == article.to_dict()


@settings(max_examples=80, deadline=None)
@given(articles)
def test_round_trip_through_json_text(article: Article) -> None:
    payload = json.dumps(article.to_dict(), ensure_ascii=False)
    again = Article.from_dict(json.loads(payload))
    assert again == article
    # nested records come back as their dataclasses, not as dicts
    for record in (*again.embeds, *again.events, *again.quotes, *again.captions):
        assert dataclasses.is_dataclass(record)
    for ev in again.events:
        assert isinstance(ev.sentence, Span) and isinstance(ev.trigger, Span)
        assert ev.date is None or isinstance(ev.date, TimeValue)
        assert all(isinstance(p, Participant) for p in ev.actors + ev.recipients)


def _rich_article() -> Article:
    return Article(
        url="https://example.org/a", title="Ministers meet", text="Ministers met in Vienna on Tuesday.",
        dateline=Dateline(place="Vienna", date="2025-03-04"), origin=Origin("page.html"),
        embeds=[Embed(platform="x", handle="@someone", metrics={"views": 21700})],
        quotes=[Quote(start=0, end=7, text="Ministers", speaker=Speaker("she", entity_id="e1", start=0, end=3))],
        events=[Event(id="ev1", type="CONSULT", sentence=Span(0, 35), trigger=Span(10, 13, "met"),
                      date=TimeValue("2025-03-04", "day"), actors=[Participant("Ministers", country="AUT")])],
    )


def test_dict_keys_follow_field_order() -> None:
    data = _rich_article().to_dict()
    assert list(data) == [f.name for f in dataclasses.fields(Article)]
    assert data["schema_version"] == SCHEMA_VERSION


def test_from_dict_ignores_unknown_keys_at_every_level() -> None:
    data = _rich_article().to_dict()
    data["added_in_a_later_version"] = {"anything": 1}
    data["embeds"][0]["reactions"] = 5
    data["events"][0]["trigger"]["lemma"] = "meet"
    data["quotes"][0]["speaker"]["gender"] = "f"
    again = Article.from_dict(data)
    assert again == _rich_article()
    assert not hasattr(again, "added_in_a_later_version")


def test_from_dict_fills_missing_fields_with_defaults() -> None:
    article = Article.from_dict({"title": "Only a title", "text": "Body."})
    assert article.authors == [] and article.events == [] and article.dateline is None
    assert article.schema_version == SCHEMA_VERSION
    assert article.id == article_id(None, "Only a title", "Body.")


def test_from_dict_rejects_a_newer_schema_with_a_clear_message() -> None:
    data = _rich_article().to_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ValueError, match=r"schema_version .*newer.*upgrade newsgraph"):
        Article.from_dict(data)


def test_from_dict_reads_an_older_or_equal_schema() -> None:
    data = _rich_article().to_dict()
    data["schema_version"] = SCHEMA_VERSION
    assert Article.from_dict(data) == _rich_article()


def test_ids_are_stable_content_hashes() -> None:
    a = Article(url="https://example.org/a", title="T", text="Body")
    b = Article(url="https://example.org/a", title="T", text="Body", tags=["x"], tone=1.5)
    assert a.id == b.id == article_id("https://example.org/a", "T", "Body")
    assert len(a.id) == 16 and int(a.id, 16) >= 0
    # every part of the content matters
    assert Article(url="https://example.org/b", title="T", text="Body").id != a.id
    assert Article(url="https://example.org/a", title="T2", text="Body").id != a.id
    assert Article(url="https://example.org/a", title="T", text="Body!").id != a.id
    # parts are separated, so moving text between fields changes the id
    assert article_id(None, "ab", "c") != article_id(None, "a", "bc")


def test_canonical_url_is_preferred_for_the_id() -> None:
    a = Article(url="https://example.org/a?utm_source=x", canonical_url="https://example.org/a", text="B")
    assert a.id == article_id("https://example.org/a", None, "B")


def test_explicit_id_is_kept_and_survives_round_trip() -> None:
    a = Article(id="feedfacecafebeef", text="Body")
    assert Article.from_dict(json.loads(json.dumps(a.to_dict()))).id == "feedfacecafebeef"


@settings(max_examples=100, deadline=None)
@given(opt_text, opt_text, text)
def test_id_is_deterministic(url, title, body) -> None:
    assert Article(url=url, title=title, text=body).id == Article(url=url, title=title, text=body).id


def test_from_dict_reads_a_whole_number_as_a_float_and_keeps_nested_records_typed() -> None:
    data = {"title": "T", "text": "Body.", "tone": 3, "entities": [{"id": "e1", "name": "Oslo", "type": "GPE",
                                                                    "lat": 60, "lon": 11}],
            "dateline": {"place": "OSLO"}}
    article = Article.from_dict(data)
    assert article.tone == 3.0 and isinstance(article.tone, float)
    assert isinstance(article.entities[0], Entity) and isinstance(article.entities[0].lat, float)
    assert isinstance(article.dateline, Dateline) and article.dateline.place == "OSLO"
    assert Article.from_dict({"title": "T", "text": "B", "dateline": None}).dateline is None
