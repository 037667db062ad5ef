"""The data model: one Article and the records hung on it.

Every annotation offset is a character offset into ``Article.text`` (the clean body) unless the
record names another ``zone`` ("caption:0", "embed:1", "title"), in which case the offsets are into
that zone's text. Records are plain dataclasses so they pickle cheaply across worker processes and
serialise with :func:`to_dict` / :func:`from_dict`, which carry :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import SchemaVersionError
from .ids import content_id

SCHEMA_VERSION = 1


@dataclass
class Origin:
    """Where a document came from, so every record can be traced back to its input."""

    input: str  # the path, URL or "<stdin>" the user gave
    record: str | None = None  # the record inside it: WARC offset, feed item, JSONL line, archive member
    kind: str = "file"  # file, warc, feed, sitemap, jsonl, url, stdin, text
    fetched: str | None = None  # capture or fetch time (ISO 8601) when the source records one

    @property
    def label(self) -> str:
        """How errors and the store name it: ``input#record``, or the input alone."""
        return f"{self.input}#{self.record}" if self.record else self.input


@dataclass
class Dateline:
    place: str | None = None
    date: str | None = None  # ISO date
    text: str | None = None  # the dateline as written


@dataclass
class Caption:
    text: str
    credit: str | None = None


@dataclass
class Embed:
    platform: str  # x, instagram, facebook, youtube, tiktok, telegram, …
    url: str | None = None
    author: str | None = None
    handle: str | None = None
    text: str | None = None
    posted: str | None = None  # ISO 8601, with zone when the page gives one
    metrics: dict[str, int] = field(default_factory=dict)  # views, likes, reposts, replies…
    mentions: list[str] = field(default_factory=list)  # handles mentioned in the post
    hashtags: list[str] = field(default_factory=list)


@dataclass
class Disclosure:
    kind: str  # foreign_agent, sponsored, partner, advertorial, press_release, affiliate, correction
    text: str
    agent: str | None = None
    principal: str | None = None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, EVENT, FAC, …
    entity_id: str | None = None
    zone: str = "text"


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    kb: dict[str, str] = field(default_factory=dict)  # wikidata, geonames, newsgraph kb id…
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, JUD, LEG, IGO, MED, BUS, …
    title: str | None = None  # role as written: President, Secretary General…
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    mentions: int = 0
    code: str | None = None  # full CAMEO actor code at the article's date: SRBGOV, IGOWSTNAT, SYRREB


@dataclass
class Speaker:
    text: str
    entity_id: str | None = None
    start: int | None = None  # the speaker's surface span in the quote's zone (may be a pronoun)
    end: int | None = None


@dataclass
class Quote:
    start: int
    end: int
    text: str
    speaker: Speaker | None = None
    cue: str | None = None
    kind: str = "direct"  # direct, indirect, social
    channel: str | None = None
    zone: str = "text"


@dataclass
class Span:
    start: int
    end: int
    text: str = ""


@dataclass
class TimeValue:
    value: str  # ISO date, month (2025-03), year (1999) or range "A/B"
    precision: str  # day, week, month, year, decade, range


@dataclass
class Participant:
    text: str
    entity_id: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None  # full CAMEO actor code: SRBGOV, IGOWSTNAT, USAMIL, SYRREB


@dataclass
class Event:
    id: str
    type: str  # PLOVER
    sentence: Span
    trigger: Span
    mode: str | None = None
    cameo: str | None = None  # full CAMEO event code, 2-4 digits ("190", "1823")
    quad_class: int | None = None
    goldstein: float | None = None  # Goldstein scale of the CAMEO code, -10 … +10
    score: float | None = None
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    place: str | None = None  # entity id of the place
    date: TimeValue | None = None
    negated: bool = False
    historical: bool = False
    future: bool = False
    hypothetical: bool = False
    claimed_by: str | None = None  # entity id of the speaker when the event is reported in a quote
    confidence: float = 0.0
    zone: str = "text"


