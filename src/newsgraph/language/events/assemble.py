"""The events stage: turn coded candidates into Event records tied to the article.

Participants become entities (the mention they overlap) with country and sector from the actor
coder; pronouns resolve to the nearest fitting entity before them (in a social post, "we" and "our"
are its author). The date is the nearest date expression in the sentence, else the article's (or
the post's) own date; the place is a place named in the sentence ("in Brussels"), else the dateline
for current events. An event inside a quotation is the speaker's claim.

Who takes part decides whether there is an event: a dateline names where the story was filed and is
never a party; an actor is never its own recipient; an event needs an actor the sentence states or
a recipient we can name (a country, a sector or a known entity), else it is dropped, and one with
no such named party at all keeps a confidence of at most 0.3.
"""

from __future__ import annotations

import bisect
import datetime as dt
from itertools import accumulate

from ...article import Article, Event, Participant, Span, TimeValue
from ...ids import content_id
from ...labels import PLACE_LABELS
from ..actors import ActorContext
from ..entities.resolve import Aliases
from ..homes import acts_at_home, share_home_country
from ..nlp import capped_zone
from ..resources import Batch, Resources
from ..roles import article_date, at_event_date
from .coder import Candidate, code_sentence, dominates, subordination
from .dictionary import goldstein, plover, quad_class
from .lexicon import CAMEO, CAMEO_BY_MODE
from .parties import coded, entity_participant, parties
from .senses import off_domain, political, states_act

_PLACE_PREPS = frozenset(("in", "at", "near", "outside", "inside"))


