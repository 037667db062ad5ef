"""Dispatch ``python -m benchmarks NAME ...`` to ``benchmarks/NAME.py``'s ``main(argv)``."""

from __future__ import annotations

import importlib
import sys

NAMES = ("extraction", "dates", "metadata", "pages", "ner", "geo", "quotes", "events", "throughput",
         "query", "synth", "web", "spark", "crawl", "scaling")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in NAMES:
        print(f"usage: python -m benchmarks {{{','.join(NAMES)}}} --data PATH [--json]", file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    try:
        module = importlib.import_module(f"benchmarks.{argv[0]}")
    except ModuleNotFoundError as exc:
        if exc.name == f"benchmarks.{argv[0]}":
            print(f"benchmark {argv[0]!r} is not written yet", file=sys.stderr)
            return 2
        raise
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
