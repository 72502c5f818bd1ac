"""`chainnav report`: build a chain's navigation or talent report as HTML, DOCX and PDF."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Annotated

import typer

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_json
from chainnav.config import Settings


def _years(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text)
    if not match:
        raise typer.BadParameter(
            f"{text!r} is not a year range; write FROM-TO, e.g. 2010-2024", param_hint="--years"
        )
    return int(match[1]), int(match[2])


def register(app: typer.Typer) -> None:
    """Add the report commands to the chainnav app."""

    @app.command("report")
    def report_command(
        chain: Annotated[str, typer.Option("--chain", help="Chain id, e.g. uav.")],
        db: DbOption,
        out: Annotated[Path, typer.Option("--out", help="Folder to write the report files into.")] = Path(
            "reports"
        ),
        region: Annotated[
            str, typer.Option("--region", help="Region of interest: CN or CN-GD (env CHAINNAV_REGION).")
        ] = "",
        lang: Annotated[
            str, typer.Option("--lang", help="Report language: zh or en (env CHAINNAV_LANG).")
        ] = "",
        formats: Annotated[
            str, typer.Option("--format", help="Comma-separated formats: html, docx, pdf.")
        ] = "html,docx,pdf",
        kind: Annotated[
            str,
            typer.Option("--kind", help="navigation (产业规划类专利导航报告) or talent (创新人才分析报告)."),
        ] = "navigation",
        unit: Annotated[
            str, typer.Option("--unit", help="Counting unit: family, application or publication.")
        ] = "family",
        years: Annotated[
            str | None, typer.Option("--years", help="Application years FROM-TO, e.g. 2010-2024.")
        ] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Build the report of one chain for one region; prints the files written."""
        from chainnav.report.build import build_report
        from chainnav.report.render import RenderTimes

        settings = Settings()
        times = RenderTimes()
        started = time.perf_counter()
        with open_nav(db, read_only=True) as nav:
            paths = build_report(
                nav,
                chain,
                region=(region or settings.region).upper(),
                lang=lang or settings.lang,
                formats=formats.split(","),
                out=out,
                kind=kind,
                unit=unit,
                years=_years(years),
                times=times,
            )
        seconds = time.perf_counter() - started
        if json_out:
            print_json(
                {"files": [str(p) for p in paths], "seconds": round(seconds, 2), "stages": times.seconds}
            )
            return
        for path in paths:
            console.print(f"wrote {path}")
        console.print(f"[dim]{len(paths)} file(s) in {seconds:.1f} s[/]")
