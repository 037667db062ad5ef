"""Merging the trained coarse tagger's names (PER, ORG, LOC, MISC) into the general model's entities.

The coarse tagger finds names and their extent, the general model their finer type; where the two
disagree on the type, the sentence (a locative preposition, a dateline) and the gazetteer decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ...labels import KB_PLACE_TYPES
from ..wordlists import words
from .found import NAME_LABELS, kb_type
from .titles import is_title_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: The fine (OntoNotes) labels each coarse CoNLL type covers, and the default when none agrees.
COARSE = {"PER": ("PERSON",), "ORG": ("ORG",), "LOC": ("GPE", "LOC", "FAC"),
          "MISC": ("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")}
#: Last words of organisations' names, never of people's.
ORG_HEADS = words("org_heads")
#: Words before a place, not before a club or a council named after it.
_LOCATIVE = words("locative_words")
#: Words inside one longer name ("Office of the High Representative", "Huis ten Bosch").
_JOINERS = words("name_joiners")


def merge_coarse(doc: Doc, coarse: Sequence[tuple[int, int, str]], kb: Any = None) -> None:
    """Adopt the spans of a coarse-typed tagger (token start, end, PER/ORG/LOC/MISC), in place.

    The coarse tagger (trained on news in four types) finds names and their extent better; the
    general model still knows the finer type (a GPE from a LOC, a NORP from an EVENT), which the
    later stages need. So a coarse span keeps the fine label of a general-model entity of the same
    kind over it, and otherwise gets the usual fine label of its kind. Dates, numbers and other
    non-name entities of the general model are kept where no coarse span overlaps them, and so is
    a person the knowledge base knows or a title introduces (the tagger learnt 1990s news:
    "President Obama" escapes it).
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    ents = doc.ents  # spaCy builds this tuple anew on each access: read it once, not per span
    fine_at: dict[int, str] = {}
    ent_at: dict[int, Span] = {}
    for ent in ents:
        for i in range(ent.start, ent.end):
            fine_at[i], ent_at[i] = ent.label_, ent
    spans = []
    kept_general = []
    overruled: set[int] = set()
    for start, end, kind in coarse:
        if kind == "PER" and end - start > 1 and doc[end - 1].lower_ in ORG_HEADS:
            kind = "ORG"  # "Scheldt Courier", "Nordlink Lines": no person's name ends so
        labels = [fine_at.get(i) for i in range(start, end)]
        # entities never overlap, so only the one over the span's first token can hold it
        wider = [e for e in [ent_at.get(start)] if e is not None and e.label_ in NAME_LABELS
                 and end <= e.end and (e.start, e.end) != (start, end)
                 and (any(t.lower_ in _JOINERS for t in e) or _hyphen_joined(doc, e, start, end))]
        # "Office of the High Representative" is not its inner "High Representative", "Huis ten
        # Bosch" not "Bosch", "King Willem-Alexander" not "Alexander"
        if wider:
            kept_general += wider
            continue
        if (not any(labels) and end - start == 1 and doc[start].is_sent_start
                and doc[start].pos_ not in {"PROPN", "X"}):
            continue  # a capitalised sentence opener ("Good", "Diplomatic") is no name
        agreeing = [lab for lab in labels if lab in COARSE[kind]]
        text = doc[start:end].text
        if _NOT_A_NAME.search(text) or not agreeing and _overruled(doc, start, end, kind, labels, kb):
            overruled.update(range(start, end))  # the general model's reading stands
            continue
        label = agreeing[0] if agreeing else _default_fine(text, kind, kb)
        spans.append(Span(doc, start, end, label=label))
    taken = {i for s in spans for i in range(s.start, s.end)}
    others = [e for e in ents if not taken & set(range(e.start, e.end))
              and (e.label_ not in NAME_LABELS or overruled & set(range(e.start, e.end))
                   or e.label_ in COARSE["LOC"] and _known_place(e.text, kb)
                   or e.label_ == "PERSON" and _vouched_person(e, kb))]
    doc.ents = filter_spans(kept_general + spans + others)


