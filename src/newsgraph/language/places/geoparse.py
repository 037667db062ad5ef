"""Geoparsing: each place entity (GPE, LOC, FAC) resolved to one gazetteer entry.

A name alone is ambiguous ("Paris" is in France and in Texas), so a candidate is scored against the
article it sits in, not by population alone:

1. Candidates come from the knowledge base (:mod:`.candidates`): the country or territory of that
   name, curated regions ("the Balkans"), and GeoNames places (``kb.places``).
2. The article's context is gathered first from what is unambiguous: countries named outright,
   demonyms ("Serbian" puts Serbia in play), the dateline place, the outlet's country and the
   place its web address names (:mod:`.outlet`: "parisbeacon.com").
3. Each candidate is scored: a population prior (log scale, so it only breaks ties), a feature prior
   (countries, capitals and first-level regions are what news names most), a bonus when its country
   is in play (weighted by how often), when it is in the dateline's country, near the places already
   resolved, or in the outlet's country.
4. The outlet's home is chosen with the places of the first pass (not counting the article's own
   uses of that name), population but no feature prior: a paper from Paris, Illinois names
   Illinois towns, and papers are named after towns far more than after countries.
5. A second pass rescores with the places chosen in the first and the outlet's home, so "Paris"
   next to "Dallas" and "Austin" lands in Texas even when no country is named, and "Richmond"
   in a paper from Indiana in Indiana.

Demonyms (NORP) get the country code of their country; the entity keeps its type.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...article import Article, Entity
from ...knowledge import KnowledgeBase
from ...knowledge.normalize import casefold_key
from ...labels import PLACE_LABELS
from ..wordlists import words
from .candidates import (
    _BROAD,
    candidates,
    clean_name,
    demonym_country,
    feature_code,
    is_country,
    name_variants,
)
from .outlet import BARE_MIN_POPULATION, home_name, home_options, media_country, outlet_country

#: How much news favours a kind of place when a name is ambiguous (GeoNames feature codes).
FEATURE_PRIOR = {
    "PCLI": 5.0, "PCLD": 4.6, "PCLIX": 4.6, "PCLS": 4.6, "PCLF": 4.6, "PCL": 4.6, "TERR": 4.0,
    "CONT": 2.6, "RGN": 1.6, "ADM1": 1.8, "PPLC": 2.8, "PPLA": 1.1, "PPLA2": 0.5, "PPLG": 1.4,
    "ADM2": 0.6, "ISL": 0.4, "STM": 0.3, "MTS": 0.3,
}

# Scoring weights, kept together so their balance can be read at a glance.
W_POPULATION = 0.6  # per order of magnitude
W_IN_PLAY = 2.2  # candidate's country is named elsewhere in the article
W_IN_PLAY_EXTRA = 0.4  # per further mention of that country, up to 3
W_DATELINE_COUNTRY = 1.2
W_DATELINE_SAME = 4.0  # the toponym is the dateline place
W_OUTLET = 0.8
W_HOME_SAME = 3.0  # the toponym is the outlet's home town
W_PLACE_COUNTRY = 0.5  # a resolved place's country, as a fraction of a country named outright
W_ADMIN1 = 1.5  # candidate lies in a first-level region the article names ("Paris" + "Texas")
W_SAME_AS_OTHER = 1.5  # another name in the article ("Wash.", "D.C.") resolved to this very entry
W_EXACT_NAME = 0.8  # the name is the candidate's main name, not only an alias
#: Features of areas too large for a point: resolved, but given no coordinates.
AREAS = frozenset({"CONT", "RGN", "OCN", "SEA", "DSRT"})
W_METROPOLIS = 3.0  # a division loses to its namesake metropolis (see _has_metropolis)
METROPOLIS_SHARE = 0.2
_CITIES = {"PPL", "PPLC", "PPLA", "PPLA2", "PPLG"}
NEAR_BANDS = ((60.0, 1.8), (300.0, 1.2), (1000.0, 0.5))  # km from a resolved place → bonus


@dataclass
class GeoContext:
    """What the article tells about where it is: countries in play, dateline, outlet, anchors."""

    countries: Counter = field(default_factory=Counter)  # alpha-3 → mentions
    dateline: Any | None = None  # KBEntry of the dateline place
    outlet_country: str | None = None
    anchors: list[tuple[float, float]] = field(default_factory=list)  # resolved places
    admin1s: set = field(default_factory=set)  # (country, admin1) of regions named in the article
    resolved: set = field(default_factory=set)  # ids other names of the article resolved to
    home: Any | None = None  # KBEntry of the outlet's home, once chosen
    home_name: str | None = None  # the place name its web address gives, with its options
    home_options: list = field(default_factory=list)

    def without(self, country: str | None, times: int) -> GeoContext:
        """This context minus one entity's own contribution, so a name cannot vote for itself."""
        if not country or not times:
            return self
        countries = Counter(self.countries)
        countries[country] -= times
        return GeoContext(+countries, self.dateline, self.outlet_country, self.anchors, self.admin1s,
                          self.resolved, self.home)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def score(entry: Any, name: str, ctx: GeoContext, feature_prior: bool = True) -> float:
    """How likely ``entry`` is what ``name`` means in this article (higher is better)."""
    s = W_POPULATION * math.log10((getattr(entry, "population", 0) or 0) + 1)
    if feature_prior:
        s += FEATURE_PRIOR.get(feature_code(entry) or "", 0.0)
    code = getattr(entry, "country", None)
    weight = ctx.countries.get(code, 0) if code else 0
    if weight > 0:
        s += W_IN_PLAY * min(weight, 1.0) + W_IN_PLAY_EXTRA * min(max(weight - 1, 0), 3)
    if code and (code, getattr(entry, "admin1", None)) in ctx.admin1s and feature_code(entry) != "ADM1":
        s += W_ADMIN1
    if ctx.dateline is not None:
        if ctx.dateline.id == entry.id:
            s += W_DATELINE_SAME
        elif code and code == ctx.dateline.country:
            s += W_DATELINE_COUNTRY
    if code and code == ctx.outlet_country:
        s += W_OUTLET
    if ctx.home is not None and ctx.home.id == entry.id:
        s += W_HOME_SAME
    if casefold_key(getattr(entry, "name", "")) in {casefold_key(v) for v in name_variants(name)}:
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


