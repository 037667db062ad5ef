"""newsgraph: news → a knowledge graph of who did what to whom, where and when, and who said it.

Public API::

    import newsgraph
    article = newsgraph.analyze("page.html")          # one Article
    articles = newsgraph.analyze("feed.xml")          # a list when the input holds several documents
    for item in newsgraph.read(["dir/", "crawl.warc.gz"]):   # RawDocument or InputError, lazily
        ...
    newsgraph.ingest(["dir/"], db="newsgraph.db", workers=2)   # analyse into the SQLite store
    store = newsgraph.open_store("newsgraph.db")       # query it: search, entity, events, timeline…
"""

from __future__ import annotations

from .api import analyze, analyze_many, read
from .article import (
    SCHEMA_VERSION,
    Amount,
    Article,
    Caption,
    Count,
    Dateline,
    Disclosure,
    Embed,
    Entity,
    Event,
    Mention,
    Origin,
    Participant,
    Quote,
    Span,
    Speaker,
    StageNote,
    TimeExpr,
    TimeValue,
)
from .errors import InputError, NewsgraphError, PipelineError
from .ingest import IngestResult, ingest
from .pipeline import Pipeline, Stage, register
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION", "Amount", "Article", "Caption", "Count", "Dateline", "Disclosure", "Embed", "Entity", "Event",
    "IngestResult", "InputError", "Mention", "NewsgraphError", "Origin", "Participant", "Pipeline",
    "PipelineError", "Quote", "Span", "Speaker", "Stage", "StageNote", "Store", "TimeExpr", "TimeValue", "analyze",
    "analyze_many", "ingest", "open_store", "read", "register",
]
