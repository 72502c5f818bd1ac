"""Demo step: import the shipped catalogue and the illustrative quality sample, link, report, write tables."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.compute as pc
from rich.table import Table

from chainnav.standards.analysis import node_standard_stats, standard_gaps
from chainnav.standards.catalogue import import_catalogue
from chainnav.standards.linkage import link_standards
from chainnav.standards.quality import (
    compare_limits,
    domestic_pass_international_fail,
    import_limits,
    import_tests,
)
from chainnav.standards.tables import write_standards_tables

if TYPE_CHECKING:
    from chainnav.demo import DemoContext

CATALOGUES = ("catalogue_cn.csv", "catalogue_intl.csv", "quality_standards_illustrative.csv")
LIMITS = "quality_limits_illustrative.csv"
TESTS = "quality_tests_illustrative.csv"


def data_file(name: str) -> Path:
    """A file shipped in ``chainnav/standards/data``."""
    return Path(str(resources.files("chainnav.standards").joinpath("data", name)))


def demo_step(ctx: DemoContext) -> None:
    """Import, link to the demo chain's nodes, print coverage, gaps and a comparison; write tables."""
    nav, console = ctx.nav, ctx.console
    reports = [import_catalogue(nav, data_file(name)) for name in CATALOGUES]
    reports += [import_limits(nav, data_file(LIMITS)), import_tests(nav, data_file(TESTS))]
    for r in reports:
        console.print(f"{Path(r.file).name}: {r.status}, {r.rows_loaded} loaded, {r.rows_rejected} rejected, "
                      f"{r.rows_duplicate} duplicate")
    link = link_standards(nav, ctx.chain_id)
    console.print(f"linked {link.links} standard–node pairs on {link.nodes_with_standards} of {link.nodes} nodes "
                  f"{link.by_rule_type}; drafters matched to applicants: {link.drafters_matched} of {link.drafters}")

    stats = node_standard_stats(nav, ctx.chain_id)
    coverage = Table(title=f"standards per node ({ctx.chain_id})")
    for column in ("node", "linked", "current", "national", "group", "international", "median age", "drafters"):
        coverage.add_column(column, justify="left" if column == "node" else "right")
    for row in stats.to_pylist():
        if row["standards"]:
            age = "" if row["median_age_years"] is None else f"{row['median_age_years']:.1f}"
            coverage.add_row(row["name_zh"], str(row["standards"]), str(row["current"]), str(row["current_national"]),
                             str(row["current_group"]), str(row["current_international"]), age, str(row["drafters"]))
    console.print(coverage)

    gaps = standard_gaps(nav, ctx.chain_id)
    gap_rows = gaps.filter(pc.equal(gaps.column("gap"), True)).slice(0, 5).to_pylist()
    console.print(f"standard gaps: {sum(gaps.column('gap').to_pylist())} of {gaps.num_rows} nodes; top 5:")
    for row in gap_rows:
        console.print(f"  {row['name_zh']}: {row['units']} families, growth {row['growth']}, "
                      f"{row['reason_zh']} (score {row['gap_score']:.3f})")

    comparison = compare_limits(nav)
    view = Table(title="quality comparison (illustrative fictional sample data)")
    for column in ("product", "indicator", "domestic", "international", "in domestic unit", "stricter", "difference"):
        view.add_column(column)
    for row in comparison.to_pylist():
        diff = "" if row["difference"] is None else f"{row['difference']:g} {row['unit']} ({row['difference_pct']:+.1f}%)"
        view.add_row(row["product"], row["indicator"], f"{row['domestic_standard']} {row['domestic_limit']}",
                     f"{row['international_standard']} {row['international_limit']}",
                     row["international_in_domestic_unit"] or "", row["stricter"], diff)
    console.print(view)
    flags = domestic_pass_international_fail(nav)
    console.print(f"indicators where batches pass the domestic but fail the international standard: {flags.num_rows}")

    paths = write_standards_tables(nav, ctx.chain_id, Path(ctx.out) / "standards")
    console.print(f"{len(paths)} standards tables written to {Path(ctx.out) / 'standards'}")
    ctx.notes.append("standards: `chainnav standards gaps --chain uav` and `chainnav quality compare` "
                     "(the quality sample is fictional, for illustration).")
