"""Page metadata: title, declared title, authors, dates, canonical URL, outlet, language, description
and tags.

``extract_metadata(tree, url, html)`` reads a parsed page (never modifying it) through one
:func:`~newsgraph.extract.signals.collect` pass and returns a plain dict, so the HTML extractor
can fill an Article without this module knowing the Article type.
"""

from __future__ import annotations

import html as htmllib
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .authors import find_authors
from .dates import find_modified, find_published
from .signals import Signals, collect, document_root, text_of, types_of

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|•|::|»|«|/|:)\s+")
_WS = re.compile(r"\s+")
_H1 = etree.XPath("//h1")
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)

# A few frequent function words per language: enough to tell languages apart on a page's text
# when the markup does not declare one, with no model and no network.
_STOPWORDS = {
    "en": "the and of to in is that for with was on are as by this from have",
    "de": "der die und das ist nicht mit den von sich auf für eine ein dem auch",
    "fr": "le la les et des est une pour dans qui pas sur du que avec au",
    "es": "el la los las de que y en por una con para del se es al",
    "it": "il di che la per non una sono del della con gli le è anche",
    "pt": "o a de que e do da em um para com não uma os no se",
    "nl": "de het een en van is dat op te zijn niet met voor ook",
    "sv": "och att det som en på är av för med till den har inte",
    "pl": "i w na nie się z do to że jest jak o po ale",
    "tr": "ve bir bu da de için ile olarak çok gibi daha olan",
    "cs": "a se na je že v to s z do jsou by jako ale",
}
_STOPSETS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}


def extract_metadata(tree: Any, url: str | None, html: str = "", signals: Signals | None = None) -> dict[str, Any]:
    """Metadata of one parsed page as a dict of Article field values (missing ones are None/[])."""
    sig = signals if signals is not None else collect(tree)
    canonical = canonical_url(sig, url)
    source = find_source(sig, canonical or url)
    return {
        "title": find_title(tree, sig, source, canonical or url),
        "declared_title": find_declared_title(tree, sig),
        "authors": find_authors(tree, sig),
        "published": find_published(tree, html, canonical or url, signals=sig) or None,
        "modified": find_modified(sig),
        "canonical_url": canonical,
        "source": source,
        "language": find_language(tree, sig),
        "description": find_description(sig),
        "tags": find_tags(sig),
    }


def canonical_url(sig: Signals, url: str | None) -> str | None:
    for href in sig.links.get("canonical", []) + sig.meta.get("og:url", []):
        href = (href or "").strip()
        if href and not href.startswith(("javascript:", "#")):
            return urljoin(url, href) if url else href
    return url


def find_source(sig: Signals, url: str | None) -> str | None:
    """The outlet: og:site_name, the JSON-LD publisher, application-name, else the domain."""
    name = sig.first("og:site_name", "twitter:app:name:iphone", "application-name", "al:ios:app_name")
    if not name:
        for obj in sig.articles() + sig.pages():
            name = text_of(obj.get("publisher"))
            if name:
                break
    if not name:
        for obj in sig.jsonld:
            if types_of(obj) & {"newsmediaorganization", "organization", "website"} and text_of(obj.get("name")):
                name = text_of(obj.get("name"))
                break
    if name:
        return _clean(name)
    host = urlsplit(url).hostname if url else None
    return host[4:] if host and host.startswith("www.") else host


# ---- title


