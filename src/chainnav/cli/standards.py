"""standards commands (filled in by the standards capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the standards commands to the chainnav app."""
