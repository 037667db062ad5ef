"""Office titles written before a name, and the names they hide.

The model swallows titles and their owners into names ("Serbia's President X Y" → PERSON "X Y",
title "President"; "of Serbia X Y" → the place and the person). These rules cut the title off,
keep it on the person as ``title``/``title_text``, and give the owner a span of its own when the
knowledge base knows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..wordlists import words
from .found import (
    ACRONYM,
    NAME_LABELS,
    PLACE_LABELS,
    POSSESSIVE,
    Found,
    RuleContext,
    kb_type,
    mention_key,
    trim,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Words that make up office titles written before a name. Multi-word titles ("Secretary General",
#: "Prime Minister", "Foreign Minister") are runs of these words.
TITLE_WORDS = words("title_words")
#: Title words that cannot start a title on their own (they qualify the next one).
_TITLE_QUALIFIERS = words("title_qualifiers")
_HONORIFICS = words("honorifics")


def is_title_word(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS


def _name_like(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(t.text[:1].isupper() and not is_title_word(t) for t in tokens)


def split_titles(span: Span, label: str, ctx: RuleContext) -> list[Found]:
    """``[owner] Title Name`` inside one span → the name as PERSON, the title kept on it."""
    tokens = list(span)
    cut = None
    for i in range(len(tokens) - 1, -1, -1):
        if is_title_word(tokens[i]) and _name_like(tokens[i + 1:]):
            cut = i
            break
    if cut == len(tokens) - 2 and label == "ORG" and all(is_title_word(t) for t in tokens[:cut + 1]):
        cut = None  # "General Motors", "President Hotels": the model's one-word organisation stands
    if cut is None or label not in {"PERSON", "ORG", "GPE", "NORP"}:
        if label in {"ORG", "GPE", "LOC"} and _after_person_title(span, ctx.kb):
            label = "PERSON"  # "Chancellor X Y" tagged as an organisation
        found = Found.of(span, label)
        if label == "PERSON":
            return _split_leading_place(span, ctx) or [_with_left_title(found, span, ctx)]
        return _split_leading_place(span, ctx, label) or [found]
    first = cut
    while first > 0 and is_title_word(tokens[first - 1]):
        first -= 1
    doc = span.doc
    name = doc[tokens[cut + 1].i : span.end]
    title_words = doc[tokens[first].i : tokens[cut].i + 1]
    person = Found.of(name, "PERSON")
    person.title = _title_value(title_words)
    person.title_text = doc[span.start : tokens[cut].i + 1].text
    out = [person]
    if first > 0:  # the owner of the title ("Nato", "Serbia's") is a name of its own
        owner = trim(doc[span.start : tokens[first].i])
        owner_label = kb_type(ctx.kb, owner.text) if owner is not None else None
        if owner is not None and owner_label in NAME_LABELS:
            out.append(Found.of(owner, owner_label))
    return out


def _after_person_title(span: Span, kb=None) -> bool:
    """A name of two or three words right after a capitalised office title ("Chancellor X Y"); a
    one-word name when the knowledge base knows a person by it ("President Bush", not the town)."""
    doc = span.doc
    if not 1 <= len(span) <= 3 or span.start == 0 or not _name_like(list(span)):
        return False
    if len(span) == 1 and not (kb is not None and (kb.lookup(f"{doc[span.start - 1].text} {span.text}", type="PERSON")
                                                   or kb.lookup(span.text, type="PERSON"))):
        return False
    if any(ACRONYM.match(t.text) for t in span):
        return False
    prev = doc[span.start - 1]
    return is_title_word(prev) and prev.text[:1].isupper() and prev.lower_ not in _TITLE_QUALIFIERS


def _split_leading_place(span: Span, ctx: RuleContext, label: str = "PERSON") -> list[Found] | None:
    """``of Serbia Aleksandar Vucic`` tagged as one PERSON → the place and the person."""
    doc = span.doc
    if len(span) < 3 or span.start == 0 or doc[span.start - 1].lower_ != "of":
        return None
    if label != "PERSON" and not any(mention_key(span[k:].text) in ctx.people for k in (1, 2)):
        return None  # a place-typed span splits only when its tail names a person of the article
    for k in (2, 1):
        head, rest = doc[span.start : span.start + k], doc[span.start + k : span.end]
        if len(rest) < 2 or not _name_like(list(rest)):
            continue
        if _is_place(head, ctx):
            person = _with_left_title(Found.of(rest, "PERSON"), rest, ctx)
            return [Found.of(head, "GPE"), person]
    return None


def _is_place(span: Span, ctx: RuleContext) -> bool:
    if span.text in ctx.places:
        return True
    if ctx.kb is None:
        return False
    return ctx.kb.country(span.text) is not None or kb_type(ctx.kb, span.text) in PLACE_LABELS


def _with_left_title(found: Found, span: Span, ctx: RuleContext) -> Found:
    """Attach the title written just before a name: "Prime Minister X", "the President of Y X"."""
    doc = span.doc
    i = span.start
    if i >= 2 and doc[i - 1].text[:1].isupper() and doc[i - 2].lower_ == "of":
        # "President of Serbia X": skip the owner ("of" + a capitalised run) back to the title
        j = i - 2
        k = j
        while k > 0 and is_title_word(doc[k - 1]):
            k -= 1
        if k < j:
            start = k - 1 if k > 0 and doc[k - 1].lower_ == "the" else k
            found.title = _title_value(doc[k:j])
            found.title_text = doc[start:i].text
        return found
    k = i
    while k > 0 and is_title_word(doc[k - 1]) and doc[k - 1].text not in POSSESSIVE:
        k -= 1
    if k == i or doc[k:i].text.lower() in _HONORIFICS:
        return found
    start = k
    if k >= 2 and doc[k - 1].text in POSSESSIVE and doc[k - 2].text[:1].isupper():
        start = k - 2  # "Serbia's President X": the owner belongs to the title phrase
    elif k >= 1 and doc[k - 1].ent_type_ in {"ORG", "GPE", "NORP"}:
        start = _ent_start(doc, k - 1)  # "Nato Secretary General X"
    found.title = _title_value(doc[k:i])
    found.title_text = doc[start:i].text
    return found


def _ent_start(doc: Doc, i: int) -> int:
    """Index of the first token of the entity that token ``i`` ends."""
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _title_value(span: Span) -> str | None:
    parts = [t.text for t in span]
    while parts and parts[0].lower() in _HONORIFICS:
        parts = parts[1:]
    if not parts or (len(parts) == 1 and parts[0].lower() in _TITLE_QUALIFIERS):
        return None
    return " ".join(w[:1].upper() + w[1:] for w in parts)

