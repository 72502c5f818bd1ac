"""The report step of ``make demo``: the drone chain's navigation report in zh and en, plus the talent report.

The navigation report is written in all three formats; the talent report as HTML only, to keep the
demo short (``chainnav report --kind talent`` writes its DOCX and PDF the same way).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from chainnav.report.build import LANGS, build_report
from chainnav.report.render import FORMATS

if TYPE_CHECKING:
    from chainnav.demo import DemoContext

DEMO_BUILDS = (("navigation", FORMATS), ("talent", ("html",)))


def demo_step(ctx: DemoContext) -> None:
    """Build the reports under ``out/reports`` and print where they are and how long they took."""
    out = ctx.out / "reports"
    cache: dict[str, Any] = {}  # every language and kind shares the computed indicators
    started = time.perf_counter()
    written = []
    for kind, formats in DEMO_BUILDS:
        for lang in LANGS:
            began = time.perf_counter()
            paths = build_report(
                ctx.nav,
                ctx.chain_id,
                region=ctx.region,
                lang=lang,
                formats=formats,
                out=out,
                kind=kind,
                cache=cache,
            )
            ctx.console.print(
                f"{kind} report ({lang}, {', '.join(formats)}) in {time.perf_counter() - began:.1f} s:"
            )
            for path in paths:
                ctx.console.print(f"  {path}")
            written.extend(paths)
    seconds = time.perf_counter() - started
    ctx.console.print(f"{len(written)} report files in {seconds:.1f} s")
    ctx.notes.append(f"Navigation report ({seconds:.0f} s for {len(written)} files): open {written[0]}")
