"""GDELT Global Knowledge Graph 2.1: 27 tab-separated columns, one row per article, no header.

Field formats follow the GKG 2.1 codebook: lists are ``;``-delimited blocks, fields inside a
block ``#``- or ``,``-delimited, character offsets count into the article text; quotations are
``#``-delimited blocks of ``Offset|Length|Verb|Quote``; dates are ``Resolution#Month#Day#Year#Offset``
(resolution 4 a full date, 2 a month and year, 1 a year). What we fill:

* ids, date (publication time in UTC), source collection (1 WEB when the document has a URL,
  2 CITATIONONLY otherwise), common name (outlet) and document identifier (URL, else the input);
* persons, organisations, all names and locations (with offsets in the V2 columns) from our
  entities and mentions; locations with FIPS country codes and GeoNames ids as feature ids;
* tone: the seven V1.5TONE fields as the codebook defines them, each a percentage of all words
  (see :func:`tone_fields`), GCAM with the word count only (``wc:N``);
* enhanced dates from resolved time expressions; direct quotations; social image and video
  embeds; ``PAGE_TITLE`` and ``PAGE_AUTHORS`` in the extras XML;
* counts (``Article.counts``, stage ``newsgraph.gkg.v1``) as
  ``CountType#Number#ObjectType#`` + the count's place as a V1 location (empty fields when it has
  none); ``V2.1COUNTS`` adds the character offset of the count's sentence (the codebook's offset
  is approximate too);
* themes: ``V1THEMES`` the article's themes (Phoenix issue codes, not GDELT's own taxonomy, which
  is not public), ``V2ENHANCEDTHEMES`` ``THEME,Offset`` for every match in the body;
* amounts: ``Amount,Object,Offset`` blocks, the offset being the amount's sentence's.

Left empty, because we have no such data: sharing and related images and translation info.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from ..article import Article, Count, Entity
from ..errors import InputError
from ..graph.events import source_of
from ..labels import PLACE_LABELS
from . import Target, open_text
from .geo import Location, location

COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)
_IMAGE_PLATFORMS = frozenset({"instagram", "flickr", "imgur", "pinterest"})
_VIDEO_PLATFORMS = frozenset({"youtube", "tiktok", "vimeo", "dailymotion", "facebook"})
_DELIMS = re.compile(r"[\t\r\n;#,|]+")
_WORDS = re.compile(r"\w+")


def _clean(text: str | None) -> str:
    """A value inside a delimited field: no tab, newline or GKG delimiter may survive."""
    return " ".join(_DELIMS.sub(" ", text or "").split())


def gkg_date(value: str | None) -> str:
    """ISO 8601 → ``YYYYMMDDHHMMSS`` in UTC (a date alone is midnight); "" when unreadable."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)  # 3.11 reads a trailing Z
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def write_gkg(articles: Iterable[Article], out: Target) -> int:
    count = 0
    with open_text(out, newline="") as handle:
        for number, article in enumerate(articles, start=1):
            handle.write(gkg_line(article, number))
            count += 1
    return count


def gkg_line(article: Article, number: int) -> str:
    """One line of the file: the article's fields, tab-separated (``newsgraph spark run --gkg``
    writes its lines with this too)."""
    row = gkg_row(article, number)
    return "\t".join(row[c] for c in COLUMNS) + "\n"


