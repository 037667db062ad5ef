"""The quality floors pinned in ``tests/quality_baseline.json``, read by the ``test_quality_*`` gates.

A floor written inline in a test can be lowered in the same diff that loses the quality, and the
review sees one number change among many. Here every floor sits beside the figure measured when it
was pinned, the command that measures it and a sha256 of the data it was measured on:

1. :func:`check` is what a gate calls with a figure it just measured: it first compares the digest
   of the data files the gate read with the one pinned beside the floor (a floor measured on other
   data means nothing, so a mismatch fails and says how to re-pin), then the figure with the floor.
2. :func:`unexplained_drops` is the "never lowered silently" rule, a pure function of the file's
   versions so that it can be tested on made-up histories; :func:`committed_versions` reads the
   real ones from git for ``test_quality_baseline.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FILE = Path(__file__).with_name("quality_baseline.json")
RELATIVE = FILE.relative_to(REPO).as_posix()
#: The shared evaluation data; digests hash paths relative to it, so a checkout anywhere agrees.
SHARED_DATA = REPO.parent / "shared" / "data"


def load(path: Path = FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def digest(files: Iterable[Path], root: Path = SHARED_DATA) -> str:
    """sha256 over the files in sorted order of their path under ``root``: each path, then the
    length and bytes of its content (so neither a renamed file nor a moved boundary goes unseen)."""
    named = sorted((Path(os.path.relpath(f, root)).as_posix(), Path(f)) for f in files)
    h = hashlib.sha256()
    for rel, path in named:
        content = path.read_bytes()
        h.update(f"{rel}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()


def check(key: str, value: float, files: Iterable[Path], *, above: bool = False,
          baseline: dict | None = None, root: Path = SHARED_DATA) -> None:
    """Fail unless ``files`` are the data ``key`` was pinned on and ``value`` reaches its floor
    (``above``: passes it strictly, for "better than the peer by more than a margin")."""
    floors = (baseline if baseline is not None else load())["floors"]
    if key not in floors:
        raise KeyError(f"no floor {key!r} in {RELATIVE}")
    entry = floors[key]
    found = digest(files, root)
    if found != entry["data"]:
        pytest.fail(
            f"{key}: the data read under {root} is not the data its floor was measured on "
            f"(sha256 pinned {entry['data'][:12]}…, found {found}). A floor measured on other data "
            f"means nothing: re-measure with `{entry['command']}`, then in {RELATIVE} set \"data\" of "
            f"every key of this data set to \"{found}\", \"measured\" to the new figure and \"floor\" "
            "just under it (a floor lowered needs a note under \"notes\", or test_quality_baseline fails).",
            pytrace=False,
        )
    floor = entry["floor"]
    print(f"{key}: {value:.4g} (floor {floor}, measured {entry['measured']} when pinned)")
    if not (value > floor if above else value >= floor):
        raise AssertionError(
            f"{key}: {value:.4g} is {'not above' if above else 'below'} its floor {floor} "
            f"(measured {entry['measured']} when pinned; re-measure with `{entry['command']}`)"
        )


def unexplained_drops(versions: list[dict], current: dict) -> list[str]:
    """One line per key whose floor in ``current`` is below a floor it had in one of the committed
    ``versions``, or that ``current`` no longer has, when ``current`` carries no note for it written
    since that version (a note the higher version already had explains an earlier drop, not this)."""
    now = current.get("floors", {})
    notes = current.get("notes", {})
    worst: dict[str, tuple[float, str]] = {}
    for version in versions:
        for key, entry in version.get("floors", {}).items():
            was = entry.get("floor") if isinstance(entry, dict) else None
            if not isinstance(was, int | float):
                continue
            floor = now.get(key, {}).get("floor")
            if floor is not None and floor >= was:
                continue
            if notes.get(key) and notes[key] != version.get("notes", {}).get(key):
                continue
            if key not in worst or was > worst[key][0]:
                state = "was removed" if floor is None else f"has floor {floor}"
                worst[key] = (was, f"{key} {state}; committed floor {was}; no new note for it in \"notes\"")
    return [line for _, (_, line) in sorted(worst.items())]


def committed_versions(repo: Path = REPO) -> list[dict]:
    """Every committed version of the baseline file that parses, oldest first. Raises LookupError
    saying why when there is no history to read (no git, not a checkout, nothing committed yet)."""
    git = shutil.which("git")
    if git is None:
        raise LookupError("git is not installed")

    def run(*args: str) -> str:
        done = subprocess.run([git, "-C", str(repo), *args], capture_output=True, text=True, check=False)
        if done.returncode:
            raise LookupError(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
        return done.stdout

    if Path(run("rev-parse", "--show-toplevel").strip()).resolve() != repo.resolve():
        raise LookupError(f"{repo} is not the top of a git checkout")
    commits = run("log", "--diff-filter=ACMRT", "--format=%H", "--", RELATIVE).split()  # not deletions
    if not commits:
        raise LookupError(f"{RELATIVE} has no committed version yet")
    versions = []
    for commit in reversed(commits):
        try:
            versions.append(json.loads(run("show", f"{commit}:{RELATIVE}")))
        except json.JSONDecodeError:
            continue  # a version that never parsed pinned nothing
    return versions
