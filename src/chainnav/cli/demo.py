"""`chainnav demo`: the main job on the bundled drone data, every capability in turn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainnav.cli.common import DbOption


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: DbOption,
        out: Annotated[Path, typer.Option(help="Folder for analysis tables and reports.")] = Path("demo-output"),
        region: Annotated[str, typer.Option(help="Region of interest (country or ISO 3166-2 region).")] = "CN",
    ) -> None:
        """Load the bundled drone patents and run every capability on them."""
        from chainnav.demo import run_demo

        run_demo(db, out, region=region)
