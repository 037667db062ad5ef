"""Where documents come from: files, directories, gzip, JSON/JSONL, WARC/ARC, feeds, sitemaps,
standard input and URLs. ``read(inputs)`` yields a RawDocument per document, or an InputError for
an input (or one record of it) that cannot be read, and goes on with the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .base import RawDocument, SourceItem

if TYPE_CHECKING:
    import httpx

__all__ = ["RawDocument", "SourceItem", "read"]


def read(inputs: Iterable[str | os.PathLike], *, client: httpx.Client | None = None) -> Iterator[SourceItem]:
    """Yield every document found in ``inputs`` ("-" is standard input; http(s) URLs are fetched,
    with ``client`` when given, e.g. one built on ``httpx.MockTransport`` for offline tests)."""
    from .dispatch import read_inputs

    yield from read_inputs(inputs, client=client)
