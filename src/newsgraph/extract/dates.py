"""Publication and modification dates of a page.

The fallback chain, cheapest and most trustworthy first (``find_published``):

1. JSON-LD of the article itself (``NewsArticle``/``Article``/``BlogPosting``… ``datePublished``,
   ``@graph`` included): the publisher's own CMS wrote it for search engines.
2. Publication meta tags (``article:published_time``, ``og:``, Dublin Core, Parse.ly, Sailthru,
   ``pubdate``…) and microdata ``itemprop=datePublished``.
3. ``<time>`` elements marked as the publication (``pubdate`` attribute, ``published`` class).
4. A full date in the URL (``/2019/03/12/``): news CMSs stamp the publication day there.
5. A date the page's text labels as the publication ("Published on 9 March 2020",
   "Erschienen am: 13.10.2021", "Publié le 9 juin 2019"), when all such labels name one day.
6. A date written beside the byline (in the small box holding the author's name).
7. JSON-LD of the page (``WebPage.datePublished``) and weaker meta such as a bare ``date``.
8. The page's ``<time>`` elements, when all of them name one day (several days are a list of
   teasers or comments, not the story's own stamp).
9. htmldate (``original_date=True``) on the tree, which searches the page text — slower, so only
   when nothing above answered.

Values are returned as ISO 8601: a date, or a datetime with its zone when the page gives one. A
UTC stamp is turned into the publisher's own time when the page or its country says which zone
that is: the publication day is the day readers saw, in the publisher's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from ..sources.dates import english_months, parse_written
from .dateline import find_date
from .signals import Signals, collect, document_root, text_of

MIN_YEAR = 1990

# meta keys in order of trust; the first ones are explicit about "published"
PUBLISHED_META = (
    "article:published_time", "article:published", "og:article:published_time", "og:published_time",
    "datepublished", "article.published", "published_time", "published-date", "published_date",
    "publish-date", "publish_date", "publishdate", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "citation_publication_date",
    "citation_date", "citation_online_date", "article_date_original", "original-publish-date",
    "cxenseparse:recs:publishtime", "bt:pubdate", "displaydate", "rnews:datepublished",
    "prism.publicationdate", "date_published", "datecreated", "og:pubdate", "pub_date",
    "article:post_date", "dc.date.available", "dc.date", "dcterms.date", "date", "live_date", "release_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "article:modified", "last-modified",
    "lastmod", "dc.date.modified", "dcterms.modified", "modified_time", "article.updated",
)

_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T\s_](\d{1,2}):(\d{2})(?::(\d{1,2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
)
_SLASHED = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DMY = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[/_-]([01]?\d)[/_-]([0-3]?\d)(?!\d)"
    r"|/((?:19|20)\d{2})([01]\d)([0-3]\d)(?=[/_.-]|$)"
)
# Country-code domains of countries that keep a single time zone, with that zone.
COUNTRY_ZONES = {
    "at": "Europe/Vienna", "be": "Europe/Brussels", "ch": "Europe/Zurich", "cz": "Europe/Prague",
    "de": "Europe/Berlin", "dk": "Europe/Copenhagen", "es": "Europe/Madrid", "fi": "Europe/Helsinki",
    "fr": "Europe/Paris", "gr": "Europe/Athens", "hu": "Europe/Budapest", "ie": "Europe/Dublin",
    "il": "Asia/Jerusalem", "in": "Asia/Kolkata", "it": "Europe/Rome", "jp": "Asia/Tokyo", "kr": "Asia/Seoul",
    "nl": "Europe/Amsterdam", "no": "Europe/Oslo", "pl": "Europe/Warsaw", "ro": "Europe/Bucharest",
    "se": "Europe/Stockholm", "tr": "Europe/Istanbul", "uk": "Europe/London", "cn": "Asia/Shanghai",
}
# A label announcing the publication date in the page's text, in the commonest news languages;
# the date must follow it directly ("Published: …", "Veröffentlicht am …", "Publicado el …").
_PUB_LABEL = re.compile(
    r"\b(?:published|posted|erschienen|veröffentlicht|publié|publiée|pubblicato|publicado|publicada|"
    r"gepubliceerd|publicerad|publiceret|publisert|opublikowano)(?:\s+(?:on|am|le|il|el|em|op|den|dne))?\s*:?\s*",
    re.IGNORECASE,
)
_BODY_TEXT = etree.XPath("//body//text()[not(parent::script or parent::style)]", smart_strings=False)
_CLASS_WORDS = ("author", "Author", "byline", "Byline")  # both cases, as written in class names
_PUB_CLASS = re.compile(r"publish|posted|pubdate|date-pub|created|entry-date|dateline|timestamp", re.IGNORECASE)
_MOD_CLASS = re.compile(r"updat|modif|edited", re.IGNORECASE)


def find_published(tree: Any, html: str, url: str | None, signals: Signals | None = None,
                   fallback: bool = True) -> str | None:
    """The publication date of the page as ISO 8601, or None. ``tree`` is not modified."""
    sig = signals if signals is not None else collect(tree)
    found = structured_published(sig, url, tree)
    if found or not fallback:
        return found
    # htmldate's cheap search first: its extensive text search gives the same answer whenever the
    # cheap one finds a date, and costs several times more
    return _htmldate(tree, url, extensive=False) or _htmldate(tree, url)


def structured_published(sig: Signals, url: str | None, tree: Any = None) -> str | None:
    """Steps 1–8 of the chain: what the page and its URL declare, and (given the ``tree``) the
    date its text labels as the publication; no search of the text for bare dates.

    A full date in the URL wins over a markup date of another day: markup often carries the
    time in UTC (a day off for pages published near midnight elsewhere) or a re-publication date,
    while the CMS stamps the URL once, on the local publication day."""
    found = _declared_published(sig)
    in_url = url_date(url)
    if in_url and (not found or found[:10] != in_url):
        return in_url
    if found and found.endswith("Z"):
        found = _local_twin(sig, found)
    if found and found.endswith("Z") and not in_url:  # a URL date of the same day already says which day
        found = in_country_zone(found, url)
    shown = (labelled_published(tree) or byline_date(tree)) if tree is not None and not found else None
    return found or shown or _weak_published(sig) or _single_time_day(sig)


def labelled_published(tree: Any) -> str | None:
    """The day the page's text announces with a publication label, when every such label that
    is followed by a full date names that one day. A labelled date is what the reader is told;
    a bare meta ``date`` (step 6) is often the day the page was last built. Several labelled
    days are a list of teasers, each with its own stamp, not the story's."""
    text = " ".join(" ".join(_BODY_TEXT(tree)).split())
    return _one_day(_full_date(text[m.end():m.end() + 40], start=True) for m in _PUB_LABEL.finditer(text))


