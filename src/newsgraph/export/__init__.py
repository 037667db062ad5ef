"""Export writers: Articles (and the cross-article graph built over them) in the formats people
already use.

Every writer takes an iterable of :class:`~newsgraph.article.Article` and a path or an open text
file, plus, where the format needs cross-article records, an optional
:class:`~newsgraph.graph.Graph` (built from the articles when not given). Each returns the number
of records it wrote.

========================  ==========================================  ===============================
format                    function                                    reader for tests / re-import
========================  ==========================================  ===============================
JSONL (lossless)          :func:`.jsonl.write_jsonl`                  :func:`.jsonl.read_jsonl`
GDELT GKG 2.1             :func:`.gkg.write_gkg`                      :func:`.gkg.read_gkg`
GDELT 2.0 events          :func:`.gdelt_events.write_events`          :func:`.gdelt_events.read_events`
PLOVER / POLECAT JSON     :func:`.plover.write_plover`                ``json.load``
GraphML actor network     :func:`.graphml.write_graphml`              any GraphML reader (networkx…)
CSV, one file per table   :func:`.tables.write_csv`                   ``csv.DictReader``
========================  ==========================================  ===============================
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..article import Article
from ..errors import ConfigError

Target = str | os.PathLike | IO[str]


#: The name that means standard output, for every export that is one file (as ``cat -``).
STDOUT = "-"


@contextlib.contextmanager
def open_text(target: Target, newline: str | None = None) -> Iterator[IO[str]]:
    """A text stream for ``target``: a path is opened (UTF-8) and closed, a stream is used as is,
    ``"-"`` is standard output (UTF-8 whatever the locale says; left open)."""
    if isinstance(target, io.TextIOBase) or hasattr(target, "write"):
        yield target  # type: ignore[misc]
        return
    if os.fspath(target) == STDOUT:
        yield from _stdout(newline)
        return
    path = Path(target)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline=newline) as handle:
        yield handle


def _stdout(newline: str | None) -> Iterator[IO[str]]:
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stand-in (some test runners): it takes str as it is
        yield sys.stdout
        return
    sys.stdout.flush()
    handle = io.TextIOWrapper(binary, encoding="utf-8", newline=newline)
    try:
        yield handle
    finally:
        handle.flush()
        handle.detach()  # standard output stays open for whoever prints after us


def graph_of(articles: list[Article], graph: Any | None) -> Any:
    """The given Graph, or one built over ``articles``."""
    if graph is not None:
        return graph
    from ..graph import build

    return build(articles)


def as_list(articles: Iterable[Article]) -> list[Article]:
    return articles if isinstance(articles, list) else list(articles)


FORMATS = ("jsonl", "gkg", "events", "plover", "graphml", "csv")


def export(fmt: str, articles: Iterable[Article], out: Target, graph: object | None = None) -> int:
    """Write ``articles`` in format ``fmt`` (one of :data:`FORMATS`) to ``out``; ``csv`` takes a
    directory. The single entry point a CLI ``export FORMAT OUT`` command can call."""
    from .gdelt_events import write_events
    from .gkg import write_gkg
    from .graphml import write_graphml
    from .jsonl import write_jsonl
    from .plover import write_plover
    from .tables import write_csv

    if fmt == "jsonl":
        return write_jsonl(articles, out)
    if fmt == "gkg":
        return write_gkg(articles, out)
    if fmt == "csv":
        if not isinstance(out, (str, os.PathLike)):
            raise ConfigError("csv export writes one file per table: give a directory path", code="E212")
        return write_csv(articles, out, graph)
    writers = {"events": write_events, "plover": write_plover, "graphml": write_graphml}
    if fmt not in writers:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}", code="E211")
    return writers[fmt](articles, out, graph)