def find_title(tree: Any, sig: Signals, source: str | None, url: str | None) -> str | None:
    """The headline, without the outlet's name that ``<title>`` and og:title often append."""
    headline = next((text_of(o.get("headline")) for o in sig.articles() if text_of(o.get("headline"))), None)
    # JSON-LD is script text, which the HTML parser leaves encoded ("Apple&#8217;s")
    headline = htmllib.unescape(headline) if headline and "&" in headline else headline
    candidates = [_clean(c) for c in (
        sig.first("og:title"), headline, sig.first("twitter:title"), _title_tag(tree), sig.first("title"),
    ) if c and _clean(c)]
    h1s = [_clean(h.text_content()) for h in _H1(tree)[:4]]
    h1s = [h for h in h1s if h and len(h) < 300]
    h1_keys = {_key(h) for h in h1s}
    # The site's own name is never the headline when the page declares another: a page's first
    # h1 is often its logo, and the "| Site" segment of <title> then agrees with it.
    h1_keys -= _site_keys(sig, source, url)
    for cand in candidates:
        for part in [cand] + _SEPARATORS.split(cand):
            key = _key(part)
            if len(key) > 8 and key in h1_keys:
                # what the page shows can carry the site's name too ("Story | WRAL"); a short
                # segment that names no site stays, a reader sees it as part of the headline
                return strip_site_name(part, source, url, unnamed=False)
    best = strip_site_name(candidates[0], source, url) if candidates else None
    headline = _visible_headline(h1s, best, source)
    return headline or best or (h1s[0] if h1s else None)


def _site_keys(sig: Signals, source: str | None, url: str | None) -> set[str]:
    """Comparison keys of the site's names: the outlet found, og:site_name, and the host name with
    and without its suffix ("yogapathways", "yogapathways.com")."""
    keys = {_key(source or ""), _key(sig.first("og:site_name") or "")}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    if labels:
        keys.update((_key(".".join(labels)), _key(".".join(labels[:-1]))))
    keys.discard("")
    return keys


def _visible_headline(h1s: list[str], declared: str | None, source: str | None) -> str | None:
    """The page's one ``<h1>`` when it is a headline about the same thing as the declared title:
    og:title and ``<title>`` are often rewritten for search and social cards, the h1 is what
    readers see. A page with several h1s, or one naming the outlet, gives no such answer."""
    if len(h1s) != 1 or not declared:
        return None
    h1 = h1s[0]
    words = _words(h1)
    if len(words) < 3 or _key(h1) == _key(source or ""):
        return None
    shared = len(words & _words(declared)) / max(1, min(len(words), len(_words(declared))))
    return h1 if shared >= 0.5 else None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


