"""One pass over a parsed page collecting the structured metadata publishers leave for machines.

Dates, authors, titles, tags and captions all read the same few places — ``<meta>``, JSON-LD,
``<time>``, ``<link rel>`` and microdata — so :func:`collect` walks the tree once and the other
modules (``dates``, ``metadata``, ``captions``) read the :class:`Signals` it returns. The tree is
never modified.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

# JSON-LD types that describe the page's own story (not the site, a breadcrumb or a person).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting",
        "LiveBlogPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle", "Report",
        "DiscussionForumPosting", "Blog",
    )
)
# Other content objects: a page's main item when it is no article, but often an embedded video or
# a review box inside an article, so read after the article objects and the meta tags.
CONTENT_TYPES = frozenset(
    t.lower()
    for t in ("Review", "Recipe", "HowTo", "VideoObject", "MedicalWebPage", "CreativeWork", "PodcastEpisode")
)
PAGE_TYPES = frozenset(("webpage", "itempage", "collectionpage", "aboutpage", "faqpage", "qapage"))

_REL_LINKS = etree.XPath("descendant-or-self::a[@rel]")
_ITEMPROPS = etree.XPath("//*[@itemprop]")
# Plain strings: captions, bylines and disclosure notes test class and id words on them first.
LABELS = etree.XPath("descendant-or-self::*/@class | descendant-or-self::*/@id", smart_strings=False)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CDATA = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")


@dataclass
class Signals:
    """What the page declares about itself, keys lower-cased."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # name/property/itemprop/http-equiv -> contents
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # every object, @graph flattened
    times: list[tuple[str, Any]] = field(default_factory=list)  # (datetime attr, element) of <time>
    links: dict[str, list[str]] = field(default_factory=dict)  # rel -> hrefs
    rel_author: list[Any] = field(default_factory=list)  # <a rel=author> elements
    rel_tag: list[str] = field(default_factory=list)  # texts of rel=tag links
    itemprops: dict[str, list[Any]] = field(default_factory=dict)  # microdata elements by itemprop
    labels: list[str] = field(default_factory=list)  # every class and id value, in page order
    html_lang: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys``, in the order given."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value and value.strip():
                    return value.strip()
        return None

    def articles(self) -> list[dict[str, Any]]:
        """JSON-LD objects describing an article, in page order."""
        return [obj for obj in self.jsonld if types_of(obj) & ARTICLE_TYPES]

    def contents(self) -> list[dict[str, Any]]:
        """JSON-LD objects of other content types (video, recipe, review…)."""
        return [obj for obj in self.jsonld if types_of(obj) & CONTENT_TYPES and not types_of(obj) & ARTICLE_TYPES]

    def pages(self) -> list[dict[str, Any]]:
        return [obj for obj in self.jsonld if types_of(obj) & PAGE_TYPES]


def document_root(tree: Any) -> Any:
    """The root element of ``tree``'s document (``tree`` an element of it or a tree)."""
    return tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree


def collect(tree: Any) -> Signals:
    """Walk ``tree`` once (read only) and gather its structured signals."""
    sig = Signals()
    root = document_root(tree)
    if root is not None and isinstance(root.tag, str):
        lang = root.get("lang") or root.get("xml:lang")
        sig.html_lang = lang.strip() if lang else None
    for el in tree.iter("meta", "script", "time", "link"):
        tag = el.tag
        if tag == "meta":
            _meta(el, sig)
        elif tag == "script":
            if "ld+json" in (el.get("type") or "").lower():
                sig.jsonld.extend(_jsonld(el.text or ""))
        elif tag == "time":
            sig.times.append((el.get("datetime") or "", el))
        elif el.get("rel"):
            _rel(el, el.get("rel").lower(), sig)
    # links with a rel, selected inside libxml2: a page has hundreds of <a> and few carry one
    for el in _REL_LINKS(tree):
        _rel(el, el.get("rel").lower(), sig)
    sig.labels = LABELS(tree)
    # microdata: itemprop on non-meta elements (the meta ones are already in ``meta``)
    for el in _ITEMPROPS(tree):
        if el.tag != "meta":
            for prop in el.get("itemprop", "").lower().split():
                sig.itemprops.setdefault(prop, []).append(el)
    return sig


def _meta(el: Any, sig: Signals) -> None:
    content = el.get("content")
    if content is None:
        content = el.get("datetime") or el.get("value")
    if content is None:
        return
    for attr in ("property", "name", "itemprop", "http-equiv"):
        key = el.get(attr)
        if key:
            sig.meta.setdefault(key.strip().lower(), []).append(content)


def _rel(el: Any, rel: str, sig: Signals) -> None:
    href = el.get("href")
    if el.tag == "link":
        if href:
            for r in rel.split():
                sig.links.setdefault(r, []).append(href)
        return
    words = rel.split()
    if "author" in words:
        sig.rel_author.append(el)
    if "tag" in words or "category" in words:
        text = el.text_content().strip()
        if text:
            sig.rel_tag.append(text)


def _jsonld(text: str) -> list[dict[str, Any]]:
    """Objects of one JSON-LD script, ``@graph`` flattened; broken JSON yields nothing."""
    text = _CDATA.sub("", _CONTROL.sub("", text)).strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        # some sites concatenate objects or leave a trailing semicolon
        try:
            data = json.loads(text.rstrip(";"))
        except ValueError:
            return []
    return list(_flatten(data))


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten(graph)
        if "@type" in data or len(data) > 1:
            yield data
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and types_of(main) & ARTICLE_TYPES:
            yield main


def types_of(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def text_of(value: Any) -> str | None:
    """A JSON-LD value as text: strings as is, ``{"name": …}`` / ``{"@value": …}`` unwrapped."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        for key in ("name", "@value", "text", "headline"):
            if isinstance(value.get(key), str):
                return value[key].strip() or None
    if isinstance(value, list) and value:
        return text_of(value[0])
    return None


def labelled(tree: Any, values: list[str]) -> list[Any]:
    """Elements of ``tree``'s document whose class or id is one of ``values`` (plain strings), in
    document order. A walk with a set lookup per element: the same test as one XPath query with
    the values as variables took three times as long (libxml2 compares every value in turn)."""
    if not values:
        return []
    wanted = set(values)
    root = document_root(tree)
    return [el for el in root.iter(etree.Element) if el.get("class") in wanted or el.get("id") in wanted]