def _one_day(values: Iterable[str | None]) -> str | None:
    """The first of ``values`` when every one that is set names the same day, else None."""
    days: dict[str, str] = {}
    for value in values:
        if value:
            days.setdefault(value[:10], value)
            if len(days) > 1:
                return None
    return next(iter(days.values()), None)


def byline_date(tree: Any) -> str | None:
    """A full date written in the box that holds the byline ("By Ann Lee | 30 September 2018"):
    the stamp the reader sees under the headline. Teasers and comments carry their own dates
    further down the page, and htmldate's search of the whole text may take one of those. Only
    the first bylines are read, and a box is left once its text is longer than a byline line."""
    for el in _first_bylines(tree, 3):
        box = el.getparent()
        for _ in range(2):
            if box is None:
                break
            text = " ".join(box.text_content().split())
            if len(text) > 300:
                break
            value = _full_date(text, start=False)
            if value:
                return value
            box = box.getparent()
    return None


def _first_bylines(tree: Any, count: int) -> list[Any]:
    """The first ``count`` elements inside the page's body marked as the author's (``rel=author``,
    an ``author`` itemprop, an author or byline class), in document order. A walk that stops at
    the last one needed: the same test as an XPath predicate read the whole page, at four times
    the cost."""
    root = document_root(tree)
    found: list[Any] = []
    for body in root.iter("body"):
        for el in body.iterdescendants(etree.Element):
            classes = el.get("class") or ""
            if (el.get("rel") == "author" or "author" in (el.get("itemprop") or "")
                    or any(word in classes for word in _CLASS_WORDS)):
                if el not in found:  # a body inside a body: its elements are met twice
                    found.append(el)
                if len(found) == count:
                    return found
    return found


