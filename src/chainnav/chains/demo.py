"""Demo step of the chains capability: classify the shipped chains and show the drone chain's tree."""

from __future__ import annotations

from rich.table import Table

from chainnav.chains.classifier import node_counts
from chainnav.chains.registry import load_chain
from chainnav.chains.render import chain_tree
from chainnav.demo import DemoContext


def demo_step(ctx: DemoContext) -> None:
    """Classify every shipped chain on the demo store, then print ``ctx.chain_id``'s tree with counts."""
    report = ctx.nav.classify(None)
    table = Table(title=f"{len(report.chains)} chains classified over {report.patents_in_store:,} patents "
                        f"in {report.seconds:.1f} s")
    for column in ("chain", "nodes", "patents on nodes", "assignments", "seconds"):
        table.add_column(column, justify="left" if column == "chain" else "right")
    for result in report.chains:
        table.add_row(result.chain_id, str(result.nodes), f"{result.patents:,}", f"{result.assignments:,}",
                      f"{result.seconds:.2f}")
    ctx.console.print(table)
    chain = load_chain(ctx.chain_id)
    ctx.console.print(chain_tree(chain, node_counts(ctx.nav, chain.id), rules=False))
    example = ctx.nav.sql(
        "SELECT patent_id FROM patent_node WHERE chain_id = ? GROUP BY patent_id "
        "ORDER BY count(*) DESC, patent_id LIMIT 1", [chain.id]
    ).to_pylist()
    patent = example[0]["patent_id"] if example else "PATENT_ID"
    ctx.notes.append(
        f"Why is a patent on a node? chainnav explain {patent} --chain {chain.id} --db {ctx.nav.path} ; "
        f"tree with counts: chainnav chains show {chain.id} ; quality against hand labels: "
        "chainnav chains evaluate --chain uav --labels labels.csv --ablation (see docs/chains.md)."
    )
