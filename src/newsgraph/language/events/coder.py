"""Who did what to whom: PLOVER events coded from the dependency parse and our trigger lexicon.

For each trigger (a verb or a nominal from :mod:`.lexicon`) in a sentence:
- actors: the verb's subject; for a passive, the "by" agent; for a verb that only completes another
  ("moved to ban", "continued to support"), the subject of the verb it completes; a relative
  pronoun stands for the noun it modifies. For a nominal, the subject of the light verb that
  carries it ("held talks"), else its possessor or a name compounded with it ("Nato bombing");
- recipients: the direct object, the passive subject, or the object of with/against/on/to/of;
  "Rutte's approach" stands for Rutte, and "Nato-led exercises" for Nato;
- flags: negation (a negated cooperative verb is coded as the rejection it states), future,
  hypothetical; the date and place come from the stage, which knows the article.
A clause yields one event per type: a light verb and its nominal are one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..nlp import doc_text
from .lexicon import LIGHT_VERBS, MILITARY_WORDS, NEGATION_FLIPS, NOUNS, VERBS

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("xcomp", "conj", "advcl", "pcomp", "prep", "acl", "ccomp")
_RECIPIENT_PREPS = frozenset(["with", "against", "on", "to", "of", "from", "into", "at", "toward", "towards", "over", "upon"])
_RELATIVES = frozenset(("who", "that", "which"))
_FUTURE_AUX = frozenset(("will", "shall", "'ll", "wo"))
_MODAL_AUX = frozenset(("could", "might", "may", "would", "should"))
_INTENT = frozenset(["plan", "intend", "aim", "expect", "prepare", "hope", "seek", "want", "propose"])
_STANDS_FOR = frozenset(
    ["approach", "policy", "policies", "statement", "statements", "role", "position", "plan", "plans", "proposal", "presence", "mission", "decision", "leadership", "government", "regime", "forces", "troops", "troop", "army", "delegation", "declaration", "independence", "sovereignty", "annexation"]
)


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


@dataclass
class Candidate:
    type: str
    mode: str | None
    trigger: object  # spaCy token
    trigger_text: str
    actors: list[Arg] = field(default_factory=list)
    recipients: list[Arg] = field(default_factory=list)
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    nominal: bool = False
    depth: int = 0


def trigger_of(tok) -> tuple[str, str | None] | None:
    """(type, mode) when ``tok`` triggers an event, else None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        particle = next((c.lower_ for c in tok.children if c.dep_ in ("prt", "prep") and c.i == tok.i + 1), None)
        if particle and f"{lemma} {particle}" in VERBS:
            return VERBS[f"{lemma} {particle}"]
        if lemma == "call":
            return None  # "called him…" is a description; "call for"/"call off" are handled above
        if lemma == "strike" and not any(c.lemma_.lower() in ("worker", "union", "staff") for c in tok.children):
            return ("ASSAULT", "aerial") if _military_context(tok) else VERBS.get(lemma)
        return VERBS.get(lemma)
    if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP", "NNPS"):
        if lemma == "strike" or tok.lower_ == "strikes":
            if any(c.lemma_.lower() == "hunger" for c in tok.children):
                return NOUNS["hunger strike"]
            return ("ASSAULT", "aerial") if _military_context(tok) else ("PROTEST", "strike-gen")
        compound = next((c.lower_ for c in tok.children if c.dep_ == "compound"), None)
        if compound and f"{compound} {tok.lower_}" in NOUNS:
            return NOUNS[f"{compound} {tok.lower_}"]
        return NOUNS.get(tok.lower_) or NOUNS.get(lemma)
    return None


def _military_context(tok) -> bool:
    return any(c.lemma_.lower() in MILITARY_WORDS for c in tok.subtree) or any(
        w.lemma_.lower() in MILITARY_WORDS for w in tok.sent
    )


