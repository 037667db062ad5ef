"""Stage ``newsgraph.places.v1``: GPE/LOC/FAC entities resolved to gazetteer entries (:mod:`.geoparse`)."""

from __future__ import annotations

from ...article import Article
from ...knowledge import KnowledgeBase
from ...pipeline import KBStage, register
from ..entities import foreign
from .geoparse import geoparse


# geoparsing reads names, not words: it runs wherever the entities stage found names
@register("newsgraph.places.v1", requires=["entities"], assigns=["entities"], languages=["en", *foreign.installed()])
class PlacesStage(KBStage):
    """Resolve GPE/LOC/FAC entities to gazetteer entries with the article's context."""

    def annotate(self, article: Article, kb: KnowledgeBase) -> Article:
        return geoparse(article, kb)
