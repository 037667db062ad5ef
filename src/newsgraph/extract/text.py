"""Plain text scraped from a page → Article.

:mod:`.zones` labels the lines (chrome, headline, caption, byline, body, tags, disclosures,
embedded posts); this module decodes the input, turns the zones into Article fields and lets
``doc.meta`` (what a JSONL record or a feed said about the item) fill what the text lacks.
Plain prose with no chrome comes through whole as the body.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from ..article import Article, Dateline
from ..errors import InputError
from ..sources.base import RawDocument
from .dateline import find_dateline, normalize_date, parse_byline
from .encoding import decode
from .zones import Page, zone_page


def extract_text(doc: RawDocument) -> Article:
    """One scraped text page → Article. Raises InputError when there is no text in it."""
    text = decode_text(doc)
    if not text.strip():
        raise InputError(origin_name(doc), "the document holds no text: nothing to extract")
    meta = doc.meta or {}
    page = zone_page(text, title_hint=meta_value(meta, "title", "headline"))
    return article_from_page(page, doc)


def decode_text(doc: RawDocument) -> str:
    return decode(doc.content, doc.encoding, html=False, origin=origin_name(doc))


def origin_name(doc: RawDocument) -> str:
    origin = doc.origin
    if origin is None:
        return doc.url or "<document>"
    return origin.input + (f"#{origin.record}" if origin.record else "")


def article_from_page(page: Page, doc: RawDocument) -> Article:
    """The Article of a zoned page: the page's own fields first, then what ``doc.meta`` knows."""
    meta = doc.meta or {}
    url = doc.url or meta_value(meta, "url", "link")
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
