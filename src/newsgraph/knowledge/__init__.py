"""The offline knowledge base: countries and territories, international organisations, GeoNames
places, and the user's own entries. Built from PyPI packages and our curated data on first use,
cached on disk, never downloaded at run time.

Interface (used by the language layer, typed as the :class:`KnowledgeBase` protocol; the built
one is an :class:`OfflineKB`)::

    from newsgraph.knowledge import get_kb
    kb = get_kb()                        # loaded once per process, cached on disk between runs
    kb.lookup("Nato")                    # -> list[KBEntry], best first (name/alias match, normalised)
    kb.lookup("Serbian", type="NORP")    # demonyms resolve to their country
    kb.country("SRB") / kb.country("Serbia")   # -> KBEntry | None (ISO alpha-3 ids)
    kb.places("Brussels")                # -> list[KBEntry] gazetteer candidates (GeoNames), any order
    kb.get("geonames:2800866")           # -> KBEntry | None by id

Ids: ``country:SRB`` (ISO 3166 countries, plus Kosovo as XKX), ``territory:…`` (sub-national and
disputed entities; ``country`` holds the ISO alpha-3 of the state they belong to), ``adm1:DE-BY``
(first-level divisions from rigour: names, Wikidata ids, approximate centres for some countries),
``norp:SRB`` (demonyms and adjectives, ``country`` = SRB, located at the country's centre),
``org:NATO``, ``media:REUTERS``, ``actor:ALEKSANDAR_VUCIC`` (people and groups of the Phoenix
dictionaries, PERSON or ORG, with dated CAMEO ``roles``; see :mod:`.actors`), ``region:balkans``
(approximate centres), ``historical:SUN`` (former states, feature PCLH), ``geonames:<id>`` (towns
of 1,000+, US states, continents; a country's own GeoNames id also finds its ``country:`` entry),
``county:US-<fips>`` (US counties, feature ADM2, placed at the median of their ZIP codes) and
``user:<id>`` (imported with
``newsgraph kb import``; user entries win ties).

Ranking of ``lookup``: user entries first, then countries, then curated territories, former
states, organisations and demonyms, then media and regions, then GeoNames places and ``adm1:``
divisions, then dictionary actors (a surname that is also a word or a town never hides them); within a group a match on the canonical name before a match on an alias, then larger
population first. Acronyms and short dotted abbreviations (NATO, WHO, US, Pa.) only match a
query that is not all lower case, so "who", "us" and "pa" never resolve.

``places`` returns every GPE/LOC entry with coordinates whose name or alternate name matches:
GeoNames cities (``feature`` PPLC for capitals, PPL otherwise), US states (ADM1), US counties
(ADM2, by their full name "Cook County" only), continents
(CONT), countries (PCLI, or PCLD for dependent territories), territories and divisions (ADM1),
former states (PCLH) and curated regions (RGN, OCN, SEA…). GeoNames ``admin1`` is the raw
GeoNames admin1 code ("TX", "11").

Files: the built tables live in ``$NEWSGRAPH_CACHE_DIR`` (default ``~/.cache/newsgraph``) as
``kb-<version>-<fingerprint>.pickle`` (rows packed one string each, :mod:`.packed`), rebuilt when our curated data, this package's code or a
source package's version changes; the user's entries live in ``$NEWSGRAPH_KB_DIR``, else
``$NEWSGRAPH_CACHE_DIR/kb``, else ``~/.local/share/newsgraph/kb``. ``newsgraph kb info`` shows
both, with entry counts and the seconds spent building or loading.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class KBEntry:
    id: str  # "country:SRB", "org:NATO", "geonames:2800866", "user:…"
    name: str
    type: str  # PERSON, ORG, GPE, LOC, NORP
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # IGO, GOV, MIL, …
    wikidata: str | None = None
    geonames: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature code (PPLC, PPLA, ADM1, PCLI…)
    # CAMEO actor codes with the ISO dates they held from/until (None = open): people and groups
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)


from .base import OfflineKB, get_kb, reset_kb
from .protocol import KnowledgeBase

__all__ = ["KBEntry", "KnowledgeBase", "OfflineKB", "get_kb", "reset_kb"]
