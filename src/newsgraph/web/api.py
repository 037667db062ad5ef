"""The JSON API: every page's data under ``/api``, described at ``/openapi.json``."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import Response

from .. import validate
from ..errors import NewsgraphError
from ..store import queries as store_queries
from . import exports, queries, shapes, views

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")
log = logging.getLogger(__name__)

Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, today, yesterday or Nd/Nw/Nm/Ny ago (inclusive)")]
Text = Annotated[str | None, Query(max_length=200)]
Page = Annotated[int, Query(ge=1, le=10_000)]


def conn(request: Request) -> sqlite3.Connection:
    return request.app.state.store.conn()


def cached(request: Request, key: tuple, compute: Callable[[], T]) -> T:
    """The answer for ``key`` at the store's current version (``web.cache``): the heavy routes
    (overview, network, places, exports) are computed once per store version and arguments."""
    return request.app.state.cache.get(key, compute)


def search_filters(source: str | None, language: str | None, since: str | None, until: str | None,
                   entity: str | None, event_type: str | None) -> dict[str, Any]:
    """The search's filters, checked and made canonical (``newsgraph.validate``): a bad value is a
    422 naming the valid forms, never a silently empty or unfiltered answer."""
    since, until = validate.day_range(since, until)
    raw = {"source": source, "language": language, "since": since, "until": until, "entity": entity,
           "event_type": validate.event_type(event_type, "event_type")}
    return {k: v for k, v in raw.items() if v}


def event_filters(actor: str | None, recipient: str | None, type: str | None, country: str | None,
                  place: str | None, since: str | None, until: str | None) -> dict[str, Any]:
    """The events explorer's filters, checked and made canonical like :func:`search_filters`'."""
    since, until = validate.day_range(since, until)
    raw = {"actor": actor, "recipient": recipient, "type": validate.event_type(type),
           "country": validate.country(country), "place": place, "since": since, "until": until}
    return {k: v for k, v in raw.items() if v}


@router.get("/overview", summary="Counts, latest articles and stories, this week's actors and event types")
def overview(request: Request) -> dict[str, Any]:
    return cached(request, ("overview",), lambda: queries.overview(conn(request)))


@router.get("/stats", summary="Row counts, day span, top sources and types (the store's stats)")
def stats(request: Request) -> dict[str, Any]:
    return cached(request, ("stats",), lambda: store_queries.stats(conn(request), None))


@router.get("/search", summary="Full-text search with facets and pagination")
def search(request: Request, q: Text = None, source: Text = None, language: Text = None, since: Day = None,
           until: Day = None, entity: Text = None, event_type: Text = None, page: Page = 1,
           per_page: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    filters = search_filters(source, language, since, until, entity, event_type)
    return queries.search(conn(request), q, filters, page, per_page)


@router.get("/articles/{article_id}", summary="One article with its annotations")
def article(request: Request, article_id: str) -> dict[str, Any]:
    data = views.article(conn(request), article_id)
    if data is None:
        raise HTTPException(404, f"no article {article_id}")
    return data


@router.get("/entities", summary="Canonical entities, most cited first")
def entities(request: Request, type: Text = None, country: Text = None, name: Text = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    return store_queries.entities(conn(request), type, country, name, limit)


@router.get("/entities/{key}", summary="An entity profile (by graph id, name or alias)")
def entity(request: Request, key: str) -> dict[str, Any]:
    data = views.entity(conn(request), key)
    if data is None:
        raise HTTPException(404, f"no entity {key}")
    return data


@router.get("/events", summary="Events with filters, one page, and the timeline by type")
def events(request: Request, actor: Text = None, recipient: Text = None, type: Text = None, country: Text = None,
           place: Text = None, since: Day = None, until: Day = None, page: Page = 1,
           per_page: Annotated[int, Query(ge=1, le=200)] = 50,
           chart: Annotated[str, Query(pattern="^(type|quad)$", description="timeline by PLOVER type or quad class")] = "type",
           ) -> dict[str, Any]:
    filters = event_filters(actor, recipient, type, country, place, since, until)
    return events_page(request, filters, page, per_page, chart)


def events_page(request: Request, filters: dict[str, Any], page: int, per_page: int, chart: str) -> dict[str, Any]:
    """One page of events with the chart: the chart scans every event the filters select, so
    the answer is kept per store version (``cached``)."""
    key = ("events", tuple(sorted(filters.items())), page, per_page, chart)
    return cached(request, key, lambda: queries.events(conn(request), filters, page, per_page, chart))


def event_types(request: Request) -> list[str]:
    """The PLOVER types present (the events page's menu), kept per store version."""
    return cached(request, ("event_types",), lambda: queries.event_types(conn(request)))


@router.get("/quotes", summary="Quotes by speaker and/or words")
def quotes(request: Request, speaker: Text = None, text: Text = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, Any]]:
    return store_queries.quotes(conn(request), speaker, text, limit)


