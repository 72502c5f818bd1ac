"""entities commands (filled in by the entities capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the entities commands to the chainnav app."""
