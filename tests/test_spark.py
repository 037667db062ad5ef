"""newsgraph spark run: the same rows as local ingest + export parquet (the cross-article tables
too), the same GKG and GDELT events files as `export gkg` / `export events`, bad records in errors,
and a retried task leaving the output of an undisturbed run.

One Spark session (local[2], driver on 127.0.0.1, no UI) serves the whole module. Columns that
hold a store's own clock or row numbers (``ingested_at``, ``time``, ``pk``) differ between any two
runs, local ones too, and are left out of the comparison; every other column is compared.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime (make test installs openjdk-17-jre-headless)", allow_module_level=True)

import pyarrow.parquet as pq
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.errors import NewsgraphError
from newsgraph.export import export
from newsgraph.export.store import write_parquet
from newsgraph.ingest import ingest
from newsgraph.scale import MARKER, run_spark, session
from newsgraph.scale.graph import GRAPH_TABLES, components, merge_keys
from newsgraph.scale.tasks import TABLES, analyse_input
from newsgraph.store import Store

VOLATILE = {"ingested_at", "time", "pk"}


@pytest.fixture(scope="module")
def spark():
    spark = session("local[2]")
    yield spark
    spark.stop()


def local_tables(inputs: list[str], tmp: Path) -> Path:
    """What `newsgraph ingest` (in this process, so in input order) + `export parquet` give,
    with `export gkg` and `export events` beside them (``local.gkg``, ``local.events``)."""
    db, out = tmp / "local.db", tmp / "local-parquet"
    result = ingest(inputs, db, workers=0)
    assert result.processed > 0
    with Store(db) as store:
        write_parquet(store.conn, out, None)
        export("gkg", store.iter_articles(), out / "local.gkg")
        export("events", store.iter_articles(), out / "local.events")
    return out


def rows(table) -> list[tuple]:
    names = [c for c in table.column_names if c not in VOLATILE]
    return sorted(zip(*[table[c].to_pylist() for c in names]), key=repr)


def assert_same_tables(local: Path, spark_out: Path) -> None:
    for table in (*TABLES, *GRAPH_TABLES):
        mine, theirs = pq.read_table(spark_out / table), pq.read_table(local / f"{table}.parquet")
        assert mine.column_names == theirs.column_names, table
        assert [f.type for f in mine.schema] == [f.type for f in theirs.schema], table
        assert rows(mine) == rows(theirs), table


def counted(out: Path) -> dict[str, int]:
    """Rows of every table of a Spark output, read from its Parquet files."""
    return {table: pq.read_table(out / table).num_rows for table in (*TABLES, *GRAPH_TABLES)}


def wikinews_slice(shared: Path, tmp: Path, lines: int) -> str:
    path = tmp / "wikinews-slice.jsonl"
    with open(shared / "data" / "corpus" / "wikinews" / "articles.jsonl", encoding="utf-8") as source:
        path.write_text("".join(line for _, line in zip(range(lines), source)), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def samples(spark, shared_dir, examples_dir, tmp_path_factory):
    """The shared WARC samples, the example WARC and a wikinews slice: run on Spark through the
    CLI, and ingested + exported locally."""
    tmp = tmp_path_factory.mktemp("samples")
    warc = shared_dir / "data" / "warc"
    inputs = [str(examples_dir / "crawl-sample.warc.gz"), str(warc / "warcio"),
              str(warc / "whirlwind" / "whirlwind.warc.gz"), wikinews_slice(shared_dir, tmp, 8)]
    out = tmp / "spark"
    result = CliRunner().invoke(main, ["spark", "run", *inputs, "--out", str(out), "--json",
                                       "--gkg", str(out / "run.gkg"), "--gdelt-events", str(out / "run.events")])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout), local_tables(inputs, tmp)


def test_spark_run_gives_the_rows_of_ingest_and_export_parquet(samples):
    out, summary, local = samples
    assert summary["tasks"] == 7  # the warcio folder's four files are four tasks
    assert summary["rows"]["articles"] >= 10 and (out / MARKER).is_file()
    assert summary["rows"]["graph_entities"] > 0 and summary["rows"]["graph_events"] > 0
    assert summary["rows"] == counted(out)
    assert_same_tables(local, out)


def lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines(keepends=True))


def test_spark_run_writes_the_gkg_and_gdelt_events_files_of_the_exports(samples):
    out, summary, local = samples
    assert len(lines(out / "run.gkg")) == summary["rows"]["articles"]
    assert lines(out / "run.gkg") == lines(local / "local.gkg")
    assert len(lines(out / "run.events")) == summary["rows"]["graph_events"]
    assert lines(out / "run.events") == lines(local / "local.events")


def test_ingest_of_a_spark_output_gives_the_store_of_a_local_ingest(samples, tmp_path):
    out, _, local = samples
    db = tmp_path / "from-spark.db"
    result = CliRunner().invoke(main, ["ingest", str(out), "--db", str(db), "--silent", "--workers", "0"])
    assert result.exit_code == 0, result.output
    assert_same_store(db, local, tmp_path)
    again = CliRunner().invoke(main, ["ingest", str(out), "--db", str(db), "--silent", "--json", "--workers", "0"])
    assert json.loads(again.stdout)["added"] == 0  # a second load changes nothing


def assert_same_store(db: Path, local: Path, tmp: Path) -> None:
    """Every table of the store at ``db`` equals the local one, the cross-article tables too."""
    with Store(db) as store:
        write_parquet(store.conn, tmp / "from-spark", None)
    compared = 0
    for path in sorted(local.glob("*.parquet")):
        if path.stem in ("runs", "migrations"):  # this store's own history
            continue
        mine, theirs = pq.read_table(tmp / "from-spark" / path.name), pq.read_table(path)
        assert mine.column_names == theirs.column_names, path.stem
        assert rows(parsed(mine)) == rows(parsed(theirs)), path.stem
        compared += 1
    assert compared >= 20  # graph_*, stories, duplicates and the rest


def parsed(table):
    """The ``json`` column as data: a coordinate the pipeline gave as 59 is 59.0 once an Article
    is read back (the data model's type is float), the same number written differently."""
    if "json" not in table.column_names:
        return table
    import pyarrow as pa

    values = [repr(_numbers(json.loads(v))) if v is not None else None for v in table["json"].to_pylist()]
    return table.set_column(table.column_names.index("json"), "json", pa.array(values, pa.string()))


def _page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p></article></body></html>").encode()


def _numbers(value):
    """59.0 → 59, inside any JSON value, so that equal numbers print alike."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


def damaged_inputs(tmp: Path) -> list[str]:
    """A WARC whose third record is cut short, a JSONL whose second line is not JSON, and a copy of
    that JSONL (its articles are stored once, from the first file, both files' inputs recorded)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    members = []
    for i, city in enumerate(("Oslo", "Rome", "Vienna")):
        buffer = io.BytesIO()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = _page(f"Talks in {city}", f"Ministers from Norway and Italy met in {city} on Monday. " * 8)
        writer = WARCWriter(buffer, gzip=True)
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
        members.append(buffer.getvalue())
    warc = tmp / "damaged.warc.gz"
    warc.write_bytes(members[0] + members[1] + members[2][: len(members[2]) // 2])
    jsonl = tmp / "rows.jsonl"
    jsonl.write_text(json.dumps({"url": "https://example.org/a", "title": "Row one",
                                 "text": "Ministers met in Oslo on Monday to discuss trade."}) + "\n{not json\n"
                     + json.dumps({"url": "https://example.org/b", "title": "Row three",
                                   "text": "Talks resumed in Rome after the summit."}) + "\n", "utf-8")
    assert gzip.decompress(members[0])  # the good members are whole gzip members
    copy = tmp / "rows-copy.jsonl"
    copy.write_bytes(jsonl.read_bytes())
    return [str(warc), str(jsonl), str(copy)]


def test_bad_records_are_rows_of_errors_and_the_rest_is_processed(spark, tmp_path):
    inputs = damaged_inputs(tmp_path)
    result = run_spark(inputs, tmp_path / "spark", spark=spark)
    errors = pq.read_table(tmp_path / "spark" / "errors").to_pylist()
    assert {e["input"] for e in errors} == set(inputs)
    assert any("truncated or corrupt" in e["reason"] for e in errors)
    assert result.rows["articles"] == 4  # two WARC pages and two good JSONL lines
    assert result.rows["inputs"] == 6  # the copy's two good lines point at the same two articles
    assert result.rows == counted(tmp_path / "spark")  # the later copies' rows taken out of the counts too
    local = local_tables(inputs, tmp_path)
    assert_same_tables(local, tmp_path / "spark")
    loaded = ingest([str(tmp_path / "spark")], tmp_path / "from-spark.db", workers=0)
    assert loaded.added == 4 and loaded.failed == len(errors)
    assert_same_store(tmp_path / "from-spark.db", local, tmp_path)


@pytest.mark.parametrize("min_records", [16, 1])  # one task; each line its own task
def test_a_jsonl_of_analysed_articles_goes_in_as_it_is(spark, tmp_path, min_records):
    from newsgraph import analyze

    article = analyze("<html><head><title>Talks in Oslo</title></head><body><article><p>Ministers from Norway "
                      "met in Oslo on Monday to discuss fishing quotas.</p></article></body></html>")
    path = tmp_path / "analysed.jsonl"
    path.write_text(json.dumps(article.to_dict()) + "\n" + json.dumps({"id": "x", "schema_version": 99}) + "\n",
                    encoding="utf-8")
    result = run_spark([str(path)], tmp_path / "spark", spark=spark, min_records=min_records)
    assert result.tasks == (1 if min_records > 1 else 2)
    assert result.rows["articles"] == 1 and result.rows["errors"] == 1
    assert_same_tables(local_tables([str(path)], tmp_path), tmp_path / "spark")


def test_a_worker_killed_on_the_first_attempt_is_retried_to_the_same_output(spark, examples_dir, tmp_path):
    inputs = [str(examples_dir / "crawl-sample.warc.gz"), str(examples_dir / "articles.jsonl")]
    calm = run_spark(inputs, tmp_path / "calm", spark=spark)
    marker = tmp_path / "killed"

    def dies_once(task, name, in_folder, stages):
        from pyspark import TaskContext

        if task == 0 and TaskContext.get().attemptNumber() == 0:
            marker.write_text(name)
            os._exit(1)  # the Python worker dies mid-task, as under the OOM killer
        yield from analyse_input(task, name, in_folder, stages)

    flaky = run_spark(inputs, tmp_path / "flaky", spark=spark, task=dies_once)
    assert marker.read_text() == inputs[0]  # the first attempt really died
    assert flaky.rows == calm.rows
    for table in (*TABLES, *GRAPH_TABLES):
        assert rows(pq.read_table(tmp_path / "flaky" / table)) == rows(pq.read_table(tmp_path / "calm" / table))


def test_a_task_that_fails_every_attempt_fails_the_job_with_a_clear_error(spark, examples_dir, tmp_path):
    def broken(task, name, in_folder, stages):
        raise RuntimeError(f"cannot go on with {name}")
        yield  # a generator, as analyse_input

    with pytest.raises(NewsgraphError, match=r"failed \(4 attempts of one task\).*cannot go on with"):
        run_spark([str(examples_dir / "articles.jsonl")], tmp_path / "spark", spark=spark, task=broken)


def test_bad_arguments_are_clear_errors(spark, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["spark", "run", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no inputs" in result.output
    result = runner.invoke(main, ["spark", "run", "s3a://bucket/x.warc.gz", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "s3a://bucket/x.warc.gz: cannot read this input" in result.output
    assert "S3AFileSystem not found" in result.output and "hadoop-aws" in result.output
    result = runner.invoke(main, ["spark", "run", (tmp_path / "none.warc.gz").as_uri(), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "FileNotFoundException" in result.output
    result = runner.invoke(main, ["spark", "run", "--manifest", str(tmp_path / "none.txt"), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "cannot read the manifest" in result.output


def _rows_file(path: Path, articles: list[dict]) -> str:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return str(path)


def crossing_inputs(tmp: Path) -> list[str]:
    """Four files whose graph is decided across files: a surname alone in the first whose full
    name comes in the last (the merge moves the first file's entity to the later node), a wire
    story and its syndicated copy in two files (one near-duplicate group), and the same meeting
    reported in three files (aggregated events across files)."""
    wire = ("Prime Minister Keir Starmer met President Emmanuel Macron in Paris on Monday to discuss fishing "
            "rights and energy prices. Starmer said the talks were constructive. Macron told reporters that France "
            "and Britain would sign a new agreement on Channel crossings next month. ") * 2
    return [
        _rows_file(tmp / "c.jsonl", [{"url": "https://three.example/port", "title": "Antwerp port to reopen",
                                      "published": "2025-03-05", "text": "Brannerk said on Monday that the port of "
                                      "Antwerp would reopen after the strike. Brannerk told reporters that the "
                                      "dockworkers had accepted the offer."}]),
        _rows_file(tmp / "a.jsonl", [{"url": "https://one.example/talks", "title": "Starmer and Macron meet",
                                      "published": "2025-03-03", "text": "Starmer arrived in Paris on Monday. "
                                      "Starmer met Macron and said Britain wanted closer ties."},
                                     {"url": "https://one.example/wire", "title": "Leaders meet in Paris",
                                      "published": "2025-03-03", "text": wire}]),
        _rows_file(tmp / "b.jsonl", [{"url": "https://two.example/copy", "title": "Leaders meet in Paris",
                                      "published": "2025-03-04", "text": wire + " Reporting by a wire service."}]),
        _rows_file(tmp / "d.jsonl", [{"url": "https://four.example/port", "title": "Port director speaks",
                                      "published": "2025-03-05", "text": "Port director Ivo Brannerk said on "
                                      "Tuesday that the port of Antwerp had reopened. Ivo Brannerk thanked the "
                                      "dockworkers."}]),
    ]


@pytest.mark.parametrize("one_task", [0, 1000])  # the partitioned plan; the whole step in one task
def test_the_cross_article_step_decides_across_files_as_local_ingest(spark, tmp_path, one_task):
    inputs = crossing_inputs(tmp_path)
    result = run_spark(inputs, tmp_path / "spark", spark=spark, partitions=3, one_task=one_task,
                       gkg=tmp_path / "run.gkg", gdelt_events=tmp_path / "run.events")
    graph_files = {path.name for path in (tmp_path / "spark" / "graph_entities").glob("part-*.parquet")}
    assert len(graph_files) == (3 if one_task == 0 else 1)
    assert result.rows == counted(tmp_path / "spark")
    local = local_tables(inputs, tmp_path)
    assert_same_tables(local, tmp_path / "spark")
    assert lines(tmp_path / "run.gkg") == lines(local / "local.gkg")
    assert lines(tmp_path / "run.events") == lines(local / "local.events")
    entities = pq.read_table(tmp_path / "spark" / "entities").to_pylist()
    nodes = {e["name"]: e["graph_id"] for e in entities if "Brannerk" in e["name"]}
    assert nodes["Brannerk"] == nodes["Ivo Brannerk"]  # the first file's entity, moved by the last file
    members = pq.read_table(tmp_path / "spark" / "duplicate_members").to_pylist()
    assert len(members) == 2 and result.rows["duplicate_groups"] == 1
    mentions = pq.read_table(tmp_path / "spark" / "graph_event_mentions").to_pylist()
    assert len({m["graph_event_id"] for m in mentions}) < len(mentions)  # some events aggregated


def test_one_jsonl_file_cut_into_ranges_of_records_gives_the_rows_of_local_ingest(spark, tmp_path):
    """The crossing inputs' records in one file, with a bad line, blank lines and a record given
    twice, cut into ranges (tasks) of two lines: the ranges cover every record once, in order
    (the first copy kept, the second recorded as an input of the same article), and the graph is
    decided across them."""
    records = [line for name in crossing_inputs(tmp_path) for line in Path(name).read_text("utf-8").splitlines()]
    path = tmp_path / "one.jsonl"
    path.write_text("\n".join([records[0], "{not json", "", *records[1:], records[1], "", ""]) + "\n", "utf-8")
    result = run_spark([str(path)], tmp_path / "spark", spark=spark, min_records=2)
    assert result.tasks == 5  # local[2] wants 8 tasks; 10 lines make 5 ranges of 2 (7 records: the last is empty)
    assert result.rows["errors"] == 1 and result.rows["inputs"] == len(records) + 1
    assert result.rows["articles"] == len(records) and result.rows["duplicate_groups"] == 1
    assert_same_tables(local_tables([str(path)], tmp_path), tmp_path / "spark")


def test_files_are_cut_into_ranges_only_when_cores_would_wait(tmp_path):
    from newsgraph.scale.job import cut

    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    big.write_text("{}\n" * 100, encoding="utf-8")
    small.write_text("{}\n" * 10, encoding="utf-8")
    tasks = [(0, str(big), False, False), (1, str(small), False, False), (2, "x.warc.gz", False, False)]
    ranges = [t[4] for t in cut(tasks, 8, 16)]
    assert ranges == [(0, 34), (34, 68), (68, None), None, None]  # 3 per file wanted; small is too small
    assert [t[0] for t in cut(tasks, 8, 16)] == [0, 1, 2, 3, 4]
    assert [t[4] for t in cut(tasks, 3, 16)] == [None, None, None]  # enough files already


def test_merge_keys_and_their_components():
    from newsgraph.article import Entity

    full = Entity(id="e1", name="Ivo Brannerk", type="PERSON")
    alone = Entity(id="e2", name="Brannerk", type="PERSON")
    other = Entity(id="e3", name="Antwerp", type="GPE", kb={"wikidata": "Q12892"})
    assert ("name", "brannerk") in merge_keys(full) and merge_keys(alone) == [("name", "brannerk")]
    assert merge_keys(other)[0] == ("kb", "wikidata", "Q12892")
    roots = components([merge_keys(e) for e in (full, alone, other)])
    assert roots[("name", "ivo brannerk")] == roots[("name", "brannerk")] != roots[("name", "antwerp")]


def test_inputs_and_manifests_given_as_uris_are_read_through_hadoop(spark, tmp_path):
    """A folder URI listed in a manifest URI: Spark's Hadoop file system lists and reads the
    files; the rows are those of the same folder given as a path, with the files named by URI."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden.jsonl").write_text("{not json\n", encoding="utf-8")
    (folder / "rows.jsonl").write_text(json.dumps({"url": "https://example.org/a", "title": "Talks in Oslo",
                                                   "text": "Ministers met in Oslo on Monday."}) + "\n{not json\n",
                                       encoding="utf-8")
    (folder / "sub" / "more.jsonl").write_text(json.dumps({"url": "https://example.org/b", "title": "Rome talks",
                                                           "text": "Talks resumed in Rome."}) + "\n", "utf-8")
    manifest = tmp_path / "inputs.txt"
    manifest.write_text(f"# one folder\n{folder.as_uri()}\n", encoding="utf-8")
    by_uri = run_spark([], tmp_path / "by-uri", manifests=[manifest.as_uri()], spark=spark)
    by_path = run_spark([str(folder)], tmp_path / "by-path", spark=spark)
    assert by_uri.tasks == 2 and by_uri.rows == by_path.rows and by_uri.rows["errors"] == 1
    hadoop = "file:" + str(folder)  # how Hadoop names a local file

    def named(table):
        return [tuple(v.replace(str(folder), hadoop) if isinstance(v, str) else v for v in row) for row in rows(table)]

    for table in (*TABLES, *GRAPH_TABLES):
        mine, theirs = pq.read_table(tmp_path / "by-uri" / table), pq.read_table(tmp_path / "by-path" / table)
        assert rows(mine) == sorted(named(theirs), key=repr), table
    inputs = pq.read_table(tmp_path / "by-uri" / "inputs").to_pylist()
    assert {i["input"] for i in inputs} == {f"{hadoop}/rows.jsonl", f"{hadoop}/sub/more.jsonl"}


def test_the_workers_daemon_runs_from_the_installed_pyspark_when_the_zip_is_its_own(tmp_path, spark):
    from newsgraph.scale.daemon import installed_first

    package = tmp_path / "site" / "pyspark"
    (package / "python" / "lib").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    zips = [str(package / "python" / "lib" / "pyspark.zip"), str(package / "python" / "lib" / "py4j-0.10.9.7-src.zip")]
    path = [*zips, str(tmp_path / "src"), str(tmp_path / "site")]
    assert installed_first(path) == [str(tmp_path / "src"), str(tmp_path / "site"), *zips]
    # a cluster's Spark: its zip is not the installed package's, so its own pyspark stays first
    elsewhere = [str(tmp_path / "spark" / "python" / "lib" / "pyspark.zip"), str(tmp_path / "site")]
    assert installed_first(elsewhere) == elsewhere
    # no pyspark installed beside the zips: unchanged
    assert installed_first([*zips, str(tmp_path / "src")]) == [*zips, str(tmp_path / "src")]
    # the session of this module runs it, and its workers have pyspark from the installed package
    assert spark.sparkContext.getConf().get("spark.python.daemon.module") == "newsgraph.scale.daemon"
    where = spark.sparkContext.parallelize([0], 1).map(lambda _: __import__("pyspark").__file__).collect()[0]
    assert ".zip" not in where


def test_a_file_of_only_unreadable_records_needs_no_pipeline(tmp_path, monkeypatch):
    """A task whose records are all errors, on a worker that has loaded no pipeline yet, gives its
    errors rows (it once failed the job: the empty batch asked for the pipeline)."""
    import importlib

    from newsgraph.scale import tasks

    monkeypatch.setattr(importlib.import_module("newsgraph.ingest"), "_PIPELINE", None)
    monkeypatch.setattr(tasks, "_PIPELINES", {})
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"this is not a WARC file\n" * 20)
    rows = list(analyse_input(0, str(bad)))
    assert [table for table, _, _ in rows] == ["errors"]
    assert tasks._PIPELINES == {}  # nothing loaded for it
