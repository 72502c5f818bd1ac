"""web commands (filled in by the web capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the web commands to the chainnav app."""
