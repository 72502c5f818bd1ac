"""`chainnav demo`: the main job on the bundled drone data, every capability in turn."""

from __future__ import annotations

from pathlib import Path

import typer

from chainnav.cli.common import DbOption


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: DbOption,
        out: Path = typer.Option(Path("demo-output"), help="Folder for analysis tables and reports."),
        region: str = typer.Option("CN", help="Region of interest (country or ISO 3166-2 region)."),
    ) -> None:
        """Load the bundled drone patents and run every capability on them."""
        from chainnav.demo import run_demo

        run_demo(db, out, region=region)
