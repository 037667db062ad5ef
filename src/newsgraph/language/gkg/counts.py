"""GKG counts and amounts from the spaCy parse of a sentence.

A *count* (GDELT GKG ``V1COUNTS``) is a number of people or things a crisis event affected: "at
least 107 killed" → KILL 107, "arrested 30 protesters" → ARREST 30 protesters. An *amount* (GKG
``V2.1AMOUNTS``) is any number with what it counts: "US$30 billion" → (30000000000, "US$"),
"5,000 troops" → (5000, "troops").

How a sentence is read:

1. Numbers: runs of number tokens (:mod:`.numbers`) outside dates, times, ordinals, percentages
   and names ("F-16", "Boeing 747"); vague plurals ("dozens", "thousands") are not numbers.
2. Amounts: a money number takes its currency (the symbol before it or inside its token, else
   the currency noun after it); any other number takes the noun it modifies ("5,000 troops",
   with its compounds: "two aid workers"). A bare number ("killed 12") is no amount.
3. Counts, by the number's place in the parse (the word lists are ``data/gkg_counts.json``):

   * the noun it modifies is itself the count ("107 deaths", "30 arrests") or names the people
     counted ("30 protesters", "5,000 refugees");
   * the number (or its noun) is what a count verb acts on: the object of a transitive verb
     ("police arrested 30 protesters"), its passive subject ("107 people were killed", "30
     injured"), or the subject of an intransitive one ("three soldiers died", "300 people fled");
   * a state word stands beside it: "twelve dead", "left 300 homeless";
   * it is what a toll rose to ("the death toll rose to 45").

   A number in a name ("the S&P 500 Index") and a bare "one" (a pronoun) count nothing.
   A count under negation or a modal ("could kill 1,000", "no one was hurt") is not counted: it
   did not happen. The active subject of a count verb is never the count ("30 gunmen killed 3
   soldiers" is KILL 3 soldiers).
4. Place: the place mention of the sentence nearest to the number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ...article import Amount, Count, Mention, Span
from ..wordlists import table
from . import numbers

if TYPE_CHECKING:
    from spacy.tokens import Span as Sentence
    from spacy.tokens import Token

#: entity labels a number may carry and still be a count or an amount
_NUMBER_LABELS = frozenset({"", "CARDINAL", "MONEY", "QUANTITY"})
#: labels that are never a count: a written-out number inside a name label ("Twelve" tagged
#: PERSON at a sentence start) is still read, digits in a name ("Boeing 747") are not
_NEVER_LABELS = frozenset({"DATE", "TIME", "PERCENT", "ORDINAL"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CURRENCY_NOUNS = frozenset({
    "dollar", "euro", "pound", "yen", "yuan", "renminbi", "rupee", "ruble", "rouble", "peso", "real", "rand",
    "franc", "krona", "krone", "lira", "won", "dinar", "dirham", "riyal", "shekel", "naira", "shilling",
    "hryvnia", "zloty", "forint", "ringgit", "baht", "rupiah", "taka", "cedi", "kwacha", "birr", "afghani",
})
_CURRENCY_CODES = frozenset({"usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "rub", "chf", "cad", "aud"})


@dataclass(frozen=True)
class Lexicon:
    """The count words of ``data/gkg_counts.json``, by lemma (multi-word: "lemma particle")."""

    verbs: dict[str, str]
    intransitive: dict[str, str]
    states: dict[str, str]
    event_nouns: dict[str, str]
    people_nouns: dict[str, str]
    tolls: frozenset[str]


@cache
def lexicon() -> Lexicon:
    data = table("gkg_counts")

    def invert(key: str) -> dict[str, str]:
        return {word: kind for kind, words in data[key].items() for word in words}

    return Lexicon(invert("verbs"), invert("intransitive"), invert("states"), invert("event_nouns"),
                   invert("people_nouns"), frozenset(data["tolls"]))


@dataclass
class _Number:
    tokens: list[Token]
    value: float
    currency: str | None

    @property
    def head(self) -> Token:
        """The token of the run whose head lies outside it (its link to the rest of the sentence)."""
        inside = {t.i for t in self.tokens}
        return next((t for t in self.tokens if t.head.i not in inside or t.head.i == t.i), self.tokens[-1])


def sentence_counts(sent: Sentence, places: list[Mention], zone: str = "text") -> tuple[list[Count], list[Amount]]:
    """The counts and amounts of one parsed sentence; ``places`` are the place mentions of its zone
    (with entity ids), the nearest in the sentence becomes a count's place."""
    counts: list[Count] = []
    amounts: list[Amount] = []
    span: Span | None = None  # made for a sentence with a number only: most sentences have none
    inside: list[Mention] = []
    for number in _numbers(sent):
        if span is None:
            span = Span(sent.start_char, sent.end_char, sent.text)
            inside = [m for m in places if sent.start_char <= m.start < sent.end_char]
        obj = _object(number)
        if number.currency or obj:
            amounts.append(Amount(number.value, number.currency or obj or "", span, zone))
        if number.currency or number.value != int(number.value):
            continue  # money, and fractions ("1.5 people"?), are amounts only
        found = _count(number)
        if found is not None:
            kind, what = found
            counts.append(Count(kind, int(number.value), what, span, _nearest(inside, number), zone))
    return counts, amounts


