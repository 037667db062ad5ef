"""Stage ``newsgraph.events.v1``: PLOVER events coded from the parse (:mod:`.coder`) and assembled with
participants, place and date (:mod:`.assemble`)."""

from __future__ import annotations

from ...article import Article
from ...pipeline import Stage, register
from .. import nlp
from .assemble import code_events


@register("newsgraph.events.v1", requires=["text", "entities", "mentions", "dates", "quotes"], assigns=["events"])
class EventsStage(Stage):
    def setup(self) -> None:
        nlp.setup(self.config.get("model"))
        from ...knowledge import get_kb

        self.kb = get_kb()

    def __call__(self, article: Article) -> Article:
        article.events = code_events(article, getattr(self, "kb", None), self.config.get("model"))
        return article
