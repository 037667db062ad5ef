"""Normalise the dates sources carry (RFC 822 in RSS, ISO 8601 in Atom and JSON, WARC/ARC
timestamps, epoch numbers) to ISO 8601, keeping the zone when the source gives one."""

from __future__ import annotations

import email.utils
import re
import time
import warnings
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AM_PM = re.compile(r"\b[ap]\.?m\.?\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+\.?", re.UNICODE)
_WEEKDAY_PREFIX = re.compile(r"^\s*[^\W\d_]+\.?,\s*", re.UNICODE)

# Feeds outside the English-speaking world write RFC 822 dates with local month names
# ("Seg, 24 Set 2018"); the stdlib and feedparser read only English ones. Months of the
# commonest news languages (pt, es, fr, de, it, nl), as their first letters, lower-cased.
_MONTHS = {
    "jan": "Jan", "janv": "Jan", "ene": "Jan", "gen": "Jan", "jän": "Jan", "janeiro": "Jan",
    "fev": "Feb", "feb": "Feb", "févr": "Feb", "fevr": "Feb", "febr": "Feb",
    "mar": "Mar", "mär": "Mar", "mrt": "Mar", "mars": "Mar", "marz": "Mar", "março": "Mar",
    "abr": "Apr", "avr": "Apr", "apr": "Apr", "avril": "Apr",
    "mai": "May", "may": "May", "mag": "May", "mei": "May", "mayo": "May", "maio": "May",
    "jun": "Jun", "juin": "Jun", "giu": "Jun", "juni": "Jun", "junho": "Jun", "junio": "Jun",
    "jul": "Jul", "juil": "Jul", "lug": "Jul", "juli": "Jul", "julho": "Jul", "julio": "Jul",
    "ago": "Aug", "août": "Aug", "aout": "Aug", "aug": "Aug", "agosto": "Aug",
    "set": "Sep", "sep": "Sep", "sept": "Sep", "septiembre": "Sep", "setembro": "Sep",
    "out": "Oct", "oct": "Oct", "okt": "Oct", "ott": "Oct", "outubro": "Oct", "octubre": "Oct",
    "nov": "Nov", "novembro": "Nov", "noviembre": "Nov",
    "dez": "Dec", "dic": "Dec", "déc": "Dec", "dec": "Dec", "dezembro": "Dec", "diciembre": "Dec",
}  # fmt: skip


def to_iso(value: Any) -> str | None:
    """ISO 8601 for a date in any common form, or None when it cannot be read as a date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime):
        return _format(value)
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 14:  # ARC / Wayback timestamp: YYYYMMDDhhmmss, UTC
        return _parse_compact(text)
    if text.isdigit() and len(text) >= 9:
        return _from_epoch(float(text))
    return _parse_text(text)


def _parse_text(text: str) -> str | None:
    if _DATE_ONLY.fullmatch(text):  # a day without a time stays a day: no invented midnight
        return text
    try:
        return _format(datetime.fromisoformat(text))  # Python 3.11 reads a trailing "Z"
    except ValueError:
        pass
    rfc822 = _rfc822(text) or _rfc822(english_months(text))
    if rfc822:
        return rfc822
    try:
        return _format(parse_written(text))
    except (ValueError, OverflowError, TypeError):
        return None


def parse_written(text: str, **options: Any) -> datetime:
    """dateutil's ``parse`` without its UnknownTimezoneWarning on stderr: a zone abbreviation it
    cannot place ("EST") is dropped as before, but once per date in a batch of thousands that
    warning buried everything a user needs to read. Raises what dateutil raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownTimezoneWarning)
        return dateutil_parser.parse(text, **options)


def _rfc822(text: str) -> str | None:
    """RSS pubDate ("Wed, 31 Jan 2018 07:26:05 GMT"). The stdlib parser is lenient and would
    silently drop a 12-hour clock's PM, so such dates are left to dateutil."""
    if _AM_PM.search(text):
        return None
    try:
        return _format(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def english_months(text: str) -> str:
    """Drop a leading weekday and replace a local month name by its English abbreviation."""
    text = _WEEKDAY_PREFIX.sub("", text)

    def month(match: re.Match[str]) -> str:
        word = match.group(0).rstrip(".").lower()
        return _MONTHS.get(word, _MONTHS.get(word[:4], _MONTHS.get(word[:3], match.group(0))))

    return _WORD.sub(month, text)


def _parse_compact(text: str) -> str | None:
    try:
        return _format(datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC))
    except ValueError:
        return None


def _from_epoch(seconds: float) -> str | None:
    if seconds > 1e11:  # milliseconds, as JavaScript writes them
        seconds /= 1000
    try:
        return _format(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _format(moment: datetime) -> str:
    """Date only when the source gave no time of day; UTC written as ``Z``."""
    text = moment.isoformat()
    if text.endswith("+00:00"):
        text = text[:-6] + "Z"
    return text
