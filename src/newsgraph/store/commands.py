"""``newsgraph ingest`` and the query commands: thin click wrappers over ``ingest()`` and ``Store``.

Every query command takes ``--db`` and ``--json``; without ``--json`` it prints a readable table.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ..errors import NewsgraphError
from . import DEFAULT_DB, missing_store, open_store


def _store_options(func: Callable) -> Callable:
    @click.option("--db", default=DEFAULT_DB, show_default=True, help="The store file.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
    @functools.wraps(func)
    def wrapper(db: str, as_json: bool, **kwargs: Any) -> None:
        from pathlib import Path

        if not Path(db).exists():
            raise click.ClickException(str(missing_store(db)))
        try:
            with open_store(db) as store:
                result = func(store, **kwargs)
        except NewsgraphError as exc:
            raise click.ClickException(str(exc)) from exc
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        else:
            _show(func.__name__, result)

    return wrapper


def _console():
    from rich.console import Console

    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(col)) for col in columns])
    _console().print(table)


def _cell(value: Any) -> str:
    from rich.markup import escape  # snippets carry [brackets] that rich would read as markup

    if value is None:
        return ""
    if isinstance(value, list):
        return escape("; ".join(str(v) for v in value))
    return escape(str(value))


_COLUMNS = {
    "search": ("day", "source", "title", "snippet", "id"),
    "entities": ("name", "type", "country", "sector", "wikidata", "article_count", "first_seen", "last_seen", "id"),
    "events": ("day", "type", "actors", "recipients", "place", "trigger_text", "article_title"),
    "aggregated": ("day", "type", "actors", "recipients", "place", "num_mentions", "num_sources", "num_articles"),
    "quotes": ("day", "speaker_name", "speaker", "text", "source"),
    "timeline": ("period", "count"),
}


def _show(name: str, result: Any) -> None:
    if name == "events" and result and "num_mentions" in result[0]:
        name = "aggregated"
    if name in _COLUMNS:
        if not result:
            click.echo("nothing found")
        else:
            _table(result, _COLUMNS[name])
    elif name == "entity":
        _show_entity(result)
    elif name == "network":
        names = {n["id"]: n["name"] for n in result["nodes"]}
        edges = [{**e, "source": names.get(e["source"]), "target": names.get(e["target"])} for e in result["edges"]]
        _table(edges, ("source", "target", "kind", "weight"),
               title=f"actor network over {result['articles']} articles (window {result['window']})")
    elif name == "stats":
        _table([{"table": k, "rows": v} for k, v in result["counts"].items()], ("table", "rows"),
               title=f"{result['first_day']} … {result['last_day']}, {result['bytes'] or 0:,} bytes")
        if result.get("graph"):
            _table([{"measure": k.replace("_", " "), "value": v} for k, v in result["graph"].items()],
                   ("measure", "value"), title="across articles")
        _table(result["sources"], ("source", "articles"), title="top sources")
        _table(result["event_types"], ("type", "events"), title="events by type")


def _show_entity(profile: dict[str, Any] | None) -> None:
    if profile is None:
        click.echo("no such entity")
        return
    click.echo(f"━━ {profile['name']}  ({profile['type']}"
               + (f", {profile['country']}" if profile["country"] else "") + f")  id {profile['id']}")
    click.echo(f"  articles {profile['article_count']}, mentions {profile['mention_count']}, "
               f"seen {profile['first_seen']} … {profile['last_seen']}")
    if profile["kb"]:
        click.echo("  kb       " + ", ".join(f"{k}={v}" for k, v in profile["kb"].items()))
    click.echo("  aliases  " + "; ".join(a["alias"] for a in profile["aliases"]))
    if profile["counts"]:
        click.echo("  per month " + ", ".join(f"{c['month']}: {c['articles']}" for c in profile["counts"][-12:]))
    _table(profile["co_occurring"], ("name", "type", "articles"),
           title=f"named with it (its {profile['co_occurring_window']} latest articles)")
    if profile["event_partners"]:
        _table(profile["event_partners"], ("name", "type", "events"), title="event partners")
    if profile["quotes"]:
        _table(profile["quotes"], ("day", "text", "source"), title="quotes")
    if profile["events"]:
        _table(profile["events"], _COLUMNS["events"], title="events")
    for other in profile["others"]:
        click.echo(f"  also: {other['name']} ({other['type']}, {other['country'] or '-'}), id {other['id']}")


@click.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True)
@_store_options
def search(store, text: str, limit: int):
    """Full-text search of titles and bodies (FTS5 syntax: words, "phrases", OR, NEAR, prefix*)."""
    return store.search(text, limit=limit)


@click.command()
@click.option("--type", "type_", help="PERSON, ORG, GPE, LOC, NORP…")
@click.option("--country", help="ISO 3166 alpha-3 code.")
@click.option("--name", help="Only entities this name or alias refers to.")
@click.option("--limit", default=50, show_default=True)
@_store_options
def entities(store, type_: str | None, country: str | None, name: str | None, limit: int):
    """Canonical entities merged across articles, most cited first."""
    return store.entities(type=type_, country=country, name=name, limit=limit)


@click.command()
@click.argument("name")
@click.option("--type", "type_", help="Pick the entity of this type when the name is ambiguous.")
@_store_options
def entity(store, name: str, type_: str | None):
    """Profile of one entity: aliases, KB ids, counts over time, co-actors, quotes, events."""
    return store.entity(name, type=type_)


@click.command()
@click.option("--actor")
@click.option("--recipient")
@click.option("--type", "type_", help="PLOVER type: AGREE, CONSULT, ACCUSE…")
@click.option("--since", help="YYYY-MM-DD (inclusive).")
@click.option("--until", help="YYYY-MM-DD (inclusive).")
@click.option("--place")
@click.option("--limit", default=50, show_default=True)
@click.option("--aggregated", is_flag=True, help="One row per happening across articles (mentions, sources).")
@_store_options
def events(store, actor, recipient, type_, since, until, place, limit, aggregated):
    """Events, newest first."""
    if aggregated:
        return store.aggregated_events(actor=actor, recipient=recipient, type=type_, since=since, until=until,
                                       place=place, limit=limit)
    return store.events(actor=actor, recipient=recipient, type=type_, since=since, until=until,
                        place=place, limit=limit)


@click.command()
@click.option("--speaker")
@click.option("--text", help="Words in the quote (FTS5 syntax).")
@click.option("--limit", default=50, show_default=True)
@_store_options
def quotes(store, speaker, text, limit):
    """Quotes, newest first."""
    return store.quotes(speaker=speaker, text=text, limit=limit)


@click.command()
@click.option("--entity")
@click.option("--event-type")
@click.option("--query", help="Full-text query.")
@click.option("--interval", type=click.Choice(["day", "week", "month", "year"]), default="day", show_default=True)
@click.option("--since")
@click.option("--until")
@_store_options
def timeline(store, entity, event_type, query, interval, since, until):
    """Counts per day/week/month: articles citing an entity, events of a type, or articles matching a query."""
    return store.timeline(entity=entity, event_type=event_type, query=query, interval=interval,
                          since=since, until=until)


@click.command()
@click.option("--entity", help="Only articles citing this entity.")
@click.option("--since")
@click.option("--until")
@click.option("--limit", default=100, show_default=True, help="Edges of each kind.")
@click.option("--window", default=1000, show_default=True, help="Most recent articles looked at.")
@_store_options
def network(store, entity, since, until, limit, window):
    """The actor network: events (actor → recipient) and co-occurrence in articles."""
    return store.network(entity=entity, since=since, until=until, limit=limit, window=window)


@click.command()
@_store_options
def stats(store):
    """Row counts, days covered, top sources and event types."""
    return store.stats()


QUERY_COMMANDS = (search, entities, entity, events, quotes, timeline, network, stats)


@click.command()
@click.argument("inputs", nargs=-1)
@click.option("--db", default=DEFAULT_DB, show_default=True, help="The store file (created when absent).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: number of cores; 0 = in this process).")
@click.option("--retry-errors", is_flag=True, help="Also read again the inputs recorded in the errors table.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
def ingest(inputs: tuple[str, ...], db: str, workers: int | None, retry_errors: bool, as_json: bool,
           silent: bool) -> None:
    """Analyse INPUTS (files, directories, WARC, feeds, JSONL, URLs) into the store.

    Documents already stored are skipped; failures are recorded in the errors table (exit 1).
    """
    from ..ingest import ingest as run_ingest

    if not inputs and not retry_errors:
        raise click.UsageError("give INPUT... to ingest, or --retry-errors")
    try:
        with _bar(enabled=not silent) as tick:
            result = run_ingest(inputs, db=db, workers=workers, retry_errors=retry_errors, on_progress=tick)
    except NewsgraphError as exc:  # the store, or the pipeline's configuration: nothing can go on
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"{result.added} new articles in {db}; {result.skipped} documents already stored, "
                   f"{result.failed} failed; {result.processed} analysed in {result.seconds:.1f} s "
                   f"({result.rate:.2f} articles/s, {result.workers} workers)", err=True)
        for error in result.errors[:20]:
            click.secho(f"error: [{error['code']}] {error['origin']}: {error['reason']}", fg="red", err=True)
        if len(result.errors) > 20:
            click.secho(f"… and {len(result.errors) - 20} more (see the errors table)", fg="red", err=True)
    if result.failed:
        sys.exit(1)


def _bar(enabled: bool):
    """A rich progress bar on stderr: documents done, skipped, failed and articles/s."""
    import contextlib
    import time

    @contextlib.contextmanager
    def bar():
        if not enabled:
            yield lambda result: None
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        start = time.monotonic()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("starting", total=None)

            def tick(result) -> None:
                rate = result.processed / max(time.monotonic() - start, 1e-9)
                progress.update(task, description=(
                    f"{result.processed} analysed, {result.added} stored, {result.skipped} skipped, "
                    f"{result.failed} failed · {rate:.2f} articles/s"))

            yield tick

    return bar()
