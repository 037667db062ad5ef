"""Inputs named by URI (``file:///…``, ``hdfs://…``, ``s3a://…``), read through Spark's own Hadoop
file systems, so a cluster reads its files where they are and no executor needs a shared mount.

The driver lists a URI with the JVM's ``FileSystem`` API (a folder becomes its files, in the order
and with the skipping rules of a local folder); the executors get each file's bytes from
``SparkContext.binaryFiles`` (read whole into the task's memory, then analysed from a local copy
under the same file name, its records stored under the URI). A scheme whose file system is not on
Spark's classpath (``s3a`` without ``hadoop-aws``) is a :class:`~newsgraph.errors.ConfigError`
naming it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ..errors import ConfigError


def is_uri(name: str) -> bool:
    return "://" in name and not name.startswith(("http://", "https://"))


def _hadoop(spark: Any, uri: str, what: str) -> tuple[Any, Any]:
    """(file system, path) of ``uri``; its errors as clear messages."""
    from py4j.protocol import Py4JJavaError

    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    try:
        return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path
    except Py4JJavaError as exc:
        raise ConfigError(f"{uri}: cannot read this {what} ({_java_message(exc)}); a scheme needs its Hadoop "
                          "file system on Spark's classpath (s3a: hadoop-aws, e.g. with --packages)") from exc


def _java_message(exc: Any) -> str:
    java = exc.java_exception
    return f"{java.getClass().getSimpleName()}: {java.getMessage()}"


def hadoop_files(spark: Any, uri: str) -> list[tuple[str, bool]]:
    """The files a URI stands for, each with ``in_folder`` (as :func:`.tasks.input_files`)."""
    from py4j.protocol import Py4JJavaError

    from ..sources.sniff import SKIP_EXTENSIONS, split_gz

    fs, path = _hadoop(spark, uri, "input")
    try:
        status = fs.getFileStatus(path)
        if not status.isDirectory():
            return [(status.getPath().toString(), False)]
        root = status.getPath().toString().rstrip("/") + "/"
        found, listing = [], fs.listFiles(path, True)
        while listing.hasNext():
            found.append(listing.next().getPath().toString())
    except Py4JJavaError as exc:
        raise ConfigError(f"{uri}: cannot read this input ({_java_message(exc)})") from exc
    files = []
    for name in found:
        parts = name[len(root):].split("/")
        base, _ = split_gz(parts[-1])
        if not any(p.startswith(".") for p in parts) and PurePosixPath(base).suffix.lower() not in SKIP_EXTENSIONS:
            files.append(parts)
    # a local folder's order: a folder's own files first, then its sub-folders, each sorted
    files.sort(key=lambda parts: [(1, p) for p in parts[:-1]] + [(0, parts[-1])])
    return [(root + "/".join(parts), True) for parts in files]


def hadoop_manifest(spark: Any, uri: str) -> list[str]:
    """The lines of a manifest given as a URI (blank lines and ``#`` comments skipped)."""
    from py4j.protocol import Py4JJavaError

    from .job import manifest_entries

    _hadoop(spark, uri, "manifest")
    try:
        lines = spark.sparkContext.textFile(uri, 1).collect()
    except Py4JJavaError as exc:
        raise ConfigError(f"cannot read the manifest {uri}: {_java_message(exc)}") from exc
    return manifest_entries(lines)
