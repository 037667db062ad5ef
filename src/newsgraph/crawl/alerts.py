"""Alerts: saved queries that report what is new in the store, each match once.

An alert filters on any of: full-text ``query`` (FTS5, as ``newsgraph search``), an ``entity``
the article mentions (a name or alias, as ``newsgraph entity``), a PLOVER ``event_type`` and an
``actor`` (an ISO 3166 alpha-3 country, or an entity name). With an event type or an actor it
matches events, one match per event; otherwise it matches articles.

:func:`run_alerts` (called after each round of the watch) looks only at articles stored after the
alert's watermark (``last_pk``), skips what ``alert_matches`` already holds, delivers the new
matches to the alert's output, then records them and moves the watermark. A delivery that fails
records its error and keeps the watermark, so the next round tries again.

Every match carries a stable ``match_id`` (the alert, article and event it names). A kill between
a delivery and its record makes the next round deliver that match again: into a JSONL file the
second copy is not written (the ids already in the file are skipped), so a file gets each match
exactly once; standard output, a webhook and a command get it at least once, and a receiver that
must not see it twice keeps the ids it has seen (exactly once across a crash needs the receiver's
help: no sender can know whether its last message arrived).

Outputs: ``-`` (standard output), a JSONL file (appended), an ``http(s)://`` URL (a JSON POST per
match, e.g. a local webhook), or ``|command`` (each match as a JSON line on the command's stdin).
"""

from __future__ import annotations

import json
import shlex
import sqlite3
import subprocess
import sys
from typing import Any

import httpx

from .. import validate
from ..errors import ConfigError
from ..ids import content_id
from ..store.queries import _fts, resolve
from ..store.schema import now


