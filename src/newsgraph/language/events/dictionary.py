"""The CAMEO verb dictionary (PETRARCH2's CAMEO.2.0, converted into ``data/cameo_verbs.json``) matched
over the spaCy parse, and the CAMEO tables that go with a code.

How a verb is coded:
1. its lemma picks the dictionary entries (a verb belongs to a synonym block; a multi-word verb
   needs its other words beside it: "cordon off", "meet with");
2. every pattern of the block is tried against the verb's own clause (its dependents, not the
   clauses below it): words before the verb ("&MILITARY *"), object words after it, prepositional
   phrases ("(AGAINST &FORCE)"), synsets ("&CURRENCY"); a phrase's last word is its head and the
   others modify it;
3. the pattern with the most terms wins (longest first, the file's order breaks ties); without one,
   the verb's own code or its block's. A null code ("killed in a training accident") says there is
   no event: :class:`Match` keeps it apart from "not in the dictionary".
The code maps to a PLOVER type and mode through the PLOVER manual's table (``data/cameo_plover.json``,
CC BY-SA 4.0); the Goldstein scale and quad class come from the code's root.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .memo import last_doc_memo
from .phrases import actorish

#: Clause-level dependents: their words belong to another clause, not to this verb's pattern.
_OTHER_CLAUSE = frozenset(("ccomp", "advcl", "relcl", "parataxis", "conj", "csubj", "xcomp", "acl", "cc"))
#: The verb's objects and complements, where a pattern's bare nouns after the verb are looked for.
_OBJECTS = frozenset(("dobj", "obj", "dative", "attr", "oprd", "acomp", "prt", "advmod", "npadvmod"))
#: Objects that are adverbial: a particle or adverb after the verb.
_ADVERBIAL = frozenset(("prt", "advmod", "npadvmod"))
#: GDELT's quad classes by CAMEO root: verbal / material cooperation, verbal / material conflict.
_QUAD = {**dict.fromkeys(("01", "02", "03", "04"), 1), **dict.fromkeys(("05", "06", "07", "08"), 2),
         **dict.fromkeys(("09", "10", "11", "12", "13"), 3)}


@dataclass(frozen=True)
class Match:
    code: str | None  # None: the dictionary says this is no event
    terms: int  # how many pattern terms matched (0: the verb's own or block code)


def _read(name: str) -> dict:
    raw = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


@cache
def _dictionary() -> dict:
    return _read("cameo_verbs.json")


def _words_of(name: str) -> frozenset[str]:
    lines = resources.files(__package__).joinpath("data", name).read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


#: Verbs whose bare block code needs a pattern to be true (``data/generic_verbs.txt``).
GENERIC_VERBS = _words_of("generic_verbs.txt")


@cache
def plover_table() -> dict[str, list]:
    return _read("cameo_plover.json")


@cache
def goldstein_table() -> dict[str, float]:
    return {k: float(v) for k, v in _read("goldstein.json").items()}


def plover(code: str) -> tuple[str, str | None] | None:
    """(PLOVER type, mode) of a CAMEO code, from the most specific row the table has. Appeals (02)
    are requests in PLOVER, read as the demand of the same subcode (021 → 101); statements (01)
    are not events."""
    if code.startswith("02"):
        code = "10" + code[2:]
    table = plover_table()
    for size in (len(code), 3, 2):
        row = table.get(code[:size])
        if row is not None:
            return row[0], row[1]
    return None


def goldstein(code: str) -> float | None:
    table = goldstein_table()
    for size in (len(code), 3, 2):
        if code[:size] in table:
            return table[code[:size]]
    return None


def quad_class(code: str) -> int:
    return _QUAD.get(code[:2], 4)


@last_doc_memo(lambda tok: tok.i)
def match_verb(tok) -> Match | None:
    """The dictionary's code for a verb token, or None when the dictionary does not know the verb
    (kept for the verb's Doc: the coder asks about the same verb several times in a sentence)."""
    return _match(tok)


def _match(tok) -> Match | None:
    data = _dictionary()
    entries = data["verbs"].get(tok.lemma_.lower()) or data["verbs"].get(tok.lower_)
    if not entries:
        return None
    scope = _scope(tok)
    present = _words(scope)
    found = []
    for block, own, before, after in entries:
        if _has_words(tok, scope, before, after):
            match = _best_pattern(_candidates(block, present), tok, scope, present)
            match = match or Match(own or data["blocks"][block]["code"], 0)
            found.append(((len(before) + len(after), match.terms), match))
    return max(found, key=lambda f: f[0])[1] if found else None


@cache
def _patterns(block) -> list[tuple]:
    """A block's patterns, each with what :func:`_best_pattern` tests first worked out once:
    ``(code, pre, post, terms, key words, key synsets)``, longest first order kept."""
    out = []
    for code, pre, post in _dictionary()["blocks"][block]["patterns"]:
        keys = [_key(t) for t in (*pre, *post)]
        out.append((code, pre, post, len(pre) + len(post), frozenset(k for k in keys if not k.startswith("&")),
                    tuple(k[1:] for k in keys if k.startswith("&"))))
    return out


@cache
def _pattern_index(block) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which of a block's patterns can match, by a word of the clause: each pattern is filed under
    one word it needs (a key word, else every member of a synset it needs); the few that need no
    word are always tried. A verb's block has up to hundreds of patterns, a clause a dozen words."""
    index: dict[str, list[int]] = {}
    always = []
    for at, (_, _, _, _, words, synsets) in enumerate(_patterns(block)):
        anchors = [min(words)] if words else sorted(_synset(synsets[0])) if synsets else []
        for word in anchors:
            index.setdefault(word, []).append(at)
        if not anchors:
            always.append(at)
    return {w: tuple(ats) for w, ats in index.items()}, tuple(always)


def _candidates(block, present: frozenset[str]) -> list[tuple]:
    """The patterns of ``block`` whose filing word occurs in the clause, in the file's order."""
    index, always = _pattern_index(block)
    found = set(always)
    for word in present:
        found.update(index.get(word, ()))
    patterns = _patterns(block)
    return [patterns[at] for at in sorted(found)]


def _key(term: str) -> str:
    """A term's key word (or ``&SYNSET``): it must occur in the clause for the term to match."""
    return term.partition(":")[0] if ":" in term else term.split()[-1]


def _best_pattern(patterns: list, verb, scope: list, present: frozenset[str]) -> Match | None:
    """The longest matching pattern; among several as long, the one whose object words sit closest
    to the verb's object (the object itself or a word of its "of" phrase: "fired rocket fire
    against camps near the border" is about the fire, not the border), then the code most of them
    give (the dictionary's own vote: "captured part of a rebel stronghold" has two patterns for 192,
    one for 030), then the first in the file."""
    best: list = []
    rank = (0, 0)
    before = [t for t in scope if t.i < verb.i]
    after = [t for t in scope if t.i > verb.i]
    # a bare noun after the verb names its object ("fired missiles"), not a word of a
    # prepositional phrase ("near the border"): those are written "(NEAR BORDER)"
    hops = _object_hops(verb)
    for code, pre, post, terms, words, synsets in patterns:
        if terms < rank[0]:
            continue
        # a quick test before the parse is walked: every term's key word occurs in the clause
        if not words <= present or any(present.isdisjoint(_synset(name)) for name in synsets):
            continue
        if not all(_term(t, before) for t in pre):
            continue
        far = 0
        for t in post:
            if ":" in t:  # a prepositional term ("(NEAR BORDER)") is anywhere after the verb; on
                # the verb itself it says more of the act than on its object ("relations with X")
                prep = _term_at(t, after)
                near = None if prep is None else 0 if prep.head.i == verb.i else 1
            else:  # a bare term is in the object, at some distance from it
                near = _nearest(t, hops)
            if near is None:
                break
            far = max(far, near)
        else:
            if (terms, -far) > rank:
                best, rank = [], (terms, -far)
            if (terms, -far) == rank:
                best.append(code)
    if not best:
        return None
    return Match(max(best, key=lambda c: (best.count(c), -best.index(c))), rank[0])


def _object_hops(verb) -> dict:
    """The words of the verb's objects, each with how many prepositions other than "of" lie
    between it and the object ("artillery fire against camps near the border": fire 0, camps 1,
    border 2)."""
    hops: dict = {}
    # a particle or adverb says less of what the act is about than its object: "broke off relations"
    # is about relations (a pattern for "off" and one for "relations" are as long)
    stack = [(c, 0.5 if c.dep_ in _ADVERBIAL else 0) for c in verb.children if c.dep_ in _OBJECTS and c.i > verb.i]
    while stack:
        tok, far = stack.pop()
        hops[tok] = far
        step = 1 if tok.dep_ == "prep" and tok.lower_ != "of" else 0
        stack.extend((c, far + step) for c in tok.children)
    return hops


def _nearest(term: str, hops: dict) -> int | None:
    """The fewest hops at which a bare term (a word, a phrase, a synset) heads an object word."""
    words = term.split()
    return min((far for tok, far in hops.items() if _phrase_at(words, tok)), default=None)


def _words(tokens: list) -> frozenset[str]:
    return frozenset(w for t in tokens for w in (t.lower_, t.lemma_.lower()))


def _scope(verb) -> list:
    """The verb's own clause: its dependents, without the clauses hanging on it."""
    out, stack = [], [c for c in verb.children if c.dep_ not in _OTHER_CLAUSE]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if not (c.dep_ in _OTHER_CLAUSE and c.pos_ in ("VERB", "AUX")))
    return sorted(out, key=lambda t: t.i)


