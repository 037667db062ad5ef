"""Actor coding: who an entity is, as country + sector + title (+ the organisation it speaks for),
and the full CAMEO actor code they make (``SRBGOV``, ``IGOWSTNAT``, ``SYRREB``).

``code_actor(text)`` codes any span ("Serbia's President", "the state court in Sarajevo", "Nato
Secretary General"), so the event coder can code the actors it finds. The stage codes PERSON and
ORG entities from the words around their mentions: the title phrase just before a name ("Defence
Minister X", "the President of Y X") and a short apposition after it ("X, the country's top judge,").

- Sector: the lexicon in ``data/sectors.json`` (ours). When a phrase holds several role words, the
  specific one wins over the generic ("court president" is JUD, "defence minister" is MIL); an
  intergovernmental organisation named in the span makes the actor IGO ("Nato Secretary General").
  Nouns our lexicon lacks are looked up in the Phoenix agents dictionary (:mod:`.terms`).
- Country: a country name, possessive or demonym in the span; else a place in it ("the court in
  <capital>" is that capital's country; a sub-national region counts for its country); else the
  knowledge base entry of the entity itself.
- Dated roles: a person or group in the KB with Phoenix roles is coded with the role valid at the
  article's date ("Putin" in 2005 → RUSGOV). A title in the text that says otherwise wins: "NATO
  Secretary General Mark Rutte" is IGOWSTNAT although the dictionary (2014) knows him as Dutch
  prime minister; and people who took office after 2014 are coded from their titles alone
  (:mod:`.roles`, which also composes the full CAMEO codes).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..article import Article, Entity, Mention
from ..knowledge import KnowledgeBase
from ..knowledge.actors import latest
from ..pipeline import KBStage, register
from .entities.stage import zones
from .roles import article_date, cameo_code, dated, role_of
from .terms import MAX_NGRAM, POSSESSIVE, find_terms, lexicon, pick_role, role_words, split_words

ACTOR_TYPES = ("PERSON", "ORG")
# Places smaller than this (and not capitals or regions) do not give an actor a country: person
# names and ordinary words are often also the name of some small town.
MIN_PLACE_POPULATION = 100_000
_STRONG_FEATURES = {"PPLC", "ADM1", "RGN", "TERR"}  # capitals and regions count anywhere in a span
# Other big places count only after a locative word ("the court in X"): a bare capitalised word is
# more often a surname ("Bush administration") than the town of that name.
_LOCATIVE = {"in", "of", "from", "at", "near", "outside"}
_STANCE_PREFIXES = ("pro-", "anti-")
_ARTICLES = {"the", "a", "an"}

@dataclass
class ActorCode:
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, JUD, LEG, IGO, …
    title: str | None = None  # the role as a person holds it: "President", "Secretary General"
    org: str | None = None  # the organisation the actor belongs to, when named ("NATO")
    org_code: str | None = None  # that organisation's CAMEO code, when the KB has one ("IGOWSTNAT")
    full: str | None = None  # a whole code from a KB role ("PSEREBHMS", "USAELI"), kept as given
    entry_id: str | None = None  # the KB person or group with dated roles this actor is

    @property
    def code(self) -> str | None:
        return self.full or cameo_code(self.country, self.sector, self.org_code)


@dataclass
class ActorContext:
    """What helps code a span: the KB, and names that must not be read as places (the person)."""

    kb: Any | None = None
    exclude: set[str] = field(default_factory=set)  # lower-cased words of the actor's own name
    default_country: str | None = None  # e.g. the entity's KB country, used when the span has none
    date: str | None = None  # ISO date the roles of people named in the span are read at


def _ngrams(tokens: list[str], skip: set[int]) -> list[tuple[int, int, str]]:
    out = []
    for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(j in skip for j in range(i, i + n)):
                continue
            if not tokens[i][:1].isupper() and not tokens[i].isupper():
                continue
            out.append((i, i + n, " ".join(tokens[i:i + n])))
    return out


def _kb_signals(tokens: list[str], kb: Any, exclude: set[str]) -> tuple[str | None, Any | None, Any | None]:
    """(country from country/demonym/place, IGO-or-other organisation entry, person with dated
    roles) named in the tokens."""
    terms, modifiers = lexicon()
    # "Greek-Cypriot": the parts of a hyphenated word name countries too; but "pro-Iranian",
    # "anti-American" say whom a group sides with or against, not whose it is
    tokens = [part for t in tokens if not _stance(t)
              for part in (t.split("-") if "-" in t[1:-1] else [t]) if part]
    skip = {i for i, t in enumerate(tokens) if t.lower() in exclude or t.lower() in modifiers}
    skip |= {i + 1 for i in ethnic_marks(tokens)}  # "ethnic Albanians in Serbia" are not Albania's
    skip |= {i for i, t in enumerate(tokens) if (t.lower(),) in terms}
    country = place_country = org = person = None
    taken: set[int] = set()
    for start, end, gram in _ngrams(tokens, skip):
        if taken & set(range(start, end)):
            continue
        whole = not (_capitalised(tokens, start - 1, skip) or _capitalised(tokens, end, skip))
        hit = _lookup_gram(gram, kb, start > 0 and tokens[start - 1].lower() in _LOCATIVE, whole)
        if hit is None:
            continue
        kind, entry = hit
        taken |= set(range(start, end))
        if kind == "org" and org is None:
            org = entry
            if not entry.country and country is None:  # "Palestinian Islamic Jihad": a regional code
                country = _named_country(tokens[start:end], kb)
        elif kind == "country" and country is None:
            country = entry.country
        elif kind == "place" and place_country is None:
            place_country = entry.country
        elif kind == "person" and person is None:
            person = entry
    return country or place_country, org, person


def ethnic_marks(tokens: list[str]) -> list[int]:
    """Positions of "ethnic" before a capitalised word: the word names a people, not a state
    ("ethnic Albanians", "ethnic Turks in Bulgaria"); CAMEO codes such a group by where it lives."""
    return [i for i, t in enumerate(tokens[:-1]) if t.lower() == "ethnic" and tokens[i + 1][:1].isupper()]


def _named_country(words: list[str], kb: Any) -> str | None:
    """The country a group's own name states by a demonym or country name, word by word."""
    for word in words:
        hit = _lookup_gram(word, kb, whole=False) if word[:1].isupper() else None
        if hit is not None and hit[0] == "country":
            return hit[1].country
    return None