def code_sentence(sent) -> list[Candidate]:
    """Every event of one parsed sentence, one per (clause, type)."""
    found: list[Candidate] = []
    for tok in sent:
        hit = trigger_of(tok)
        if hit is None:
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in LIGHT_VERBS and _carries_nominal(tok):
            continue  # "hosting drills", "signed an agreement": the nominal names the event
        cand = _verbal(tok, hit) if tok.pos_ == "VERB" else _nominal(tok, hit)
        if cand is not None:
            found.append(cand)
    from .frames import apply_frames, obligations

    found += obligations(sent, {c.trigger.i for c in found})
    return _one_per_clause(apply_frames(found))


def _carries_nominal(verb) -> bool:
    obj = _child(verb, ("dobj", "obj"))
    return obj is not None and trigger_of(obj) is not None


def _verbal(tok, hit) -> Candidate:
    kind, mode = hit
    cand = Candidate(kind, mode, tok, tok.text, depth=_depth(tok))
    cand.negated = _negated(tok)
    if cand.negated and tok.lemma_.lower() in NEGATION_FLIPS:
        cand.type, cand.mode, cand.negated = NEGATION_FLIPS[tok.lemma_.lower()], None, False
    passive = _is_passive(tok)
    if passive:
        agent = _agent(tok)
        cand.actors = _expand(agent) if agent is not None else []
        cand.recipients = _expand(_child(tok, ("nsubjpass",)) or _inherited_subject(tok))
    else:
        subject = _subject(tok)
        cand.actors = _expand(subject) if subject is not None else []
        obj = _child(tok, ("dobj", "obj", "dative"))
        if obj is None:
            obj = _prep_object(tok)
        obj = _stands_for(obj) if obj is not None else None
        if obj is not None and not actorish(obj):
            # "threatened further action against Russia": the party hangs on the object
            obj = _prep_object(obj) or _prep_object(tok)
            obj = _stands_for(obj) if obj is not None else None
        if obj is None and kind == "REQUEST":
            clause = _child(tok, ("ccomp",))  # "demanded that the government end curbs"
            obj = _child(clause, ("nsubj", "nsubjpass")) if clause is not None else None
        cand.recipients = _expand(obj) if obj is not None else []
    cand.future, cand.hypothetical = _modality(tok)
    return cand


def dominates(tok, clause) -> bool:
    """True when ``tok`` belongs to ``clause`` itself, not to a verb or an event nominal inside it."""
    node = tok
    for _ in range(30):
        if node.i == clause.i:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
        if node.i != clause.i and (node.pos_ == "VERB" or trigger_of(node) is not None):
            return False
    return False


#: Common nouns that name a party (a group, an institution), not a topic.
PARTY_NOUNS = frozenset(["government", "governments", "administration", "authorities", "authority", "officials", "official", "ministry", "ministers", "minister", "president", "leader", "leaders", "forces", "troops", "soldiers", "army", "military", "police", "militia", "militants", "rebels", "insurgents", "protesters", "demonstrators", "workers", "union", "unions", "parliament", "court", "judge", "prosecutors", "opposition", "party", "parties", "group", "groups", "people", "residents", "citizens", "refugees", "students", "diplomats", "delegation", "coalition", "alliance", "council", "committee", "commission", "agency", "company", "companies", "regime", "state", "states", "country", "countries", "nation", "nations", "neighbours", "neighbors", "allies", "members", "peacekeepers", "observers", "inspectors", "candidates", "voters", "civilians", "villagers", "crowd", "mob", "gunmen", "security"])


def actorish(tok) -> bool:
    """Could this noun phrase be a party to an event (not a topic like "security challenges")?"""
    if tok.ent_type_ in _NOT_PARTIES:
        return False
    if tok.pos_ in ("PROPN", "PRON") or tok.lemma_.lower() in PARTY_NOUNS or tok.lower_ in PARTY_NOUNS:
        return True
    return any(c.dep_ in ("compound", "poss", "amod") and (c.pos_ == "PROPN" or c.is_title)
               for c in tok.children)


