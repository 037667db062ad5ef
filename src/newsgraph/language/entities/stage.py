"""Stage ``newsgraph.entities.v1``: named entities of an Article, resolved within the article.

Zones read: the body (``Article.text``), each caption (zone ``caption:i``) and each embedded post
(``embed:i``). Never tags, hashtags, chrome, disclosures or the byline: those are metadata, and a
hashtag is not a mention of anything in a sentence. The byline still informs the rules (its
authors are people).

Steps: parse every zone in one ``nlp.pipe`` call (the Docs stay in the call's
:class:`~newsgraph.language.resources.Batch` for later stages), repair each zone's spans
(:mod:`.rules`), apply the cross-zone surname rule, then cluster the mentions into entities
(:mod:`.resolve`). An article in another language whose spaCy model is installed gets that
model's names instead of the English parse and rules (:mod:`.foreign`), resolved the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from ...article import Article, Mention
from ...knowledge import KnowledgeBase
from ...pipeline import Stage, register
from .. import nlp as nlp_mod
from ..resources import Batch, Resources
from . import foreign
from .resolve import Resolver
from .rules import (
    Found,
    RuleContext,
    merge_coarse,
    one_type_per_name,
    people_in,
    person_surnames_win,
    places_in,
    repair,
    reread_shouting,
)

if TYPE_CHECKING:
    from spacy.language import Language

NAME = "newsgraph.entities.v1"


def zones(article: Article, whole: bool = False) -> dict[str, str]:
    """The texts NER reads, by zone name; offsets of a mention are into its zone's text. Each is
    the part that is analysed (:func:`.nlp.capped`), or all of it with ``whole``."""
    out: dict[str, str] = {}
    if article.text and article.text.strip():
        out["text"] = article.text
    for i, caption in enumerate(article.captions):
        if caption.text and caption.text.strip():
            out[f"caption:{i}"] = caption.text
    for i, embed in enumerate(article.embeds):
        if embed.text and embed.text.strip():
            out[f"embed:{i}"] = embed.text
    return out if whole else {zone: nlp_mod.capped(text) for zone, text in out.items()}


def find_names(article: Article, resources: Resources, batch: Batch) -> dict[str, list[Found]]:
    """Repaired name spans of every zone (parsing the zones, or reusing the batch's Docs)."""
    texts = zones(article)
    parse_batch([article], resources, batch)  # the zones no earlier stage of the batch parsed
    model = resources.model_name
    docs = {zone: batch.doc(article.id, text, zone, model) for zone, text in texts.items()}
    return repaired_names(docs, texts, article.authors, resources.kb(), article.source)


def repaired_names(docs: dict[str, Any], texts: dict[str, str], authors: Iterable[str] = (),
                   kb: KnowledgeBase | None = None, outlet: str | None = None) -> dict[str, list[Found]]:
    """The repair rules over the Docs of one article's zones (``texts`` holds their full texts)."""
    ctx = RuleContext(authors=list(authors), kb=kb, places=places_in(docs.values()),
                      people=people_in(docs.values()), outlet=outlet)
    found = {zone: repair(docs[zone], ctx) for zone in texts}
    return one_type_per_name(person_surnames_win(found, texts))


def prepare_docs(parsed: list, nlp: Language, kb: KnowledgeBase | None = None,
                 tagger: Language | None = None) -> None:
    """What the stage does to fresh parses: shouted lines re-read in title case, and the spans of
    the trained news tagger (shipped, on by default) merged in."""
    reread_shouting(parsed, nlp)
    if tagger is not None:
        for doc, coarse in zip(parsed, nlp_mod.coarse_spans(parsed, tagger), strict=True):
            merge_coarse(doc, coarse, kb)


def _parse(texts: list[str], resources: Resources) -> list:
    parsed = resources.parse(texts)
    prepare_docs(parsed, resources.nlp(), resources.kb(), resources.tagger())
    return parsed


def parse_batch(articles: list[Article], resources: Resources, batch: Batch) -> None:
    """Parse the zones of many articles in one ``nlp.pipe`` call and keep the Docs in ``batch``:
    spaCy is markedly faster on batches than one text at a time, and every later stage reuses the
    parse."""
    model = resources.model_name
    keys, texts = [], []
    for article in articles:
        for zone, text in zones(article).items():
            if batch.doc(article.id, text, zone, model) is None:
                keys.append((article.id, zone))
                texts.append(text)
    if texts:
        for (article_id, zone), doc in zip(keys, _parse(texts, resources), strict=True):
            batch.keep(article_id, zone, doc, model)


def annotate(article: Article, resources: Resources | None = None, batch: Batch | None = None) -> Article:
    """Set ``article.mentions`` and ``article.entities`` (replacing any earlier ones); without
    ``resources`` the default model, tagger and knowledge base are used."""
    resources = resources if resources is not None else Resources()
    kb = resources.kb()
    for zone, text in zones(article, whole=True).items():
        nlp_mod.capped_zone(article, NAME, text, zone)
    if article.language in foreign.MODELS:
        found = foreign.find_names(zones(article), article.language, kb)
    else:
        found = find_names(article, resources, batch if batch is not None else Batch())
    return resolve(article, found, kb)


def resolve(article: Article, found: dict[str, list[Found]], kb: KnowledgeBase) -> Article:
    """Cluster the names ``found`` in each zone into the article's mentions and entities."""
    items = [
        (Mention(f.start, f.end, f.text, f.label, zone=zone), f)
        for zone, spans in found.items()
        for f in spans
    ]
    resolver = Resolver(article.id, kb)
    resolver.add_all(items)
    taken = {zone: [(f.start, f.end) for f in spans] for zone, spans in found.items()}
    resolver.link_titles(zones(article), taken)
    resolver.link_handles(article.embeds)
    article.entities = resolver.entities()
    mentions = [m for c in resolver.clusters for m in c.mentions]
    zone_order = {z: i for i, z in enumerate(zones(article))}
    article.mentions = sorted(mentions, key=lambda m: (zone_order.get(m.zone, 0), m.start, m.end))
    return article


@register(NAME, requires=["text"], assigns=["mentions", "entities"], languages=["en", *foreign.installed()])
class EntitiesStage(Stage):
    """Config: ``model`` ("sm" default, or "md"); ``trained``: the coarse news NER merged with the
    model's entities — the packaged one by default, another built by ``newsgraph.language.entities.train``
    (its path), or off (``False``); env ``NEWSGRAPH_NER_TRAINED`` does the same; ``kb``: a knowledge
    base instead of the worker's."""

    default_config: ClassVar[dict[str, Any]] = {"model": None, "trained": None, "kb": None}

    def setup(self, resources: Resources | None = None) -> None:
        super().setup(resources)
        own = self.ready()  # loaded now, once per worker, not on the first article
        own.nlp()
        own.tagger()
        own.kb()

    def __call__(self, article: Article, batch: Batch | None = None) -> Article:
        return annotate(article, self.ready(), batch)

    def pipe(self, articles: list[Article], batch: Batch | None = None) -> list[Article]:
        batch = batch if batch is not None else Batch()
        parse_batch([a for a in articles if a.language not in foreign.MODELS], self.ready(), batch)
        return [self(article, batch) for article in articles]
