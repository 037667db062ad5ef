"""The readable (``--table``) form of each query's result, drawn with rich.

Long cells are cut with an ellipsis rather than folded, so one row stays one line and a listing
reads down the screen; ``--json``, ``--jsonl`` and ``--csv`` carry the full values.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, TextIO

#: the columns each listing shows, in order
COLUMNS = {
    "articles": ("day", "source", "title", "entities", "quotes", "events", "id"),
    "search": ("day", "source", "title", "snippet", "id"),
    "entities": ("name", "type", "country", "sector", "wikidata", "article_count", "first_seen", "last_seen", "id"),
    "events": ("day", "type", "actors", "recipients", "place", "trigger_text", "article_title"),
    "aggregated": ("day", "type", "actors", "recipients", "place", "num_mentions", "num_sources", "num_articles"),
    "quotes": ("day", "speaker", "text", "source"),
    "timeline": ("period", "count"),
}
_WIDE = {"title", "snippet", "text", "article_title", "trigger_text", "actors", "recipients"}


def console(out: TextIO):
    from rich.console import Console

    return Console(file=out, soft_wrap=False, width=None if out.isatty() else 160, highlight=False)


def table(out: TextIO, rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> None:
    from rich import box
    from rich.table import Table

    grid = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    cells = [[cell(row.get(col)) for col in columns] for row in rows]
    for i, col in enumerate(columns):
        # short columns (days, counts, types) keep their width; the wide ones give way
        natural = max([len(col), *(len(r[i]) for r in cells)])
        grid.add_column(col.replace("_", " "), overflow="ellipsis", no_wrap=True,
                        max_width=50 if col in _WIDE else 28, min_width=None if col in _WIDE else min(natural, 28))
    for row in cells:
        grid.add_row(*row)
    console(out).print(grid)


def cell(value: Any) -> str:
    from rich.markup import escape  # snippets carry [brackets] that rich would read as markup

    if value is None:
        return ""
    if isinstance(value, list):
        return escape("; ".join(str(v) for v in value))
    return escape(str(value))


def listing(name: str) -> Callable[[Any, TextIO], None]:
    """The drawer of a plain listing: its columns, or a line saying nothing matched."""

    def draw(rows: list[dict[str, Any]], out: TextIO) -> None:
        if not rows:
            out.write("nothing found\n")
            return
        kind = "aggregated" if name == "events" and "num_mentions" in rows[0] else name
        table(out, rows, COLUMNS[kind])

    return draw


def quotes(rows: list[dict[str, Any]], out: TextIO) -> None:
    """One speaker column: the merged entity's name when the speaker was resolved to one, else
    the speaker as the article wrote it (JSON keeps both as ``speaker_name`` and ``speaker``)."""
    listing("quotes")([{**r, "speaker": r.get("speaker_name") or r.get("speaker")} for r in rows], out)


def network(result: dict[str, Any], out: TextIO) -> None:
    names = {n["id"]: n["name"] for n in result["nodes"]}
    edges = [{**e, "source": names.get(e["source"]), "target": names.get(e["target"])} for e in result["edges"]]
    table(out, edges, ("source", "target", "kind", "weight"),
          title=f"actor network over {result['articles']} articles (window {result['window']})")


def stats(result: dict[str, Any], out: TextIO) -> None:
    """Labelled lines: the file, the days covered, row counts, the graph, sources, event types
    (counts of zero left out; --json has them all)."""
    size = f"{result['bytes']:,} bytes" if result.get("bytes") is not None else "size unknown"
    days = f"{result['first_day']} … {result['last_day']}" if result["first_day"] else "no dated articles"
    measures = lambda d: ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in d.items() if v)
    lines = [("store", f"{result.get('path') or '?'} ({size})"), ("days covered", days),
             ("rows", measures(result["counts"])), ("across articles", measures(result.get("graph") or {})),
             ("top sources", ", ".join(f"{s['source'] or '(no source)'} {s['articles']:,}" for s in result["sources"])),
             ("events by type", ", ".join(f"{t['type']} {t['events']:,}" for t in result["event_types"]))]
    width = min(100, shutil.get_terminal_size((100, 24)).columns) if out.isatty() else 100
    for label, text in lines:
        if text:
            out.write(textwrap.fill(text, width=width, initial_indent=f"{label:<16}", subsequent_indent=" " * 16) + "\n")


def entity(profile: dict[str, Any] | None, out: TextIO) -> None:
    if profile is None:
        out.write("no such entity\n")
        return
    write = out.write
    write(f"━━ {profile['name']}  ({profile['type']}"
          + (f", {profile['country']}" if profile["country"] else "") + f")  id {profile['id']}\n")
    write(f"  articles {profile['article_count']}, mentions {profile['mention_count']}, "
          f"seen {profile['first_seen']} … {profile['last_seen']}\n")
    if profile["kb"]:
        write("  kb       " + ", ".join(f"{k}={v}" for k, v in profile["kb"].items()) + "\n")
    write("  aliases  " + "; ".join(a["alias"] for a in profile["aliases"]) + "\n")
    if profile["counts"]:
        write("  per month " + ", ".join(f"{c['month']}: {c['articles']}" for c in profile["counts"][-12:]) + "\n")
    table(out, profile["co_occurring"], ("name", "type", "articles"),
          title=f"named with it (its {profile['co_occurring_window']} latest articles)")
    if profile["event_partners"]:
        table(out, profile["event_partners"], ("name", "type", "events"), title="event partners")
    if profile["quotes"]:
        table(out, profile["quotes"], ("day", "text", "source"), title="quotes")
    if profile["events"]:
        table(out, profile["events"], COLUMNS["events"], title="events")
    for other in profile["others"]:
        write(f"  also: {other['name']} ({other['type']}, {other['country'] or '-'}), id {other['id']}\n")