def _stance(token: str) -> bool:
    return token.lower().startswith(_STANCE_PREFIXES)


def _capitalised(tokens: list[str], i: int, skip: set[int]) -> bool:
    """Whether token i is part of a name (a capitalised word that is no title: "President", nor
    the article that opens a sentence: "The Bush administration")."""
    return 0 <= i < len(tokens) and i not in skip and tokens[i][:1].isupper() and tokens[i].lower() not in _ARTICLES


def _lookup_gram(gram: str, kb: Any, locative: bool = False, whole: bool = True) -> tuple[str, Any] | None:
    entry = kb.country(gram) if len(gram) > 3 or gram.isupper() and len(gram) == 3 else None
    if entry is not None and entry.country:
        return "country", entry
    for norp in kb.lookup(gram, type="NORP"):
        if norp.country:
            return "country", norp
    org = _best_org(kb.lookup(gram, type="ORG"))
    if org is not None:
        return "org", org
    # a whole name only ("Abdullah" is a Saudi king, not the first name of "Abdullah Ocalan"), and
    # before places: "Bush" the president, not a town
    for person in kb.lookup(gram, type="PERSON") if whole else ():
        if getattr(person, "roles", None):
            return "person", person
    # by main name only: alternate names make "White House" a city (Casablanca) in some language
    places = [p for p in kb.places(gram) if p.country and _same(p.name, gram) and (
        (p.feature or "") in _STRONG_FEATURES
        or (locative and (p.population or 0) >= MIN_PLACE_POPULATION))]
    if places:
        return "place", max(places, key=lambda p: p.population or 0)
    return None


def _best_org(orgs: list) -> Any | None:
    """The first organisation found, unless it is a dictionary group coded by region only and
    another dictionary group of that name has a country ("Moro Islamic Liberation Front":
    IMGSEAMUSASF and PHLREB): the country says more."""
    if not orgs:
        return None
    first = orgs[0]
    if first.country or not first.id.startswith("actor:"):
        return first
    return next((o for o in orgs if o.country and o.id.startswith("actor:")), first)


def _same(a: str, b: str) -> bool:
    from anyascii import anyascii

    return anyascii(a).casefold().strip() == anyascii(b).casefold().strip()


def _whole_org(text: str, kb: Any) -> Any | None:
    """The span itself as an organisation's name ("the Office of the High Representative")."""
    name = re.sub(r"^(?:the)\s+", "", " ".join(text.split()), flags=re.IGNORECASE)
    return _best_org(kb.lookup(name, type="ORG")) if len(name.split()) > 1 else None