def _full_date(text: str, start: bool) -> str | None:
    """A full date (with its year) in ``text``, at its start when ``start``: numeric day-first or
    ISO, or with a month name in one of the languages ``english_months`` knows. At the start, a
    numeric date that is no real day is the answer (None); elsewhere the search goes on to the
    month names."""
    m = _DMY.match(text) if start else _DMY.search(text)
    value = _ymd(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    if value or (m and start):
        return value
    found = find_date(english_months(text))
    if found and (found[1] == 0 or not start) and _ymd(int(found[0][:4]), int(found[0][5:7]), int(found[0][8:10])):
        return found[0]
    return None


def _declared_published(sig: Signals) -> str | None:
    for obj in sig.articles():
        value = _parse_any(obj.get("datePublished") or obj.get("dateCreated"))
        if value:
            return value
    for key in PUBLISHED_META[:-6]:
        value = _first_valid(sig.meta.get(key, ()))
        if value:
            return value
    value = _itemprop_date(sig, "datepublished") or _time_published(sig)
    if value:
        return value
    for obj in sig.contents():
        value = _parse_any(obj.get("datePublished") or obj.get("dateCreated") or obj.get("uploadDate"))
        if value:
            return value
    return None


def _weak_published(sig: Signals) -> str | None:
    """Declarations that may describe the site or the page version rather than the story."""
    for obj in sig.pages():
        value = _parse_any(obj.get("datePublished") or obj.get("dateCreated"))
        if value:
            return value
    for key in PUBLISHED_META[-6:]:
        value = _first_valid(sig.meta.get(key, ()))
        if value:
            return value
    return None


def _local_twin(sig: Signals, utc_value: str) -> str:
    """The same instant written with the publisher's own zone offset, when another tag gives it:
    the local form keeps the publication day as readers saw it."""
    try:
        instant = datetime.fromisoformat(utc_value)
    except ValueError:
        return utc_value
    for key in PUBLISHED_META:
        for raw in sig.meta.get(key, ()):
            value = parse_date(raw)
            if not value or len(value) <= 19 or value.endswith("Z"):
                continue
            try:
                if datetime.fromisoformat(value) == instant:
                    return value
            except ValueError:
                continue
    return utc_value


def in_country_zone(utc_value: str, url: str | None) -> str:
    """``utc_value`` in the local time of the country the URL's domain names, when that country
    keeps one zone (``.it``, ``.de``, ``.jp``…); unchanged otherwise (``.com``, ``.us``, ``.au``).
    A story stamped 23:15 UTC on an Italian site came out after midnight in Rome."""
    host = urlsplit(url).hostname if url else None
    zone = COUNTRY_ZONES.get(host.rsplit(".", 1)[-1]) if host else None
    if zone is None:
        return utc_value
    try:
        instant = datetime.fromisoformat(utc_value)
        local = instant.astimezone(ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return utc_value
    return local.isoformat()


def _single_time_day(sig: Signals) -> str | None:
    """The day every ``<time>`` of the page names (its ``datetime``, else its text), if just one."""
    return _one_day(parse_date(stamp) or parse_date(" ".join(el.text_content().split())) for stamp, el in sig.times)


def find_modified(sig: Signals) -> str | None:
    for obj in sig.articles() + sig.pages():
        value = _parse_any(obj.get("dateModified"))
        if value:
            return value
    for key in MODIFIED_META:
        value = _first_valid(sig.meta.get(key, ()))
        if value:
            return value
    return _itemprop_date(sig, "datemodified")


def _first_valid(values: Any) -> str | None:
    for raw in values:
        value = parse_date(raw)
        if value:
            return value
    return None


def _parse_any(value: Any) -> str | None:
    text = text_of(value) if not isinstance(value, (int, float)) else str(int(value))
    return parse_date(text) if text else None


def _itemprop_date(sig: Signals, prop: str) -> str | None:
    for el in sig.itemprops.get(prop, ()):
        value = parse_date(el.get("datetime") or el.get("content") or el.text_content())
        if value:
            return value
    return None


def _time_published(sig: Signals) -> str | None:
    """A ``<time>`` the markup marks as the publication: ``pubdate``, or a "published"-like class
    on it or its parent that is not an "updated" one."""
    # several different days marked "published" is a list of teasers, not the story's own stamp
    return _one_day(parse_date(stamp) for stamp, el in sig.times if stamp and _marked_published(el))


def _marked_published(el: Any) -> bool:
    parent = el.getparent()
    classes = " ".join(
        filter(None, (el.get("class"), el.get("itemprop"), parent.get("class") if parent is not None else None))
    )
    return el.get("pubdate") is not None or bool(_PUB_CLASS.search(classes) and not _MOD_CLASS.search(classes))


def url_date(url: str | None) -> str | None:
    """A full Y-M-D date in the URL path, or None."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    return _ymd(int(y), int(mo), int(d))


def parse_date(raw: str | None) -> str | None:
    """ISO 8601 from the date formats found in markup; None when not a plausible date."""
    if not raw:
        return None
    text = raw.strip()
    if not text or len(text) > 80:
        return None
    if _EPOCH.match(text):
        return _from_epoch(int(text[:10]))
    m = _ISO.search(text)
    if m and (m.start() == 0 or not text[m.start() - 1].isdigit()):
        return _from_iso(m)
    m = _SLASHED.search(text)
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DMY.search(text)
    if m:
        return _ymd(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return _dateutil(text)


def _from_iso(m: re.Match[str]) -> str | None:
    day = _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if day is None or m.group(4) is None:
        return day
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return day
    stamp = f"{day}T{hour:02d}:{minute:02d}:{second:02d}"
    zone = m.group(7)
    if zone in ("Z", "UTC", "GMT"):
        return stamp + "Z"
    if zone:
        zone = zone.replace(":", "")
        return f"{stamp}{zone[:3]}:{zone[3:]}"
    return stamp


def _ymd(y: int, mo: int, d: int) -> str | None:
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    if not MIN_YEAR <= y or day > date.today() + timedelta(days=366):
        return None
    return day.isoformat()


def _from_epoch(seconds: int) -> str | None:
    stamp = datetime.fromtimestamp(seconds, tz=UTC)
    if _ymd(stamp.year, stamp.month, stamp.day) is None:
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def _dateutil(text: str) -> str | None:
    """Written-out dates ("March 5, 2019", "Tue, 05 Mar 2019 10:00:00 GMT")."""
    if not re.search(r"\b(?:19|20)\d{2}\b", text) or not re.search(r"[A-Za-z]{3}", text):
        return None
    try:
        parsed = parse_written(text, fuzzy=True, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    # fuzzy parsing invents parts it cannot read (foreign month names): the year must be written
    if str(parsed.year) not in text or _ymd(parsed.year, parsed.month, parsed.day) is None:
        return None
    if parsed.hour or parsed.minute:
        iso = parsed.replace(microsecond=0).isoformat()
        return iso.replace("+00:00", "Z")
    return parsed.date().isoformat()


def _htmldate(tree: Any, url: str | None, extensive: bool = True) -> str | None:
    """htmldate's text search as the last resort. It deep-copies a tree it is given, so ours is
    left untouched."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate is a declared dependency
        return None
    try:
        found = find_date(tree, original_date=True, extensive_search=extensive, url=url)
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on odd markup; no date is the answer
        return None
    # htmldate pads a bare year ("© 2016") to January 1st; as a publication day that is false
    # precision, and on both evaluation sets not one such answer was the right day
    if found and found.endswith("-01-01"):
        return None
    return found
