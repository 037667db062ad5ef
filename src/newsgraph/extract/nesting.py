"""Pages nested deeper than any real layout needs: 300 ``<div>`` around the article, or
hundreds of ``<span><font>`` left unclosed, each of which libxml2 nests inside the previous one.

libxml2 stops building the tree at depth 256 and everything below is lost without an error, so a
page that hits the limit is parsed again without it (``huge_tree``, which still stops at 2048;
a page past that too is parsed once more with its formatting and container tags taken out of the
markup by :func:`strip_nesting`, leaving paragraphs, headings and links), then flattened here:

1. inline formatting (``span``, ``font``, ``b``…) is unwrapped: its text stays where it was, it
   only stops being an element; links stay, because link density tells boilerplate from text;
2. a container with no text of its own around a single element (a ``div`` in a ``div``) is
   unwrapped: such chains carry no structure;
3. whatever is still deeper than :data:`MAX_DEPTH` is merged into its ancestor at that depth, so
   every later reader (trafilatura, our own walkers) sees a tree of bounded depth.

Only such pages are touched: a page within the parser's limit is never flattened.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

#: Far deeper than real pages (news pages nest 20-40 levels), well below the parser's limit.
MAX_DEPTH = 128
_INLINE = frozenset({"span", "font", "b", "i", "u", "em", "strong", "small", "big", "tt", "nobr",
                     "s", "strike", "sub", "sup", "mark", "abbr", "cite", "ins", "del", "bdi", "bdo"})  # fmt: skip
_CONTAINERS = frozenset({"div", "section", "center", "main", "header", "span", "font", "td", "tr", "tbody", "table"})


_NESTING_TAGS = re.compile(r"</?(" + "|".join(sorted(_INLINE | _CONTAINERS)) + r")\b[^>]*>", re.IGNORECASE)


def strip_nesting(html: str) -> str:
    """The markup without the tags that build runaway nesting; their text stays in place (a
    container's edge becomes a space, so words on either side stay apart)."""
    return _NESTING_TAGS.sub(lambda tag: "" if tag.group(1).lower() in _INLINE else " ", html)


def too_deep(error_log) -> bool:
    """Whether the last parse stopped at libxml2's depth limit (it only says so in its log)."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" and "depth" in error.message for error in error_log)


def flatten(root: HtmlElement) -> None:
    """Bring a degenerate tree back to a bounded depth, keeping all its text in order."""
    for element in list(root.iter(etree.Element)):
        if element is root or element.getparent() is None:
            continue
        if element.tag in _INLINE or _wrapper(element):
            element.drop_tag()
    for element in reversed(_deeper_than(root, MAX_DEPTH)):  # the deepest first
        element.drop_tag()


def _wrapper(element: HtmlElement) -> bool:
    return (element.tag in _CONTAINERS and len(element) == 1 and not (element.text or "").strip()
            and not (element[0].tail or "").strip())  # fmt: skip


def _deeper_than(root: HtmlElement, limit: int) -> list[HtmlElement]:
    """Elements below ``limit`` levels, in document order, found without recursion."""
    found: list[HtmlElement] = []
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit:
                found.append(element)
        else:
            depth -= 1
    return found
