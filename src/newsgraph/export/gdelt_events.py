"""GDELT 2.0 event table: 61 tab-separated columns, one row per aggregated event, no header
(``header=True`` adds one for spreadsheet users).

An aggregated event (:mod:`newsgraph.graph.events`) may have several actors and recipients; GDELT
has one Actor1 and one Actor2, so the first of each is written. Actor codes are the full CAMEO
actor code of the participant (``Participant.code``: "SRBGOV", "IGOWSTNAT"), else country + sector
("RUSGOV"); country codes are ISO alpha-3 as in CAMEO; the type code is our sector. EventCode is
the full CAMEO code (3-4 digits), EventBaseCode its first three, EventRootCode its first two.
GoldsteinScale is the mean ``Event.goldstein`` of the mentions (empty when none has one). Actor
geography is left empty (we do not locate actors); ActionGeo is the aggregate's
``action_place``: the event's place, else its sentence's, else the dateline's.
``IsRootEvent`` is 1 when one of the mentions is in an article's lead; ``AvgTone`` averages the
tone of the articles that report it. ``GLOBALEVENTID`` is a 60-bit integer from the aggregated
event's content-hash id, stable over re-runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from ..article import Article
from ..errors import InputError
from . import Target, as_list, graph_of, open_text
from .geo import location
from .gkg import gkg_date

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR), *(f"Actor2{f}" for f in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO), *(f"Actor2Geo_{f}" for f in _GEO), *(f"ActionGeo_{f}" for f in _GEO),
    "DATEADDED", "SOURCEURL",
)


def write_events(articles: Iterable[Article], out: Target, graph: Any = None, header: bool = False) -> int:
    articles = as_list(articles)
    graph = graph_of(articles, graph)
    count = 0
    with open_text(out, newline="") as handle:
        if header:
            handle.write("\t".join(COLUMNS) + "\n")
        for agg in graph.events.events.values():
            handle.write(event_line(agg, graph))
            count += 1
    return count


def event_line(agg: Any, graph: Any) -> str:
    """One line of the file (``newsgraph spark run --gdelt-events`` writes its lines with this too)."""
    row = event_row(agg, graph)
    return "\t".join(str(row[c]).replace("\t", " ").replace("\n", " ") for c in COLUMNS) + "\n"


def event_row(agg: Any, graph: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    day = _date(agg.day)
    if day:
        row.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=day.year,
                   FractionDate=f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}")
    code = agg.cameo_code or ""
    row.update({
        "GLOBALEVENTID": int(agg.id[1:], 16),
        "IsRootEvent": int(agg.is_root), "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": agg.quad_class or "", "GoldsteinScale": "" if agg.goldstein is None else agg.goldstein,
        "NumMentions": agg.num_mentions, "NumSources": agg.num_sources, "NumArticles": agg.num_articles,
        "AvgTone": "" if agg.avg_tone is None else agg.avg_tone,
        "DATEADDED": gkg_date(agg.first_seen) or (day.strftime("%Y%m%d000000") if day else ""),
        "SOURCEURL": agg.source_url or "",
    })
    for prefix, people in (("Actor1", agg.actors), ("Actor2", agg.recipients)):
        if people:
            row.update(_actor(prefix, people[0]))
    where = agg.action_place
    place = graph.entities.nodes.get(graph.entities.resolve(where)) if where else None
    if place is not None and place.lat is not None:
        fields = location(place.name, place.kb, place.country, None, place.lat, place.lon).fields(adm2=True)
        row.update({f"ActionGeo_{f}": v for f, v in zip(_GEO, fields, strict=True)})
    return row


def _actor(prefix: str, p: dict[str, Any]) -> dict[str, Any]:
    country, sector = p.get("country") or "", p.get("sector") or ""
    return {f"{prefix}Code": p.get("code") or f"{country}{sector}", f"{prefix}Name": p.get("name") or "",
            f"{prefix}CountryCode": country, f"{prefix}Type1Code": sector}


def _date(day: str | None) -> date | None:
    try:
        return date.fromisoformat(day) if day else None
    except ValueError:
        return None


def read_events(path: str | os.PathLike) -> list[dict[str, str]]:
    """Rows of a GDELT 2.0 event file (with or without our header) as {column: value}."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\n").split("\t")
            if fields[0] == COLUMNS[0]:
                continue
            if len(fields) != len(COLUMNS):
                raise InputError(f"{os.fspath(path)}#line {number}", f"{len(fields)} fields, expected {len(COLUMNS)}")
            rows.append(dict(zip(COLUMNS, fields, strict=True)))
    return rows
