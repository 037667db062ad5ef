"""Photo captions and their credits.

Sources: ``<figure>``/``<figcaption>``, caption-like elements by class (``caption``, ``wp-caption-text``),
and JSON-LD ``ImageObject`` ``caption``/``creditText``. Credits are taken from credit elements
(``<small>``, ``.credit``, ``.copyright``, ``itemprop=copyrightHolder``) or split off the caption text
("Photo: X", "/ Source: X", "(AP Photo/Name)", "Credit: …", "© X"). Captions are de-duplicated and
chrome ("Advertisement", "Share this", image counters) is dropped. The tree is never modified.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..article import Caption
from .signals import Signals, collect, document_root, text_of, types_of

_CAPTION_CLASS = re.compile(r"caption|figcaption|image-desc|img-desc|photo-desc|media-desc|legend", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|attribution|photographer|author", re.IGNORECASE)
_CHROME = re.compile(
    r"^(?:advertisement|anzeige|publicité|sponsored|share|share this|image \d+ of \d+|\d+\s*/\s*\d+|"
    r"enlarge|expand|close|open gallery|view gallery|photo|image|video|play|click to enlarge)$",
    re.IGNORECASE,
)
# trailing or leading credits written into the caption text
_CREDIT_PATTERNS = (
    re.compile(r"\(\s*((?:AP|AFP|Reuters|EPA|Getty|[A-Z][\w.&' -]{0,40})\s*(?:Photo|Foto|Images?)?\s*/\s*[^()]{2,60})\)\s*$"),
    re.compile(r"\s*[|/–—-]?\s*\(?((?:Photograph|Photo|Foto|Image|Picture|Bild|Credit|Source|Quelle|Crédit|Crédito|Fotos?)"
               r"\s*(?:credit)?\s*[:/]\s*[^()]{2,80}?)\)?\s*$", re.IGNORECASE),
    re.compile(r"\s*((?:©|\(c\)|Copyright)\s*[^()]{2,80})$", re.IGNORECASE),
    re.compile(r"\s+((?:Photograph|Photo|Image|Picture)s?\s+(?:by|courtesy of)\s+[^()]{2,80})$", re.IGNORECASE),
    re.compile(r"\s*\[?((?:AP|AFP|Reuters|EPA|Getty Images|Shutterstock|dpa|Xinhua|ANP)(?:\s*/\s*[\w .'-]{2,40})?)\]?\s*$"),
)
_CREDIT_LABEL = re.compile(r"^(?:photograph|photo|foto|image|picture|bild|credit|source|quelle|crédit|crédito|fotos?)\s*"
                           r"(?:credit)?\s*[:/]\s*", re.IGNORECASE)
_LABEL_TAIL = re.compile(r"\s*(?:Photograph|Photo|Foto|Image|Picture|Credit|Source|Quelle)\s*(?:credit)?\s*:?\s*$", re.IGNORECASE)
_WS = re.compile(r"\s+")


def _caption_elements(tree: Any) -> list[Any]:
    """Elements of the page whose class says caption (either case), in document order: a walk
    testing the class string (XPath ``contains`` on every element took twice as long)."""
    root = document_root(tree)
    return [el for el in root.iter(etree.Element) if (c := el.get("class")) and ("caption" in c or "Caption" in c)]


def extract_captions(tree: Any, signals: Signals | None = None) -> list[Caption]:
    """Captions of the page's images, each with its credit when one is given."""
    out: list[Caption] = []
    seen: set[str] = set()
    sig = signals or collect(tree)
    for text, credit in _from_figures(tree) + _from_classes(tree, sig.labels) + _from_jsonld(sig):
        caption = make_caption(text, credit)
        if caption is None:
            continue
        key = _key(caption.text or caption.credit or "")
        if key in seen or any(key and key in s for s in seen):
            continue
        seen.add(key)
        out.append(caption)
    # a credit line on its own repeats the credit of a full caption beside it
    credited = {c.credit for c in out if c.text and c.credit}
    return [c for c in out if c.text or c.credit not in credited]


