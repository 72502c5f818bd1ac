"""security commands (filled in by the security capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the security commands to the chainnav app."""
