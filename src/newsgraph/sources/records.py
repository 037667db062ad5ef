"""JSON and JSONL inputs: one article object, a list of them, a JSON Feed, or one object a line.

Scrapers name the same field many ways (news-please ``maintext``, schema.org ``articleBody``,
newspaper ``authors``…); :func:`normalise` maps them onto the names extraction reads from
``RawDocument.meta``: url, title, text, published, modified, authors, language, source, tags,
summary, image, guid.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..article import Origin
from ..errors import InputError
from .base import RawDocument, SourceItem
from .dates import to_iso

#: Python's JSON parser recurses once per level of nesting; no article is nested that deep.
TOO_DEEP = "JSON nested too deeply to be an article (over Python's recursion limit); skipped"

#: Canonical meta key → the field names accepted for it, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "canonical_url", "uri", "href", "external_url"),
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "articleBody", "maintext", "content_text", "full_text"),
    "html": ("html", "raw_html", "content_html", "page"),
    "published": ("published", "date", "date_publish", "datePublished", "date_published",
                  "pubDate", "published_at", "publish_date", "publishedAt", "created_at"),
    "modified": ("modified", "date_modify", "dateModified", "date_modified", "updated"),
    "authors": ("authors", "author", "byline", "creator", "creators"),
    "language": ("language", "lang", "inLanguage"),
    "source": ("source", "outlet", "domain", "source_domain", "publisher", "site_name"),
    "tags": ("tags", "keywords", "categories", "category"),
    "summary": ("summary", "description", "abstract", "lead"),
    "image": ("image", "image_url", "top_image", "urlToImage"),
    "guid": ("id", "guid"),
}  # fmt: skip


def normalise(obj: dict[str, Any]) -> dict[str, Any]:
    """Canonical meta from one JSON article object; values are cleaned, empties dropped."""
    meta: dict[str, Any] = {}
    for key, names in ALIASES.items():
        for name in names:
            value = _clean(key, obj.get(name))
            if value not in (None, "", []):
                meta[key] = value
                break
    for key in ("published", "modified"):
        if key in meta:
            raw = meta[key]
            meta[key] = to_iso(raw)
            if meta[key] is None:  # keep what the source said, so nothing is lost
                del meta[key]
                meta[f"{key}_raw"] = str(raw)
    return meta


def _clean(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in ("authors", "tags"):
        return _names(value)
    if key in ("published", "modified"):
        return value if isinstance(value, (str, int, float)) else None
    if isinstance(value, dict):  # {"name": "Reuters"}, {"url": "…"}, {"@value": "…"}
        for inner in ("name", "url", "@value", "value", "text"):
            if isinstance(value.get(inner), str):
                return value[inner].strip()
        return None
    if isinstance(value, list):
        items = [_clean(key, item) for item in value]
        return next((item for item in items if item), None)
    return value.strip() if isinstance(value, str) else str(value)


def _names(value: Any) -> list[str]:
    """Authors or tags as a list of names: accepts a string, a list, or objects with a name."""
    if isinstance(value, str):
        parts = value.split(",") if "," in value and "<" not in value else [value]
        return [part.strip() for part in parts if part.strip()]
    if isinstance(value, dict):
        name = value.get("name") or value.get("term") or value.get("label")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def record_document(obj: Any, origin: Origin) -> SourceItem:
    """One JSON object → a RawDocument (kind html when it carries the page, else record)."""
    try:
        return _record_document(obj, origin)
    except RecursionError:  # a field nested just under the parser's limit, cleaned recursively
        return InputError(origin.label, TOO_DEEP)


def _record_document(obj: Any, origin: Origin) -> SourceItem:
    where = origin.label
    if not isinstance(obj, dict):
        return InputError(where, f"expected a JSON object for an article, got {type(obj).__name__}")
    meta = normalise(obj)
    html = meta.pop("html", None)
    if html:
        return RawDocument(html, origin, kind="html", url=meta.get("url"), meta=meta)
    if not any(key in meta for key in ("url", "title", "text", "summary")):
        return InputError(where, "JSON object has no url, title, text, html or summary field")
    return RawDocument(meta.get("text", ""), origin, kind="record", url=meta.get("url"), meta=meta)


def read_json(data: bytes, name: str, kind: str = "file") -> Iterator[SourceItem]:
    """A ``.json`` file: one object, a list of objects, or a JSON Feed (jsonfeed.org)."""
    try:
        value = json.loads(_decode(data))
    except ValueError as exc:
        if _looks_like_jsonl(data):
            yield from read_jsonl(data, name, kind)
            return
        yield InputError(name, f"not valid JSON: {exc}")
        return
    except RecursionError:
        if _looks_like_jsonl(data):  # one deep line must not cost the others
            yield from read_jsonl(data, name, kind)
            return
        yield InputError(name, TOO_DEEP)
        return
    if isinstance(value, dict) and _is_json_feed(value):
        yield from _json_feed(value, name)
    elif isinstance(value, dict) and _wrapped_list(value) is not None:
        for index, obj in enumerate(_wrapped_list(value) or []):
            yield record_document(obj, Origin(name, record=f"item {index}", kind=kind))
    elif isinstance(value, list):
        for index, obj in enumerate(value):
            yield record_document(obj, Origin(name, record=f"item {index}", kind=kind))
    else:
        yield record_document(value, Origin(name, kind=kind))


def read_jsonl(data: bytes, name: str, kind: str = "jsonl") -> Iterator[SourceItem]:
    """One object a line; a bad line is one error naming ``path#line N`` and the rest go on."""
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        origin = Origin(name, record=f"line {number}", kind="jsonl")
        try:
            value = json.loads(_decode(line))
        except ValueError as exc:
            yield InputError(origin.label, f"not valid JSON: {exc}")
            continue
        except RecursionError:
            yield InputError(origin.label, TOO_DEEP)
            continue
        yield record_document(value, origin)


