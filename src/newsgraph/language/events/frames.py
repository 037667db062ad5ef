"""How a sentence frames its events, as event data codes them (CAMEO/PLOVER conventions):

- intent: "X will support Y", "X is willing to withdraw", "X promised to free Y" state an intent,
  not a deed: cooperative intents are AGREE, hostile ones THREATEN (the intended type stays in
  ``mode``, the ``future`` flag stays set);
- obligation: "X said Y must do Z" is X's demand of Y: REQUEST from the speaker to Y;
- complements: "X threatened to ban Y", "X refused to allow Y" code the main verb, and the
  complement lends it its recipients;
- access: receiving or admitting monitors ("received a team of UN inspectors", "accepted
  peacekeepers") allows international involvement (CAMEO 0861/0862, RETREAT), not a host's meeting;
  withdrawing them reduces it (CAMEO 1661/1662, SANCTION), not a military retreat; expelling
  diplomats reduces relations (SANCTION), expelling private people deports them (CAMEO 174, COERCE);
- exercises: military exercises held together ("X and Y launched war games", "joint drills", "drills
  with Y") are military cooperation (CAMEO 062), held alone a show of force (CAMEO 150, MOBILIZE), as
  the CAMEO dictionary codes "held joint exercises" and "conducted military exercises".
"""

from __future__ import annotations

from ..quotes.cues import NOMINAL_CUES, SPEECH_VERBS
from ..wordlists import words
from .coder import Candidate, _depth, trigger_of
from .dictionary import plover
from .lexicon import CAMEO
from .nominals import JOINT
from .participants import subject_of
from .phrases import actorish, child, expand

#: Verbs that let someone in, and the monitors whose admission allows international involvement.
_ADMITS = frozenset(("receive", "accept", "admit", "allow", "permit", "welcome"))
_MONITORS = {"observer": "0862", "inspector": "0862", "monitor": "0862", "peacekeeper": "0861",
             "peace-keeper": "0861", "peacekeeping": "0861"}
#: Verbs that take them out again, and the codes of that: expel or withdraw peacekeepers, inspectors.
_WITHDRAWS = frozenset(("withdraw", "pull", "recall", "expel"))
_WITHDRAWN = {"0861": "1661", "0862": "1662"}

#: Private people, whose expulsion is a deportation ("expelled two journalists"), not a diplomatic act.
_PRIVATE = words("captive_nouns") | words("group_nouns")

#: Nouns of military exercises ("drills", "manoeuvres"; "war games" by its head) and the words that
#: make them joint.
_EXERCISES = words("exercise_nouns") | {"game", "games"}

#: Words that frame the verb after them as an intent: "is willing to", "promised to".
_INTENT_WORDS = words("intent_words")
_FUTURE_AUX = frozenset(("will", "shall", "'ll", "wo", "would"))
_OBLIGATION = frozenset(("must", "should", "ought", "need"))
_FRAMED = frozenset(("AGREE", "THREATEN", "REQUEST", "REJECT"))


#: Reducing contact is a sanction: "cancelled a planned visit", "suspended talks".
_REDUCERS = words("reducer_verbs")
#: Verbs that halt what their object names: a halted protest is dissent eased (CAMEO 082, CONCEDE),
#: halted force is de-escalation (CAMEO 087, RETREAT): "called off the strike", "ended its offensive".
_HALTS = words("halting_verbs")
_HALTED = {"PROTEST": "082", "ASSAULT": "087", "COERCE": "087", "MOBILIZE": "087"}
#: Forces that end a protest by force, not by conceding: "police ended the sit-in".
_FORCES = frozenset(("police", "army", "troops", "soldier", "force", "forces", "military", "guard", "guards"))
#: Signing a formal agreement is diplomatic cooperation (CAMEO 057), coded SUPPORT; a ceasefire
#: one side declares is a retreat.
_SIGNERS = frozenset(["sign", "conclude", "ink", "initial", "ratify"])
_DECLARERS = frozenset(["declare", "announce", "observe"])
_TRUCES = frozenset(["ceasefire", "truce", "cease-fire"])
_CONTACT = frozenset(("CONSULT", "COOPERATE", "AID", "AGREE"))
#: What a protest demands is part of the protest: "began a hunger strike to demand X".
_PURPOSE_TYPES = frozenset(("REQUEST", "ACCUSE", "REJECT", "PROTEST"))
#: A protest lodged or voiced is an accusation, not a demonstration.
_VOICED = frozenset(["lodge", "file", "issue", "deliver", "send", "voice", "register"])