def strip_site_name(title: str, source: str | None, url: str | None, unnamed: bool = True) -> str:
    """Drop a leading or trailing segment naming the outlet: "Story - The Guardian",
    "CNN | Story". Without a name match, a short last segment after " | " is dropped too
    (``unnamed``)."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = {_key(source or "")}
    host = urlsplit(url).hostname if url else ""
    if host:
        labels = [lab for lab in host.split(".") if lab not in ("www", "m", "amp", "edition")]
        names.update(_key(lab) for lab in labels[:-1])
        names.add(_key(".".join(labels)))
    names.discard("")

    def is_site(seg: str) -> bool:
        k = _key(seg)
        return bool(k) and any(k == n or (len(n) > 3 and (n in k or k in n)) for n in names)

    matches = [m for m in _SEPARATORS.finditer(title)]
    if is_site(parts[-1]):
        return title[: matches[-1].start()].strip()
    if is_site(parts[0]):
        return title[matches[0].end():].strip()
    last = matches[-1]
    if unnamed and last.group().strip() in ("|", "::", "»", "·", "•") and len(parts[-1].split()) <= 4:
        return title[: last.start()].strip()
    return title


def _title_tag(tree: Any) -> str | None:
    """The page's ``<title>``: the head's, else the first elsewhere in a malformed page; never an
    inline SVG's (an icon's accessible name, "Menu", "Search")."""
    return next((text for text in _page_titles(tree) if text.strip()), None)


def _page_titles(tree: Any) -> Iterator[str]:
    """Texts of the page's ``<title>`` elements, the head's first (found without walking the
    tree), then any other, leaving out those inside an inline ``<svg>``."""
    head = document_root(tree).find("head")
    for el in itertools.chain(head.iter("title") if head is not None else (), tree.iter("title")):
        if not _IN_SVG(el):
            yield el.text_content()


# ---- declared title

#: The meta tags that declare a page's title, read after the JSON-LD article and in this order:
#: the social-card titles (Open Graph, then Twitter's card), the bibliographic ones (Dublin Core,
#: and Highwire's ``citation_title`` that scholarly pages carry), then a plain ``<meta name=title>``.
DECLARED_TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "dc:title", "dcterms:title",
                       "citation_title", "title")
_IN_SVG = etree.XPath("ancestor::svg")


def find_declared_title(tree: Any, sig: Signals) -> str | None:
    """The title the page declares for itself, as written: site names, authors and suffixes kept.

    Read in this order, the first non-empty one wins:

    1. JSON-LD: the ``headline`` of the first article object (schema.org Article, NewsArticle,
       BlogPosting…), else its ``name``. Objects describing the site, the page, a breadcrumb, a
       person or an organisation are not read: their names are not the story's;
    2. the meta tags of :data:`DECLARED_TITLE_META`, in that order;
    3. the ``<title>`` element (not an inline SVG's).

    No visible heading is read: the headline a reader sees is :func:`find_title`'s answer. HTML
    entities are decoded (a JSON-LD string is not decoded by the parser, and some publishers escape
    meta contents twice) and whitespace is collapsed; nothing is cut. None when the page declares
    no title at all.
    """
    for obj in sig.articles():
        for key in ("headline", "name"):
            found = _declared(text_of(obj.get(key)))
            if found:
                return found
    for key in DECLARED_TITLE_META:
        for value in sig.meta.get(key, ()):
            found = _declared(value)
            if found:
                return found
    return next(filter(None, map(_declared, _page_titles(tree))), None)


def _declared(value: str | None) -> str | None:
    """``value`` decoded and with its whitespace collapsed; None when nothing is left."""
    if not value:
        return None
    return _clean(htmllib.unescape(value)) or None


# ---- language, description, tags


def find_language(tree: Any, sig: Signals) -> str | None:
    """ISO 639-1 from the markup (``<html lang>``, og:locale, content-language), else guessed from
    function words in the page's paragraphs."""
    for raw in (sig.html_lang, sig.first("og:locale"), sig.first("content-language", "dc.language",
                                                                    "language", "inlanguage")):
        code = _lang_code(raw)
        if code:
            return code
    for obj in sig.articles():
        code = _lang_code(text_of(obj.get("inLanguage")))
        if code:
            return code
    return guess_language(" ".join(p.text_content() for p in tree.iter("p")))


def _lang_code(raw: str | None) -> str | None:
    m = _LANG.match((raw or "").strip().split(",")[0].strip())
    if not m:
        return None
    code = m.group(1).lower()
    return code if len(code) == 2 else None


def guess_language(text: str) -> str | None:
    """The language whose function words are most frequent in ``text``; None when unsure."""
    words = re.findall(r"\w+", text[:20000].lower())
    if len(words) < 20:
        return None
    counts = Counter(words)  # each language's words looked up once, not each word once per language
    scores = {lang: sum(counts[w] for w in stops) for lang, stops in _STOPSETS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(5, len(words) // 25) else None


def find_description(sig: Signals) -> str | None:
    value = sig.first("og:description", "description", "twitter:description", "dc.description")
    if not value:
        value = next((text_of(o.get("description")) for o in sig.articles() if text_of(o.get("description"))), None)
    return _clean(value) if value else None


def find_tags(sig: Signals) -> list[str]:
    """Subject tags: article:tag, keywords meta, JSON-LD keywords and rel=tag links, de-duplicated."""
    raw: list[str] = list(sig.meta.get("article:tag", []))
    for key in ("news_keywords", "keywords", "parsely-tags", "sailthru.tags"):
        for value in sig.meta.get(key, []):
            raw.extend(value.split(","))
    for obj in sig.articles():
        kw = obj.get("keywords")
        if isinstance(kw, str):
            raw.extend(kw.split(","))
        elif isinstance(kw, list):
            raw.extend(k for k in kw if isinstance(k, str))
    raw.extend(sig.rel_tag)
    tags: list[str] = []
    seen: set[str] = set()
    for tag in raw:
        tag = _clean(tag).strip("#")
        if tag and len(tag) < 60 and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
    return tags[:40]


def _clean(text: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def _key(text: str) -> str:
    """Comparison key: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())