def code_actor(text: str, context: ActorContext | None = None) -> ActorCode:
    """Code any span: country, sector, title and organisation, from its words and the KB."""
    context = context or ActorContext()
    tokens = split_words(text)
    terms = [t for _, t in find_terms(tokens)]
    sector, title = pick_role(terms)
    if sector is None and ethnic_marks(tokens):
        sector = "CVL"  # the agents dictionary's "ethnic group"
    code = ActorCode(sector=sector, title=title)
    if context.kb is not None:
        country, org, person = _kb_signals(tokens, context.kb, context.exclude)
        whole = _whole_org(text, context.kb)
        org = whole or org
        code.country = country
        if org is not None:
            code.org = _short_name(org)
            code.org_code = latest(org.roles) if getattr(org, "roles", None) else None
            if org.sector == "IGO" or sector is None:
                code.sector = org.sector or code.sector
            if org.sector != "IGO" and whole is not None:
                # the KB knows the name whole: its country outranks an adjective inside the name
                # ("Korean People's Army" is North Korea's, whatever "Korean" alone would say)
                code.country = org.country or code.country
            elif org.sector != "IGO":  # an IGO's seat (NATO in Belgium) is not its officials' country
                code.country = code.country or org.country
        if person is not None and org is None:
            code = dated(code, person, role_of(person.roles, context.date))
            code.entry_id = person.id
    code.country = code.country or context.default_country
    return code


def _short_name(entry: Any) -> str:
    """An organisation's acronym when it has one ("NATO"), as actor codes are read by people."""
    acronyms = [a for a in entry.aliases if a.isupper() and a.isalpha() and 2 <= len(a) <= 8]
    return acronyms[0] if acronyms else entry.name


# --- the stage -------------------------------------------------------------------------------------

_TITLE_GLUE = {"of", "the", "for", "de"}  # not "and": "Serbia and Nato chief X"


def title_phrase(text: str, start: int) -> str:
    """The title phrase right before a name: capitalised words, role words and modifiers, walked
    leftwards until an ordinary word or punctuation ("met with Nato Secretary General |X|" →
    "Nato Secretary General")."""
    _, modifiers = lexicon()
    roles = role_words()  # built once: a set of every role term's words per name was a tenth of the stage
    chunk = text[max(0, start - 160):start]
    chunk = chunk[max(chunk.rfind(c) for c in ",;:()\"“”\n") + 1:]
    chunk = re.split(r"\.\s", chunk)[-1]  # a sentence end, not the dot of "U.S."
    words = list(re.finditer(r"[\w.&'’-]+", chunk))
    first = len(words)
    for idx in range(len(words) - 1, -1, -1):
        raw = words[idx].group(0)
        word = POSSESSIVE.sub("", raw).lower()
        if raw[:1].isupper() or word in roles or word in modifiers or word in _TITLE_GLUE:
            first = idx
            continue
        break
    if first == len(words):
        return ""
    return re.sub(r"^(?:(?:the|of|for|de)\s+)+", "", chunk[words[first].start():].strip(), flags=re.IGNORECASE)


def apposition(text: str, end: int) -> str:
    """A short apposition right after a name: "X, Serbia's president, said" → "Serbia's president"."""
    m = re.match(r"\s*,\s*([^,.;:()\"“”\n]{3,80}?)\s*[,.;]", text[end:end + 100])
    if not m:
        return ""
    phrase = m.group(1)
    return phrase if find_terms(split_words(phrase)) and len(phrase.split()) <= 8 else ""


def mention_span(text: str, mention: Mention, entity_type: str) -> str:
    """The words that say who this mention is: its title phrase, itself and a following apposition."""
    before = title_phrase(text, mention.start)
    own = mention.text  # organisations' names carry their role; a person's mention may hold a title
    after = apposition(text, mention.end)
    return " ".join(p for p in (before, own, after) if p)