def obligations(sent, taken: set[int]) -> list[Candidate]:
    """'X said Y must Z' where Z names no event of its own is still X's demand of Y."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in taken:
            continue
        cand = Candidate("REQUEST", None, tok, tok.text, depth=max(0, _depth(tok) - 1))
        if _obligation(cand):
            cand.type, cand.mode = "REQUEST", None
            out.append(cand)
    return out


def apply_frames(cands: list[Candidate]) -> list[Candidate]:
    for cand in cands:
        _reduction(cand)
        _voiced_protest(cand)
        _exercise(cand)
        _access(cand)
        if _obligation(cand):
            continue
        _intent(cand)
    cands = _plans(_absorb_purpose(cands))
    _lend_recipients(cands)
    return cands


def _reduction(cand: Candidate) -> None:
    """'cancelled a visit to X', 'suspended aid to X': the contact reduced is a sanction."""
    tok = cand.trigger
    if _halted(cand):
        return
    if cand.nominal:
        verb = tok.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in _REDUCERS and cand.type in _CONTACT:
            cand.mode, cand.type = f"reduce-{cand.type.lower()}", "SANCTION"
        elif verb.lemma_.lower() in _SIGNERS and cand.type == "AGREE":
            cand.type, cand.mode = "SUPPORT", "sign"
        elif verb.lemma_.lower() in _DECLARERS and tok.lower_ in _TRUCES:
            cand.type, cand.mode = "RETREAT", "ceasefire"
        return
    obj = child(tok, ("dobj", "obj"))
    if obj is None:
        return
    obj_hit = trigger_of(obj)
    if tok.lemma_.lower() in _REDUCERS and obj_hit is not None and obj_hit[0] in _CONTACT:
        cand.type, cand.mode = "SANCTION", f"reduce-{obj_hit[0].lower()}"
    elif cand.type == "RETREAT" and tok.lemma_.lower() in ("evacuate", "rescue"):
        cand.type, cand.mode = "AID", "evacuate"  # evacuating others is help, not retreat
    elif cand.mode == "arrest" and tok.lemma_.lower() == "capture" and not actorish(obj):
        cand.type, cand.mode = "ASSAULT", "occupy"  # a captured town is taken by force


def _access(cand: Candidate) -> None:
    """'received a mission of OSCE observers', 'accepted UN peacekeepers': monitors let in;
    'withdrew its inspectors': taken out; 'expelled two journalists': deported."""
    verb = cand.trigger
    lemma = verb.lemma_.lower()
    if cand.nominal or lemma not in _ADMITS and lemma not in _WITHDRAWS:
        return
    obj = child(verb, ("dobj", "obj"))
    if obj is None:
        return
    # the object itself, or what a group of them is made of ("a team of inspectors")
    held = [obj, *(o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
                   if o.dep_ == "pobj")]
    code = next((_MONITORS[t.lemma_.lower()] for t in held if t.lemma_.lower() in _MONITORS), None)
    if code is not None and lemma in _WITHDRAWS:
        code = _WITHDRAWN[code]
    if code is None and lemma == "expel" and any(
            t.ent_type_ == "PERSON" or t.lemma_.lower() in _PRIVATE or t.lower_ in _PRIVATE for t in held):
        code = "174"
    if code is not None:
        cand.cameo = code
        cand.type, cand.mode = plover(code)


def _exercise(cand: Candidate) -> None:
    """Military exercises: cooperation when held together, a show of force when held alone."""
    noun = _exercise_noun(cand.trigger) if cand.nominal else next(
        (n for c in cand.trigger.children if c.dep_ in ("dobj", "obj") for n in c.subtree if _exercise_noun(n)), None)
    if noun is None or cand.type not in ("COOPERATE", "MOBILIZE") or not cand.actors:
        return  # who held them is not known here: the verb that carries them decides
    joint = (len({(a.start, a.end) for a in cand.actors}) > 1
             or any(c.lower_ in JOINT for c in noun.children)
             or any(a.head.head.lower_ == "with" for a in cand.recipients))
    cand.type, cand.mode, cand.cameo = ("COOPERATE", "military", "062") if joint else ("MOBILIZE", None, "150")


def _exercise_noun(tok):
    """``tok`` when it names military exercises, else None ("games" only as "war games")."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in _EXERCISES and tok.lower_ not in _EXERCISES:
        return None
    if lemma == "game" and not any(c.lower_ == "war" for c in tok.children):
        return None
    return tok


def _halted(cand: Candidate) -> bool:
    """'called off the strike', 'ended its offensive': the verb halts the event its object names."""
    tok = cand.trigger
    verb, halted = (tok.head, cand.type) if cand.nominal else (tok, None)
    if verb.pos_ != "VERB" or _phrasal(verb) not in _HALTS:
        return False
    if not cand.nominal:
        obj = child(verb, ("dobj", "obj"))
        hit = trigger_of(obj) if obj is not None else None
        halted = hit[0] if hit is not None else None
    elif tok.dep_ not in ("dobj", "obj"):
        return False
    actors = cand.actors or (expand(subject_of(verb)) if subject_of(verb) is not None else [])
    if halted not in _HALTED or halted == "PROTEST" and any(a.head.lemma_.lower() in _FORCES for a in actors):
        return False
    cand.cameo = _HALTED[halted]
    cand.type, cand.mode = plover(cand.cameo)
    return True


def _phrasal(verb) -> str:
    particle = child(verb, ("prt",))
    return f"{verb.lemma_.lower()} {particle.lower_}" if particle is not None else verb.lemma_.lower()


