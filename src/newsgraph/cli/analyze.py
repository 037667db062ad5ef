"""``newsgraph analyze``: documents in, Articles out, no store.

The readable form is one card per article (``render.summary``); ``--table`` is one line per
article (what ``make demo`` shows first), ``--json``/``--jsonl``/``--csv`` the records.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..errors import InputError, StageError
from .options import emit, opened, output_file_option, quiet_option
from .tables import table

_FORMATS = {"cards": "One readable card per article (the default).",
            "table": "One line per article: day, source, title and what was found in it.",
            "json": "One JSON object for one article, a list for several.",
            "jsonl": "One JSON object per line, as articles finish.",
            "csv": "One row per article (the table's columns)."}
_COLUMNS = ("day", "source", "title", "entities", "quotes", "events", "id")


def _format_options(func):
    for name, text in reversed(_FORMATS.items()):
        func = click.option(f"--{name}", "fmt", flag_value=name, help=text,
                            **({"default": True} if name == "cards" else {}))(func)
    return func


@click.command("analyze")
@click.argument("inputs", nargs=-1, required=True)
@_format_options
@output_file_option
@click.option("--strict", is_flag=True,
              help="Stop at the first stage that fails on an article (default: note it and go on).")
@quiet_option
def analyze(inputs: tuple[str, ...], fmt: str, output: str, strict: bool, quiet: bool) -> None:
    """Analyse INPUTS without a store: files, directories, WARC, feeds, JSONL, URLs, or - for stdin.

    Exits 1 when some inputs failed (each failure is reported on stderr), 0 otherwise. A stage that
    fails on an article is reported on stderr as a warning and the article keeps every other
    stage's results (with --strict it stops the run, exit 1); skipped stages are listed on the card.
    """
    from ..api import analyze_many
    from ..render import progress, summary

    failures = 0
    articles = []
    with opened(output) as out, progress(inputs, enabled=not quiet and fmt != "jsonl") as tick:
        for item in _strictly(analyze_many(inputs, strict=strict)):
            tick(item)
            if isinstance(item, InputError):
                failures += 1
                click.secho(f"error: {item}", fg="red", err=True)
                continue
            for note in item.stage_notes:
                if note.status == "error":
                    where = item.origin.label if item.origin else item.id
                    click.secho(f"warning: {where}: stage {note.stage} failed: {note.reason}", fg="yellow", err=True)
            if fmt == "jsonl":
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            elif fmt == "cards":
                out.write(summary(item) + "\n")
            else:
                articles.append(item)
    if fmt == "json":
        single = len(inputs) == 1 and len(articles) == 1 and failures == 0
        emit(articles[0].to_dict() if single else [a.to_dict() for a in articles], "json", output)
    elif fmt in ("table", "csv"):
        rows = [_row(a) for a in articles]
        emit(rows, fmt, output, columns=_COLUMNS, table=lambda rows, out: table(out, rows, _COLUMNS))
    if failures:
        click.secho(f"{failures} input(s) failed", fg="red", err=True)
        sys.exit(1)


def _strictly(items):
    """``items``, with a strict run's StageError turned into a one-line error and exit 1."""
    try:
        yield from items
    except StageError as exc:
        raise click.ClickException(f"{exc} (--strict)") from exc


def _row(article) -> dict[str, Any]:
    return {"day": (article.published or "")[:10] or None, "source": article.source, "title": article.title,
            "entities": len(article.entities), "quotes": len(article.quotes), "events": len(article.events),
            "id": article.id}
