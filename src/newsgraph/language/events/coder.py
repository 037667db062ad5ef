"""Who did what to whom: PLOVER events coded from the dependency parse, the CAMEO verb dictionary
(:mod:`.dictionary`) and our trigger lexicon (:mod:`.lexicon`).

For each trigger in a sentence (a verb: a dictionary phrase pattern, else our lexicon, else the
dictionary's code for the verb; a nominal from the lexicon), unless :mod:`.senses` says the use is
no event:
- actors: the verb's subject; for a passive, the "by" agent; for a verb that only completes another
  ("moved to ban", "continued to support"), the subject of the verb it completes; a relative
  pronoun stands for the noun it modifies. For a nominal, the subject of the light verb that
  carries it ("held talks"), else its possessor or a name compounded with it ("Nato bombing");
- recipients: the direct object, the passive subject, or the object of with/against/on/to/of;
  "Rutte's approach" stands for Rutte, and "Nato-led exercises" for Nato;
- flags: negation (a negated cooperative verb is coded as the rejection it states), future,
  hypothetical; the date and place come from the stage, which knows the article.
A clause yields one event per type: a light verb and its nominal are one event. Finding the
parties in the parse is :mod:`.participants`' job; this module decides which of them play which role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dictionary import GENERIC_VERBS, match_verb, plover
from .lexicon import LIGHT_HEADS, LIGHT_VERBS, MEASURE_NOUNS, NEGATION_FLIPS, TRANSITIVE_YIELDS, VERBS
from .memo import last_doc_memo
from .nominals import military_context, noun_trigger
from .participants import (
    SUBJ,
    agent_of,
    is_passive,
    led_by,
    noun_objects,
    party_in,
    passive_recipient,
    prep_object,
    stands_for,
    subject_of,
)
from .phrases import Arg, actorish, arg_of, child, expand, owner_of
from .senses import not_a_clause, thing_complement, thing_object

_FUTURE_AUX = frozenset(("will", "shall", "'ll", "wo"))
_MODAL_AUX = frozenset(("could", "might", "may", "would", "should"))
_INTENT = frozenset(["plan", "intend", "aim", "expect", "prepare", "hope", "seek", "want", "propose"])


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
    cameo: str | None = None  # the dictionary's full CAMEO code, when it coded the verb
    weak: bool = False  # coded by the verb's synonym block alone: needs a political party to count


#: Which trigger sources code a verb: the CAMEO dictionary first, our lexicon for what it lacks
#: (a setting so that the benchmark can measure what each adds).
SOURCES = {"dictionary": True, "lexicon": True}


@last_doc_memo(lambda tok: tok.i)
def trigger_of(tok) -> tuple[str, str | None, str | None, bool] | None:
    """(type, mode, CAMEO code or None, weak) when ``tok`` triggers an event, else None; weak when
    only the dictionary's synonym block codes the verb (kept for the token's Doc: the coder and the
    frames ask about the same token many times)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        return None if not_a_clause(tok) else _verb_trigger(tok, lemma)
    if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP", "NNPS"):
        if tok.dep_ == "compound" and tok.head.i != tok.i and _noun_phrase_event(tok.head):
            return None  # "war games", "mediation efforts": the phrase is one event, named at its head
        return _with_code(noun_trigger(tok, lemma))
    return None


def _noun_phrase_event(head) -> bool:
    return head.pos_ in ("NOUN", "PROPN") and (trigger_of(head) is not None or head.lemma_.lower() in LIGHT_HEADS)


def _verb_trigger(tok, lemma: str):
    """A phrase pattern of the dictionary first (the most specific knowledge there is: "fired
    missiles", "killed in an accident"), then our lexicon, then the dictionary's code for the bare
    verb when it acts on something. A pattern coded null or as a mere statement (CAMEO 01) says
    the use is no event."""
    match = match_verb(tok) if SOURCES["dictionary"] else None
    if match is not None and match.terms:
        hit = plover(match.code) if match.code else None
        return (hit[0], hit[1], match.code, False) if hit else None
    lexical = _lexicon_verb(tok, lemma) if SOURCES["lexicon"] else None
    if lexical is not None:
        return lexical
    light = lemma in LIGHT_VERBS and not _directs(tok)
    if light or lemma in GENERIC_VERBS or not _acts_on_something(tok):
        return None  # "issued a reminder", "is expected to", "went home": no event of its own
    hit = plover(match.code) if match is not None and match.code else None
    return (hit[0], hit[1], match.code, True) if hit else None  # weak: a synonym block's code


