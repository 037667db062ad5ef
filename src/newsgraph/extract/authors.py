"""Who wrote the page: author names from structured data, meta tags and bylines, cleaned.

Order of trust: JSON-LD ``author`` of the article object (people before organisations), author
meta tags that hold names (not profile URLs), microdata ``itemprop=author``, ``rel=author`` links,
then byline elements found by class. Each raw value goes through :func:`split_names`, which
drops "By", roles ("Staff Writer"), e-mails, dates and trailing agency credits ("| Reuters").
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from .signals import Signals, labelled, text_of, types_of

AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator",
    "citation_author", "byl", "og:article:author", "twitter:creator:name", "cxenseparse:author",
    "article:author_name", "author_name",
)
_BYLINE_CLASS = re.compile(r"byline|author|writer|contributor|creator|posted-by|article-by", re.IGNORECASE)
_BYLINE_WORDS = ("byline", "Byline", "author", "Author")
_NOT_BYLINE_CLASS = re.compile(r"avatar|image|photo|bio|description|comment|share|social|follow|box|date", re.IGNORECASE)

_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reported|published|words|text|story|photos?)\s+(?:and\s+\w+\s+)?by|by|von|par|por|"
    r"di|door|av|af|de|autor(?:in)?|author|auteur|written|text|texte|reporting)\s*[:\-–]?\s+",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_DATEISH = re.compile(
    r"\b(?:on\s+\d.*|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[-/]\d{1,2}[-/]\d{1,2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d{4}|(?:last\s+)?updated|published|posted|\d{1,2}:\d{2}\s*(?:am|pm)?)\b.*$",
    re.IGNORECASE,
)
_REVIEWER = re.compile(r"^\s*(?:medically\s+|fact[- ]checked\s+|expert\s+)?(?:reviewed|checked|edited)\s+by\b", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:staff|senior|chief|contributing|special|political|foreign|business|sports?|science|"
    r"technology|tech|health|deputy|associate|executive|managing|digital|freelance|guest)?\s*"
    r"(?:writer|reporter|correspondent|editor|columnist|journalist|contributor|producer|"
    r"photographer|analyst|intern|critic|director)s?\b.*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:\(\s*(?:avec|with|mit|con|com)\s+|,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bog\b|\ben\b|\s\|\s)\s*", re.IGNORECASE)
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|MSc|BSc|MBA|RDN?)$")
_NON_NAME = re.compile(
    r"^(?:admin|administrator|editor|editors|staff|team|guest|anonymous|unknown|none|null|redaktion|"
    r"rédaction|redacción|the editors|the author|news desk|web desk|newsroom|agencies|wires?|undefined|by|von|par|"
    r"por|door)$",
    re.IGNORECASE,
)


def find_authors(tree: Any, sig: Signals) -> list[str]:
    """Author names of the page, people preferred over organisations; [] when none is given.

    A name equal to the outlet's own name (og:site_name, the JSON-LD publisher) is an
    organisation credit, kept only when no person is named anywhere."""
    outlets = _outlet_keys(sig)
    people, orgs = _jsonld_authors(sig)
    people = [_strip_outlet(n, outlets) for n in people]
    fallback = [n for n in people if _key(n) in outlets]
    people = [n for n in people if _key(n) not in outlets]
    if people:
        return people
    for key in AUTHOR_META:
        for raw in sig.meta.get(key, ()):
            if _URL.match(raw.strip()) or raw.strip().startswith("@"):
                continue  # a profile URL or a handle is no name
            names = [_strip_outlet(n, outlets) for n in split_names(raw)]
            if names and all(_key(n) in outlets for n in names):
                fallback = fallback or names
            elif names:
                return names
    readers = (lambda: _itemprop_authors(sig), lambda: _rel_authors(sig),
               lambda: _byline_authors(tree, sig.labels), lambda: _written_by(tree))
    for read in readers:  # in order of trust, each read only when those before it found no one
        source = [n for n in (_strip_outlet(n, outlets) for n in read()) if _key(n) not in outlets]
        if source:
            return source
    return orgs or fallback


def _outlet_keys(sig: Signals) -> set[str]:
    names = [sig.first("og:site_name", "application-name")]
    for obj in sig.jsonld:
        names.append(text_of(obj.get("publisher")))
        if types_of(obj) & {"organization", "newsmediaorganization", "website"}:
            names.append(text_of(obj.get("name")))
    return {_key(n) for n in names if n}


def _strip_outlet(name: str, outlets: set[str]) -> str:
    """"Jane Doe USA TODAY" -> "Jane Doe": a byline run into the outlet's name."""
    words = name.split()
    for cut in range(1, len(words) - 1):
        if _key(" ".join(words[-cut:])) in outlets:
            return " ".join(words[:-cut])
    return name


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _jsonld_authors(sig: Signals) -> tuple[list[str], list[str]]:
    people: list[str] = []
    orgs: list[str] = []
    for obj in sig.articles() + sig.contents() + sig.pages():
        value = obj.get("author") or obj.get("creator")
        for item in value if isinstance(value, list) else [value]:
            name = text_of(item)
            if not name or _URL.match(name):
                continue
            is_org = isinstance(item, dict) and types_of(item) & {"organization", "newsmediaorganization"}
            target = orgs if is_org else people
            for n in (split_names(name) if not is_org else [_squash(name)]):
                if n not in target:
                    target.append(n)
        if people:
            break
    return people, orgs


