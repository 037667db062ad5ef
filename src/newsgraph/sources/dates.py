"""Normalise the dates sources carry (RFC 822 in RSS, ISO 8601 in Atom and JSON, WARC/ARC
timestamps, epoch numbers) to ISO 8601, keeping the zone when the source gives one."""

from __future__ import annotations

import email.utils
import re
import time
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateutil_parser

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    try:  # RSS pubDate: "Wed, 31 Jan 2018 07:26:05 GMT"
        return _format(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return _format(dateutil_parser.parse(text))
    except (ValueError, OverflowError, TypeError):
        return None


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
