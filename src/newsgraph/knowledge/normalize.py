"""Name normalisation shared by every index in the knowledge base.

One function decides when two surface forms are "the same name", so the build and the lookups
can never disagree: "Vučić" = "vucic", "Zürich" = "Zurich", "Bosnia & Herzegovina" =
"Bosnia and Herzegovina", "U.S." = "US", "the Netherlands" = "Netherlands".
"""

from __future__ import annotations

import re

from anyascii import anyascii

_DROP = re.compile(r"[.'`´’‘ʼ]")  # dots of initialisms and apostrophes join letters: U.S. → us
_SPLIT = re.compile(r"[^0-9a-z]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


def normalize(text: str) -> str:
    """Lower-case ASCII form with punctuation folded to single spaces and a leading "the" dropped."""
    s = anyascii(text).replace("&", " and ")
    s = _DROP.sub("", s).lower()
    s = _SPLIT.sub(" ", s).strip()
    if s.startswith("the ") and len(s) > 4:
        s = s[4:]
    return s


def is_acronym(alias: str) -> bool:
    """True for all-capital short forms (NATO, U.S., WHO) and short dotted abbreviations
    (Calif., Pa.) that must not match lower-case words.

    "who", "us" or "pa" in running text are words, not the World Health Organization, the United
    States or Pennsylvania, so such an alias only matches a query that is not entirely lower case.
    """
    alias = alias.removeprefix("the ")
    if alias.endswith(".") and len(alias) <= 6:
        return True
    return bool(_ACRONYM.match(_DROP.sub("", alias).replace(" ", "")))


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (with diacritics); GeoNames alternate names in other
    scripts would only add noisy transliterations to the index."""
    if text.isascii():
        return True
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in text if ch.isalpha())
