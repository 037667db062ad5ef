"""Places in local news, on the real knowledge base and text written for these tests: the outlet's
home decides ambiguous names, places inside organisations' names are mentions of them, and
well-known non-places are left off the map."""

from __future__ import annotations

import pytest

from newsgraph.article import Article, Entity, Mention
from newsgraph.knowledge import get_kb
from newsgraph.language.places.candidates import candidates
from newsgraph.language.places.geoparse import geoparse, resolve_names
from newsgraph.language.places.inner import add_inner_places, places_inside
from newsgraph.language.places.outlet import home_name, site_label
from newsgraph.language.quotes.speakers import SpeakerResolver
from newsgraph.pipeline import Pipeline

PARIS_PAGE = """PARIS — The Edgar County Board voted on Tuesday to repave four miles of road north of Paris,
the county seat, before the harvest.

Board chairman Dale Whitcomb said the work would start at the Paris city limits and run toward
Chrisman. Crews from Terre Haute, across the Indiana line, will do the paving.

"Farmers need these roads in the fall," Whitcomb said. The Paris Public Library will host the next
hearing, and residents of Kansas and Vermilion, two villages in the county, are invited."""


@pytest.fixture(scope="module")
def kb():
    return get_kb()


def _article(text: str, spans: list[tuple[str, str]], url: str | None = None) -> Article:
    """An Article whose entities are the given (surface, label) spans, each at its first place."""
    entities, mentions = [], []
    for i, (surface, label) in enumerate(spans):
        start = text.index(surface)
        entities.append(Entity(f"e{i}", surface, label, mentions=1))
        mentions.append(Mention(start, start + len(surface), surface, label, f"e{i}"))
    return Article(text=text, url=url, entities=entities, mentions=mentions)


def _paris(url: str | None) -> list[Entity]:
    art = Pipeline(stages=["newsgraph.entities.v1", "newsgraph.places.v1"]).annotate(Article(text=PARIS_PAGE, url=url))
    return [e for e in art.entities if e.name == "Paris" and e.lat is not None]


def test_a_small_town_paper_puts_paris_in_its_town():
    paris = _paris("https://www.parisbeacon.com/news/2026/road-repaving")
    assert paris and all((e.country, e.admin1) == ("USA", "IL") for e in paris)
    # the page alone names Indiana and a county, not Illinois: the outlet's home decides
    assert all(e.admin1 != "IL" for e in _paris(None))


def test_without_its_home_paris_is_still_the_capital(kb):
    (paris,) = resolve_names(["Paris"], kb)
    assert paris.country == "FRA"
    (paris,) = resolve_names(["Paris"], kb, url="https://www.example.com/story")
    assert paris.country == "FRA"


def test_the_outlets_home_decides_between_a_country_and_a_town(kb):
    got = resolve_names(["Palestine", "Tyler", "Anderson County"], kb,
                        url="https://www.palestineherald.com/news/local")
    assert (got[0].country, got[0].admin1) == ("USA", "TX")
    (alone,) = resolve_names(["Palestine"], kb)
    assert alone.id == "country:PSE"


def test_a_state_named_nearby_decides_richmond(kb):
    got = resolve_names(["Richmond", "Wayne County", "Indiana"], kb)
    assert got[0].admin1 == "IN"
    (alone,) = resolve_names(["Richmond"], kb)
    assert alone.admin1 == "VA"


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.parisbeacon.com/a", "Paris"),
    ("http://bangordailynews.com/2026/01/01/x", "Bangor"),
    ("https://www.tipperarystar.ie/news", "Tipperary"),
    ("https://capitol-news-illinois.org/", None),  # "capitol" is no nameplate word
    ("https://www.sanfranciscochronicle.com/", "San Francisco"),
    ("https://www.dailynews.com/", None),
    ("https://www.example.co.uk/", None),
])
def test_a_domain_names_the_outlets_home(kb, url, name):
    found = home_name(url, kb)
    assert (found[0] if found else None) == name


def test_an_outlets_name_names_its_home_when_its_domain_does_not(kb):
    assert home_name("https://www.example.com/x", kb, "The Paris Beacon-News") == ("Paris", False)
    assert home_name(None, kb, "The Daily Star") is None


def test_site_label_skips_www_and_second_level_domains():
    assert site_label("https://www.burtonmail.co.uk/sport") == ("burtonmail", "uk")
    assert site_label("example") == ("", "")


