"""One validation layer for the values people filter by, shared by the CLI, the Python store
API and the web app, so ``--since 2009-13-01`` is refused the same way everywhere.

Each function takes what a user typed and returns the canonical value, or raises
:class:`ArgumentError` naming the valid forms (the CLI exits 2 with it, the web answers 422 with
a JSON body carrying ``field`` and ``valid``). ``None`` and empty strings mean "no filter".

Dates: an ISO day (``2025-03-01``), ``today``, ``yesterday``, or a number of days, weeks,
months or years ago (``7d``, ``2w``, ``3m``, ``1y``), counted back from today in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import cache

from .errors import ConfigError
from .labels import ENTITY_TYPES, LEGACY_TYPES, PLOVER_TYPES

DATE_FORMS = "YYYY-MM-DD, today, yesterday, or Nd / Nw / Nm / Ny (days, weeks, months, years ago)"
_RELATIVE = re.compile(r"(\d{1,5})\s*([dwmy])")


class ArgumentError(ConfigError):
    """A filter value that is not one of its valid forms; ``field`` names the option and
    ``valid`` lists what would have been accepted."""

    def __init__(self, field: str, message: str, valid: list[str] | str, *, code: str) -> None:
        super().__init__(message, code=code)
        self.field = field
        self.valid = valid


def day(value: str | None, field: str = "since", today: date | None = None) -> str | None:
    """``value`` as an ISO day (YYYY-MM-DD), or None for no bound."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    today = today or datetime.now(UTC).date()
    if text in ("today", "yesterday"):
        return (today - timedelta(days=text == "yesterday")).isoformat()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        n, unit = int(relative[1]), relative[2]
        if unit in "dw":
            return (today - timedelta(days=n * (7 if unit == "w" else 1))).isoformat()
        months = n * (12 if unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        if year < 1:
            raise ArgumentError(field, f"{field} {value!r} is before year 1", DATE_FORMS, code="E214")
        return _clamped(year, month + 1, today.day).isoformat()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ArgumentError(field, f"{field} {value!r} is not a date: use {DATE_FORMS}", DATE_FORMS,
                            code="E214") from None


def _clamped(year: int, month: int, day_: int) -> date:
    """The day in that month, the 31st of a 30-day month becoming its last day."""
    for d in range(day_, 27, -1):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, min(day_, 28))


def day_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Both bounds as ISO days; a ``since`` after ``until`` selects nothing and is refused."""
    first, last = day(since, "since"), day(until, "until")
    if first and last and first > last:
        raise ArgumentError("since", f"since {first} is after until {last}: swap them", DATE_FORMS, code="E214")
    return first, last


def _choice(value: str | None, field: str, valid: tuple[str, ...], aliases: dict[str, str] | None = None, *,
            code: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    key = str(value).strip().upper()
    key = (aliases or {}).get(key, key)
    if key in valid:
        return key
    import difflib

    close = difflib.get_close_matches(key, valid, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise ArgumentError(field, f"{field} {value!r} is not known{hint}; valid: {', '.join(valid)}",
                        list(valid), code=code)


def event_type(value: str | None, field: str = "type") -> str | None:
    """A PLOVER event type, any case (``assault`` → ``ASSAULT``; the old ``FIGHT`` → ``ASSAULT``)."""
    return _choice(value, field, PLOVER_TYPES, LEGACY_TYPES, code="E215")


def entity_type(value: str | None, field: str = "type") -> str | None:
    """An entity type (PERSON, ORG, GPE, LOC, NORP…), any case."""
    return _choice(value, field, ENTITY_TYPES, code="E216")


@cache
def _countries() -> dict[str, str]:
    """Every ISO 3166 alpha-3, alpha-2 and name (upper case) → alpha-3; Kosovo as XKX."""
    import pycountry

    out = {"XKX": "XKX", "XK": "XKX", "KOSOVO": "XKX"}
    for c in pycountry.countries:
        for key in (c.alpha_3, c.alpha_2, c.name, getattr(c, "common_name", None)):
            if key:
                out[key.upper()] = c.alpha_3
    return out


def country(value: str | None, field: str = "country") -> str | None:
    """A country as ISO 3166 alpha-3, given as alpha-3, alpha-2 or its English name (ISO's or a
    common one: "Russia", "Syria", "Ivory Coast")."""
    if value is None or not str(value).strip():
        return None
    found = _countries().get(str(value).strip().upper())
    if found is None:  # names the ISO list writes otherwise ("Russia", "Syria"): the KB's aliases
        from .knowledge import get_kb

        entry = get_kb().country(str(value).strip())
        found = entry.country if entry is not None else None
    if found is None:
        raise ArgumentError(field, f"{field} {value!r} is not an ISO 3166 country: give its alpha-3 code "
                            "(SRB, USA, UKR), alpha-2 code or English name", "ISO 3166 alpha-3", code="E217")
    return found


def fts(text: str | None, field: str = "q") -> str | None:
    """A full-text query that SQLite can take: refuses what has no word to search for (``*``,
    ``()``) and control characters; None for an empty query. Syntax errors SQLite finds are
    reported by :func:`fts_syntax_error` at run time."""
    if text is None or not text.strip():
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        raise ArgumentError(field, "the full-text query contains a control character (such as NUL): remove it",
                            FTS_FORMS, code="E218")
    if not any(ch.isalnum() for ch in text):
        raise ArgumentError(field, f"the full-text query {text!r} has no word to search for: `*` only ends a prefix "
                            "(obam*), and a phrase goes in double quotes", FTS_FORMS, code="E218")
    return text


FTS_FORMS = 'words, "a phrase", a OR b, a NOT b, NEAR(a b), prefix*'
#: Signs that a query was meant as FTS5 syntax, not pasted prose: operators and brackets. Then a
#: syntax error is reported instead of the text being searched again as plain words; a stray
#: quote or apostrophe in a pasted headline is not a sign ("EU's "top" is searched as words).
_SYNTAX = re.compile(r"[()]|\b(AND|OR|NOT|NEAR)\b")


def meant_as_syntax(text: str) -> bool:
    return bool(_SYNTAX.search(text))


def fts_syntax_error(text: str, reason: str, field: str = "q") -> ArgumentError:
    literal = '"' + text.replace('"', '""') + '"'
    return ArgumentError(field, f"{text!r} is not a valid full-text query ({reason}); use "
                         f"{FTS_FORMS}, or to search the text literally put it in double quotes: {literal}",
                         FTS_FORMS, code="E218")
