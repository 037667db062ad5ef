"""Event nominals: nouns that name an event ("talks", "the release of the hostages", "martial law"),
from our lexicon (:mod:`.lexicon`), with the senses that are none ("a press release", "a learning
exercise") and the light head nouns that stand for their modifier ("mediation efforts")."""

from __future__ import annotations

from .lexicon import FORCE_WORDS, LIGHT_HEADS, MILITARY_WORDS, NOUNS
from .phrases import child
from .senses import held_party


def noun_trigger(tok, lemma: str):
    """(type, mode) when the noun ``tok`` names an event, else None."""
    return _lexicon_noun(tok, lemma) or _light_head(tok, lemma)


def _lexicon_noun(tok, lemma: str):
    if lemma == "strike" or tok.lower_ == "strikes":
        if any(c.lemma_.lower() == "hunger" for c in tok.children):
            return NOUNS["hunger strike"]
        return ("ASSAULT", "aerial") if military_context(tok) else ("PROTEST", "strike-gen")
    for phrase in _phrases(tok):  # "hunger strike", "martial law", "state of emergency"
        if phrase in NOUNS:
            return NOUNS[phrase]
    hit = NOUNS.get(tok.lower_) or NOUNS.get(lemma)
    if hit is not None and lemma in _DRILLS and not _military_drill(tok):
        return None  # "a learning exercise", "a fire drill": no forces, no military exercise
    if hit is not None and lemma == "release" and not _frees_someone(tok):
        return None  # "a press release", "the film's release", "the 10.4.1 release"
    return hit


def _frees_someone(noun) -> bool:
    """"the release of the hostages", "a prisoner release", "his release from jail" ("Apple's release"
    is Apple releasing something)."""
    held = [c for c in noun.children if c.dep_ == "compound" or c.dep_ == "poss" and (
        c.pos_ == "PRON" or c.ent_type_ == "PERSON")]
    held += [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    return any(held_party(t) for t in held)


_DRILLS = frozenset(("exercise", "drill", "manoeuvre", "maneuver", "manoeuvres", "maneuvers"))
JOINT = frozenset(("joint", "combined", "bilateral", "trilateral", "multinational", "multilateral"))


def _military_drill(tok) -> bool:
    """Exercises held by forces ("the navy's drills", "war games near the border") or jointly by parties."""
    return any(c.lower_ in JOINT for c in tok.children) or any(w.lemma_.lower() in FORCE_WORDS for w in tok.sent)


def _phrases(noun):
    """The several-word names a noun heads: with a modifier before it, or an "of" phrase after it."""
    for c in noun.children:
        if c.dep_ in ("compound", "amod") and c.i < noun.i:
            yield f"{c.lower_} {noun.lower_}"
        elif c.dep_ == "prep" and c.lower_ == "of":
            yield from (f"{noun.lower_} of {o.lower_}" for o in c.children if o.dep_ == "pobj")


def military_context(tok) -> bool:
    """A military word in the noun's sentence (its own subtree lies inside the sentence)."""
    return any(w.lemma_.lower() in MILITARY_WORDS for w in tok.sent)


def _light_head(tok, lemma: str):
    """A light head noun stands for the event its modifier names: "mediation efforts", "efforts at
    mediation", "the negotiation process" are mediation and negotiation."""
    if lemma not in LIGHT_HEADS:
        return None
    for c in tok.children:
        inner = c if c.dep_ == "compound" else child(c, ("pobj",)) if c.dep_ == "prep" and c.lower_ in (
            "of", "at", "toward", "towards") else None
        hit = _lexicon_noun(inner, inner.lemma_.lower()) if inner is not None and inner.pos_ == "NOUN" else None
        if hit is not None:
            return hit
    return None
