"""Cross-article entity merging: every article's entities become canonical graph nodes.

The merge rule, in order (the first that applies decides):

1. **Same identity KB id** (``wikidata``, ``geonames`` or ``newsgraph`` in ``Entity.kb``): one thing,
   whatever it is called. ``org`` and other descriptive keys are never used, because they name an
   affiliation shared by many people.
2. **Same normalised name and type with a compatible country.** Names are compared after
   transliteration, case folding, punctuation folding and dropping a possessive ("Vučić's" =
   "Vucic", "NATO" = "Nato"); every alias of a node is indexed, so "EU" meets "European Union" once
   one article has said they are the same. Countries are compatible when equal or unknown on
   either side; a node that already holds a different id in the same KB scheme never takes the
   entity (two people called "John Smith" with different Wikidata ids stay apart).
3. **A person's surname alone** ("Vucic") joins the full-name node whose last name it is, only when
   exactly one such full-name person node exists. When the full name arrives after the surname
   node was made, the surname node is merged into it under the same condition.

The rule is :func:`choose_node` and :func:`absorbs`, written once over a :class:`NodeLookup`:
the in-memory :class:`EntityIndex` answers the lookups from dictionaries, the store's writer from
its tables, so the store persists exactly the nodes the graph decides.

Node ids are stable hashes of the key that created the node, so re-running over the same articles
in the same order gives the same ids. The index is incremental: feed it articles in batches
(:meth:`EntityIndex.add_article`), persist it with :meth:`EntityIndex.rows` and rebuild it with
:meth:`EntityIndex.from_rows`. Lookups are dictionary hits, so one article costs O(its entities),
never O(nodes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..article import Article, Entity
from ..ids import content_id
from ..knowledge.normalize import name_key

#: KB keys that name the entity itself (the store's writer uses them too). Others describe it
#: (``org`` is a person's organisation, shared by everyone who works there) and never merge two.
IDENTITY_KEYS = ("wikidata", "geonames", "newsgraph")

_PERSON = "PERSON"


def node_id(kind: str, *parts: str) -> str:
    """A node's id: the hash of the key that created it; the store's writer names
    ``graph_entities.id`` with it too, so both agree on the nodes they both make."""
    return content_id(kind, *parts)


@dataclass(frozen=True)
class Candidate:
    """What the merge rule needs to know of an existing node."""

    id: str
    name: str
    country: str | None
    kb: Mapping[str, str]  # identity ids only (IDENTITY_KEYS)


class NodeLookup(Protocol):
    """Where the merge rule finds existing nodes (the graph's indexes, or the store's tables)."""

    def by_kb(self, key: tuple[str, str]) -> str | None:
        """The node holding this identity id."""

    def by_name(self, type: str, norm: str) -> list[Candidate]:
        """Nodes of ``type`` one of whose names or aliases has the key ``norm``, oldest first."""

    def by_surname(self, surname: str) -> list[Candidate]:
        """Full-name PERSON nodes whose last name is ``surname``."""


def identity(e: Entity) -> list[tuple[str, str]]:
    """The entity's identity KB ids, in :data:`IDENTITY_KEYS` order."""
    return [(scheme, str(e.kb[scheme])) for scheme in IDENTITY_KEYS if e.kb.get(scheme)]


def _compatible(country: str | None, other: str | None) -> bool:
    return not country or not other or country == other


def choose_node(e: Entity, lookup: NodeLookup) -> str:
    """The node ``e`` belongs to: an existing one by the rule of this module, else the id of a new
    node (the hash of its KB id, or of its type, name key and country)."""
    ids = identity(e)
    norm = name_key(e.name)
    for key in ids:
        found = lookup.by_kb(key)
        if found is not None:
            return found
    for node in lookup.by_name(e.type, norm):
        if _compatible(e.country, node.country) and all(node.kb.get(s, v) == v for s, v in ids):
            return node.id
    if e.type == _PERSON and len(norm.split()) == 1 and not ids:
        fits = {n.id for n in lookup.by_surname(norm) if _compatible(e.country, n.country)}
        if len(fits) == 1:
            return fits.pop()
    return node_id("kb", *ids[0]) if ids else node_id("name", e.type, norm, e.country or "")


def surname_of(e: Entity) -> str | None:
    """The last name under which a full-name PERSON entity is indexed, else None."""
    parts = name_key(e.name).split()
    return parts[-1] if e.type == _PERSON and len(parts) > 1 else None


def absorbs(holder: Candidate, alone: Candidate) -> bool:
    """Whether the one full-name node of a surname takes a node made earlier from that surname
    alone (no KB id, a one-word name, a compatible country)."""
    return alone.id != holder.id and not alone.kb and _tokens(alone.name) == 1 and _compatible(
        alone.country, holder.country)