def _voiced_protest(cand: Candidate) -> None:
    tok = cand.trigger
    if cand.type != "PROTEST":
        return
    lodged = cand.nominal and tok.head.lemma_.lower() in _VOICED
    spoken = not cand.nominal and any(c.dep_ == "ccomp" for c in tok.children)
    if lodged or spoken:
        cand.type, cand.mode = "ACCUSE", "protest"


def _absorb_purpose(cands: list[Candidate]) -> list[Candidate]:
    """A purpose clause of a protest ('… to demand X', '… to protest X') lends it its recipients."""
    protests = [c for c in cands if c.type == "PROTEST"]
    if not protests:
        return cands
    kept = []
    for cand in cands:
        tok = cand.trigger
        purpose = tok.dep_ in ("advcl", "xcomp", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
        )
        host = next((p for p in protests if p is not cand and purpose and _near(p.trigger, tok)), None)
        if host is not None and cand.type in _PURPOSE_TYPES:
            if not host.recipients:
                host.recipients = cand.recipients
            continue
        kept.append(cand)
    return kept


def _near(protest_tok, purpose_tok) -> bool:
    head = purpose_tok.head
    return head.i == protest_tok.i or head.i == protest_tok.head.i


def _intent(cand: Candidate) -> None:
    if cand.type in _FRAMED or cand.negated or cand.hypothetical or not _intended(cand.trigger):
        return
    intended = cand.type
    cand.type = "AGREE" if CAMEO[intended][1] in (1, 2) else "THREATEN"
    cand.mode = intended.lower()
    cand.future = True


def _intended(tok) -> bool:
    node = tok
    if tok.pos_ != "VERB":  # a nominal: the verb that carries it ("will give a grant")
        node = tok.head if tok.head.pos_ == "VERB" else tok
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in node.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "going" for c in node.children):
            return True
        head = node.head
        if node.dep_ == "xcomp" and head.lemma_.lower() in _INTENT_WORDS or _planned(node):
            return True
        if node.dep_ in ("xcomp", "conj") and head.i != node.i:
            node = head
        else:
            return False
    return False


def _planned(verb) -> bool:
    """'plans to withdraw', 'a pledge to free': the infinitive of a noun of intent (a light head
    noun: the plan is no event, what is planned is)."""
    noun = verb.head
    if not (verb.dep_ == "acl" and noun.pos_ == "NOUN" and noun.lemma_.lower() in _INTENT_WORDS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        return False
    # the plan is its holder's intent when announced or adopted, not when rejected or criticised
    hit = trigger_of(noun.head) if noun.head.pos_ == "VERB" else None
    return hit is None or hit[0] in ("AGREE", "SUPPORT")


def _plans(cands: list[Candidate]) -> list[Candidate]:
    """'X announced plans to expel Y': the planned act is X's intent; the verb that announces the
    plan ("ANNOUNCE * PLANS", an intent to cooperate whatever the plan) gives way to it."""
    planned = [c for c in cands if not c.nominal and _planned(c.trigger)]
    carriers = set()
    for cand in planned:
        noun = cand.trigger.head
        verb = noun.head
        if noun.dep_ in ("dobj", "obj") and verb.pos_ == "VERB":
            carriers.add(verb.i)
            if not cand.actors and subject_of(verb) is not None:
                cand.actors = expand(subject_of(verb))
    return [c for c in cands if c.nominal or c.trigger.i not in carriers or c.type not in ("AGREE", "SUPPORT")]


def _obligation(cand: Candidate) -> bool:
    """'X said Y must Z': a demand by X of Y."""
    verb = cand.trigger if cand.trigger.pos_ == "VERB" else cand.trigger.head
    if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in verb.children):
        return False
    frame = _speech_frame(verb)
    if frame is None:
        return False
    speaker = subject_of(frame)
    obligated = child(verb, ("nsubj", "nsubjpass"))
    if speaker is None or obligated is None:
        return False
    cand.mode = cand.type.lower()
    cand.type = "REQUEST"
    cand.actors, cand.recipients = expand(speaker), expand(obligated)
    cand.depth = max(0, cand.depth - 1)
    return True


def _speech_frame(verb):
    """The verb of saying whose content ``verb``'s clause is: "said (that) Y must", or the verb that
    delivers a noun of saying, "issued a reminder that Y must", "repeated his warning that Y should"."""
    frame = verb.head
    if verb.dep_ == "ccomp" and frame.lemma_.lower() in SPEECH_VERBS | {"declare", "conclude", "insist"}:
        return frame
    if (verb.dep_ in ("acl", "ccomp") and frame.pos_ == "NOUN" and frame.lemma_.lower() in NOMINAL_CUES
            and frame.dep_ in ("dobj", "obj") and frame.head.pos_ == "VERB"):
        return frame.head
    return None


def _lend_recipients(cands: list[Candidate]) -> None:
    for main in cands:
        if main.recipients or main.type not in _FRAMED | {"ACCUSE"}:
            continue
        for other in cands:
            if other is main or not other.recipients:
                continue
            if other.trigger.head.i == main.trigger.i and other.trigger.dep_ in ("xcomp", "ccomp"):
                main.recipients = list(other.recipients)
                break
