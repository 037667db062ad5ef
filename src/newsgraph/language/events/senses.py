"""Senses that are not events, found from the parse: words that look like event verbs but do not
head a clause of their own ("according to", "the attacking midfielder", "Nato-led forces")."""

from __future__ import annotations

#: Dependencies of a verb form that works as another part of speech: a preposition ("according
#: to", "following the talks"), an adjective or compound ("attacking midfielder", "wounded pride").
_NOT_CLAUSE_DEPS = frozenset(("prep", "amod", "compound", "mark", "case", "nmod", "npadvmod"))


def not_a_clause(verb) -> bool:
    """True when a token tagged as a verb does not head a clause, so states no event."""
    return verb.dep_ in _NOT_CLAUSE_DEPS