def _is_passive(tok) -> bool:
    """'was sentenced … and banned': a participle conjoined to a passive verb is passive too."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    return tok.dep_ == "conj" and tok.tag_ == "VBN" and _is_passive(tok.head) and _child(tok, _SUBJ) is None


def _nominal(tok, hit) -> Candidate | None:
    kind, mode = hit
    cand = Candidate(kind, mode, tok, tok.text, nominal=True, depth=_depth(tok))
    head = tok.head
    lent: list[Arg] = []
    carrier = head.pos_ == "VERB" and (head.lemma_.lower() in LIGHT_VERBS or trigger_of(head) is None)
    if tok.dep_ in ("dobj", "obj", "attr") and carrier:
        subject = _subject(head)
        cand.actors = _expand(subject) if subject is not None else []
        dative = _child(head, ("dative",)) or _prep_object(head)
        lent = _expand(_stands_for(dative)) if dative is not None else []
        cand.negated = _negated(head)
        cand.future, cand.hypothetical = _modality(head)
    elif tok.dep_ == "pobj" and head.dep_ == "prep" and _carries_by_prep(head.head):
        verb = head.head  # "arrived on a visit", "took part in talks"
        subject = _subject(verb)
        cand.actors = _expand(subject) if subject is not None else []
        cand.negated = _negated(verb)
        cand.future, cand.hypothetical = _modality(verb)
    owner = _owner(tok)
    if owner is not None and not cand.actors:
        cand.actors = _expand(owner)
    if not cand.actors:  # "the conviction of X by a court"
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        agent = _child(by, ("pobj",)) if by is not None else None
        cand.actors = _expand(agent) if agent is not None else []
    taken = {x.head.i for x in cand.actors}
    cand.recipients = [
        a for obj in _noun_objects(tok) for a in _expand(_stands_for(obj)) if a.head.i not in taken
    ]
    if not cand.recipients:
        cand.recipients = lent or [_arg(t) for t in _led_by(tok)]
    return cand


def _carries_by_prep(verb) -> bool:
    if verb.pos_ != "VERB" or _is_passive(verb):
        return False
    return verb.lemma_.lower() in ("participate", "take", "join") or trigger_of(verb) is None


def _one_per_clause(found: list[Candidate]) -> list[Candidate]:
    """A light verb and its nominal, or a verb and its own object, are one event: keep the verb's
    actors, fill gaps from the nominal."""
    out: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (_elaborates(c.trigger), c.depth, c.nominal)):
        clash = next((o for o in out if o.type == cand.type and _same_clause(o.trigger, cand.trigger)), None)
        if clash is None:
            out.append(cand)
            continue
        if not clash.recipients and cand.recipients:
            clash.recipients = cand.recipients
        if not clash.actors and cand.actors:
            clash.actors = cand.actors
    return sorted(out, key=lambda c: c.trigger.i)


def _elaborates(tok) -> bool:
    return tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and _child(tok, _SUBJ) is None


def _same_clause(a, b) -> bool:
    return _clause_head(a).i == _clause_head(b).i


def _clause_head(tok):
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT" and tok.head.i != tok.i:
        tok = tok.head
    # "held a meeting …, discussing X": a subjectless participle elaborates the clause it hangs on
    while tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and _child(tok, _SUBJ) is None:
        tok = tok.head
    return tok


def _depth(tok) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


def _child(tok, deps):
    return next((c for c in tok.children if c.dep_ in deps), None)


def _subject(verb):
    """The subject, climbing through verbs that this one completes or is conjoined to."""
    node = verb
    for _ in range(5):
        subj = _child(node, _SUBJ)
        if subj is not None:
            if subj.lower_ in _RELATIVES and node.dep_ == "relcl":
                return node.head
            if node.i != verb.i and subj.dep_ == "nsubjpass" and node.dep_ != "xcomp":
                return subj  # "Dodik was sentenced … after defying X": the sentenced one defied
            return subj
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ in _CLIMB and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def _inherited_subject(verb):
    """For a passive verb conjoined to another ("was sentenced … and banned"), its head's subject."""
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        subj = _child(node, ("nsubjpass", "nsubj"))
        if subj is not None:
            return subj
    return None


