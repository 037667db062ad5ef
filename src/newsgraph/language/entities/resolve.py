"""Within-article entity resolution: one Entity per real-world referent of an article.

An article names the same person, organisation or place many ways: in full once, then by surname
("Vucic"), by office ("the Secretary General"), with or without diacritics, possessive, as an
acronym or its long form, or by a social handle. Mentions are clustered in this order:

1. identical comparison keys (transliterated, case-folded, possessive and leading "the" dropped);
2. people: a shorter name whose tokens end a longer name of exactly one person ("Rutte");
3. organisations and places: acronym = initials of a long form, or the same knowledge-base entry
   (the KB knows that "Nato" is the North Atlantic Treaty Organization, "Bosnia" is BIH);
   organisations also by the name without its legal form or company word ("Apple Inc." = "Apple
   Computer" = "Apple"), when exactly one cluster matches;
4. titles: "the president" joins the one person who holds that title in the article (if two
   people are presidents, it joins neither);
5. handles: an embedded post's author and handle are one person (the page states it).

Longer mentions are placed first, so full names found the clusters that surnames then join.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...article import Embed, Entity, Mention
from ...ids import content_id
from ...knowledge.normalize import mention_key
from ...labels import PLACE_LABELS
from ..wordlists import words
from .rules import TITLE_WORDS, Found

#: Words left out of a name's initials ("Office of the High Representative" → "ohr").
_INITIAL_SKIP = words("initial_skip_words")
#: Last words a company's name may carry or drop ("Inc.", "Computer").
_FIRM_SUFFIXES = words("firm_suffixes")


def label_class(label: str) -> str:
    return "PLACE" if label in PLACE_LABELS else label


@dataclass
class _Cluster:
    label: str
    keys: set[str] = field(default_factory=set)
    surfaces: list[str] = field(default_factory=list)
    labels: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)
    extra_aliases: list[str] = field(default_factory=list)
    kb_id: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def cls(self) -> str:
        return label_class(self.label)

    def add(self, mention: Mention, found: Found | None, kb_id: str | None) -> None:
        self.keys.add(mention_key(mention.text))
        self.surfaces.append(mention.text)
        self.labels[mention.label] += 1
        self.mentions.append(mention)
        self.kb_id = self.kb_id or kb_id
        if found is not None and found.title:
            self.titles[found.title] += 1
        if found is not None and found.title_text:
            self.extra_aliases += [found.title_text, f"{found.title_text} {mention.text}"]


def firm_stem(key: str) -> str:
    """A company's name key without its trailing legal form and company words ("apple inc" → "apple",
    "ford motor company" → "ford"); a name made only of such words is kept whole."""
    parts = key.split()
    while len(parts) > 1 and parts[-1] in _FIRM_SUFFIXES:
        parts.pop()
    return " ".join(parts)


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _INITIAL_SKIP)


class Resolver:
    """Cluster one article's mentions; ``kb`` is the knowledge base or None."""

    def __init__(self, article_id: str, kb: Any = None) -> None:
        self.article_id = article_id
        self.kb = kb
        self.clusters: list[_Cluster] = []
        self._kb_cache: dict[tuple[str, str], str | None] = {}
        # the clusters by what _match compares, per class, so that placing a mention never scans
        # every cluster (which made a long article's cost quadratic): by key, by knowledge-base id
        # (the earliest cluster), by a key's last word (people) and by the initials of a long key
        self._rank: dict[int, int] = {}
        self._by_key: dict[tuple[str, str], _Cluster] = {}
        self._by_kb: dict[tuple[str, str], _Cluster] = {}
        self._by_last: dict[tuple[str, str], list[_Cluster]] = {}
        self._by_initials: dict[tuple[str, str], list[_Cluster]] = {}
        self._by_stem: dict[tuple[str, str], list[_Cluster]] = {}  # organisations by firm_stem

    def kb_id(self, text: str, label: str) -> str | None:
        """The KB entry id for a name of this type, or None."""
        cls = label_class(label)
        key = (text, cls)
        if key not in self._kb_cache:
            entry_id = None
            if self.kb is not None and cls in {"ORG", "PLACE", "NORP", "PERSON"}:
                for entry in self.kb.lookup(text)[:3]:
                    if label_class(entry.type) == cls:
                        entry_id = entry.id
                        break
            self._kb_cache[key] = entry_id
        return self._kb_cache[key]

    def add_all(self, items: Sequence[tuple[Mention, Found]]) -> None:
        order = sorted(range(len(items)), key=lambda i: -len(mention_key(items[i][0].text).split()))
        for i in order:
            mention, found = items[i]
            kb_id = self.kb_id(mention.text, mention.label)
            cluster = self._match(mention, kb_id)
            if cluster is None:
                cluster = self._new(_Cluster(mention.label))
            cluster.add(mention, found, kb_id)
            self._index(cluster, mention_key(mention.text))

    def _new(self, cluster: _Cluster) -> _Cluster:
        self._rank[id(cluster)] = len(self.clusters)
        self.clusters.append(cluster)
        return cluster

    def _index(self, cluster: _Cluster, key: str) -> None:
        cls = cluster.cls
        self._by_key.setdefault((cls, key), cluster)
        if cluster.kb_id is not None:
            first = self._by_kb.setdefault((cls, cluster.kb_id), cluster)
            if self._rank[id(cluster)] < self._rank[id(first)]:
                self._by_kb[(cls, cluster.kb_id)] = cluster
        if key.split():
            self._by_last.setdefault((cls, key.split()[-1]), []).append(cluster)
        if " " in key:
            self._by_initials.setdefault((cls, initials(key)), []).append(cluster)
        if cls == "ORG":
            self._by_stem.setdefault((cls, firm_stem(key)), []).append(cluster)

    def _match(self, mention: Mention, kb_id: str | None) -> _Cluster | None:
        key, cls = mention_key(mention.text), label_class(mention.label)
        exact = self._by_key.get((cls, key))
        if exact is not None:
            return exact
        if kb_id is not None and (cls, kb_id) in self._by_kb:
            return self._by_kb[(cls, kb_id)]
        if cls == "PERSON":
            last = key.split()[-1:]
            near = self._by_last.get((cls, last[0]), []) if last else []
            return _unique(c for c in near if any(_ends_name(key, k) for k in c.keys))
        if cls in {"ORG", "PLACE"} and " " not in key and len(key) >= 2:
            found = _unique(self._by_initials.get((cls, key), []))
            if found is not None:
                return found
        if cls == "ORG":
            found = _unique(self._by_stem.get((cls, firm_stem(key)), []))
            if found is not None:
                return found
        if cls in {"ORG", "PLACE"} and " " in key:
            return self._by_key.get((cls, initials(key)))
        return None

    def link_titles(self, zones: dict[str, str], taken: dict[str, list[tuple[int, int]]]) -> None:
        """"the president" → the one person of the article holding that title."""
        holders: dict[str, list[_Cluster]] = {}
        for c in self.clusters:
            if c.cls == "PERSON":
                for title in c.titles:
                    holders.setdefault(title.lower(), []).append(c)
        unique = {t: cs[0] for t, cs in holders.items() if len(cs) == 1}
        if not unique:
            return
        words = "|".join(re.escape(w) for w in sorted(TITLE_WORDS, key=len, reverse=True))
        pattern = re.compile(rf"\b[Tt]he ((?:(?:{words})\b\s?)+)", re.IGNORECASE)
        for zone, text in zones.items():
            for m in pattern.finditer(text):
                title = m.group(1).strip().lower()
                cluster = unique.get(title)
                end = m.start(1) + len(m.group(1).rstrip())
                if cluster is None or _overlaps(taken.get(zone, []), m.start(), end):
                    continue
                if re.match(r"\s+(?:of\s+)?[A-Z]", text[end:]):  # "the president of X" names another office
                    continue
                surface = text[m.start() : end]
                cluster.mentions.append(Mention(m.start(), end, surface, "PERSON", zone=zone))
                cluster.extra_aliases.append(surface)

    def link_handles(self, embeds: Sequence[Embed]) -> None:
        """An embedded post's author and handle name one account holder: merge them."""
        for embed in embeds:
            if not embed.author or not embed.handle:
                continue
            key = mention_key(embed.author)
            owner = next((c for c in self.clusters if key in c.keys), None)
            if owner is None:
                owner = _unique(c for c in self.clusters if c.cls == "PERSON"
                                and any(_ends_name(key, k) or _ends_name(k, key) for k in c.keys))
            if owner is None:
                owner = self._account_holder(embed.author)
            if owner is not None:
                owner.extra_aliases += [embed.author, embed.handle]

    def _account_holder(self, author: str) -> _Cluster | None:
        """An entity for a post's author the article never names in its text (no mentions)."""
        kb_id = self.kb_id(author, "ORG")
        words = author.split()
        if kb_id is None and not (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)):
            return None  # a nickname or slogan: the page does not say who holds the account
        cluster = self._new(_Cluster("ORG" if kb_id else "PERSON", kb_id=kb_id))
        cluster.keys.add(mention_key(author))
        cluster.surfaces.append(author)
        cluster.labels[cluster.label] += 1
        self._index(cluster, mention_key(author))
        return cluster

    def entities(self) -> list[Entity]:
        out = []
        for c in self.clusters:
            label = c.labels.most_common(1)[0][0] if c.labels else c.label
            name = canonical_name(c.surfaces)
            entity_id = entity_hash(self.article_id, name, label)
            aliases = [a for a in _unique_list(c.surfaces + c.extra_aliases) if a != name]
            kb = {"newsgraph": c.kb_id} if c.kb_id else {}
            entry = self.kb.get(c.kb_id) if (self.kb is not None and c.kb_id) else None
            if entry is not None and entry.wikidata:
                kb["wikidata"] = entry.wikidata
            if entry is not None and entry.geonames:
                kb["geonames"] = str(entry.geonames)
            title = c.titles.most_common(1)[0][0] if c.titles else None
            for m in c.mentions:
                m.entity_id = entity_id
            out.append(Entity(entity_id, name, label, aliases, kb, title=title, mentions=len(c.mentions)))
        return out