def _acts_on_something(verb) -> bool:
    """A verb the dictionary knows only by its synonym block ("take", "go", "expect") codes an event
    when it acts on something (an object, a prepositional object) and frames no other clause: "is
    expected to", "wants to", "went home" state an attitude or a movement; the event, if any, is
    in the complement. A verb that directs its object to act ("ordered Menem to appear") acts on it."""
    if any(c.dep_ == "ccomp" for c in verb.children):
        return False
    if any(c.dep_ == "xcomp" for c in verb.children):
        return _directs(verb)
    if any(c.dep_ in ("dobj", "obj", "dative") for c in verb.children):
        return True
    return any(c.dep_ == "prep" and child(c, ("pobj",)) is not None for c in verb.children)


def _directs(verb) -> bool:
    """An object and an infinitive that says what the object is to do: "ordered Menem to appear",
    "pressed the rebels to disarm" (no light use: the object is a party, not an event)."""
    return any(c.dep_ in ("dobj", "obj") for c in verb.children) and any(
        c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in verb.children)


def _with_code(hit):
    return (*hit, None, False) if hit is not None else None


def _lexicon_verb(tok, lemma: str):
    particle = next((c.lower_ for c in tok.children if c.dep_ in ("prt", "prep") and c.i == tok.i + 1), None)
    if particle and f"{lemma} {particle}" in VERBS:
        return _with_code(VERBS[f"{lemma} {particle}"])
    if lemma == "call":
        return None  # "called him…" is a description; "call for"/"call off" are handled above
    if lemma == "strike" and not any(c.lemma_.lower() in ("worker", "union", "staff") for c in tok.children):
        return _with_code(("ASSAULT", "aerial") if military_context(tok) else VERBS.get(lemma))
    if lemma in TRANSITIVE_YIELDS and not any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in tok.children):
        return None  # "returned to Geneva": nothing is given back
    return _with_code(VERBS.get(lemma))


def code_sentence(sent) -> list[Candidate]:
    """Every event of one parsed sentence, one per (clause, type)."""
    found: list[Candidate] = []
    for tok in sent:
        hit = trigger_of(tok)
        if hit is None:
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in LIGHT_VERBS and _carries_nominal(tok):
            continue  # "hosting drills", "signed an agreement": the nominal names the event
        if tok.pos_ == "VERB" and hit[3] and _purpose_nominal(tok):
            continue  # "were converging for a rally": the rally is the event, not the gathering
        cand = _verbal(tok, hit) if tok.pos_ == "VERB" else _nominal(tok, hit)
        if cand is not None:
            found.append(cand)
    from .frames import apply_frames, obligations

    found += obligations(sent, {c.trigger.i for c in found})
    return _one_per_clause(apply_frames(found))


def _carries_nominal(verb) -> bool:
    obj = child(verb, ("dobj", "obj"))
    return obj is not None and trigger_of(obj) is not None


def _purpose_nominal(verb) -> bool:
    """An event nominal in a prepositional phrase of a verb without an object: "converged for a
    rally", "arrived on a visit" ("challenged the award in a protest" acts on the award)."""
    if child(verb, ("dobj", "obj")) is not None:
        return False
    return any(c.dep_ == "prep" and (obj := child(c, ("pobj",))) is not None and obj.pos_ == "NOUN"
               and trigger_of(obj) is not None for c in verb.children)


def _verbal(tok, hit) -> Candidate | None:
    kind, mode, cameo, weak = hit
    if thing_object(tok, kind) or thing_complement(tok, kind, _kind):
        return None  # "executed the sentence", "released its results"
    cand = Candidate(kind, mode, tok, tok.text, depth=_depth(tok), cameo=cameo, weak=weak)
    cand.negated = _negated(tok)
    if cand.negated and tok.lemma_.lower() in NEGATION_FLIPS:
        cand.type, cand.mode, cand.negated = NEGATION_FLIPS[tok.lemma_.lower()], None, False
        cand.cameo = None
    passive = is_passive(tok)
    if passive:
        agent = agent_of(tok)
        cand.actors = expand(agent) if agent is not None else []
        cand.recipients = expand(passive_recipient(tok))
    else:
        subject = subject_of(tok)
        cand.actors = expand(subject) if subject is not None else []
        obj = child(tok, ("dobj", "obj", "dative"))
        if obj is None:
            obj = prep_object(tok)
        obj = stands_for(obj) if obj is not None else None
        if obj is not None and not actorish(obj):
            # "rejected calls by X": the author of the object; "threatened further action against
            # Russia": the party hangs on the object
            obj = party_in(obj) or prep_object(obj) or prep_object(tok)
            obj = stands_for(obj) if obj is not None else None
        if obj is None and kind == "REQUEST":
            clause = child(tok, ("ccomp",))  # "demanded that the government end curbs"
            obj = child(clause, ("nsubj", "nsubjpass")) if clause is not None else None
        cand.recipients = expand(obj) if obj is not None else []
    cand.future, cand.hypothetical = _modality(tok)
    return cand


