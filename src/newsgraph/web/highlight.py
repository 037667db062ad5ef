"""The article body as HTML with its annotations highlighted, built from character offsets.

Annotations overlap (a name inside a quote, a trigger inside a quote), so the text is cut at
every annotation boundary and each piece is wrapped in one ``<span>`` whose classes name every
annotation covering it. Every piece of text is escaped; attribute values too. Offsets outside the
text or reversed are dropped rather than trusted.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from ..article import Article


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # entity, quote, trigger
    css: str  # extra class: the entity type, the quote kind
    title: str  # tooltip
    href: str | None = None  # entity profile
    anchor: str | None = None  # id to jump to (events)


def marks(article: Article, graph_ids: dict[str, str]) -> list[Mark]:
    """The annotations on the body zone ("text") of ``article`` as marks."""
    n = len(article.text)
    names = {e.id: e for e in article.entities}
    out: list[Mark] = []
    for m in article.mentions:
        if m.zone == "text" and 0 <= m.start < m.end <= n:
            ent = names.get(m.entity_id or "")
            gid = graph_ids.get(m.entity_id or "")
            label = f"{m.label}: {ent.name}" if ent else m.label
            out.append(Mark(m.start, m.end, "entity", _css(m.label), label, f"/entity/{gid}" if gid else None))
    for q in article.quotes:
        if q.zone == "text" and 0 <= q.start < q.end <= n:
            who = q.speaker.text if q.speaker else "unknown speaker"
            out.append(Mark(q.start, q.end, "quote", _css(q.kind), f"{q.kind} quote — {who}"))
    for ev in article.events:
        t = ev.trigger
        if ev.zone == "text" and 0 <= t.start < t.end <= n:
            out.append(Mark(t.start, t.end, "trigger", _css(ev.type), f"event {ev.type}", anchor=f"ev-{ev.id}"))
    return out


def _css(value: str | None) -> str:
    """A class name from a label: letters, digits, '-' only (labels come from data)."""
    return "".join(c if c.isalnum() else "-" for c in (value or "none")).lower()[:40]


def render(text: str, spans: list[Mark]) -> str:
    """``text`` as escaped HTML, each annotated piece in a span (links for entities with a profile)."""
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    starts: dict[int, list[Mark]] = {}
    for m in spans:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        piece = escape(text[a:b])
        if not active:
            parts.append(piece)
            continue
        parts.append(_wrap(piece, active, first=a))
    return "".join(parts)


def _wrap(piece: str, active: list[Mark], first: int) -> str:
    classes = " ".join(sorted({f"hl-{m.kind}" for m in active} | {f"{m.kind}-{m.css}" for m in active}))
    title = " | ".join(dict.fromkeys(m.title for m in active))
    anchors = [m.anchor for m in active if m.anchor and m.start == first]
    ident = f' id="{escape(anchors[0])}"' if anchors else ""
    href = next((m.href for m in active if m.href), None)
    attrs = f'class="{escape(classes)}" title="{escape(title)}"{ident}'
    if href:
        return f'<a {attrs} href="{escape(href)}">{piece}</a>'
    return f"<span {attrs}>{piece}</span>"
