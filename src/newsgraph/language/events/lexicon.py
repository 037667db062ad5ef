"""Our lexicon of event triggers in the PLOVER ontology, and the CAMEO tables that go with it.

Verb and noun lemmas map to (PLOVER type, mode); the word lists are data grouped by "TYPE" or
"TYPE/mode" (``language/data/event_verbs.json``, ``event_nouns.json``). Multi-word verbs are written
"lemma particle" ("call off", "pull out", "call for"). Written for newsgraph from the PLOVER and
CAMEO category definitions; no other coder's dictionary was copied.
"""

from __future__ import annotations

from ...labels import LEGACY_TYPES as LEGACY  # noqa: F401 - the types live in labels, beside the filters
from ..wordlists import table, words


def _table(name: str) -> dict[str, tuple[str, str | None]]:
    """Read ``data/<name>.json``, {"TYPE[/mode]": [word, …]}, into {word: (TYPE, mode)}."""
    out: dict[str, tuple[str, str | None]] = {}
    for head, lemmas in table(name).items():
        kind, _, mode = head.partition("/")
        for word in lemmas:
            out[word] = (kind, mode or None)
    return out


VERBS = _table("event_verbs")
NOUNS = _table("event_nouns")

#: A negated verb of this kind states the opposite event: "never recognised" is a rejection.
NEGATION_FLIPS = {
    "recognise": "REJECT", "recognize": "REJECT", "accept": "REJECT", "agree": "REJECT",
    "approve": "REJECT", "comply": "REJECT", "support": "REJECT", "endorse": "REJECT",
    "allow": "REJECT", "sign": "REJECT", "ratify": "REJECT", "cooperate": "REJECT",
}

#: Yielding verbs that give something up only with an object: "returned the territory",
#: "released prisoners", "the ban was lifted"; "the negotiators returned to Geneva", "tensions
#: eased" yield nothing.
TRANSITIVE_YIELDS = frozenset(["return", "release", "free", "lift", "ease", "remove", "cancel", "relax", "pardon",
                               "cede"])

#: Verbs that carry a nominal trigger as their object ("held talks", "signed an agreement").
LIGHT_VERBS = words("light_verbs")

#: Nouns that name the doing of an event ("mediation efforts", "a bid for talks"): the modifier names it.
LIGHT_HEADS = words("light_head_nouns")

#: Nouns that count or time an event nominal: "five days of talks", "a wave of strikes".
MEASURE_NOUNS = words("measure_nouns")

#: Nouns for which "strike" is military, not a walk-out.
MILITARY_WORDS = frozenset(["air", "missile", "drone", "rocket", "military", "airstrike", "artillery", "naval"])

#: Words that make "exercises" and "drills" military ones, not a "learning exercise" or a "fire drill".
FORCE_WORDS = MILITARY_WORDS | frozenset(["army", "navy", "troops", "soldier", "warship", "force", "war", "defence",
                                          "defense", "marine", "fleet", "nato", "warplane", "submarine", "tank"])

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
    ("COERCE", "curfew"): "1723", ("COERCE", "martial-law"): "1724", ("PROTEST", "strike-hun"): "142", ("PROTEST", "strike-gen"): "143", ("AGREE", "offer"): "03",
}
