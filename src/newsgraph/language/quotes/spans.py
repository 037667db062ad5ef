"""Find quoted spans in text, in every common quotation style, without a parser.

Rules, in order:
1. Quotes never cross a paragraph boundary, except by the news convention for a quote that runs
   over several paragraphs: the paragraph ends with the quote still open and the next paragraph
   starts with an opening mark. Each paragraph then gives its own span, chained by ``continues``.
2. An opening mark with no closing mark in its paragraph (and no continuation) is dropped: a stray
   mark never swallows the rest of the article.
3. Straight double quotes pair up in order within a paragraph; curly, guillemet and low-9 styles
   pair by their own closing mark. Curly single quotes count only where they cannot be apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks accepted for it
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ … ” (some pages close with “ by mistake)
    "\u201e": "\u201c\u201d",  # „ … “ (German, Balkan) or „ … ”
    "\u00ab": "\u00bb",  # « … »
    "\u00bb": "\u00ab",  # » … « (Danish, German alternative)
    "\u2039": "\u203a",  # ‹ … ›
    "\u2018": "\u2019",  # ‘ … ’
    "\u201a": "\u2018\u2019",  # ‚ … ‘
    '"': '"',
}
_OPENERS = set(_PAIRS)
_PARA = re.compile(r"\n\s*\n")


@dataclass
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when it runs on to the next paragraph
    continues: bool = False  # this span continues the quote of the previous paragraph

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, split on blank lines (single newlines stay inside)."""
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def find_quote_spans(text: str, min_chars: int = 2) -> list[QuoteSpan]:
    """Every quoted span in ``text``, in order, following the module's rules."""
    out: list[QuoteSpan] = []
    carry = False  # the previous paragraph ended inside an open quote
    for p_start, p_end in paragraphs(text):
        spans, open_at_end = _scan_paragraph(text, p_start, p_end, carry)
        for span in spans:
            if span.end - span.start >= min_chars and text[span.start : span.end].strip():
                out.append(span)
        carry = open_at_end
    # a dangling open quote in a paragraph that is NOT continued is dropped (rule 2)
    return [s for i, s in enumerate(out) if s.close_mark is not None or _is_continued(out, i)]


def _is_continued(spans: list[QuoteSpan], i: int) -> bool:
    return i + 1 < len(spans) and spans[i + 1].continues


def _scan_paragraph(text: str, start: int, end: int, carry: bool) -> tuple[list[QuoteSpan], bool]:
    spans: list[QuoteSpan] = []
    i = start
    lead = _first_mark(text, start, end)
    continues = carry and lead is not None
    while i < end:
        ch = text[i]
        if ch in _OPENERS and _can_open(text, i, start):
            close = _find_close(text, i, end)
            if close is None:
                # open to the end of the paragraph: kept only if the next paragraph continues it
                spans.append(QuoteSpan(i + 1, _rstrip(text, i + 1, end), i, None, continues and i == lead))
                return spans, True
            spans.append(QuoteSpan(i + 1, close, i, close, continues and i == lead))
            i = close + 1
            continue
        i += 1
    return spans, False


def _first_mark(text: str, start: int, end: int) -> int | None:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i if i < end and text[i] in _OPENERS else None


def _can_open(text: str, i: int, para_start: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if nxt.isspace() and ch in "\"\u2018\u00bb":
        return False  # a closing-looking straight mark or a spaced apostrophe
    if ch in "\u2018\u201a":
        return not prev.isalnum()  # ‘ after a letter is a mis-typed apostrophe (rock‘n’roll)
    if ch == '"':
        return not prev.isalnum()  # 5" or word" is a closing or an inch mark
    return True


def _find_close(text: str, i: int, end: int) -> int | None:
    closers = _PAIRS[text[i]]
    j = i + 1
    while j < end:
        ch = text[j]
        if ch in closers and _can_close(text, j, end, ch):
            return j
        j += 1
    return None


def _can_close(text: str, j: int, end: int, ch: str) -> bool:
    nxt = text[j + 1] if j + 1 < end else " "
    prev = text[j - 1]
    if ch == "\u2019":
        # ’ followed by a letter is an apostrophe (don’t, Serbia’s); so is a bare plural possessive
        return not nxt.isalnum()
    # a “ between a space and a letter opens the next quote rather than closing this one
    return not (ch == "\u201c" and prev.isspace() and nxt.isalnum())


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