# -- 1. numbers ----------------------------------------------------------------------------------
def _numbers(sent: Sentence) -> Iterator[_Number]:
    run: list[Token] = []
    for token in sent:
        if _numberish(token, run):
            run.append(token)
            continue
        if run:
            yield from _number(run)
        run = []
    if run:
        yield from _number(run)


def _numberish(token: Token, run: list[Token]) -> bool:
    label = token.ent_type_
    if label in _NEVER_LABELS or (label not in _NUMBER_LABELS and not token.is_alpha):
        return False
    if token.lower_ in ("a", "an"):
        return not run  # "a million": only as the first word, kept if a scale word follows
    return numbers.is_number_word(token.text)


def _number(run: list[Token]) -> Iterator[_Number]:
    if run[0].lower_ in ("a", "an") and (len(run) == 1 or run[1].lower_ not in numbers.SCALE_WORDS):
        run = run[1:]  # "a" alone, or before a figure ("a USD$23 billion deal"): not part of it
    if not run or _indefinite(run[0]):
        return
    words = [t.text for t in run]
    value = numbers.value(words)
    if value is None or value <= 0:
        return
    last = run[-1]
    following = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if following is not None and following.lower_ in ("%", "percent", "per"):
        return
    yield _Number(run, value, _currency(run, following))


def _indefinite(first: Token) -> bool:
    """ "no one", "any one", "each one": a pronoun, not the number one."""
    before = first.nbor(-1) if first.i > first.sent.start else None
    return first.lower_ == "one" and before is not None and before.lower_ in ("no", "any", "every", "each", "some")


def _currency(run: list[Token], following: Token | None) -> str | None:
    """The currency of a money number as written: "US$", "$", "€", "dollars" (None: not money)."""
    prefix = numbers.currency_prefix(run[0].text)
    if prefix:
        return prefix
    first = run[0]
    before = first.nbor(-1) if first.i > first.sent.start else None
    if before is not None and (before.pos_ == "SYM" or before.text.lower().rstrip("$") in _CURRENCY_CODES
                               or before.text.endswith("$")):
        return before.text
    if following is not None and following.lemma_.lower() in _CURRENCY_NOUNS:
        return following.text
    return None


# -- 2. what a number counts ---------------------------------------------------------------------
def _noun(number: _Number) -> Token | None:
    """The noun the number modifies ("5,000 troops"), else None."""
    head = number.head
    if head.dep_ in ("nummod", "quantmod") and head.head.pos_ in ("NOUN", "PROPN", "ADJ") and head.head.i != head.i:
        return head.head
    return None


def _object(number: _Number) -> str | None:
    noun = _noun(number)
    if noun is None or noun.pos_ == "PROPN":
        return None
    words = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i > number.tokens[-1].i]
    return " ".join(t.text for t in [*words, noun])


