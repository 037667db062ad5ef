"""A noun phrase as a party to an event: its span and the phrase that says who it is (:class:`Arg`,
:func:`arg_of`), one party per conjunct (:func:`expand`), whether it could be a party at all
(:func:`actorish`) and the party behind a thing (its owner or author). :mod:`.participants` finds
these phrases around a trigger.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nlp import doc_text
from ..wordlists import words

#: Common nouns that name a party (a group, an institution), not a topic (they overlap assemble's
#: _GROUP_NOUNS; two lists, as merging them would change who counts as a party).
PARTY_NOUNS = words("party_nouns")
#: Participles after a party that say where it belongs: "based in", "affiliated with", "stationed in".
_BELONGING = frozenset(("base", "based", "affiliate", "affiliated", "station", "stationed", "headquarter",
                        "headquartered"))
NOT_PARTIES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))


@dataclass
class Arg:
    start: int
    end: int
    text: str
    head: object  # spaCy token
    context: str = ""  # the phrase with its "of/in/from" complements, for actor coding

    @property
    def coding_text(self) -> str:
        return self.context or self.text


def actorish(tok) -> bool:
    """Could this noun phrase be a party to an event (not a topic like "security challenges")?"""
    if tok.ent_type_ in NOT_PARTIES:
        return False
    if tok.pos_ in ("PROPN", "PRON") or tok.lemma_.lower() in PARTY_NOUNS or tok.lower_ in PARTY_NOUNS:
        return True
    if tok.ent_type_ == "NORP" and tok.dep_ in ("amod", "compound", "poss"):  # "an Indian proposal"
        return True
    # "Nato bases", "army positions", "police stations": what a named or party noun holds stands for it
    return any(c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or c.is_title)
               or c.dep_ == "compound" and c.lower_ in PARTY_NOUNS for c in tok.children)


def child(tok, deps):
    return next((c for c in tok.children if c.dep_ in deps), None)


def owner_of(noun):
    """'Russia's invasion', 'the Nato bombing': the possessor or a proper-name compound."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.dep_ == "amod" and c.is_title):
            return c
    return None


def author_of(noun):
    """Who made the thing a verb acts upon: "rejected calls by Belarus's rulers", "conceded to
    demands from the rebels", "rejected an Indian proposal", "prevented a demonstration staged by
    students" (the one who called, demanded, proposed or demonstrated is the party acted upon). A
    pronoun owner is the actor's own ("lifted its ban on X"): no author then."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = child(c, ("pobj",))
        elif c.dep_ == "acl" and c.tag_ == "VBN" and (agent := child(c, ("agent",))) is not None:
            obj = child(agent, ("pobj",))
        else:
            continue
        if obj is not None and obj.pos_ != "PRON" and obj.ent_type_ not in NOT_PARTIES and actorish(obj):
            return obj
    owner = owner_of(noun)
    return owner if owner is not None and owner.pos_ != "PRON" else None


def expand(head) -> list[Arg]:
    """One participant per conjunct: "Serbia and Montenegro" → two; "Hungarian and Romanian
    officials" → "Hungarian officials" and "Romanian officials"."""
    if head is None:
        return []
    heads = [head] + [c for c in head.conjuncts if c.i > head.i]
    if len(heads) > 1:
        return [arg_of(h) for h in heads]
    # "US and British forces": a name as modifier counts too; but two place names joined as one
    # modifier are more often one state's name ("Bosnia and Herzegovina forces")
    adjectives = [c for c in head.children if c.i < head.i and (
        c.dep_ == "amod" or c.dep_ in ("nmod", "compound") and c.ent_type_ in ("GPE", "NORP"))]
    coordinated = [a for a in adjectives if a.conjuncts and not (
        a.dep_ != "amod" and all(c.ent_type_ == "GPE" for c in (a, *a.conjuncts)))]
    if coordinated:
        first = coordinated[0]
        group = [first] + [c for c in first.conjuncts if c.i < head.i]
        return [Arg(a.idx, head.idx + len(head.text), f"{a.text} {head.text}", head) for a in group]
    return [arg_of(head)]


def _appositive(tok) -> bool:
    """A noun phrase in apposition ("X, the UN relief coordinator,"), not a misparsed amount."""
    return tok.dep_ == "appos" and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NOT_PARTIES


def arg_of(tok) -> Arg:
    """A participant's span: the name or noun phrase around its head, without clauses."""
    keep = {"compound", "flat", "det", "amod", "poss", "nmod", "case", "nummod", "punct"}
    tokens = [tok]
    for c in tok.children:
        if c.dep_ in keep and c.i < tok.i:
            tokens.extend(t for t in c.subtree)
    tokens = [t for t in tokens if not (t.is_punct and t.i < tok.i and t.i == min(x.i for x in tokens))]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    context_end = end
    for prep in tok.children:
        # "X, the UN relief coordinator," says who X is here, whatever X was before; "workers
        # affiliated with the X union", "a group based in Y" say whose they are
        if (prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from") or _appositive(prep)
                or prep.dep_ == "acl" and prep.lemma_.lower() in _BELONGING) and prep.i > tok.i:
            context_end = max(context_end, prep.right_edge.idx + len(prep.right_edge.text))
    text = doc_text(tok.doc)
    return Arg(start, end, text[start:end], tok, text[start:context_end] if context_end > end else "")
