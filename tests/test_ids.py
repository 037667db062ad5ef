"""Every id recipe gives, through newsgraph.ids.content_id, exactly the id its old formula gave.

Stored ids are content hashes: a changed recipe would give every stored record a new id. Each
reference below is the formula as it was written at its site before the recipes were merged; the
call under test is the site's function itself, so the test breaks if a site's recipe drifts.
"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsgraph.article import Article, article_id
from newsgraph.graph.duplicates import _group_id
from newsgraph.graph.entities import node_id
from newsgraph.graph.events import _event_id as aggregated_event_id
from newsgraph.graph.stories import StoryIndex
from newsgraph.ids import content_id
from newsgraph.language.entities.resolve import entity_hash
from newsgraph.language.events.assemble import _event_id as article_event_id

# Any code point, lone surrogates included: sites that encoded with surrogatepass accepted them.
# (st.text() leaves surrogates out, so the characters are drawn one by one, half of them surrogates.)
ANY_TEXT = st.lists(st.characters() | st.characters(categories=["Cs"]), max_size=30).map("".join)
# What strict UTF-8 accepts: the sites that used plain .encode() never saw a surrogate.
STRICT_TEXT = st.text(st.characters(exclude_categories=["Cs"]))


def old_article_id(url: str | None, title: str | None, text: str) -> str:
    digest = hashlib.sha256()
    for part in (url or "", title or "", text or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def old_node_id(kind: str, *parts: str) -> str:
    return hashlib.sha256("\x00".join((kind, *parts)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def old_group_id(first: str) -> str:
    return "d" + hashlib.sha256(first.encode()).hexdigest()[:15]


def old_story_id(article_id: str) -> str:
    return "s" + hashlib.sha256(article_id.encode()).hexdigest()[:15]


def old_aggregated_event_id(key: tuple, day: str | None) -> str:
    etype, negated, actors, recipients, anchor = key
    text = "\x00".join([etype, str(negated), ",".join(sorted(actors)), ",".join(sorted(recipients)), anchor,
                        day or ""])
    return "g" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:15]


def old_entity_hash(article_id: str, name: str, label: str) -> str:
    digest = hashlib.sha1(f"{article_id}\x00{name}\x00{label}".encode()).hexdigest()
    return f"e{digest[:15]}"


def old_article_event_id(article_id: str, zone: str, start: int, kind: str) -> str:
    return hashlib.sha256(f"{article_id}|{zone}|{start}|{kind}".encode()).hexdigest()[:16]


@given(st.none() | ANY_TEXT, st.none() | ANY_TEXT, ANY_TEXT)
@example(None, None, "")
@example("https://example.org/a", "Vučić", "\ud800 lone surrogate \udfff")
def test_article_id(url: str | None, title: str | None, text: str) -> None:
    assert article_id(url, title, text) == old_article_id(url, title, text)


@given(st.sampled_from(["kb", "name"]), st.lists(ANY_TEXT, max_size=4))
def test_node_id(kind: str, parts: list[str]) -> None:
    assert node_id(kind, *parts) == old_node_id(kind, *parts)


@given(STRICT_TEXT)
def test_duplicate_group_id(first: str) -> None:
    assert _group_id(first) == old_group_id(first)


@given(st.text(st.characters(exclude_categories=["Cs"]), min_size=1))  # an empty id is computed, not kept
def test_story_id(first: str) -> None:
    article = Article(id=first, title="T", text="Body text.")
    index = StoryIndex()
    assert index.add(article, [], None) == old_story_id(first)


@given(ANY_TEXT, st.booleans(), st.frozensets(ANY_TEXT, max_size=3), st.frozensets(ANY_TEXT, max_size=3),
       ANY_TEXT, st.none() | ANY_TEXT)
def test_aggregated_event_id(etype: str, negated: bool, actors: frozenset, recipients: frozenset, anchor: str,
                             day: str | None) -> None:
    key = (etype, negated, actors, recipients, anchor)
    assert aggregated_event_id(key, day) == old_aggregated_event_id(key, day)


@given(STRICT_TEXT, STRICT_TEXT, STRICT_TEXT)
def test_entity_hash(article_id: str, name: str, label: str) -> None:
    assert entity_hash(article_id, name, label) == old_entity_hash(article_id, name, label)


@given(STRICT_TEXT, STRICT_TEXT, st.integers(min_value=0, max_value=10**7), STRICT_TEXT)
def test_article_event_id(article_id: str, zone: str, start: int, kind: str) -> None:
    assert article_event_id(article_id, zone, start, kind) == old_article_event_id(article_id, zone, start, kind)


@given(STRICT_TEXT)
def test_surrogatepass_encodes_strict_text_to_the_same_bytes(text: str) -> None:
    """Why one encoding serves the sites that used strict UTF-8: the bytes are the same."""
    assert text.encode("utf-8", "surrogatepass") == text.encode("utf-8")


def test_a_lone_surrogate_gets_an_id_where_strict_encoding_failed() -> None:
    with pytest.raises(UnicodeEncodeError):
        old_group_id("\udc80")
    assert _group_id("\udc80").startswith("d") and len(_group_id("\udc80")) == 16


def test_recipe_options_change_the_id() -> None:
    base = content_id("a", "b")
    variants = {content_id("a", "b", terminated=True), content_id("a", "b", sep="|"),
                content_id("a", "b", algorithm="sha1"), content_id("ab"), content_id("a", "b", length=15)}
    assert base not in variants and len(variants) == 5
    assert content_id("a", prefix="x", length=7) == "x" + hashlib.sha256(b"a").hexdigest()[:7]


def test_parts_must_be_text() -> None:
    with pytest.raises(TypeError):
        content_id("a", 3)  # type: ignore[arg-type]
