"""Lexicon of attribution cues, written for newsgraph: verbs and nouns that introduce speech.

The lists themselves are data (``language/data/*_verbs.txt``, ``*_cues.txt``, ``channels.json``).
"""

from __future__ import annotations

import re

from ..wordlists import table, words

#: Verbs that report speech or writing; a direct quote next to one of them is attributed to its subject.
SPEECH_VERBS = words("speech_verbs")

#: Verbs of belief or knowledge that carry reported content in a clause ("she believes that…").
COGNITION_VERBS = words("cognition_verbs")

#: Nouns that carry reported content in a "that" clause ("expressed his belief that…").
NOMINAL_CUES = words("nominal_cues")

#: Verbs that only count as a cue for a short (partial) quote inside the sentence.
PARTIAL_CUES = words("partial_cues")

#: Where a statement was published; "wrote on Instagram" records the channel.
CHANNELS = table("channels")
CHANNEL_RE = re.compile(
    r"\b(?:on|via|in a post on|in a tweet on|to)\s+(?:his |her |their |its )?(?:official )?"
    r"(" + "|".join(sorted((re.escape(k) for k in CHANNELS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
#: Verbs whose use alone names the channel.
CHANNEL_VERBS = {"tweet": "X", "retweet": "X"}

PRONOUNS = frozenset(["he", "she", "they", "him", "her", "them", "i", "we", "you", "it"])
