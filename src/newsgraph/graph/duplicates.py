"""Near-duplicates: syndicated wire copies and re-published pages, found with MinHash and LSH.

An article's body is normalised (case-folded, words only: copies share their script, so nothing
is transliterated) and cut into 5-word
shingles; a 128-permutation MinHash signature estimates the Jaccard similarity of two shingle
sets. Locality-sensitive hashing over 16 bands of 8 rows makes a pair a candidate with
probability 0.95 at Jaccard 0.8 and 0.06 at 0.5, so a new article is compared with a handful of
candidates, never with every stored article. A candidate counts as a near-duplicate when the
estimated Jaccard is at least :data:`THRESHOLD` (0.8): wire copies that differ only in a byline,
a dateline or a closing line stay above it; two reports of the same event in their own words fall
far below it.

A group is the set of articles that joined one another; each new article joins the group of its
most similar candidate (no chaining of groups through one bridging article). The group's
representative is its earliest published member (first inserted on a tie). The implementation is
our own (numpy only) because datasketch needs scipy, which this project does not otherwise use.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..article import Article
from ..ids import content_id

THRESHOLD = 0.8
NUM_PERM = 128
BANDS, ROWS = 16, 8
SHINGLE = 5

_WORD = re.compile(r"\w+")
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64(0xFFFFFFFF)
# fixed seeds: signatures must be the same in every process and every run
_RNG = np.random.default_rng(20_261_128)
_A = _RNG.integers(1, 1 << 32, size=NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 32, size=NUM_PERM, dtype=np.uint64)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a body (uint32 × NUM_PERM), None for an empty body."""
    grams = shingles(text)
    if not grams:
        return None
    hashed = np.fromiter(
        (zlib.crc32(g.encode("utf-8", "surrogatepass")) for g in grams),
        dtype=np.uint64, count=len(grams))
    # (a·x + b) mod p: a, x < 2³² so a·x stays inside 64 bits
    values = ((np.outer(hashed, _A) + _B) % _PRIME) & _MASK
    return values.min(axis=0).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@dataclass
class DuplicateGroup:
    id: str
    members: list[str] = field(default_factory=list)
    representative: str = ""
    similarity: dict[str, float] = field(default_factory=dict)  # member → similarity to the one it joined

    def to_row(self) -> dict[str, Any]:
        return {"id": self.id, "representative_id": self.representative, "size": len(self.members),
                "members": [{"article_id": a, "similarity": self.similarity.get(a)} for a in self.members]}


class DuplicateIndex:
    """Incremental near-duplicate detection: :meth:`add` an article, get its group."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.signatures: dict[str, np.ndarray] = {}
        self.group_of: dict[str, str] = {}  # article id → group id (only articles with a copy)
        self.groups: dict[str, DuplicateGroup] = {}
        self._buckets: dict[tuple[int, bytes], list[str]] = {}
        self._published: dict[str, str] = {}

    def candidates(self, sig: np.ndarray) -> set[str]:
        found: set[str] = set()
        for band, key in enumerate(_bands(sig)):
            found.update(self._buckets.get((band, key), ()))
        return found

    def query(self, article: Article) -> list[tuple[str, float]]:
        """Stored articles that are near-duplicates of ``article``, most similar first."""
        sig = signature(article.text)
        return [] if sig is None else self._matches(sig, article.id)

    def _matches(self, sig: np.ndarray, aid: str) -> list[tuple[str, float]]:
        scored = [(other, similarity(sig, self.signatures[other])) for other in self.candidates(sig) if other != aid]
        return sorted((p for p in scored if p[1] >= self.threshold), key=lambda p: (-p[1], p[0]))

    def add(self, article: Article) -> str | None:
        """Index one article; return its group id when it has a near-duplicate, else None.
        Adding an article twice changes nothing."""
        if article.id in self.signatures:
            return self.group_of.get(article.id)
        sig = signature(article.text)
        if sig is None:
            return None
        matches = self._matches(sig, article.id)
        self._insert(article.id, sig, article.published or "")
        if not matches:
            return None
        best, score = matches[0]
        group = self.groups.get(self.group_of.get(best, ""))
        if group is None:
            group = DuplicateGroup(_group_id(best), [best], best)
            self.groups[group.id] = group
            self.group_of[best] = group.id
        group.members.append(article.id)
        group.similarity[article.id] = round(score, 4)
        self.group_of[article.id] = group.id
        group.representative = min(group.members, key=lambda m: (self._published.get(m) or "~",
                                                                  group.members.index(m)))
        return group.id

    def _insert(self, aid: str, sig: np.ndarray, published: str) -> None:
        self.signatures[aid] = sig
        self._published[aid] = published
        for band, key in enumerate(_bands(sig)):
            self._buckets.setdefault((band, key), []).append(aid)

    def group_key(self, article_id: str) -> str:
        """The id copies share: the first article of the group, so a copy indexed before its twin
        arrived already carries the key the twin will get; the article's own id when it has no copy."""
        group = self.groups.get(self.group_of.get(article_id, ""))
        return group.members[0] if group else article_id

    # -- persistence -----------------------------------------------------------------------------
    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """``signatures`` (article_id, published, signature hex) and ``groups`` with members."""
        return {
            "signatures": [{"article_id": a, "published": self._published.get(a) or None,
                            "signature": s.astype("<u4").tobytes().hex()} for a, s in self.signatures.items()],
            "groups": [g.to_row() for g in self.groups.values()],
        }

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict[str, Any]]], threshold: float = THRESHOLD) -> DuplicateIndex:
        index = cls(threshold)
        for row in rows.get("signatures", []):
            sig = np.frombuffer(bytes.fromhex(row["signature"]), dtype="<u4").astype(np.uint32)
            index._insert(row["article_id"], sig, row.get("published") or "")
        for row in rows.get("groups", []):
            members = [m["article_id"] for m in row["members"]]
            group = DuplicateGroup(row["id"], members, row["representative_id"],
                                   {m["article_id"]: m["similarity"] for m in row["members"] if m.get("similarity") is not None})
            index.groups[group.id] = group
            for member in members:
                index.group_of[member] = group.id
        return index


def _bands(sig: np.ndarray) -> list[bytes]:
    return [sig[i * ROWS:(i + 1) * ROWS].tobytes() for i in range(BANDS)]


def _group_id(first: str) -> str:
    return content_id(first, prefix="d", length=15)