def _ends_name(short: str, long: str) -> bool:
    """``short`` is a shorter form of the person name ``long`` ending in the same surname."""
    s, ln = short.split(), long.split()
    if not s or len(s) >= len(ln) or s[-1] != ln[-1]:
        return False
    it = iter(ln)
    return all(any(w == x for x in it) for w in s)


def _unique(clusters: Iterable[_Cluster]) -> _Cluster | None:
    """The one candidate, or None when there is none or the choice is ambiguous."""
    found: dict[int, _Cluster] = {}
    for c in clusters:
        found[id(c)] = c
    return next(iter(found.values())) if len(found) == 1 else None


def canonical_name(surfaces: Sequence[str]) -> str:
    """The longest proper form, preferring the one written with diacritics, then the most used."""
    counts = Counter(s.strip() for s in surfaces)

    def score(s: str) -> tuple:
        return (len(mention_key(s).split()), s != s.encode("ascii", "ignore").decode(), len(s), counts[s], s)

    return max(counts, key=score)


def entity_hash(article_id: str, name: str, label: str) -> str:
    return content_id(article_id, name, label, prefix="e", length=15, algorithm="sha1")


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _unique_list(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))


def entity_by_alias(entities: Iterable[Entity], surface: str, types: Iterable[str] | None = None) -> str | None:
    """The id of the article entity whose name or an alias is ``surface`` (case-insensitive),
    optionally of one of ``types``: a name the model missed in one place but resolved elsewhere."""
    return Aliases(entities).find(surface, types)


class Aliases:
    """:func:`entity_by_alias` over one set of entities asked many times: a dict of their names
    instead of a scan of every entity per question (which made a long article's cost quadratic)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._named: dict[str, list[Entity]] = {}  # lower-cased name or alias → entities, in order
        for ent in entities:
            for name in dict.fromkeys([ent.name.lower(), *(a.lower() for a in ent.aliases)]):
                self._named.setdefault(name, []).append(ent)

    def find(self, surface: str, types: Iterable[str] | None = None) -> str | None:
        wanted = set(types) if types is not None else None
        return next((e.id for e in self._named.get(surface.strip().lower(), ())
                     if wanted is None or e.type in wanted), None)
