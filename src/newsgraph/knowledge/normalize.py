"""Name keys: the functions that decide when two names are the same name, all in one place.

:func:`normalize` is the knowledge base's key, shared by every index so the build and the lookups
can never disagree: "Vučić" = "vucic", "Zürich" = "Zurich", "Bosnia & Herzegovina" =
"Bosnia and Herzegovina", "U.S." = "US", "the Netherlands" = "Netherlands".

The other keys are kept apart because they answer other questions, and merging them would change
what the pipeline makes of real pages (measured on the wikinews corpus and the KB's names):

- :func:`name_key`: the graph's key across articles (the in-memory graph and the store's writer
  both), :func:`normalize` after the possessive.
- :func:`mention_key`: within one article, which mentions are one entity; finer than
  :func:`normalize` at dots, apostrophes and "&".
- :func:`casefold_key` and :func:`ascii_casefold_key`: the geoparser's stricter tests of "named
  exactly as written", which must not equate "U.S." and "US".
"""

from __future__ import annotations

import functools
import re

from anyascii import anyascii

_DROP = re.compile(r"[.'`´’‘ʼ]")  # dots of initialisms and apostrophes join letters: U.S. → us
_SPLIT = re.compile(r"[^0-9a-z]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_POSSESSIVE = re.compile(r"(?:['’ʼ]s|s['’ʼ])$", re.IGNORECASE)
_MENTION_POSSESSIVE = re.compile(r"['’]s?$")
_MENTION_ARTICLE = re.compile(r"^the\s+")
_MENTION_SPLIT = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=100_000)  # the same names recur across articles (the writer, the graph)
def normalize(text: str) -> str:
    """Lower-case ASCII form with punctuation folded to single spaces and a leading "the" dropped."""
    s = anyascii(text).replace("&", " and ")
    s = _DROP.sub("", s).lower()
    s = _SPLIT.sub(" ", s).strip()
    if s.startswith("the ") and len(s) > 4:
        s = s[4:]
    return s


def name_key(name: str) -> str:
    """The form two entity names must share for the graph to merge them across articles: the
    possessive dropped ("Vučić's" = "Vucic", "Reuters'" = "Reuters"), then :func:`normalize`.

    Differs from :func:`normalize` only on a trailing possessive: "Downtown St. John's" gives
    "downtown st john" here and "downtown st johns" there. The store's writer keyed its nodes with
    :func:`normalize` until migration ``0012``; since then both the graph and the writer use this key
    (a store made before keeps its older ids for names with a possessive).
    """
    stripped = _POSSESSIVE.sub(lambda m: "s" if m.group(0).lower().startswith("s") else "", name.strip())
    return normalize(stripped) or name.strip().casefold()


@functools.lru_cache(maxsize=100_000)  # asked for every mention and alias, many times per article
def mention_key(text: str) -> str:
    """The form two mentions in one article must share to be one entity: transliterated, lower
    case, no possessive, no leading "the" ("Vučić's" = "VUCIC" = "vucic").

    Finer than :func:`normalize`: a dot or an apostrophe inside a name breaks words instead of
    joining them ("U.S." → "u s", "Amazon.com" → "amazon com", "A-ch'eng" → "a ch eng") and "&"
    joins without spaces ("AT&T" → "atandt", :func:`normalize` gives "at and t").
    """
    key = anyascii(text).lower().strip()
    key = _MENTION_POSSESSIVE.sub("", key).strip()
    key = _MENTION_ARTICLE.sub("", key)
    key = key.replace("&", "and")
    return _MENTION_SPLIT.sub(" ", key).strip()


def casefold_key(text: str) -> str:
    """Same letters, case and spacing aside: the geoparser's test that a candidate is named exactly
    as written. Stricter than :func:`normalize`: "Zürich" ≠ "Zurich", "U.S." ≠ "US"."""
    return " ".join(text.casefold().split())


def ascii_casefold_key(text: str) -> str:
    """:func:`casefold_key` after transliteration, hyphens read as spaces: "Zürich" = "Zurich",
    "Saint-Denis" = "Saint Denis", but "St. Louis" ≠ "St Louis" (:func:`normalize` equates them).
    The geoparser's test that a small place was named by its own name, not an alternate one."""
    return casefold_key(anyascii(text)).replace("-", " ")


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
