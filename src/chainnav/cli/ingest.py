"""ingest commands (filled in by the ingest capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ingest commands to the chainnav app."""
