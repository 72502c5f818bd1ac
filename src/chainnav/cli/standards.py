"""Standards and quality commands: ``chainnav standards …`` and ``chainnav quality …``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc
import typer
from rich.table import Table

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json
from chainnav.navigator import Navigator
from chainnav.standards.loads import ImportReport

ChainOption = Annotated[str, typer.Option("--chain", "-c", help="Chain id (e.g. uav).")]


def _import_files(
    importer: Callable[[Navigator, Path], ImportReport], paths: list[Path], db: Path, json_out: bool
) -> None:
    """Run ``importer`` on each file (one transaction per file) and print the load reports."""
    with open_nav(db) as nav:
        reports = [importer(nav, path) for path in paths]
    _print_reports(reports, db, json_out)


def _print_reports(reports: list[ImportReport], db: Path, json_out: bool) -> None:
    if json_out:
        print_json([r.to_dict() for r in reports])
    else:
        view = Table(title=f"imports into {db}")
        for name in ("load", "file", "format", "status", "read", "loaded", "updated", "rejected", "duplicate"):
            view.add_column(name, justify="left" if name in ("file", "format", "status") else "right")
        for r in reports:
            view.add_row(str(r.load_id), Path(r.file).name, r.format, r.status, f"{r.rows_read:,}",
                         f"{r.rows_loaded:,}", f"{r.rows_updated:,}", f"{r.rows_rejected:,}", f"{r.rows_duplicate:,}")
        console.print(view)
        for r in reports:
            for reject in r.rejects[:10]:
                console.print(f"  row {reject.row_number}, column {reject.column}: {reject.reason}")
            if r.rows_rejected:
                console.print(f"load {r.load_id}: {r.rows_rejected} rows rejected — see `chainnav rejects {r.load_id}`")
            if r.status == "skipped":
                console.print(f"load {r.load_id}: {r.message}")
    if any(r.rows_rejected for r in reports):
        raise typer.Exit(1)


def _show(table: pa.Table, title: str, json_out: bool) -> None:
    if json_out:
        print_json(table)
    else:
        print_arrow(table, title=title)


def register(app: typer.Typer) -> None:
    """Add the ``standards`` and ``quality`` command groups to the chainnav app."""
    standards = typer.Typer(help="Standards catalogue, chain linkage, gaps and patent→standard candidates.",
                            no_args_is_help=True)
    quality = typer.Typer(help="Quality comparison: test results, limits, pass rates, domestic vs international.",
                          no_args_is_help=True)
    app.add_typer(standards, name="standards")
    app.add_typer(quality, name="quality")

    @standards.command("import")
    def import_(
        paths: Annotated[list[Path], typer.Argument(help="Catalogue exports (CSV/XLSX): std.samr.gov.cn or ISO/IEC.")],
        db: DbOption,
        json_out: JsonOption = False,
    ) -> None:
        """Import standards catalogues, one transaction per file; bad rows become rejects."""
        from chainnav.standards.catalogue import import_catalogue

        _import_files(import_catalogue, paths, db, json_out)

    @standards.command("list")
    def list_(
        db: DbOption,
        chain: Annotated[str | None, typer.Option("--chain", "-c", help="Only standards linked to this chain.")] = None,
        node: Annotated[str | None, typer.Option("--node", help="Only standards of this node (needs --chain).")] = None,
        status: Annotated[str | None, typer.Option("--status", help="current | upcoming | withdrawn | draft")] = None,
        json_out: JsonOption = False,
    ) -> None:
        """List the catalogue (or a chain's / node's standards with the rule that linked them)."""
        from chainnav.standards.pages import catalogue, node_standards

        with open_nav(db, read_only=True) as nav:
            if chain and node:
                table = node_standards(nav, chain, node)["standards"]
            elif chain:
                from chainnav.standards.analysis import node_standards_table

                table = node_standards_table(nav, chain).select(
                    "node_id", "standard_id", "title_zh", "effective_status", "rule_id"
                ).order_by(["node_id", "standard_id"]).to_pyarrow()
            else:
                table = catalogue(nav)
        if status:
            table = table.filter(pc.equal(table.column("effective_status"), status))
        _show(table, "standards", json_out)

    @standards.command("link")
    def link(db: DbOption, chain: ChainOption = "uav", json_out: JsonOption = False) -> None:
        """Link standards to the chain's nodes (ICS/CCS, keywords) and drafters to applicants."""
        from chainnav.standards.linkage import link_standards

        with open_nav(db) as nav:
            report = link_standards(nav, chain)
        if json_out:
            print_json(asdict(report))
            return
        console.print(f"chain {report.chain_id}: {report.links} links on {report.nodes_with_standards} of "
                      f"{report.nodes} nodes {report.by_rule_type}; drafters matched to applicants: "
                      f"{report.drafters_matched} of {report.drafters}")

    @standards.command("nodes")
    def nodes(db: DbOption, chain: ChainOption = "uav", json_out: JsonOption = False) -> None:
        """Per node: current standards by level, upcoming, withdrawn, median age and main drafters."""
        from chainnav.standards.analysis import node_standard_stats

        with open_nav(db, read_only=True) as nav:
            _show(node_standard_stats(nav, chain), f"standards per node of {chain}", json_out)

    @standards.command("gaps")
    def gaps(
        db: DbOption,
        chain: ChainOption = "uav",
        min_units: Annotated[int, typer.Option(help="Least patent units for a gap node.")] = 30,
        min_current: Annotated[int, typer.Option(help="Fewer current standards than this is a gap.")] = 3,
        max_age: Annotated[float, typer.Option(help="A median age above this (years) is a gap.")] = 8.0,
        all_nodes: Annotated[bool, typer.Option("--all", help="Show every node, not only gaps.")] = False,
        json_out: JsonOption = False,
    ) -> None:
        """Standard gaps: nodes with many growing patents but few or outdated standards."""
        from chainnav.standards.analysis import GapRule, standard_gaps

        rule = GapRule(min_units=min_units, min_current=min_current, max_median_age=max_age)
        with open_nav(db, read_only=True) as nav:
            table = standard_gaps(nav, chain, rule=rule)
        if not all_nodes:
            table = table.filter(pc.equal(table.column("gap"), True))
        _show(table, f"standard gaps of {chain}", json_out)

    @standards.command("candidates")
    def candidates(
        db: DbOption,
        chain: ChainOption = "uav",
        region: Annotated[str, typer.Option("--region", help="Region of interest (CN, CN-GD ...).")] = "CN",
        top_share: Annotated[float, typer.Option(help="Top share of value scores within a node.")] = 0.2,
        per_node: Annotated[int, typer.Option(help="Most candidates per node.")] = 10,
        json_out: JsonOption = False,
    ) -> None:
        """Patent→standard candidates: local high-value patents of drafters or in gap nodes, with reasons."""
        from chainnav.standards.analysis import patent_candidates

        with open_nav(db, read_only=True) as nav:
            table = patent_candidates(nav, chain, region=region, top_share=top_share, per_node=per_node)
        _show(table, f"patent→standard candidates in {chain} ({region})", json_out)

    @standards.command("export")
    def export(
        out: Annotated[Path, typer.Argument(help="Analysis folder to write into.")],
        db: DbOption,
        chain: ChainOption = "uav",
    ) -> None:
        """Write the standards (and quality) tables as Parquet files and standards.xlsx."""
        from chainnav.standards.tables import write_standards_tables

        with open_nav(db, read_only=True) as nav:
            paths = write_standards_tables(nav, chain, out)
        console.print(f"{len(paths)} files written to {out}")

    @quality.command("import")
    def quality_import(
        paths: Annotated[list[Path], typer.Argument(help="Limits files or test-result files (CSV/XLSX).")],
        db: DbOption,
        json_out: JsonOption = False,
    ) -> None:
        """Import indicator limits or product test results (told apart by their headers)."""
        from chainnav.standards.quality import import_quality

        _import_files(import_quality, paths, db, json_out)

    @quality.command("compare")
    def compare(
        db: DbOption,
        product: Annotated[str | None, typer.Option("--product", help="Only this product.")] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Domestic against international limits per product and indicator: which is stricter, by how much."""
        from chainnav.standards.quality import compare_limits

        with open_nav(db, read_only=True) as nav:
            table = compare_limits(nav)
        if product:
            table = table.filter(pc.equal(table.column("product"), product))
        _show(table, "limits compared", json_out)

    @quality.command("passrates")
    def passrates(
        db: DbOption,
        by: Annotated[str, typer.Option("--by", help="product | enterprise | region")] = "product",
        json_out: JsonOption = False,
    ) -> None:
        """Batch pass rates against each standard, per product, enterprise or region."""
        from chainnav.standards.quality import pass_rates

        with open_nav(db, read_only=True) as nav:
            _show(pass_rates(nav, by), f"pass rates by {by}", json_out)

    @quality.command("flags")
    def flags(db: DbOption, json_out: JsonOption = False) -> None:
        """Indicators where batches pass the domestic standard but would fail the international one."""
        from chainnav.standards.quality import domestic_pass_international_fail

        with open_nav(db, read_only=True) as nav:
            _show(domestic_pass_international_fail(nav), "pass domestic, fail international", json_out)
