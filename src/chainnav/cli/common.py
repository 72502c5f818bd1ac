"""What every command shares: the --db option, opening the store, printing tables and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import typer
from rich.console import Console
from rich.table import Table

from chainnav.config import Settings
from chainnav.navigator import Navigator

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="Store file (env CHAINNAV_DB).", default_factory=lambda: Settings().db),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def open_nav(db: Path, *, read_only: bool = False) -> Navigator:
    """Open the store named by --db."""
    return Navigator(db, read_only=read_only)


def print_arrow(table: pa.Table, *, title: str | None = None, limit: int = 50) -> None:
    """Render an Arrow table as a rich table (first ``limit`` rows, with a count of the rest)."""
    view = Table(title=title, show_lines=False)
    for name in table.column_names:
        view.add_column(name, overflow="fold")
    for row in table.slice(0, limit).to_pylist():
        view.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(view)
    if table.num_rows > limit:
        console.print(f"… {table.num_rows - limit} more rows")


def print_json(data: Any) -> None:
    """Print exactly the library's result as JSON."""
    if isinstance(data, pa.Table):
        data = data.to_pylist()
    console.print_json(json.dumps(data, default=str, ensure_ascii=False))
