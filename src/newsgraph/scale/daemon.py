"""PySpark's Python worker daemon, started from the installed pyspark rather than from its zip.

Spark starts the daemon that forks the Python workers with ``pyspark.zip`` (and py4j's zip) first
on ``PYTHONPATH``. Python cannot cache compiled modules inside a zip, so every start compiles
pyspark's modules from source again: 0.48 s against 0.15 s from the installed package, before the
first task of every job can start. A pip-installed pyspark holds that very zip inside its own
package folder (it is ``SPARK_HOME``), so the installed copy is the same code: the zips are then
moved behind it on ``sys.path`` and the daemon runs as ``pyspark.daemon`` would. Any other layout
(a cluster's own Spark, whose zip may be another version than a pyspark installed beside it) keeps
the path as Spark gave it.

``session()`` names this module as ``spark.python.daemon.module`` in local mode only: there the
workers run the driver's interpreter, which imports newsgraph; a cluster's executors may get the
package later, through ``--py-files``, where a daemon module could not be found.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys


def installed_first(path: list[str]) -> list[str]:
    """``path`` with Spark's zips (pyspark's and py4j's) moved behind the other entries when they
    lie inside the pyspark package those entries hold; else ``path`` unchanged."""
    zips = [entry for entry in path if entry.endswith(".zip") and os.path.basename(entry).startswith(("pyspark", "py4j"))]
    rest = [entry for entry in path if entry not in zips]
    if not zips:
        return path
    spec = importlib.machinery.PathFinder.find_spec("pyspark", rest)
    if spec is None or not spec.submodule_search_locations:
        return path
    package = os.path.realpath(next(iter(spec.submodule_search_locations))) + os.sep
    if not all(os.path.realpath(entry).startswith(package) for entry in zips):
        return path
    return rest + zips


def main() -> None:
    sys.path[:] = installed_first(sys.path)
    from pyspark.daemon import manager

    manager()


if __name__ == "__main__":
    main()
