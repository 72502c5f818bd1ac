"""analytics commands (filled in by the analytics capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the analytics commands to the chainnav app."""
