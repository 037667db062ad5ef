"""Stage ``newsgraph.gkg.v1``: the GDELT GKG fields of an article that come from its language —
counts and amounts from the body's parse (:mod:`.counts`, reusing the Doc of the batch), themes
from the Phoenix issue dictionary over the title and body (:mod:`.themes`, no parse)."""

from __future__ import annotations

from typing import Any, ClassVar

from ...article import Article
from ...labels import PLACE_LABELS
from ...pipeline import Stage, register
from ..resources import Batch, Resources
from .counts import lexicon, sentence_counts
from .themes import dictionary, themes


@register("newsgraph.gkg.v1", requires=["text", "entities", "mentions"], assigns=["counts", "amounts", "themes"])
class GKGStage(Stage):
    """Config: ``model``, the spaCy model whose parse is read (default: the worker's)."""

    default_config: ClassVar[dict[str, Any]] = {"model": None}

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        self.ready().nlp()
        lexicon()
        dictionary()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        article.counts, article.amounts = [], []
        if article.text.strip():
            batch = batch if batch is not None else Batch()
            doc = batch.doc_for(article.id, article.text, "text", self.ready())
            types = {e.id: e.type for e in article.entities}
            places = [m for m in article.mentions
                      if m.zone == "text" and m.entity_id and types.get(m.entity_id) in PLACE_LABELS]
            for sent in doc.sents:
                counts, amounts = sentence_counts(sent, places)
                article.counts += counts
                article.amounts += amounts
        article.themes = themes(f"{article.title or ''}\n{article.text}")
        return article
