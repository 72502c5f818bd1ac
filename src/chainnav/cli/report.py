"""report commands (filled in by the report capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the report commands to the chainnav app."""
