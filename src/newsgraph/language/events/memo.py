"""A memo for questions asked about one parse: answers kept for the last Doc only."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def last_doc_memo(key: Callable[[Any], int]) -> Callable[[Callable[[Any], T]], Callable[[Any], T]]:
    """Keep a function's answers about tokens or spans of the last Doc seen, by ``key(item)``
    (a token's index, a sentence's start). A new Doc replaces the (doc, answers) pair whole, so a
    thread never mixes two Docs' answers, and memory holds one Doc's answers at most."""

    def wrap(func: Callable[[Any], T]) -> Callable[[Any], T]:
        state: list[tuple[Any, dict[int, T]]] = [(None, {})]

        @functools.wraps(func)
        def run(item: Any) -> T:
            doc, answers = state[0]
            if doc is not item.doc:
                doc, answers = item.doc, {}
                state[0] = (doc, answers)
            at = key(item)
            if at not in answers:
                answers[at] = func(item)
            return answers[at]

        return run

    return wrap
