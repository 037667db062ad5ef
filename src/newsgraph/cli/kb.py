"""``newsgraph kb …``: thin click commands over the functions in ``knowledge.user``."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from ..errors import InputError
from ..knowledge import KBEntry
from .options import emit, output_options


def _line(e: KBEntry) -> str:
    extra = [x for x in (e.country, e.sector, e.wikidata) if x]
    where = f" @{e.lat:.4f},{e.lon:.4f}" if e.lat is not None and e.lon is not None else ""
    return f"{e.id}\t{e.name}\t{e.type}\t{' '.join(extra)}{where}"


def _emit(entries: list[KBEntry], fmt: str, output: str) -> None:
    """The shared output formats; the readable one is a tab-separated line per entry."""

    def lines(rows: list[dict], out) -> None:
        out.write("".join(_line(e) + "\n" for e in entries))

    emit([asdict(e) for e in entries], fmt, output, table=lines)


@click.group()
def kb() -> None:
    """The offline knowledge base: look names up, import and list your own entries."""


@kb.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def import_cmd(file: str) -> None:
    """Import FILE (CSV or JSONL: id, name, aliases, type, country, sector, wikidata[, lat, lon]).

    Bad rows are reported on stderr and skipped; the good rows are imported. Exits 1 when some
    rows (or the file) failed."""
    from ..knowledge.user import import_file, user_kb_dir

    try:
        count, errors = import_file(file)
    except InputError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    for err in errors:
        click.secho(f"error: {err}", fg="red", err=True)
    click.echo(f"imported {count} entr{'y' if count == 1 else 'ies'} into {user_kb_dir()}")
    if errors:
        click.secho(f"{len(errors)} row(s) skipped", fg="red", err=True)
        sys.exit(1)


@kb.command("list")
@output_options
def list_cmd(fmt: str, output: str) -> None:
    """List the entries you imported."""
    from ..knowledge.user import list_entries

    entries = list_entries()
    _emit(entries, fmt, output)
    if not entries and fmt == "table":
        from ..knowledge.user import user_kb_dir

        click.secho(f"no entries of your own yet (in {user_kb_dir()}): add some with `newsgraph kb import FILE`",
                    fg="yellow", err=True)


@kb.command("lookup")
@click.argument("name")
@click.option("--type", "type_", default=None, help="Only entries of this type (ORG, GPE, NORP…).")
@output_options
def lookup_cmd(name: str, type_: str | None, fmt: str, output: str) -> None:
    """Look NAME up in the knowledge base (built-in and your entries), best match first."""
    from ..knowledge.user import lookup_entries

    entries = lookup_entries(name, type=type_.upper() if type_ else None)
    _emit(entries, fmt, output)
    if not entries and fmt == "table":
        click.secho(f"no entry for {name!r}", fg="yellow", err=True)


@kb.command("info")
@click.option("--rebuild", is_flag=True, help="Rebuild the cache from the packages and curated data first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def info_cmd(rebuild: bool, as_json: bool) -> None:
    """Where the knowledge base lives, what it holds, and how long it took to build or load."""
    from ..knowledge.user import kb_info

    data = kb_info(rebuild=rebuild)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key, value in data.items():
        click.echo(f"{key}: {value}")
