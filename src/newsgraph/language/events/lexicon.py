"""Our lexicon of event triggers in the PLOVER ontology, and the CAMEO tables that go with it.

Verb and noun lemmas map to (PLOVER type, mode). Multi-word verbs are written "lemma particle"
("call off", "pull out", "call for"). Written for newsgraph from the PLOVER and CAMEO category
definitions; no other coder's dictionary was copied.
"""

from __future__ import annotations

from ..wordlists import words

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def _table(spec: str) -> dict[str, tuple[str, str | None]]:
    """Parse lines of "TYPE[/mode]: word, word, …" into {word: (TYPE, mode)}."""
    out: dict[str, tuple[str, str | None]] = {}
    for line in spec.strip().splitlines():
        head, words = line.split(":", 1)
        kind, _, mode = head.strip().partition("/")
        for word in words.split(","):
            word = word.strip()
            if word:
                out[word] = (kind, mode or None)
    return out


VERBS = _table("""
AGREE: agree, promise, pledge, vow, commit, accept, consent, ratify, settle, reconcile, allow, permit, sign, undertake
AGREE/offer: offer, propose
CONSULT: meet, talk, discuss, consult, negotiate, confer, mediate, dine
CONSULT/visit: visit, tour
CONSULT/host: host, receive
CONSULT/phone: phone, telephone
SUPPORT: praise, support, endorse, forgive, upgrade, welcome, back, commend, applaud, congratulate, hail, laud, defend, recognise, recognize, approve, thank
CONCEDE: concede, yield, cancel, remove, return, surrender, relent, cede, comply, apologise, apologize, relax, ease, lift, release, free, pardon, call off, back down, give up
COOPERATE: cooperate, collaborate, coordinate, partner, participate, normalise, normalize, share
AID: aid, assist, help, donate, supply, fund, finance, grant, rescue, shelter, provide, give, send, deliver, ship
RETREAT: withdraw, retreat, evacuate, demobilise, demobilize, disarm, disband, pull out, pull back, step down
REQUEST: ask, request, urge, appeal, demand, seek, plead, invite, call for, press, petition
ACCUSE: accuse, blame, indict, charge, complain, criticise, criticize, condemn, denounce, allege, decry, slam, deplore, rebuke, reproach, chastise, investigate, probe, question, sue
REJECT: reject, refuse, violate, breach, flout, deny, veto, defy, oppose, boycott, dismiss, rebuff, renege, spurn, resist, decline, snub, disregard, ignore, disobey
THREATEN: threaten, warn
PROTEST: protest, demonstrate, rally, march, picket, riot
PROTEST/strike-gen: strike
SANCTION: halt, sanction, embargo, expel, suspend, sever, convict, sentence, fine, downgrade, recall, freeze, cut
MOBILIZE/troops: mobilise, mobilize, deploy, mass, station, reinforce
COERCE: restrict, ban, curb, outlaw, prohibit, bar
COERCE/arrest: arrest, detain, jail, imprison, apprehend, seize, capture
COERCE/restrict: prevent, disperse, break up, suppress
COERCE/deport: deport, extradite
COERCE/confiscate: confiscate, impound, nationalise, nationalize
COERCE/destroy: demolish, raze, bulldoze, blow up
COERCE/curfew: blockade
ASSAULT: attack, assault, raid, storm, ambush, clash, fight, battle, occupy, invade, wound, injure, kill, massacre, slaughter, beat, torture, execute, behead
ASSAULT/aerial: bomb, airstrike
ASSAULT/heavy-weapons: shell, bombard
ASSAULT/firearms: shoot, gun, fire
ASSAULT/assassinate: assassinate
ASSAULT/abduct: kidnap, abduct, hijack
""")