def _decode(data: bytes) -> str:
    """JSON should be UTF-8 (RFC 8259), but scrapers on Windows write cp1252: read that too."""
    try:
        return (
            data.decode("utf-8-sig")
            if not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            else data.decode("utf-16")
        )
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_jsonl(data: bytes) -> bool:
    lines = [line for line in data[:65536].splitlines()[:3] if line.strip()]
    return len(lines) > 1 and all(line.lstrip().startswith(b"{") for line in lines)


#: Keys under which news APIs and exports wrap their list of articles ({"status": "ok", "articles": […]}).
_WRAPPERS = ("articles", "items", "entries", "results", "records", "data", "docs", "news", "stories")


def _wrapped_list(value: dict[str, Any]) -> list[Any] | None:
    """The article list of an API response; None when the object is itself an article."""
    if any(name in value for names in ALIASES.values() for name in names if name not in ("id",)):
        return None
    for key in _WRAPPERS:
        inner = value.get(key)
        if isinstance(inner, list) and inner and all(isinstance(item, dict) for item in inner):
            return inner
    return None


def _is_json_feed(value: dict[str, Any]) -> bool:
    version = value.get("version")
    return isinstance(version, str) and "jsonfeed.org" in version and isinstance(value.get("items"), list)


def _json_feed(feed: dict[str, Any], name: str) -> Iterator[SourceItem]:
    """JSON Feed items: content_html is the page, content_text the text, the feed title the source."""
    source = feed.get("title") if isinstance(feed.get("title"), str) else None
    feed_authors = _names(feed.get("authors") or feed.get("author") or [])
    for index, item in enumerate(feed["items"]):
        doc = record_document(item, Origin(name, record=str(index), kind="feed"))
        if isinstance(doc, RawDocument):
            if source:
                doc.meta.setdefault("source", source)
            if feed_authors:
                doc.meta.setdefault("authors", feed_authors)
        yield doc
