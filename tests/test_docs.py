"""README.md names everything a user can call or set: every stage registered by the package, every
command and subcommand of the ``newsgraph`` CLI (written ``newsgraph kb lookup``), and every
``NEWSGRAPH_*`` environment variable read in ``src/``. Each test lists what is missing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click

import newsgraph
from newsgraph.cli import main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
SRC = Path(newsgraph.__file__).resolve().parents[1]


def _mentioned(phrase: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(phrase)}(?![\w-])", README) is not None


def builtin_stages() -> list[str]:
    """What a fresh process registers once the language layer is imported: stages that other
    tests register in this process, or a user's NEWSGRAPH_STAGE_MODULES, are not the package's."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_STAGE_MODULES"}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    code = "import json, newsgraph.language, newsgraph.pipeline as p; print(json.dumps(p.registered()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        yield " ".join((*prefix, name))
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))


def environment_variables() -> set[str]:
    names: set[str] = set()
    for path in (SRC / "newsgraph").rglob("*"):
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        except UnicodeDecodeError:
            continue  # model weights and other binary files
        names.update(re.findall(r"\bNEWSGRAPH_[A-Z_]*[A-Z]\b", text))
    return names


def test_every_registered_stage_is_in_the_readme() -> None:
    stages = builtin_stages()
    assert "newsgraph.entities.v1" in stages  # the walk found the language layer
    missing = [name for name in stages if not _mentioned(name)]
    assert not missing, f"stages not named in README.md: {missing}"


def test_every_command_is_in_the_readme() -> None:
    commands = list(command_paths(main))
    assert {"analyze", "kb", "kb lookup"} <= set(commands)  # the walk reached the subcommands
    missing = [f"newsgraph {path}" for path in commands if not _mentioned(f"newsgraph {path}")]
    assert not missing, f"commands not written out in README.md: {missing}"


def test_every_environment_variable_is_in_the_readme() -> None:
    names = environment_variables()
    assert "NEWSGRAPH_STAGE_MODULES" in names  # the scan read the source
    missing = sorted(name for name in names if not _mentioned(name))
    assert not missing, f"NEWSGRAPH_* variables not described in README.md: {missing}"