def code_entity(entity: Entity, spans: list[str], kb: Any | None, date: str | None = None) -> ActorCode:
    """Vote over the codes of all the entity's mention spans; fall back on its KB entry, whose
    dated role at ``date`` codes a person or group the spans leave without a title or country."""
    exclude = _name_words(entity) if entity.type == "PERSON" else set()
    entry = _kb_entry(entity, kb)
    ctx = ActorContext(kb=kb, exclude=exclude)
    codes = [code_actor(s, ctx) for s in spans if s]
    if entity.type == "ORG":
        codes.append(code_actor(entity.name, ctx))
        if _titled_name(entity.name):  # "General Motors" is no army: a title opening the name
            codes = [replace(c, sector=None) if c.title and not c.org else c for c in codes]
    result = ActorCode(
        country=_vote(c.country for c in codes),
        sector=_vote(c.sector for c in codes),
        title=_vote(c.title for c in codes) if entity.type == "PERSON" else None,
        org=_vote(c.org for c in codes),
        org_code=_vote(c.org_code for c in codes),
    )
    roles = getattr(entry, "roles", None) if entry is not None else None
    if roles:
        result.entry_id = entry.id
    if roles and not (result.org or result.country and result.sector):
        return dated(result, entry, role_of(roles, date))
    if entry is not None:
        if entry.sector != "IGO" and result.sector != "IGO":
            result.country = result.country or entry.country
        if entry.sector and (entry.sector == "IGO" or result.sector is None):
            result.sector = entry.sector
    return result


def _titled_name(name: str) -> bool:
    """Whether a one-word person's title opens this organisation's name and is its only role
    term ("General Motors", not "Attorney General's Office")."""
    found = find_terms(split_words(name))
    return len(found) == 1 and found[0][0] == 0 and found[0][1].title is not None and len(found[0][1].words) == 1


def _name_words(entity: Entity) -> set[str]:
    """Words of a person's own name (not of aliases like "Serbia's President", which carry the
    very title and country being coded), so a surname that is also a town gives no country."""
    words = set()
    for name in [entity.name, *entity.aliases]:
        tokens = split_words(name)
        if not find_terms(tokens):
            words |= {t.lower() for t in tokens}
    return words


def _kb_entry(entity: Entity, kb: Any | None) -> Any | None:
    if kb is None:
        return None
    for name in [entity.name, *entity.aliases]:
        hits = kb.lookup(name, type=entity.type)
        if hits:
            return hits[0]
    return None


def _vote(values) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def code_actors(article: Article, kb: Any | None) -> Article:
    """Fill country, sector, title and CAMEO code of the article's PERSON and ORG entities in
    place, and link those the KB knows with dated roles to their entry."""
    date = article_date(article)
    texts = zones(article)
    spans: dict[str, list[str]] = {}
    types = {e.id: e.type for e in article.entities}
    for mention in article.mentions:
        etype = types.get(mention.entity_id or "")
        text = texts.get(mention.zone)
        if etype in ACTOR_TYPES and text and text[mention.start:mention.end] == mention.text:
            spans.setdefault(mention.entity_id, []).append(mention_span(text, mention, etype))
    parts: dict[str, ActorCode] = {}
    for entity in article.entities:
        if entity.type not in ACTOR_TYPES:
            continue
        code = code_entity(entity, spans.get(entity.id, []), kb, date)
        entity.country = entity.country or code.country
        entity.sector = entity.sector or code.sector
        entity.title = entity.title or code.title
        if code.org and "org" not in entity.kb:
            entity.kb["org"] = code.org
        if code.entry_id and "newsgraph" not in entity.kb:
            entity.kb["newsgraph"] = code.entry_id
        parts[entity.id] = code
    _home_country(article)  # may give an official a country: compose the codes after it
    for entity in article.entities:
        code = parts.get(entity.id)
        if code is not None and entity.code is None:
            entity.code = code.full or cameo_code(entity.country, entity.sector, code.org_code)
    return article


#: Sectors of a state's own institutions: an official of one needs a country, and in a story
#: about one country only ("President Yoweri Museveni banned Ugandan opposition candidates") it
#: is that one.
STATE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG", "COP"})


def _home_country(article: Article) -> None:
    """Give state officials without a country the article's only country, if it has just one."""
    in_play = {e.country for e in article.entities if e.country}
    if len(in_play) != 1:
        return
    (country,) = in_play
    for entity in article.entities:
        if entity.type in ACTOR_TYPES and not entity.country and entity.sector in STATE_SECTORS:
            entity.country = country


@register("newsgraph.actors.v1", requires=["entities"], assigns=["entities"], languages=["en"])
class ActorsStage(KBStage):
    """Code PERSON and ORG entities with country, sector and title."""

    def annotate(self, article: Article, kb: KnowledgeBase) -> Article:
        return code_actors(article, kb)
