"""The user's own knowledge base: entries imported from CSV or JSONL, kept in the user's KB
directory and layered over the built-in tables (user entries win ties).

Columns: id, name, aliases (``;``-separated in CSV, a list in JSONL), type, country, sector,
wikidata; lat, lon and roles optional. Roles are CAMEO actor codes with the ISO dates they were
held ``from/until`` (either side may be empty): ``SRBGOV 2017-05-31/; SRBGOV 2014-04-27/2017-05-31``
in CSV, the same strings or ``[code, from, until]`` lists in JSONL. Ids are stored as ``user:<id>``. A bad row is reported as an
``InputError`` naming the file and row, with the code of what is wrong with it (E5xx); the good
rows are imported all the same.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..errors import InputError, KnowledgeBaseError
from . import KBEntry
from .base import Tables, reset_kb

TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_QID = re.compile(r"^Q[1-9][0-9]*$")
_CAMEO = re.compile(r"^[A-Z]{3}[A-Z0-9]{0,12}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STORE_NAME = "user-entries.jsonl"


def user_kb_dir() -> Path:
    """``$NEWSGRAPH_KB_DIR``, else ``$NEWSGRAPH_CACHE_DIR/kb`` (tests, sandboxes), else
    ``~/.local/share/newsgraph/kb``: imported entries are user data, not a disposable cache."""
    if os.environ.get("NEWSGRAPH_KB_DIR"):
        return Path(os.environ["NEWSGRAPH_KB_DIR"])
    env = os.environ.get("NEWSGRAPH_CACHE_DIR")
    return Path(env) / "kb" if env else Path.home() / ".local" / "share" / "newsgraph" / "kb"


def _store_path() -> Path:
    return user_kb_dir() / STORE_NAME


def load_user_entries() -> list[KBEntry]:
    """The stored entries. A damaged line (edited by hand, a full disk) is skipped with a warning
    naming it, so one bad line never stops the analysis; re-import the file to repair it."""
    path = _store_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        warnings.warn(f"{path}: user knowledge base unreadable ({exc}); ignored", stacklevel=2)
        return []
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(KBEntry(**json.loads(line)))
        except (json.JSONDecodeError, TypeError) as exc:
            warnings.warn(f"{path} line {number}: damaged user entry skipped ({exc})", stacklevel=2)
    return out


def load_user_tables() -> Tables:
    tables = Tables()
    for e in load_user_entries():
        tables.add((e.id, e.name, e.type, tuple(e.aliases), e.country, e.sector, e.wikidata,
                    e.geonames, e.lat, e.lon, e.population, e.admin1, e.feature, tuple(map(tuple, e.roles))))
    return tables.freeze()


def _country(value: str) -> str | None:
    import pycountry

    code = value.strip().upper()
    if not code:
        return None
    if code in {"XK", "XKX"}:
        return "XKX"
    rec = pycountry.countries.get(alpha_3=code) if len(code) == 3 else pycountry.countries.get(alpha_2=code)
    if rec is None:
        raise KnowledgeBaseError(f"country {value!r} is not an ISO 3166 alpha-3 or alpha-2 code", code="E506")
    return rec.alpha_3


def _coord(value: Any, name: str, limit: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise KnowledgeBaseError(f"{name} {value!r} is not a number", code="E505") from None
    if not -limit <= number <= limit:
        raise KnowledgeBaseError(f"{name} {number} is outside -{limit}..{limit}", code="E505")
    return number


def _roles(value: Any) -> list[tuple[str, str | None, str | None]]:
    """``"SRBGOV 2017-05-31/; NLDGOV"`` or a JSON list of such strings or ``[code, from, until]``."""
    if value in (None, ""):
        return []
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise KnowledgeBaseError("roles must be a list (JSONL) or ;-separated text (CSV)", code="E509")
    out = []
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                continue
            code, _, dates = item.strip().partition(" ")
            start, _, end = dates.strip().partition("/")
            item = [code, start, end]
        if not isinstance(item, list) or len(item) != 3:
            raise KnowledgeBaseError(f"role {item!r} is not 'CODE from/until' or [code, from, until]", code="E509")
        code, start, end = (str(v or "").strip() for v in item)
        if not _CAMEO.match(code.upper()):
            raise KnowledgeBaseError(f"role code {code!r} is not a CAMEO actor code like SRBGOV", code="E509")
        for date in (start, end):
            if date and not _ISO_DATE.match(date):
                raise KnowledgeBaseError(f"role date {date!r} is not an ISO date like 2017-05-31", code="E509")
        out.append((code.upper(), start or None, end or None))
    return out


def entry_from_record(rec: dict[str, Any]) -> KBEntry:
    """Validate one imported record; raises KnowledgeBaseError (a ValueError) with a reason a user
    can act on."""
    ident, name = str(rec.get("id") or "").strip(), str(rec.get("name") or "").strip()
    if not ident or not name:
        raise KnowledgeBaseError("id and name are required", code="E501")
    type_ = str(rec.get("type") or "").strip().upper()
    if type_ not in TYPES:
        raise KnowledgeBaseError(f"type {rec.get('type')!r} is not one of {', '.join(sorted(TYPES))}", code="E502")
    aliases = rec.get("aliases") or []
    if isinstance(aliases, str):
        aliases = aliases.split(";")
    if not isinstance(aliases, list):
        raise KnowledgeBaseError("aliases must be a list (JSONL) or ;-separated text (CSV)", code="E503")
    wikidata = str(rec.get("wikidata") or "").strip() or None
    if wikidata and not _QID.match(wikidata):
        raise KnowledgeBaseError(f"wikidata {wikidata!r} is not a Wikidata id like Q42", code="E504")
    lat, lon = _coord(rec.get("lat"), "lat", 90), _coord(rec.get("lon"), "lon", 180)
    if (lat is None) != (lon is None):
        raise KnowledgeBaseError("lat and lon must be given together", code="E505")
    return KBEntry(id=ident if ident.startswith("user:") else f"user:{ident}", name=name, type=type_,
                   aliases=[str(a).strip() for a in aliases if str(a).strip()],
                   country=_country(str(rec.get("country") or "")),
                   sector=str(rec.get("sector") or "").strip().upper() or None,
                   wikidata=wikidata, lat=lat, lon=lon, roles=_roles(rec.get("roles")))


def _records(path: Path):
    """(row label, record or exception) for each row of a CSV or JSONL file."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                yield f"line {number}", rec if isinstance(rec, dict) else KnowledgeBaseError(
                    "not a JSON object", code="E507")
            except json.JSONDecodeError as exc:
                yield f"line {number}", KnowledgeBaseError(f"invalid JSON: {exc.msg}", code="E507")
    else:
        reader = csv.DictReader(text.splitlines())
        missing = {"id", "name", "type"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(str(path), f"CSV header lacks column(s) {', '.join(sorted(missing))}", code="E508")
        for number, rec in enumerate(reader, 2):  # row 1 is the header
            yield f"row {number}", rec


def import_file(path: str | Path) -> tuple[int, list[InputError]]:
    """Import a CSV or JSONL file into the user KB; returns (rows imported, errors of bad rows).

    Re-importing an id replaces the earlier entry. Raises InputError when the file itself cannot
    be read."""
    path = Path(path)
    try:
        rows = list(_records(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text; save the file as UTF-8 CSV or JSONL") from None
    good: list[KBEntry] = []
    errors: list[InputError] = []
    for label, rec in rows:
        try:
            if isinstance(rec, Exception):
                raise rec
            good.append(entry_from_record(rec))
        except KnowledgeBaseError as exc:
            errors.append(InputError(f"{path} {label}", exc.message, code=exc.code))
    if good:
        merged = {e.id: e for e in load_user_entries()}
        merged.update((e.id, e) for e in good)
        _save(list(merged.values()))
        reset_kb()
    return len(good), errors


def _save(entries: list[KBEntry]) -> None:
    path = _store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=STORE_NAME, suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(asdict(e), ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def list_entries() -> list[KBEntry]:
    """The user's imported entries, in import order."""
    return load_user_entries()


def lookup_entries(name: str, type: str | None = None) -> list[KBEntry]:
    """``get_kb().lookup`` for the CLI."""
    from .base import get_kb

    return get_kb().lookup(name, type=type)


def kb_info(rebuild: bool = False) -> dict[str, Any]:
    """Cache location and size, entry counts by kind, seconds spent building or loading."""
    import time
    from collections import Counter

    from . import cache
    from .base import OfflineKB

    start = time.perf_counter()
    kb = OfflineKB(cache.load_tables(rebuild=rebuild), load_user_tables())
    seconds = time.perf_counter() - start
    path = cache.cache_path()
    kinds = Counter(e.id.split(":", 1)[0] for e in kb.entries())
    return {
        "cache": str(path),
        "cache_mb": round(path.stat().st_size / 1e6, 1) if path.exists() else None,
        "user_kb": str(_store_path()),
        "entries": len(kb),
        "by_kind": dict(sorted(kinds.items())),
        **{k: round(v, 3) for k, v in cache.LAST_BUILD.items()},
        "seconds": round(seconds, 3),
    }
