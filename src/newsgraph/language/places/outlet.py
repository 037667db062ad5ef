"""The outlet's home from its web address: "parisbeacon.com" names Paris, "bangordailynews.com"
Bangor, "news-illinois.com" Illinois; else from its name ("The Paris Beacon").

In local news the outlet's home is the strongest clue to what an ambiguous name means: "Paris" in
a paper from Paris, Illinois is that town. Many domains say where the paper is, as a place name
beside the words newspapers are named with (:file:`outlet_words.txt`); which place of that name
is meant is then decided with the rest of the article, like any toponym (:mod:`.geoparse`).

1. The registered label of the host ("parisbeacon" for www.parisbeacon.com, "tipperarystar" for
   tipperarystar.ie; the "co" of "co.uk" is skipped); hyphens and digits split it.
2. The label must read as one place name plus nameplate words ("paris" + "beacon"); a place
   name alone ("gainesville.com", "panorama.am") is ``bare``: it counts only for a city of
   :data:`BARE_MIN_POPULATION`+ or a place in the country of the domain's country code.
3. The place is a town, county, state or country of the gazetteer named exactly (one space may be
   missing: "sanfrancisco"), never a region or continent, and at least four letters long.

The outlet's country comes from its country-code domain (``.rs``), else from the KB's media list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...knowledge import KnowledgeBase
from ...knowledge.normalize import normalize
from ..wordlists import words
from .candidates import COMPASS, feature_code

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "or", "ne", "news"})
_NOT_HOMES = frozenset({"CONT", "RGN", "OCN", "SEA", "DSRT", "MTS"})
_MIN_LETTERS = 4
BARE_MIN_POPULATION = 50_000  # a bare domain names a town big enough to own its name


def site_label(url: str | None) -> tuple[str, str]:
    """(registered label, top-level domain) of a URL or bare host; empty strings when none."""
    host = re.sub(r"^[a-z]+://", "", (url or "").strip().lower()).split("/")[0].split(":")[0]
    parts = [p for p in host.split(".") if p and p != "www"]
    if len(parts) < 2:
        return "", ""
    tld, rest = parts[-1], parts[:-1]
    if len(tld) == 2 and len(rest) >= 2 and rest[-1] in _SECOND_LEVEL:
        rest = rest[:-1]
    return rest[-1], tld


def home_name(url: str | None, kb: KnowledgeBase, source: str | None = None) -> tuple[str, bool] | None:
    """(place name, bare) the outlet's domain names, else its name ("The Paris Beacon"), or None."""
    label, _ = site_label(url)
    found = _home_in_label(label, kb) if label else None
    if found is None and source and "." not in source:
        # words of a name run together like a domain's, so one reading serves both
        label = "".join(re.findall(r"[a-z]+", source.lower()))
        found = _home_in_label(label, kb) if label else None
    return found


@lru_cache(maxsize=4096)
def _home_in_label(label: str, kb: KnowledgeBase) -> tuple[str, bool] | None:
    chunks = [c for c in re.split(r"[^a-z]+", label) if c]
    found: list[tuple[int, str, bool]] = []
    for n, chunk in enumerate(chunks):
        others_ok = all(_nameplate(c) for i, c in enumerate(chunks) if i != n)
        if not others_ok:
            continue
        for a in range(len(chunk)):
            for b in range(len(chunk), a + _MIN_LETTERS - 1, -1):
                if not (_nameplate(chunk[:a]) and _nameplate(chunk[b:])):
                    continue
                name = _place_named(chunk[a:b], kb)
                if name:
                    bare = len(chunks) == 1 and a == 0 and b == len(chunk)
                    found.append((b - a, name, bare))
    if not found:
        return None
    _, name, bare = max(found)
    return name, bare


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    return words("outlet_words") | {"the"}


@lru_cache(maxsize=65536)
def _nameplate(text: str) -> bool:
    """``text`` is empty or a run of nameplate words ("dailynews")."""
    if not text:
        return True
    return any(text.startswith(w) and _nameplate(text[len(w):]) for w in _words())


def _place_named(text: str, kb: KnowledgeBase) -> str | None:
    """The gazetteer name written ``text`` without spaces ("sanfrancisco" → "San Francisco")."""
    if text in _words() or text in COMPASS:
        return None
    for guess in (text, *(f"{text[:k]} {text[k:]}" for k in range(2, len(text) - 1))):
        for entry in kb.places(guess):
            if feature_code(entry) in _NOT_HOMES or str(entry.id).startswith("region:"):
                continue
            if normalize(entry.name).replace(" ", "") == text:
                return entry.name
    return None


def home_options(name: str, kb: KnowledgeBase) -> list[Any]:
    """The places a home name may be: towns, counties, states and countries, never regions."""
    return [e for e in kb.places(name)
            if feature_code(e) not in _NOT_HOMES and not str(e.id).startswith("region:")
            and normalize(e.name) == normalize(name)]


_TLD_EXCEPTIONS = {"uk": "GB"}  # the one country-code domain that is not its ISO alpha-2
_GENERIC_TLDS = {"co", "io", "tv", "me", "fm", "ly", "ai", "eu"}  # used as brands, not as countries


def outlet_country(source: str | None, url: str | None) -> str | None:
    """The outlet's country from its country-code domain (``.rs`` → SRB), when it has one."""
    import pycountry

    host = source if source and "." in source else (url or "")
    host = re.sub(r"^[a-z]+://", "", host.lower()).split("/")[0].split(":")[0]
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return None
    record = pycountry.countries.get(alpha_2=_TLD_EXCEPTIONS.get(tld, tld).upper())
    return record.alpha_3 if record is not None else None


def media_country(source: str | None, kb: KnowledgeBase) -> str | None:
    """The country of an outlet the KB knows by name ("The Hindu" → IND), when the domain says none."""
    if not source or "." in source:
        return None
    for entry in kb.lookup(source, type="ORG"):
        if str(entry.id).startswith("media:") and entry.country:
            return entry.country
    return None
