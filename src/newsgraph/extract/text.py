"""Plain text scraped from a page → Article.

:mod:`.zones` labels the lines that say what they are by their form (chrome, captions, tags,
disclosures, embedded posts); this module finds the header among the rest (headline: the last
headline-shaped line above the first byline, date line or prose paragraph; dek; byline; dates),
joins the body, and lets ``doc.meta`` (what a JSONL record or a feed said about the item) fill
what the text lacks. Plain prose with no chrome comes through whole as the body.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from ..article import Article, Dateline
from ..errors import InputError
from ..sources.base import RawDocument
from .dateline import (
    BYLINE_START_RE,
    NAME_WORDS,
    find_date,
    find_dateline,
    is_date_line,
    looks_like_byline,
    normalize_date,
    parse_byline,
    split_dates,
)
from .encoding import decode
from .zones import Page, Unit, is_chrome, is_prose, join_paragraphs, zone_lines


def extract_text(doc: RawDocument) -> Article:
    """One scraped text page → Article. Raises InputError when there is no text in it."""
    text = decode_text(doc)
    if not text.strip():
        raise InputError(origin_name(doc), "the document holds no text: nothing to extract")
    meta = doc.meta or {}
    page = zone_page(text, title_hint=meta_value(meta, "title", "headline"))
    return article_from_page(page, doc)


def zone_page(text: str, title_hint: str | None = None, *, guess_title: bool = True) -> Page:
    """Zone a scraped page. With ``guess_title`` off, only a line matching ``title_hint`` is a headline
    (a record's body text seldom repeats its headline, and its first line is then a paragraph)."""
    page = zone_lines(text)
    _zone_header(page.units, page, title_hint or page.title, guess_title)
    for unit in page.units:
        unit.kind = unit.kind or "body"
    page.paragraphs = join_paragraphs(page.units)
    return page


def decode_text(doc: RawDocument) -> str:
    return decode(doc.content, doc.encoding, html=False, origin=origin_name(doc))


def origin_name(doc: RawDocument) -> str:
    return doc.origin.label if doc.origin is not None else doc.url or "<document>"


def article_from_page(page: Page, doc: RawDocument) -> Article:
    """The Article of a zoned page: the page's own fields first, then what ``doc.meta`` knows."""
    meta = doc.meta or {}
    url = doc.url or meta_value(meta, "url", "link") or page.url
    published = _published(page.published, normalize_date(meta_value(meta, "published", "date", "pubdate")))
    body = "\n\n".join(page.paragraphs)
    dateline = page.dateline
    if page.paragraphs:
        opening = find_dateline(page.paragraphs[0], year=_year(published))
        if opening and (dateline is None or dateline.place is None):
            date = opening.date or (dateline.date if dateline else None)
            dateline = Dateline(place=opening.place, date=date, text=opening.text)
    return Article(
        url=url,
        canonical_url=meta_value(meta, "canonical_url"),
        source=meta_value(meta, "source", "site", "outlet") or _domain(url),
        language=meta_value(meta, "language", "lang"),
        title=page.title or meta_value(meta, "title", "headline"),
        authors=page.authors or _authors(meta),
        published=published,
        modified=page.modified or normalize_date(meta_value(meta, "modified", "updated")),
        description=page.description or meta_value(meta, "summary", "description"),
        dateline=dateline,
        text=body,
        captions=page.captions,
        tags=page.tags or _list(meta.get("tags") or meta.get("keywords")),
        embeds=page.embeds,
        disclosures=page.disclosures,
    )


def _published(from_page: str | None, from_meta: str | None) -> str | None:
    # A feed often carries the same day with its time and zone: the more precise value wins.
    if from_page and from_meta and len(from_page) <= 10 and from_meta.startswith(from_page):
        return from_meta
    return from_page or from_meta


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def meta_value(meta: dict[str, Any], *keys: str) -> Any:
    """The first non-empty value among ``keys`` of a record's fields, stripped when a string."""
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value.strip() if isinstance(value, str) else value
    return None


def _authors(meta: dict[str, Any]) -> list[str]:
    value = meta.get("authors") or meta.get("author") or meta.get("byline")
    names: list[str] = []
    whole = isinstance(value, str) and re.search(r"\s(?:and|&)\s", value)  # else "A, B" splits at commas
    for item in [value] if whole else _list(value):
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str) or not name.strip():
            continue
        # A feed's author field is often a whole byline: "Sam Jones in Madrid and Ann Lee in Rome".
        bylined = re.search(r"^by\s|\s(?:and|in|&)\s|,.*\s(?:and|&)\s", name.strip(), re.IGNORECASE)
        found = parse_byline(name)[0] if bylined else []
        names.extend(n for n in (found or [name.strip()]) if n not in names)
    return names


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, dict):
        return [value]
    return [item.get("term", item.get("name")) if isinstance(item, dict) else item for item in value]


