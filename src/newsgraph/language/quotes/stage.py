"""The quotes stage: direct, indirect and social quotations with speakers resolved to entities."""

from __future__ import annotations

from typing import Any, ClassVar

from ...article import Article
from ...pipeline import Stage, register
from ..nlp import capped_zone
from ..resources import Batch, Resources
from .find import find_quotes, quoted_mask, social_quotes
from .spans import find_quote_spans
from .speakers import SpeakerResolver


@register(
    "newsgraph.quotes.v1",
    requires=["text", "embeds", "mentions", "entities"],
    assigns=["quotes"],
    languages=["en"],
)
class QuotesStage(Stage):
    """Config: ``model``, the spaCy model whose parse finds the speech verbs (default: the worker's)."""

    default_config: ClassVar[dict[str, Any]] = {"model": None}

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        self.ready().nlp()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        quotes = []
        text = capped_zone(article, self.name, article.text)
        if text.strip():
            batch = batch if batch is not None else Batch()
            doc = batch.doc_for(article.id, article.text, "text", self.ready())
            spans = find_quote_spans(text)
            resolver = SpeakerResolver(article, quoted_mask(len(text), spans))
            for quote in find_quotes(text, doc, spans):
                resolver.resolve(quote)
                quotes.append(quote)
        social = social_quotes(article)
        handles = SpeakerResolver(article)
        for quote in social:
            handles.resolve(quote)
        article.quotes = quotes + social
        return article
