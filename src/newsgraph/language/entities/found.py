"""What every entity rule module shares: the repaired span (:class:`Found`), what the rules may know
(:class:`RuleContext`), which labels name things, the comparison key of a name, the knowledge base's
reading of a name, and the trimming of tokens that leak into a name's edges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...knowledge.normalize import mention_key  # noqa: F401  (the rules' name key, re-exported)
from ...labels import PLACE_LABELS  # noqa: F401  (re-exported for the rule modules)
from ..wordlists import words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Labels that name things; numbers, dates and quantities are the time stage's business.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
     "MISC"}  # MISC: a name the trained coarse tagger found that no finer type fits
)

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_LEADING_DROP = frozenset({"the", "a", "an"})
#: Lower-case particles that do begin names ("de Gaulle", "van Dijk", "al-Assad").
_NAME_PARTICLES = words("name_particles")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")


@dataclass
class Found:
    """One repaired name span in a zone's text."""

    start: int
    end: int
    label: str
    text: str
    title: str | None = None  # office title as normalised words: "President", "Secretary General"
    title_text: str | None = None  # the title phrase as written, with its owner: "Serbia's President"
    firm: bool = False  # the type is settled by the sentence (an employer named before "CEO")

    @classmethod
    def of(cls, span: Span, label: str) -> Found:
        return cls(span.start_char, span.end_char, label, span.text)


@dataclass
class RuleContext:
    """What the rules may know beyond the sentence: the byline and the knowledge base."""

    authors: Sequence[str] = ()
    kb: Any = None  # newsgraph.knowledge KB, or None when it is not available
    places: frozenset[str] = frozenset()  # texts the model tagged as places anywhere in the article
    people: frozenset[str] = frozenset()  # normalised multi-word PERSON names anywhere in the article
    outlet: str | None = None  # the page's own publisher (``Article.source``): a body, never a person


def kb_or_none() -> Any:
    """The knowledge base when its room is built; rules degrade gracefully without it."""
    try:
        from ...knowledge import get_kb

        return get_kb()
    except ImportError:  # the knowledge room is not installed in this build
        return None


def kb_type(kb: Any, text: str, type: str | None = None) -> str | None:
    """The type of the best KB entry whose name or alias is ``text``, or None."""
    if kb is None:
        return None
    entries = kb.lookup(text, type=type) if type else kb.lookup(text)
    return entries[0].type if entries else None


def trim(span: Span) -> Span | None:
    """Drop leaked boundary tokens: a leading article, a trailing possessive, edge punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_DROP or _edge_punct(doc[start])
                           or (_common_word(doc[start]) and doc[start].lower_ not in _NAME_PARTICLES)):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or _edge_punct(doc[end - 1])
                           or _common_word(doc[end - 1]) and not _hyphen_glued(doc, end - 1)):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _common_word(token: Token) -> bool:
    """A lower-case word at the edge of a name is not part of it ("Interfax news agency")."""
    return token.is_alpha and token.is_lower


def _hyphen_glued(doc: Any, i: int) -> bool:
    """A word glued by a hyphen to the name before it is the name's own ("Ban Ki-moon", "Kim Jong-un")."""
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ \
        and doc[i - 2].is_alpha and doc[i - 2].text[:1].isupper()


def _edge_punct(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.text in {"@", "#", "|", "/", "-", "–", "—"}