def test_places_inside_organisations_names(kb):
    def inner(name):
        return [(name[a:b], label) for a, b, label in places_inside(name, kb)]

    assert inner("Texas Department of State Health Services") == [("Texas", "GPE")]
    assert inner("Gainesville Public Utilities") == [("Gainesville", "GPE")]
    assert inner("Canadian Press") == [("Canadian", "NORP")]
    assert inner("Kidney Foundation of Canada") == [("Canada", "GPE")]
    assert inner("CA Technologies") == []  # a postal code is not read inside a name
    assert inner("Ford Motor") == []


def test_an_inner_place_is_a_mention_of_the_place_not_the_organisation(kb):
    text = "Texas Department of State Health Services said Austin had two cases. Austin is the capital."
    art = _article(text, [("Texas Department of State Health Services", "ORG"), ("Austin", "GPE")])
    add_inner_places(art, kb)
    geoparse(art, kb)
    by_name = {e.name: e for e in art.entities}
    assert by_name["Texas Department of State Health Services"].type == "ORG"
    texas = by_name["Texas"]
    assert texas.type == "GPE" and texas.admin1 == "TX" and texas.country == "USA"
    nested = [m for m in art.mentions if m.entity_id == texas.id]
    assert [(m.start, m.end, m.label) for m in nested] == [(0, 5, "GPE")]
    add_inner_places(art, kb)  # a second run adds nothing
    assert len([m for m in art.mentions if m.entity_id == texas.id]) == 1


def test_an_inner_place_joins_the_entity_the_article_already_has(kb):
    text = "Gainesville Public Utilities raised rates in Gainesville."
    art = _article(text, [("Gainesville Public Utilities", "ORG")])
    art.entities.append(Entity("g", "Gainesville", "GPE", mentions=1))
    art.mentions.append(Mention(45, 56, "Gainesville", "GPE", "g"))
    add_inner_places(art, kb)
    assert [e.id for e in art.entities if e.name == "Gainesville"] == ["g"]
    assert next(e for e in art.entities if e.id == "g").mentions == 2


def test_a_quote_from_an_organisation_is_not_credited_to_the_place_in_its_name(kb):
    text = "The Kidney Foundation of Canada said donors were needed."
    art = _article(text, [("Kidney Foundation of Canada", "ORG")])
    add_inner_places(art, kb)
    org = next(e for e in art.entities if e.type == "ORG")
    start = text.index("Kidney")
    assert SpeakerResolver(art)._overlapping(start, start + len("Kidney Foundation of Canada")) == org.id


def test_well_known_non_places_are_not_geocoded(kb):
    assert candidates("North", kb) == []
    assert candidates("White House", kb) == []  # not the Tennessee town, nor Casablanca by its meaning
    assert [e.country for e in candidates("Washington", kb)]  # a well-known place stays one
    text = "Mrs. Lincoln thanked the volunteers."
    art = _article(text, [("Lincoln", "GPE")])
    geoparse(art, kb)
    assert art.entities[0].lat is None and "newsgraph" not in art.entities[0].kb


def test_a_continent_is_an_area_not_a_point(kb):
    art = _article("Europe and Berlin.", [("Europe", "LOC"), ("Berlin", "GPE")])
    geoparse(art, kb)
    europe, berlin = art.entities
    assert europe.kb["feature"] == "CONT" and europe.lat is None
    assert berlin.lat is not None


def test_resolution_replaces_the_kb_ids_of_a_first_guess(kb):
    """The entities stage links "Washington" to the KB's first entry of the name (the state);
    resolved as the capital, the entity must not keep the state's Wikidata id."""
    state = next(e for e in kb.lookup("Washington") if e.feature == "ADM1")
    art = _article("Washington said the White House would respond.", [("Washington", "GPE")])
    art.entities[0].kb = {"newsgraph": state.id, "wikidata": state.wikidata}
    geoparse(art, kb)
    entity = art.entities[0]
    chosen = kb.get(entity.kb["newsgraph"])
    assert entity.kb.get("wikidata") == chosen.wikidata
    assert (entity.lat, entity.lon) == (chosen.lat, chosen.lon)


def test_new_york_alone_is_the_city(kb):
    (ny,) = resolve_names(["New York"], kb)
    assert ny.name == "New York City"
    (albany,) = resolve_names(["Albany"], kb, dateline="Albany, New York")
    assert albany.admin1 == "NY"


def test_an_outlet_the_kb_knows_gives_its_country(kb):
    """An ambiguous name in a story from an outlet the KB knows leans to the outlet's country."""
    text = "Birmingham police said on Monday that the road was closed."
    plain = _article(text, [("Birmingham", "GPE")])
    geoparse(plain, kb)
    assert plain.entities[0].country == "GBR"
    known = _article(text, [("Birmingham", "GPE")])
    known.source = "Fox News"
    geoparse(known, kb)
    assert known.entities[0].country == "USA"
