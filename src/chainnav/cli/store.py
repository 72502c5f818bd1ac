"""Store commands: init, sql."""

from __future__ import annotations

from typing import Annotated

import typer

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def init(db: DbOption) -> None:
        """Create the store (or bring its schema up to date)."""
        with open_nav(db) as nav:
            version = nav.sql("SELECT max(version) AS v FROM schema_migration").column("v")[0].as_py()
        console.print(f"store [bold]{db}[/] ready (schema version {version})")

    @app.command()
    def sql(
        query: Annotated[str, typer.Argument(help="SQL to run against the store.")],
        db: DbOption,
        json_out: JsonOption = False,
        limit: Annotated[int, typer.Option(help="Rows to print.")] = 50,
    ) -> None:
        """Run a SQL query against the store and print the result."""
        with open_nav(db) as nav:
            result = nav.sql(query)
        if json_out:
            print_json(result)
        else:
            print_arrow(result, limit=limit)
