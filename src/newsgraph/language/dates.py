"""Date expressions: the rules that find them and the calendar arithmetic that resolves them.

Each rule is a regular expression with a handler that turns a match into an ISO value and its
precision, given the :class:`Anchor` (the article's date) and whether the clause speaks of the
future. :data:`RULES` keeps them in order; the order breaks ties between equally long matches.
:mod:`.time` runs them over an article's zones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .wordlists import words

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30,
}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?P<num>\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|fortnight|month|year|decade)s?"
_MOD = r"(?:(?P<mod>early|mid|late|the end of|the start of|the beginning of|the middle of)[\s-]+)?"

# Count nouns after which a four-digit number is a quantity, not a year ("2000 people").
_QUANTITY_NOUNS = "|".join(sorted(words("quantity_nouns")))


@dataclass
class Anchor:
    """The date an expression is resolved against."""

    date: dt.date | None


# --- calendar arithmetic ---------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_year(month: int, anchor: dt.date, future: bool) -> int:
    """The year of a month named without one: the latest such month not after the anchor's, or the
    next one when the sentence is in the future tense."""
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _weekday(weekday: int, anchor: dt.date, future: bool) -> dt.date:
    """Newswire style names the day of the week for events of the last or next seven days, the
    article's own day included ("on Tuesday" in a Tuesday story is that day)."""
    if future:
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift(anchor: dt.date, unit: str, n: int) -> tuple[str, str]:
    """Anchor moved by n units, at the precision of the unit."""
    if unit == "day":
        return (anchor + dt.timedelta(days=n)).isoformat(), "day"
    if unit in ("week", "fortnight"):
        days = 7 * n * (2 if unit == "fortnight" else 1)
        return (anchor + dt.timedelta(days=days)).isoformat(), "week"
    if unit == "month":
        return _add_months(anchor, n).strftime("%Y-%m"), "month"
    if unit == "decade":
        return str(anchor.year + 10 * n), "year"
    return str(anchor.year + n), "year"


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def _unit(word: str) -> str:
    return word.lower().removesuffix("s")


# --- the rules -----------------------------------------------------------------------------------

Handler = Callable[[re.Match, Anchor, bool], tuple[str | None, str | None]]
RULES: list[tuple[re.Pattern, Handler]] = []


def rule(pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        RULES.append((re.compile(pattern, flags), fn))
        return fn

    return wrap


def _day_value(year: int, month: int, day: int) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None, None


@rule(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")
def _iso(m: re.Match, anchor: Anchor, future: bool):
    y, mo, d = (int(x) for x in m["iso"].split("-"))
    return _day_value(y, mo, d)


@rule(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:%|per|bn|m\b))")
def _month_day(m: re.Match, anchor: Anchor, future: bool):
    month = MONTHS[m["month"].lower().rstrip(".")]
    day = int(m["day"])
    if m["year"]:
        return _day_value(int(m["year"]), month, day)
    if anchor.date is None:
        return None, None
    return _day_value(_month_year(month, anchor.date, future), month, day)


@rule(rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")
def _day_month(m: re.Match, anchor: Anchor, future: bool):
    return _month_day(m, anchor, future)


@rule(rf"\b{_MOD}{_MONTH}\s*,?\s+{_YEAR}\b")
def _month_year_rule(m: re.Match, anchor: Anchor, future: bool):
    return f"{m['year']}-{MONTHS[m['month'].lower().rstrip('.')]:02d}", "month"


# A month named alone is read as a date only after a word that makes it one: "may" is also a verb.
@rule(rf"\b(?:(?:in|since|until|till|by|from|to|through|during|of|last|next|this|early|mid|late|"
      rf"end of|start of|beginning of|middle of)[\s-]+){_MONTH}(?!\s+\d)\b")
def _month_alone(m: re.Match, anchor: Anchor, future: bool):
    if anchor.date is None:
        return None, None
    month = MONTHS[m["month"].lower().rstrip(".")]
    words = m.group(0).lower()
    if words.startswith("last"):
        year = anchor.date.year if month < anchor.date.month else anchor.date.year - 1
    elif words.startswith("next"):
        year = anchor.date.year if month > anchor.date.month else anchor.date.year + 1
    elif words.startswith("this"):
        year = anchor.date.year
    else:
        year = _month_year(month, anchor.date, future)
    return f"{year}-{month:02d}", "month"


@rule(r"\b(?:the\s+)?(?P<mod2>early|mid|late)?[\s-]*(?P<decade>(?:1[6-9]|20)\d0)['’]?s\b")
def _decade(m: re.Match, anchor: Anchor, future: bool):
    start = int(m["decade"])
    return f"{start}/{start + 9}", "decade"


@rule(r"\b(?:the\s+)?['’](?P<short>[0-9]0)s\b")
def _short_decade(m: re.Match, anchor: Anchor, future: bool):
    short = int(m["short"])
    start = (1900 if short >= 30 else 2000) + short
    return f"{start}/{start + 9}", "decade"


@rule(rf"\b{_MOD}{_YEAR}\b(?![-–/]\d|\s*(?:%|per\s?cent|{_QUANTITY_NOUNS})\b|,\d)", re.IGNORECASE)
def _year(m: re.Match, anchor: Anchor, future: bool):
    return m["year"], "year"


@rule(r"\b(?P<word>today|tonight|this morning|this afternoon|this evening|yesterday|tomorrow|"
      r"last night|the day before yesterday|the day after tomorrow)\b", re.IGNORECASE)
def _deictic(m: re.Match, anchor: Anchor, future: bool):
    if anchor.date is None:
        return None, None
    offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}
    return (anchor.date + dt.timedelta(days=offsets.get(m["word"].lower(), 0))).isoformat(), "day"


_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th)\s+$", re.IGNORECASE)


