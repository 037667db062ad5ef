from __future__ import annotations

from pathlib import Path

import pytest
from kbfake import fake_kb

from newsgraph.article import Article, Dateline, Entity, Mention
from newsgraph.language.places.geoparse import (
    GeoContext,
    by_population,
    candidates,
    geoparse,
    outlet_country,
    resolve_names,
    score,
)


def _article(names: list[tuple[str, str]], **kw) -> Article:
    entities = [Entity(id=f"e{i}", name=n, type=t, mentions=1) for i, (n, t) in enumerate(names)]
    mentions = [Mention(0, len(n), n, t, f"e{i}") for i, (n, t) in enumerate(names)]
    return Article(text=" ".join(n for n, _ in names), entities=entities, mentions=mentions, **kw)


def test_paris_alone_is_the_capital():
    (paris,) = resolve_names(["Paris"], fake_kb())
    assert paris.id == "geonames:2988507"


def test_paris_in_an_article_about_texas_is_paris_texas():
    kb = fake_kb()
    got = resolve_names(["Dallas", "Texas", "Paris"], kb)
    assert got[2].id == "geonames:4717560"
    # the population-only peer gets it wrong, which is why context matters
    assert by_population(candidates("Paris", kb)).id == "geonames:2988507"


def test_country_and_region_in_play_pull_ambiguous_city():
    got = resolve_names(["Canada", "Ontario", "London"], fake_kb())
    assert got[2].country == "CAN"
    (alone,) = resolve_names(["London"], fake_kb())
    assert alone.country == "GBR"


def test_demonym_puts_country_in_play():
    (alone,) = resolve_names(["Victoria"], fake_kb())
    assert alone.country == "SYC"
    got = resolve_names(["Victoria"], fake_kb(), demonyms=["Canadian"])
    assert got[0].country == "CAN"


def test_dateline_country_decides():
    (victoria,) = resolve_names(["Victoria"], fake_kb(), dateline="Toronto")
    assert victoria.country == "CAN"


def test_outlet_country_from_domain():
    assert outlet_country("www.example.ca", None) == "CAN"
    assert outlet_country(None, "https://news.example.co.uk/a/b") == "GBR"
    assert outlet_country("example.com", None) is None
    # a weak prior: it raises the outlet's country, without overriding the rest
    kb = fake_kb()
    victoria = next(e for e in candidates("Victoria", kb) if e.country == "CAN")
    assert score(victoria, "Victoria", GeoContext(outlet_country="CAN")) > score(victoria, "Victoria", GeoContext())


def test_country_name_is_the_country_unless_the_article_is_in_its_namesake():
    (georgia,) = resolve_names(["Georgia"], fake_kb())
    assert georgia.id == "country:GEO"
    got = resolve_names(["Atlanta", "Georgia", "United States"], fake_kb())
    assert got[1].id == "geonames:4197000"
    got = resolve_names(["Tbilisi", "Georgia"], fake_kb())
    assert got[1].id == "country:GEO"


def test_geoparse_fills_entities_and_demonyms():
    art = _article([("Zagreb", "GPE"), ("Croatian", "NORP"), ("the Balkans", "LOC"), ("Split", "GPE"),
                    ("France", "GPE")], dateline=Dateline(place="Zagreb"))
    geoparse(art, fake_kb())
    by_name = {e.name: e for e in art.entities}
    assert by_name["Zagreb"].kb["geonames"] == "3186886"
    assert by_name["Zagreb"].country == "HRV" and by_name["Zagreb"].admin1 == "21"
    assert by_name["Split"].lat == 43.508
    assert by_name["France"].country == "FRA" and by_name["France"].kb["geonames"] == "3017382"
    assert by_name["Croatian"].type == "NORP" and by_name["Croatian"].country == "HRV"
    assert by_name["the Balkans"].lat == 42.0


def test_unknown_place_is_left_alone():
    art = _article([("Nowhereville", "GPE")])
    geoparse(art, fake_kb())
    assert art.entities[0].lat is None and art.entities[0].kb == {}


def test_shouted_dateline_name():
    (paris,) = resolve_names(["PARIS"], fake_kb())
    assert paris.id == "geonames:2988507"


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _seed():
    page = SHARED / "examples" / "bne-vucic-rutte-dinner.txt"
    if not page.exists():
        pytest.skip(f"shared example absent: {page}")
    from newsgraph.api import analyze

    return analyze(str(page))


def test_seed_page_places_resolve_with_country_and_coordinates():
    art = _seed()
    places = {e.name: e for e in art.entities if e.type in ("GPE", "LOC")}
    brussels = next(e for n, e in places.items() if n.startswith("Brussels"))
    assert brussels.country == "BEL" and abs(brussels.lat - 50.85) < 0.2
    sarajevo = next(e for n, e in places.items() if n.startswith("Sarajevo"))
    assert sarajevo.country == "BIH" and sarajevo.kb.get("geonames")
    bosnia = next(e for e in places.values() if "Bosnia" in e.name)
    assert bosnia.country == "BIH"
    for e in places.values():
        if e.lat is not None:
            assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180


def test_us_state_abbreviation_in_a_dateline_settles_the_town():
    kb = fake_kb()
    (town,) = resolve_names(["Springfield"], kb, dateline="Springfield, Ill.")
    assert town.id == "geonames:4250542"
    (state,) = resolve_names(["Ill."], kb)
    assert state.id == "geonames:4896861"


def test_adjective_and_inner_names_point_to_broad_places():
    kb = fake_kb()
    assert [e.id for e in candidates("European", kb)] == ["geonames:6255148"]
    assert [e.id for e in candidates("Zagreb University Hospital", kb)] == ["geonames:3186886"]
    # a common word inside a name is not the small town that bears it
    assert candidates("Workers Union Hall", kb) == []


def test_all_caps_short_names_are_acronyms_not_towns():
    assert candidates("EU", fake_kb()) == []


def test_small_place_known_only_by_an_alternate_name_is_not_a_candidate():
    kb = fake_kb()
    assert candidates("Hargreave", kb) == []
    assert [e.id for e in candidates("Smallbrook", kb)] == ["geonames:9000001"]


def test_a_compass_word_and_a_country_is_a_region_of_that_country():
    """'South Lebanon' is southern Lebanon, not the village of that name in Ohio; a country whose
    name holds a compass word is itself, and a compass word before a non-country changes nothing."""
    from newsgraph.knowledge import get_kb

    kb = get_kb()
    assert [e.country for e in candidates("South Lebanon", kb)] == ["LBN"]
    assert [e.id for e in candidates("South Africa", kb)] == ["country:ZAF"]
    assert {e.country for e in candidates("West Virginia", kb)} == {"USA"}
