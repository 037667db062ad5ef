"""Content ids: one helper that turns the parts identifying a record into a short hex digest.

Ids are stored, so each kind of record keeps the exact recipe it has always had (a different
separator, prefix or length would give every stored record a new id); the recipes differ only in
these keyword arguments, written down once at each call site:

========================  =====================================================================
record                    recipe
========================  =====================================================================
Article                   ``content_id(url, title, text, terminated=True)``
entity (in an article)    ``content_id(article_id, name, label, prefix="e", length=15, algorithm="sha1")``
event (in an article)     ``content_id(article_id, zone, str(start), type, sep="|")``
graph node                ``content_id(kind, *key)``
duplicate group           ``content_id(first_article_id, prefix="d", length=15)``
story                     ``content_id(first_article_id, prefix="s", length=15)``
aggregated event          ``content_id(type, str(negated), actors, recipients, anchor, day, prefix="g", length=15)``
alert match               ``content_id(alert_name, article_id, event_id)``
========================  =====================================================================

Text is encoded as UTF-8 with ``surrogatepass``: a lone surrogate (from a page decoded with
``surrogateescape``) still gets an id instead of an error, and every string strict UTF-8 accepts
encodes to the very same bytes, so ids made with strict encoding are unchanged.
"""

from __future__ import annotations

import hashlib


def content_id(*parts: str, prefix: str = "", length: int = 16, sep: str = "\x00", terminated: bool = False,
               algorithm: str = "sha256") -> str:
    """``prefix`` + the first ``length`` hex digits of the hash of ``parts`` joined by ``sep``
    (and ended by ``sep`` too when ``terminated``)."""
    text = sep.join(parts) + (sep if terminated else "")
    return prefix + hashlib.new(algorithm, text.encode("utf-8", "surrogatepass")).hexdigest()[:length]