@rule(rf"\b(?:(?:on|last|next|this)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b")
def _weekday_rule(m: re.Match, anchor: Anchor, future: bool):
    # the ordinal stands right before the weekday: a short look-behind, not the whole text before it
    if anchor.date is None or _ORDINAL_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) \
            or m.string.startswith(" of ", m.end()):
        return None, None  # "the second Monday of May" is a calendar rule, not a recent weekday
    wd = WEEKDAYS[m["weekday"].lower()]
    first = m.group(0).split()[0].lower()
    if first == "next":
        future = True
    elif first == "last":
        future = False
    day = _weekday(wd, anchor.date, future)
    if first == "last" and day == anchor.date:
        day -= dt.timedelta(days=7)
    if first == "next" and day == anchor.date:
        day += dt.timedelta(days=7)
    return day.isoformat(), "day"


@rule(rf"\b{_NUM}\s+{_UNIT}\s+(?P<dir>ago|earlier|before|later|from now|hence)\b", re.IGNORECASE)
def _ago(m: re.Match, anchor: Anchor, future: bool):
    n = _number(m["num"])
    if anchor.date is None or n is None:
        return None, None
    # "earlier"/"later" count from a time the sentence names, so only ago/from now are anchored here
    if m["dir"].lower() in ("earlier", "before", "later"):
        return None, None
    sign = -1 if m["dir"].lower() == "ago" else 1
    return _shift(anchor.date, _unit(m["unit"]), sign * n)


@rule(r"\b(?P<rel>last|next|this|past|coming)\s+(?P<unit>week|month|year|decade|fortnight)\b", re.IGNORECASE)
def _relative_unit(m: re.Match, anchor: Anchor, future: bool):
    if anchor.date is None:
        return None, None
    unit, rel = m["unit"].lower(), m["rel"].lower()
    n = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
    if unit in ("week", "fortnight"):
        return _week(anchor.date + dt.timedelta(days=7 * n)), "week"
    if unit == "decade":
        end = anchor.date.year if n <= 0 else anchor.date.year + 10
        return f"{end - 10 if n <= 0 else anchor.date.year}/{end}", "range"
    value, precision = _shift(anchor.date, unit, n)
    return value, precision


@rule(rf"\b(?:the\s+|over\s+the\s+|in\s+the\s+)?(?P<rel>past|last|next|coming)\s+{_NUM}\s+{_UNIT}\b", re.IGNORECASE)
def _span(m: re.Match, anchor: Anchor, future: bool):
    n = _number(m["num"])
    if anchor.date is None or n is None:
        return None, None
    sign = 1 if m["rel"].lower() in ("next", "coming") else -1
    other = _shift_date(anchor.date, _unit(m["unit"]), sign * n)
    start, end = sorted((anchor.date, other))
    return f"{start.isoformat()}/{end.isoformat()}", "range"


def _shift_date(anchor: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return anchor + dt.timedelta(days=n)
    if unit in ("week", "fortnight"):
        return anchor + dt.timedelta(days=7 * n * (2 if unit == "fortnight" else 1))
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    return _add_months(anchor, n * months)


# Expressions that point in time without naming a date: kept, with no value.
@rule(r"\b(?:in\s+)?(?:recent|coming|past|last|next)\s+(?:few\s+|several\s+)(?:days|weeks|months|years|decades)\b"
      r"|\b(?:in\s+)?recent\s+(?:days|weeks|months|years|decades|times)\b"
      r"|\b(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+)?(?:future|past)\b"
      r"|\b(?:a\s+few|several|some)\s+(?:days|weeks|months|years)\s+ago\b"
      r"|\b(?:recently|nowadays|these\s+days|soon|lately)\b", re.IGNORECASE)
def _vague(m: re.Match, anchor: Anchor, future: bool):
    return None, None


#: A length of time, not a point in it: "six years", "about two more weeks".
DURATION = re.compile(rf"^(?:about\s+|nearly\s+|almost\s+|more than\s+|over\s+)?{_NUM}(?:\s+more)?\s+{_UNIT}$",
                      re.IGNORECASE)
