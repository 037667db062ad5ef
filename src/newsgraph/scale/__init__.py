"""The same pipeline on Apache Spark: WARC, JSONL and HTML files → the store's tables as Parquet.

``run_spark(inputs, out)`` runs one Spark task per input file (:mod:`.job`); each task reads its
file as a stream and runs the pipeline its Python worker built once (:mod:`.tasks`). Then the
cross-article step runs on Spark too (:mod:`.graph`), and the GKG and GDELT events files can be
written from the result (:mod:`.exports`). Inputs may be Hadoop URIs (:mod:`.hadoop`). The output
folder holds one Parquet folder per table with the columns of ``newsgraph export parquet``;
``newsgraph ingest OUT`` loads it into a store. The command is ``newsgraph spark run`` (:mod:`.cli`).
"""

from __future__ import annotations

from .job import MARKER, SparkResult, plan, read_manifest, run_spark, session

__all__ = ["MARKER", "SparkResult", "plan", "read_manifest", "run_spark", "session"]
