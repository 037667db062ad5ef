"""Senses that are not events, found from the parse and the sentence's words:

1. a verb form that does not head a clause ("according to", "the attacking midfielder",
   "Nato-led forces");
2. a hostile or yielding verb whose object is a thing of work, sport or trade ("executed the
   sentence", "fired a shot past the keeper", "released its results", "cut its forecast");
3. a sentence from the sport, entertainment or business beat, known by a discard phrase of the
   PETRARCH2 list (``data/discards.txt``) or by its words (``data/sense_domains.json``): there an
   event is kept only when a political party (government, military, police, rebels …) takes part
   ("police arrested fans after the match" stays).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from ..wordlists import words
from .memo import last_doc_memo

#: Dependencies of a verb form that works as another part of speech: a preposition ("according
#: to", "following the talks"), an adjective or compound ("attacking midfielder", "wounded pride").
_NOT_CLAUSE_DEPS = frozenset(("prep", "amod", "compound", "mark", "case", "nmod", "npadvmod"))
#: Event types whose verbs have a common non-political sense with a thing as object.
_THING_SENSES = frozenset(("ASSAULT", "COERCE", "SANCTION", "CONCEDE", "RETREAT", "MOBILIZE", "COOPERATE"))
_FRAMING = frozenset(("REQUEST", "AGREE", "THREATEN"))
#: Verbs that yield only what is held: people, not products ("released the prisoners", "released an album").
_FREEING = frozenset(("release", "free"))
_HELD_LABELS = frozenset(("PERSON", "NORP", "ORG", "GPE"))
_HELD_NOUNS = words("party_nouns") | words("group_nouns") | words("captive_nouns")
#: Sectors that make a party political.
POLITICAL_SECTORS = frozenset(("GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "IGO", "SPY", "INS"))


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text("utf-8")


@cache
def _non_party_objects() -> frozenset[str]:
    lines = (line.strip() for line in _data("non_party_objects.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def _discards() -> re.Pattern:
    """One pattern for all discard phrases: each starts at a word; "x_" also ends at one.

    The phrases are merged into a trie ("asian cup|asian games" → "asian (?:cup|games)"), so that
    at each word the engine tries the few letters that can follow instead of every phrase in turn
    (a plain alternation of ~400 phrases made this search a sixth of the events stage). Only
    whether a sentence holds some phrase is asked, and the trie matches the same strings."""
    trie: dict[str, dict] = {}
    for line in _data("discards.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        node = trie
        for char in line.rstrip("_"):
            node = node.setdefault(char, {})
        node.setdefault("", {})[line.endswith("_")] = {}
    return re.compile(r"\b" + _trie_pattern(trie), re.IGNORECASE)


def _trie_pattern(node: dict[str, dict]) -> str:
    """The regular expression of a character trie; the key "" ends a phrase, under it True when
    the phrase ends at a word boundary (a space stands for any run of white space)."""
    branches = []
    for char, child in sorted(node.items()):
        if char:
            branches.append((r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child))
        else:  # a phrase ends here: anywhere, unless every phrase ending here ends at a word
            branches.append("" if False in child else r"\b")
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


@cache
def _domains() -> tuple[frozenset[str], frozenset[str]]:
    """(one-word cues, several-word cues) of every domain."""
    raw = json.loads(_data("sense_domains.json"))
    cues = {w for key, words in raw.items() if not key.startswith("_") for w in words}
    return frozenset(w for w in cues if " " not in w), frozenset(w for w in cues if " " in w)


def not_a_clause(verb) -> bool:
    """True when a token tagged as a verb does not head a clause, so states no event."""
    return verb.dep_ in _NOT_CLAUSE_DEPS


def thing_object(verb, kind: str) -> bool:
    """True when a hostile or yielding verb acts on a thing of work, sport or trade, or a protest
    verb shows something ("demonstrated its resolve", "demonstrate that they cut costs")."""
    if kind == "PROTEST" and verb.lemma_.lower() == "demonstrate":
        return any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children)
    return kind in _THING_SENSES and _acts_on_thing(verb)


def thing_complement(verb, kind: str, kind_of=None) -> bool:
    """True when a demand, promise or threat is about such an act ("ordered the bailiff to execute
    the sentence", "threatened to cut jobs"); ``kind_of`` gives a complement verb's event type, when
    known: "called on parliament to reject the budget" is a demand all the same."""
    return kind in _FRAMING and any(
        c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and _acts_on_thing(c)
        and (kind_of is None or kind_of(c) in _THING_SENSES) for c in verb.children)


def _acts_on_thing(verb) -> bool:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if verb.lemma_.lower() in _FREEING:
        freed = obj if obj is not None else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        return freed is not None and not held_party(freed)
    if obj is None:
        return False
    words = _non_party_objects()
    return obj.lemma_.lower() in words or obj.lower_ in words or obj.ent_type_ in ("PRODUCT", "WORK_OF_ART")


def held_party(tok) -> bool:
    """Could ``tok`` be held and freed: a person, a group, a named party ("released the hostages",
    "freed Saberi", "he was released"), not a product, a text or a figure ("released its results")?"""
    if tok.pos_ == "PRON" or tok.ent_type_ in _HELD_LABELS:
        return True
    lemma = tok.lemma_.lower()
    return lemma in _HELD_NOUNS or tok.lower_ in _HELD_NOUNS


@last_doc_memo(lambda sent: sent.start)
def off_domain(sent) -> bool:
    """True when the sentence reads as sport, entertainment or business news (kept per sentence
    of the last Doc: several events share one sentence)."""
    return _off_domain(sent)


def beat_words(sent) -> bool:
    """True when the sentence has the words of the sport, entertainment or business beat."""
    single, multi = _domains()
    if any(t.pos_ in ("NOUN", "PROPN", "ADJ") and (t.lemma_.lower() in single or t.lower_ in single) for t in sent):
        return True
    low = sent.text.lower()
    return any(phrase in low for phrase in multi)


@last_doc_memo(lambda sent: sent.start)
def states_act(sent) -> bool:
    """True when a country named in an off-domain sentence acts as a state: in a disaster or
    epidemic story ("Japan gave aid after the tsunami"), not where its name stands for a team or a
    market ("France beat Brazil", "the champions beat Madrid", "China sent markets into a tumble")."""
    words = _disaster_words()
    return any(t.lemma_.lower() in words or t.lower_ in words for t in sent) and not beat_words(sent)


@cache
def _disaster_words() -> frozenset[str]:
    lines = (line.strip() for line in _data("disaster_words.txt").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _off_domain(sent) -> bool:
    return bool(_discards().search(sent.text)) or beat_words(sent)


def political(participants, states: bool = False) -> bool:
    """A party of government, force or politics takes part; with ``states``, a country itself
    ("Russia", "the Turkish side") counts too."""
    return any(p.sector in POLITICAL_SECTORS or states and p.country and p.sector is None
               for p in participants)
