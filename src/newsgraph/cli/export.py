"""``newsgraph export FORMAT -o OUT``: a thin wrapper over ``export.store.export_store``."""

from __future__ import annotations

import click

from ..errors import NewsgraphError
from ..export.store import ALL_FORMATS, export_store
from .options import db_option, require_store


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(ALL_FORMATS))
@click.argument("out", required=False, type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="The file (csv and parquet: the directory) to write; - is standard output.")
@db_option()
@click.option("--query", help="Only articles matching this full-text query.")
@click.option("--since", help="Only articles of this day or later (YYYY-MM-DD).")
@click.option("--until", help="Only articles of this day or earlier (YYYY-MM-DD).")
def export(fmt: str, out: str | None, output: str | None, db: str, query: str | None, since: str | None,
           until: str | None) -> None:
    """Write the store's articles as FORMAT to -o OUT (csv and parquet: a directory).

    jsonl is lossless (`newsgraph ingest OUT.jsonl` re-imports it); gkg is GDELT GKG 2.1, events
    GDELT 2.0 events, plover PLOVER JSON, graphml the actor network, csv and parquet one file per
    table, datasette-metadata the descriptions and facets `datasette newsgraph.db -m OUT` shows.
    OUT may also come as the last argument, as older versions took it.
    """
    if out and output and out != output:
        raise click.UsageError(f"two outputs given ({out} and -o {output}): give one")
    target = output or out
    if not target:
        raise click.UsageError("give the file to write with -o/--output")
    require_store(db)
    try:
        count = export_store(fmt, target, db, query=query, since=since, until=until)
    except (NewsgraphError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    unit = {"parquet": "rows", "datasette-metadata": "tables described"}.get(fmt, "records")
    click.echo(f"{count} {unit} written to {'standard output' if target == '-' else target}", err=True)
