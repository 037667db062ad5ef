"""Lexicon of attribution cues, written for newsgraph: verbs and nouns that introduce speech."""

from __future__ import annotations

import re

#: Verbs that report speech or writing; a direct quote next to one of them is attributed to its subject.
SPEECH_VERBS = frozenset(["say", "tell", "add", "write", "state", "explain", "note", "insist", "argue", "claim", "ask", "reply", "respond", "answer", "declare", "announce", "warn", "suggest", "continue", "conclude", "recall", "acknowledge", "admit", "deny", "complain", "comment", "observe", "remark", "tweet", "post", "quip", "joke", "describe", "call", "urge", "stress", "emphasise", "emphasize", "assert", "maintain", "contend", "testify", "confirm", "report", "predict", "promise", "vow", "pledge", "caution", "concede", "boast", "lament", "allege", "accuse", "charge", "reiterate", "repeat", "mention", "point", "counter", "retort", "shout", "cry", "whisper", "mutter", "scream", "exclaim", "yell", "interject", "inform", "assure", "reveal", "disclose", "estimate", "speculate", "propose", "recommend", "demand", "plead", "implore", "order", "instruct", "advise", "tout", "hail", "praise", "criticise", "criticize", "blast", "slam", "decry", "condemn", "welcome", "thank", "apologize", "apologise", "question", "wonder", "muse", "reason", "recount", "tweeted", "signal", "indicate", "acknowledge", "agree", "disagree"])

#: Verbs of belief or knowledge that carry reported content in a clause ("she believes that…").
COGNITION_VERBS = frozenset(["believe", "think", "feel", "fear", "hope", "expect", "know", "consider", "doubt", "suspect", "worry", "reckon", "understand", "learn", "find", "conclude", "assume", "guess", "imagine", "predict", "foresee"])

#: Nouns that carry reported content in a "that" clause ("expressed his belief that…").
NOMINAL_CUES = frozenset(["belief", "view", "hope", "concern", "conviction", "claim", "statement", "assertion", "warning", "fear", "confidence", "opinion", "assessment", "assurance", "promise", "pledge", "argument", "allegation", "suggestion", "insistence", "expectation", "position"])

#: Verbs that only count as a cue for a short (partial) quote inside the sentence.
PARTIAL_CUES = frozenset(["call", "describe", "label", "dub", "term", "brand", "characterise", "characterize", "name"])

#: Where a statement was published; "wrote on Instagram" records the channel.
CHANNELS = {
    "instagram": "Instagram", "twitter": "X", "x": "X", "facebook": "Facebook", "telegram": "Telegram",
    "tiktok": "TikTok", "youtube": "YouTube", "linkedin": "LinkedIn", "threads": "Threads",
    "bluesky": "Bluesky", "truth social": "Truth Social", "weibo": "Weibo", "vk": "VK",
    "mastodon": "Mastodon", "substack": "Substack",
}
CHANNEL_RE = re.compile(
    r"\b(?:on|via|in a post on|in a tweet on|to)\s+(?:his |her |their |its )?(?:official )?"
    r"(" + "|".join(sorted((re.escape(k) for k in CHANNELS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
#: Verbs whose use alone names the channel.
CHANNEL_VERBS = {"tweet": "X", "retweet": "X"}

PRONOUNS = frozenset(["he", "she", "they", "him", "her", "them", "i", "we", "you", "it"])