def _kind(verb) -> str | None:
    hit = trigger_of(verb)
    return hit[0] if hit is not None else None


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


def _nominal(tok, hit) -> Candidate | None:
    kind, mode, _, _ = hit
    cand = Candidate(kind, mode, tok, tok.text, nominal=True, depth=_depth(tok))
    slot = _measured(tok)  # "held five days of talks": the talks fill the measure's place
    head = slot.head
    lent: list[Arg] = []
    carrier = head.pos_ == "VERB" and (head.lemma_.lower() in LIGHT_VERBS or trigger_of(head) is None)
    if slot.dep_ in ("dobj", "obj", "attr") and carrier:
        subject = subject_of(head)
        cand.actors = expand(subject) if subject is not None else []
        dative = child(head, ("dative",)) or prep_object(head)
        lent = expand(stands_for(dative)) if dative is not None else []
        cand.negated = _negated(head)
        cand.future, cand.hypothetical = _modality(head)
    elif tok.dep_ == "pobj" and head.dep_ == "prep" and _carries_by_prep(head.head):
        verb = head.head  # "arrived on a visit", "took part in talks"
        subject = subject_of(verb)
        cand.actors = expand(subject) if subject is not None else []
        # the verb's other parties are the nominal's: "arrived in Baghdad on a visit" visits Iraq
        party = prep_object(verb)
        lent = expand(stands_for(party)) if party is not None and party.i != tok.i else []
        cand.negated = _negated(verb)
        cand.future, cand.hypothetical = _modality(verb)
    owner = owner_of(tok)
    if owner is not None and not cand.actors:
        cand.actors = expand(owner)
    if not cand.actors:  # "the conviction of X by a court"
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        agent = child(by, ("pobj",)) if by is not None else None
        cand.actors = expand(agent) if agent is not None else []
    taken = {x.head.i for x in cand.actors}
    cand.recipients = [
        a for obj in noun_objects(tok) for a in expand(stands_for(obj)) if a.head.i not in taken
    ]
    if not cand.recipients:
        cand.recipients = lent or [arg_of(t) for t in led_by(tok)]
    return cand


def _measured(tok):
    """The measure noun an event nominal is counted by ("five days of talks", "a round of strikes"),
    else the nominal itself."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in MEASURE_NOUNS:
        return prep.head
    return tok


def _carries_by_prep(verb) -> bool:
    if verb.pos_ != "VERB" or is_passive(verb):
        return False
    if verb.lemma_.lower() in ("participate", "take", "join"):
        return True
    hit = trigger_of(verb)
    # a verb known by its synonym block alone carries it too, when it acts on nothing else
    return hit is None or hit[3] and child(verb, ("dobj", "obj")) is None


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
    return tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and child(tok, SUBJ) is None


def _same_clause(a, b) -> bool:
    return _clause_head(a).i == _clause_head(b).i


def _clause_head(tok):
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT" and tok.head.i != tok.i:
        tok = tok.head
    # "held a meeting …, discussing X": a subjectless participle elaborates the clause it hangs on
    while tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and child(tok, SUBJ) is None:
        tok = tok.head
    return tok


def _depth(tok) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok, depth = tok.head, depth + 1
    return depth


#: Clauses that give a main clause's background (time, manner, cause) or describe a noun: "…,
#: urging X to", "after a jet shot down", "a helicopter carrying monitors", "who fled".
_BACKGROUND = frozenset(("advcl", "acl", "relcl"))


def subordination(tok) -> int:
    """How many background clauses (:data:`_BACKGROUND`) hold ``tok``: the main clause states the
    event the sentence reports, an adverbial or relative clause its circumstances."""
    count = 0
    for _ in range(50):
        if tok.head.i == tok.i:
            break
        count += tok.dep_ in _BACKGROUND and tok.pos_ in ("VERB", "AUX")
        tok = tok.head
    return count


#: Verbs whose infinitive did not happen: "failed to uphold", "neglected to pay" state no deed.
_FAILS = frozenset(("fail", "neglect"))


def _negated(tok) -> bool:
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _FAILS:
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
