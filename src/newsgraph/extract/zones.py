"""Zoning a page that a scraper saved as plain text.

The page arrives as lines: site chrome, headline, caption and credit, byline, body, hashtags,
notices and embedded posts, run together. :func:`zone_lines` labels the lines with general rules,
in an order where each step relies only on the steps before it (:mod:`.text` adds the header):

1. lines, with markdown leftovers ("**21.7K**", "[@x](#)", "# Heading") cleaned;
2. embedded posts, found by their anchors (an ``@handle`` line followed by a time stamp, a
   "— Name (@handle) Date" signature, "A post shared by …") and parsed by :mod:`.embeds`;
3. tags: lines made only of hashtags, "Tags: a, b" lines, and short lines under a "Tags" heading;
4. disclosures over the whole text (:mod:`.disclosures`), whole lines or cut-out sentences; a bare
   label ("Sponsored") below the story's first paragraph marks an ad slot, not the story;
5. chrome: navigation and button words, cookie notices, copyright lines, and everything after an
   end-of-article marker ("Related articles", "Most read");
6. captions with their credit ("… / Source: X", "Photo: X/Getty", "… (Reuters)");
7. (in :mod:`.text`) the header: headline, dek, byline and date lines;
8. the rest is body; :func:`join_paragraphs` joins paragraphs that the layout broke.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ..article import Caption, Dateline, Disclosure, Embed
from .dateline import (
    find_date,
    is_date_line,
    looks_like_byline,
    normalize_date,
    parse_byline,
)
from .disclosures import find_disclosures
from .embeds import (
    CARD_CHROME,
    HASHTAG_RE,
    SHARED_BY_RE,
    SIGNATURE_RE,
    clean_markdown,
    embed_from_text,
    is_meta_line,
)

CREDITS_RE = re.compile(
    r"^(?:(?:additional )?reporting|writing|editing|compiled|produced) by\b", re.IGNORECASE
)
_TERMINAL = tuple(".!?:;…\"”’')]")
# Whole lines that are site navigation or buttons, never content.
_CHROME_WORDS = (
    # navigation and account
    r"search|menu|main menu|navigation|toggle navigation|skip to (?:main )?content.*|home|homepage|sections|"
    r"subscribe(?: now| today)?|subscribed|sign (?:in|up|out)|log ?in|log out|register|my account|account|"
    r"edition|language|english|en|de|fr|es|ru|close|open|next|previous|prev|back to top|top|"
    # sharing and saving
    r"share(?: this)?(?: article| story| (?:on|via|to|with) .{1,25})?|share via|facebook|twitter|x|linkedin|"
    r"whatsapp|telegram|reddit|email|e-mail|print(?: article| this(?: article| page)?)?|copy link|link copied|"
    r"save|saved|bookmark|read later|save for later|save (?:this )?(?:article|story)|gift (?:this )?article|"
    r"resize text|text size|more options|listen|listen to (?:this )?(?:article|story)|"
    r"\d+\s*min(?:ute)?s?(?: read| listen)?|"
    # teasers, comments, ads
    r"continue reading.{0,30}|read more|more|see more|show more|load more|comments?|\d+ comments?|"
    r"\d*\s*comments?\.? click to view comments|advertisement|advert|ad|sponsored links|latest|latest news|"
    r"trending|top stories|breaking|live|video|watch|photos?|gallery|play|pause|mute|image|photo|icon|logo|"
    r"newsletters?|sign up for (?:our|the) newsletter.*|follow us(?: on .*)?|"
    # consent and legal
    r"cookie settings|accept(?: all)?(?: cookies)?|reject(?: all)?|manage (?:preferences|cookies|settings)|"
    r"please accept our (?:privacy|cookie) (?:terms|policy)|privacy policy|terms(?: of (?:use|service))?|"
    r"contact(?: us)?|about(?: us)?|advertise(?: with us)?|donate|support us|all rights reserved"
)
# Whole lines that are site navigation or buttons, never content.
_CHROME_RE = re.compile(rf"^(?:{_CHROME_WORDS})$", re.IGNORECASE)
_CHROME_PREFIX_RE = re.compile(
    r"^(?:(?:read|see) (?:more|also|next)|also read|related|recommended|watch|listen|more on this)\s*[:|»>-]",
    re.IGNORECASE,
)
_COOKIE_RE = re.compile(
    r"\bcookies?\b.*\b(?:accept|consent|agree|use|policy|settings|privacy|experience)\b", re.IGNORECASE
)
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)\s|copyright\b)|all rights reserved", re.IGNORECASE)
# Headings after which a page lists other stories, not this one.
_END_RE = re.compile(
    r"^(?:related(?: articles| stories| news| content| coverage| posts| reading)?|more (?:from|on|in|about) .{1,40}"
    r"|more (?:stories|news|articles)|most (?:read|popular|viewed|shared)|you (?:may|might) (?:also )?like"
    r"|recommended(?: for you| stories| reading)?|read next|up next|what to read next|latest (?:news|stories)"
    r"|trending(?: now| stories)?|also on .{1,30}|comments?(?: \(\d+\))?|join the conversation"
    r"|popular(?: now| stories)?|editor'?s picks|top stories)\s*:?$",
    re.IGNORECASE,
)
_TAGS_HEAD_RE = re.compile(
    r"^(?:tags|topics|related topics|keywords|filed under|read more about)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_HASHTAG_LINE_RE = re.compile(r"^(?:#[^\W\d_][\w-]*[\s,]*)+$")
_CREDIT_LABEL = (
    r"(?:photo(?:graph)?|image|picture|pic|foto|credit|source|illustration|video|graphic)s?(?: credit)?"
)
_AGENCIES = (
    r"Reuters|AP|AFP|EPA|Getty(?: Images)?|Shutterstock|Bloomberg|Anadolu(?: Agency)?|Xinhua|TASS|dpa|PA|"
    r"ANSA|Alamy|Unsplash|NurPhoto|SOPA Images|Sipa|Wikimedia Commons|AAP|Kyodo|Yonhap|Imago|Pexels"
)
_CAPTION_INLINE_RE = re.compile(
    rf"^(?P<text>.{{3,}}?)\s*(?:/|\||·|—|–|\s-)\s*{_CREDIT_LABEL}\s*(?::|by)\s*(?P<credit>[^\n]{{1,100}}?)\s*$",
    re.IGNORECASE,
)
_CAPTION_TAIL_RE = re.compile(
    rf"^(?P<text>.{{3,}}?)\s*\(\s*(?:{_CREDIT_LABEL}\s*(?::|by)\s*)?(?P<credit>(?:{_AGENCIES})\b[^()]{{0,80}}"
    rf"|[^()]{{1,80}}/(?:{_AGENCIES})\b[^()]{{0,40}})\s*\)\s*$"
    rf"|^(?P<text2>.{{3,}}?[.!?])\s+{_CREDIT_LABEL}\s*(?::|by)\s*(?P<credit2>[^\n]{{1,100}}?)\s*$"
    rf"|^(?P<text3>.{{3,}}?[.!?])\s+(?P<credit3>(?:REUTERS|AFP|AP(?: Photo)?|EPA(?:-EFE)?)/[^\n]{{1,80}})$"
    rf"|^(?P<text4>.{{10,}}?)\s+(?P<credit4>(?-i:(?:[A-Z][\w'’.-]+\s){{1,3}}[A-Z][\w'’.-]+)\s?/\s?(?:{_AGENCIES})\b[^\n]{{0,30}})$",
    re.IGNORECASE,
)
_CREDIT_ONLY_RE = re.compile(
    rf"^\(?\s*{_CREDIT_LABEL}\s*(?::|by)\s*(?P<credit>[^\n()]{{1,100}}?)\s*\)?$|^\(?\s*©\s*(?P<credit2>[^\n()]{{1,80}})\)?$",
    re.IGNORECASE,
)


@dataclass
class Unit:
    """One non-empty line of the page and what it turned out to be."""

    text: str
    gap: int  # blank lines before it: a paragraph break when > 0
    heading: int = 0  # markdown heading level ("# Title" → 1)
    parts: list[str] = field(default_factory=list)  # the line split where the page put wide gaps or "·|•"
    kind: str = ""  # chrome, embed, disclosure, tags, caption, credit, headline, dek, byline, date, body
    data: Any = None


@dataclass
class Page:
    """What the zoner made of a page; :mod:`.text` turns it into an Article."""

    title: str | None = None
    url: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    dateline: Dateline | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


_HEADING_RE = re.compile(r"^(#{1,6})\s+(?=\S)")
_BULLET_RE = re.compile(r"^[*•+-]\s+(?=\S)")
_PART_SPLIT_RE = re.compile(r"\s{2,}|\t|\s[·|•]\s")


def split_units(text: str) -> list[Unit]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = clean_markdown(re.sub(r"[\u200b-\u200d\ufeff]", "", text))
    units: list[Unit] = []
    gap = 0
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            gap += 1
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            line = line[heading.end() :]
        elif _BULLET_RE.match(line) and not SIGNATURE_RE.match(line):
            line = _BULLET_RE.sub("", line, count=1)
        parts = [p for p in _PART_SPLIT_RE.split(raw.strip()) if p.strip()]
        previous = units[-1] if units else None
        if previous is not None and _wrapped(previous, line, gap) and not heading:
            # A hard-wrapped paragraph: the next line goes on in lower case right below a long one.
            previous.text += " " + line
            previous.parts += parts
        else:
            units.append(Unit(line, gap, len(heading.group(1)) if heading else 0, parts))
        gap = 0
    return units


def _wrapped(previous: Unit, line: str, gap: int) -> bool:
    return (
        gap == 0
        and not previous.heading
        and len(previous.text) >= 60
        and not previous.text.endswith(_TERMINAL)
        and line[:1].islower()
    )


def zone_lines(text: str) -> Page:
    """Every zone but the header: scraper fields, posts, notices, tags, chrome and captions.

    What is left unlabelled is headline, dek, byline, dates and body, which :mod:`.text` sorts out.
    """
    units = split_units(text)
    page = Page(units=units)
    _zone_scraper_header(units, page)
    _zone_embeds(units, page)
    _zone_tags(units, page)
    _zone_disclosures(units, page)
    _zone_chrome(units)
    _zone_captions(units, page)
    return page


# ---------------------------------------------------------------- a scraper's own header

# Reader services and scrapers open their output with "Title: …", "URL Source: …", "Published Time: …".
_FIELD_RE = re.compile(
    r"^(?P<key>title|url source|url|source url|published time|published|date|author|authors|byline|"
    r"description|markdown content|content)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def _zone_scraper_header(units: list[Unit], page: Page) -> None:
    """A block of "Key: value" lines at the very top is the scraper's record of the page, not the page."""
    for unit in units[:12]:
        field_ = _FIELD_RE.match(unit.text)
        if not field_:
            return
        key, value = field_["key"].lower(), field_["value"].strip()
        unit.kind = "meta"
        if key == "title" and value:
            page.title = value
        elif key in ("published time", "published", "date") and value:
            page.published = normalize_date(value)
        elif key in ("author", "authors", "byline") and value:
            page.authors.extend(parse_byline(value)[0] or [value])
        elif key == "description" and value:
            page.description = value
        elif key in ("url source", "url", "source url") and value:
            page.url = value
        elif key in ("markdown content", "content"):
            if value:
                unit.text, unit.kind = value, ""
            return