@dataclass
class Node:
    """One canonical entity across articles."""

    id: str
    type: str
    name: str = ""
    country: str | None = None
    sector: str | None = None
    kb: dict[str, str] = field(default_factory=dict)
    aliases: Counter = field(default_factory=Counter)  # surface form → articles that used it
    article_count: int = 0
    mention_count: int = 0
    lat: float | None = None
    lon: float | None = None

    def absorb(self, e: Entity) -> None:
        """Fill the node's blanks from one more entity (first value wins: stable over re-runs)."""
        self.country = self.country or e.country
        self.sector = self.sector or e.sector
        for scheme, value in e.kb.items():
            self.kb.setdefault(scheme, value)
        if self.lat is None and e.lat is not None:
            self.lat, self.lon = e.lat, e.lon

    def refresh_name(self) -> None:
        """The canonical name: the most used surface form that reads as a name, a full name
        before a bare surname. A form with a symbol in it is not a name even when it is the
        most used: "US$" (from "US$7.2 bn") is linked to the same KB entry as "American", and
        naming the node after it put "US$" in the GraphML where "American" belongs."""
        if self.aliases:
            self.name = max(self.aliases, key=lambda a: (_name_like(a), _tokens(a) > 1 or self.type != _PERSON,
                                                          self.aliases[a], len(a), a))

    def to_row(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "sector": self.sector, "kb": dict(self.kb), "aliases": dict(self.aliases),
                "article_count": self.article_count, "mention_count": self.mention_count,
                "lat": self.lat, "lon": self.lon}


@dataclass
class BatchResult:
    """What one :meth:`EntityIndex.add_articles` call changed, for a store to write."""

    mapping: dict[tuple[str, str], str] = field(default_factory=dict)  # (article id, entity id) → node
    merged: dict[str, str] = field(default_factory=dict)  # node id absorbed → node id kept
    touched: set[str] = field(default_factory=set)  # node ids whose row changed


def _name_like(form: str) -> bool:
    """Letters, digits, spaces and the marks names are written with ("O'Neill", "Jean-Luc", "U.S.")."""
    return all(ch.isalnum() or ch in " '’.-&" for ch in form)


def _tokens(name: str) -> int:
    return len(name_key(name).split())