def _domain(url: str | None) -> str | None:
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# ---------------------------------------------------------------- header

_HEADER_SPAN = 25  # lines after the headline where bylines and dates are looked for


def _zone_header(units: list[Unit], page: Page, title_hint: str | None, guess_title: bool) -> None:
    head = _find_headline(units, title_hint, guess_title)
    start = 0
    if head is not None:
        units[head].kind = "headline"
        page.title = units[head].text
        for unit in units[max(0, head - 6) : head]:  # some outlets print byline and date above
            if not unit.kind:
                _header_line(unit, page)
        for unit in units[:head]:
            unit.kind = unit.kind or "chrome"  # kickers, section names and banners above the headline
        start = head + 1
    first_meta = None
    for k in range(start, min(len(units), start + _HEADER_SPAN)):
        if not units[k].kind and _header_line(units[k], page) and first_meta is None:
            first_meta = k
    if not page.authors:
        _bare_name_byline(units, start, page)
    if head is not None and first_meta is not None:
        dek = [u for u in units[start:first_meta] if not u.kind]
        for unit in dek:
            unit.kind = "dek"
        page.description = " ".join(u.text for u in dek) or None
    if not page.authors:
        for unit in units:
            if unit.kind == "credits":
                for part in unit.text.split(";"):
                    if re.match(r"^\s*(?:reporting|writing) by\b", part, re.IGNORECASE):
                        page.authors.extend(a for a in parse_byline(part)[0] if a not in page.authors)


def _header_line(unit: Unit, page: Page) -> bool:
    """Take ``unit`` as a byline or a date line if it is one; whether it was."""
    if looks_like_byline(unit.text):
        _take_byline(unit, page)
    elif is_date_line(unit.text):
        _take_date(unit, page)
    elif _name_with_date(unit, page):
        pass
    else:
        return False
    return True


def _dated_name(text: str) -> tuple[str, str] | None:
    """ "Jane Doe - Apr 16, 2015 8:02 pm UTC": a bare name and the date in one line → (name, ISO date)."""
    if len(text) >= 120:
        return None
    dates, rest = split_dates(text)
    return (_display_name(rest), dates[0]) if dates and _is_name_line(rest) else None


def _name_with_date(unit: Unit, page: Page) -> bool:
    found = _dated_name(unit.text)
    if found is None:
        return False
    name, when = found
    unit.kind, unit.data = "byline", ([name], None, when)
    if name not in page.authors:
        page.authors.append(name)
    page.published = page.published or when
    return True


def _find_headline(units: list[Unit], title_hint: str | None, guess: bool = True) -> int | None:
    hint = _norm(title_hint)
    if hint:
        for k, unit in enumerate(units[:60]):
            line = _norm(unit.text)
            if (
                unit.kind in ("", "chrome")
                and line
                and (line == hint or (len(line) >= 20 and (hint.startswith(line) or line.startswith(hint))))
            ):
                return k
    if not guess:
        return None
    free = [k for k, u in enumerate(units) if not u.kind]
    # The headline sits just above the first byline, date line or prose paragraph; taglines, menus
    # and section labels above it are chrome. Walk back from that anchor over headline-shaped lines.
    anchor = next((k for k in free[:400] if _is_anchor(units[k].text)), None)
    above = [k for k in free if k < anchor] if anchor is not None else free[:40]
    for k in above:
        if units[k].heading in (1, 2) and len(units[k].text.split()) <= 40:
            return k
    run = _headline_run(units, above, min_words=4) or _headline_run(units, above, min_words=1)
    if not run or not any(k > run[0] for k in free):
        return None  # a headline heads something: a text of one line ("X met Y") is its own body
    return run[0]


