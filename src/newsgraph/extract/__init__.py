"""Page → Article: the extraction layer.

``extract(doc)`` dispatches on what the source found: an HTML page (``html.py``), plain text scraped
from a page (``text.py``) or an already structured record (``record.py``). It knows nothing of NLP.
"""

from __future__ import annotations

import re

from ..article import Article
from ..sources.base import RawDocument

_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)[\s>/]", re.IGNORECASE)


def sniff_kind(content: bytes | str) -> str:
    """``html`` when the first few KB look like markup, else ``text``."""
    head = content[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    return "html" if _HTML_SNIFF.search(head) else "text"


def extract(doc: RawDocument) -> Article:
    """Turn one raw document into an Article. Raises InputError when the input is unusable."""
    if doc.kind == "html":
        from .html import extract_html

        article = extract_html(doc)
    elif doc.kind == "text":
        from .text import extract_text

        article = extract_text(doc)
    else:
        from .record import extract_record

        article = extract_record(doc)
    article.origin = doc.origin
    return article
