"""``newsgraph watch`` and ``newsgraph alert``: thin layers over :mod:`newsgraph.crawl.watch` and
:mod:`newsgraph.crawl.alerts`."""

from __future__ import annotations

import json
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import click

from ..crawl.fetch import Politeness
from ..errors import ConfigError, NewsgraphError
from ..validate import ArgumentError
from .options import db_option, quiet_option


@click.command()
@click.argument("sources", nargs=-1)
@db_option("The store (created when absent); WARC captures go beside it.")
@click.option("--every", default="15m", show_default=True, help="Time between rounds (30s, 15m, 2h).")
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option("--status", "show_status", is_flag=True, help="Show the frontier, hosts and sources, and exit.")
@click.option("--delay", default=1.0, show_default=True, type=click.FloatRange(0), help="Seconds between requests to one host (a robots.txt Crawl-delay that asks more wins).")
@click.option("--contact", default=None, help="An e-mail or URL put in the User-Agent, so site owners can reach you.")
@click.option("--allow-private", is_flag=True, help="Also fetch private, loopback and link-local addresses.")
@click.option("--workers", type=int, default=None, help="Ingest worker processes (default: number of cores; 0 = in this process).")
@click.option("--json", "as_json", is_flag=True, help="Print each round (or the status) as JSON.")
@quiet_option
def watch(sources: tuple[str, ...], db: str, every: str, once: bool, show_status: bool, delay: float,
          contact: str | None, allow_private: bool, workers: int | None, as_json: bool, quiet: bool) -> None:
    """Watch SOURCES (feeds, news sitemaps, home pages, or files listing them) and keep the store current.

    Each round polls the sources, fetches the new article pages politely (robots.txt, one request at
    a time per host, DELAY apart), keeps them in crawl-*.warc.gz beside the store and ingests them.
    On a terminal a live line shows the round's progress (not with --quiet or --json); a line per
    round sums it up. Ctrl-C or SIGTERM stops after the pages in hand. Exits 1 when the last round
    had failures.
    """
    from ..crawl.watch import parse_duration, status
    from ..crawl.watch import watch as run_watch

    if show_status:
        if not Path(db).is_file():
            raise click.ClickException(f"no store at {db}")
        _show_status(status(db), as_json)
        return
    if not sources:
        raise click.UsageError("give SOURCE... to watch (a feed, a sitemap, a home page or a file listing them)")
    try:
        seconds = parse_duration(every)
    except ConfigError as exc:
        raise click.BadParameter(exc.message, param_hint="--every") from exc
    manners = Politeness(delay=delay, contact=contact, allow_private=allow_private)
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGINT, signal.SIGTERM)}

    live = _LiveLine() if not (as_json or quiet) and sys.stderr.isatty() else None

    def report(result, next_in):
        if live is not None:
            live.clear()
        if as_json:
            click.echo(json.dumps({**result.to_dict(), "next_in": next_in}, ensure_ascii=False))
            return
        click.echo(result.line(next_in), err=True)
        for error in result.errors[:10]:
            click.secho(f"error: [{error['code']}] {error['origin']}: {error['reason']}", fg="red", err=True)

    try:
        results = run_watch(sources, db, manners, every=seconds, once=once, workers=workers, stop=stop, on_round=report,
                            progress=live.show if live is not None else None)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if results and results[-1].failed:
        sys.exit(1)


class _LiveLine:
    """One line on standard error, rewritten in place at most ``per_second`` times a second."""

    def __init__(self, per_second: float = 4.0) -> None:
        self.gap, self.last, self.shown = 1.0 / per_second, 0.0, False
        self.lock = threading.Lock()  # the round's fetch threads report concurrently

    def show(self, result) -> None:
        now = time.monotonic()
        with self.lock:
            if now - self.last < self.gap and result.phase not in ("ingesting", "alerts"):
                return
            self.last, self.shown = now, True
            width = shutil.get_terminal_size((100, 20)).columns - 1
            sys.stderr.write("\r\x1b[K" + result.live()[:width])
            sys.stderr.flush()

    def clear(self) -> None:
        with self.lock:
            if self.shown:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
                self.shown = False


