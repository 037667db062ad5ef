"""Structured records → Article: JSONL rows and feed items whose fields are in ``doc.meta``.

A record says what it is (url, title, text or body, published, authors, language, source, tags,
summary), but its text can still be anything: clean prose, a page a scraper flattened to text
(chrome, bylines, hashtags, an embedded post), a whole HTML page or an HTML snippet from a feed.
So the text goes to whichever reader fits it, and the record's own fields fill what that reader
did not find.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError

from ..article import Article
from ..errors import InputError
from ..sources.base import RawDocument
from . import sniff_kind
from .encoding import decode
from .text import article_from_page, meta_value, origin_name, zone_page

_TEXT_KEYS = ("text", "body", "content", "articleBody", "article", "summary", "description")
_FULL_PAGE = re.compile(r"<(?:!doctype|html|body|head)\b", re.IGNORECASE)
_ANY_TAG = re.compile(
    r"<(?:p|br|div|span|a|img|figure|blockquote|iframe|em|strong|b|i|ul|li|h[1-6])\b[^>]*>", re.IGNORECASE
)
_BLOCKS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "tr",
    "pre",
)


def extract_record(doc: RawDocument) -> Article:
    """One structured record → Article. Raises InputError when it has no text, title or url."""
    meta = doc.meta or {}
    text = _record_text(doc)
    if not text.strip():
        if not (meta_value(meta, "title") or doc.url or meta_value(meta, "url")):
            raise InputError(origin_name(doc), "the record has no text, title or url: nothing to extract")
        return article_from_page(zone_page(""), doc)
    if _FULL_PAGE.search(text[:4096]) or (sniff_kind(text) == "html" and len(text) > 2000):
        from .html import extract_html

        page = RawDocument(text, doc.origin, kind="html", url=doc.url or meta_value(meta, "url"), meta=meta)
        article = extract_html(page)
        if article.text.strip():
            return article
    if _ANY_TAG.search(text):
        text = fragment_text(text)
    page = zone_page(
        text, title_hint=meta_value(meta, "title", "headline"), guess_title=not meta_value(meta, "title")
    )
    return article_from_page(page, doc)


def _record_text(doc: RawDocument) -> str:
    if doc.content:
        return decode(doc.content, doc.encoding, html=False, origin=origin_name(doc))
    value = meta_value(doc.meta or {}, *_TEXT_KEYS)
    return value if isinstance(value, str) else ""


def fragment_text(markup: str) -> str:
    """An HTML snippet (a feed summary, a JSONL "body" with <p> tags) as text, one block a paragraph."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", markup)
    for junk in root.xpath(".//script|.//style|.//noscript"):
        junk.drop_tree()
    for element in root.iter(*_BLOCKS, "br"):
        # The tree is our own parse of a string, so marking block edges in it harms no caller.
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
            continue
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