class Zone:
    """One annotated text of the article (the body, or an embedded post) and what is known of it."""

    def __init__(self, article: Article, name: str, text: str, anchor: str | None, author: str | None):
        self.name, self.text, self.anchor, self.author = name, text, anchor, author
        written = article.dateline.text if article.dateline and name == "text" else None
        #: where the dateline ("KYIV, June 3 (Reuters) -") that opens the text ends: it names where
        #: the story was filed, never a party to an event
        self.dateline_end = len(written) if written and text.startswith(written) else 0
        ents = {e.id: e for e in article.entities}
        self.entities = ents
        self.mentions = sorted((m for m in article.mentions if m.zone == name and m.entity_id in ents),
                               key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.dates = sorted((d for d in article.dates if d.zone == name and d.value), key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.quotes = [q for q in article.quotes if q.zone == name and q.kind == "direct"]
        # quotes by start, with the furthest end so far: which hold a point is a bisection away
        self.quote_order = sorted(range(len(self.quotes)), key=lambda i: self.quotes[i].start)
        self.quote_starts = [self.quotes[i].start for i in self.quote_order]
        self.quote_reach = list(accumulate((self.quotes[i].end for i in self.quote_order), max))
        self.aliases = Aliases(ents.values())

    def in_sentence(self, items: list, starts: list[int], sent) -> list:
        """The items (sorted by ``starts``) that start inside the sentence ``sent``."""
        return items[bisect.bisect_left(starts, sent.start_char) : bisect.bisect_left(starts, sent.end_char)]


def code_events(article: Article, resources: Resources, batch: Batch) -> list[Event]:
    """The events of every zone, from the zone's Doc in ``batch`` (parsed now if no earlier stage
    did), actors coded with ``resources``' knowledge base."""
    anchor = article.published or (article.dateline.date if article.dateline else None)
    zones = [Zone(article, "text", article.text, anchor, None)]
    for i, embed in enumerate(article.embeds):
        if embed.text:
            zones.append(Zone(article, f"embed:{i}", embed.text, embed.posted or anchor, _author_id(article, embed)))
    context = ActorContext(kb=resources.kb(), date=article_date(article))
    events: list[Event] = []
    nominal: set[str] = set()
    for zone in zones:
        capped_zone(article, "newsgraph.events.v1", zone.text, zone.name)  # the Doc covers this much
        if not zone.text.strip():
            continue
        doc = batch.doc_for(article.id, zone.text, zone.name, resources)
        for sent in doc.sents:
            for cand in code_sentence(sent):
                event = _event(article, zone, sent, cand, context)
                if event is not None:
                    events.append(event)
                    if cand.nominal:
                        nominal.add(event.id)
    _share_counterparts(events)
    return _deduplicate(events, nominal)


def _deduplicate(events: list[Event], nominal: set[str]) -> list[Event]:
    """One event per (sentence, type, actors, date): "held a meeting …, discussing …" is one meeting,
    but "a meeting today after our call two weeks ago" is two, and so are two events named by nouns
    (``nominal`` holds their ids)."""
    kept: list[Event] = []
    by_key: dict[tuple, list[Event]] = {}  # the kept events of each key, in order
    for ev in events:
        same = by_key.setdefault(_dedupe_key(ev), [])
        twin = next((k for k in same if _same_date(k, ev) and not (k.id in nominal and ev.id in nominal)), None)
        if twin is None:
            kept.append(ev)
            same.append(ev)
        elif not twin.recipients and ev.recipients:
            twin.recipients = ev.recipients
    return kept


def _dedupe_key(ev: Event) -> tuple:
    return ev.zone, ev.sentence.start, ev.type, tuple(sorted(p.entity_id or p.text for p in ev.actors))


def _same_date(a: Event, b: Event) -> bool:
    return (a.date.value if a.date else None) == (b.date.value if b.date else None)


def _author_id(article: Article, embed) -> str | None:
    for ent in article.entities:
        names = {ent.name, *ent.aliases}
        if embed.handle in names or embed.author in names:
            return ent.id
    return None


def _event(article: Article, zone: Zone, sent, cand: Candidate, context) -> Event | None:
    actors = parties(zone, cand.actors, context)
    recipients = parties(zone, cand.recipients, context)
    if zone.author and not actors:  # a post speaks for its author
        actors = [entity_participant(zone, zone.author, "")]
    own = {p.entity_id for p in actors if p.entity_id}
    recipients = [p for p in recipients if p.entity_id is None or p.entity_id not in own]
    if not actors and not any(coded(p) for p in recipients):
        return None  # nobody is said to act, and nobody we can name is acted upon
    if off_domain(sent) and not political(actors + recipients, states=states_act(sent)):
        return None  # a match, a premiere, a product launch: no political party takes part
    if cand.weak and not political(actors + recipients, states=True):
        return None  # a verb's synonym block alone ("pulled every lever") is weak evidence
    trigger = Span(cand.trigger.idx, cand.trigger.idx + len(cand.trigger.text), cand.trigger.text)
    sentence = Span(sent.start_char, sent.end_char, sent.text)
    date = _date(zone, sent, cand.trigger)
    share_home_country([*actors, *recipients])
    here = _sentence_place(zone, sent, trigger.start)
    acts_at_home([*actors, *recipients], zone.entities[here].country if here else None)
    at_event_date([*actors, *recipients], zone.entities, context, date)
    historical = _before(date, zone.anchor, days=365)
    cameo = _cameo(cand)
    event = Event(
        id=_event_id(article.id, zone.name, trigger.start, cand.type), type=cand.type, sentence=sentence,
        trigger=trigger, mode=cand.mode, cameo=cameo, quad_class=quad_class(cameo),
        goldstein=goldstein(cameo), score=goldstein(cameo), actors=actors, recipients=recipients,
        place=here or _filed_at(zone, article, historical), date=date, negated=cand.negated,
        historical=historical, future=cand.future or _after(date, zone.anchor),
        hypothetical=cand.hypothetical, claimed_by=_claimant(zone, trigger.start), zone=zone.name,
    )
    event.confidence = _confidence(cand, actors, recipients)
    return event


def _cameo(cand: Candidate) -> str:
    """The dictionary's code while the type is still the one it gave (a frame may have recast the
    event: "will attack" is a threat), else the type's (or mode's) own code."""
    if cand.cameo and (plover(cand.cameo) or ("",))[0] == cand.type:
        return cand.cameo
    code = CAMEO_BY_MODE.get((cand.type, cand.mode), CAMEO[cand.type][0])
    return code if len(code) > 2 else code + "0"


def _date(zone: Zone, sent, trigger) -> TimeValue | None:
    """A date written in the trigger's own clause, else the zone's date (the article's or post's)."""
    clause = _clause_of(trigger)
    doc = trigger.doc
    inside = []
    for d in zone.in_sentence(zone.dates, zone.date_starts, sent):
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        clauses = (trigger, clause, *clause.conjuncts)
        if span is not None and len(span) and any(dominates(span.root, c) for c in clauses):
            inside.append(d)
    if inside:
        near = min(inside, key=lambda d: abs(d.start - trigger.idx))
        return TimeValue(near.value, near.precision or "day")
    if zone.anchor:
        return TimeValue(zone.anchor[:10], "day")
    return None


def _clause_of(tok):
    """The smallest clause around a trigger: its verb (a nominal's governing verb), conjuncts apart."""
    node = tok
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def _before(date: TimeValue | None, anchor: str | None, days: int = 0) -> bool:
    if date is None or not anchor:
        return False
    start = _first_day(date.value)
    ref = _first_day(anchor[:10])
    return start is not None and ref is not None and (ref - start).days > days


def _after(date: TimeValue | None, anchor: str | None) -> bool:
    if date is None or not anchor:
        return False
    start, ref = _first_day(date.value), _first_day(anchor[:10])
    return start is not None and ref is not None and start > ref


def _first_day(value: str) -> dt.date | None:
    head = value.split("/")[0]
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(head[:size], fmt).date()
        except ValueError:
            continue
    return None


def _filed_at(zone: Zone, article: Article, historical: bool) -> str | None:
    """Where the body's event happens when its sentence names no place: the dateline's place."""
    if historical or zone.name != "text" or not article.dateline or not article.dateline.place:
        return None
    return zone.aliases.find(article.dateline.place, PLACE_LABELS)


def _sentence_place(zone: Zone, sent, at: int) -> str | None:
    """The place the sentence says the event happens in ("in Brussels"), nearest the trigger."""
    text = zone.text
    options = []
    for m in zone.in_sentence(zone.mentions, zone.starts, sent):
        if zone.entities[m.entity_id].type not in PLACE_LABELS:
            continue
        before = text[max(sent.start_char, m.start - 12) : m.start].lower().split()
        if before and before[-1] in _PLACE_PREPS | {"the"} and (before[-1] != "the" or len(before) > 1
                                                                 and before[-2] in _PLACE_PREPS):
            options.append(m)
    if options:
        return min(options, key=lambda m: abs(m.start - at)).entity_id
    return None


def _claimant(zone: Zone, at: int) -> str | None:
    holding = []  # the quotes around ``at``: back from the last that starts before it, while any reaches it
    j = bisect.bisect_right(zone.quote_starts, at) - 1
    while j >= 0 and zone.quote_reach[j] > at:
        holding.append(zone.quote_order[j])
        j -= 1
    for q in (zone.quotes[i] for i in sorted(holding)):  # the first in the article's order
        if q.start <= at < q.end and q.speaker is not None:
            return q.speaker.entity_id or q.speaker.text
    return None


def _share_counterparts(events: list[Event]) -> None:
    """'Our call' in a post: a meeting of the author's with no other party shares the party of the
    author's other meeting in the same sentence."""
    for ev in events:
        if ev.type != "CONSULT" or ev.recipients:
            continue
        twin = next((o for o in events if o is not ev and o.type == "CONSULT" and o.recipients
                     and o.sentence.start == ev.sentence.start and o.zone == ev.zone), None)
        if twin is not None:
            ev.recipients = list(twin.recipients)


#: What a background clause (an adverbial or relative clause) costs an event's confidence.
SUBORDINATE_COST = 0.25


def _confidence(cand: Candidate, actors: list[Participant], recipients: list[Participant]) -> float:
    score = 0.4
    score += 0.25 if any(p.country or p.sector for p in actors) else (0.1 if actors else 0.0)
    score += 0.15 if recipients else 0.0
    score += 0.1 if not cand.nominal else 0.0
    score -= 0.12 * min(cand.depth, 5)  # the main clause's event is the one the sentence reports
    score -= SUBORDINATE_COST * min(subordination(cand.trigger), 3)  # not its circumstances
    if not any(coded(p) for p in actors + recipients):
        score = min(score, 0.3)  # "the visitors attacked": someone acted, but nobody we can name
    return round(max(0.05, min(score, 1.0)), 3)


def _event_id(article_id: str, zone: str, start: int, kind: str) -> str:
    return content_id(article_id, zone, str(start), kind, sep="|")
