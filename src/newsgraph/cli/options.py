"""The options every command shares, declared once so each means the same thing everywhere.

- ``db_option``: ``--db FILE``, defaulting to ``$NEWSGRAPH_DB`` and then ``newsgraph.db``.
- ``quiet_option``: ``-q/--quiet`` (``--silent`` kept as an alias) turns progress bars off.
- ``output_options``: ``--table`` (the default), ``--json``, ``--jsonl`` or ``--csv``, and
  ``-o/--output FILE``; the command returns rows and :func:`emit` writes them in the chosen
  format, as sqlite-utils' ``output_options`` does.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

import click

DB_ENVVAR = "NEWSGRAPH_DB"
FORMATS = ("table", "json", "jsonl", "csv")


#: Where ``--db`` leaves the store's path in ``click.Context.meta`` (shared by every context of a
#: run), so the command group can name the store in an error no command caught.
DB_META = "newsgraph.db"


def _remember_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.meta[DB_META] = value
    return value


def db_option(help: str = "The store file.") -> Callable:
    from ..store import DEFAULT_DB

    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar=DB_ENVVAR, show_envvar=True,
                        type=click.Path(dir_okay=False), help=help, callback=_remember_db)


quiet_option = click.option("-q", "--quiet", "--silent", "quiet", is_flag=True,
                            help="No progress bar (--silent is the old name).")

output_file_option = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
                                  default="-", help="Write to this file instead of standard output.")


def output_options(func: Callable) -> Callable:
    """Add ``--table/--json/--jsonl/--csv`` (one ``fmt`` argument) and ``-o/--output``."""
    for name, text in reversed((("table", "A readable table (the default)."),
                                ("json", "One JSON document."),
                                ("jsonl", "One JSON object per line."),
                                ("csv", "Comma-separated values with a header row."))):
        func = click.option(f"--{name}", "fmt", flag_value=name, help=text,
                            **({"default": True} if name == "table" else {}))(func)
    return output_file_option(func)


@contextlib.contextmanager
def opened(output: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else the file, created (and closed) here."""
    if output == "-":
        try:
            yield sys.stdout
        finally:
            sys.stdout.flush()
        return
    try:
        handle = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below; the error names the file
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    with handle:
        yield handle


def emit(result: Any, fmt: str, output: str, columns: Sequence[str] | None = None,
         table: Callable[[Any, TextIO], None] | None = None) -> None:
    """Write ``result`` (a list of rows, or one JSON-able document) as ``fmt`` to ``output``.

    ``columns`` chooses the CSV columns (all of the first row's keys when None); ``table`` draws
    the readable form. A document that is not a list of rows has no CSV or JSONL form."""
    with opened(output) as out:
        if fmt == "json":
            out.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        elif fmt in ("jsonl", "csv") and not isinstance(result, list):
            raise click.UsageError(f"--{fmt} needs a list of rows; this command gives one document: use --json")
        elif fmt == "jsonl":
            for row in result:
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        elif fmt == "csv":
            out.write(to_csv(result, columns))
        elif table is not None:
            table(result, out)
        else:
            out.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    buffer = io.StringIO()
    names = list(columns or (rows[0].keys() if rows else ()))
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


def require_store(db: str) -> None:
    from pathlib import Path

    from ..store import missing_store

    if not Path(db).is_file():
        raise click.ClickException(str(missing_store(db)))
