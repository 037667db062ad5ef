"""Entity hygiene: spans that are no names, names cut short, and names of things typed as people.

The statistical models tag what looks like a name. On news that includes the unit of an amount
("US$", "UTC"), a capitalised common word ("Black", "Big", "Protected"), the acronym of a thing
("CD", "LED"), a caption's or the page chrome's word beside a name ("Ahmed Mohamed Image"), a title
standing alone ("Executive Officer"), and companies and products read as people ("Chrysler said",
"iPhoto"). Each rule here is a general class of word (the lists in ``language/data``) or a pattern
of English usage; none names a page.

:func:`clean` runs on one Doc's entity span before the other repairs; :func:`retype` after them;
:func:`one_type_per_name` over the whole article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..wordlists import words
from .coarse import ORG_HEADS
from .found import Found, RuleContext, kb_type, mention_key
from .titles import is_title_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_UNITS = words("currency_marks") | words("time_zones") | words("units") | words("common_acronyms")
_COLOURS = words("colour_words")
_CHROME = words("chrome_words")
_PRODUCT_NOUNS = words("product_nouns")
_ORG_POSSESSIONS = words("org_possessions")
_STREET_HEADS = words("street_heads")
_COMPOUND_SUFFIXES = words("compound_suffixes")
_OFFICE = words("office_words") | words("corporate_titles")
_CURRENCY = re.compile(r"^[A-Za-z]{0,3}[$€£¥₹]$")
#: Part-of-speech tags of a word that is capitalised for another reason than being a name.
_COMMON_POS = frozenset({"ADJ", "ADV", "ADP", "AUX", "DET", "PRON", "VERB", "SCONJ", "CCONJ"})
_CAMEL_PRODUCT = re.compile(r"^[a-z]{1,2}[A-Z][A-Za-z0-9]+$")  # iPhone, iPhoto, eBook


def clean(span: Span, label: str, ctx: RuleContext) -> Span | None:
    """The span without what is not part of the name (None when nothing is left): cut at a
    sentence start or a chrome word inside it, grown over a hyphen-glued tail, dropped when it is
    a unit, a colour, a common word or a title alone."""
    span = _cut(span)
    if span is None:
        return None
    span = _glued_tail(span, label)
    text = span.text.strip()
    key = text.lower()
    if key in _UNITS or _CURRENCY.match(text):
        return None
    if len(span) == 1 and label != "NORP" and (key in _COLOURS or _common_word(span[0], label, ctx)):
        return None
    if label == "PERSON" and all(is_title_word(t) or t.lower_ in _OFFICE for t in span):
        return None  # "Executive Officer", "Congresswoman": an office, not its holder
    return span


def office_alone(doc: Doc, f: Found) -> bool:
    """A PERSON left with only the words of an office once its title is split off ("Chief
    Executive Officer" → "Executive Officer")."""
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    return f.label == "PERSON" and span is not None and all(is_title_word(t) or t.lower_ in _OFFICE for t in span)


def _cut(span: Span) -> Span | None:
    """A name never runs over a sentence start ("Wi-Fi. The") or a chrome word ("Environment
    Canada Archived", "Ahmed Mohamed Image"): keep what comes before."""
    for i, token in enumerate(span):
        if i and (token.is_sent_start or token.lower_ in _CHROME):
            end = span.start + i
            while end > span.start and span.doc[end - 1].is_punct:
                end -= 1
            return span.doc[span.start : end] if end > span.start else None
    if len(span) == 1 and span[0].lower_ in _CHROME:
        return None
    return span


def _glued_tail(span: Span, label: str) -> Span:
    """"Ban Ki" + "-moon", "Kim Jong" + "-un": a tail glued to the name's last word by a hyphen
    continues the name, unless it makes an adjective of it ("Beijing-based"); the model's next
    PERSON glued on so ("Inzamam" + "-ul-" + "Haq") is more of the same name."""
    doc, end = span.doc, span.end
    while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].is_alpha
           and doc[end + 1].lower_ not in _COMPOUND_SUFFIXES
           and (doc[end + 1].ent_iob_ != "B" or label == doc[end + 1].ent_type_ == "PERSON")):
        end += 2
    return doc[span.start : end]


def _common_word(token, label: str, ctx: RuleContext) -> bool:
    """A single capitalised word that is a common word, and no knowledge-base name: one the parser
    reads as an adjective, a verb or a function word ("Big crowds came", "Protected"), or a noun the
    same text also writes in lower case ("Emergency" beside "emergency"), where it opens a sentence
    or is read as a person. The parser calls an unknown name a noun ("Nerweyi said"), so a noun
    needs the lower-case use; elsewhere a capitalised adjective is a proper one ("Olympic") and stays."""
    if token.is_upper or (not token.is_sent_start and label != "PERSON"):
        return False
    if token.pos_ == "NOUN":
        lower = token.lower_
        if not any(t.text == lower for t in token.doc):
            return False
    elif token.pos_ not in _COMMON_POS:
        return False
    return kb_type(ctx.kb, token.text) is None