def _itemprop_authors(sig: Signals) -> list[str]:
    names: list[str] = []
    for el in sig.itemprops.get("author", []) + sig.itemprops.get("creator", []):
        inner = el.xpath(".//*[@itemprop='name']")
        text = (inner[0].get("content") or _text(inner[0])) if inner else _text(el)
        for n in split_names(text or el.get("content") or ""):
            if n not in names:
                names.append(n)
    return names[:6]


def _rel_authors(sig: Signals) -> list[str]:
    """Names of the first ``rel=author`` link and of links beside it: later ones are usually
    comment authors."""
    if not sig.rel_author:
        return []
    first = sig.rel_author[0]
    parent = first.getparent()
    names: list[str] = []
    for el in sig.rel_author:
        if el is not first and (parent is None or el.getparent() is not parent):
            continue
        for n in split_names(_text(el)):
            if n not in names:
                names.append(n)
    return names[:6]


def _text(el: Any) -> str:
    """Element text with its parts spaced: ``<span>By</span>Jane`` is "By Jane", not "ByJane"."""
    return " ".join(t.strip() for t in el.itertext() if t.strip())


def _byline_elements(tree: Any, every: list[str]) -> list[Any]:
    """Elements whose class or id contains a byline word, in document order. The labels are
    tested as plain strings and the matching ones looked up in one query: the same test as XPath
    ``contains`` on every element took three times as long."""
    joined = "\n".join(every)
    if not any(word in joined for word in _BYLINE_WORDS):
        return []
    return labelled(tree, sorted({v for v in every if any(word in v for word in _BYLINE_WORDS)}))


def _byline_authors(tree: Any, labels: list[str]) -> list[str]:
    """Elements whose class or id says byline/author; the first that yields names wins.
    ``labels``: the page's class and id values (``Signals.labels``)."""
    for el in _byline_elements(tree, labels):
        if el.tag in ("html", "body", "article", "main", "section", "img", "meta", "script", "style"):
            continue
        classes = (el.get("class") or "") + " " + (el.get("id") or "")
        if not _BYLINE_CLASS.search(classes) or _NOT_BYLINE_CLASS.search(classes):
            continue
        text = _text(el)
        if not text or len(text) > 200 or _REVIEWER.match(text):
            continue
        names = split_names(text)
        if names:
            return names[:6]
    return []


def _written_by(tree: Any) -> list[str]:
    """A short visible "By Jane Doe" / "Written by" + name, when no markup names the author."""
    for node in _BY_TEXT(tree):
        if not _BY_START.match(node):
            continue
        el = node.getparent()
        if el is None or el.tag in ("script", "style", "option", "button", "a"):
            continue
        text = _text(el)
        if len(text) > 80:
            continue
        if _PREFIX.sub("", text + " ").strip() == "":  # the label alone: the name follows it
            nxt = el.getnext()
            text = _text(nxt) if nxt is not None else ""
        names = [n for n in split_names(text) if all(w[:1].isupper() for w in n.split())]
        if names and all(2 <= len(n.split()) <= 4 for n in names):
            return names[:4]
    return []


# Text nodes that may open with "By"; which do is tested in Python (XPath's normalize-space on
# every text node of the page cost three times as much).
_BY_TEXT = etree.XPath("//text()[contains(., 'By') or contains(., 'Written')]")
# normalize-space(.) starting with "By " or "Written by", or equal to "By"
_BY_START = re.compile(r"^[ \t\r\n]*(?:By(?:[ \t\r\n]+[^ \t\r\n]|[ \t\r\n]*$)|Written[ \t\r\n]+by)")


def split_names(raw: str) -> list[str]:
    """Names in a byline string: "By Jane Doe and John Roe, Staff Writers | Reuters" ->
    ["Jane Doe", "John Roe"]."""
    text = _squash(_URL.sub(" ", _EMAIL.sub(" ", html.unescape(raw or ""))))
    text = _HANDLE.sub(" ", text)
    text = _PREFIX.sub("", text)
    text = _DATEISH.sub("", text)
    text = re.sub(r"\s+(?:\||•|·)\s+.*$", "", text)  # "Name | Outlet", "Name · 5 min read"
    names: list[str] = []
    for part in _SPLIT.split(text):
        part = _ROLE.sub("", _PREFIX.sub("", part)).strip(" .:-–—|()[]\"'")
        if not _looks_like_name(part):
            continue
        if part not in names:
            names.append(part)
    return names


def _looks_like_name(part: str) -> bool:
    if not part or _CREDENTIAL.match(part) or _NON_NAME.match(part):
        return False
    words = part.split()
    if len(words) == 1 and re.search(r"\d|\w\.\w", part):
        return False  # a login or slug ("jdoe", "andrew.keaveney"), not a display name
    if len(words) > 5 or len(part) > 60 or not any(sum(c.isalpha() for c in w) > 1 for w in words):
        return False
    # a lowercase sentence is prose, not a byline ("click here to follow")
    return not (len(words) > 2 and sum(w[:1].islower() for w in words) > 1)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
