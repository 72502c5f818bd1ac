"""Demo step of the ingest capability: load the bundled Lens drone export and show the counts."""

from __future__ import annotations

from rich.table import Table

from chainnav.demo import DemoContext
from chainnav.resources import DEMO_DATA


def demo_step(ctx: DemoContext) -> None:
    """Import ``DEMO_DATA`` into ``ctx.nav`` and print what was loaded."""
    (report,) = ctx.nav.ingest(DEMO_DATA)
    counts = ctx.nav.sql(
        """SELECT (SELECT count(*) FROM patent) AS patents,
                  (SELECT count(*) FROM classification WHERE scheme = 'CPC') AS cpc_rows,
                  (SELECT count(*) FROM classification WHERE scheme = 'IPC') AS ipc_rows,
                  (SELECT count(DISTINCT name_norm) FROM party WHERE role = 'applicant') AS applicants,
                  (SELECT count(*) FROM priority_claim) AS priority_claims"""
    ).to_pylist()[0]
    table = Table(title=f"load {report.load_id}: {DEMO_DATA.name} ({report.format}, {report.status})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in (
        ("rows read", report.rows_read),
        ("rows loaded", report.rows_loaded),
        ("rows rejected", report.rows_rejected),
        ("rows duplicate", report.rows_duplicate),
        ("patents in store", counts["patents"]),
        ("CPC rows", counts["cpc_rows"]),
        ("IPC rows", counts["ipc_rows"]),
        ("distinct applicants", counts["applicants"]),
        ("priority claims", counts["priority_claims"]),
        ("seconds", f"{report.seconds:.1f}"),
    ):
        table.add_row(name, f"{value:,}" if isinstance(value, int) else str(value))
    ctx.console.print(table)
    ctx.notes.append(
        "Import your own export: chainnav ingest my_export.csv --db chainnav.duckdb "
        "(Lens, PatentsView g_*.tsv.zip, Google Patents, incoPat/PatSnap .xlsx/.csv; other layouts with "
        "--map mapping.yaml, see docs/ingest.md), then chainnav loads to check the counts."
    )
