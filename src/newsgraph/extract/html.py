"""HTML page → Article.

The page is decoded (``encoding.decode``) and parsed ONCE into an lxml tree; every reader of the
page — metadata, body, captions, embeds, disclosures — gets that same tree and must not modify it
(trafilatura and htmldate copy it before their own cleaning). The one change is made here: once
metadata, captions, embeds and marked-up disclosures have read them, the parts only machines read
(scripts other than JSON-LD, styles, SVG, ``<meta>``, ``<link>``) and the asides and footers that
trafilatura deletes anyway are cut, so the body extractor copies and walks a smaller tree. Steps:

1. decode the bytes, validating the declared charset;
2. cap what reaches the parser: past :data:`STRIP_ABOVE` characters scripts, styles and comments
   are cut out first (they carry no article text); past :data:`PARSE_LIMIT` the rest is truncated,
   and both are logged with the origin so nothing is lost silently;
3. metadata (title, declared title, authors, dates, canonical URL, outlet, language, description,
   tags), with the source's own ``doc.meta`` (e.g. a feed item) as fallback for what the page lacks
   (not for the declared title: that is the page's own);
4. captions, embeds and the disclosures the markup flags; then the cut (:func:`drop_machine_parts`);
5. body text (``body.extract_body``), then the disclosures and the dateline written in it.

An empty or whitespace page gives an Article with empty text; binary data raises InputError.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring

from ..article import Article
from ..errors import InputError
from ..sources.base import RawDocument
from .body import DEFAULT_OPTIONS, BodyOptions, PageMeasures, extract_body
from .captions import extract_captions
from .dateline import find_dateline
from .disclosures import disclosures_in_markup, with_text_disclosures
from .embeds import embeds_from_html
from .encoding import decode
from .metadata import extract_metadata
from .nesting import flatten, strip_nesting, too_deep
from .signals import Signals, collect

LOGGER = logging.getLogger(__name__)

#: Above this many characters, scripts/styles/comments are removed before parsing.
STRIP_ABOVE = 2_000_000
#: The most markup (characters, after stripping) a page may hold. Past it the page is refused with
#: a clear error rather than truncated: cutting it would silently lose part of the text.
PARSE_LIMIT = 8_000_000

_PARSER = HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
# Every element an HtmlElement, chosen inside lxml: lxml.html's own lookup calls back into Python
# for each element object created (to pick FormElement, InputElement…), and every reader and
# trafilatura's copies create hundreds of thousands of them; it was 5-8% of a page's time. Form
# classes serve form filling, which nothing here does.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity)
_PARSER.set_element_class_lookup(_LOOKUP)
# The same parser without libxml2's depth limit (256 elements): a page nested deeper loses all
# text below the limit, so it is parsed again with this one and flattened (``nesting.flatten``).
_DEEP_PARSER = HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
                          huge_tree=True)
_DEEP_PARSER.set_element_class_lookup(_LOOKUP)
# The same two for UTF-8 bytes (``prepare_utf8``): the encoding is given, so a <meta charset> in
# the markup (the page's bytes before decoding) cannot send libxml2 decoding it again.
_UTF8_PARSER = HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
                          encoding="utf-8")
_UTF8_PARSER.set_element_class_lookup(_LOOKUP)
_DEEP_UTF8_PARSER = HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True,
                               huge_tree=True, encoding="utf-8")
_DEEP_UTF8_PARSER.set_element_class_lookup(_LOOKUP)
_NON_TEXT = re.compile(r"<(script|style|noscript|svg|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters XML cannot hold; libxml2 chokes on some of them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
# one walk in document order (an XPath union of seven "//" steps walks the tree seven times)
_MACHINE_PARTS = ("script", "style", "svg", "meta", "link", "aside", "footer")
_SOCIAL_TITLES = etree.XPath("//meta[@property='og:title' or @name='twitter:title']/@content")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—·•»:]\s+")


def prepare(html: str, origin: str = "<html>") -> str:
    """The markup handed to the parser: non-text blocks cut from huge pages; a page still over
    :data:`PARSE_LIMIT` is an InputError naming it (nothing is silently truncated)."""
    return _xml_safe(_capped(html, origin))


def prepare_utf8(html: str, origin: str = "<html>") -> bytes:
    """:func:`prepare`'s markup encoded as UTF-8, the form :func:`parse` reads fastest: the
    XML-safety check encodes the page anyway, and libxml2 would otherwise convert the string
    to UTF-8 a second time."""
    html = _capped(html, origin)
    raw = _safe_utf8(html)
    return raw if raw is not None else _INVALID_XML.sub("", html).encode("utf-8")


def _capped(html: str, origin: str) -> str:
    if len(html) > STRIP_ABOVE:
        before = len(html)
        html = _NON_TEXT.sub(" ", html)
        LOGGER.info("%s: page of %d chars, %d left after removing scripts/styles/comments",
                    origin, before, len(html))
    if len(html) > PARSE_LIMIT:
        raise InputError(
            origin,
            f"page too large to be one article: {len(html) / 1e6:.1f} M characters of markup left after "
            f"removing scripts, styles and comments (limit {PARSE_LIMIT / 1e6:.0f} M); not processed",
        )
    return _XML_DECL.sub("", html, count=1)


def _xml_safe(html: str) -> str:
    """``html`` without the characters lxml refuses in a string."""
    return html if _safe_utf8(html) is not None else _INVALID_XML.sub("", html)


def _safe_utf8(html: str) -> bytes | None:
    """The UTF-8 bytes of ``html`` when it holds none of the characters lxml refuses, else None.
    Checking first is cheap: the UTF-8 encoder fails on lone surrogates, ``bytes.translate``
    finds control bytes at C speed, and U+FFFE/U+FFFF are looked up in the string, where a
    one-character search is a memchr (in the bytes, their lead byte is common in CJK text);
    the regex scan over every page cost as much as a third of the parse."""
    try:
        raw = html.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if len(raw.translate(None, _CONTROL_BYTES)) != len(raw) or "\ufffe" in html or "\uffff" in html:
        return None
    return raw


def parse(html: str | bytes) -> HtmlElement | None:
    """The lxml.html root of ``html`` (a string, or UTF-8 bytes as :func:`prepare_utf8` gives),
    or None when there is nothing to parse."""
    if not html.strip():
        return None
    utf8 = isinstance(html, bytes)
    parser, deep_parser = (_UTF8_PARSER, _DEEP_UTF8_PARSER) if utf8 else (_PARSER, _DEEP_PARSER)
    tree = _parse_with(html, parser)
    if too_deep(parser.error_log):
        LOGGER.info("page nested deeper than the parser's limit: parsed again and flattened")
        tree = _parse_with(html, deep_parser)
        if too_deep(deep_parser.error_log):
            stripped = strip_nesting(html.decode("utf-8") if utf8 else html)
            tree = _parse_with(stripped.encode("utf-8") if utf8 else stripped, deep_parser)
        if tree is not None:
            flatten(tree)
    if tree is None:
        return None
    if tree is not None and tree.tag != "html":  # a fragment: give everyone the same document shape
        root = tree.getroottree().getroot()
        tree = root if root is not None and root.tag == "html" else tree
    return tree


def _parse_with(html: str | bytes, parser: HTMLParser) -> HtmlElement | None:
    try:
        return fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        if isinstance(html, bytes):
            return None
        try:  # libxml2 sometimes accepts as bytes what it refuses as str
            return fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
        except (etree.ParserError, ValueError):
            return None


def extract_html(doc: RawDocument, body_options: BodyOptions = DEFAULT_OPTIONS) -> Article:
    """One HTML page → Article. Raises InputError only for content that is not a page at all."""
    origin = doc.origin.label
    html = decode(doc.content, doc.encoding, origin=origin)
    tree = parse(prepare_utf8(html, origin))
    if tree is None:
        return _article({}, "", doc)
    signals = collect(tree)  # meta tags and JSON-LD, read once for metadata, captions and body
    meta = page_metadata(tree, doc.url, html, signals)
    titles = [t for t in (meta.get("title"), *title_candidates(tree)) if t]
    captions = extract_captions(tree, signals)
    embeds = embeds_from_html(tree, meta.get("canonical_url") or (doc.meta or {}).get("canonical_url") or doc.url)
    marked = disclosures_in_markup(tree, signals.labels)
    measures = drop_machine_parts(tree)
    text = extract_body(tree, url=doc.url, titles=titles, options=body_options, jsonld=signals.jsonld,
                        measures=measures)
    article = _article(meta, text, doc)
    article.captions, article.embeds = captions, embeds
    article.disclosures = with_text_disclosures(marked, article.text)
    if article.text:
        article.dateline = find_dateline(article.text.split("\n\n", 1)[0])
    return article


def drop_machine_parts(tree: HtmlElement) -> PageMeasures:
    """Cut what only machines read — scripts (JSON-LD kept), styles, inline SVG, ``<meta>`` and
    ``<link>`` — and the page's ``<aside>`` and ``<footer>`` once every other reader of them is
    done. trafilatura deletes all of these itself (in its cleaning and in the baseline's), so
    its result is the same while its copies and tree passes work on a smaller tree (a quarter to
    a third of a news page's elements). Tails are kept: text after a cut element stays.

    Returns what the body rules measure on the page as served (its paragraph text, the links of
    the cut asides and footers), taken before the cut: asides hold "related stories" rails, and
    footers count in the page's size."""
    parts = [e for e in tree.iter(_MACHINE_PARTS) if e.tag != "script" or "ld+json" not in (e.get("type") or "")]
    measures = PageMeasures.of(tree, [e for e in parts if e.tag in ("aside", "footer")])
    for element in parts:
        element.drop_tree()
    return measures


def page_metadata(tree: HtmlElement, url: str | None, html: str, signals: Signals | None = None) -> dict[str, Any]:
    """Title, authors, dates, canonical URL, outlet, language, description, tags (metadata module)."""
    return extract_metadata(tree, url, html, signals=signals)


def title_candidates(tree: HtmlElement) -> list[str]:
    """Headline forms the page shows: og:title, the first h1, and <title> with its site suffix cut."""
    found = list(_SOCIAL_TITLES(tree)[:2])
    h1 = tree.find(".//h1")
    if h1 is not None:
        found.append(h1.text_content())
    title = tree.findtext(".//title")
    if title:
        found.append(title)
        found.extend(part for part in _TITLE_SPLIT.split(title)[:1])
    return [" ".join(t.split()) for t in found if t and t.strip()]


def _article(meta: dict[str, Any], text: str, doc: RawDocument) -> Article:
    """An Article from page metadata, falling back to what the source knew (``doc.meta``)."""
    fallback = doc.meta or {}

    def pick(key: str, *aliases: str) -> Any:
        value = meta.get(key)
        if value:
            return value
        for name in (key, *aliases):
            if fallback.get(name):
                return fallback[name]
        return None

    url = doc.url or fallback.get("url")
    authors = pick("authors", "author")
    tags = pick("tags", "categories")
    return Article(
        url=url,
        canonical_url=pick("canonical_url"),
        source=pick("source") or _domain(url),
        language=pick("language", "lang"),
        title=pick("title"),
        declared_title=meta.get("declared_title"),  # the page's own: a feed's title is not the page's
        authors=[authors] if isinstance(authors, str) else list(authors or []),
        published=pick("published", "date"),
        modified=pick("modified", "updated"),
        description=pick("description", "summary"),
        text=text,
        tags=[tags] if isinstance(tags, str) else list(tags or []),
    )


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
