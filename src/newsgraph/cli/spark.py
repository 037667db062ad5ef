"""``newsgraph spark run INPUT... --out DIR``: a thin wrapper over :func:`newsgraph.scale.run_spark`."""

from __future__ import annotations

import json

import click

from ..errors import NewsgraphError


@click.group("spark")
def spark() -> None:
    """Run the pipeline on Apache Spark (local mode, or a cluster through spark-submit)."""


@spark.command("run")
@click.argument("inputs", nargs=-1)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the Parquet tables.")
@click.option("--manifest", "manifests", multiple=True,
              help="A file (path or URI) listing inputs, one per line (may be repeated).")
@click.option("--master", default="local[2]", show_default=True,
              help="Spark master: local[N] on this machine, or a cluster URL (with spark-submit).")
@click.option("--partitions", type=click.IntRange(min=1), help="Spark partitions (default: one per input file).")
@click.option("--max-failures", type=click.IntRange(min=1), default=4, show_default=True,
              help="Attempts per task before the job fails (Spark retries a failed task).")
@click.option("--gkg", type=click.Path(dir_okay=False),
              help="Also write a GDELT GKG 2.1 file (the lines of `newsgraph export gkg`).")
@click.option("--gdelt-events", type=click.Path(dir_okay=False),
              help="Also write a GDELT 2.0 events file (the lines of `newsgraph export events`).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def run(inputs: tuple[str, ...], out: str, manifests: tuple[str, ...], master: str, partitions: int | None,
        max_failures: int, gkg: str | None, gdelt_events: str | None, as_json: bool) -> None:
    """Analyse INPUTS (WARC/ARC, JSONL, HTML files or folders of them) on Spark into OUT.

    Each input file is one Spark task. OUT gets one Parquet folder per table (articles, entities,
    mentions, quotes, events, … inputs, errors, and the cross-article graph_entities, stories,
    duplicate_groups, graph_events, …) with the columns of `newsgraph export parquet`;
    a record that cannot be read or analysed is a row of `errors`, not a failed job.
    `newsgraph ingest OUT --db FILE` loads OUT into a store.
    """
    from ..scale import run_spark

    try:
        try:
            import pyspark  # noqa: F401
        except ImportError as exc:
            raise click.ClickException("newsgraph spark needs pyspark: pip install 'pyspark>=3.5,<3.6' "
                                       "(and a Java 17 runtime)") from exc
        result = run_spark(inputs, out, manifests=manifests, master=master, partitions=partitions, max_failures=max_failures,
                           gkg=gkg, gdelt_events=gdelt_events)
    except NewsgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    errors = result.rows.get("errors", 0)
    click.echo(f"{result.articles} articles from {result.tasks} input files in {result.seconds:.1f} s; "
               f"{errors} records failed (see {out}/errors); tables in {out}", err=True)