def retype(doc: Doc, f: Found, ctx: RuleContext) -> Found:
    """Names of things and bodies the models read as people, typed by their form and the sentence:
    a camel-cased product ("iPhoto"), a name before a product noun ("the Snow Leopard operating
    system"), a street ("Castlefrank Road"), an organisation's head word ("Northgate Wire"), an
    owner of shares or plants ("Chrysler's shareholders"), the body an office belongs to ("the
    president of Chrysler"), a plural after "the" ("the Beatles"), a word conjoined with an
    organisation ("GM and Chrysler"), and the page's own outlet."""
    if f.label not in {"PERSON", "ORG", "GPE", "MISC"} or f.firm:
        return f
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    if span is None:
        return f
    last = span[-1].lower_
    after = doc[span.end] if span.end < len(doc) else None
    after2 = doc[span.end + 1] if span.end + 1 < len(doc) else None
    before = doc[span.start - 1] if span.start else None
    if f.label == "GPE":
        return f
    if _CAMEL_PRODUCT.match(f.text) and kb_type(ctx.kb, f.text, "ORG") != "ORG":
        return replace(f, label="PRODUCT", firm=True)
    if _product_noun_after(span, after) or (before is not None and before.lower_ == "of" and span.start >= 2
                                            and doc[span.start - 2].lower_ in _PRODUCT_NOUNS):
        return replace(f, label="PRODUCT", firm=True)
    if f.label != "PERSON":
        return f
    if last in _STREET_HEADS and len(span) > 1:
        return replace(f, label="FAC")
    if len(span) > 1 and last in ORG_HEADS:
        return replace(f, label="ORG", firm=True)
    possessive = after is not None and after.text in {"'s", "’s"} and after2 is not None
    if possessive and after2.lower_ in _ORG_POSSESSIONS:
        return replace(f, label="ORG", firm=True)
    if len(span) == 1 and before is not None and before.lower_ == "the" and last.endswith("s") and not span[0].is_upper:
        return replace(f, label="ORG", firm=True)  # "the Beatles", "the Yankees": a group
    if before is not None and before.lower_ == "of" and span.start >= 2 and is_title_word(doc[span.start - 2]):
        return replace(f, label="ORG", firm=True)  # "the president of Chrysler": people have no presidents
    if len(span) == 1 and f.title is None and _conjoined_with_org(span[0], ctx) and not _known_person(f.text, ctx):
        return replace(f, label="ORG", firm=True)  # "GM and Chrysler": conjoined names share a type
    if ctx.outlet and mention_key(f.text) == mention_key(ctx.outlet):
        return replace(f, label="ORG", firm=True)
    return f


def _product_noun_after(span: Span, after) -> bool:
    """"the Snow Leopard software", "the PT Cruiser minivan": the name modifies a product noun that
    heads its phrase (not "Chrysler software contracts", where the noun modifies another)."""
    return (after is not None and after.lower_ in _PRODUCT_NOUNS and after.pos_ == "NOUN"
            and after.dep_ != "compound" and span[-1].head.i == after.i)


def _conjoined_with_org(token, ctx: RuleContext) -> bool:
    """The word is conjoined ("GM and Chrysler", "Chrysler, Ford and GM") with a name that is
    surely an organisation: an acronym, a KB organisation or a name ending in an organisation's
    head word, tagged ORG (a person's name the model called ORG proves nothing)."""
    partners = [t for t in token.children if t.dep_ == "conj"]
    if token.dep_ == "conj":
        partners.append(token.head)
        partners += [t for t in token.head.children if t.dep_ == "conj" and t.i != token.i]
    return any(t.ent_type_ == "ORG" and (t.is_upper and len(t) > 1 or t.lower_ in ORG_HEADS
                                          or kb_type(ctx.kb, t.text, "ORG") == "ORG") for t in partners)


def _known_person(name: str, ctx: RuleContext) -> bool:
    """A person's surname in this article ("Obama" after "Barack Obama") or a person of the KB."""
    key = mention_key(name)
    if any(p.split()[-1] == key for p in ctx.people):
        return True
    return ctx.kb is not None and bool(ctx.kb.lookup(name, type="PERSON"))


def one_type_per_name(zones: dict[str, list[Found]]) -> dict[str, list[Found]]:
    """A name the sentence showed to be a product or a body ("firm") has that type wherever the
    article uses it: "Chrysler's plants" makes every other "Chrysler" of the article the company."""
    settled: dict[str, str] = {}
    for found in zones.values():
        for f in found:
            if f.firm and f.label in {"PRODUCT", "ORG"}:
                settled.setdefault(mention_key(f.text), f.label)
    if not settled:
        return zones
    return {zone: [replace(f, label=settled[mention_key(f.text)], firm=True)
                   if f.label in {"PERSON", "ORG", "MISC"} and mention_key(f.text) in settled else f
                   for f in found]
            for zone, found in zones.items()}