def _headline_run(units: list[Unit], above: list[int], min_words: int) -> list[int]:
    """The topmost line of the run of headline-shaped lines nearest above the anchor.

    Short lines ("Share via Email", "Analysis") and one dek ending in a full stop may sit between
    the headline and the anchor; they are stepped over. A run of several headline-shaped lines is a
    headline followed by its dek, so the top one is the headline, unless it is a short kicker
    ("World news", "Seascape: the state of our oceans") above a longer headline. The run may step
    over chrome ("Read Later", "Share") but not over a whole menu: lines far apart are not one header.
    """
    run: list[int] = []
    skipped = 0
    for k in reversed(above):
        text = units[k].text
        far = run and run[-1] - k > 12
        if headline_shaped(text) and len(text.split()) >= min_words and not far:
            run.append(k)
        elif run or skipped >= 6:
            break
        else:
            skipped += 1
    run.reverse()
    while len(run) > 1 and _kicker(units[run[0]].text, units[run[1]].text):
        run.pop(0)
    return run


def _kicker(upper: str, lower: str) -> bool:
    short, long = len(upper.split()), len(lower.split())
    return short <= 4 < long or (short <= 6 and long >= 1.5 * short)


def _is_anchor(text: str) -> bool:
    return is_prose(text) or looks_like_byline(text) or is_date_line(text)


def headline_shaped(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)  # words with letters: "1:39 PM ET" has two
    return (
        3 <= len(words) <= 30
        and len(text) <= 220
        and not text.endswith((".", ",", ";", ":"))
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'")
        and "@" not in text
        and not BYLINE_START_RE.match(text)
        and not is_date_line(text)
        and _dated_name(text) is None
        and not re.match(r"\d{1,2}[:.]\d{2}\b", text)  # "12:00 PM PT -- …" is a live-blog stamp
        and not re.search(r"[a-z]\. [A-Z]", text)  # two sentences: prose broken by the layout
    )


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "").lower()).split())


def _is_name_line(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words if w.lower() not in NAME_WORDS)
        and not (
            headline_shaped(text) and len(words) > 3 or is_chrome(text) or re.search(r"[^\w\s'’.-]", text)
        )
    )


def _display_name(text: str) -> str:
    return text.title() if text.isupper() else text


def _bare_name_byline(units: list[Unit], start: int, page: Page) -> None:
    """Outlets that print no "By" put the bare name right beside the date line: take that one name."""
    free = [k for k in range(start, min(len(units), start + _HEADER_SPAN)) if units[k].kind in ("", "date")]
    for n, k in enumerate(free):
        beside = [units[j] for j in free[max(0, n - 1) : n + 2] if j != k]
        if not units[k].kind and _is_name_line(units[k].text) and any(u.kind == "date" for u in beside):
            name = _display_name(units[k].text)
            units[k].kind, units[k].data = "byline", ([name], None, None)
            page.authors.append(name)
            return


def _take_byline(unit: Unit, page: Page) -> None:
    authors, place, when = parse_byline(unit.text)
    unit.kind, unit.data = "byline", (authors, place, when)
    page.authors.extend(a for a in authors if a not in page.authors)
    if place and page.dateline is None:  # a byline's date alone is the publication date, not a dateline
        page.dateline = Dateline(place=place, date=when[:10] if when else None, text=unit.text)
    if when and not page.published:
        page.published = when


def _take_date(unit: Unit, page: Page) -> None:
    found = find_date(unit.text)
    unit.kind = "date"
    if found is None:
        return
    # "Updated 2 hours ago" after a date does not make that date a modification time.
    if re.search(r"\b(?:updated|modified|edited)\b\W*(?:on|at)?\W*$", unit.text[: found[1]], re.IGNORECASE):
        page.modified = page.modified or found[0]
    else:
        page.published = page.published or found[0]
