"""The pinned quality baseline itself: well formed, every floor read by a gate, never lowered silently.

Needs neither ../shared nor a model: the history check reads the committed versions of
``quality_baseline.json`` from git (and skips, saying why, in a copy without git history); the
rule and the data check are tested on made-up baselines, so each can be seen to fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import baseline
import pytest

GATES = sorted(Path(__file__).parent.glob("test_quality_*.py"))


def _file(floors: dict[str, float], notes: dict[str, str] | None = None) -> dict:
    return {"floors": {key: {"floor": value} for key, value in floors.items()}, "notes": notes or {}}


def test_committed_floors_are_never_lowered_silently() -> None:
    try:
        versions = baseline.committed_versions()
    except LookupError as exc:
        pytest.skip(f"no git history of {baseline.RELATIVE} to compare with: {exc}")
    drops = baseline.unexplained_drops(versions, baseline.load())
    assert not drops, (
        "floors lowered or removed since they were committed:\n" + "\n".join(drops)
        + f"\nput them back, or say why under \"notes\" in {baseline.RELATIVE} (key: reason, date)"
    )


def test_a_lowered_or_removed_floor_needs_a_note() -> None:
    history = [_file({"a": 0.80, "b": 0.50}), _file({"a": 0.88, "b": 0.50})]
    assert baseline.unexplained_drops(history, _file({"a": 0.88, "b": 0.50})) == []
    assert baseline.unexplained_drops(history, _file({"a": 0.90, "b": 0.60, "c": 0.1})) == []
    lowered = baseline.unexplained_drops(history, _file({"a": 0.85, "b": 0.50}))
    assert len(lowered) == 1 and lowered[0].startswith("a has floor 0.85; committed floor 0.88")
    removed = baseline.unexplained_drops(history, _file({"a": 0.88}))
    assert len(removed) == 1 and removed[0].startswith("b was removed; committed floor 0.5")
    noted = _file({"a": 0.85}, {"a": "new dev set, 2026-12-02", "b": "benchmark retired, 2026-12-02"})
    assert baseline.unexplained_drops(history, noted) == []


def test_a_note_explains_one_drop_not_the_next() -> None:
    history = [_file({"a": 0.88}), _file({"a": 0.85}, {"a": "spaCy 3.8 retrained, 2026-11-01"})]
    assert baseline.unexplained_drops(history, history[-1]) == []
    again = _file({"a": 0.80}, {"a": "spaCy 3.8 retrained, 2026-11-01"})
    assert baseline.unexplained_drops(history, again) == [
        "a has floor 0.8; committed floor 0.85; no new note for it in \"notes\""
    ]
    explained = _file({"a": 0.80}, {"a": "spaCy 3.8 retrained, 2026-11-01; new tokenizer, 2026-12-02"})
    assert baseline.unexplained_drops(history, explained) == []


def test_every_floor_is_well_formed_and_met_when_pinned() -> None:
    current = baseline.load()
    assert current["floors"], "no floors pinned"
    for key, entry in current["floors"].items():
        assert set(entry) == {"floor", "measured", "data", "command"}, key
        assert re.fullmatch(r"[0-9a-f]{64}", entry["data"]), key
        assert entry["measured"] >= entry["floor"], key
        assert entry["command"].startswith("python -m "), key
    assert set(current.get("notes", {})) <= set(current["floors"]) | _ever_pinned(), "a note for no floor"


def _ever_pinned() -> set[str]:
    try:
        return {key for version in baseline.committed_versions() for key in version.get("floors", {})}
    except LookupError:
        return set()


def test_every_floor_is_read_by_a_gate_and_none_is_inline() -> None:
    sources = {path.name: path.read_text(encoding="utf-8") for path in GATES if path.name != Path(__file__).name}
    code = "\n".join(sources.values())
    # keys are written whole or as f"prefix.{metric}" over parametrized metrics
    patterns = re.findall(r'check\(f?"([^"]+)"', code)
    written = [re.compile(re.escape(p).replace(r"\{name\}", "[a-z_]+").replace(r"\{metric\}", "[a-z_0-9]+") + "$")
               for p in patterns]
    unread = [key for key in baseline.load()["floors"] if not any(w.match(key) for w in written)]
    assert not unread, f"floors no gate checks: {unread}"
    inline = {name: re.findall(r"assert [^\n]*[<>][^\n]*\b\d+\.\d+", text) for name, text in sources.items()}
    assert not any(inline.values()), f"floors still written inline: {inline}"


def test_the_digest_covers_names_and_contents_in_any_order(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text('{"id": 1}\n')
    (tmp_path / "page.html").write_text("<p>one</p>")
    files = [tmp_path / "gold.jsonl", tmp_path / "page.html"]
    pinned = baseline.digest(files, tmp_path)
    assert baseline.digest(reversed(files), tmp_path) == pinned
    (tmp_path / "page.html").write_text("<p>two</p>")
    assert baseline.digest(files, tmp_path) != pinned
    (tmp_path / "page.html").write_text("<p>one</p>")
    (tmp_path / "page.html").rename(tmp_path / "other.html")
    assert baseline.digest([files[0], tmp_path / "other.html"], tmp_path) != pinned


def test_check_fails_on_other_data_and_under_the_floor(tmp_path: Path) -> None:
    data = tmp_path / "gold.jsonl"
    data.write_text("{}\n")
    entry = {"floor": 0.5, "measured": 0.6, "data": baseline.digest([data], tmp_path), "command": "python -m x"}
    pinned = {"floors": {"x.gold.f1": entry}}
    baseline.check("x.gold.f1", 0.5, [data], baseline=pinned, root=tmp_path)
    with pytest.raises(AssertionError, match="x.gold.f1: 0.49 is below its floor 0.5"):
        baseline.check("x.gold.f1", 0.49, [data], baseline=pinned, root=tmp_path)
    with pytest.raises(AssertionError, match="not above its floor"):
        baseline.check("x.gold.f1", 0.5, [data], above=True, baseline=pinned, root=tmp_path)
    with pytest.raises(KeyError, match="no floor 'x.gold.f2'"):
        baseline.check("x.gold.f2", 0.9, [data], baseline=pinned, root=tmp_path)
    data.write_text('{"changed": true}\n')
    with pytest.raises(pytest.fail.Exception, match="not the data its floor was measured on"):
        baseline.check("x.gold.f1", 0.9, [data], baseline=pinned, root=tmp_path)