# ---------------------------------------------------------------- embeds


def _zone_embeds(units: list[Unit], page: Page) -> None:
    i = 0
    while i < len(units):
        span = _embed_span(units, i)
        if span is None:
            i += 1
            continue
        start, end = span
        embed = embed_from_text("\n".join(u.text for u in units[start:end]))
        if embed is None:
            i += 1
            continue
        for unit in units[start:end]:
            unit.kind = "embed"
        units[start].data = embed
        page.embeds.append(embed)
        i = end


def _embed_span(units: list[Unit], i: int) -> tuple[int, int] | None:
    """The units [start, end) of a post anchored at unit ``i``, or None when ``i`` anchors none."""
    text = units[i].text
    if SIGNATURE_RE.match(text) and i > 0 and not units[i - 1].kind:
        return i - 1, i + 1
    if SHARED_BY_RE.match(text):
        start = i - 1 if i > 0 and CARD_CHROME.match(units[i - 1].text) else i
        return start, i + 1
    if not re.fullmatch(r"(?:[^@]{1,60}\s+)?@\w{1,30}(?:\s*·.*)?", text):
        return None
    # A bare "@handle" line has its author's name on the line above ("Name @handle" carries both).
    author_above = text.startswith("@") and i > 0 and not units[i - 1].kind and _short(units[i - 1].text, 6)
    start = i - 1 if author_above else i
    end = None
    if "·" in text and find_date(text) and i + 1 < len(units):
        end = i + 2  # "Name @handle · Jun 6, 2025" then the post: the date came first
    for j in range(i + 1, min(len(units), i + 12)):
        if end is None and is_meta_line(units[j].text) and find_date(units[j].text):
            end = j + 1
    if end is None:
        return None
    while end < len(units) and (is_meta_line(units[end].text) or CARD_CHROME.match(units[end].text)):
        end += 1
    return start, end