def gkg_row(a: Article, number: int = 1) -> dict[str, str]:
    """The 27 GKG 2.1 fields of one article."""
    date = gkg_date(a.published) or gkg_date(a.origin.fetched if a.origin else None)
    url = a.canonical_url or a.url
    first = _first_offsets(a)
    persons = [e for e in a.entities if e.type == "PERSON"]
    orgs = [e for e in a.entities if e.type == "ORG"]
    places = [e for e in a.entities if e.type in PLACE_LABELS and e.lat is not None]
    row = dict.fromkeys(COLUMNS, "")
    row.update({
        "GKGRECORDID": f"{date or '0' * 14}-{number}",
        "V2.1DATE": date,
        "V2SOURCECOLLECTIONIDENTIFIER": "1" if url else "2",
        "V2SOURCECOMMONNAME": _clean(source_of(a)),
        "V2DOCUMENTIDENTIFIER": (url or (a.origin.input if a.origin else a.id)).replace("\t", " "),
        "V1LOCATIONS": ";".join("#".join(_loc(e).fields()) for e in places),
        "V2ENHANCEDLOCATIONS": ";".join("#".join([*_loc(e).fields(adm2=True), str(first.get(e.id, ""))])
                                        for e in places),
        "V1PERSONS": ";".join(_unique(_clean(e.name) for e in persons)),
        "V2ENHANCEDPERSONS": _named_offsets(a, {e.id for e in persons}),
        "V1ORGANIZATIONS": ";".join(_unique(_clean(e.name) for e in orgs)),
        "V2ENHANCEDORGANIZATIONS": _named_offsets(a, {e.id for e in orgs}),
        "V1.5TONE": _tone(a),
        "V2.1ENHANCEDDATES": _dates(a),
        "V2GCAM": f"wc:{len(_WORDS.findall(a.text))}",
        "V2.1SOCIALIMAGEEMBEDS": ";".join(_unique(e.url or "" for e in a.embeds if e.platform in _IMAGE_PLATFORMS)),
        "V2.1SOCIALVIDEOEMBEDS": ";".join(_unique(e.url or "" for e in a.embeds if e.platform in _VIDEO_PLATFORMS)),
        "V2.1QUOTATIONS": "#".join(f"{q.start}|{q.end - q.start}|{_clean(q.cue)}|{_clean(q.text)}"
                                   for q in a.quotes if q.zone == "text" and q.kind == "direct"),
        "V2.1ALLNAMES": ";".join(f"{_clean(m.text)},{m.start}" for m in a.mentions if m.zone == "text"),
        "V1COUNTS": ";".join(_count(c, a) for c in a.counts),
        "V2.1COUNTS": ";".join(f"{_count(c, a)}#{c.sentence.start}" for c in a.counts),
        "V1THEMES": ";".join(_clean(t) for t in a.themes),
        "V2ENHANCEDTHEMES": _themes(a),
        "V2.1AMOUNTS": ";".join(f"{_number(m.value)},{_clean(m.object)},{m.sentence.start}" for m in a.amounts),
        "V2EXTRASXML": _extras(a),
    })
    return row


