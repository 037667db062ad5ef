"""Re-reading shouted lines: headlines, datelines and wire slugs written in capitals.

Statistical taggers lean on capitalisation, so a sentence in capitals gets few or wrong entities.
A title-cased copy of the same length is tagged instead and its entities mapped back by offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..wordlists import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Function words kept lower case when a shouted sentence is re-cased.
_LOWER_WORDS = words("lower_words")


def _shouted(sent: Span) -> bool:
    """A sentence written in capitals (headline, dateline, wire slug): the model reads case."""
    words = [t for t in sent if t.is_alpha and len(t) > 1]
    return bool(words) and sum(t.is_upper for t in words) >= 0.8 * len(words)


def _recase(sent: Span) -> str:
    """The sentence in title case, same length, so offsets carry over unchanged."""
    out = []
    for i, t in enumerate(sent):
        text = t.text
        if t.is_alpha and t.is_upper and len(t) > 1:
            new = t.lower_ if (i > 0 and t.lower_ in _LOWER_WORDS) else text.capitalize()
            text = new if len(new) == len(text) else text
        out.append(text + t.whitespace_)
    return "".join(out)


def reread_shouting(docs: Sequence[Doc], nlp: Any) -> None:
    """Re-tag the entities of all-capitals sentences from a title-cased copy (in place).

    Statistical taggers lean on capitalisation, so a headline or dateline in capitals
    ("TROOPS ENTER NORTHERN TOWN", "BELGRADE 1996-08-30") gets few or wrong entities. Title-casing
    keeps every offset, so the copy's entities map straight back onto the original tokens.
    """
    from spacy.util import filter_spans

    todo = [(d, s) for d in docs for s in d.sents if _shouted(s)]
    if not todo:
        return
    parsed = nlp.pipe([_recase(s) for _, s in todo], batch_size=64)
    new: dict[int, list[Span]] = {}
    for (doc, sent), copy in zip(todo, parsed, strict=True):
        spans = new.setdefault(id(doc), [])
        for ent in copy.ents:
            span = doc.char_span(sent.start_char + ent.start_char, sent.start_char + ent.end_char,
                                 label=ent.label_, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    for doc in docs:
        if id(doc) not in new:
            continue
        shouted = [(s.start, s.end) for d, s in todo if d is doc]
        kept = [e for e in doc.ents if not any(a <= e.start < b for a, b in shouted)]
        doc.ents = filter_spans(kept + new[id(doc)])
