"""The quotes stage: direct, indirect and social quotations with speakers resolved to entities."""

from __future__ import annotations

from ..article import Article
from ..pipeline import DEFAULT_STAGES, Stage, register
from . import nlp
from .quote_spans import find_quote_spans
from .quotes import _inside_mask, find_quotes, social_quotes
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
            quoted = _inside_mask(len(article.text), find_quote_spans(article.text))
            resolver = SpeakerResolver(article, quoted)
            for quote, _head in find_quotes(article.text, doc):
                resolver.resolve(quote)
                quotes.append(quote)
        social = social_quotes(article)
        handles = SpeakerResolver(article)
        for quote in social:
            handles.resolve(quote)
        article.quotes = quotes + social
        return article


if QuotesStage.name not in DEFAULT_STAGES:
    DEFAULT_STAGES.append(QuotesStage.name)
