"""Repairs of the statistical NER's typical errors on news text, by general rules.

A news-trained model still makes the same few mistakes on wire copy: it swallows titles and
possessive owners into names ("Serbia's President X Y" → PERSON "X Y", title "President"), leaks
boundaries ("the", a trailing "'s", quotes), calls the codename of a military exercise a person,
tags a byline author as an organisation, an organisation's acronym as a person or place, a
person's surname as a place once it stands alone, and a demonym as a place. Each rule below fixes
one of these from the sentence and the article alone; none knows any particular page.

The rules work on spaCy Docs and return :class:`Found` spans (character offsets into the Doc's
text) so that the benchmark can score exactly what the pipeline produces. The title rules are in
``titles``, the shared vocabulary (``Found``, ``mention_key``, labels) in ``found``; the re-reading of
shouted lines (``shouting``) and the merge of the coarse tagger (``coarse``) run before the rules
and are importable from here too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from ..nlp import doc_text
from ..wordlists import words
from .coarse import merge_coarse
from .found import (
    ACRONYM,
    NAME_LABELS,
    PLACE_LABELS,
    Found,
    RuleContext,
    kb_or_none,
    kb_type,
    mention_key,
    trim,
)
from .hygiene import clean, office_alone, one_type_per_name, retype
from .shouting import reread_shouting
from .titles import TITLE_WORDS, is_title_word, split_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = [  # the stage, resolve and the tests take the rules' whole vocabulary from here
    "NAME_LABELS",
    "PLACE_LABELS",
    "TITLE_WORDS",
    "Found",
    "RuleContext",
    "kb_or_none",
    "kb_type",
    "mention_key",
    "merge_coarse",
    "one_type_per_name",
    "people_in",
    "person_surnames_win",
    "places_in",
    "repair",
    "reread_shouting",
]

#: Nouns after a name that make it the name of an exercise or operation, not of a person.
EXERCISE_NOUNS = words("exercise_nouns")
EXERCISE_HEADS = frozenset({"operation", "exercise"})


def repair(doc: Doc, ctx: RuleContext) -> list[Found]:
    """The name spans of one Doc after every in-sentence repair."""
    found: list[Found] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        span = trim(ent)
        span = clean(span, ent.label_, ctx) if span is not None else None
        if span is None:
            continue
        span, label = _extend_by_kb(span, ent.label_, ctx)
        found.extend(split_titles(span, label, ctx))
    found = [retype(doc, _employer(doc, _relabel(doc, f, ctx)), ctx) for f in found if not office_alone(doc, f)]
    found = _exercises(doc, found, ctx)
    found = _add_authors(doc, found, ctx)
    return _join_conjoined_places(doc, _dedupe(found), ctx)


def _join_conjoined_places(doc: Doc, found: list[Found], ctx: RuleContext) -> list[Found]:
    """"Bosnia" + "and" + "Herzegovina" tagged apart → one place when the KB knows the whole name."""
    if ctx.kb is None:
        return found
    out: list[Found] = []
    text = doc_text(doc)
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.label in PLACE_LABELS and f.label in PLACE_LABELS:
            between = text[prev.end : f.start]
            whole = text[prev.start : f.end]
            # two countries in a row stay two ("Serbia and Montenegro" in 1999 were bombed apart)
            apart = ctx.kb.country(prev.text) is not None and ctx.kb.country(f.text) is not None
            if between.strip() in {"and", "&"} and not apart and (
                    ctx.kb.country(whole) is not None or kb_type(ctx.kb, whole) in PLACE_LABELS):
                out[-1] = Found(prev.start, f.end, "GPE", whole)
                continue
        out.append(f)
    return out


def _extend_by_kb(span: Span, label: str, ctx: RuleContext) -> tuple[Span, str]:
    """A name cut short ("Republika" of "Republika X") grows over the next proper nouns when the
    knowledge base knows the longer name; the KB's type then wins."""
    doc = span.doc
    if ctx.kb is None or label not in {"GPE", "LOC", "ORG", "NORP", "FAC"}:
        return span, label
    for extra in (2, 1):
        end = span.end + extra
        tail = doc[span.end : end]
        if end > len(doc) or any(t.ent_type_ or t.pos_ != "PROPN" or is_title_word(t) for t in tail):
            continue
        longer = doc[span.start : end]
        kind = kb_type(ctx.kb, longer.text)
        if kind in NAME_LABELS:
            return longer, kind
    return span, label


