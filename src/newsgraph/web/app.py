"""The FastAPI application: server-rendered pages, a JSON API under ``/api``, static files.

Safe by default: the store is opened read-only, Jinja2 escapes every value, no page carries an
inline script (a Content-Security-Policy forbids them), static files come from the package
directory only, and unknown ids are 404s.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, InputError, NewsgraphError
from .cache import AnswerCache
from .db import ReadOnlyStore
from .queries import MARK_CLOSE, MARK_OPEN

HERE = Path(__file__).parent
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
    app.state.templates = templates()

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "detail": exc.detail},
            status_code=exc.status_code)

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError):
        """A bad argument is the client's (400); anything else (say, an article stored by a newer
        newsgraph) is the server's (500). Either way the answer names the code."""
        status = 400 if isinstance(exc, (ConfigError, InputError)) else 500
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=status)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "detail": str(exc)}, status_code=status)

    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app


