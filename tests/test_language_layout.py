"""The language room's layout: small modules, and word lists kept as tidy data files that are used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsgraph.language import wordlists

LANGUAGE = Path(wordlists.__file__).parent
DATA = LANGUAGE / "data"
SOURCES = sorted(LANGUAGE.rglob("*.py"))
WORD_FILES = sorted(DATA.glob("*.txt"))
MAX_LINES = 400


def _entries(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(LANGUAGE)))
def test_module_is_small(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_word_file_is_sorted_unique_and_trimmed(path: Path) -> None:
    entries = _entries(path)
    assert entries, f"{path.name} has no entries"
    assert entries == sorted(set(entries)), f"{path.name}: keep entries sorted and unique"
    assert all(e == e.strip() for e in entries), f"{path.name}: an entry starts or ends with a space"


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_words_reads_every_entry(path: Path) -> None:
    loaded = wordlists.words(path.stem)
    assert loaded == frozenset(_entries(path))
    assert wordlists.words(path.stem) is loaded  # read once, shared


def test_every_data_file_is_loaded_by_the_code() -> None:
    code = "\n".join(p.read_text("utf-8") for p in SOURCES)
    used = set(re.findall(r"""(?:words|table)\(["']([\w-]+)["']\)""", code))
    used |= set(re.findall(r"""joinpath\("data", "([\w.-]+)\.json"\)""", code))
    unused = [p.name for p in sorted(DATA.iterdir()) if p.stem not in used]
    assert not unused, f"data files no module reads: {unused}"


def test_table_drops_comment_keys_and_is_read_only() -> None:
    raw = json.loads((DATA / "channels.json").read_text("utf-8"))
    channels = wordlists.table("channels")
    assert "_about" in raw and "_about" not in channels
    assert list(channels) == [k for k in raw if not k.startswith("_")]
    with pytest.raises(TypeError):
        channels["myspace"] = "Myspace"  # type: ignore[index]


def test_unknown_list_names_the_missing_file() -> None:
    with pytest.raises(FileNotFoundError, match="no_such_list.txt"):
        wordlists.words("no_such_list")
