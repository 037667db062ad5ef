"""The knowledge base's rows and id map, packed for the disk cache.

With the towns of 1,000+ the cache holds some 175,000 rows; unpickled as tuples of a dozen fields
they are two million small objects, and loading took twice the one second a command may spend
on it. Packed, a row is one string (its fields tagged by type) and is unpacked only when a
lookup hits it; the id map is two columns. A row holding anything but strings, numbers and None
stays a tuple, so a new kind of field never breaks the cache, it is only not packed.
"""

from __future__ import annotations

from array import array
from typing import Any

FIELD = "\x1e"  # between fields; aliases inside a field are joined by base.SEP ("\x1f")
_TAG = {str: "s", int: "i", float: "f"}
_READ = {"s": str, "i": int, "f": float}


def pack(row: tuple) -> str | tuple:
    """One string for a row of str/int/float/None fields; the row itself otherwise."""
    parts = []
    for value in row:
        if value is None:
            parts.append("n")
            continue
        tag = _TAG.get(type(value))
        if tag is None or (tag == "s" and FIELD in value):
            return row
        parts.append(tag + (repr(value) if tag == "f" else str(value)))
    return FIELD.join(parts)


def unpack(packed: str | tuple) -> tuple:
    if not isinstance(packed, str):
        return packed
    return tuple(None if p == "n" else _READ[p[0]](p[1:]) for p in packed.split(FIELD))


class PackedRows(list):
    """A list of rows that hands out tuples whether a row is stored packed or not."""

    def __getitem__(self, pos: Any) -> Any:
        item = super().__getitem__(pos)
        return [unpack(r) for r in item] if isinstance(pos, slice) else unpack(item)

    def __iter__(self):
        return (unpack(r) for r in super().__iter__())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, list) and list(self) == list(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]  # a list, mutable


def pack_ids(ids: dict[str, int]) -> tuple[str, array]:
    return "\n".join(ids), array("l", ids.values())


def unpack_ids(packed: tuple[str, array]) -> dict[str, int]:
    keys, values = packed
    return dict(zip(keys.split("\n"), values, strict=True)) if keys else {}
