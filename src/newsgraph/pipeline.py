"""Stage registry and Pipeline.

A stage is registered by a versioned name (``newsgraph.entities.v1``) and declares which Article
fields it ``requires`` and which it ``assigns``; :class:`Pipeline` checks the order when it is built,
so a misordered config fails at once rather than on the thousandth document. Heavy resources (a spaCy
model, the gazetteer) are loaded in ``setup()``, once per worker process, never per document.

The first step is always extraction (raw document → Article); the stages after it are pure
functions of an Article, so the same Pipeline runs in one process, in a worker pool or on Spark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .article import Article
from .errors import InputError, PipelineError
from .sources.base import RawDocument

#: Fields an Article has once extraction ran.
EXTRACTED = (
    "url", "canonical_url", "source", "language", "title", "authors", "published", "dateline",
    "text", "captions", "tags", "embeds", "disclosures",
)


class Stage:
    """Base for Article → Article stages. Subclasses set ``name``, ``requires`` and ``assigns``."""

    name: str = ""
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, **config: Any) -> None:
        self.config = config

    def setup(self) -> None:
        """Load what the stage needs, once per worker."""

    def __call__(self, article: Article) -> Article:
        raise NotImplementedError

    def pipe(self, articles: list[Article]) -> list[Article]:
        """A batch at once; stages that gain from batching (a model's forward pass) override it."""
        return [self(article) for article in articles]


class KBStage(Stage):
    """A stage that reads the knowledge base (config ``kb``, else the shared one), loaded in
    ``setup()`` or on first use; subclasses implement :meth:`annotate`."""

    def setup(self) -> None:
        from .knowledge import get_kb

        self.kb = self.config.get("kb") or get_kb()

    def __call__(self, article: Article) -> Article:
        if not hasattr(self, "kb"):
            self.setup()
        return self.annotate(article)

    def annotate(self, article: Article) -> Article:
        raise NotImplementedError


@dataclass(frozen=True)
class _Registration:
    name: str
    factory: Callable[..., Stage]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, _Registration] = {}

#: Stages run by default after extraction, in order. Language-layer modules add theirs on import.
DEFAULT_STAGES: list[str] = []


def register(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Class decorator: ``@register("newsgraph.quotes.v1", requires=["text"], assigns=["quotes"])``."""

    def wrap(cls: type[Stage]) -> type[Stage]:
        if name in _REGISTRY and _REGISTRY[name].factory is not cls:
            raise PipelineError(f"stage {name!r} is registered twice")
        cls.name, cls.requires, cls.assigns = name, tuple(requires), tuple(assigns)
        _REGISTRY[name] = _Registration(name, cls, cls.requires, cls.assigns)
        return cls

    return wrap


def registered() -> list[str]:
    return sorted(_REGISTRY)


class Pipeline:
    """Extraction followed by an ordered list of registered stages."""

    def __init__(self, stages: Iterable[str] | None = None, config: dict[str, dict] | None = None):
        _load_builtin_stages()
        names = list(DEFAULT_STAGES if stages is None else stages)
        config = config or {}
        available = set(EXTRACTED)
        self.stages: list[Stage] = []
        for name in names:
            if name not in _REGISTRY:
                raise PipelineError(
                    f"unknown stage {name!r}; registered stages: {', '.join(registered()) or 'none'}"
                )
            reg = _REGISTRY[name]
            missing = [f for f in reg.requires if f not in available]
            if missing:
                raise PipelineError(
                    f"stage {name!r} requires {', '.join(missing)}, which no earlier stage assigns; "
                    "put the stage that assigns it first"
                )
            self.stages.append(reg.factory(**config.get(name, {})))
            available.update(reg.assigns)
        self._ready = False

    def setup(self) -> None:
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True

    def process(self, doc: RawDocument) -> Article:
        """Raw document → Article with every stage applied. Raises InputError for unusable input."""
        from .extract import extract

        self.setup()
        return self.annotate(extract(doc))

    def annotate(self, article: Article) -> Article:
        self.setup()
        for stage in self.stages:
            article = stage(article)
        return article

    def annotate_many(self, articles: list[Article]) -> list[Article]:
        """Stage by stage over a batch (same result as :meth:`annotate` on each, faster)."""
        self.setup()
        for stage in self.stages:
            articles = stage.pipe(articles)
        return articles

    def process_many(self, docs: list[RawDocument]) -> list[Article | InputError]:
        """Extract and annotate a batch; a document that cannot be extracted gives its InputError
        in its place and the others go on."""
        from .extract import extract

        results: list[Article | InputError] = []
        for doc in docs:
            try:
                results.append(extract(doc))
            except InputError as exc:
                results.append(exc)
        articles = [r for r in results if isinstance(r, Article)]
        done = iter(self.annotate_many(articles))
        return [next(done) if isinstance(r, Article) else r for r in results]


#: Environment variable naming extra modules (comma-separated) that register stages: worker
#: processes import them too, so a user's own stages run in ``newsgraph ingest --workers N``.
STAGE_MODULES_ENV = "NEWSGRAPH_STAGE_MODULES"


def _load_builtin_stages() -> None:
    """Import the language layer so its stages register themselves (absent rooms are skipped),
    then the user's stage modules named in :data:`STAGE_MODULES_ENV`."""
    import importlib
    import os

    for module in ("newsgraph.language",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    extra = [m.strip() for m in os.environ.get(STAGE_MODULES_ENV, "").split(",") if m.strip()]
    for module in extra:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise PipelineError(f"{STAGE_MODULES_ENV} names {module!r}, which cannot be imported: {exc}") from exc
