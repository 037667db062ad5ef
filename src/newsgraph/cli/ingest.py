"""``newsgraph ingest``: a thin wrapper over ``newsgraph.ingest.ingest`` with a progress bar."""

from __future__ import annotations

import json
import sys

import click

from ..errors import NewsgraphError
from ..workers import DOC_SECONDS
from .options import db_option, quiet_option


@click.command("ingest")
@click.argument("inputs", nargs=-1)
@db_option("The store file (created when absent).")
@click.option("--workers", type=int, default=None,
              help="Worker processes (default: number of cores; 0 = in this process).")
@click.option("--retry-errors", is_flag=True, help="Also read again the inputs recorded in the errors table.")
@click.option("--doc-seconds", type=click.FloatRange(min=0), default=DOC_SECONDS, show_default=True,
              help="Seconds a worker may spend on one document before it is recorded as an error and "
                   "the worker replaced (0 = no limit).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--strict", is_flag=True,
              help="Stop at the first stage that fails on an article (default: store the article without "
                   "that stage's results and record the failure in the errors table).")
@quiet_option
def ingest(inputs: tuple[str, ...], db: str, workers: int | None, retry_errors: bool, doc_seconds: float,
           as_json: bool, strict: bool, quiet: bool) -> None:
    """Analyse INPUTS (files, directories, WARC, feeds, JSONL, URLs) into the store.

    Documents already stored are skipped; failures are recorded in the errors table (exit 1).
    """
    from ..ingest import ingest as run_ingest

    if not inputs and not retry_errors:
        raise click.UsageError("give INPUT... to ingest, or --retry-errors")
    try:
        with _bar(enabled=not quiet) as tick:
            result = run_ingest(inputs, db=db, workers=workers, retry_errors=retry_errors, on_progress=tick,
                                strict=strict, doc_seconds=doc_seconds or None)
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
