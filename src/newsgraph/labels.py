"""The labels that mean "a place", in their two senses, defined once.

A mention or an entity is a place when the model or the rules label it GPE, LOC or FAC: a building
or an airport is somewhere an event can happen. The knowledge base's place lookups (``kb.places``)
take only GPE and LOC entries: the built KB holds no facilities, and a FAC entry a user imports is
found by name (``kb.lookup``), never offered as a gazetteer candidate.
"""

from __future__ import annotations

#: Mention labels and entity types that name a place (geoparsed, exported with coordinates).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: The types of knowledge-base entries that are gazetteer places.
KB_PLACE_TYPES = frozenset({"GPE", "LOC"})

#: The types an entity can have: spaCy's name labels (OntoNotes) and MISC for names of no other kind.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                "LANGUAGE", "MISC")

#: The PLOVER event types (PLOVER manual 0.8).
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

#: Old GSR (PLOVER 0.5b1) labels → current types.
LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
