"""Readable output for people: the article summary and the progress bar."""

from __future__ import annotations

import contextlib
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence

from .article import Article


def summary(article: Article, width: int = 100) -> str:
    """A plain-text card of one Article: metadata, then each annotation layer that is present."""
    lines = [f"━━ {article.title or '(no title)'}"]
    meta = [
        ("id", article.id),
        ("url", article.canonical_url or article.url),
        ("source", article.source),
        ("language", article.language),
        ("authors", ", ".join(article.authors) or None),
        ("published", article.published),
        ("dateline", _dateline(article)),
        ("tone", None if article.tone is None else f"{article.tone:+.2f}"),
        ("from", article.origin.label if article.origin else None),
    ]
    lines += [f"  {k:<10} {v}" for k, v in meta if v]
    body = " ".join(article.text.split())
    words = len(body.split())
    lines.append(f"  {'text':<10} {words} words: " + textwrap.shorten(body, width=width * 2, placeholder=" …"))
    for cap in article.captions:
        lines.append(f"  {'caption':<10} {cap.text}" + (f"  [credit: {cap.credit}]" if cap.credit else ""))
    if article.tags:
        lines.append(f"  {'tags':<10} {', '.join(article.tags)}")
    for d in article.disclosures:
        who = " ".join(p for p in (f"agent={d.agent}" if d.agent else "", f"principal={d.principal}" if d.principal else "") if p)
        lines.append(f"  {'disclosure':<10} {d.kind}  {who}".rstrip())
    for e in article.embeds:
        bits = [e.platform, e.author, e.handle, e.posted, e.url]
        metrics = ", ".join(f"{k} {v:,}" for k, v in e.metrics.items())
        lines.append(f"  {'embed':<10} " + " · ".join(b for b in bits if b) + (f" · {metrics}" if metrics else ""))
        if e.text:
            lines.append(" " * 13 + textwrap.shorten(e.text, width=width, placeholder=" …"))
    for section in _SECTIONS:
        lines += section(article)
    lines += stage_notes(article)
    return "\n".join(lines) + "\n"


def stage_notes(article: Article) -> list[str]:
    """One line per stage that failed, was skipped or capped on this article, with its reason: a
    reader must see why a layer is missing rather than take the absence for a finding."""
    return [f"  {note.status:<10} {note.stage}: {note.reason}" for note in article.stage_notes]


def _dateline(article: Article) -> str | None:
    d = article.dateline
    if not d or not (d.place or d.date):
        return None
    return ", ".join(p for p in (d.place, d.date) if p)




def _entities(article: Article) -> list[str]:
    if not article.entities:
        return []
    out = [f"  entities ({len(article.entities)})"]
    for ent in article.entities:
        codes = "/".join(c for c in (ent.country, ent.sector) if c)
        where = f" @ {ent.lat:.3f},{ent.lon:.3f}" if ent.lat is not None and ent.lon is not None else ""
        aliases = [a for a in ent.aliases if a != ent.name]
        out.append(
            f"    {ent.type:<7} {ent.name}" + (f" [{codes}]" if codes else "") + where
            + (f"  aka {'; '.join(aliases[:6])}" if aliases else "")
        )
    return out


def _dates(article: Article) -> list[str]:
    if not article.dates:
        return []
    items = [f"{t.text} → {t.value or '?'}" for t in article.dates]
    return ["  dates      " + "; ".join(items)]


def _quotes(article: Article) -> list[str]:
    if not article.quotes:
        return []
    names = {e.id: e.name for e in article.entities}
    out = [f"  quotes ({len(article.quotes)})"]
    for q in article.quotes:
        who = (names.get(q.speaker.entity_id or "", q.speaker.text)) if q.speaker else "?"
        channel = f" on {q.channel}" if q.channel else ""
        out.append(f"    {who} ({q.kind}, {q.cue or '-'}{channel}): " + textwrap.shorten(q.text, 90, placeholder=" …"))
    return out


def _events(article: Article) -> list[str]:
    if not article.events:
        return []
    names = {e.id: e.name for e in article.entities}
    out = [f"  events ({len(article.events)})"]
    for ev in article.events:
        actors = ", ".join(names.get(p.entity_id or "", p.text) for p in ev.actors) or "?"
        targets = ", ".join(names.get(p.entity_id or "", p.text) for p in ev.recipients) or "?"
        flags = [f for f in ("negated", "historical", "future", "hypothetical") if getattr(ev, f)]
        when = ev.date.value if ev.date else "?"
        where = names.get(ev.place or "", ev.place or "?")
        out.append(f"    {ev.type:<9} {actors} → {targets}  [{where}, {when}] “{ev.trigger.text}”"
                   + (f" ({', '.join(flags)})" if flags else ""))
    return out


_SECTIONS: Sequence[Callable[[Article], list[str]]] = (_entities, _dates, _quotes, _events)


@contextlib.contextmanager
def progress(inputs: Sequence[str], enabled: bool = True) -> Iterator[Callable[[object], None]]:
    """A progress bar on stderr counting processed documents, shown for many inputs or a terminal."""
    show = enabled and (len(inputs) > 1 or sys.stderr.isatty())
    if not show:
        yield lambda item: None
        return
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("analysing"), MofNCompleteColumn(), TextColumn("documents"),
        TimeElapsedColumn(), transient=True, console=_stderr_console(),
    ) as bar:
        task = bar.add_task("analyse", total=None)
        yield lambda item: bar.advance(task)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