_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CJK_STOPS = ("。", "！", "？", "」", "）")


def size(text: str) -> int:
    """Length in words; scripts written without spaces count about one word per two characters."""
    cjk = len(_CJK_RE.findall(text))
    return len(text.split()) + cjk // 2


def _short(text: str, words: int) -> bool:
    return len(text.split()) <= words and not text.endswith((".", ":", ","))


# ---------------------------------------------------------------- disclosures and tags


def _zone_disclosures(units: list[Unit], page: Page) -> None:
    offsets, pos = [], 0
    for unit in units:
        offsets.append(pos)
        pos += len(unit.text) + 1
    hits: dict[int, list[tuple[int, int, Disclosure]]] = {}
    first_prose = next((k for k, u in enumerate(units) if not u.kind and is_prose(u.text)), len(units))
    for start, end, disclosure in find_disclosures("\n".join(u.text for u in units)):
        first, last = bisect.bisect_right(offsets, start) - 1, bisect.bisect_left(offsets, end)
        if _is_label(disclosure) and first > first_prose:
            # A bare "Sponsored" or "Promoted" below the story's start labels an ad slot, not the story:
            # the label and the teaser under it are chrome.
            teaser = last if last < len(units) and not is_prose(units[last].text) else last - 1
            for unit in units[first : teaser + 1]:
                unit.kind = unit.kind or "chrome"
            continue
        page.disclosures.append(disclosure)
        for k in range(first, last):
            hits.setdefault(k, []).append((start - offsets[k], end - offsets[k], disclosure))
    for k, spans in hits.items():
        unit = units[k]
        if unit.kind:
            continue
        for start, end, disclosure in reversed(spans):  # right to left, so cuts keep earlier offsets
            covered = min(end, len(unit.text)) - max(start, 0)
            if covered >= 0.8 * len(unit.text):
                unit.kind, unit.data = "disclosure", disclosure
                break
            if _is_sentence_run(unit.text, start, end):
                unit.text = " ".join((unit.text[: max(0, start)] + " " + unit.text[end:]).split())
    if any(d.kind == "press_release" for d in page.disclosures):
        for unit in units:
            if not unit.kind and re.match(r"^SOURCE:?\s+\S", unit.text):
                unit.kind = "chrome"


