"""Stage registry and Pipeline.

A stage is registered by a versioned name (``newsgraph.entities.v1``) and declares which Article
fields it ``requires`` and ``assigns`` and which config keys it takes (``default_config``, key →
default). :func:`register` checks the declared fields against Article, and :class:`Pipeline`
checks the order and every config key when it is built, so a misspelled field, an unknown key or
a misordered list fails at once rather than on the thousandth document.

How a stage runs:

1. ``setup(resources)``, once per worker: the Pipeline's
   :class:`~newsgraph.language.resources.Resources` (spaCy model, trained tagger, knowledge base),
   with the stage's own config overriding parts of it. Heavy things load here, never per document.
2. ``pipe(articles, batch)`` or ``stage(article, batch)``: the Pipeline makes one
   :class:`~newsgraph.language.resources.Batch` per ``annotate``/``annotate_many`` call, so later
   stages reuse the parses earlier ones made. Called on its own (``stage(article)``), a stage sets
   itself up with default resources and parses what it needs.

The first step is always extraction (raw document → Article); the stages after it are pure
functions of an Article, so the same Pipeline runs in one process, in a worker pool or on Spark.

Around every stage the Pipeline:

3. records the article's language (:func:`~newsgraph.language.detect.article_language`) before the
   first stage, and skips a stage that declares ``languages`` without the article's one, noting
   ``StageNote(stage, "skipped", "language de: …")`` on the Article;
4. keeps a copy of the fields the stage ``assigns``; when the stage raises on an article, puts them
   back (no half of a failed stage stays) and notes ``StageNote(stage, "error", "<Type>: <msg>")``;
   the article keeps every other stage's results and the run goes on. When a batch's ``pipe``
   raises, the batch is run again one article at a time, so only the bad article loses the stage.
   ``strict=True`` makes a stage's exception fatal instead (:class:`StageError`, E208), for
   developers who want the traceback.

A stage written before resources and batches (``setup(self)``, ``__call__(self, article)``) still
runs: the Pipeline calls it the way it was written.

Its :class:`~newsgraph.errors.PipelineError` codes are E201–E208, each described in
:data:`newsgraph.errors.CODES`.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .article import Article, StageNote
from .errors import InputError, PipelineError, StageError
from .sources.base import RawDocument

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase
    from .language.resources import Batch, Resources

#: Fields an Article has once extraction ran.
EXTRACTED = (
    "url", "canonical_url", "source", "language", "title", "authors", "published", "dateline",
    "text", "captions", "tags", "embeds", "disclosures",
)
#: What a stage may require or assign: the fields of Article.
FIELDS = tuple(f.name for f in dataclasses.fields(Article))

#: Stages run by default after extraction, in the order of the flow: names first, then what is
#: known of them, then who said and did what.
DEFAULT_STAGES: tuple[str, ...] = (
    "newsgraph.entities.v1",  # spaCy NER + news repair rules, within-article resolution
    "newsgraph.places.v1",  # geoparsing with the article's context
    "newsgraph.actors.v1",  # country + sector + title of people and organisations
    "newsgraph.time.v1",  # date expressions resolved against the article's date
    "newsgraph.quotes.v1",  # direct, indirect and social quotations with speakers
    "newsgraph.events.v1",  # PLOVER events with actors, recipients, place and date
    "newsgraph.gkg.v1",  # GKG counts ("107 killed"), amounts ("US$30 billion") and themes
    "newsgraph.tone.v1",  # GDELT-style tone from the VADER lexicon
)


class Stage:
    """Base for Article → Article stages. A subclass declares ``default_config`` and implements
    ``__call__(article, batch)`` (:func:`register` sets ``name``, ``requires`` and ``assigns``); one
    that gains from batching (a model's forward pass) overrides ``pipe`` too."""

    name: str = ""
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    #: ISO 639-1 codes of the languages the stage handles; None: any language (no words involved).
    languages: tuple[str, ...] | None = None
    #: The config keys the stage takes, with their defaults; any other key is refused (E204).
    default_config: ClassVar[dict[str, Any]] = {}

    def __init__(self, **config: Any) -> None:
        unknown = sorted(set(config) - set(self.default_config))
        if unknown:
            valid = ", ".join(sorted(self.default_config)) or "none (a stage declares its keys in default_config)"
            raise PipelineError(
                f"stage {self.name or type(self).__name__!r} takes no config key "
                f"{', '.join(map(repr, unknown))}{_did_you_mean(unknown[0], self.default_config)}; "
                f"valid keys: {valid}",
                code="E204",
            )
        self.config = {**self.default_config, **config}
        self.resources: Resources | None = None

    def setup(self, resources: Resources | None = None) -> None:
        """Take the worker's resources, this stage's config overriding their parts (``model``,
        ``trained``, ``kb``). A stage that loads something calls this first, then loads it."""
        from .language.resources import Resources

        self.resources = (resources if resources is not None else Resources()).override(self.config)

    def ready(self) -> Resources:
        """The stage's resources; a stage called without setup (``stage(article)``) gets the defaults."""
        if self.resources is None:
            self.setup()
        assert self.resources is not None, f"{type(self).__name__}.setup() must call Stage.setup()"
        return self.resources

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        raise NotImplementedError

    def pipe(self, articles: list[Article], batch: Batch | None = None) -> list[Article]:
        """A batch at once; stages that gain from batching (a model's forward pass) override it."""
        return [self(article, batch) for article in articles]


class KBStage(Stage):
    """A stage that reads the knowledge base (config ``kb``, else the worker's), loaded in
    ``setup()``; subclasses implement :meth:`annotate`."""

    default_config: ClassVar[dict[str, Any]] = {"kb": None}

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        self.ready().kb()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        return self.annotate(article, self.ready().kb())

    def annotate(self, article: Article, kb: KnowledgeBase) -> Article:
        raise NotImplementedError


@dataclass(frozen=True)
class _Registration:
    name: str
    factory: Callable[..., Stage]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    languages: tuple[str, ...] | None


_REGISTRY: dict[str, _Registration] = {}


def register(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = (),
             languages: Iterable[str] | None = None):
    """Class decorator: ``@register("newsgraph.quotes.v1", requires=["text"], assigns=["quotes"],
    languages=["en"])``.

    Every field named must be a field of Article (E203). ``languages`` (ISO 639-1 codes) are the
    only ones the stage runs on; an article known to be in another language skips it."""

    def wrap(cls: type[Stage]) -> type[Stage]:
        if not (isinstance(cls, type) and issubclass(cls, Stage)):
            raise PipelineError(f"stage {name!r}: {cls!r} is not a subclass of newsgraph.Stage", code="E206")
        if name in _REGISTRY and _REGISTRY[name].factory is not cls:
            raise PipelineError(f"stage {name!r} is registered twice", code="E206")
        declared = {"requires": tuple(requires), "assigns": tuple(assigns)}
        for kind, fields in declared.items():
            bad = [f for f in fields if f not in FIELDS]
            if bad:
                raise PipelineError(
                    f"stage {name!r} {kind} {', '.join(map(repr, bad))}, which Article does not have"
                    f"{_did_you_mean(bad[0], FIELDS)}; Article fields: {', '.join(FIELDS)}",
                    code="E203",
                )
        cls.name, cls.requires, cls.assigns = name, declared["requires"], declared["assigns"]
        cls.languages = tuple(languages) if languages is not None else None
        _REGISTRY[name] = _Registration(name, cls, cls.requires, cls.assigns, cls.languages)
        return cls

    return wrap


def registered() -> list[str]:
    return sorted(_REGISTRY)


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Pipeline:
    """Extraction followed by an ordered list of registered stages.

    ``config`` maps a stage name to its config; ``resources`` are shared by every stage (default:
    the spaCy model and tagger named by env or default, and the offline knowledge base).
    ``strict``: a stage that raises stops the run (:class:`StageError`) instead of being noted.
    """

    def __init__(self, stages: Iterable[str] | None = None, config: dict[str, dict] | None = None,
                 resources: Resources | None = None, *, strict: bool = False):
        _load_builtin_stages()
        from .language.resources import Resources

        names = list(DEFAULT_STAGES if stages is None else stages)
        config = config or {}
        _check_config(config, names)
        available = set(EXTRACTED)
        self.stages: list[Stage] = []
        for name in names:
            if name not in _REGISTRY:
                raise PipelineError(
                    f"unknown stage {name!r}{_did_you_mean(name, _REGISTRY)}; "
                    f"registered stages: {', '.join(registered()) or 'none'}",
                    code="E201",
                )
            reg = _REGISTRY[name]
            missing = [f for f in reg.requires if f not in available]
            if missing:
                raise PipelineError(
                    f"stage {name!r} requires {', '.join(missing)}, which no earlier stage assigns; "
                    "put the stage that assigns it first",
                    code="E202",
                )
            self.stages.append(_as_written(reg.factory(**config.get(name, {}))))
            available.update(reg.assigns)
        self.resources = resources if resources is not None else Resources()
        self.strict = strict
        self._ready = False

    def setup(self) -> None:
        if not self._ready:
            for stage in self.stages:
                stage.setup(self.resources)
            self._ready = True

    def process(self, doc: RawDocument) -> Article:
        """Raw document → Article with every stage applied. Raises InputError for unusable input."""
        from .extract import extract

        self.setup()
        return self.annotate(extract(doc))

    def annotate(self, article: Article) -> Article:
        from .language.resources import Batch

        self.setup()
        batch = Batch()
        self._begin(article)
        for stage in self.stages:
            if self._runs(stage, article):
                article = self._apply(stage, article, batch)
        return article

    def annotate_many(self, articles: list[Article]) -> list[Article]:
        """Stage by stage over a batch (same result as :meth:`annotate` on each, faster)."""
        from .language.resources import Batch

        self.setup()
        batch = Batch()
        articles = list(articles)
        for article in articles:
            self._begin(article)
        for stage in self.stages:
            chosen = [i for i, article in enumerate(articles) if self._runs(stage, article)]
            if chosen:
                done = self._apply_many(stage, [articles[i] for i in chosen], batch)
                for i, article in zip(chosen, done, strict=True):
                    articles[i] = article
        return articles

    def _begin(self, article: Article) -> None:
        """Record the article's language, and forget the notes an earlier run of these stages left."""
        from .language.detect import article_language

        article.language = article_language(article)
        names = {stage.name for stage in self.stages}
        article.stage_notes = [note for note in article.stage_notes if note.stage not in names]

    def _runs(self, stage: Stage, article: Article) -> bool:
        """False, with a note, when the article's language is known and not one the stage handles."""
        if stage.languages is None or article.language is None or article.language in stage.languages:
            return True
        article.stage_notes.append(StageNote(stage.name, "skipped", (
            f"language {article.language}: the stage handles {', '.join(stage.languages)} only")))
        return False

    def _apply(self, stage: Stage, article: Article, batch: Batch) -> Article:
        """One stage on one article; when it raises, the article as it was before it, with a note."""
        saved = None if self.strict else _snapshot(article, stage.assigns)
        try:
            return stage(article, batch)
        except PipelineError:
            raise
        except Exception as exc:
            if saved is None:
                raise StageError(stage.name, article, exc) from exc
            _restore(article, saved)
            article.stage_notes.append(StageNote(stage.name, "error", f"{type(exc).__name__}: {exc}"))
            return article

    def _apply_many(self, stage: Stage, articles: list[Article], batch: Batch) -> list[Article]:
        """One stage over a batch; when its ``pipe`` raises, each article again on its own."""
        saved = None if self.strict else [_snapshot(article, stage.assigns) for article in articles]
        try:
            return stage.pipe(articles, batch)
        except PipelineError:
            raise
        except Exception as exc:
            if saved is None:
                raise StageError(stage.name, None, exc) from exc
            for article, fields in zip(articles, saved, strict=True):
                _restore(article, fields)
            return [self._apply(stage, article, batch) for article in articles]

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


def _snapshot(article: Article, fields: tuple[str, ...]) -> dict[str, Any]:
    """Copies of the fields a stage assigns, deep enough that nothing the stage does to them in
    place (a place's coordinates set on its entity, a list appended to) reaches the copy."""
    return {name: _clone(getattr(article, name)) for name in fields}


def _restore(article: Article, saved: dict[str, Any]) -> None:
    for name, value in saved.items():
        setattr(article, name, value)


_ATOMS = (str, int, float, bool, type(None))


def _clone(value: Any) -> Any:
    """A copy of an Article field: records, lists and dicts copied, strings and numbers shared (a
    faster ``copy.deepcopy`` for the shapes Article holds: it runs before every stage)."""
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, list):
        return [_clone(item) for item in value]
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    attrs = getattr(value, "__dict__", None)
    if attrs is not None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        new = copy.copy(value)
        for name, item in attrs.items():
            if not isinstance(item, _ATOMS):
                setattr(new, name, _clone(item))
        return new
    return copy.deepcopy(value)


