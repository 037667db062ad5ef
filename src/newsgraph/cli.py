"""Command-line layer: every command is a thin wrapper over one API function."""

from __future__ import annotations

import json
import sys

import click

from . import __version__
from .api import analyze_many
from .errors import InputError, StoreError


@click.group()
@click.version_option(__version__, prog_name="newsgraph")
def main() -> None:
    """newsgraph: news → a knowledge graph of who did what to whom, where and when."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object for one article, a list for several.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per line, as articles finish.")
@click.option("--silent", is_flag=True, help="No progress bar.")
def analyze(inputs: tuple[str, ...], as_json: bool, as_jsonl: bool, silent: bool) -> None:
    """Analyse INPUTS without a store: files, directories, WARC, feeds, JSONL, URLs, or - for stdin.

    Exits 1 when some inputs failed (each failure is reported on stderr), 0 otherwise.
    """
    from .render import progress, summary

    failures = 0
    articles = []
    with progress(inputs, enabled=not silent and not as_jsonl) as tick:
        for item in analyze_many(inputs):
            tick(item)
            if isinstance(item, InputError):
                failures += 1
                click.secho(f"error: {item}", fg="red", err=True)
                continue
            if as_jsonl:
                click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
            elif as_json:
                articles.append(item.to_dict())
            else:
                click.echo(summary(item))
    if as_json:
        payload = articles[0] if len(inputs) == 1 and len(articles) == 1 and failures == 0 else articles
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failures:
        click.secho(f"{failures} input(s) failed", fg="red", err=True)
        sys.exit(1)


from .knowledge.commands import kb as _kb_group  # the kb group lives with the KB

main.add_command(_kb_group)

from .store.commands import QUERY_COMMANDS as _query_commands  # ingest and the queries live with the store
from .store.commands import ingest as _ingest_command

for _command in (_ingest_command, *_query_commands):
    main.add_command(_command)

from .export.cli import export_command as _export_command  # export FORMAT OUT over the store

main.add_command(_export_command)

from .crawl.cli import alert as _alert_group  # newsgraph watch and newsgraph alert (issue 14)
from .crawl.cli import watch as _watch_command

main.add_command(_watch_command)
main.add_command(_alert_group)


@main.command()
@click.option("--db", default="newsgraph.db", show_default=True, help="The store file (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (localhost only by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """Serve a read-only web UI and JSON API over the store DB."""
    from pathlib import Path

    from .store import missing_store

    if not Path(db).is_file():
        raise click.ClickException(str(missing_store(db)))
    from .web import serve as _serve

    try:
        _serve(db, host, port)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":
    main()
