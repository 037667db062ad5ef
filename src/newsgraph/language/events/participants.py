"""Who takes part in an event: actors and recipients read from the dependency parse.

The coder (:mod:`.coder`) finds a trigger; the functions here find its parties: the subject (climbing
through verbs it completes, a relative pronoun standing for its noun), the passive agent, objects
and prepositional objects, possessors and proper-name compounds of a nominal, and the named party
behind a noun that stands for it ("Rutte's approach"). A noun phrase as a party (its span, one per
conjunct, its owner or author) is :mod:`.phrases`' business.
"""

from __future__ import annotations

from ..wordlists import words
from .phrases import NOT_PARTIES, PARTY_NOUNS, actorish, author_of, child, owner_of

SUBJ = ("nsubj", "nsubjpass", "csubj")
#: "acomp": "is willing to withdraw", "is ready to talk": the adjective's subject acts.
_CLIMB = ("xcomp", "conj", "advcl", "pcomp", "prep", "acl", "ccomp", "acomp")
#: Prepositions whose object is a recipient: "met with X", "sanctions against Y".
_RECIPIENT_PREPS = words("recipient_preps")
_RELATIVES = frozenset(("who", "that", "which"))
#: Participles that name a stance, not something done to the subject: "Israel is opposed to X",
#: "Serbia is committed to talks" (the parse takes them for passives without an agent).
_STANCES = frozenset(("opposed", "committed", "determined", "resolved", "dedicated", "devoted", "inclined"))
#: Where an event takes place, when it names no other party: "demonstrated in Serbia", "a curfew in
#: Abidjan" (the place's country is the event's target, as the CAMEO and PLOVER coding rules read it).
_PLACE_PREPS = frozenset(("in", "inside", "across", "throughout"))
_PLACE_LABELS = frozenset(("GPE",))
#: Nouns that stand for the party they belong to: "Rutte's approach", "Nato's mission".
_STANDS_FOR = words("stands_for_nouns")


def is_passive(tok) -> bool:
    """'was sentenced … and banned': a participle conjoined to a passive verb is passive too."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return not (tok.lower_ in _STANCES and child(tok, ("agent",)) is None)
    return tok.dep_ == "conj" and tok.tag_ == "VBN" and is_passive(tok.head) and child(tok, SUBJ) is None


def subject_of(verb):
    """The subject, climbing through verbs that this one completes or is conjoined to."""
    node = verb
    for _ in range(5):
        subj = child(node, SUBJ)
        if subj is not None and subj.pos_ == "VERB":
            # "The Red Cross operating in Iraq said": the parse takes the participle for the
            # subject; the party is the participle's own subject
            subj = child(subj, ("nsubj",)) or subj
        if subj is not None:
            if subj.lower_ in _RELATIVES and node.dep_ == "relcl":
                return node.head
            speaker = _reported_by(node, subj)
            if speaker is not None:
                return speaker
            if node.i != verb.i and subj.dep_ == "nsubjpass" and node.dep_ != "xcomp":
                return subj  # "Dodik was sentenced … after defying X": the sentenced one defied
            return subj
        if node.dep_ == "relcl":
            return node.head
        infinitive = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if (node.dep_ == "xcomp" or infinitive) and node.head.i != node.i:
            # "urged Uganda to free them", "ordered the troops to withdraw", "appealed to Russia to
            # end the war", "called on Israel to withdraw": the one addressed acts
            obj = (child(node.head, ("dobj", "obj")) if node.dep_ == "xcomp" else None) or _addressee(node.head)
            if obj is not None and obj.i < node.i and actorish(obj):
                return obj
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ == "VERB":
            # "accused Iran of arming militias", "stopped the rebels from entering": the object does it
            obj = child(node.head.head, ("dobj", "obj"))
            if obj is not None and obj.i < node.i and actorish(obj):
                return obj
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in ("NOUN", "PROPN"):
            # "protesters demanding reform": the noun acts; "issued a statement urging X": the
            # statement's author, the subject of the verb that issued it
            noun = node.head
            if actorish(noun):
                return noun
            if noun.dep_ not in ("dobj", "obj") or noun.head.i == noun.i:
                return None
            node = noun.head
            continue
        if node.dep_ in _CLIMB and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


#: Verbs of asking that address their party through a preposition ("appealed to X to", "called on
#: X to"); a verb of motion does not ("went to Paris to meet …").
_ASKING_BY_PREP = frozenset(("appeal", "call", "plead", "prevail", "petition", "signal"))


def _addressee(verb):
    """'appealed to X', 'called on X': the party a verb of asking is addressed to."""
    if verb.lemma_.lower() not in _ASKING_BY_PREP:
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on", "upon", "with")), None)
    return child(prep, ("pobj",)) if prep is not None else None


_ANAPHORS = frozenset(("it", "they", "he", "she"))


def _reported_by(clause, subj):
    """'The Umma party said it will boycott …', 'Police said they arrested …': a pronoun subject of
    a reported clause is the one who reports it, when that is a named party (a noun phrase)."""
    if subj.lower_ not in _ANAPHORS or clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    speaker = child(clause.head, ("nsubj",))
    if speaker is None or speaker.pos_ not in ("NOUN", "PROPN") or not actorish(speaker):
        return None
    plural = speaker.tag_ in ("NNS", "NNPS")
    if subj.lower_ in ("he", "she") and speaker.ent_type_ != "PERSON":
        return None  # "he" is a person; a group or a state is "it" or "they"
    return speaker if subj.lower_ != "they" or plural or speaker.ent_type_ in ("ORG", "NORP") else None


def inherited_subject(verb):
    """For a passive verb conjoined to another ("was sentenced … and banned"), its head's subject."""
    node = verb
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
        subj = child(node, ("nsubjpass", "nsubj"))
        if subj is not None:
            return subj
    return None


