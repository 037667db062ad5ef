"""``newsgraph serve``: the read-only web UI and JSON API over a store."""

from __future__ import annotations

import click

from .options import db_option, require_store


@click.command("serve")
@db_option("The store file (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """Serve a read-only web UI and JSON API over the store DB."""
    require_store(db)
    from ..web import serve as _serve
    from ..web.db import StoreError

    try:
        _serve(db, host, port)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