def places_in(docs: Iterable[Doc]) -> frozenset[str]:
    """Every text the model tagged as a place in these Docs (for rules that need the article)."""
    return frozenset(e.text for doc in docs for e in doc.ents if e.label_ in PLACE_LABELS)


def people_in(docs: Iterable[Doc]) -> frozenset[str]:
    """Normalised names of two or more words the model tagged as people in these Docs."""
    return frozenset(mention_key(e.text) for doc in docs for e in doc.ents
                     if e.label_ == "PERSON" and len(e.text.split()) >= 2)


def _relabel(doc: Doc, f: Found, ctx: RuleContext) -> Found:
    """Type repairs that need the knowledge base: acronyms, demonyms, countries."""
    if ctx.kb is None:
        return f
    single = " " not in f.text.strip()
    acronym = single and ACRONYM.match(f.text) is not None
    if f.label in {"PERSON", "GPE", "LOC", "NORP"} and acronym and kb_type(ctx.kb, f.text, "ORG") == "ORG":
        return replace(f, label="ORG")
    # "Serbian" is a demonym, "Serbia" is not
    demonym = single and f.label in {"GPE", "LOC", "ORG", "PERSON"} and ctx.kb.country(f.text) is None
    if demonym and kb_type(ctx.kb, f.text, "NORP") == "NORP":
        return replace(f, label="NORP")
    if f.label == "PERSON" and f.title is None and ctx.kb.country(f.text) is not None:
        return replace(f, label="GPE")
    if f.label == "PERSON" and single and f.title is None and kb_type(ctx.kb, f.text, "ORG") == "ORG":
        return replace(f, label="ORG")  # a platform or agency named alone; a surname rule may undo it
    if f.label == "ORG" and _is_territory(ctx.kb, f.text):
        return replace(f, label="GPE")  # a country or territory named as a body ("Republika X")
    return f


def _is_territory(kb: Any, text: str) -> bool:
    """A country, territory or region of the KB (not a mere GeoNames town) and no organisation."""
    entries = kb.lookup(text)
    if not entries or any(e.type == "ORG" for e in entries):
        return False
    return entries[0].id.split(":")[0] in {"country", "territory", "region"}


def _codename(f: Found, ctx: RuleContext) -> bool:
    """Could this span before "drills" be the exercise's name (not a country or a known body)?"""
    if f.label in {"GPE", "NORP"}:
        return False
    if f.label == "ORG":  # "NATO exercises" are held by NATO; "Iron Falcon exercises" are named
        return not ACRONYM.match(f.text) and kb_type(ctx.kb, f.text, "ORG") != "ORG"
    return True


#: Titles a company gives: the name right before one is the employer, not a person.
CORPORATE_TITLES = words("corporate_titles")


def _employer(doc: Doc, f: Found) -> Found:
    """"Acme CEO Jane Roe": a one-word PERSON before a corporate title is the company."""
    if f.label != "PERSON" or " " in f.text.strip():
        return f
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].lower_ not in CORPORATE_TITLES:
        return f
    return replace(f, label="ORG", firm=True)


