"""Quality and speed on real data: ``python -m benchmarks NAME --data PATH [--json]``.

Each benchmark measures newsgraph and its best installed peer in the same run and prints a table,
or with ``--json`` exactly one object:
``{"benchmark": NAME, "data": PATH, "n": ITEMS, "systems": {"newsgraph": {...}, PEER: {...}}}``.
"""