def add_alert(conn: sqlite3.Connection, name: str, *, query: str | None = None, entity: str | None = None,
              event_type: str | None = None, actor: str | None = None, output: str = "-") -> dict[str, Any]:
    """Save an alert; only articles stored from now on can match it."""
    if not (query or entity or event_type or actor):
        raise ConfigError("an alert needs at least one of --query, --entity, --event-type, --actor")
    event_type = validate.event_type(event_type, "event_type")
    if conn.execute("SELECT 1 FROM alerts WHERE name = ?", (name,)).fetchone():
        raise ConfigError(f"an alert named {name!r} exists; `newsgraph alert remove {name}` first")
    last = conn.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
    conn.execute("INSERT INTO alerts(name, query, entity, event_type, actor, output, created, last_pk) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (name, query, entity, event_type, actor, output, now(), last))  # fmt: skip
    return alert(conn, name)


def alert(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM alerts WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise ConfigError(f"no alert named {name!r}; `newsgraph alert list` shows them")
    return dict(row)


def list_alerts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every alert with its match count and last match time."""
    return [dict(r) for r in conn.execute(
        "SELECT al.*, count(m.article_id) AS matches, max(m.matched) AS last_match FROM alerts al "
        "LEFT JOIN alert_matches m ON m.alert = al.name GROUP BY al.name ORDER BY al.name")]  # fmt: skip


def remove_alert(conn: sqlite3.Connection, name: str) -> None:
    alert(conn, name)
    conn.execute("DELETE FROM alerts WHERE name = ?", (name,))


def last_matches(conn: sqlite3.Connection, name: str, limit: int = 20) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT article_id, event_id, matched FROM alert_matches WHERE alert = ? "
                        "ORDER BY matched DESC LIMIT ?", (name, limit))  # fmt: skip
    return [_describe(conn, name, r["article_id"], r["event_id"]) | {"matched": r["matched"]} for r in rows]


def matches(conn: sqlite3.Connection, spec: dict[str, Any], after_pk: int = 0) -> list[tuple[str, str, int]]:
    """(article id, event id or '', article pk) of everything the alert matches past ``after_pk``."""
    by_event = bool(spec["event_type"] or spec["actor"])
    where, params = ["a.pk > ?"], [after_pk]
    if spec["query"]:
        hits = _fts(conn, "SELECT rowid AS pk FROM articles_fts WHERE articles_fts MATCH ?", spec["query"], ())
        pks = [h["pk"] for h in hits]
        where.append(f"a.pk IN ({','.join('?' * len(pks))})" if pks else "0")
        params += pks
    if spec["entity"]:
        ids = resolve(conn, spec["entity"])
        marks = ",".join("?" * len(ids))
        where.append(f"EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.graph_id IN ({marks}))"
                     if ids else "0")  # fmt: skip
        params += ids
    if spec["event_type"]:
        where.append("ev.type = ?")
        params.append(spec["event_type"])
    if spec["actor"]:
        ids = resolve(conn, spec["actor"])
        marks = ",".join("?" * len(ids)) or "NULL"
        where.append("EXISTS (SELECT 1 FROM event_participants p WHERE p.article_id = ev.article_id AND "
                     f"p.event_id = ev.id AND p.role = 'actor' AND (p.country = ? OR p.graph_id IN ({marks})))")
        params += [spec["actor"].upper(), *ids]
    source = "events ev JOIN articles a ON a.id = ev.article_id" if by_event else "articles a"
    event = "ev.id" if by_event else "''"
    sql = f"SELECT a.id, {event}, a.pk FROM {source} WHERE {' AND '.join(where)} ORDER BY a.pk, {event}"
    return [(r[0], r[1], r[2]) for r in conn.execute(sql, params)]


def _describe(conn: sqlite3.Connection, name: str, article_id: str, event_id: str) -> dict[str, Any]:
    """What a match says: the article, and for an event its type, trigger, actors and recipients."""
    art = conn.execute("SELECT url, title, source, day FROM articles WHERE id = ?", (article_id,)).fetchone()
    out: dict[str, Any] = {"alert": name, "match_id": match_id(name, article_id, event_id), "article_id": article_id,
                           **(dict(art) if art else {})}  # fmt: skip
    if event_id:
        ev = conn.execute("SELECT type, trigger_text, sentence_text, day FROM events WHERE article_id = ? AND id = ?",
                          (article_id, event_id)).fetchone()  # fmt: skip
        people = conn.execute("SELECT role, text, country FROM event_participants WHERE article_id = ? AND "
                              "event_id = ? ORDER BY role, position", (article_id, event_id)).fetchall()  # fmt: skip
        out["event"] = {"id": event_id, **(dict(ev) if ev else {}),
                        "actors": [dict(p) for p in people if p["role"] == "actor"],
                        "recipients": [dict(p) for p in people if p["role"] == "recipient"]}  # fmt: skip
    return out


def try_alert(conn: sqlite3.Connection, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """What the alert matches in the whole store now, newest first; nothing is delivered or recorded."""
    found = matches(conn, alert(conn, name))[-limit:]
    return [_describe(conn, name, article_id, event_id) for article_id, event_id, _ in reversed(found)]


def run_alerts(conn: sqlite3.Connection) -> dict[str, int]:
    """Deliver every alert's new matches; return alert name → matches delivered this time."""
    delivered: dict[str, int] = {}
    for spec in [dict(r) for r in conn.execute("SELECT * FROM alerts ORDER BY name")]:
        top = conn.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
        seen = {(r[0], r[1]) for r in conn.execute("SELECT article_id, event_id FROM alert_matches WHERE alert = ?",
                                                   (spec["name"],))}  # fmt: skip
        new = [(a, e) for a, e, pk in matches(conn, spec, spec["last_pk"]) if pk <= top and (a, e) not in seen]
        records = [_describe(conn, spec["name"], a, e) for a, e in new]
        try:
            deliver(spec["output"], records)
        except (OSError, httpx.HTTPError, subprocess.SubprocessError) as exc:
            conn.execute("UPDATE alerts SET last_run = ?, last_error = ? WHERE name = ?",
                         (now(), f"{type(exc).__name__}: {exc}", spec["name"]))  # fmt: skip
            delivered[spec["name"]] = 0
            continue
        stamp = now()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR IGNORE INTO alert_matches VALUES (?, ?, ?, ?)",
                         [(spec["name"], a, e, stamp) for a, e in new])  # fmt: skip
        conn.execute("UPDATE alerts SET last_pk = ?, last_run = ?, last_error = NULL WHERE name = ?",
                     (top, stamp, spec["name"]))  # fmt: skip
        conn.execute("COMMIT")
        delivered[spec["name"]] = len(new)
    return delivered


def match_id(alert_name: str, article_id: str, event_id: str) -> str:
    """The stable id of one match: the same match delivered again carries the same id."""
    return content_id(alert_name, article_id, event_id)


def delivered_ids(path: str) -> set[str]:
    """The match ids already in a JSONL output file (a line that is not a match is skipped)."""
    found: set[str] = set()
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and isinstance(record.get("match_id"), str):
                    found.add(record["match_id"])
    except FileNotFoundError:
        pass
    return found


def deliver(output: str, records: list[dict[str, Any]]) -> None:
    """Send ``records`` to ``output``; raises OSError, httpx.HTTPError or SubprocessError on failure.
    A JSONL file gets only the matches it does not hold yet (a redelivery after a kill)."""
    if output not in ("-",) and not output.startswith(("http://", "https://", "|")) and records:
        already = delivered_ids(output)
        records = [r for r in records if r.get("match_id") not in already]
    if not records:
        return
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if output == "-":
        sys.stdout.write(lines)
        sys.stdout.flush()
    elif output.startswith(("http://", "https://")):
        with httpx.Client(timeout=10.0) as client:
            for record in records:
                client.post(output, json=record).raise_for_status()
    elif output.startswith("|"):
        subprocess.run(shlex.split(output[1:]), input=lines.encode(), check=True, timeout=60)
    else:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(lines)
