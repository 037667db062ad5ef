"""Repairs of the statistical NER's typical errors on news text, by general rules.

A news-trained model still makes the same few mistakes on wire copy: it swallows titles and
possessive owners into names ("Serbia's President X Y" → PERSON "X Y", title "President"), leaks
boundaries ("the", a trailing "'s", quotes), calls the codename of a military exercise a person,
tags a byline author as an organisation, an organisation's acronym as a person or place, a
person's surname as a place once it stands alone, and a demonym as a place. Each rule below fixes
one of these from the sentence and the article alone; none knows any particular page.

The rules work on spaCy Docs and return :class:`Found` spans (character offsets into the Doc's
text) so that the benchmark can score exactly what the pipeline produces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...knowledge.normalize import mention_key
from ...labels import KB_PLACE_TYPES, PLACE_LABELS
from ..nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Labels that name things; numbers, dates and quantities are the time stage's business.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
     "MISC"}  # MISC: a name the trained coarse tagger found that no finer type fits
)

#: Words that make up office titles written before a name. Multi-word titles ("Secretary General",
#: "Prime Minister", "Foreign Minister") are runs of these words.
TITLE_WORDS = frozenset([
    "president", "vice", "prime", "minister", "deputy", "foreign", "defence", "defense", "interior",
    "finance", "secretary", "general", "chancellor", "premier", "king", "queen", "prince", "princess",
    "emperor", "sheikh", "emir", "pope", "cardinal", "archbishop", "bishop", "senator", "sen.", "rep.",
    "representative", "congressman", "congresswoman", "governor", "gov.", "mayor", "judge", "justice",
    "chief", "ceo", "chairman", "chairwoman", "chair", "director", "ambassador", "envoy", "commissioner",
    "spokesman", "spokeswoman", "spokesperson", "minister", "leader", "speaker", "lieutenant", "lt.",
    "colonel", "col.", "major", "maj.", "captain", "capt.", "commander", "admiral", "adm.", "gen.",
    "marshal", "sergeant", "sgt.", "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "sir", "lord",
    "lady", "dame", "coach", "striker", "midfielder", "defender", "goalkeeper", "manager",
    "president-elect", "attorney", "state", "high", "representative", "head",
])
#: Title words that cannot start a title on their own (they qualify the next one).
_TITLE_QUALIFIERS = frozenset(
    {"vice", "deputy", "foreign", "defence", "defense", "interior", "finance", "state", "high", "chief"}
)
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady"})

#: Nouns after a name that make it the name of an exercise or operation, not of a person.
EXERCISE_NOUNS = frozenset(
    {"drill", "drills", "exercise", "exercises", "manoeuvres", "maneuvers", "manoeuvre", "maneuver",
     "wargames", "war-games"}
)
EXERCISE_HEADS = frozenset({"operation", "exercise"})

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_LEADING_DROP = frozenset({"the", "a", "an"})
#: Lower-case particles that do begin names ("de Gaulle", "van Dijk", "al-Assad").
_NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "al", "el", "bin",
                             "ibn", "le", "la", "du", "dos", "das", "ter"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")


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


@dataclass
class RuleContext:
    """What the rules may know beyond the sentence: the byline and the knowledge base."""

    authors: Sequence[str] = ()
    kb: Any = None  # newsgraph.knowledge KB, or None when it is not available
    places: frozenset[str] = frozenset()  # texts the model tagged as places anywhere in the article
    people: frozenset[str] = frozenset()  # normalised multi-word PERSON names anywhere in the article


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


def repair(doc: Doc, ctx: RuleContext) -> list[Found]:
    """The name spans of one Doc after every in-sentence repair."""
    found: list[Found] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        span = _trim(ent)
        if span is None:
            continue
        span, label = _extend_by_kb(span, ent.label_, ctx)
        found.extend(_split_titles(span, label, ctx))
    found = [_employer(doc, _relabel(doc, f, ctx)) for f in found]
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


def _trim(span: Span) -> Span | None:
    """Drop leaked boundary tokens: a leading article, a trailing possessive, edge punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _LEADING_DROP or _edge_punct(doc[start])
                           or (_common_word(doc[start]) and doc[start].lower_ not in _NAME_PARTICLES)):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or _edge_punct(doc[end - 1])
                           or _common_word(doc[end - 1])):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _extend_by_kb(span: Span, label: str, ctx: RuleContext) -> tuple[Span, str]:
    """A name cut short ("Republika" of "Republika X") grows over the next proper nouns when the
    knowledge base knows the longer name; the KB's type then wins."""
    doc = span.doc
    if ctx.kb is None or label not in {"GPE", "LOC", "ORG", "NORP", "FAC"}:
        return span, label
    for extra in (2, 1):
        end = span.end + extra
        tail = doc[span.end : end]
        if end > len(doc) or any(t.ent_type_ or t.pos_ != "PROPN" or _is_title_word(t) for t in tail):
            continue
        longer = doc[span.start : end]
        kind = kb_type(ctx.kb, longer.text)
        if kind in NAME_LABELS:
            return longer, kind
    return span, label