def _is_label(disclosure: Disclosure) -> bool:
    return (
        disclosure.kind in ("sponsored", "partner", "advertorial", "press_release")
        and disclosure.agent is None
        and len(disclosure.text.split()) <= 6
    )


def is_prose(text: str) -> bool:
    return size(text) >= 15 and text.endswith((".", "!", "?", '"', "”", *CJK_STOPS))


def _is_sentence_run(text: str, start: int, end: int) -> bool:
    """Whether [start, end) holds whole sentences, so cutting it leaves the paragraph readable."""
    before = text[: max(0, start)].rstrip()
    return (not before or before.endswith((".", "!", "?"))) and text[end - 1 : end] in (".", "!", "?")


def _is_tag_line(text: str) -> bool:
    """A line of a list under "Tags": a short label with letters, not a date or a button."""
    return (
        _short(text, 4) and bool(re.search(r"[^\W\d_]", text)) and not find_date(text) and not is_chrome(text)
    )


def _zone_tags(units: list[Unit], page: Page) -> None:
    in_list = False
    for unit in units:
        if unit.kind:
            in_list = False
            continue
        head = _TAGS_HEAD_RE.match(unit.text)
        if _HASHTAG_LINE_RE.match(unit.text):
            new = HASHTAG_RE.findall(unit.text)
        elif head and head["rest"]:
            new = [t.strip(" #") for t in re.split(r"[,;|•·]", head["rest"]) if re.search(r"[^\W\d_]", t)]
        elif head:
            unit.kind, in_list = "tags", True
            continue
        elif in_list and _is_tag_line(unit.text):
            new = [unit.text.strip(" #")]
        else:
            in_list = False
            continue
        unit.kind = "tags"
        page.tags.extend(t for t in new if t not in page.tags)


# ---------------------------------------------------------------- chrome and captions


def _zone_chrome(units: list[Unit]) -> None:
    prose = [size(u.text) if not u.kind and size(u.text) >= 12 else 0 for u in units]
    total, before = sum(prose), 0
    ended = False
    for k, unit in enumerate(units):
        before += prose[k]
        if unit.kind:
            continue
        text = unit.text
        if ended or is_chrome(text) or _is_menu(unit.parts):
            unit.kind = "chrome"
        elif CREDITS_RE.match(text) and len(text) < 300:
            unit.kind = "credits"  # "Reporting by A; Editing by B": who made it, not what it says
        elif _END_RE.match(text) and before > total - before:
            # "Related stories" ends the article only once most of the page's prose is behind it.
            unit.kind, ended = "chrome", True
    _zone_link_lists(units)


