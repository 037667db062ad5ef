"""The article body of a parsed page, as clean paragraphs.

Steps, each kept because it raised F1 on both extraction benchmarks (aeb news pages and wcxb
mixed page types; see ``benchmarks/extraction.py``), never for one page:

1. trafilatura on the tree (it copies the tree itself, so the caller's tree stays intact), with
   reader comments off. Its fast path first; its full cascade (readability/justext comparison,
   a third of its time) only when the fast result covers under 30% of the page's paragraph text
   or is mostly one-to-three-word lines (a menu, not an article).
2. When trafilatura finds much less, the JSON-LD ``articleBody`` the publisher declared — a
   second, independent source of the body.
3. Block clean-up by general rules: the headline repeated at the top (alone or heading a header
   block), the header's date, byline and reading-time lines above the first line of prose, bare
   URLs and timestamps, short boilerplate lines (share/subscribe/read-more prompts, credits,
   copyright lines) and reprint notices, and at the end, calls to action (newsletter sign-ups,
   "click here", CMS shortcodes left as text) and rails of links to other pages' headlines.
4. Paragraphs joined with a blank line; list items and table rows stay one per line.

Measured and left out (each lowered F1 on one of the two sets): pruning hidden elements
(accordion and FAQ answers are content), dropping repeated blocks, trafilatura's
favor_precision / favor_recall, and link-density from trafilatura's ``include_links`` output
(turning links on changes what trafilatura keeps).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

from .dateline import is_date_line, looks_like_byline

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_BARE_TIMESTAMP = re.compile(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)
# Prompts and chrome that trafilatura lets through; matched only on short blocks, from the start.
_BOILERPLATE = re.compile(
    r"^\W*(?:"
    r"read more|related(?: articles?| stories| posts?| coverage| reading)?|see also|also on [\w.]+|also read"
    r"|more from|more:|recommended(?: for you)?|most (?:read|popular|viewed)|popular on|don'?t miss"
    r"|sign up|subscribe|click here|follow us|share (?:this|on)|like this (?:story|article)"
    r"|advertisement|sponsored content|tell us what you think|leave a (?:comment|reply)|\d* ?comments?$"
    r"|copyright|\u00a9|all rights reserved|get (?:the|our) .{0,30}(?:app|newsletter)"
    r"|this copy is for your personal|order reprints|print article|an error has occurred"
    r"|tags?:|filed under|categor(?:y|ies):"
    r"|source:|\(?reporting by|additional reporting|write to .{0,40}\bat\b|e-?mail .{0,40}\bat\b"
    r"|reach the (?:reporter|writer|author)s?\b|follow (?:him|her|them|us|@)|more ap\b"
    r")",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_WORDS = 25
_REPRINT_NOTICE = re.compile(r"^\W*this (?:copy|article) is for your personal", re.IGNORECASE)
_NOTICE_MAX_WORDS = 80
# Calls to action and shortcodes that close a page after the story (see drop_closing_promos).
_PROMO = re.compile(
    r"(?i:\b(?:sign up|subscribe|click here|newsletter|delivered to your inbox)\b)"
    r"|\[[a-z_]+\s+[a-z_]+=|\[/[a-z_]+\]"  # "[button link=…]", "[/button]"; not "[Bloomberg]"
)
_PROMO_MAX_WORDS = 40
_READING_TIME = re.compile(
    r"^\W*(?:(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesedauer|lesezeit"
    r"|tempo di lettura)\W*)?\d+\s*(?:min(?:ute)?s?|minutos?|minuten|minuti)\.?"
    r"(?:\s+(?:read|reading|de leitura|de lectura|de lecture|lesezeit|di lettura))?\W*$",
    re.IGNORECASE,
)
_HEADER_MAX_WORDS = 20  # a longer line is prose: the header above the story has ended


@dataclass
class BodyOptions:
    """Switches for the body rules (benchmarks toggle them to measure each one)."""

    jsonld_fallback: bool = True
    drop_title: bool = True
    drop_header_lines: bool = True
    drop_bare: bool = True
    drop_boilerplate: bool = True
    drop_link_rails: bool = True
    drop_closing_promos: bool = True
    mode: str = "adaptive"  # adaptive (fast, full when it found little), fast, full
    rerun_below: float = 0.3
    rerun_on_menus: bool = True
    trafilatura: dict = field(default_factory=dict)


DEFAULT_OPTIONS = BodyOptions()


@dataclass
class PageMeasures:
    """What the body rules measure on the whole page, taken before the caller cut its asides and
    footers (``html.drop_machine_parts``): the rules compare the body with the page as served."""

    paragraph_text: int  # paragraph_text_length of the whole page
    cut: list[HtmlElement]  # the parts cut (detached, still readable): their links count as the page's

    @classmethod
    def of(cls, tree: HtmlElement, cut: list[HtmlElement]) -> PageMeasures:
        return cls(paragraph_text_length(tree), cut)

    def cut_anchors(self) -> set[str]:
        """anchor_keys of the parts cut, read only when a closing block may be a rail."""
        keys: set[str] = set()
        for element in self.cut:
            keys |= anchor_keys(element)
        return keys


def extract_body(tree: HtmlElement, url: str | None = None, titles: list[str] | None = None,
                 options: BodyOptions = DEFAULT_OPTIONS, jsonld: list[dict] | None = None,
                 measures: PageMeasures | None = None) -> str:
    """The body text of ``tree`` as paragraphs separated by blank lines ('' when none).

    ``jsonld``: the page's JSON-LD objects when the caller already parsed them (else read here).
    ``measures``: the page measured before parts of it were cut (else measured on ``tree``).
    """
    blocks = _trafilatura_blocks(tree, url, options, measures)
    if options.jsonld_fallback:
        declared = jsonld_article_body(tree, jsonld)
        found = sum(len(text) for _, text in blocks)
        # Much longer than what was found, or the same text with its paragraph breaks (the
        # baseline extractor reads JSON-LD too, but flattens it into one block).
        if declared and (len(declared) > 2 * found + 200 or len(blocks) <= 1 < declared.count("\n") + 1
                         and len(declared) >= 0.9 * found):
            blocks = [("p", para) for para in declared.split("\n") if para.strip()]
    blocks = clean_blocks(blocks, titles or [], options)
    if options.drop_closing_promos:
        blocks = drop_closing_promos(blocks)
    if options.drop_link_rails and blocks and _could_be_rail(blocks[-1][1]):
        blocks = drop_link_rails(blocks, anchor_keys(tree) | (measures.cut_anchors() if measures else set()))
    return "\n\n".join(text for _, text in blocks)


def _trafilatura_blocks(tree: HtmlElement, url: str | None, options: BodyOptions,
                        measures: PageMeasures | None = None) -> list[tuple[str, str]]:
    """trafilatura's body as (tag, text) blocks, via its fast path first.

    The fast path skips trafilatura's comparison with its readability/justext fallbacks, which
    costs a third of its time and matters only when the main extractor missed most of the page.
    So: fast first, and the full cascade only when the fast result covers less than
    ``rerun_below`` of the text the page holds in paragraphs, lists and tables.
    """
    blocks = _blocks(_run_trafilatura(tree, url, options, fast=options.mode != "full"))
    if options.mode == "adaptive" and (_menu_like(blocks, options) or _too_little(
            blocks, measures.paragraph_text if measures else paragraph_text_length(tree), options)):
        full = _blocks(_run_trafilatura(tree, url, options, fast=False))
        if full:
            blocks = full
    return blocks


def _blocks(body: _Element | None) -> list[tuple[str, str]]:
    blocks = []
    for child in body if body is not None else ():
        text = _tidy(xmltotxt(child, False))
        if text:
            blocks.append((child.tag, text))
    return blocks


def _too_little(blocks: list[tuple[str, str]], page_text: int, options: BodyOptions) -> bool:
    found = sum(len(text) for _, text in blocks)
    return found < options.rerun_below * page_text


def _menu_like(blocks: list[tuple[str, str]], options: BodyOptions) -> bool:
    """Mostly lines of one to three words: a navigation menu, not an article."""
    if not options.rerun_on_menus:
        return False
    lines = [line for _, text in blocks for line in text.split("\n")]
    total = sum(len(line) for line in lines)
    short = sum(len(line) for line in lines if len(_WORD.findall(line)) <= 3)
    return total > 0 and short > 0.5 * total


def _run_trafilatura(tree: HtmlElement, url: str | None, options: BodyOptions, fast: bool) -> _Element | None:
    import trafilatura

    settings = {"include_comments": False, **options.trafilatura}
    # "txt": the format only decides what trafilatura serialises at the end, and with "python" it
    # would turn the whole body into text that is never read (the blocks are read from the tree)
    document = trafilatura.bare_extraction(
        tree, url=url, output_format="txt", with_metadata=False, fast=fast, **settings
    )
    return None if document is None else document.body


def paragraph_text_length(tree: HtmlElement) -> int:
    """Characters of text directly inside the page's text blocks (a cheap size of its content)."""
    total = 0
    for element in tree.iter("p", "li", "td", "dd", "pre", "blockquote", "h2", "h3"):
        total += len((element.text or "").strip())
        for child in element:
            total += len((child.text or "").strip()) + len((child.tail or "").strip())
    return total


