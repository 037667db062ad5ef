"""The HTML pages: each renders one template from the same data the JSON API returns."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from . import api, queries, views

router = APIRouter(include_in_schema=False)
Text = api.Text
Day = api.Day
Page = api.Page


def render(request: Request, template: str, /, **context: Any) -> HTMLResponse:
    context.setdefault("nav", template.removesuffix(".html"))
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    return render(request, "overview.html", data=api.overview(request))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Text = None, source: Text = None, language: Text = None,
                since: Day = None, until: Day = None, entity: Text = None, event_type: Text = None,
                page: Page = 1) -> HTMLResponse:
    filters = api.search_filters(source, language, since, until, entity, event_type)
    conn = api.conn(request)
    data = queries.search(conn, q, filters, page, 20)
    names = {f["value"]: f["label"] for f in data["facets"]["entity"]}
    if entity and entity not in names:
        row = conn.execute("SELECT name FROM graph_entities WHERE id = ?", (entity,)).fetchone()
        names[entity] = row[0] if row else entity
    return render(request, "search.html", data=data, entity_names=names,
                  pages=-(-data["total"] // data["per_page"]))


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    data = views.article(api.conn(request), article_id, with_html=True)
    if data is None:
        raise HTTPException(404, f"no article {article_id}")
    return render(request, "article.html", a=data)


@router.get("/entity/{key}", response_class=HTMLResponse)
def entity_page(request: Request, key: str) -> HTMLResponse:
    data = views.entity(api.conn(request), key)
    if data is None:
        raise HTTPException(404, f"no entity {key}")
    return render(request, "entity.html", e=data)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, type: Text = None, country: Text = None, name: Text = None) -> HTMLResponse:
    from ..store import queries as store_queries

    found = store_queries.entities(api.conn(request), type, country, name, 100)
    return render(request, "entities.html", found=found, type=type or "", country=country or "", name=name or "")


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, actor: Text = None, recipient: Text = None, type: Text = None,
                country: Text = None, place: Text = None, since: Day = None, until: Day = None,
                page: Page = 1, chart: Annotated[str, Query(pattern="^(type|quad)?$")] = "type") -> HTMLResponse:
    filters = api.event_filters(actor, recipient, type, country, place, since, until)
    data = api.events_page(request, filters, page, 50, chart or "type")
    types = api.event_types(request)
    return render(request, "events.html", data=data, types=types, chart_by=chart or "type",
                  pages=-(-data["total"] // data["per_page"]))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, entity: Text = None, since: Day = None, until: Day = None,
                 type: Annotated[list[str] | None, Query()] = None, kind: Text = None) -> HTMLResponse:
    from .network import DEFAULT_TYPES

    return render(request, "network.html", entity=entity or "", since=since or "", until=until or "",
                  types=type or [], default_types=DEFAULT_TYPES, kind=kind or "")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    return render(request, "map.html")


@router.get("/watch", response_class=HTMLResponse)
def watch_page(request: Request) -> HTMLResponse:
    """What ``newsgraph watch`` keeps: the frontier, hosts, sources, and the alerts' last matches."""
    from ..crawl.alerts import last_matches, list_alerts
    from ..crawl.watch import status_of

    conn = api.conn(request)
    alerts = [a | {"recent": last_matches(conn, a["name"], 10)} for a in list_alerts(conn)]
    return render(request, "watch.html", state=status_of(conn), alerts=alerts)