def _common_word(token: Token) -> bool:
    """A lower-case word at the edge of a name is not part of it ("Interfax news agency")."""
    return token.is_alpha and token.is_lower


def _edge_punct(token: Token) -> bool:
    return token.is_punct or token.is_quote or token.text in {"@", "#", "|", "/", "-", "–", "—"}


def _is_title_word(token: Token) -> bool:
    return token.lower_ in TITLE_WORDS


def _name_like(tokens: Sequence[Token]) -> bool:
    return bool(tokens) and all(t.text[:1].isupper() and not _is_title_word(t) for t in tokens)


def _split_titles(span: Span, label: str, ctx: RuleContext) -> list[Found]:
    """``[owner] Title Name`` inside one span → the name as PERSON, the title kept on it."""
    tokens = list(span)
    cut = None
    for i in range(len(tokens) - 1, -1, -1):
        if _is_title_word(tokens[i]) and _name_like(tokens[i + 1:]):
            cut = i
            break
    if cut == len(tokens) - 2 and label == "ORG" and all(_is_title_word(t) for t in tokens[:cut + 1]):
        cut = None  # "General Motors", "President Hotels": the model's one-word organisation stands
    if cut is None or label not in {"PERSON", "ORG", "GPE", "NORP"}:
        if label in {"ORG", "GPE", "LOC"} and _after_person_title(span):
            label = "PERSON"  # "Chancellor X Y" tagged as an organisation
        found = _found(span, label)
        if label == "PERSON":
            return _split_leading_place(span, ctx) or [_with_left_title(found, span, ctx)]
        return _split_leading_place(span, ctx, label) or [found]
    first = cut
    while first > 0 and _is_title_word(tokens[first - 1]):
        first -= 1
    doc = span.doc
    name = doc[tokens[cut + 1].i : span.end]
    title_words = doc[tokens[first].i : tokens[cut].i + 1]
    person = _found(name, "PERSON")
    person.title = _title_value(title_words)
    person.title_text = doc[span.start : tokens[cut].i + 1].text
    out = [person]
    if first > 0:  # the owner of the title ("Nato", "Serbia's") is a name of its own
        owner = _trim(doc[span.start : tokens[first].i])
        owner_label = kb_type(ctx.kb, owner.text) if owner is not None else None
        if owner is not None and owner_label in NAME_LABELS:
            out.append(_found(owner, owner_label))
    return out


def _after_person_title(span: Span) -> bool:
    """A two- or three-word name right after a capitalised office title ("Chancellor X Y")."""
    doc = span.doc
    if not 2 <= len(span) <= 3 or span.start == 0 or not _name_like(list(span)):
        return False
    if any(_ACRONYM.match(t.text) for t in span):
        return False
    prev = doc[span.start - 1]
    return _is_title_word(prev) and prev.text[:1].isupper() and prev.lower_ not in _TITLE_QUALIFIERS


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
            person = _with_left_title(_found(rest, "PERSON"), rest, ctx)
            return [_found(head, "GPE"), person]
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
        while k > 0 and _is_title_word(doc[k - 1]):
            k -= 1
        if k < j:
            start = k - 1 if k > 0 and doc[k - 1].lower_ == "the" else k
            found.title = _title_value(doc[k:j])
            found.title_text = doc[start:i].text
        return found
    k = i
    while k > 0 and _is_title_word(doc[k - 1]) and doc[k - 1].text not in _POSSESSIVE:
        k -= 1
    if k == i or doc[k:i].text.lower() in _HONORIFICS:
        return found
    start = k
    if k >= 2 and doc[k - 1].text in _POSSESSIVE and doc[k - 2].text[:1].isupper():
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


def places_in(docs: Iterable[Doc]) -> frozenset[str]:
    """Every text the model tagged as a place in these Docs (for rules that need the article)."""
    return frozenset(e.text for doc in docs for e in doc.ents if e.label_ in PLACE_LABELS)


def people_in(docs: Iterable[Doc]) -> frozenset[str]:
    """Normalised names of two or more words the model tagged as people in these Docs."""
    return frozenset(mention_key(e.text) for doc in docs for e in doc.ents
                     if e.label_ == "PERSON" and len(e.text.split()) >= 2)


def _title_value(span: Span) -> str | None:
    words = [t.text for t in span]
    while words and words[0].lower() in _HONORIFICS:
        words = words[1:]
    if not words or (len(words) == 1 and words[0].lower() in _TITLE_QUALIFIERS):
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _found(span: Span, label: str) -> Found:
    return Found(span.start_char, span.end_char, label, span.text)


