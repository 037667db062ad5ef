"""Stage ``newsgraph.events.v1``: PLOVER events coded from the parse (:mod:`.coder`) and assembled with
participants, place and date (:mod:`.assemble`)."""

from __future__ import annotations

from typing import Any, ClassVar

from ...article import Article
from ...pipeline import Stage, register
from ..resources import Batch, Resources
from .assemble import code_events


@register("newsgraph.events.v1", requires=["text", "entities", "mentions", "dates", "quotes"],
          assigns=["events"], languages=["en"])
class EventsStage(Stage):
    """Config: ``model``, the spaCy model whose parse is coded (default: the worker's); ``kb``, the
    knowledge base that codes actors (default: the worker's)."""

    default_config: ClassVar[dict[str, Any]] = {"model": None, "kb": None}

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        self.ready().nlp()
        self.ready().kb()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        article.events = code_events(article, self.ready(), batch if batch is not None else Batch())
        return article
