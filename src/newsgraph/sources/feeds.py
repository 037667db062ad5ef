"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser), and XML sitemaps incl. Google News sitemaps (lxml).

A feed item that carries the full article (``content:encoded``, Atom ``content``) becomes an
``html`` document; one with only a title and summary becomes a ``record``. Either way ``meta``
holds what the feed says: url, title, published, modified, authors, summary, tags, guid, language
and the feed's title as ``source``. feedparser accepts almost anything without complaint, so the
caller first checks the XML root element (see :func:`sniff.xml_root`) and we reject a parse that
found neither a feed version nor any entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
from lxml import etree

from ..article import Origin
from ..errors import InputError
from .base import RawDocument, SourceItem
from .dates import to_iso

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(data: bytes, name: str, encoding: str | None = None) -> Iterator[SourceItem]:
    """Every item of an RSS/Atom feed, in document order."""
    headers = {"content-type": f"application/xml; charset={encoding}"} if encoding else None
    # Sanitising would drop the iframes and scripts of embedded posts, which extraction reads.
    parsed = feedparser.parse(data, sanitize_html=False, response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.CharacterEncodingOverride):
        problem = None  # a wrong encoding declaration that feedparser got around: harmless
    if not parsed.entries and (problem or not parsed.get("version")):
        yield InputError(name, f"not a feed: {problem or 'no RSS or Atom channel found'}")
        return
    feed = parsed.feed
    source = _text(feed.get("title"))
    for index, entry in enumerate(parsed.entries):
        meta = _entry_meta(entry)
        if source:
            meta["source"] = source
        if feed.get("language") and "language" not in meta:
            meta["language"] = feed["language"]
        origin = Origin(name, record=str(index), kind="feed")
        yield _item_document(entry, meta, origin)


def _item_document(entry: Any, meta: dict[str, Any], origin: Origin) -> RawDocument:
    content = _full_content(entry)
    url = meta.get("url")
    if content is not None:
        value, kind = content
        return RawDocument(value, origin, kind=kind, url=url, meta=meta)
    return RawDocument(meta.get("summary", ""), origin, kind="record", url=url, meta=meta)


def _full_content(entry: Any) -> tuple[str, str] | None:
    """The longest content body and whether it is html or text; None when the item has none."""
    best: tuple[str, str] | None = None
    for part in entry.get("content") or []:
        value = part.get("value") or ""
        if not value.strip():
            continue
        kind = "html" if (part.get("type") or "text/html").lower() in _HTML_TYPES else "text"
        if best is None or len(value) > len(best[0]):
            best = (value, kind)
    return best


def _entry_meta(entry: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    url = entry.get("link") or _first_link(entry)
    if url:
        meta["url"] = url
    for key, source in (("title", "title"), ("summary", "summary"), ("guid", "id")):
        value = _text(entry.get(source))
        if value:
            meta[key] = value
    published = _date(entry, "published") or _date(entry, "created")
    modified = _date(entry, "updated")
    if published or modified:
        meta["published"] = published or modified
    if modified:
        meta["modified"] = modified
    authors = [a.get("name", "").strip() for a in entry.get("authors") or [] if a.get("name")]
    if not authors and _text(entry.get("author")):
        authors = [_text(entry.get("author"))]
    if authors:
        meta["authors"] = authors
    tags = [t.get("term", "").strip() for t in entry.get("tags") or [] if (t.get("term") or "").strip()]
    if tags:
        meta["tags"] = tags
    if entry.get("language"):
        meta["language"] = entry["language"]
    return meta


def _first_link(entry: Any) -> str | None:
    for link in entry.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link["href"]
    return None


def _date(entry: Any, key: str) -> str | None:
    """The raw date string keeps its zone; feedparser's parse (UTC) catches other forms. Plain
    ``dict.get`` skips feedparser's deprecated ``updated``→``published`` fallback (and its warning)."""
    return to_iso(dict.get(entry, key)) or to_iso(dict.get(entry, f"{key}_parsed"))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_sitemap(data: bytes, name: str) -> Iterator[SourceItem]:
    """Every ``<url>`` of a sitemap (with Google News fields) or ``<sitemap>`` of a sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        yield InputError(name, f"not a sitemap: {exc}")
        return
    if root is None:
        yield InputError(name, "not a sitemap: the XML could not be parsed")
        return
    is_index = etree.QName(root).localname.lower() == "sitemapindex"
    index = 0
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname not in ("url", "sitemap"):
            continue
        meta = _sitemap_meta(node)
        if not meta.get("url"):
            continue
        if is_index:
            meta["sitemap"] = True  # points at another sitemap, not at an article
        yield RawDocument("", Origin(name, record=str(index), kind="sitemap"), kind="record",
                          url=meta["url"], meta=meta)  # fmt: skip
        index += 1


def _sitemap_meta(node: Any) -> dict[str, Any]:
    value = _child_texts(node)
    for child in node:  # Google News fields live in <news:news>; <image:title> is not the headline
        if isinstance(child.tag, str) and etree.QName(child).localname.lower() == "news":
            for key, text in _child_texts(child, deep=True).items():
                value.setdefault(key, text)
    meta: dict[str, Any] = {}
    if value.get("loc"):
        meta["url"] = value["loc"]
    lastmod = to_iso(value.get("lastmod"))
    published = to_iso(value.get("publication_date"))
    if lastmod:
        meta["modified"] = lastmod
    if published or lastmod:
        meta["published"] = published or lastmod
    for key, field in (("title", "title"), ("source", "name"), ("language", "language")):
        if value.get(field):
            meta[key] = value[field]
    keywords = value.get("keywords")
    if keywords:
        meta["tags"] = [word.strip() for word in keywords.split(",") if word.strip()]
    return meta


def _child_texts(node: Any, deep: bool = False) -> dict[str, str]:
    """Local name → stripped text of the element's children (all descendants when ``deep``)."""
    children = node.iter() if deep else iter(node)
    texts: dict[str, str] = {}
    for child in children:
        if child is node or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            texts.setdefault(etree.QName(child).localname.lower(), text)
    return texts