def best(name: str, options: list[Any], ctx: GeoContext) -> Any | None:
    if not options:
        return None
    return max(options, key=lambda e: (score(e, name, ctx) - W_METROPOLIS * _has_metropolis(e, options),
                                       getattr(e, "population", 0) or 0))


def _has_metropolis(entry: Any, options: list[Any]) -> bool:
    """A first-level division whose namesake city inside it holds a large share of its people:
    news means the city by the bare name ("New York"), the state is written out ("New York
    State", "upstate New York")."""
    people = getattr(entry, "population", 0) or 0
    if feature_code(entry) != "ADM1" or not people or not entry.admin1:
        return False
    return any(o is not entry and feature_code(o) in _CITIES and o.country == entry.country
               and o.admin1 == entry.admin1 and (o.population or 0) >= METROPOLIS_SHARE * people
               for o in options)


def by_population(options: Iterable[Any]) -> Any | None:
    """The peer baseline: the most populous candidate, whatever the article says."""
    options = list(options)
    return max(options, key=lambda e: getattr(e, "population", 0) or 0) if options else None


_TITLES = words("honorifics") | {"president", "sen.", "senator", "rep.", "gov.", "governor", "judge",
                                 "justice", "gen.", "general", "mayor", "king", "queen", "prince", "princess",
                                 "pope", "officer", "sgt.", "sergeant", "detective", "coach", "professor", "prof."}

# --- context -----------------------------------------------------------------------------------


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
    url: str | None = None,
    source: str | None = None,
) -> GeoContext:
    """Countries in play from names that are plainly countries, demonyms, dateline and outlet;
    the candidates for the outlet's home when its address names one."""
    ctx = GeoContext(outlet_country=outlet)
    home = home_name(url, kb, source)
    if home is not None:
        ctx.home_name = home[0]
        ctx.home_options = [o for o in home_options(home[0], kb)
                            if not home[1] or (outlet is not None and o.country == outlet)
                            or (o.population or 0) >= BARE_MIN_POPULATION]
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
        # after the comma comes a state or a country ("Albany, New York"), not a city
        options = candidates(region, kb)
        area = best(region, [o for o in options if feature_code(o) in _BROAD] or options, ctx)
        if area is not None and area.country:
            ctx.countries[area.country] += 1
            if feature_code(area) == "ADM1" and area.admin1:
                ctx.admin1s.add((area.country, area.admin1))
    return best(town, candidates(town, kb), ctx)


def resolve_all(toponyms: list[Toponym], ctx: GeoContext) -> dict[str, Any]:
    """Two passes: resolve each with the context, then again with the first pass and the outlet's
    home as anchors."""
    first = {t.key: _pick(t, ctx) for t in toponyms}
    if ctx.home_options:
        _choose_home(ctx, toponyms, first)
    chosen: dict[str, Any] = {}
    for top in toponyms:
        second = _with_places(ctx, [e for k, e in first.items() if k != top.key and e is not None])
        chosen[top.key] = _pick(top, second)
    return chosen


