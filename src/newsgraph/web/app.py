"""The FastAPI application: server-rendered pages, a JSON API under ``/api``, static files.

Safe by default: the store is opened read-only, Jinja2 escapes every value, no page carries an
inline script (a Content-Security-Policy forbids them), static files come from the package
directory only, and unknown ids are 404s.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import ConfigError, InputError, NewsgraphError, StoreError
from ..validate import ArgumentError
from .cache import AnswerCache, Prepared
from .cooccurrence import Incidence
from .db import ReadOnlyStore
from .queries import MARK_CLOSE, MARK_OPEN

HERE = Path(__file__).parent
log = logging.getLogger(__name__)
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def snippet_html(text: str | None) -> Markup:
    """An FTS snippet as HTML: escaped, with the match marks turned into <mark>."""
    out = str(escape(text or ""))
    return Markup(out.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def plural(count: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``1,204 events``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.filters["snippet"] = snippet_html
    t.env.filters["dictremove"] = lambda d, key: {k: v for k, v in d.items() if k != key and v}
    t.env.filters["plural"] = plural
    t.env.globals["version"] = __version__
    return t


def create_app(db: str | os.PathLike, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app over the store file ``db`` (which must exist; it is never written).

    ``allowed_hosts`` limits the Host header the app answers (``serve`` passes the loopback names
    when bound to loopback, so a web page elsewhere cannot reach the store by DNS rebinding)."""
    from . import api, pages

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.warming = api.warm(app)  # the heavy default views, computed before anyone asks
        yield

    app = FastAPI(title="newsgraph", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Read-only JSON API over a newsgraph store.")
    app.state.store = ReadOnlyStore(db)
    app.state.cache = AnswerCache(app.state.store.path)
    app.state.incidence = Prepared(app.state.store.path, partial(Incidence.load, app.state.store.path),
                                   "building the network's entity index")
    app.state.templates = templates()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        return secured(await call_next(request))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code)

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError):
        """A bad filter value is unprocessable (422, naming the field and its valid forms), other
        bad input the client's (400); anything else (say, an article stored by a newer newsgraph)
        is the server's (500). Every answer names the code."""
        status = (422 if isinstance(exc, ConfigError) else 400 if isinstance(exc, InputError)
                  else 503 if isinstance(exc, StoreError) else 500)
        if request.url.path.startswith("/api/"):
            body = {"detail": str(exc), "code": exc.code}
            if isinstance(exc, ArgumentError):
                body.update(field=exc.field, valid=exc.valid)
            return JSONResponse(body, status_code=status)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "detail": str(exc)}, status_code=status)

    @app.exception_handler(sqlite3.DatabaseError)
    async def store_error(request: Request, exc: sqlite3.DatabaseError):
        """The store went bad under the server (damaged, replaced, unreadable): 503 with what to do."""
        from ..store import explain

        return await newsgraph_error(request, explain(app.state.store.path, exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception):
        """A bug: logged with its traceback, answered with a plain 500 that carries the same
        security headers as every other answer (Starlette's own 500 page is outside the
        middleware that adds them)."""
        log.error("newsgraph serve: internal error on %s", request.url.path, exc_info=exc)
        detail = "internal error: the server's log has the details"
        if request.url.path.startswith("/api/"):
            return secured(JSONResponse({"detail": detail}, status_code=500))
        return secured(app.state.templates.TemplateResponse(
            request, "error.html", {"status": 500, "detail": detail}, status_code=500))

    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(HeadAsGet)
    return app


def secured(response: Response) -> Response:
    """``response`` with the headers every answer carries."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


class HeadAsGet:
    """Answer HEAD as the GET of the same URL without its body (HTTP requires HEAD wherever GET
    works; FastAPI's routes declare GET only, so HEAD got 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


