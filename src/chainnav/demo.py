"""The demo: every capability in turn on the bundled drone data (``make demo``).

Each capability contributes one step, ``chainnav.<capability>.demo.demo_step(ctx)``, listed in
``DEMO_STEPS`` in the order the data flows.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from chainnav.navigator import Navigator

DEMO_CHAIN = "uav"
DEMO_STEPS = ("ingest", "chains", "entities", "analytics", "security", "standards", "report", "web")


@dataclass
class DemoContext:
    """What the demo steps share: the open store, output folder, region and a console."""

    nav: Navigator
    out: Path
    region: str
    chain_id: str = DEMO_CHAIN
    console: Console = field(default_factory=Console)
    notes: list[str] = field(default_factory=list)


def run_demo(db: Path, out: Path, *, region: str = "CN", console: Console | None = None) -> DemoContext:
    """Run every demo step against the store at ``db`` and write outputs under ``out``."""
    console = console or Console()
    out.mkdir(parents=True, exist_ok=True)
    with Navigator(db) as nav:
        ctx = DemoContext(nav=nav, out=out, region=region, console=console)
        for name in DEMO_STEPS:
            step = importlib.import_module(f"chainnav.{name}.demo").demo_step
            started = time.perf_counter()
            console.rule(f"[bold]{name}")
            step(ctx)
            console.print(f"[dim]{name} took {time.perf_counter() - started:.1f} s[/]")
    console.rule("[bold]next")
    for note in ctx.notes:
        console.print(note)
    return ctx
