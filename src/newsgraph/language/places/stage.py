"""Stage ``newsgraph.places.v1``: GPE/LOC/FAC entities resolved to gazetteer entries (:mod:`.geoparse`)."""

from __future__ import annotations

from ...article import Article
from ...knowledge import KnowledgeBase
from ...pipeline import KBStage, register
from .geoparse import geoparse


@register("newsgraph.places.v1", requires=["entities"], assigns=["entities"])
class PlacesStage(KBStage):
    """Resolve GPE/LOC/FAC entities to gazetteer entries with the article's context."""

    def annotate(self, article: Article, kb: KnowledgeBase) -> Article:
        return geoparse(article, kb)
