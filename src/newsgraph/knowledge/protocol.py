"""What the language layer may ask of a knowledge base.

Stages see a :class:`KnowledgeBase`, never a concrete class: the offline one built from our data
(:class:`.base.OfflineKB`), a user's own, or a small fake in a test all fit as long as they answer
these four questions. ``isinstance(kb, KnowledgeBase)`` checks that the four methods exist, so a
pipeline handed something else says so at setup instead of failing on the first article.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from . import KBEntry


@runtime_checkable
class KnowledgeBase(Protocol):
    def lookup(self, name: str, type: str | Iterable[str] | None = None) -> list[KBEntry]:
        """Entries whose name or alias matches ``name``, best first (``type`` keeps one or several types)."""
        ...

    def places(self, name: str) -> list[KBEntry]:
        """Gazetteer candidates: GPE/LOC entries with coordinates matching ``name``."""
        ...

    def country(self, code_or_name: str) -> KBEntry | None:
        """A country by ISO code or by name."""
        ...

    def get(self, id: str) -> KBEntry | None:
        """An entry by id ("country:SRB", "geonames:2800866")."""
        ...
