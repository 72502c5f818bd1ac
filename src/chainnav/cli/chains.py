"""chains commands (filled in by the chains capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the chains commands to the chainnav app."""
