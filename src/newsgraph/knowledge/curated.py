"""Our own curated files in ``knowledge/data/``: organisations, national institutions, news media,
sub-national and disputed territories, and regions. Each line is one JSON object; see
``data/README.md``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

DATA_FILES = ("countries.jsonl", "organisations.jsonl", "institutions.jsonl", "media.jsonl",
              "territories.jsonl", "regions.jsonl", "us_states.jsonl", "historical.jsonl", "adm1.jsonl")


def data_bytes(name: str) -> bytes:
    return resources.files(__package__).joinpath("data", name).read_bytes()


def read_jsonl(name: str) -> Iterator[dict[str, Any]]:
    """Records of one curated file; a broken line is a bug in the package, so it raises."""
    for number, line in enumerate(data_bytes(name).decode("utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"knowledge/data/{name} line {number}: {exc}") from exc


def _row(rec: dict[str, Any], prefix: str, type_: str, sector: str | None = None,
         wikidata: str | None = None) -> tuple:
    return (f"{prefix}:{rec['id']}", rec["name"], rec.get("type", type_), tuple(rec.get("aliases", [])),
            rec.get("country"), rec.get("sector", sector), rec.get("wikidata", wikidata), None,
            rec.get("lat"), rec.get("lon"), int(rec.get("population", 0)), None, rec.get("feature"))


def organisation_rows() -> Iterator[tuple]:
    for name in ("organisations.jsonl", "institutions.jsonl"):
        for rec in read_jsonl(name):
            yield _row(rec, "org", "ORG")
    for rec in read_jsonl("media.jsonl"):
        yield _row(rec, "media", "ORG", sector="MED")


def region_rows() -> Iterator[tuple]:
    """Regions, and the adjectives of continents and regions ("European", "Balkan") as located
    NORP entries, so a geoparser can place them like the demonyms of countries."""
    for rec in read_jsonl("regions.jsonl"):
        if rec.get("type") == "NORP":
            yield _row(rec, "norp", "NORP")
        else:
            yield _row({**rec, "feature": rec.get("feature", "RGN")}, "region", "LOC")


def territory_rows() -> Iterator[tuple]:
    """Sub-national and disputed entities; the Wikidata id comes from rigour's territory table
    when the record names a rigour code, so no id is typed by hand."""
    from rigour.territories import get_territory

    curated: set[str] = set()
    for rec in read_jsonl("territories.jsonl"):
        qid = None
        if rec.get("rigour"):
            terr = get_territory(rec["rigour"])
            if terr is None:
                raise ValueError(f"knowledge/data/territories.jsonl: unknown rigour code {rec['rigour']}")
            qid = terr.qid
            curated.add(terr.code)
        yield _row({**rec, "feature": rec.get("feature", "ADM1")}, "territory", "GPE", wikidata=qid)
    yield from _rigour_subnational(curated)


def historical_rows() -> Iterator[tuple]:
    """Former states (Soviet Union, Yugoslavia…), feature PCLH as in GeoNames."""
    from rigour.territories import get_territory

    for rec in read_jsonl("historical.jsonl"):
        terr = get_territory(rec["rigour"])
        if terr is None:
            raise ValueError(f"knowledge/data/historical.jsonl: unknown rigour code {rec['rigour']}")
        yield _row({**rec, "feature": "PCLH"}, "historical", "GPE", wikidata=terr.qid)


def _rigour_subnational(skip: set[str]) -> Iterator[tuple]:
    """rigour's sub-national jurisdictions (German Länder, Indian states, Russian subjects…):
    names and Wikidata ids; approximate coordinates from ``adm1.jsonl`` where we have them (only
    those serve ``places``)."""
    import re

    from rigour.territories import get_territories

    centres = {rec["rigour"]: (rec["lat"], rec["lon"]) for rec in read_jsonl("adm1.jsonl")}
    for terr in get_territories():
        if terr.code in skip or terr.is_country or terr.is_historical or "-" not in terr.code:
            continue
        if terr.code.startswith("us-"):  # GeoNames has the states, with coordinates
            continue
        state = terr.parent
        while state is not None and not state.alpha3:
            state = state.parent
        if state is None:
            continue
        name = re.sub(r"\s*\([^)]*\)$", "", terr.name)  # "Abkhazia (Occupied Georgia)" → "Abkhazia"
        aliases = tuple(n for n in {terr.name, terr.full_name} if n != name)
        lat, lon = centres.get(terr.code, (None, None))
        yield (f"adm1:{terr.code.upper()}", name, "GPE", aliases, state.alpha3.upper(), None,
               terr.qid, None, lat, lon, 0, None, "ADM1")
