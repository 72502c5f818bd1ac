"""Ingest commands: ``chainnav ingest``, ``chainnav loads``, ``chainnav rejects``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json


def register(app: typer.Typer) -> None:
    """Add the ingest commands to the chainnav app."""

    @app.command()
    def ingest(
        paths: Annotated[list[Path], typer.Argument(help="Export files or folders (PatentsView g_*.tsv.zip sets).")],
        db: DbOption,
        format: Annotated[
            str, typer.Option("--format", "-f", help="auto|lens|patentsview|google|incopat|patsnap|generic")
        ] = "auto",
        map_file: Annotated[
            Path | None, typer.Option("--map", help="YAML column mapping for other layouts (see docs/ingest.md).")
        ] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Import patent exports, one transaction per file; prints one load report per file."""
        with open_nav(db) as nav:
            reports = nav.ingest(paths, format=format, mapping=map_file, progress=not json_out)
        if json_out:
            print_json([r.to_dict() for r in reports])
            return
        _render([r.to_dict() for r in reports], title=f"imports into {db}")
        for r in reports:
            if r.rows_rejected:
                console.print(f"load {r.load_id}: {r.rows_rejected} rows rejected — see `chainnav rejects {r.load_id}`")
            if r.message and r.status == "skipped":
                console.print(f"load {r.load_id}: {r.message}")

    @app.command()
    def loads(db: DbOption, json_out: JsonOption = False) -> None:
        """List every import: file, sha256, format, rows read/loaded/rejected/duplicate, status, time."""
        with open_nav(db) as nav:
            table = nav.loads()
        if json_out:
            print_json(table)
            return
        _render([dict(row, file=row["file_name"]) for row in table.to_pylist()], title="loads")

    @app.command()
    def rejects(
        load_id: Annotated[int, typer.Argument(help="The load (see `chainnav loads`).")],
        db: DbOption,
        out: Annotated[Path | None, typer.Option("--out", help="Write the rejected rows to this CSV file.")] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Show the rejected rows of one load: row number, column, reason and the raw text."""
        with open_nav(db) as nav:
            table = nav.rejects(load_id)
        if out is not None:
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, out)
            console.print(f"{table.num_rows} rows written to {out}")
            return
        if json_out:
            print_json(table)
            return
        print_arrow(table, title=f"rejects of load {load_id}")



def _render(rows: list[dict], *, title: str) -> None:
    """Load reports as one compact table (file names are never wrapped)."""
    view = Table(title=title, box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    view.add_column("id", justify="right", no_wrap=True)
    view.add_column("file", no_wrap=True, overflow="ellipsis", max_width=22)
    view.add_column("format", no_wrap=True, min_width=7)
    view.add_column("status", no_wrap=True, min_width=7)
    for name in ("read", "loaded", "upd", "rej", "dup", "s"):
        view.add_column(name, justify="right", no_wrap=True, min_width=5)
    for r in rows:
        view.add_row(str(r["load_id"]), Path(r["file"]).name, r["format"], r["status"], f"{r['rows_read']:,}",
                     f"{r['rows_loaded']:,}", f"{r['rows_updated']:,}", f"{r['rows_rejected']:,}",
                     f"{r['rows_duplicate']:,}", f"{r['seconds'] or 0:.1f}")
    console.print(view)
