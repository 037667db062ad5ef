"""Command-line layer: every command is a thin wrapper over one API function.

All commands live in this package, one module per kind of work (``analyze``, ``ingest``,
``store`` for the queries, ``export``, ``kb``, ``serve``, ``spark``, ``watch`` with ``alert``), and share their options from
``options``: ``-h`` for help, ``--db`` (or ``$NEWSGRAPH_DB``), ``-q/--quiet``, ``-o/--output``
and the output formats ``--table``/``--json``/``--jsonl``/``--csv``. Shell completion is
click's: ``eval "$(_NEWSGRAPH_COMPLETE=bash_source newsgraph)"`` (zsh_source, fish_source).
"""

from __future__ import annotations

import click

from .. import __version__
from .analyze import analyze
from .export import export
from .ingest import ingest
from .kb import kb
from .options import DB_META
from .serve import serve
from .spark import spark
from .store import COMMANDS as QUERY_COMMANDS
from .watch import alert, watch


class Main(click.Group):
    """The command group; an SQLite error no command expected (a store damaged in the middle, made
    read-only under a running command) is said in one line naming the store, not a traceback."""

    def invoke(self, ctx: click.Context):
        import sqlite3

        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            from ..store import explain

            db = ctx.meta.get(DB_META)
            raise click.ClickException(str(explain(db, exc)) if db else f"database error: {exc}") from exc


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="newsgraph")
def main() -> None:
    """newsgraph: news → a knowledge graph of who did what to whom, where and when."""


for _command in (analyze, ingest, *QUERY_COMMANDS, export, kb, serve, spark, watch, alert):
    main.add_command(_command)


if __name__ == "__main__":
    main()