@router.get("/timeline", summary="Counts per period: an entity, an event type, a text query, or all articles")
def timeline(request: Request, entity: Text = None, event_type: Text = None, q: Text = None,
             interval: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "day",
             since: Day = None, until: Day = None) -> list[dict[str, Any]]:
    # one subject at a time, in the store's order of precedence (entity, then event type, then text):
    # the store's timeline() binds the text even when an entity wins, which SQLite refuses
    if entity or event_type:
        q = None
    if entity:
        event_type = None
    return store_queries.timeline(conn(request), entity, event_type, q, interval, since, until)


@router.get("/network", summary="The actor graph, filtered by time, entity types and edge kind")
def network(request: Request, entity: Text = None, since: Day = None, until: Day = None,
            type: Annotated[list[str] | None, Query()] = None,
            kind: Annotated[str | None, Query(pattern="^(event|co-occurrence)?$")] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 150,
            window: Annotated[int, Query(ge=1, le=5000, description="most recent articles looked at")] = 500,
            ) -> dict[str, Any]:
    since, until = validate.day_range(since, until)
    type = [validate.entity_type(t) for t in type] if type else type
    key = ("network", entity, since, until, tuple(type or ()), kind, limit, window)
    # the index is asked for only when the answer is computed (None until built: the same answer,
    # counted in SQL and Python), not on every cached request
    return cached(request, key, lambda: views.network(conn(request), entity, since, until, type, kind, limit, window,
                                                      request.app.state.incidence.get()))


@router.get("/places", summary="Places with coordinates and their article and event counts")
def places(request: Request, limit: Annotated[int, Query(ge=1, le=5000)] = 2000) -> list[dict[str, Any]]:
    return cached(request, ("places", limit), lambda: queries.places(conn(request), limit))


@router.get("/countries", summary="Simplified country outlines (GeoJSON) for the offline map")
def countries() -> dict[str, Any]:
    return shapes.countries()


@router.get("/export/{fmt}", summary="Download the articles a search selects (at most 200) in an export format",
            response_class=Response)
def export(request: Request, fmt: exports.Format, q: Text = None, source: Text = None, language: Text = None,
           since: Day = None, until: Day = None, entity: Text = None, event_type: Text = None,
           limit: Annotated[int, Query(ge=1, le=exports.MAX_ARTICLES)] = 50) -> Response:
    filters = search_filters(source, language, since, until, entity, event_type)
    key = ("export", fmt.value, q, tuple(sorted(filters.items())), limit)
    body, media, name = cached(request, key, lambda: exports.render(fmt, exports.selected(conn(request), q, filters,
                                                                                         limit)))
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def warm(app: FastAPI) -> threading.Thread:
    """Build the network's entity index and compute the heavy answers of the default views
    (overview, events, network, places, stats, the GraphML export) in a background thread as the
    server starts, by calling their routes.

    The first visitors then find them cached; one who comes sooner waits for this single
    computation (the cache lets one request compute a key and the others wait for it) instead of
    eight simultaneous visitors each waiting behind a cold build they all asked for."""
    stand_in: Any = SimpleNamespace(app=app)  # what the routes read of a request: request.app.state

    def run() -> None:
        jobs: list[Callable[[], Any]] = [
            app.state.incidence.prepare, lambda: overview(stand_in), lambda: event_types(stand_in), lambda: events_page(stand_in, {}, 1, 50, "type"),
            lambda: network(stand_in), lambda: places(stand_in), lambda: stats(stand_in),
            lambda: export(stand_in, exports.Format.graphml)]
        for job in jobs:
            try:
                job()
            except (sqlite3.Error, NewsgraphError) as exc:  # the request that needs it computes it and reports
                log.warning("newsgraph serve: warming the cache failed: %s", exc)

    thread = threading.Thread(target=run, name="newsgraph-warm", daemon=True)
    thread.start()
    return thread