def _vouched_person(ent: Span, kb: Any) -> bool:
    """A PERSON of the general model that needs no coarse span: one the KB's people know, or one
    right after a title word ("President Obama")."""
    if ent.start and is_title_word(ent.doc[ent.start - 1]) and ent.doc[ent.start - 1].text[:1].isupper():
        return True
    return bool(kb is not None and kb.lookup(ent.text, type="PERSON"))


def _overruled(doc: Doc, start: int, end: int, kind: str, labels: list[str | None], kb: Any) -> bool:
    """Whether the general model's reading of a span beats the coarse tagger's other type."""
    text = doc[start:end].text
    general = [lab for lab in labels if lab]
    if not _coarse_credible(text, kind, general, kb):
        return True
    return kind != "LOC" and _placed(doc, start, end) and (
        _known_place(text, kb) or any(lab in COARSE["LOC"] for lab in general))


def _placed(doc: Doc, start: int, end: int) -> bool:
    """Whether the span is used as a place: after a locative preposition ("in the Slavic Village
    neighborhood"), before "-based", or as a dateline ("CLEVELAND —" opening a paragraph)."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    before = doc[i].lower_ if i >= 0 else ""
    after = doc[end:end + 2].text.replace(" ", "").lower()
    opens = start == 0 or "\n" in doc[start - 1].text_with_ws
    dateline = opens and doc[start:end].text.isupper() and after[:1] in {"—", "–", "-", ","}
    return before in _LOCATIVE or after.startswith("-based") or dateline


def _hyphen_joined(doc: Doc, ent: Span, start: int, end: int) -> bool:
    """Whether the span is glued by a hyphen to more of ``ent`` ("Willem-Alexander")."""
    glued_left = start - 2 >= ent.start and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
        and not doc[start - 1].whitespace_
    glued_right = end + 1 < ent.end and doc[end].text == "-" and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_
    return glued_left or glued_right


#: What no name holds: a line break, a hashtag or handle, an emoji or pictograph.
_NOT_A_NAME = re.compile(r"[\n#@\u2190-\u2bff\U0001f000-\U0001faff]")


def _known_place(text: str, kb: Any, polity: bool = False) -> bool:
    """Whether the gazetteer has a place of this name (a country or first-level region if
    ``polity``)."""
    places = kb.lookup(text, type=KB_PLACE_TYPES) if kb is not None else []
    if polity:
        return any((e.feature or "").startswith(("PCL", "ADM1", "TERR")) for e in places)
    return bool(places)


def _coarse_credible(text: str, kind: str, general: list[str], kb: Any) -> bool:
    """Whether the coarse tagger's type should beat the general model's (or its silence).

    The coarse tagger learnt 1990s wire copy; on other news it calls unknown surnames places
    and places people. Where the two models disagree, the gazetteer decides: a place needs a
    gazetteer entry, and a known place the general model saw stays a place against PER or MISC;
    against ORG only a country or region does (a club or council named after its town is an ORG,
    "Britain and its intelligence services" is the country), and a known organisation the general
    model saw stays one. :func:`merge_coarse` also keeps a town used as a place ("across Leeds")."""
    if kb is None:  # nothing to arbitrate with: the tagger trained on news wins
        return True
    if kind == "LOC":
        return _known_place(text, kb)
    if any(lab in COARSE["LOC"] for lab in general):
        return not _known_place(text, kb, polity=kind == "ORG")
    if kind == "ORG" or "ORG" not in general:
        return True
    # "Vucic wrote on Instagram", "Nordlink Lines": a known organisation, or a name ending in
    # an organisation's head word, is no person
    return not kb.lookup(text, type="ORG") and text.split()[-1].lower() not in ORG_HEADS


def _default_fine(text: str, kind: str, kb: Any) -> str:
    if kind == "MISC":
        return "NORP" if kb_type(kb, text, "NORP") == "NORP" else "MISC"
    if kind == "LOC":
        return "LOC" if kb_type(kb, text) == "LOC" else "GPE"
    return COARSE[kind][0]
