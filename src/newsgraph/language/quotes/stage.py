"""The quotes stage: direct, indirect and social quotations with speakers resolved to entities."""

from __future__ import annotations

from ...article import Article
from ...pipeline import Stage, register
from .. import nlp
from .find import find_quotes, quoted_mask, social_quotes
from .spans import find_quote_spans
from .speakers import SpeakerResolver


@register(
    "newsgraph.quotes.v1",
    requires=["text", "embeds", "mentions", "entities"],
    assigns=["quotes"],
)
class QuotesStage(Stage):
    def setup(self) -> None:
        nlp.setup(self.config.get("model"))

    def __call__(self, article: Article) -> Article:
        quotes = []
        if article.text.strip():
            doc = nlp.doc_for(article.id, article.text, model=self.config.get("model"))
            spans = find_quote_spans(article.text)
            resolver = SpeakerResolver(article, quoted_mask(len(article.text), spans))
            for quote in find_quotes(article.text, doc, spans):
                resolver.resolve(quote)
                quotes.append(quote)
        social = social_quotes(article)
        handles = SpeakerResolver(article)
        for quote in social:
            handles.resolve(quote)
        article.quotes = quotes + social
        return article

