"""Errors with codes and a message that says what to do next.

Every error newsgraph raises on purpose derives from :class:`NewsgraphError`; its message starts
with its code in brackets (``[E211] unknown export format 'x'; choose one of jsonl, gkg, …``), so a
user can look the code up and a script can match on it. A class gives the default code of its
family; a raise site may give a more precise one (``ConfigError("…", code="E211")``).

Families: E1xx input, E2xx pipeline and configuration, E3xx store, E4xx fetching, E5xx knowledge
base. :data:`CODES` lists every code in use with its meaning (a test keeps it in step with the
raise sites). Errors that are newsgraph's own bugs stay plain exceptions: no code would help.
"""

from __future__ import annotations

from typing import Any

#: Every code in use → what it means. ``tests/test_errors.py`` fails when a raise site uses a code
#: missing here, or when a code here is used nowhere.
CODES = {
    "E000": "an error of no family: the base class, never raised as such",
    "E100": "an input (file, record, URL) could not be read or made sense of",
    "E101": "an Article record was written by a newer newsgraph (its schema_version is higher)",
    "E200": "the pipeline is configured wrongly",
    "E201": "unknown stage name (in the stage list or in the config)",
    "E202": "a stage requires a field that no earlier stage assigns",
    "E203": "a stage's requires/assigns names a field Article does not have",
    "E204": "a config key the stage does not take, or a stage config that is not a mapping",
    "E205": "a spaCy model or the trained tagger cannot be loaded",
    "E206": "a stage registered twice, a registered class that is not a Stage, or a stage module that cannot be imported",
    "E207": "a kb that is not a knowledge base",
    "E208": "a stage raised on an article while the pipeline was strict (otherwise it is noted on the article)",
    "E210": "a bad argument or option value",
    "E211": "unknown export format",
    "E212": "the csv or parquet export needs a directory path",
    "E213": "unknown timeline interval",
    "E214": "a date filter that is not a date (or a since after its until)",
    "E215": "an event type that is not a PLOVER type",
    "E216": "an entity type that is not one of the entity types",
    "E217": "a country that is not an ISO 3166 country",
    "E218": "a full-text query that cannot be run (no word, a control character, or FTS5 syntax that does not parse)",
    "E300": "the store cannot be used",
    "E301": "no store at the given path",
    "E302": "the file is not a newsgraph store",
    "E303": "the store's schema is older than this newsgraph and the web app cannot migrate it",
    "E304": "the store file cannot be opened (a folder, a missing parent folder, no permission, a lock)",
    "E305": "the store file is damaged (SQLite finds it malformed)",
    "E306": "the store (or its folder) is read-only and the command needs to write",
    "E400": "a URL could not be fetched",
    "E401": "the site's robots.txt forbids fetching the URL",
    "E402": "the request timed out",
    "E403": "the request failed in transport (DNS, connection, TLS, redirects)",
    "E404": "the server answered with an HTTP error status",
    "E405": "the response is over the size limit",
    "E406": "the response's content-type is not what was asked for (a page, a feed)",
    "E407": "the URL is not http(s) or its host is a private, loopback or link-local address",
    "E408": "a redirect loop, or more redirects than allowed",
    "E409": "the site's robots.txt cannot be read (a server error or no connection): not crawled until it can be",
    "E500": "a user knowledge base entry is invalid",
    "E501": "a knowledge base entry lacks its id or name",
    "E502": "a knowledge base entry has an unknown type",
    "E503": "a knowledge base entry's aliases are neither a list nor ;-separated text",
    "E504": "a knowledge base entry's wikidata is not a Wikidata id",
    "E505": "a knowledge base entry's coordinates are not numbers in range, or not given together",
    "E506": "a knowledge base entry's country is not an ISO 3166 code",
    "E507": "a row of a JSONL knowledge base file is not valid JSON or not a JSON object",
    "E508": "a CSV knowledge base file lacks required columns",
    "E509": "a knowledge base entry's roles are not CAMEO codes with ISO dates (\"SRBGOV 2017-05-31/\")",
}


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    code = "E000"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" if self.message else f"[{self.code}]"

    def __reduce__(self):  # picklable across worker processes, whatever a subclass's __init__ takes
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[NewsgraphError], args: tuple, state: dict) -> NewsgraphError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class InputError(NewsgraphError, ValueError):
    """One input (a file, a record inside it, a URL) could not be read or made sense of.

    ``origin`` names the input (path, URL, ``path#record``); ``reason`` says why, in words a user
    can act on. Processing of other inputs goes on.
    """

    code = "E100"

    def __init__(self, origin: str, reason: str, *, code: str | None = None) -> None:
        super().__init__(f"{origin}: {reason}", code=code)
        self.origin = origin
        self.reason = reason


class SchemaVersionError(NewsgraphError, ValueError):
    """An Article record comes from a newer newsgraph: reading it could silently drop fields."""

    code = "E101"


class PipelineError(NewsgraphError):
    """The pipeline was configured wrongly: an unknown stage, or a stage whose needs come later."""

    code = "E200"


class StageError(PipelineError):
    """A stage raised on an article and the pipeline is strict (``--strict``): the run stops. A
    pipeline that is not strict notes the failure on the Article and goes on."""

    code = "E208"

    def __init__(self, stage: str, article: Any = None, cause: BaseException | None = None) -> None:
        where = f" on article {article.id} ({article.url or article.title or 'no url'})" if article is not None else ""
        super().__init__(f"stage {stage} failed{where}: {type(cause).__name__}: {cause}")
        self.stage = stage


class ConfigError(NewsgraphError, ValueError):
    """A bad argument: it names something that does not exist (a format, an interval; the message
    lists the valid choices) or does not fit (a stream where a folder is needed). A ValueError
    too, which callers of these functions caught before."""

    code = "E210"


class StoreError(NewsgraphError):
    """The store file cannot be used: absent, not a store, or a schema older than this code's."""

    code = "E300"


class FetchError(NewsgraphError):
    """Why a URL could not be fetched, in words for the InputError that reports it. ``transient``
    says another try later may succeed (a timeout, a 5xx, a 429, an unreadable robots.txt): the
    crawl frontier re-queues the URL instead of marking it failed."""

    code = "E400"

    def __init__(self, message: str = "", *, code: str | None = None, transient: bool = False) -> None:
        super().__init__(message, code=code)
        self.transient = transient


class KnowledgeBaseError(NewsgraphError, ValueError):
    """An entry of the user's knowledge base is invalid; the message says which field and why."""

    code = "E500"