# -- 3. counts -----------------------------------------------------------------------------------
def _count(number: _Number) -> tuple[str, str | None] | None:
    """(count type, object as written) of a number, or None when it counts no crisis event."""
    lex = lexicon()
    noun = _noun(number)
    obj = _object(number)
    if noun is not None and noun.pos_ == "PROPN":
        return None  # a number in a name: "the S&P 500 Index", "Flight 574"
    if noun is None and number.tokens[-1].lower_ == "one":
        return None  # a bare "one" is a pronoun: "one that is executed", "one of them"
    if noun is not None and noun.lemma_.lower() in lex.event_nouns:
        return lex.event_nouns[noun.lemma_.lower()], None
    arg = noun if noun is not None else number.head
    kind = _state(arg) or _by_verb(arg) or _toll(arg)
    if kind is None and noun is not None:  # "30 protesters", unless a verb said what befell them
        kind = lex.people_nouns.get(noun.lemma_.lower()) or lex.people_nouns.get(noun.lower_)
    return (kind, obj) if kind else None


def _state(arg: Token) -> str | None:
    """ "twelve dead", "30 injured" (as a modifier), "left 300 homeless", "500 people fell ill" """
    states = lexicon().states
    near = [c for c in arg.children if c.dep_ in ("amod", "acl", "appos", "conj") and c.i > arg.i]
    head = arg.head
    if arg.dep_ in ("dobj", "nsubj", "nsubjpass"):
        near += [c for c in head.children if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod") and c.i > arg.i]
    for word in near:
        if word.lower_ in states and not _unreal(word):
            return states[word.lower_]
    return None


def _by_verb(arg: Token) -> str | None:
    lex = lexicon()
    verb = arg.head
    dep = arg.dep_
    if dep in ("nsubj", "nsubjpass", "dobj", "obj") and verb.pos_ in ("VERB", "AUX"):
        pass
    else:
        # "107 people killed in …": the participle hangs on the noun it reports
        verb = next((c for c in arg.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"), None)
        if verb is None:
            return None
        dep = "nsubjpass"
    if _unreal(verb):
        return None
    key = _verb_key(verb)
    # "30 injured": a bare participle with its subject is a passive ("have died" is not: it has an aux)
    passive = dep == "nsubjpass" or (dep == "nsubj" and verb.tag_ == "VBN"
                                     and not _has(verb, ("dobj", "obj", "aux", "auxpass")))
    if key in lex.verbs and (dep in _OBJECT_DEPS or passive):
        return lex.verbs[key]
    if key in lex.intransitive and dep == "nsubj":
        return lex.intransitive[key]
    return None


def _toll(arg: Token) -> str | None:
    """ "the death toll rose to 45", "the toll stands at 45", "the toll is 45" """
    verb = arg.head.head if arg.dep_ == "pobj" and arg.head.dep_ == "prep" else arg.head
    if arg.dep_ not in ("pobj", "attr", "dobj") or _unreal(verb):
        return None
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    return "KILL" if subject is not None and subject.lemma_.lower() in lexicon().tolls else None


def _verb_key(verb: Token) -> str:
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    return f"{lemma} {particle}" if particle and f"{lemma} {particle}" in _multiword() else lemma


@cache
def _multiword() -> frozenset[str]:
    lex = lexicon()
    return frozenset(w for words in (lex.verbs, lex.intransitive) for w in words if " " in w)


def _has(token: Token, deps: tuple[str, ...]) -> bool:
    return any(c.dep_ in deps for c in token.children)


def _unreal(token: Token) -> bool:
    """Negated ("were not hurt") or only possible ("could kill"): not a count of what happened."""
    for word in (token, token.head) if token.dep_ in ("conj", "xcomp") else (token,):
        for child in word.children:
            if child.dep_ == "neg" or child.tag_ == "MD":
                return True
    return False


def _nearest(places: list[Mention], number: _Number) -> str | None:
    if not places:
        return None
    at = number.tokens[0].idx
    return min(places, key=lambda m: (abs(m.start - at), m.start)).entity_id