def _unique(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _first_offsets(a: Article) -> dict[str, int]:
    first: dict[str, int] = {}
    for m in a.mentions:
        if m.zone == "text" and m.entity_id and m.entity_id not in first:
            first[m.entity_id] = m.start
    return first


def _named_offsets(a: Article, ids: set[str]) -> str:
    """``Name,Offset`` for every mention of these entities, named by the entity's canonical name."""
    names = {e.id: _clean(e.name) for e in a.entities}
    return ";".join(f"{names[m.entity_id]},{m.start}" for m in a.mentions
                    if m.zone == "text" and m.entity_id in ids)


def _count(c: Count, a: Article) -> str:
    place = next((e for e in a.entities if e.id == c.place and e.lat is not None), None) if c.place else None
    where = _loc(place).fields() if place is not None else [""] * 7
    return "#".join([_clean(c.kind), str(c.number), _clean(c.object), *where])


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _themes(a: Article) -> str:
    """``THEME,Offset`` of every match in the body of the article's own themes (a theme found in
    the title only has no body offset)."""
    if not a.themes:
        return ""
    from ..language.gkg.themes import find_themes

    kept = set(a.themes)
    return ";".join(f"{_clean(theme)},{offset}" for theme, offset in find_themes(a.text) if theme in kept)


def _loc(e: Entity) -> Location:
    return location(_clean(e.name), e.kb, e.country, e.admin1, e.lat, e.lon)


#: personal pronouns, possessives and reflexives: GDELT's self/group reference density counts
#: the words that are pronouns
PRONOUNS = frozenset([
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
    "itself", "they", "them", "their", "theirs", "themselves"])


def tone_fields(a: Article) -> list[str]:
    """The V1.5TONE fields, in the codebook's order, each over all the words of the body:

    1. tone: positive minus negative score (the article's ``tone``, from ``language.tone``);
    2. positive score: % of words with a positive connotation (VADER lexicon, negation flips);
    3. negative score: % of words with a negative connotation (a positive number);
    4. polarity: % of words found in the tone lexicon at all (positive + negative);
    5. activity reference density: % of words that are active words; GDELT's activity
       dictionary is not public, so ours are the words that trigger an event (the events stage's
       action verbs and nouns);
    6. self/group reference density: % of words that are pronouns;
    7. word count.

    An article whose tone is undefined (no words, not English) gets the word count alone."""
    words = _WORDS.findall(a.text)
    total = len(words)
    if a.tone is None or not total:
        return ["", "", "", "", "", "", str(total)]
    from ..language.tone import word_counts

    positive, negative, _ = word_counts(a.text)
    active = sum(len(_WORDS.findall(ev.trigger.text)) for ev in a.events if ev.trigger)
    pronouns = sum(1 for w in words if w.lower() in PRONOUNS)
    scores = [a.tone, positive, negative, positive + negative, active, pronouns]
    return [f"{scores[0]:.4f}"] + [f"{n / total * 100:.4f}" for n in scores[1:]] + [str(total)]


def _tone(a: Article) -> str:
    return ",".join(tone_fields(a))


def _dates(a: Article) -> str:
    blocks = []
    for t in a.dates:
        if t.zone != "text" or not t.value or "/" in t.value:
            continue
        parts = t.value.split("-")
        if t.precision == "day" and len(parts) == 3:
            resolution, (year, month, day) = 4, parts
        elif t.precision == "month" and len(parts) == 2:
            resolution, (year, month), day = 2, parts, "0"
        elif t.precision == "year" and len(parts) == 1:
            resolution, year, month, day = 1, parts[0], "0", "0"
        else:
            continue
        blocks.append(f"{resolution}#{int(month)}#{int(day)}#{int(year)}#{t.start}")
    return ";".join(blocks)


def _extras(a: Article) -> str:
    parts = []
    if a.title:
        parts.append(f"<PAGE_TITLE>{escape(_clean(a.title))}</PAGE_TITLE>")
    if a.authors:
        parts.append(f"<PAGE_AUTHORS>{escape(';'.join(_clean(x) for x in a.authors))}</PAGE_AUTHORS>")
    if a.published:
        parts.append(f"<PAGE_PRECISEPUBTIMESTAMP>{gkg_date(a.published)}</PAGE_PRECISEPUBTIMESTAMP>")
    return "".join(parts)


# -- reading it back -----------------------------------------------------------------------------
def read_gkg(path: str | os.PathLike) -> list[dict[str, str]]:
    """Every row of a GKG 2.1 file as {column: raw value}; a row without 27 fields is an error."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != len(COLUMNS):
                raise InputError(f"{os.fspath(path)}#line {number}", f"{len(fields)} fields, expected {len(COLUMNS)}")
            rows.append(dict(zip(COLUMNS, fields, strict=True)))
    return rows


def parse_field(column: str, value: str) -> Any:
    """One GKG field as structured data, by its codebook format."""
    if not value:
        return [] if column not in ("V1.5TONE", "V2GCAM", "V2EXTRASXML") else {}
    if column in ("V1LOCATIONS", "V2ENHANCEDLOCATIONS"):
        return [block.split("#") for block in value.split(";")]
    if column in ("V2ENHANCEDPERSONS", "V2ENHANCEDORGANIZATIONS", "V2.1ALLNAMES"):
        return [(name, int(offset)) for name, offset in (b.rsplit(",", 1) for b in value.split(";"))]
    if column in ("V1PERSONS", "V1ORGANIZATIONS", "V1THEMES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS"):
        return value.split(";")
    if column in ("V1COUNTS", "V2.1COUNTS"):
        return [block.split("#") for block in value.split(";")]
    if column in ("V2ENHANCEDTHEMES", "V2.1AMOUNTS"):
        return [tuple(block.split(",")) for block in value.split(";")]
    if column == "V1.5TONE":
        keys = ("tone", "positive", "negative", "polarity", "activity_density", "self_density", "word_count")
        return dict(zip(keys, value.split(","), strict=True))
    if column == "V2GCAM":
        return dict(item.split(":", 1) for item in value.split(","))
    if column == "V2.1ENHANCEDDATES":
        return [tuple(int(x) for x in block.split("#")) for block in value.split(";")]
    if column == "V2.1QUOTATIONS":
        return [tuple(block.split("|", 3)) for block in value.split("#")]
    if column == "V2EXTRASXML":
        return dict(re.findall(r"<([A-Z_]+)>(.*?)</\1>", value))
    return value
