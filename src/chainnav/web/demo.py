"""Demo step of the web platform: check the app builds over the demo store and say how to start it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chainnav.demo import DemoContext


def demo_step(ctx: DemoContext) -> None:
    """Build the app on the demo store's connection, compute the home and chain pages, add start-up notes."""
    from chainnav.web import data as pages
    from chainnav.web import figures
    from chainnav.web.app import app_for_navigator
    from chainnav.web.i18n import Translator

    app = app_for_navigator(ctx.nav, region=ctx.region)
    runner = app.state.web.runner
    home = pages.home_data(runner)
    chain = pages.chain_data(runner, ctx.chain_id, ctx.region)
    figures.chain_figures(chain, Translator("zh"))
    indicators = chain["indicators"]
    ctx.console.print(f"web: {len(home['chains'])} chain(s) on the home page, {len(app.routes)} routes")
    ctx.console.print(
        f"web: platform ready; chain {ctx.chain_id}: {indicators['patents']:,} patents, "
        f"local share ({ctx.region}) {100 * (indicators['local_share'] or 0):.1f}%"
    )
    db = ctx.nav.path
    ctx.notes.append(
        "Web platform: `make serve` (or `.venv/bin/chainnav serve --db " + db + "`), then open "
        "http://127.0.0.1:8000/ (API docs at /-/api)."
    )
    ctx.notes.append(
        "Admin area (/-/admin): create an administrator first with "
        "`.venv/bin/chainnav admin create-user admin --db " + db + "` (prompts for a password)."
    )
