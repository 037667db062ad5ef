"""Acceptance: the entities of the worked example page (../shared/examples), read at run time.

Only the entity part of the ``.expected.md`` is checked here (names, types, aliases, false
entities); countries, sectors and coordinates belong to the places and actors stages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from anyascii import anyascii

import newsgraph

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "bne-vucic-rutte-dinner.txt"


@pytest.fixture(scope="module")
def article():
    if not SEED.exists():
        pytest.skip(f"worked example absent: {SEED} not found")
    return newsgraph.analyze(SEED)


def entity(article, name: str, type: str):
    """The one entity of ``type`` whose name or an alias is ``name`` (diacritics folded)."""
    key = anyascii(name).casefold()
    found = [e for e in article.entities if e.type == type
             and key in {anyascii(n).casefold() for n in [e.name, *e.aliases]}]
    assert len(found) == 1, f"{name!r} as {type}: {[(e.name, e.type) for e in found]}"
    return found[0]


def test_people_are_one_entity_each_with_their_aliases(article):
    vucic = entity(article, "Aleksandar Vucic", "PERSON")
    assert "Vucic" in vucic.aliases and vucic.title == "President"
    assert any("President" in a and "Serbia" in a for a in vucic.aliases)
    assert vucic.mentions >= 7
    rutte = entity(article, "Mark Rutte", "PERSON")
    assert "Rutte" in rutte.aliases and rutte.title == "Secretary General"
    assert any(a.startswith("@") for a in rutte.aliases)  # the embed's author and handle
    dodik = entity(article, "Milorad Dodik", "PERSON")
    assert "Dodik" in dodik.aliases
    assert entity(article, "Vucic", "PERSON") is vucic and entity(article, "Rutte", "PERSON") is rutte


def test_organisations(article):
    nato = entity(article, "NATO", "ORG")
    assert nato is entity(article, "Nato", "ORG")
    assert nato.kb.get("newsgraph", "").startswith("org:")
    for name in ("KFOR", "EU", "Office of the High Representative"):
        entity(article, name, "ORG")


def test_places(article):
    bih = entity(article, "Bosnia and Herzegovina", "GPE")
    assert {"Bosnia & Herzegovina", "Bosnia"} <= set(bih.aliases) | {bih.name}
    for name in ("Brussels", "Sarajevo", "Kosovo", "Serbia", "Montenegro", "Russia", "Moscow", "Ukraine",
                 "Republika Srpska"):
        entity(article, name, "GPE")
    entity(article, "Balkans", "LOC")


def test_no_false_entities(article):
    author = article.authors[0]
    assert not [e for e in article.entities if e.type != "PERSON" and anyascii(author) in e.name]
    names_by_type = {(e.type, e.name) for e in article.entities}
    assert not [n for t, n in names_by_type if t == "PERSON" and n.split()[-1] == "Wolf"]
    dodik = entity(article, "Dodik", "PERSON")
    assert not [m for m in article.mentions if "Dodik" in m.text and m.entity_id != dodik.id]
    assert not [m for m in article.mentions if m.label in {"GPE", "LOC", "FAC"} and "Dodik" in m.text]


def test_no_mentions_from_hashtags_or_chrome(article):
    zones = {"text": article.text}
    zones.update({f"caption:{i}": c.text for i, c in enumerate(article.captions)})
    zones.update({f"embed:{i}": e.text for i, e in enumerate(article.embeds)})
    assert article.tags, "the zoner found the hashtags"
    for m in article.mentions:
        assert m.zone in zones and zones[m.zone][m.start:m.end] == m.text
    assert "#" not in article.text