def _agent(verb):
    node = verb
    for _ in range(3):
        agent = _child(node, ("agent",))
        if agent is not None:
            return _child(agent, ("pobj",))
        conj = next((c for c in node.children if c.dep_ == "conj"), None)
        if conj is None:
            break
        node = conj
    # the agent may hang on the head of a conjunction ("sentenced … and banned … by the court")
    if verb.dep_ == "conj":
        agent = _child(verb.head, ("agent",))
        if agent is not None:
            return _child(agent, ("pobj",))
    return None


_NOT_PARTIES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))


def _prep_object(verb):
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in _RECIPIENT_PREPS:
            obj = _child(prep, ("pobj",))
            if obj is not None and obj.ent_type_ not in _NOT_PARTIES:  # "met on Tuesday"
                return obj
    return None


def _noun_objects(noun) -> list:
    out = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _RECIPIENT_PREPS:
            obj = _child(prep, ("pobj",))
            if obj is not None:
                out.append(obj)
    return out


def _owner(noun):
    """'Russia's invasion', 'the Nato bombing': the possessor or a proper-name compound."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.dep_ == "amod" and c.is_title):
            return c
    return None


def _led_by(noun) -> list:
    """'Nato-led exercises' → Nato."""
    out = []
    for c in noun.subtree:
        if c.lower_ in ("led", "sponsored", "backed", "organised", "organized") and c.i > 1:
            doc = c.doc
            if doc[c.i - 1].text == "-" and doc[c.i - 2].pos_ == "PROPN":
                out.append(doc[c.i - 2])
    return out


def _stands_for(obj):
    """'Rutte's approach', 'the presence of Nato's mission': the named party behind the noun."""
    if obj is None or obj.pos_ == "PROPN" or obj.lower_ not in _STANDS_FOR:
        return obj
    owner = _owner(obj)
    if owner is not None:
        return owner
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = _child(of, ("pobj",)) if of is not None else None
    return _stands_for(inner) if inner is not None else obj


def _expand(head) -> list[Arg]:
    """One participant per conjunct: "Serbia and Montenegro" → two; "Hungarian and Romanian
    officials" → "Hungarian officials" and "Romanian officials"."""
    if head is None:
        return []
    heads = [head] + [c for c in head.conjuncts if c.i > head.i]
    if len(heads) > 1:
        return [_arg(h) for h in heads]
    adjectives = [c for c in head.children if c.dep_ == "amod" and c.i < head.i]
    coordinated = [a for a in adjectives if a.conjuncts]
    if coordinated:
        first = coordinated[0]
        group = [first] + [c for c in first.conjuncts if c.i < head.i]
        return [Arg(a.idx, head.idx + len(head.text), f"{a.text} {head.text}", head) for a in group]
    return [_arg(head)]


def _arg(tok) -> Arg:
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
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from") and prep.i > tok.i:
            context_end = max(context_end, prep.right_edge.idx + len(prep.right_edge.text))
    text = doc_text(tok.doc)
    return Arg(start, end, text[start:end], tok, text[start:context_end] if context_end > end else "")


def _negated(tok) -> bool:
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ in ("xcomp",) and node.head.i != node.i:
            node = node.head
        else:
            break
    return False


def _modality(tok) -> tuple[bool, bool]:
    future = hypothetical = False
    node = tok
    for _ in range(3):
        for c in node.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in _FUTURE_AUX:
                future = True
            if c.dep_ in ("aux", "auxpass") and low in _MODAL_AUX:
                hypothetical = hypothetical or low != "would"
                future = future or low == "would"
            if c.dep_ == "mark" and low in ("if", "unless"):
                hypothetical = True
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _INTENT:
            future = True
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
        else:
            break
    return future, hypothetical
