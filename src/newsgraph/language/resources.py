"""What the language stages share: :class:`Resources` per worker, :class:`Batch` per call.

1. A :class:`Resources` names the heavy things a stage may use: the spaCy model, the trained news
   tagger and the knowledge base. The Pipeline makes one per worker and hands it to every stage's
   ``setup(resources)``; a stage's config (``model``, ``trained``, ``kb``) overrides each part
   for that stage alone (:meth:`Resources.override`).
2. Nothing is loaded until a stage asks for it, so a stage list without the entities stage never
   loads the tagger, and one without a knowledge-base stage never loads the KB. What is loaded by
   name (a model, a tagger path, the offline KB) is loaded once per process by :mod:`.nlp` and
   :func:`newsgraph.knowledge.get_kb`, whichever Resources asks: two Pipelines of one process share
   the model instead of holding two copies. A KB handed over as an object is used as it is, by
   that Resources only.
3. A :class:`Batch` holds the parses of the articles of one ``Pipeline.annotate`` /
   ``annotate_many`` call, so the quotes, time and events stages reuse the Docs the entities stage
   made. It lives as long as the call: nothing parsed for one batch is seen by the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PipelineError
from ..knowledge import KnowledgeBase, get_kb
from . import nlp as nlp_mod

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Config keys through which a stage overrides a part of its Resources.
PARTS = ("model", "trained", "kb")


class Resources:
    """The spaCy model (``model``: "sm", "md", None for env/default), the trained tagger
    (``trained``: a path, False/"off", None for env/packaged) and the knowledge base (``kb``: an
    object with the :class:`~newsgraph.knowledge.KnowledgeBase` methods, None for the offline one)."""

    def __init__(self, *, model: str | None = None, trained: str | bool | None = None,
                 kb: KnowledgeBase | None = None) -> None:
        if kb is not None and not isinstance(kb, KnowledgeBase):
            raise PipelineError(
                f"kb must be a knowledge base (lookup, places, country and get), not {type(kb).__name__}",
                code="E207",
            )
        self.model = model
        self.trained = trained
        self._kb = kb

    def override(self, config: dict[str, Any]) -> Resources:
        """These resources with the parts a stage's config sets (a value other than None)."""
        changed = {part: config[part] for part in PARTS if config.get(part) is not None}
        if not changed:
            return self
        parts = {"model": self.model, "trained": self.trained, "kb": self._kb, **changed}
        return Resources(**parts)

    @property
    def model_name(self) -> str:
        """The spaCy model's name once env and default are applied ("sm" or "md")."""
        return nlp_mod.model_name(self.model)

    def nlp(self) -> Language:
        return nlp_mod.setup(self.model)

    def tagger(self) -> Language | None:
        """The trained coarse news tagger, or None when it is turned off."""
        return nlp_mod.trained_tagger(self.trained)

    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = get_kb()
        return self._kb

    def parse(self, texts: list[str]) -> list[Doc]:
        """Parse many texts in one ``nlp.pipe`` call with this model."""
        return nlp_mod.parse_many(texts, self.model)


class Batch:
    """The Docs of one batch's (article, zone) pairs, kept by model, article id and zone.

    A Doc is handed out only while its text is the zone's current text, so an Article edited
    between two stages is never annotated with a stale parse.
    """

    def __init__(self) -> None:
        self._docs: dict[tuple[str, str, str], Doc] = {}

    def doc(self, article_id: str, text: str, zone: str, model: str) -> Doc | None:
        """The Doc of a zone parsed from this very ``text`` with ``model`` (a model name), else None."""
        doc = self._docs.get((model, article_id, zone))
        return doc if doc is not None and nlp_mod.doc_text(doc) == nlp_mod.capped(text) else None

    def keep(self, article_id: str, zone: str, doc: Doc, model: str) -> None:
        self._docs[(model, article_id, zone)] = doc

    def doc_for(self, article_id: str, text: str, zone: str, resources: Resources) -> Doc:
        """The Doc of one zone: the one an earlier stage of the batch made, else parsed now."""
        model = resources.model_name
        doc = self.doc(article_id, text, zone, model)
        if doc is None:
            (doc,) = resources.parse([text])
            self.keep(article_id, zone, doc, model)
        return doc
