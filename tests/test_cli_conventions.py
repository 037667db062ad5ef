"""CLI conventions: -h everywhere, help on every option, one output option set, NEWSGRAPH_DB,
-q/--quiet, --version, shell completion, and a `make demo` that fits before the web address."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsgraph.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
LISTINGS = ("articles", "entities", "events", "quotes", "timeline")


def _commands(group: click.Group = main, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples stored with the default pipeline, as `make demo` stores them."""
    db = tmp_path_factory.mktemp("demo") / "newsgraph.db"
    result = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", str(db), "--workers", "0", "-q"])
    assert result.exit_code == 0, result.output
    return db


def test_every_command_has_h_and_every_option_a_help_text() -> None:
    undocumented = []
    for path, command in _commands():
        result = CliRunner().invoke(main, [*path, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, (path, result.output)
        assert command.help, path
        undocumented += [f"{' '.join(path)} {p.opts[0]}" for p in command.params
                         if isinstance(p, click.Option) and not p.help]
    assert undocumented == []


def test_commands_live_in_the_cli_package() -> None:
    modules = {command.callback.__module__ for _, command in _commands()}
    assert all(m.startswith("newsgraph.cli.") for m in modules), modules


def test_version() -> None:
    import newsgraph

    for flag in ("--version", "-V"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0 and newsgraph.__version__ in result.output


def test_quiet_and_its_old_name_silent() -> None:
    for command in ("analyze", "ingest"):
        options = {o for p in main.commands[command].params for o in p.opts}
        assert {"-q", "--quiet", "--silent"} <= options, command


@pytest.mark.parametrize("command", LISTINGS)
def test_listings_share_the_output_formats(store: Path, command: str, tmp_path: Path) -> None:
    args = [command, "--db", str(store)]
    rows = json.loads(CliRunner().invoke(main, [*args, "--json"]).stdout)
    assert rows, command  # the examples give every listing something
    lines = CliRunner().invoke(main, [*args, "--jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    parsed = list(csv.DictReader(io.StringIO(CliRunner().invoke(main, [*args, "--csv"]).stdout)))
    assert len(parsed) == len(rows) and list(parsed[0]) == list(rows[0])
    out = tmp_path / f"{command}.json"
    result = CliRunner().invoke(main, [*args, "--json", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == rows


def test_a_document_has_no_csv_form(store: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(store), "--csv"])
    assert result.exit_code == 2 and "--json" in result.output


def test_db_comes_from_newsgraph_db(store: Path, tmp_path: Path) -> None:
    result = CliRunner(env={"NEWSGRAPH_DB": str(store)}).invoke(main, ["articles", "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 22
    missing = CliRunner(env={"NEWSGRAPH_DB": str(tmp_path / "none.db")}).invoke(main, ["stats"])
    assert missing.exit_code == 1 and "no store at" in missing.output


def test_stats_labels_every_line(store: Path) -> None:
    out = CliRunner().invoke(main, ["stats", "--db", str(store)]).stdout
    labels = [line[:16].strip() for line in out.splitlines() if line[:16].strip()]
    assert labels == ["store", "days covered", "rows", "across articles", "top sources", "events by type"]
    assert "days covered    2016-04-22 … 2025-11-18" in out
    assert "(no source) 1" in out  # the ferry scrape names no outlet: said, not a blank row


def test_quotes_show_one_speaker_column_and_explain_both(store: Path) -> None:
    out = CliRunner().invoke(main, ["quotes", "--db", str(store), "--limit", "200"]).stdout
    header = out.splitlines()[0].split()
    assert header.count("speaker") == 1 and "speaker_name" not in header
    assert "Elise Vandenberghe" in out
    helptext = CliRunner().invoke(main, ["quotes", "-h"]).output
    assert "speaker_name" in helptext and "as written" in helptext


def test_show_prints_one_card(store: Path) -> None:
    result = CliRunner().invoke(main, ["show", "--db", str(store), "Ghent tram"])
    assert result.stdout.startswith("━━ Fictional example: Ghent council approves tram extension")
    missing = CliRunner().invoke(main, ["show", "--db", str(store), "zzzqqq"])
    assert missing.exit_code == 1 and "no stored article matches" in missing.output


def test_kb_list_says_when_it_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_KB_DIR", str(tmp_path))  # nothing imported there
    result = CliRunner().invoke(main, ["kb", "list"])
    assert result.exit_code == 0 and "no entries of your own yet" in result.stderr
    assert json.loads(CliRunner().invoke(main, ["kb", "list", "--json"]).stdout) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_is_documented_and_works(shell: str) -> None:
    result = CliRunner().invoke(main, [], prog_name="newsgraph", env={"_NEWSGRAPH_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0 and "_NEWSGRAPH_COMPLETE" in result.output
    assert f"_NEWSGRAPH_COMPLETE={shell}_source newsgraph" in (REPO / "README.md").read_text(encoding="utf-8")


def _demo_commands() -> list[list[str]]:
    """The newsgraph commands of the Makefile's demo target, up to (not including) serve."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    commands = []
    for line in recipe.splitlines():
        words = shlex.split(line.strip().lstrip("@").split(" || ")[0], comments=True)
        if words and words[0].endswith("bin/newsgraph"):
            commands.append(words[1:])
        elif words and words[0] == "echo":
            commands.append(["echo", *words[1:]])
    assert commands[-1][0] == "serve"
    return commands[:-1]


def test_make_demo_fits_before_the_address(store: Path) -> None:
    lines: list[str] = []
    for args in _demo_commands():
        if args[0] == "echo":
            lines += [" ".join(args[1:])]
            continue
        args = [str(store) if a == "newsgraph.db" else a for a in args]
        args = [str(EXAMPLES) if a == "examples/" else a for a in args]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        lines += result.output.splitlines()
    text = "\n".join(lines)
    assert len(lines) < 80, text
    # one line per stored document, one full card, the stats, a query
    assert sum(1 for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line)) >= 22
    assert text.count("━━ ") == 1 and "days covered" in text and "CONSULT" in text


def test_export_writes_to_output(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    result = CliRunner().invoke(main, ["export", "jsonl", "-o", str(out), "--db", str(store)])
    assert result.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 22
    old = CliRunner().invoke(main, ["export", "jsonl", str(tmp_path / "old.jsonl"), "--db", str(store)])
    assert old.exit_code == 0  # the positional OUT of earlier versions still works
    neither = CliRunner().invoke(main, ["export", "jsonl", "--db", str(store)])
    assert neither.exit_code == 2 and "-o/--output" in neither.output
