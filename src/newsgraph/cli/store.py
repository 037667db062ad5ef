"""The query commands: each a thin wrapper over one ``Store`` method.

Every one takes ``--db`` and the shared output flags (``--table`` by default, ``--json``,
``--jsonl``, ``--csv``, ``-o FILE``); the readable tables are drawn by ``cli.tables``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from . import tables
from .options import db_option, emit, output_options, require_store


def query_command(name: str, draw: Callable | None = None) -> Callable:
    """A click command named ``name`` over a function ``(store, **options) -> result``, written
    in the format the user chose."""

    def decorate(func: Callable) -> click.Command:
        @functools.wraps(func)
        def run(fmt: str, output: str, **kwargs: Any) -> None:
            emit(_call(func, kwargs), fmt, output, table=draw or tables.listing(name))

        return click.command(name)(output_options(db_option()(run)))

    return decorate


def _call(func: Callable, kwargs: dict[str, Any]) -> Any:
    from ..errors import NewsgraphError
    from ..store import open_store
    from ..validate import ArgumentError

    db = kwargs.pop("db")
    require_store(db)
    try:
        with open_store(db) as store:
            return func(store, **kwargs)
    except ArgumentError as exc:  # a bad filter value: a usage error (exit 2), naming the valid forms
        raise click.UsageError(str(exc)) from exc
    except NewsgraphError as exc:  # a store that cannot be read: said, not a traceback
        raise click.ClickException(str(exc)) from exc


_LIMIT = click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="Most rows shown.")
_SINCE = click.option("--since", help="Only from this day on, inclusive: YYYY-MM-DD, today, yesterday, "
                      "or 7d / 2w / 3m / 1y ago.")
_UNTIL = click.option("--until", help="Only up to this day, inclusive (the same forms as --since).")


@query_command("articles")
@_LIMIT
@_UNTIL
@_SINCE
def articles(store, since, until, limit):
    """Stored articles, newest first: day, source, title and what was found in each."""
    return store.articles(since=since, until=until, limit=limit)


@query_command("search")
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Most articles shown.")
def search(store, text: str, limit: int):
    """Full-text search of titles and bodies (FTS5 syntax: words, "phrases", OR, NEAR, prefix*)."""
    return store.search(text, limit=limit)


@query_command("entities")
@click.option("--type", "type_", help="PERSON, ORG, GPE, LOC, NORP…")
@click.option("--country", help="ISO 3166 alpha-3 code.")
@click.option("--name", help="Only entities this name or alias refers to.")
@_LIMIT
def entities(store, type_, country, name, limit):
    """Canonical entities merged across articles, most cited first."""
    return store.entities(type=type_, country=country, name=name, limit=limit)


@query_command("entity", draw=tables.entity)
@click.argument("name")
@click.option("--type", "type_", help="Pick the entity of this type when the name is ambiguous.")
def entity(store, name, type_):
    """Profile of one entity: aliases, KB ids, counts over time, co-actors, quotes, events.
    Exits 1 when no stored entity has that name, alias or id."""
    found = store.entity(name, type=type_)
    if found is None:
        raise click.ClickException(f"no stored entity is named {name!r}"
                                   + (f" with type {type_}" if type_ else "")
                                   + f": try `newsgraph entities --name {name!r}` or `newsgraph search`")
    return found


@query_command("events")
@click.option("--actor", help="Only events this entity (name or alias) did.")
@click.option("--recipient", help="Only events done to this entity (name or alias).")
@click.option("--type", "type_", help="PLOVER type: AGREE, CONSULT, ACCUSE…")
@_SINCE
@_UNTIL
@click.option("--place", help="Only events located at this place (name or alias).")
@_LIMIT
@click.option("--aggregated", is_flag=True, help="One row per happening across articles (mentions, sources).")
def events(store, actor, recipient, type_, since, until, place, limit, aggregated):
    """Events, newest first."""
    query = store.aggregated_events if aggregated else store.events
    return query(actor=actor, recipient=recipient, type=type_, since=since, until=until, place=place, limit=limit)


@query_command("quotes", draw=tables.quotes)
@click.option("--speaker", help="Only quotes by this speaker (entity name or alias, or as written).")
@click.option("--text", help="Words in the quote (FTS5 syntax).")
@_LIMIT
def quotes(store, speaker, text, limit):
    """Quotes, newest first.

    The table's speaker is the merged entity's name when the speaker was resolved to one, else
    the speaker as the article wrote it; --json and --csv give both: speaker_name (the entity)
    and speaker (as written)."""
    return store.quotes(speaker=speaker, text=text, limit=limit)


@query_command("timeline")
@click.option("--entity", help="Count the articles citing this entity (name or alias).")
@click.option("--event-type", help="Count the events of this PLOVER type (AGREE, ACCUSE…).")
@click.option("--query", help="Count the articles matching this full-text query.")
@click.option("--interval", type=click.Choice(["day", "week", "month", "year"]), default="day", show_default=True,
              help="The period each count covers.")
@_SINCE
@_UNTIL
def timeline(store, entity, event_type, query, interval, since, until):
    """Counts per day/week/month/year: articles citing an entity, events of a type, or articles matching a query."""
    return store.timeline(entity=entity, event_type=event_type, query=query, interval=interval,
                          since=since, until=until)


@query_command("network", draw=tables.network)
@click.option("--entity", help="Only articles citing this entity.")
@_SINCE
@_UNTIL
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1), help="Edges of each kind.")
@click.option("--window", default=1000, show_default=True, type=click.IntRange(1),
              help="Most recent articles looked at.")
def network(store, entity, since, until, limit, window):
    """The actor network: events (actor → recipient) and co-occurrence in articles."""
    return store.network(entity=entity, since=since, until=until, limit=limit, window=window)


@query_command("stats", draw=tables.stats)
def stats(store):
    """Row counts, days covered, top sources and event types."""
    return store.stats()


def _card(article: dict[str, Any], out) -> None:
    from ..article import Article
    from ..render import summary

    out.write(summary(Article.from_dict(article)))


@query_command("show", draw=_card)
@click.argument("article")
def show(store, article):
    """The full card of one stored article: ARTICLE is its id (or the start of it) or a full-text
    query, whose best match is shown."""
    found = store.find_article(article)
    if found is None:
        raise click.ClickException(f"no stored article matches {article!r}: try `newsgraph articles` or `search`")
    return found.to_dict()


COMMANDS = (articles, search, entities, entity, events, quotes, timeline, network, stats, show)
