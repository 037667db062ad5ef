"""People and groups with dated CAMEO roles, from the Phoenix dictionaries (``data/phoenix``).

A role is ``(CAMEO actor code, from, until)`` with ISO dates or None for an open end:
``("SRBGOV", "2012-07-27", None)``. :func:`role_at` picks the code valid on a date, so "Putin" in
2005 is ``RUSGOV`` and in 1995 ``RUSELI``. The dictionaries end in 2014; people who took office
later are coded from their titles, or from the user's own KB rows (which may carry roles too).

The agents table (``agents.tsv.gz``) maps generic nouns to a CAMEO sector code: "rebels" →
``~REB``, "police" → ``~COP``; the ``~`` says on which side of a country code it goes.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from importlib import resources

Role = tuple[str, "str | None", "str | None"]
DATA = ("phoenix", "actors.tsv.gz"), ("phoenix", "agents.tsv.gz")
#: First three letters of a CAMEO code that are not a country: the code's kind is its sector.
NON_STATE = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "ELI", "REB", "UAF", "INS", "SPY", "CVL", "OPP",
                       "BUS", "MED", "REL", "CRM", "LAB", "EDU", "HLH", "HRI", "ENV", "AGR", "PPL"})
#: CAMEO prefixes that differ from ISO 3166 alpha-3 (ANG is a slip for Angola in the files).
CAMEO_COUNTRY = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "SCG": "SRB", "ANG": "AGO"}
#: CAMEO's kind of actor as the sector word our entities carry (a multinational is a business).
SECTOR_OF_KIND = {"MNC": "BUS", "NGM": "NGO"}


def data_bytes(*parts: str) -> bytes:
    return resources.files(__package__).joinpath("data", *parts).read_bytes()


def _lines(*parts: str) -> Iterator[list[str]]:
    for line in gzip.decompress(data_bytes(*parts)).decode("utf-8").splitlines():
        yield line.split("\t")


@lru_cache(maxsize=1)
def iso3() -> frozenset[str]:
    """ISO 3166 alpha-3 codes (with Kosovo's XKX): which CAMEO prefixes are countries."""
    import pycountry

    return frozenset({c.alpha_3 for c in pycountry.countries} | {"XKX"})


def parse_roles(text: str) -> tuple[Role, ...]:
    out = []
    for item in text.split(";"):
        code, _, dates = item.partition(",")
        start, _, end = dates.partition(",")
        if code:
            out.append((code, start or None, end or None))
    return tuple(out)


def encode_roles(roles) -> str:
    """The stored form :func:`parse_roles` reads back: ``CODE,from,until`` joined by ``;``."""
    return ";".join(f"{code},{start or ''},{end or ''}" for code, start, end in roles)


def split_code(code: str, countries: frozenset[str] | set[str] | None = None) -> tuple[str | None, str | None]:
    """(ISO alpha-3 country, sector) of a CAMEO actor code: SRBGOV → (SRB, GOV), IGOWSTNAT →
    (None, IGO), PSEREBHMS → (PSE, REB), MNCUSA → (None, BUS), and a region's group MEAREB →
    (None, REB)."""
    head = code[:3]
    if head in NON_STATE:
        return None, SECTOR_OF_KIND.get(head, head)
    country = CAMEO_COUNTRY.get(head, head)
    rest = code[3:6]
    sector = SECTOR_OF_KIND.get(rest, rest) if len(rest) == 3 else None
    if country not in (iso3() if countries is None else countries):
        return None, sector  # a CAMEO region (MEA, SAS, WEU) or a former state: no country
    return country, sector


def role_at(roles: Sequence[Role], date: str | None) -> str | None:
    """The code valid on ``date`` (an ISO date or its first 10 characters); the narrowest dated
    window wins ("SRBGOVMIL 2012-2013" over "SRBGOV >2012"), then the undated default. Without a
    date, the latest role: an actor is most often in the news for what they do now."""
    if not roles:
        return None
    if not date:
        return latest(roles)
    day = date[:10]
    dated = [r for r in roles if (r[1] or r[2]) and (r[1] or "") <= day and (r[2] is None or day <= r[2])]
    if dated:
        return min(dated, key=lambda r: (_span(r), -len(r[0])))[0]
    default = [r for r in roles if not (r[1] or r[2])]
    return default[0][0] if default else None


def latest(roles: Sequence[Role]) -> str | None:
    """The role that began last (an open end counts as still held); the default when none is dated."""
    if not roles:
        return None
    dated = [r for r in roles if r[1] or r[2]] or list(roles)
    return max(dated, key=lambda r: (r[2] is None, r[2] or "", r[1] or ""))[0]


def _span(role: Role) -> int:
    start, end = role[1] or "0000", role[2] or "9999"
    return (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7] or 0) - int(start[5:7] or 0)