def make_caption(text: str | None, credit: str | None) -> Caption | None:
    """A clean Caption from raw caption text and an optional separate credit; None for chrome."""
    text = _squash(text or "")
    credit = _squash(credit or "") or None
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip(" |/–—-:(")
        text = _LABEL_TAIL.sub("", text)  # "… Photograph:" left before a separate credit element
    if not credit:
        text, credit = split_credit(text)
    if not credit and _CREDIT_LABEL.match(text):  # a credit line on its own: "Image Credit: NASA"
        text, credit = "", text
    if credit:
        credit = _CREDIT_LABEL.sub("", credit).strip(" ()[]") or None
    text = text.strip(" |/–—-")
    if not text and not credit:
        return None
    if text and (_CHROME.match(text) or len(text) < 4 or len(text) > 1000):
        if not credit:
            return None
        text = ""
    return Caption(text=text, credit=credit)


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a credit written into the caption: "Crowds gather. (AP Photo/Jane Doe)" ->
    ("Crowds gather.", "AP Photo/Jane Doe")."""
    for pattern in _CREDIT_PATTERNS:
        m = pattern.search(text)
        if m and m.start() > 0:
            return text[: m.start()].rstrip(" |/–—-("), m.group(1).strip()
    return text, None


def _from_figures(tree: Any) -> list[tuple[str, str | None]]:
    found = []
    for cap in tree.iter("figcaption"):
        if _mostly_link(cap) or any(True for _ in cap.iter("h2", "h3", "h4", "h5", "h6")):
            continue  # a linked teaser card to another story, not a photo caption
        credit_els = [el for el in cap.iter() if el is not cap and _is_credit(el)]
        credit = " ".join(_text(el) for el in credit_els) or None
        text = _text(cap, skip=credit_els)
        if not credit:
            fig = cap.getparent()
            sibling = [el for el in fig.iter() if _is_credit(el) and el is not cap] if fig is not None else []
            credit = _text(sibling[0]) if sibling else None
        found.append((text, credit))
    return found


def _from_classes(tree: Any, labels: list[str]) -> list[tuple[str, str | None]]:
    """Caption elements outside ``<figcaption>``: WordPress ``wp-caption-text``, ``.caption`` divs."""
    found = []
    if "aption" not in "\n".join(labels):  # most pages have none: a substring test in C
        return found
    for el in _caption_elements(tree):
        if el.tag in ("figcaption", "figure", "img", "body", "html", "article", "section", "script", "style"):
            continue
        if not _CAPTION_CLASS.search(el.get("class") or "") or _inside(el, "figcaption"):
            continue
        if any(_CAPTION_CLASS.search(a.get("class") or "") for a in el.iterancestors()):
            continue  # the outer caption element already covers this one
        if _mostly_link(el):
            continue  # a teaser to another story styled as a caption
        credit_els = [c for c in el.iter() if c is not el and _is_credit(c)]
        credit = " ".join(_text(c) for c in credit_els) or None
        found.append((_text(el, skip=credit_els), credit))
    return found


def _from_jsonld(sig: Signals) -> list[tuple[str, str | None]]:
    found = []
    for obj in sig.articles():
        images = obj.get("image")
        for img in images if isinstance(images, list) else [images]:
            if isinstance(img, dict) and types_of(img) & {"imageobject"} and img.get("caption"):
                credit = text_of(img.get("creditText")) or text_of(img.get("copyrightHolder")) or text_of(img.get("author"))
                found.append((text_of(img.get("caption")) or "", credit))
    return found


def _is_credit(el: Any) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag == "small":
        return True
    attrs = f"{el.get('class') or ''} {el.get('itemprop') or ''}"
    return bool(_CREDIT_CLASS.search(attrs)) and "caption" not in attrs.lower()


def _mostly_link(el: Any) -> bool:
    total = len(_text(el))
    linked = sum(len(_text(a)) for a in el.iter("a"))
    return total > 0 and (linked / total > 0.8 or _inside(el, "a"))


def _inside(el: Any, tag: str) -> bool:
    return any(a.tag == tag for a in el.iterancestors())


def _text(el: Any, skip: list[Any] | None = None) -> str:
    """Spaced text of ``el`` without the subtrees in ``skip`` (the credit elements)."""
    if not skip:
        return _squash(" ".join(el.itertext()))
    parts: list[str] = []
    _walk(el, set(map(id, skip)), parts)
    return _squash(" ".join(parts))


def _walk(el: Any, skip: set[int], parts: list[str]) -> None:
    if isinstance(el.tag, str) and el.tag not in ("script", "style"):
        if el.text:
            parts.append(el.text)
        for child in el:
            if id(child) not in skip:
                _walk(child, skip, parts)
            if child.tail:
                parts.append(child.tail)


def _squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _key(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
