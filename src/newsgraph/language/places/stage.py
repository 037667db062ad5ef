"""Stage ``newsgraph.places.v1``: places named inside organisations' names get mentions of their own
(:mod:`.inner`), then GPE/LOC/FAC entities are resolved to gazetteer entries (:mod:`.geoparse`)."""

from __future__ import annotations

from ...article import Article
from ...knowledge import KnowledgeBase
from ...pipeline import KBStage, register
from ..entities import foreign
from .geoparse import geoparse
from .inner import add_inner_places

NAME = "newsgraph.places.v1"


# geoparsing reads names, not words: it runs wherever the entities stage found names
@register(NAME, requires=["entities"], assigns=["entities", "mentions"], languages=["en", *foreign.installed()])
class PlacesStage(KBStage):
    """Resolve GPE/LOC/FAC entities to gazetteer entries with the article's context."""

    def annotate(self, article: Article, kb: KnowledgeBase) -> Article:
        add_inner_places(article, kb)
        return geoparse(article, kb)