def actor_rows(countries: frozenset[str] | set[str]) -> Iterator[tuple]:
    """KB rows for the dictionary's people and groups: id ``actor:<KEY>``, country and sector of
    the latest role (a person's nationality rarely changes; their office does, see role_at)."""
    for key, type_, name, aliases, roles in _lines(*DATA[0]):
        parsed = parse_roles(roles)
        country, sector = split_code(latest(parsed) or "", countries)
        if country is None:  # a person's earlier roles still say where they come from
            country = next((c for c, _ in (split_code(r[0], countries) for r in parsed) if c), None)
        names = tuple(a for a in aliases.split("|") if a)
        short = short_name if type_ == "PERSON" else group_names
        names += tuple(dict.fromkeys(s for n in (name, *names) for s in short(n) if s and s not in names))
        yield (f"actor:{key}", name, type_, names, country, sector, None, None, None, None, 0, None, None, parsed)


#: Particles inside a person's name that belong to the surname ("Fernando de la Rua", "Osama bin Laden").
_PARTICLES = frozenset({"de", "da", "del", "della", "di", "do", "dos", "das", "du", "la", "le", "al", "el",
                        "bin", "ibn", "ben", "abu", "abd", "ould", "van", "von", "der", "den", "ter", "mac"})


def group_names(name: str) -> tuple[str, ...]:
    """Names news gives a group that its dictionary name holds: without the acronym the dictionary
    puts in parentheses, and the acronym itself ("Moro Islamic Liberation Front (Milf)" → "Moro
    Islamic Liberation Front", "MILF"; a qualifier such as "(South Africa)" stays); without the
    Arabic article ("Al-Fatah" → "Fatah")."""
    out: list[str] = []
    m = re.match(r"^(.+?)\s*\(([A-Za-z]{2,8})\)$", name)
    if m and m.group(2).upper() in _initials(m.group(1)):
        out += [m.group(1), m.group(2).upper()]
    m = re.match(r"^al[- ](\w.{2,})$", out[0] if out else name, flags=re.IGNORECASE)
    if m and len(m.group(1).split()) <= 3:
        out.append(m.group(1))
    return tuple(out)


def _initials(name: str) -> set[str]:
    """A name's acronyms: of all its words, and of its words without the small ones."""
    words = re.findall(r"[A-Za-z]+", name)
    small = {"and", "of", "the", "for", "in", "de", "la", "du", "des", "al"}
    return {"".join(w[0] for w in words).upper(),
            "".join(w[0] for w in words if w.lower() not in small).upper()}


def short_name(name: str) -> tuple[str, ...]:
    """The first and last name of a three-word name, as news writes it: "Carlos Saul Menem" →
    "Carlos Menem", "Kofi Atta Annan" → "Kofi Annan"; nothing when a particle or initial makes the
    middle word part of the surname or the name is no plain three-word name."""
    words = name.split()
    if len(words) != 3 or any(not w[:1].isupper() or "." in w or len(w) < 2 for w in words):
        return ()
    if any(w.lower() in _PARTICLES for w in words):
        return ()
    return (f"{words[0]} {words[2]}",)


@lru_cache(maxsize=1)
def agents() -> dict[tuple[str, ...], str]:
    """Agent phrases by their lower-case words → code with its ``~`` ("rebels" → "~REB")."""
    return {tuple(phrase.split()): code for phrase, code in _lines(*DATA[1])}
