"""Convert the PETRARCH2 / Phoenix actor and agent dictionaries into our compact package data.

Run once by a maintainer (the output is committed; nothing is converted at install or run time)::

    python -m newsgraph.knowledge.phoenix /path/to/petrarch2 [--out src/newsgraph/knowledge/data/phoenix]

The dictionaries (format: petrarch2 ``docs/source/dictionaries.rst``) are records of a primary
phrase, ``+`` synonyms and tab-indented ``[CODE date-restriction]`` lines. We keep what the actor
coder needs and drop the rest:

- ``actors.tsv.gz``: one line per person or group, ``key  type  name  aliases  roles``; aliases
  ``|``-separated, roles ``;``-separated ``CODE,from,until`` with ISO dates (empty = open).
  Country records (a bare ISO code such as ``AFGHANISTAN_ [AFG]``) are left out: the KB has its
  own countries. Records with no code at all are left out too: they cannot code anything.
- ``agents.tsv.gz``: ``phrase  code`` (lower case, words joined by spaces; the code keeps the
  dictionary's ``~`` mark: ``~COP`` follows a country code, ``NGO~`` stands before it), with the
  ``!PERSON!``-style substitutions and the plurals expanded.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .actors import NON_STATE

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
DEFAULT_OUT = Path(__file__).parent / "data" / "phoenix"

_BRACKET = re.compile(r"\[([^\]\}]*)[\]\}]")
_COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")
#: Words that make a dictionary phrase the name of a group rather than of a person. The files do
#: not say which records are people; people carry dated roles or a CountryInfo/IGOrulers source.
ORG_WORDS = frozenset({
    "AGENCY", "ALLIANCE", "ARMY", "ASSEMBLY", "ASSOCIATION", "AUTHORITY", "BANK", "BATTALION",
    "BOARD", "BRIGADE", "BUREAU", "CABINET", "CENTER", "CENTRE", "CHURCH", "COALITION", "COMMAND",
    "COMMISSION", "COMMITTEE", "COMMUNITY", "COMPANY", "CONFERENCE", "CONGRESS", "CONSORTIUM",
    "CONTINGENT", "CORPORATION", "CORPS", "COUNCIL", "COURT", "DEPARTMENT", "DIVISION", "FACTION",
    "FEDERATION", "FORCE", "FORCES", "FOUNDATION", "FRONT", "FUND", "GROUP", "GUARD", "GUARDS",
    "INITIATIVE", "INSTITUTE", "INSTITUTION", "LEAGUE", "MILITIA", "MINISTRY", "MISSION",
    "MOVEMENT", "NETWORK", "OFFICE", "ORGANISATION", "ORGANIZATION", "PANEL", "PARLIAMENT",
    "PARTY", "PROGRAM", "PROGRAMME", "REGIME", "SECRETARIAT", "SOCIETY", "TRIBUNAL", "UNION",
    "UNIT", "WATCH"
})


@dataclass
class Record:
    phrase: str
    synonyms: list[str] = field(default_factory=list)
    roles: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    person_source: bool = False  # the comment names a people list (CountryInfo, IGOrulers)


def _decode(raw: bytes) -> str:
    """The files are UTF-8 except for a few Latin-1 lines in the country file."""
    return "\n".join(_line(b) for b in raw.split(b"\n"))


def _line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def iso_date(text: str) -> str | None:
    """YYYYMMDD or YYMMDD as an ISO date; two-digit years 00-30 are 20xx (the files end in 2014).
    None for a malformed date (a few have seven digits)."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 30 else 1900 + year}{text[2:]}"
    if len(text) != 8 or not text.isdigit():
        return None
    month, day = int(text[4:6]), int(text[6:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def parse_role(body: str) -> tuple[str, str | None, str | None] | None:
    """``CODE``, ``CODE >date``, ``CODE <date`` or ``CODE date-date``; None for the null code
    ``---`` and for restrictions we cannot read."""
    parts = body.split()
    if not parts or parts[0].strip("-~") == "":
        return None
    code = parts[0].strip("~")
    if len(parts) == 1:
        return code, None, None
    spec = "".join(parts[1:])
    if spec.startswith(">"):
        start = iso_date(spec[1:])
        return (code, start, None) if start else None
    if spec.startswith("<"):
        end = iso_date(spec[1:])
        return (code, None, end) if end else None
    if "-" in spec:
        a, b = spec.split("-", 1)
        start, end = iso_date(a), iso_date(b)
        return (code, start, end) if start and end else None
    return None


def read_actor_records(text: str) -> list[Record]:
    records: list[Record] = []
    current: Record | None = None
    for raw in text.splitlines():
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        if raw[:1] in " \t" and current is not None:  # a date-restriction line
            current.roles += [r for r in map(parse_role, _BRACKET.findall(body)) if r]
            continue
        phrase = _BRACKET.split(body)[0].strip()
        roles = [r for r in map(parse_role, _BRACKET.findall(body)) if r]
        if body.startswith("+") and current is not None:
            current.synonyms.append(phrase[1:].strip())
            current.roles += roles
            continue
        current = Record(phrase, roles=roles, person_source=any(
            s in comment for s in ("CountryInfo", "IGOrulers")))
        records.append(current)
    return _join_unmarked_synonyms(records)


def _join_unmarked_synonyms(records: list[Record]) -> list[Record]:
    """A few blocks list their synonyms without the ``+`` mark, so that each reads as a record
    without a code, and only the last one before the code lines gets the codes (``BORIS_YELTSIN_``,
    ``YELTSIN``, … ``RUSSIAN_PRESIDENT_YELTSIN`` then ``[RUSGOV …]``). Codeless records right before
    a coded one join it when they hold its last word (a person's surname; a group's head noun
    such as FRONT only with another word in common); others stay apart (and are dropped later,
    having nothing to code with)."""
    out: list[Record] = []
    for record in records:
        if record.roles:
            run = []
            while out and not out[-1].roles and _same_head(out[-1].phrase, record.phrase):
                run.append(out.pop())
            if run:
                first, *rest = reversed(run)
                joined = [n for p in rest for n in (p.phrase, *p.synonyms)]
                record.synonyms = first.synonyms + joined + [record.phrase] + record.synonyms
                record.phrase = first.phrase
                record.person_source = record.person_source or first.person_source
        out.append(record)
    return out


def _same_head(a: str, b: str) -> bool:
    """Whether codeless phrase ``a`` names what ``b`` does: it holds b's last word (the surname,
    "GORBACHEV_ADMINISTRATION" too), and another word when that is a group's head noun (FRONT)."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb or wb[-1] not in wa:
        return False
    return wb[-1].upper() not in ORG_WORDS or len(set(wa) & set(wb)) >= 2


def words_of(phrase: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", phrase.strip("_ ")) if w]


def is_country(record: Record) -> bool:
    """A state (or region) record: some role is a bare three-letter code, as ``CROATIA_ [YUGHRV
    <910625] [HRV >920115]``; people and groups always have a sector after their country. A bare
    kind of actor is no state: ``KOFI_ANNAN_ [IGOUNO 970101-061231] [ELI]``, ``REUTERS [MED]``."""
    return not record.person_source and any(
        _COUNTRY_CODE.match(code) and code not in NON_STATE for code, _, _ in record.roles)


def actor_type(record: Record) -> str:
    """PERSON for the people lists (CountryInfo, IGOrulers) and for records holding an office for
    a time (dated roles) under a name of two to five words that is not a group's; ORG otherwise:
    a group's code is undated ("HAMAS [PSEREBHMS]")."""
    words = words_of(record.phrase)
    if record.person_source:
        return "PERSON"
    if any(w.upper() in ORG_WORDS for w in words) or not 2 <= len(words) <= 5 or words[0].upper() == "THE":
        return "ORG"
    return "PERSON" if any(start or end for _, start, end in record.roles) else "ORG"


def readable(phrase: str, type_: str) -> str:
    """ALEKSANDAR_VUCIC → Aleksandar Vucic; an organisation's short all-letter words stay upper
    case (NATO, IAEA, U.N.) since they are acronyms."""
    out = []
    for word in words_of(phrase):
        if "." in word or word.upper() in _ABBREVIATIONS or (
                type_ == "ORG" and len(word) <= 5 and word.isalpha() and len(words_of(phrase)) == 1):
            out.append(word)
        else:
            out.append("-".join(_capital(p) for p in word.split("-")))
    return " ".join(out)


_ABBREVIATIONS = frozenset({"US", "UK", "UN", "EU", "USA", "UAE", "AU"})


def _capital(word: str) -> str:
    lower = word.lower()
    first = next((i for i, c in enumerate(lower) if c.isalpha()), 0)
    return lower[:first] + lower[first:first + 1].upper() + lower[first + 1:]


def key_of(phrase: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", "_".join(words_of(phrase)).upper()).strip("_")


def convert_actors(records: list[Record]) -> dict[str, tuple]:
    """key → (type, name, aliases, roles); records sharing a key are merged."""
    out: dict[str, tuple] = {}
    for record in records:
        if not record.roles or is_country(record):
            continue
        key = key_of(record.phrase)
        if not key:
            continue
        type_ = actor_type(record)
        name = readable(record.phrase, type_)
        aliases = [readable(s, type_) for s in record.synonyms if words_of(s)]
        if key in out:
            old_type, name, old_aliases, old_roles = out[key]
            aliases = old_aliases + [a for a in aliases if a not in old_aliases]
            roles = old_roles + [r for r in record.roles if r not in old_roles]
            out[key] = (old_type, name, aliases, roles)
        else:
            roles = list(dict.fromkeys(record.roles))
            out[key] = (type_, name, [a for a in dict.fromkeys(aliases) if a != name], roles)
    return out


def convert_agents(text: str) -> dict[str, str]:
    """phrase → agent code, substitution markers and plurals expanded."""
    subs: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in text.splitlines():
        body = raw.split("#", 1)[0].strip()
        if not body:
            continue
        marker = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if marker:
            subs[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        code_m = _BRACKET.search(body)
        if not code_m or "~" not in code_m.group(1):
            continue
        code = code_m.group(1).strip()
        head = body[:code_m.start()].strip()
        plural_m = re.search(r"\{([^}]*)\}\s*$", head)
        plurals: list[str] | None = None
        if plural_m:
            plurals = plural_m.group(1).split()
            head = head[:plural_m.start()].strip()
        for phrase in _substitute(head, subs):
            forms = [phrase] + (plurals if plurals is not None else
                                [_plural(phrase)] if "!" not in head else [])
            for form in forms:
                key = " ".join(words_of(form)).lower()
                if key and key not in out:
                    out[key] = code
    return out


def _substitute(phrase: str, subs: dict[str, list[str]]) -> list[str]:
    for marker, options in subs.items():
        if marker in phrase:
            return [p for option in options for p in _substitute(phrase.replace(marker, option, 1), subs)]
    return [phrase]


def _plural(phrase: str) -> str:
    if phrase.endswith("_"):
        return phrase
    if phrase.endswith("Y") and phrase[-2:-1] not in "AEIOU":
        return phrase[:-1] + "IES"
    return phrase + ("ES" if phrase.endswith(("SS", "S", "X", "CH", "SH")) else "S")


def write_tsv(path: Path, rows) -> None:
    # mtime=0: the same input gives the same bytes, so a re-run shows no spurious diff
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write("".join("\t".join(row) + "\n" for row in rows).encode("utf-8"))


def convert(source: Path, out: Path) -> dict[str, int]:
    records = []
    for name in ACTOR_FILES:
        records += read_actor_records(_decode((source / name).read_bytes()))
    actors = convert_actors(records)
    agents = convert_agents(_decode((source / AGENT_FILE).read_bytes()))
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(out / "actors.tsv.gz", (
        (key, type_, name, "|".join(aliases), ";".join(f"{c},{a or ''},{b or ''}" for c, a, b in roles))
        for key, (type_, name, aliases, roles) in sorted(actors.items())))
    write_tsv(out / "agents.tsv.gz", sorted(agents.items()))
    people = sum(1 for v in actors.values() if v[0] == "PERSON")
    return {"records": len(records), "people": people, "groups": len(actors) - people, "agents": len(agents)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="folder holding the Phoenix *.actors.txt and agents files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    missing = [n for n in (*ACTOR_FILES, AGENT_FILE) if not (args.source / n).is_file()]
    if missing:
        print(f"error: {args.source} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    print(convert(args.source, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