def _has_words(verb, scope, before: list[str], after: list[str]) -> bool:
    doc = verb.doc
    for k, word in enumerate(reversed(before), 1):
        if verb.i - k < 0 or doc[verb.i - k].lower_ != word:
            return False
    return all(any(t.lower_ == w for t in scope if t.i > verb.i and t.head.i == verb.i) for w in after)


def _term(term: str, tokens: list) -> bool:
    return _term_at(term, tokens) is not None


def _term_at(term: str, tokens: list):
    """The token where ``term`` matches among ``tokens`` (a prepositional term: its preposition),
    else None."""
    if ":" in term:
        prep, _, inner = term.partition(":")
        found = None
        for tok in tokens:
            if tok.lower_ != prep or tok.dep_ not in ("prep", "agent", "dative", "prt", "advmod", "mark"):
                continue
            # a bare "(ON)" is the verb's particle ("call on"), or a phrase right after its head that
            # names the party the pattern is about (PETRARCH2 takes its target from it): "flew to
            # Beijing", "called on Congress"; not "led to charges", "came to the conclusion";
            # "against" names what is opposed, a party or a policy ("voted against the plan")
            if (_term(inner, list(tok.subtree)[1:]) if inner else
                    tok.dep_ == "prt" or tok.i == tok.head.i + 1 and (prep == "against" or _names_party(tok))):
                if tok.dep_ != "prep" or tok.head.pos_ in ("VERB", "AUX"):
                    return tok
                found = found or tok
        return found
    words = term.split()
    return next((tok for tok in tokens if _phrase_at(words, tok)), None)