@dataclass
class Count:
    """A GDELT GKG count: "at least 107 killed" → KILL 107 (the codebook's count types)."""

    kind: str  # KILL, WOUND, ARREST, KIDNAP, DISPLACED, PROTEST, …
    number: int
    object: str | None  # what was counted, as written ("people", "protesters")
    sentence: Span
    place: str | None = None  # entity id of the place named with the count
    zone: str = "text"


@dataclass
class Amount:
    """A GKG V2.1 amount: a number with the thing it counts ("US$30 billion", "5,000 troops")."""

    value: float
    object: str  # "US$", "troops"
    sentence: Span
    zone: str = "text"


@dataclass
class StageNote:
    """What happened to a stage on this article when it did not simply run: ``error`` (it raised;
    the article keeps every other stage's results), ``skipped`` (not run, e.g. a language it does
    not handle) or ``capped`` (it ran on part of the text only)."""

    stage: str
    status: str  # error, skipped, capped
    reason: str


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    value: str | None  # None when vague ("recent years")
    precision: str | None = None
    zone: str = "text"


@dataclass
class Article:
    id: str = ""
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None  # outlet name, else domain
    language: str | None = None
    title: str | None = None  # the headline as readers see it, the site's name cut
    declared_title: str | None = None  # the title the page's metadata declares, as written (suffixes kept)
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601, with zone when known
    modified: str | None = None
    description: str | None = None
    dateline: Dateline | None = None
    text: str = ""
    captions: list[Caption] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dates: list[TimeExpr] = field(default_factory=list)
    tone: float | None = None
    counts: list[Count] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # GKG themes from the issue dictionary
    stage_notes: list[StageNote] = field(default_factory=list)
    origin: Origin | None = None
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.canonical_url or self.url, self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"Article schema_version {version} is newer than this newsgraph ({SCHEMA_VERSION}); "
                "upgrade newsgraph to read it"
            )
        return from_dict(cls, data)


def article_id(url: str | None, title: str | None, text: str) -> str:
    """A stable content hash: the same page always gets the same id."""
    return content_id(url or "", title or "", text or "", terminated=True)


def to_dict(record: Any) -> Any:
    """Serialise a record (recursively) to JSON-ready dicts and lists, keeping field order."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {key: to_dict(value) for key, value in record.items()}
    return record


def from_dict(cls: type, data: Any) -> Any:
    """Build ``cls`` from :func:`to_dict` output; unknown keys are ignored (forward compatible)."""
    return _converter(cls)(data)


_CONVERTERS: dict[Any, Callable[[Any], Any]] = {}


def _converter(hint: Any) -> Callable[[Any], Any]:
    """The function that turns :func:`to_dict` output back into ``hint``'s type, made once per
    type: reading a store or a Spark part rebuilds thousands of records of a few types."""
    if hint not in _CONVERTERS:
        _CONVERTERS[hint] = _make_converter(hint)
    return _CONVERTERS[hint]


def _make_converter(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _converter(options[0]) if len(options) == 1 else _same
    if origin is list:
        (item,) = typing.get_args(hint)
        each = _converter(item)
        if each is _same:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [each(v) for v in value]
    if origin is dict:
        _, item = typing.get_args(hint)
        each = _converter(item)
        return lambda value: None if value is None else {k: each(v) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _record_converter(hint)
    if hint is float:
        return lambda value: float(value) if isinstance(value, int) else value
    return _same


def _record_converter(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]
    plain: list[str] = []
    typed: list[tuple[str, Callable[[Any], Any]]] = []

    def convert(data: Any) -> Any:
        if data is None:
            return None
        if not plain and not typed:  # resolved on first use: a field may refer to this very class
            for name, hint in fields:
                each = _converter(hint)
                if each is _same:
                    plain.append(name)
                else:
                    typed.append((name, each))
        kwargs = {name: data[name] for name in plain if name in data}
        kwargs.update((name, each(data[name])) for name, each in typed if name in data)
        return cls(**kwargs)

    return convert


def _same(value: Any) -> Any:
    return value