def _exercises(doc: Doc, found: list[Found], ctx: RuleContext) -> list[Found]:
    """``X Y drills`` / ``Operation Z``: the codename of an exercise is an EVENT, never a person."""
    out: list[Found] = []
    for f in found:
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is None:
            out.append(f)
            continue
        end = span.end
        while end < min(len(doc), span.end + 3) and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
            end += 1  # "Baltic" + "Falcon" + "drills": the codename continues up to the noun
        if end > span.end and end < len(doc) and doc[end].lower_ in EXERCISE_NOUNS:
            span = doc[span.start : end]
            f = Found(span.start_char, span.end_char, f.label, span.text)
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        if len(span) > 1 and span[0].text.lower() in EXERCISE_HEADS and span[0].text[:1].isupper():
            out.append(replace(f, label="EVENT"))
        elif after is not None and after.lower_ in EXERCISE_NOUNS and _codename(f, ctx):
            start = span.start
            while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ == "PROPN":
                start -= 1
            named = doc[start : span.end]
            out.append(Found(named.start_char, named.end_char, "EVENT", named.text))
        elif before is not None and before.text.lower() in EXERCISE_HEADS and before.text[:1].isupper():
            named = doc[span.start - 1 : span.end]
            out.append(Found(named.start_char, named.end_char, "EVENT", named.text))
        else:
            out.append(f)
    return out


def _add_authors(doc: Doc, found: list[Found], ctx: RuleContext) -> list[Found]:
    """Byline authors are people: relabel their spans and tag occurrences the model missed."""
    authors = {mention_key(a) for a in ctx.authors if a and len(a.split()) >= 2}
    if not authors:
        return found
    out = [replace(f, label="PERSON") if mention_key(f.text) in authors else f for f in found]
    taken = [(f.start, f.end) for f in out]
    text = doc_text(doc)
    for author in ctx.authors:
        for m in re.finditer(r"\b" + re.escape(author) + r"\b", text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                out.append(Found(m.start(), m.end(), "PERSON", m.group(0)))
    return out


def _dedupe(found: Iterable[Found]) -> list[Found]:
    """Sort by offset and drop spans overlapping an earlier, longer one."""
    out: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def person_surnames_win(zones: dict[str, list[Found]], texts: dict[str, str] | None = None
                        ) -> dict[str, list[Found]]:
    """A name that is a person's surname (or full name) elsewhere in the article is that person.

    Run over all zones of an article at once: "Dodik" alone is tagged a place by the model, but
    once "Milorad Dodik" is a PERSON anywhere in the article, "Dodik" is the same person. With
    the zone ``texts``, occurrences of such a surname that the model left untagged are added.
    """
    people: set[str] = set()
    surnames: set[str] = set()
    for found in zones.values():
        for f in found:
            parts = f.text.split()
            if f.label == "PERSON" and len(parts) >= 2:
                people.update({mention_key(f.text), mention_key(parts[-1])})
                if len(parts[-1]) >= 3 and parts[-1][:1].isupper() and not parts[-1].isupper():
                    surnames.add(re.sub(r"['’]s?$", "", parts[-1]))
    firms = {mention_key(f.text) for found in zones.values() for f in found if f.firm} - people
    out: dict[str, list[Found]] = {}
    for zone, found in zones.items():
        fixed = [replace(f, label="PERSON") if f.label not in {"PERSON", "NORP"} and mention_key(f.text) in people
                 else replace(f, label="ORG") if f.label == "PERSON" and mention_key(f.text) in firms
                 else f for f in found]
        if texts and zone in texts and surnames:
            fixed = _dedupe(fixed + _untagged(texts[zone], surnames, fixed))
        out[zone] = fixed
    return out


def _untagged(text: str, surnames: set[str], found: list[Found]) -> list[Found]:
    """Occurrences of known surnames outside every tagged span, as PERSON mentions."""
    pattern = re.compile(r"(?<![\w@#])(" + "|".join(re.escape(n) for n in sorted(surnames)) + r")(?![\w-])")
    spans = sorted((f.start, f.end) for f in found)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))  # the furthest end of spans[:i + 1]
    out = []
    for m in pattern.finditer(text):
        before = bisect_left(starts, m.end())  # the spans starting before the match ends
        if not before or reach[before - 1] <= m.start():  # and none of them reaches into it
            out.append(Found(m.start(), m.end(), "PERSON", m.group(0)))
    return out