def _tidy(text: str) -> str:
    lines = (line.strip() for line in _SPACES.sub(" ", text).split("\n"))  # _SPACES holds no newline
    return "\n".join(line for line in lines if line)


def clean_blocks(blocks: list[tuple[str, str]], titles: list[str],
                 options: BodyOptions = DEFAULT_OPTIONS) -> list[tuple[str, str]]:
    """Drop blocks that are page chrome rather than article text."""
    if options.drop_title and titles:
        blocks = _drop_leading_titles(blocks, titles)
    if options.drop_header_lines:
        blocks = _drop_header_lines(blocks)
    kept = []
    for tag, text in blocks:
        if options.drop_bare and (_BARE_URL.match(text) or _BARE_TIMESTAMP.match(text)):
            continue
        if options.drop_boilerplate and _is_boilerplate(text):
            continue
        kept.append((tag, text))
    return kept


def _could_be_rail(text: str) -> bool:
    """Cheap pre-check before reading the page's links: rails are short headline lines."""
    return all(len(line) < 300 for line in text.split("\n"))


def anchor_keys(tree: HtmlElement) -> set[str]:
    """Normalised texts of the page's links of three words or more (headlines of other pages)."""
    keys = set()
    for anchor in tree.iter("a"):
        key = _key(anchor.text_content())
        if key.count(" ") >= 2:
            keys.add(key)
    return keys