def passive_recipient(verb):
    """Who a passive verb acts on: its subject ("X was attacked"); for a thing, the party it is for
    or goes to ("a camp for Congolese refugees was attacked", "aid was sent to Haiti")."""
    subj = child(verb, ("nsubjpass",)) or inherited_subject(verb)
    if subj is None or actorish(subj):
        return subj
    return party_in(subj, for_whom=True) or _recipient_prep_object(verb) or subj


def agent_of(verb):
    """The passive's "by" party; for a thing ("killed by a bomb planted by rebels"), its author."""
    found = _by_object(verb)
    if found is not None and not actorish(found):
        return author_of(found) or found
    return found


def _by_object(verb):
    node = verb
    for _ in range(3):
        agent = child(node, ("agent",))
        if agent is not None:
            return child(agent, ("pobj",))
        conj = next((c for c in node.children if c.dep_ == "conj"), None)
        if conj is None:
            break
        node = conj
    # the agent may hang on the head of a conjunction ("sentenced … and banned … by the court")
    if verb.dep_ == "conj":
        agent = child(verb.head, ("agent",))
        if agent is not None:
            return child(agent, ("pobj",))
    return None


def prep_object(verb):
    """The object of a recipient preposition ("met with X", "sent aid to Y"), a party before a thing
    ("arrived on a visit"); else the place the event happens in when it is a country or city
    ("arrived in Amman"); else the thing."""
    things = []
    for prep in verb.children:
        # "providing intelligence to Macedonia": the parse calls a "to" after an object a dative
        if prep.dep_ in ("prep", "dative") and prep.lower_ in _RECIPIENT_PREPS:
            obj = child(prep, ("pobj",))
            # "met on Tuesday", "conceded at last"
            if obj is not None and obj.ent_type_ not in NOT_PARTIES and obj.pos_ not in ("ADJ", "ADV"):
                if actorish(obj):
                    return obj
                things.append(obj)
    # a place only stands in for the party acted upon when someone is said to act ("a plot failed
    # in Afghanistan" has no party at all)
    subject = subject_of(verb)
    place = None
    if subject is not None and _party_phrase(subject):
        # "bombed villages in northern Lebanon": the place of what the verb acts on counts too
        obj = child(verb, ("dobj", "obj"))
        place = place_of(verb) or (place_of(obj) if obj is not None and not actorish(obj) else None)
    if place is not None or things:
        return place if place is not None else things[0]
    return _complement_party(verb)


def _complement_party(verb):
    """'threatened to impose curbs against German goods', 'refused to respond to the US': the party
    of what the verb's subject threatens, refuses or agrees to do."""
    comp = child(verb, ("xcomp",))
    if comp is None or comp.pos_ != "VERB":
        return None
    obj = child(comp, ("dobj", "obj", "dative"))
    if obj is not None and actorish(obj):
        return obj
    return (prep_object(obj) if obj is not None else None) or prep_object(comp)


def _recipient_prep_object(verb):
    """A recipient preposition's object on the verb, without the place fallback."""
    obj = prep_object(verb)
    return None if obj is None or obj.head.lower_ in _PLACE_PREPS else obj