def _names_party(prep) -> bool:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and actorish(obj)


def _phrase_at(words: list[str], head) -> bool:
    """``words`` with its last word at ``head`` and the others among the words modifying it."""
    if not _word(words[-1], head):
        return False
    if len(words) == 1:
        return True
    left = [t for t in head.subtree if t.i < head.i]
    return all(any(_word(w, t) for t in left) for w in words[:-1])


def _word(word: str, tok) -> bool:
    if word.startswith("&"):
        members = _synset(word[1:])
        if tok.lower_ not in members and tok.lemma_.lower() not in members:
            return False
        phrases = _synset_phrases(word[1:])
        if tok.lower_ in _single(word[1:]) or tok.lemma_.lower() in _single(word[1:]):
            return True
        # a member of several words is that phrase, not its head alone: "tear gas" is a weapon,
        # "gas deliveries" are not
        left = {t.lower_ for t in tok.subtree if t.i < tok.i}
        return any(set(mods) <= left for mods in phrases.get(tok.lower_, ()) + phrases.get(tok.lemma_.lower(), ()))
    return tok.lower_ == word or tok.lemma_.lower() == word


@cache
def _synset(name: str) -> frozenset[str]:
    """The words a synset member can end in: its one-word members and the heads (last words) of
    its phrases (a quick test; :func:`_word` checks a phrase's other words)."""
    return frozenset(p.split()[-1] for p in _dictionary()["synsets"].get(name, ()))


@cache
def _single(name: str) -> frozenset[str]:
    return frozenset(p for p in _dictionary()["synsets"].get(name, ()) if " " not in p)


@cache
def _synset_phrases(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """A synset's phrases by their head: {"gas": (("tear",),), "gun": (("machine",),)}."""
    out: dict[str, list] = {}
    for phrase in _dictionary()["synsets"].get(name, ()):
        words = phrase.split()
        if len(words) > 1:
            out.setdefault(words[-1], []).append(tuple(words[:-1]))
    return {head: tuple(mods) for head, mods in out.items()}