def _is_link_line(line: str, anchors: set[str]) -> bool:
    key = _key(line)
    if not key:
        return False
    if key in anchors:
        return True
    words = key.split(" ")
    # a linked headline followed by its teaser: the link covers the first third or more
    return any(" ".join(words[:n]) in anchors for n in range(max(3, (len(words) + 2) // 3), len(words)))


def _is_link_rail(text: str, anchors: set[str]) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    linked = sum(_is_link_line(line, anchors) for line in lines)
    return bool(lines) and linked >= 0.8 * len(lines)


def drop_link_rails(blocks: list[tuple[str, str]], anchors: set[str]) -> list[tuple[str, str]]:
    """Drop the closing blocks made of links to other pages' headlines (related-story rails).

    Only at the end: inside a page, a list of links can be the content (a listing, a guide).
    """
    end = len(blocks)
    while end > 0 and anchors and _is_link_rail(blocks[end - 1][1], anchors):
        end -= 1
    return blocks[:end]


def drop_closing_promos(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop short closing blocks that ask the reader to act ("Sign up for our newsletter…",
    "Click here for more information") or are a CMS shortcode left as text ("[button …]").
    Only at the end, and one or two blocks: inside a story such words can be its subject."""
    end = len(blocks)
    while end > 0 and len(blocks) - end < 2 and _is_promo(blocks[end - 1][1]):
        end -= 1
    return blocks[:end]


def _is_promo(text: str) -> bool:
    return len(_WORD.findall(text)) <= _PROMO_MAX_WORDS and bool(_PROMO.search(text))


def _is_boilerplate(text: str) -> bool:
    # the anchored patterns first: they fail on the first words of nearly every block, and the
    # words are counted only for the few blocks that start like a prompt or a notice
    if _BOILERPLATE.match(text) and len(_WORD.findall(text)) <= _BOILERPLATE_MAX_WORDS:
        return True
    # a reprint notice is longer than a prompt, and never a sentence of the story
    return bool(_REPRINT_NOTICE.match(text)) and len(_WORD.findall(text)) <= _NOTICE_MAX_WORDS


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _drop_leading_titles(blocks: list[tuple[str, str]], titles: list[str]) -> list[tuple[str, str]]:
    """Remove the headline when the extractor kept it at the top (once): as a block of its own,
    or as the first line of a header block whose other lines are its date and byline."""
    keys = {_key(t) for t in titles if len(_WORD.findall(t)) >= 2}
    keys.discard("")

    def is_title(text: str) -> bool:
        key = _key(text)
        return bool(key) and any(key == k or (len(key) > 20 and k.startswith(key)) for k in keys)

    for index, (tag, text) in enumerate(blocks[:3]):
        if is_title(text):
            return blocks[:index] + blocks[index + 1 :]
        first, _, rest = text.partition("\n")
        if rest and is_title(first):
            return [*blocks[:index], (tag, rest), *blocks[index + 1 :]]
    return blocks


def _drop_header_lines(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop the date, byline and reading-time lines ("Updated: Tue., Nov. 19, 2019", "By Ann Lee",
    "5 min read") of the
    header the extractor kept above the story: only before its first line of prose, where such a
    line is the page's stamp and not a sentence of the story."""
    kept: list[tuple[str, str]] = []
    for index, (tag, text) in enumerate(blocks):
        lines = text.split("\n")
        if any(len(_WORD.findall(line)) > _HEADER_MAX_WORDS for line in lines) or index >= 3:
            return kept + blocks[index:]
        lines = [line for line in lines if not (is_date_line(line) or looks_like_byline(line)
                                                or _READING_TIME.match(line))]
        if lines:
            kept.append((tag, "\n".join(lines)))
    return kept


def jsonld_article_body(tree: HtmlElement, jsonld: list[dict] | None = None) -> str | None:
    """The longest ``articleBody`` declared in the page's JSON-LD, if any."""
    best = None
    for data in _jsonld_objects(tree) if jsonld is None else jsonld:
        for body in _find_key(data, "articleBody"):
            if isinstance(body, str) and (best is None or len(body) > len(best)):
                best = body
    if not best:
        return None
    # Declared bodies sometimes carry HTML; a fragment parse gives the text back.
    if "<" in best and ">" in best:
        from lxml.html import fragment_fromstring

        try:
            best = fragment_fromstring(best, create_parent="div").text_content()
        except (ValueError, TypeError):
            pass
    return "\n".join(_SPACES.sub(" ", line).strip() for line in best.splitlines()).strip() or None


def _jsonld_objects(tree: HtmlElement) -> list:
    found = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = script.text or ""
        if "articleBody" in raw:
            try:
                found.append(json.loads(raw))
            except ValueError:
                continue
    return found


def _find_key(data: object, key: str, depth: int = 0):
    if depth > 6:
        return
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key:
                yield value
            else:
                yield from _find_key(value, key, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _find_key(item, key, depth + 1)