class EntityIndex:
    """Canonical nodes, their indexes and the (article, entity) → node mapping."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.mapping: dict[tuple[str, str], str] = {}
        self._redirect: dict[str, str] = {}
        self._kb: dict[tuple[str, str], str] = {}
        self._names: dict[tuple[str, str], list[str]] = {}
        self._surnames: dict[str, set[str]] = {}  # last name → full-name PERSON nodes
        self._articles: set[str] = set()

    # -- feeding ---------------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> BatchResult:
        result = BatchResult()
        for article in articles:
            self.add_article(article, result)
        return result

    def add_article(self, article: Article, result: BatchResult | None = None) -> dict[str, str]:
        """Merge one article's entities; return {entity id: node id}. An article already
        added changes nothing (re-ingest is idempotent)."""
        result = result if result is not None else BatchResult()
        if article.id in self._articles:
            return {e.id: self.resolve(self.mapping[(article.id, e.id)]) for e in article.entities
                    if (article.id, e.id) in self.mapping}
        self._articles.add(article.id)
        local: dict[str, str] = {}
        counted: set[str] = set()
        for entity in article.entities:
            nid = self._place(entity, result)
            local[entity.id] = nid
            node = self.nodes[nid]
            node.mention_count += entity.mentions
            if nid not in counted:  # one article counts once per node
                counted.add(nid)
                node.article_count += 1
                for alias in {entity.name, *entity.aliases}:
                    node.aliases[alias] += 1
            node.refresh_name()
            result.touched.add(nid)
        # a surname node met earlier in this same article may have just merged into its full name
        for nid, times in Counter(self.resolve(n) for n in counted).items():
            self.nodes[nid].article_count -= times - 1
        for eid, nid in local.items():
            self.mapping[(article.id, eid)] = nid
            result.mapping[(article.id, eid)] = nid
        return {eid: self.resolve(nid) for eid, nid in local.items()}

    def resolve(self, nid: str) -> str:
        """The live node an id now stands for (follows merges)."""
        while nid in self._redirect:
            nid = self._redirect[nid]
        return nid

    def node_of(self, article_id: str, entity_id: str | None) -> str | None:
        nid = self.mapping.get((article_id, entity_id or ""))
        return self.resolve(nid) if nid else None

    # -- the merge rule --------------------------------------------------------------------------
    def _place(self, e: Entity, result: BatchResult) -> str:
        nid = self.resolve(choose_node(e, self))
        if nid not in self.nodes:
            self.nodes[nid] = Node(nid, e.type, e.name)
        node = self.nodes[nid]
        node.absorb(e)
        for key in identity(e):
            self._kb.setdefault(key, nid)
        for alias in {e.name, *e.aliases}:
            self._index_name(node, name_key(alias))
        surname = surname_of(e)
        if surname:
            self._index_surname(node, surname, result)
        return nid

    # -- the lookups of the merge rule (NodeLookup) ----------------------------------------------
    def _candidate(self, nid: str) -> Candidate:
        node = self.nodes[self.resolve(nid)]
        return Candidate(node.id, node.name, node.country, {k: v for k, v in node.kb.items() if k in IDENTITY_KEYS})

    def by_kb(self, key: tuple[str, str]) -> str | None:
        return self.resolve(self._kb[key]) if key in self._kb else None

    def by_name(self, type: str, norm: str) -> list[Candidate]:
        return [self._candidate(n) for n in dict.fromkeys(self.resolve(n) for n in self._names.get((type, norm), ()))]

    def by_surname(self, surname: str) -> list[Candidate]:
        return [self._candidate(n) for n in sorted({self.resolve(n) for n in self._surnames.get(surname, ())})]

    def _index_name(self, node: Node, norm: str) -> None:
        bucket = self._names.setdefault((node.type, norm), [])
        if node.id not in bucket:
            bucket.append(node.id)

    def _index_surname(self, node: Node, surname: str, result: BatchResult) -> None:
        holders = self._surnames.setdefault(surname, set())
        if node.id in holders:
            return
        holders.add(node.id)
        if len({self.resolve(n) for n in holders}) != 1:
            return
        # the first full name with this surname: an earlier surname-only node now belongs to it
        holder = self._candidate(node.id)
        for alone in self.by_name(_PERSON, surname):
            if absorbs(holder, alone):
                self._merge(self.nodes[alone.id], node, result)

    def _merge(self, gone: Node, kept: Node, result: BatchResult) -> None:
        kept.aliases.update(gone.aliases)
        kept.article_count += gone.article_count  # an article holding both is corrected by add_article
        kept.mention_count += gone.mention_count
        kept.country = kept.country or gone.country
        kept.sector = kept.sector or gone.sector
        kept.refresh_name()
        self._redirect[gone.id] = kept.id
        del self.nodes[gone.id]
        for alias in gone.aliases:  # the only name keys that can hold the gone node
            key = (gone.type, name_key(alias))
            if gone.id in self._names.get(key, ()):
                self._names[key] = list(dict.fromkeys(kept.id if n == gone.id else n for n in self._names[key]))
        result.merged[gone.id] = kept.id
        result.merged.update({old: kept.id for old, new in result.merged.items() if new == gone.id})
        result.touched.discard(gone.id)
        result.touched.add(kept.id)

    # -- persistence -----------------------------------------------------------------------------
    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """Plain rows: ``nodes``, ``mapping`` (article_id, entity_id, node_id, resolved) and
        ``redirects`` (merged node ids), enough for :meth:`from_rows`."""
        return {
            "nodes": [node.to_row() for node in self.nodes.values()],
            "mapping": [{"article_id": a, "entity_id": e, "node_id": self.resolve(n)}
                        for (a, e), n in self.mapping.items()],
            "redirects": [{"from": old, "to": self.resolve(new)} for old, new in self._redirect.items()],
        }

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict[str, Any]]]) -> EntityIndex:
        index = cls()
        for row in rows.get("nodes", []):
            node = Node(row["id"], row["type"], row["name"], row.get("country"), row.get("sector"),
                        dict(row.get("kb") or {}), Counter(row.get("aliases") or {}),
                        row.get("article_count", 0), row.get("mention_count", 0), row.get("lat"), row.get("lon"))
            index.nodes[node.id] = node
            for scheme in IDENTITY_KEYS:
                if node.kb.get(scheme):
                    index._kb[(scheme, str(node.kb[scheme]))] = node.id
            for alias in node.aliases:
                index._index_name(node, name_key(alias))
            norm = name_key(node.name)
            if node.type == _PERSON and len(norm.split()) > 1:
                index._surnames.setdefault(norm.split()[-1], set()).add(node.id)
        for row in rows.get("redirects", []):
            index._redirect[row["from"]] = row["to"]
        for row in rows.get("mapping", []):
            index.mapping[(row["article_id"], row["entity_id"])] = row["node_id"]
            index._articles.add(row["article_id"])
        return index