def _zone_link_lists(units: list[Unit], least: int = 4) -> None:
    """Runs of short label lines (menus, teaser links, footers) are chrome, wherever they are."""
    run: list[Unit] = []
    for unit in [*units, None]:
        if unit is not None and unit.kind == "chrome":
            continue
        if unit is not None and not unit.kind and _is_link_label(unit):
            run.append(unit)
            continue
        if len(run) >= least:
            for member in run:
                member.kind = "chrome"
        run = []


def _is_link_label(unit: Unit) -> bool:
    text = unit.text
    return (
        size(text) <= 4
        and not unit.heading
        and not text.endswith(_TERMINAL + CJK_STOPS)
        and not looks_like_byline(text)
        and not is_date_line(text)
        and not _CREDIT_ONLY_RE.match(text)
    )


def is_chrome(text: str) -> bool:
    if _CHROME_RE.match(text.strip(" |»>•·-–—")) or _CHROME_PREFIX_RE.match(text):
        return True
    if len(text) < 400 and (_COOKIE_RE.search(text) or _COPYRIGHT_RE.search(text)):
        return True
    return bool(re.fullmatch(r"[\W\d_]+", text))  # separators, bullets, page numbers


def _is_menu(parts: list[str]) -> bool:
    """A row of links ("News · Business · Opinion", "Share   Copy link   Print")."""
    return len(parts) >= 2 and all(
        is_chrome(p) or (len(p.split()) <= 3 and not p.rstrip().endswith((".", "!", "?"))) for p in parts
    )


def _zone_captions(units: list[Unit], page: Page) -> None:
    for k, unit in enumerate(units):
        if unit.kind or len(unit.text.split()) > 80:
            continue
        caption = caption_of(unit.text)
        if caption:
            unit.kind, unit.data = "caption", caption
            page.captions.append(caption)
            continue
        credit = _CREDIT_ONLY_RE.match(unit.text)
        if not credit:
            continue
        unit.kind = "credit"
        credit_text = (credit["credit"] or credit["credit2"]).strip()
        prev = units[k - 1] if k > 0 else None
        if prev is not None and not prev.kind and not prev.heading and len(prev.text.split()) <= 60:
            prev.kind, prev.data = "caption", Caption(prev.text, credit_text)
            page.captions.append(prev.data)
        elif prev is not None and prev.kind == "caption" and prev.data.credit is None:
            prev.data.credit = credit_text


def caption_of(text: str) -> Caption | None:
    """A caption with its credit in one line ("… / Source: X", "… (Photo: X/Getty)", "… REUTERS/X")."""
    match = _CAPTION_INLINE_RE.match(text) or _CAPTION_TAIL_RE.match(text)
    if not match:
        return None
    groups = {k: v for k, v in match.groupdict().items() if v}
    body = next((groups[k] for k in ("text", "text2", "text3", "text4") if k in groups), None)
    credit = next((groups[k] for k in ("credit", "credit2", "credit3", "credit4") if k in groups), None)
    if not body or not credit or len(credit.split()) > 12:
        return None
    return Caption(body.strip(" /|—–-"), credit.strip(" .)"))


# ---------------------------------------------------------------- body


def join_paragraphs(units: list[Unit]) -> list[str]:
    """Body paragraphs, with a paragraph the layout broke in two joined again.

    A line that ends without terminal punctuation continues when the next starts in lower case
    ("…has also continued to" / "support the presence…"), or when the two were not separated by a
    blank line and the first is long (hard-wrapped text). Chrome between the halves (an
    "Advertisement" slot) does not stop the join; a caption, embed or notice does.
    """
    paragraphs: list[str] = []
    previous: Unit | None = None
    for unit in units:
        if unit.kind != "body":
            previous = previous if unit.kind == "chrome" else None
            continue
        if previous is not None and _continues(previous, unit):
            glue = "" if paragraphs[-1].endswith("-") and unit.text[:1].islower() else " "
            paragraphs[-1] += glue + unit.text
        else:
            paragraphs.append(unit.text)
        previous = unit
    return paragraphs


def _continues(previous: Unit, unit: Unit) -> bool:
    if previous.heading or unit.heading or previous.text.endswith(_TERMINAL):
        return False
    if unit.text[:1].islower():
        return True
    return unit.gap == 0 and len(previous.text) >= 60