def _with_places(ctx: GeoContext, places: list[Any]) -> GeoContext:
    """``ctx`` plus what resolved places tell: anchors, countries, regions, the home."""
    out = GeoContext(Counter(ctx.countries), ctx.dateline, ctx.outlet_country, list(ctx.anchors),
                     set(ctx.admin1s), {e.id for e in places}, ctx.home)
    for entry in places + ([ctx.home] if ctx.home is not None else []):
        if not is_country(entry) and entry.lat is not None:
            out.anchors.append((entry.lat, entry.lon))
        if entry.country and not is_country(entry):
            # a place half-counts for its country: "Dallas" makes the USA likelier, not certain
            out.countries[entry.country] += W_PLACE_COUNTRY
        if entry.admin1 and (feature_code(entry) == "ADM1" or entry is ctx.home):
            out.admin1s.add((entry.country, entry.admin1))
    return out


def _choose_home(ctx: GeoContext, toponyms: list[Toponym], first: dict[str, Any]) -> None:
    """The outlet's home among its options, in the light of the article's other places."""
    own = casefold_key(ctx.home_name or "")
    namesakes = [t for t in toponyms if casefold_key(clean_name(t.name)) == own]
    others = [e for t in toponyms if t not in namesakes for e in [first.get(t.key)] if e is not None]
    around = _with_places(ctx, others)
    for top in namesakes:  # "Palestine" in a Palestine, Texas paper must not vote for the country
        around = around.without(top.own_country, top.weight)
    home = max(ctx.home_options, key=lambda e: (score(e, ctx.home_name or "", around, feature_prior=False),
                                                e.population or 0))
    ctx.home = home
    if is_country(home):
        ctx.outlet_country = ctx.outlet_country or home.country
        ctx.home = None
    elif home.country and ctx.outlet_country is None:
        ctx.outlet_country = home.country


def _pick(top: Toponym, ctx: GeoContext) -> Any | None:
    own = ctx.without(top.own_country, top.weight)
    return best(top.name, top.options, own)


def fill_place(entity: Entity, entry: Any) -> None:
    """Copy the resolution onto the entity: GeoNames id, coordinates, country, admin1."""
    entity.kb.pop("geonames", None)
    if getattr(entry, "geonames", None):
        entity.kb["geonames"] = str(entry.geonames)
    elif str(entry.id).startswith("geonames:"):
        entity.kb["geonames"] = str(entry.id).split(":", 1)[1]
    # The entities stage linked the name to the KB's first entry of that name ("Washington" the
    # state); the resolution replaces it whole, so ids and coordinates describe one place.
    entity.kb.pop("wikidata", None)
    if getattr(entry, "wikidata", None):
        entity.kb["wikidata"] = entry.wikidata
    entity.kb["newsgraph"] = str(entry.id)
    feature = feature_code(entry)
    if feature:
        entity.kb["feature"] = feature
    # a continent or a region is an area: a point in its middle ("Europe" in Germany) would put
    # it on the map as if it were there
    entity.lat, entity.lon = (None, None) if feature in AREAS else (entry.lat, entry.lon)
    entity.country = getattr(entry, "country", None) or entity.country
    entity.admin1 = getattr(entry, "admin1", None) or entity.admin1


def geoparse(article: Article, kb: KnowledgeBase) -> Article:
    """Resolve every place entity of ``article`` in place; demonyms get their country code."""
    counts = Counter(m.entity_id for m in article.mentions if m.entity_id)
    toponyms: list[Toponym] = []
    demonyms: list[tuple[str, int]] = []
    titled = _after_titles(article)
    for entity in article.entities:
        weight = max(1, counts.get(entity.id, entity.mentions or 1))
        if entity.type in PLACE_LABELS and entity.id not in titled:
            top = Toponym(entity.id, entity.name, list(entity.aliases), weight)
            top.options = _options_for(entity, kb)
            toponyms.append(top)
        elif entity.type == "NORP":
            demonyms.append((entity.name, weight))
    dateline = article.dateline.place if article.dateline else None
    url = article.canonical_url or article.url
    outlet = outlet_country(article.source, url) or media_country(article.source, kb)
    ctx = build_context(toponyms, demonyms, kb, dateline, outlet, url, article.source)
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


def _after_titles(article: Article) -> set[str]:
    """Entities every mention of which is one word after a title or form of address: "Mrs.
    Lincoln", "President Lincoln" are people, whatever the tagger called them."""
    texts = {"text": article.text, **{f"caption:{i}": c.text for i, c in enumerate(article.captions)}}
    titled: dict[str, bool] = {}
    for m in article.mentions:
        if not m.entity_id:
            continue
        before = texts.get(m.zone, "")[max(0, m.start - 20):m.start]
        word = before.split()[-1] if before.endswith(" ") and before.split() else ""
        is_titled = " " not in m.text.strip() and word[:1].isupper() and word.casefold() in _TITLES
        titled[m.entity_id] = titled.get(m.entity_id, True) and is_titled
    return {k for k, v in titled.items() if v}


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
    url: str | None = None,
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
    ctx = build_context(list(toponyms.values()), Counter(demonyms).items(), kb, dateline, outlet, url)
    chosen = resolve_all(list(toponyms.values()), ctx)
    return [chosen[clean_name(n).casefold()] for n in names]