def _relabel(doc: Doc, f: Found, ctx: RuleContext) -> Found:
    """Type repairs that need the knowledge base: acronyms, demonyms, countries."""
    if ctx.kb is None:
        return f
    single = " " not in f.text.strip()
    acronym = single and _ACRONYM.match(f.text) is not None
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
        return not _ACRONYM.match(f.text) and kb_type(ctx.kb, f.text, "ORG") != "ORG"
    return True


#: Titles a company gives: the name right before one is the employer, not a person.
CORPORATE_TITLES = frozenset({"ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "chairperson",
                              "founder", "co-founder", "shareholders", "spokesperson"})


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
    out = []
    for m in pattern.finditer(text):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            out.append(Found(m.start(), m.end(), "PERSON", m.group(0)))
    return out


#: Function words kept lower case when a shouted sentence is re-cased.
_LOWER_WORDS = frozenset({"the", "of", "and", "in", "on", "at", "to", "for", "a", "an", "with", "by",
                          "from", "vs", "as", "or", "over", "after", "into"})


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


#: The fine (OntoNotes) labels each coarse CoNLL type covers, and the default when none agrees.
COARSE = {"PER": ("PERSON",), "ORG": ("ORG",), "LOC": ("GPE", "LOC", "FAC"),
          "MISC": ("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")}


def merge_coarse(doc: Doc, coarse: Sequence[tuple[int, int, str]], kb: Any = None) -> None:
    """Adopt the spans of a coarse-typed tagger (token start, end, PER/ORG/LOC/MISC), in place.

    The coarse tagger (trained on news in four types) finds names and their extent better; the
    general model still knows the finer type (a GPE from a LOC, a NORP from an EVENT), which the
    later stages need. So a coarse span keeps the fine label of a general-model entity of the same
    kind over it, and otherwise gets the usual fine label of its kind. Dates, numbers and other
    non-name entities of the general model are kept where no coarse span overlaps them.
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    fine_at: dict[int, str] = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            fine_at[i] = ent.label_
    spans = []
    kept_general = []
    overruled: set[int] = set()
    for start, end, kind in coarse:
        if kind == "PER" and end - start > 1 and doc[end - 1].lower_ in ORG_HEADS:
            kind = "ORG"  # "Scheldt Courier", "Nordlink Lines": no person's name ends so
        labels = [fine_at.get(i) for i in range(start, end)]
        wider = [e for e in doc.ents if e.label_ in NAME_LABELS and e.start <= start and end <= e.end
                 and (e.start, e.end) != (start, end)
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
    others = [e for e in doc.ents if not taken & set(range(e.start, e.end))
              and (e.label_ not in NAME_LABELS or overruled & set(range(e.start, e.end))
                   or e.label_ in COARSE["LOC"] and _known_place(e.text, kb))]
    doc.ents = filter_spans(kept_general + spans + others)


def _overruled(doc: Doc, start: int, end: int, kind: str, labels: list[str | None], kb: Any) -> bool:
    """Whether the general model's reading of a span beats the coarse tagger's other type."""
    text = doc[start:end].text
    general = [lab for lab in labels if lab]
    if not _coarse_credible(text, kind, general, kb):
        return True
    return kind != "LOC" and _placed(doc, start, end) and (
        _known_place(text, kb) or any(lab in COARSE["LOC"] for lab in general))


#: Words before a place, not before a club or a council named after it.
_LOCATIVE = frozenset({"in", "at", "across", "near", "outside", "around", "throughout", "from", "to",
                       "into", "inside", "towards", "toward", "via"})


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


#: Last words of organisations' names, never of people's.
ORG_HEADS = frozenset({
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc", "gmbh",
    "ag", "sa", "nv", "bv", "group", "holdings", "partners", "logistics", "lines", "airlines",
    "airways", "shipping", "bank", "motors", "energy", "systems", "technologies", "industries",
    "media", "courier", "times", "herald", "gazette", "tribune", "post", "news", "press",
    "association", "union", "federation", "council", "committee", "commission", "agency",
    "institute", "foundation", "society", "party", "university", "college", "school", "club",
    "fund", "trust", "company", "authority", "ministry", "department", "office", "service",
})


_JOINERS = frozenset({"of", "and", "&", "for", "de", "del", "der", "den", "ten", "van", "von", "la", "le", "du"})


def _default_fine(text: str, kind: str, kb: Any) -> str:
    if kind == "MISC":
        return "NORP" if kb_type(kb, text, "NORP") == "NORP" else "MISC"
    if kind == "LOC":
        return "LOC" if kb_type(kb, text) == "LOC" else "GPE"
    return COARSE[kind][0]
