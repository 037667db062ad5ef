"""Numbers as news writes them: "107", "5,000", "1.2 million", "three", "twenty-five", "US$30",
"3bn".

A number is a run of number tokens in the spaCy parse; :func:`value` reads its value. What is not a
number is refused (None), because a count or an amount needs a figure a reader could check:
"dozens", "hundreds", "thousands" (vague plurals), "a few", an ordinal ("third").
"""

from __future__ import annotations

import re
from functools import lru_cache

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: the words "a" may stand before as the number one ("a million", "a hundred")
SCALE_WORDS = frozenset({*_SCALES, "hundred"})
#: the short scale suffixes of financial writing: "3bn", "$5m", "20k"
_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
#: a figure, with a currency written into the same token ("USD$23", "US$30", "€5") and a suffix
FIGURE = re.compile(r"^(?P<currency>[A-Z]{0,3}[$€£¥₹]|[$€£¥₹])?(?P<digits>\d[\d,]*(?:\.\d+)?)"
                    r"(?P<suffix>k|m|mn|bn|b|tn|trn)?$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def is_number_word(text: str) -> bool:
    """A token that can be part of a written number ("1.2", "million", "twenty-five", "US$30").
    Asked of nearly every word of an article, mostly the same words: the answers are kept."""
    low = text.lower()
    if low in _UNITS or low in _SCALES or low == "hundred":
        return True
    if FIGURE.match(text):
        return True
    parts = low.split("-")
    return len(parts) == 2 and all(p in _UNITS for p in parts)


def currency_prefix(text: str) -> str | None:
    """The currency written into a figure token ("US$" of "US$30"), else None."""
    match = FIGURE.match(text)
    return match.group("currency") if match and match.group("currency") else None


def value(words: list[str]) -> float | None:
    """The value of a number written as ``words`` (tokens), or None when it is not one number.

    "a"/"an" count as one before a scale word ("a million"); "1.2 million" is 1,200,000;
    "two hundred thousand" is 200,000."""
    total, current, seen = 0.0, 0.0, False
    for i, word in enumerate(words):
        low = word.lower()
        if low in ("a", "an") and i + 1 < len(words) and words[i + 1].lower() in SCALE_WORDS:
            current, seen = 1.0, True
            continue
        if low == "hundred":
            current = (current or 1.0) * 100
        elif low in _SCALES:
            total += (current or 1.0) * _SCALES[low]
            current = 0.0
        elif low in _UNITS:
            current += _UNITS[low]
        elif "-" in low and all(p in _UNITS for p in low.split("-")):
            current += sum(_UNITS[p] for p in low.split("-"))
        else:
            figure = _figure(word)
            if figure is None:
                return None
            current += figure
        seen = True
    return total + current if seen else None


def _figure(word: str) -> float | None:
    match = FIGURE.match(word)
    if not match:
        return None
    digits = match.group("digits")
    if "," in digits and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return None  # "1,2" is not a thousands separator: not a number we can read
    number = float(digits.replace(",", ""))
    suffix = (match.group("suffix") or "").lower()
    return number * _SUFFIXES[suffix] if suffix else number
