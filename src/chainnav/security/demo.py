"""The security step of `make demo`: chokepoint ranking, classes, lists and watch on the drone chain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from chainnav.security.assess import assess
from chainnav.security.watch import watch

if TYPE_CHECKING:
    from chainnav.demo import DemoContext

LIST_NAMES = ("chain_leaders", "attract_firms", "partners", "talent", "risk_patents", "free_to_use",
              "high_value_local", "pledge_candidates")


def demo_step(ctx: DemoContext) -> None:
    """Assess the demo chain for ``ctx.region``, print the ranking, write the tables, run watch."""
    result = assess(ctx.nav, ctx.chain_id, region=ctx.region)
    basis = result.params["origin_basis"]
    ctx.console.print(
        f"region {result.region} (local) · {result.country} (domestic) · origin basis (node × unit rows): "
        + ", ".join(f"{k} {v}" for k, v in basis.items())
    )
    note = result.origin_note("en")
    if note:
        ctx.console.print(f"note: {note}", highlight=False)
    view = Table(title=f"卡脖子 chokepoint ranking · {ctx.chain_id} · {result.region}")
    for col in ("#", "node", "score", "foreign", "HHI", "RTA", "importance", "class"):
        view.add_column(col, overflow="fold")
    for r in result.ranking().to_pylist():
        node = next(n for n in result.nodes.to_pylist() if n["node_id"] == r["node_id"])
        view.add_row(
            str(r["chokepoint_rank"]), f"{r['name_zh'] or ''} {r['node_id']}", f"{r['chokepoint']:.1f}",
            f"{node['foreign_share']:.0%}", f"{node['foreign_hhi']:.0f}", f"{node['rta']:.2f}",
            f"{node['importance']:.2f}", r["class"],
        )
    ctx.console.print(view)
    for r in result.ranking().to_pylist():
        ctx.console.print(f"{r['chokepoint_rank']:>2} {r['class']} {r['node_id']}: {r['class_reason']}", highlight=False)
    ctx.console.print(" · ".join(f"{name} {getattr(result, name).num_rows}" for name in LIST_NAMES))
    out = ctx.out / "security"
    written = result.write(out)
    ctx.console.print(f"wrote {len(written)} files under {out}")
    ctx.console.print(watch(ctx.nav, ctx.chain_id, region=ctx.region).summary_text("zh"), highlight=False)
    ctx.notes.append(
        f"Chain security: `chainnav security --chain {ctx.chain_id} --region {ctx.region}` "
        f"(tables in {out}); after the next import, `chainnav watch --chain {ctx.chain_id}`."
    )