def noun_objects(noun) -> list:
    out = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _RECIPIENT_PREPS:
            obj = child(prep, ("pobj",))
            if obj is not None:
                # "a suspension of air links with Serbia": the party the thing belongs to or goes
                # to; a thing alone ("a grant of 500 million shillings") is no party
                party = obj if actorish(obj) else party_in(obj)
                if party is not None:
                    out.append(party)
    place = place_of(noun) if not out else None
    if place is None and not out:
        # "its demands that Burundi's government grant …", "calls for Israel to withdraw": the one
        # the demand is addressed to is the subject of what is demanded
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")
                       and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)), None)
        subj = child(clause, ("nsubj", "nsubjpass")) if clause is not None else None
        if subj is not None and subj.pos_ != "PRON" and actorish(subj):
            return [subj]
    return [place] if place is not None else out


def _party_phrase(tok) -> bool:
    """A party, or a number or group of them: "thousands of students", "a group of refugees"."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = child(of, ("pobj",)) if of is not None else None
    return actorish(tok) or inner is not None and actorish(inner)


def place_of(tok):
    """'demonstrated in Serbia', 'a curfew in Abidjan': a country or city the event happens in."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
            obj = child(prep, ("pobj",))
            if obj is not None and obj.ent_type_ in _PLACE_LABELS:
                return obj
    return None

def party_in(thing, depth: int = 2, for_whom: bool = False):
    """The party a thing is tied to: its author ("calls by X"), else the party its recipient
    prepositions name, through a thing or two ("links with Serbia", "fire against rebel camps");
    with ``for_whom``, also the one it is for ("a camp for refugees"); None when only things are
    named."""
    author = author_of(thing)
    if author is not None:
        return author
    preps = _RECIPIENT_PREPS | {"for"} if for_whom else _RECIPIENT_PREPS
    for part in (thing, *thing.conjuncts):  # "artillery, mortar and rocket fire against X"
        for prep in part.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            obj = child(prep, ("pobj",))
            if obj is None or obj.ent_type_ in NOT_PARTIES or obj.pos_ in ("ADJ", "ADV"):
                continue
            if actorish(obj):
                return obj
            inner = party_in(obj, depth - 1, for_whom) if depth > 1 else None
            if inner is not None:
                return inner
    return None


def led_by(noun) -> list:
    """'Nato-led exercises' → Nato."""
    out = []
    for c in noun.subtree:
        if c.lower_ in ("led", "sponsored", "backed", "organised", "organized") and c.i > 1:
            doc = c.doc
            if doc[c.i - 1].text == "-" and doc[c.i - 2].pos_ == "PROPN":
                out.append(doc[c.i - 2])
    return out


def stands_for(obj):
    """'Rutte's approach', 'the presence of Nato's mission': the named party behind the noun."""
    if obj is None or obj.pos_ == "PROPN":
        return obj
    moved = _moved_to(obj)
    if moved is not None:
        return moved
    if obj.lower_ not in _STANDS_FOR:
        return obj
    owner = owner_of(obj)
    if owner is not None and owner.pos_ == "PRON" and obj.dep_ in ("dobj", "obj"):
        # "withdraw its troops from Lebanon", "offered its troops to X": the pronoun is the actor
        # itself, the party is the one the object goes to or comes from
        return _recipient_prep_object(obj.head) or owner
    if owner is not None:
        # "the Kenyan government", "Serbia's army" are parties themselves, with their sector
        party = obj.lemma_.lower() in PARTY_NOUNS or obj.lower_ in PARTY_NOUNS
        return obj if party else owner
    author = author_of(obj)  # "a mission of observers from the OSCE" is the OSCE's
    if author is not None:
        return author
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    inner = child(of, ("pobj",)) if of is not None else None
    return stands_for(inner) if inner is not None else obj


#: Prepositions of a verb that say where what it moves goes or comes from.
_DIRECTIONS = frozenset(("to", "into", "toward", "towards", "from"))


def _moved_to(obj):
    """'sent troops to Afghanistan', 'withdrew inspectors from Iraq': people of no named party (the
    actor's own) moved to or from a named one; that one is acted upon."""
    if obj.dep_ not in ("dobj", "obj") or not (obj.lemma_.lower() in PARTY_NOUNS or obj.lower_ in PARTY_NOUNS):
        return None
    if any(c.dep_ in ("poss", "compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_)
           or c.dep_ == "prep" for c in obj.children):
        return None  # "Afghan troops", "troops of the alliance" are a party of their own
    for prep in obj.head.children:
        if prep.dep_ == "prep" and prep.lower_ in _DIRECTIONS and prep.i > obj.i:
            target = child(prep, ("pobj",))
            if target is not None and target.ent_type_ == "GPE":
                return target
    return None


