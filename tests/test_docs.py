"""Docs cannot drift: every CLI command is documented in the README or docs/, and so is every indicator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from chainnav.analytics.registry import all_indicators
from chainnav.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def command_paths(command, prefix: str = "") -> list[str]:
    """Every leaf command of the CLI as 'group sub' paths."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [prefix]
    paths: list[str] = []
    for name, sub in subcommands.items():
        paths += command_paths(sub, f"{prefix} {name}".strip())
    return paths


COMMANDS = command_paths(typer.main.get_command(app))


def test_cli_has_the_core_commands():
    assert {"init", "ingest", "loads", "rejects", "sql", "classify", "analyze", "report", "serve", "demo"} <= {
        path.split()[0] for path in COMMANDS
    }


@pytest.mark.parametrize("path", COMMANDS)
def test_command_is_documented(path: str):
    assert re.search(rf"chainnav {re.escape(path)}\b", DOCS), f"`chainnav {path}` is not documented in README.md or docs/"


@pytest.mark.parametrize("name", [i.name for i in all_indicators()])
def test_indicator_is_documented(name: str):
    assert re.search(rf"`{re.escape(name)}`", DOCS), f"indicator `{name}` is not documented in docs/"
