"""``newsgraph serve``: a local, read-only web app over a store (pages, JSON API, maps, networks).

``create_app(db)`` builds the FastAPI application; ``serve(db, host, port)`` runs it with uvicorn.
"""

from __future__ import annotations

import os

from .app import create_app

__all__ = ["create_app", "serve"]


def serve(db: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the store ``db`` until interrupted; binds to localhost unless told otherwise."""
    import uvicorn

    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    app = create_app(db, allowed_hosts=[host, "localhost", "127.0.0.1", "[::1]"] if loopback else None)
    print(f"newsgraph: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