NOUNS = _table("""
AGREE: agreement, deal, accord, treaty, ceasefire, truce, pact, memorandum, compromise, pledge, commitment
AGREE/offer: offer, proposal
CONSULT: meeting, talks, summit, negotiation, negotiations, consultation, consultations, dialogue, conference, discussion, discussions, dinner, lunch, breakfast, call
CONSULT/visit: visit, trip
CONSULT/third-party: mediation
SUPPORT: praise, endorsement, backing, recognition, welcome
CONCEDE: concession, apology, release, pardon, amnesty
COOPERATE: war games, cooperation, collaboration, partnership, exercise, exercises, drill, drills, manoeuvres, maneuvers
AID: aid, assistance, relief, donation, loan, grant, supplies, supply, shipment, shipments
RETREAT: withdrawal, retreat, evacuation, pullout, pull-out
REQUEST: request, appeal, demand, plea
ACCUSE: accusation, criticism, condemnation, allegation, investigation, probe, lawsuit, indictment
REJECT: rejection, refusal, veto, defiance, boycott
THREATEN: threat, ultimatum
PROTEST: protest, protests, demonstration, demonstrations, rally, march, riot, riots, sit-in
PROTEST/strike-hun: hunger strike
SANCTION: sanctions, sanction, embargo, expulsion, conviction, suspension
MOBILIZE/troops: mobilisation, mobilization, deployment, buildup, build-up
COERCE: ban, crackdown, curfew, blockade, restriction, restrictions
COERCE/arrest: arrest, arrests, detention
ASSAULT/abduct: abduction, kidnapping, hijacking
COERCE/deport: deportation, extradition
ASSAULT: attack, attacks, invasion, war, offensive, assault, clash, clashes, fighting, massacre, killing, killings, ambush, occupation, raid, incursion
ASSAULT/aerial: bombing, airstrike, airstrikes, air strike, air raid, bombardment
ASSAULT/heavy-weapons: shelling
ASSAULT/explosives: explosion, blast
ASSAULT/assassinate: assassination
""")

#: A negated verb of this kind states the opposite event: "never recognised" is a rejection.
NEGATION_FLIPS = {
    "recognise": "REJECT", "recognize": "REJECT", "accept": "REJECT", "agree": "REJECT",
    "approve": "REJECT", "comply": "REJECT", "support": "REJECT", "endorse": "REJECT",
    "allow": "REJECT", "sign": "REJECT", "ratify": "REJECT", "cooperate": "REJECT",
}

#: Verbs that carry a nominal trigger as their object ("held talks", "signed an agreement").
LIGHT_VERBS = words("light_verbs")

#: Nouns for which "strike" is military, not a walk-out.
MILITARY_WORDS = frozenset(["air", "missile", "drone", "rocket", "military", "airstrike", "artillery", "naval"])

#: PLOVER type → (CAMEO root code, quad class). Quad classes: 1 verbal cooperation,
#: 2 material cooperation, 3 verbal conflict, 4 material conflict.
CAMEO = {
    "AGREE": ("03", 1), "CONSULT": ("04", 1), "SUPPORT": ("05", 1), "CONCEDE": ("08", 2),
    "COOPERATE": ("06", 2), "AID": ("07", 2), "RETREAT": ("08", 2), "REQUEST": ("10", 3),
    "ACCUSE": ("11", 3), "REJECT": ("12", 3), "THREATEN": ("13", 3), "PROTEST": ("14", 4),
    "SANCTION": ("16", 4), "MOBILIZE": ("15", 4), "COERCE": ("17", 4), "ASSAULT": ("18", 4),
}
#: Finer CAMEO codes for some modes.
CAMEO_BY_MODE = {
    ("CONSULT", "visit"): "042", ("CONSULT", "host"): "043", ("CONSULT", "phone"): "040",
    ("COERCE", "arrest"): "173", ("COERCE", "deport"): "174", ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "heavy-weapons"): "194", ("ASSAULT", "firearms"): "190",
    ("ASSAULT", "assassinate"): "186", ("ASSAULT", "explosives"): "183",
    ("PROTEST", "strike-hun"): "142", ("PROTEST", "strike-gen"): "143", ("AGREE", "offer"): "03",
}
#: The intensity of each CAMEO root on the Goldstein scale (-10 most hostile … +10 most cooperative),
#: the usual "score" of event data; approximate root-level values.
GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0,
    "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}
#: Old GSR (PLOVER 0.5b1) labels → current types.
LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
