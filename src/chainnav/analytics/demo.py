"""Demo step: write the drone chain's analysis folder and print a few headline figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainnav.analytics.export import run_analysis

if TYPE_CHECKING:
    from chainnav.demo import DemoContext


def demo_step(ctx: DemoContext) -> None:
    """Compute every indicator of ``ctx.chain_id`` for ``ctx.region`` into ``out/analysis/<chain>``."""
    folder = ctx.out / "analysis" / ctx.chain_id
    result = run_analysis(ctx.nav, ctx.chain_id, region=ctx.region, unit="family", out=folder)
    view = ctx.nav.chain(ctx.chain_id).scoped(region=ctx.region, unit="family")
    hhi = view.indicator("hhi").to_pylist()[0]
    top = view.indicator("top_applicants", n=3).to_pylist()
    stage = [r for r in view.indicator("lifecycle").to_pylist() if not r["incomplete"]]
    local = view.indicator("local_share", by=None).to_pylist()[0]
    tables = sum(1 for r in result.runs if r.file)
    ctx.console.print(
        f"{tables} indicator tables in [bold]{folder}[/] ({result.manifest['seconds']:.1f} s, unit: family)"
    )
    ctx.console.print(
        f"{hhi['players']:,} applicants holding {hhi['units_held']:,} applicant-family links, HHI {hhi['hhi']:.0f}; "
        f"top: " + ", ".join(f"{r['display_name']} ({r['units']})" for r in top)
    )
    if stage:
        last = stage[-1]
        ctx.console.print(f"lifecycle in {last['year']} (last complete year): {last['stage']}")
    ctx.console.print(
        f"{ctx.region}: {local['local_units']:,} of {local['units']:,} families "
        f"({local['local_share']:.1%}) originate in the region"
    )
    ctx.notes.append(f"analysis tables: {folder} (chainnav analyze --chain {ctx.chain_id} --region {ctx.region})")