def _check_config(config: dict[str, dict], names: list[str]) -> None:
    """Every config entry names a stage of this pipeline and is a dict (its keys are checked by
    the stage itself)."""
    for name, values in config.items():
        if name not in names:
            known = "is not registered" if name not in _REGISTRY else "is not in this pipeline"
            raise PipelineError(
                f"config for stage {name!r}, which {known}{_did_you_mean(name, names)}; "
                f"stages: {', '.join(names) or 'none'}",
                code="E201",
            )
        if not isinstance(values, dict):
            raise PipelineError(f"the config of stage {name!r} must be a dict of key → value, "
                                f"not {type(values).__name__}", code="E204")


def _accepts(method: Callable, n: int) -> bool:
    """Whether ``method`` can be called with ``n`` positional arguments."""
    try:
        inspect.signature(method).bind(*[None] * n)
    except TypeError:
        return False
    return True


def _as_written(stage: Stage) -> Stage:
    """``stage`` itself when it takes resources and batches, else wrapped so that each of its
    methods is called the way it was written."""
    if _accepts(stage.setup, 1) and _accepts(stage, 2) and _accepts(stage.pipe, 2):
        return stage
    return _OldStyle(stage)


class _OldStyle(Stage):
    """A stage written before resources and batches: ``setup(self)``, ``__call__(self, article)``,
    ``pipe(self, articles)``. It gets what its methods take (it parses for itself, as it did)."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns
        self.languages = stage.languages
        self.config, self.resources = stage.config, None
        self._setup_takes_resources = _accepts(stage.setup, 1)
        self._call_takes_batch = _accepts(stage, 2)
        self._own_pipe = type(stage).pipe is not Stage.pipe
        self._pipe_takes_batch = _accepts(stage.pipe, 2)

    def setup(self, resources: Resources | None = None) -> None:
        if self._setup_takes_resources:
            self.stage.setup(resources)
        else:
            self.stage.setup()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        return self.stage(article, batch) if self._call_takes_batch else self.stage(article)

    def pipe(self, articles: list[Article], batch: Batch | None = None) -> list[Article]:
        if not self._own_pipe:
            return super().pipe(articles, batch)
        if self._pipe_takes_batch:
            return self.stage.pipe(articles, batch)
        return self.stage.pipe(articles)


#: Environment variable naming extra modules (comma-separated) that register stages: worker
#: processes import them too, so a user's own stages run in ``newsgraph ingest --workers N``.
STAGE_MODULES_ENV = "NEWSGRAPH_STAGE_MODULES"


def _load_builtin_stages() -> None:
    """Import the language layer so its stages register themselves, then the user's stage
    modules named in :data:`STAGE_MODULES_ENV`."""
    import importlib
    import os

    importlib.import_module("newsgraph.language")
    extra = [m.strip() for m in os.environ.get(STAGE_MODULES_ENV, "").split(",") if m.strip()]
    for module in extra:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise PipelineError(f"{STAGE_MODULES_ENV} names {module!r}, which cannot be imported: {exc}",
                                code="E206") from exc
