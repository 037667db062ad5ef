"""The offline knowledge base: countries and territories, international organisations, GeoNames
places, and the user's own entries. Built from PyPI packages and our curated data on first use,
cached on disk, never downloaded at run time.

Interface (used by the language layer)::

    from newsgraph.knowledge import get_kb
    kb = get_kb()                        # loaded once per process, cached on disk between runs
    kb.lookup("Nato")                    # -> list[KBEntry], best first (name/alias match, normalised)
    kb.lookup("Serbian", type="NORP")    # demonyms resolve to their country
    kb.country("SRB") / kb.country("Serbia")   # -> KBEntry | None (ISO alpha-3 ids)
    kb.places("Brussels")                # -> list[KBEntry] gazetteer candidates (GeoNames), any order
    kb.get("geonames:2800866")           # -> KBEntry | None by id
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