def _show_status(state: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(state, ensure_ascii=False, indent=2))
        return
    click.echo("urls: " + ", ".join(f"{count} {name}" for name, count in state["urls"].items()))
    for host in state["hosts"]:
        click.echo(f"{host['host']}: {host['fetched']} fetched, {host['queued']} queued, {host['failed']} failed, "
                   f"{host['robots']} blocked by robots; last fetch {host['last_fetch'] or '-'}")
    for source in state["sources"]:
        click.echo(f"source {source['url']} ({source['kind'] or '?'}): {source['status'] or 'never polled'}, "
                   f"next poll {source['next_poll'] or '-'}")


@click.group()
def alert() -> None:
    """Saved queries that report new matching articles or events after each round of the watch."""


def _alert_conn(db: str, create: bool = False):
    from ..store import Store, connect

    if not create and not Path(db).is_file():
        raise click.ClickException(f"no store at {db}: run `newsgraph watch` or `newsgraph ingest` first")
    Store(db).close()  # creates or migrates it
    return connect(db)


@alert.command("add")
@click.argument("name")
@db_option("The store (created when absent).")
@click.option("--query", default=None, help="Full-text query over titles and bodies (FTS5 syntax).")
@click.option("--entity", default=None, help="An entity the article mentions (name or alias).")
@click.option("--event-type", default=None, help="A PLOVER event type (ACCUSE, PROTEST…): matches events.")
@click.option("--actor", default=None, help="The event's actor: an ISO 3166 alpha-3 country or an entity name.")
@click.option("--output", default="-", show_default=True,
              help="Where matches go: - (stdout), a JSONL file, an http(s) webhook URL, or '|command'.")
def alert_add(name, db, query, entity, event_type, actor, output):
    """Save alert NAME; from now on, each new match is delivered once after each round."""
    from ..crawl.alerts import add_alert

    conn = _alert_conn(db, create=True)
    try:
        saved = add_alert(conn, name, query=query, entity=entity, event_type=event_type, actor=actor, output=output)
    except ArgumentError as exc:  # a bad value: a usage error (exit 2), naming the valid forms
        raise click.UsageError(str(exc)) from exc
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()
    click.echo(json.dumps(saved, ensure_ascii=False))


@alert.command("list")
@db_option("The store.")
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def alert_list(db, as_json):
    """The alerts, with how many matches each delivered and when last."""
    from ..crawl.alerts import list_alerts

    conn = _alert_conn(db)
    try:
        alerts = list_alerts(conn)
    finally:
        conn.close()
    if as_json:
        click.echo(json.dumps(alerts, ensure_ascii=False, indent=2))
        return
    for item in alerts:
        filters = ", ".join(f"{key}={item[key]}" for key in ("query", "entity", "event_type", "actor") if item[key])
        error = f"; last error: {item['last_error']}" if item["last_error"] else ""
        click.echo(f"{item['name']}: {filters} → {item['output']}; {item['matches']} match(es), "
                   f"last {item['last_match'] or '-'}{error}")


@alert.command("remove")
@click.argument("name")
@db_option("The store.")
def alert_remove(name, db):
    """Delete alert NAME and its record of matches."""
    from ..crawl.alerts import remove_alert

    conn = _alert_conn(db)
    try:
        remove_alert(conn, name)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()


@alert.command("test")
@click.argument("name")
@db_option("The store.")
@click.option("--limit", default=20, show_default=True, help="Newest matches shown.")
def alert_test(name, db, limit):
    """What alert NAME matches in the whole store now (JSON lines); nothing is delivered or recorded."""
    from ..crawl.alerts import try_alert

    conn = _alert_conn(db)
    try:
        found = try_alert(conn, name, limit)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()
    for record in found:
        click.echo(json.dumps(record, ensure_ascii=False))
