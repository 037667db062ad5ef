"""The in-memory knowledge base: compact rows plus a normalised-name index, with lookups that
turn rows into ``KBEntry`` objects only for the hits (building 100k dataclasses on every start
would cost more than loading the whole cache)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..labels import KB_PLACE_TYPES
from . import KBEntry
from .actors import encode_roles, parse_roles
from .normalize import is_acronym, normalize
from .packed import PackedRows, pack, pack_ids, unpack_ids

Row = tuple  # the KBEntry fields in declaration order, aliases joined by SEP into one string
ROW_LEN = 14  # every stored row has all fields; a shorter one given to add() is padded (roles None)
# Roles are stored as one "CODE,from,until;…" string per row and parsed only for the hits, like
# the aliases: 25,000 people's roles as tuples would add ~300,000 objects to every cache load.
SEP = "\x1f"  # one string per row instead of one per alias: far fewer objects to unpickle

# Match kinds stored in the index beside each row number.
NAME, ALIAS, ACRONYM = 0, 1, 2
# Curated entries outrank GeoNames: "NATO" is the alliance before Nato in the Philippines, and
# "America" the United States before América in Argentina. rigour's sub-national divisions
# ("adm1:") rank with GeoNames by population, so "Bern" is the capital before the canton.
# Dictionary actors come last: "May", "Brown" or "Bush" are words and towns before they are people
# (a query typed PERSON only sees people anyway).
_PRIORITY = {"user": 0, "country": 1, "territory": 2, "historical": 2, "org": 2, "norp": 2, "media": 3,
             "region": 3, "actor": 5}


def to_entry(row: Row) -> KBEntry:
    return KBEntry(row[0], row[1], row[2], row[3].split(SEP) if row[3] else [], *row[4:13],
                   list(parse_roles(row[13])) if row[13] else [])



@dataclass
class Tables:
    """Rows and their indexes; what the disk cache holds."""

    rows: list[Row] = field(default_factory=list)
    # normalised name → row*4 + kind, an int for one hit and a tuple for several once frozen
    # (lists while building): most names have one hit, and ints unpickle fastest
    index: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # "SRB", "RS", "688" → country row

    def add(self, row: Row) -> int:
        """Append a row (aliases as a tuple or list) and index its name and aliases; a later row
        with the same id replaces the earlier one in ``ids``."""
        pos = len(self.rows)
        names = (row[1], *row[3])
        row = (*row[:3], SEP.join(row[3]), *row[4:], *(None,) * (ROW_LEN - len(row)))
        if row[13] is not None and not isinstance(row[13], str):
            row = (*row[:13], encode_roles(row[13]) or None)
        self.rows.append(row)
        self.ids[row[0]] = pos
        if row[7] is not None:
            # Gold data and other gazetteers cite GeoNames ids: "geonames:298795" must find
            # country:TUR too. A real GeoNames row (added later) takes the key over.
            gid = f"geonames:{row[7]}"
            if row[0] == gid or gid not in self.ids:
                self.ids[gid] = pos
        kinds: dict[str, int] = {}
        for i, name in enumerate(names):
            key = normalize(name)
            if key:
                kind = NAME if i == 0 else (ACRONYM if is_acronym(name) else ALIAS)
                # "NATO" and "Nato" share a key: the written-out form makes it usable in any case.
                kinds[key] = min(kind, kinds.get(key, ACRONYM))
        for key, kind in kinds.items():
            hits = self.index.setdefault(key, [])
            if not isinstance(hits, list):  # adding after freeze(): thaw this key
                hits = self.index[key] = [hits] if isinstance(hits, int) else list(hits)
            hits.append(pos * 4 + kind)
        return pos

    def __getstate__(self) -> dict[str, Any]:
        """Rows and ids packed (:mod:`.packed`): the cache then loads in a fraction of the time."""
        state = dict(self.__dict__)
        state["rows"] = [r if isinstance(r, str) else pack(r) for r in list.__iter__(self.rows)]
        if not any("\n" in key for key in self.ids):
            state["ids"] = pack_ids(self.ids)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["rows"] = PackedRows(state["rows"])
        if isinstance(state["ids"], tuple):
            state["ids"] = unpack_ids(state["ids"])
        self.__dict__.update(state)

    def freeze(self) -> Tables:
        """Compact the index for storage: single hits as ints, several as tuples."""
        for key, hits in self.index.items():
            if isinstance(hits, list):
                self.index[key] = hits[0] if len(hits) == 1 else tuple(hits)
        return self


class OfflineKB:
    """Lookups over the built tables, with the user's entries layered on top."""

    #: Names whose ranked hits are remembered. The stages ask for the same names of an article
    #: over and over (each mention, each n-gram of an actor's title, each place candidate), and a
    #: hit's row is unpacked anew on every read; past this many names the memo starts afresh.
    MEMO_SIZE = 50_000

    def __init__(self, tables: Tables, user: Tables | None = None) -> None:
        self._tables = tables
        self._user = user or Tables()
        self._memo: dict[str, tuple[tuple[tuple, Row], ...]] = {}
        self._memo_rows = -1  # the row count the memo was made with: an added row voids it

    def __len__(self) -> int:
        return len(self._tables.rows) + len(self._user.rows)

    def _hits(self, name: str) -> tuple[tuple[tuple, Row], ...]:
        """(rank, row) of every entry ``name`` matches, best first (memoized, see MEMO_SIZE)."""
        rows = len(self._tables.rows) + len(self._user.rows)
        if rows != self._memo_rows or len(self._memo) >= self.MEMO_SIZE:
            self._memo = {}
            self._memo_rows = rows
        hits = self._memo.get(name)
        if hits is None:
            hits = self._memo[name] = self._ranked(name)
        return hits

    def _ranked(self, name: str) -> tuple[tuple[tuple, Row], ...]:
        if name.endswith(("'s", "’s")):  # "NATO's", "Serbia’s": the possessive is not the name
            name = name[:-2]
        key = normalize(name)
        if not key:
            return ()
        lower_query = name == name.lower()
        hits = []
        for tables, is_user in ((self._user, True), (self._tables, False)):
            found = tables.index.get(key, ())
            for code in (found,) if isinstance(found, int) else found:
                row, kind = tables.rows[code >> 2], code & 3
                if kind == ACRONYM and lower_query:
                    continue
                prefix = row[0].split(":", 1)[0]
                rank = (not is_user, _PRIORITY.get(prefix, 4), kind != NAME, -(row[10] or 0))
                hits.append((rank, row))
        hits.sort(key=lambda h: h[0])
        return tuple(hits)

    def lookup(self, name: str, type: str | Iterable[str] | None = None) -> list[KBEntry]:
        """Entries whose name or alias matches ``name`` after normalisation, best first.

        ``type`` keeps only entries of that type (or of any of several types)."""
        types = {type} if isinstance(type, str) else (set(type) if type is not None else None)
        out: list[KBEntry] = []
        seen: set[str] = set()
        for _, row in self._hits(name):
            if row[0] in seen or (types is not None and row[2] not in types):
                continue
            seen.add(row[0])
            out.append(to_entry(row))
        return out

    def places(self, name: str) -> list[KBEntry]:
        """Gazetteer candidates: GPE/LOC entries with coordinates matching ``name``."""
        return [e for e in self.lookup(name, type=KB_PLACE_TYPES) if e.lat is not None]

    def country(self, code_or_name: str) -> KBEntry | None:
        """A country by ISO alpha-3, alpha-2 or numeric code, or by name/alias; None otherwise."""
        text = code_or_name.strip()
        pos = self._tables.codes.get(text.upper()) if text.isalnum() and len(text) <= 3 else None
        if pos is not None:
            return to_entry(self._tables.rows[pos])
        for entry in self.lookup(text, type="GPE"):
            if entry.id.startswith("country:"):
                return entry
        return None

    def get(self, id: str) -> KBEntry | None:
        """An entry by id ("country:SRB", "geonames:2800866", "user:…")."""
        for tables in (self._user, self._tables):
            pos = tables.ids.get(id)
            if pos is not None:
                return to_entry(tables.rows[pos])
        return None

    def entries(self, prefix: str = "") -> Iterable[KBEntry]:
        """Every entry whose id starts with ``prefix`` (user entries first)."""
        for tables in (self._user, self._tables):
            for pos in sorted(set(tables.ids.values())):  # ids also hold geonames:<id> keys
                if tables.rows[pos][0].startswith(prefix):
                    yield to_entry(tables.rows[pos])


_KB: OfflineKB | None = None
_LOCK = threading.Lock()


def get_kb() -> OfflineKB:
    """The process-wide knowledge base, loaded from the disk cache (built there on first use)."""
    global _KB
    if _KB is None:
        with _LOCK:
            if _KB is None:
                from .cache import load_tables
                from .user import load_user_tables

                _KB = OfflineKB(load_tables(), load_user_tables())
    return _KB


def reset_kb() -> None:
    """Forget the loaded knowledge base (after a user import, or when the environment changed)."""
    global _KB
    with _LOCK:
        _KB = None
