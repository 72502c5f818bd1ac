"""Write one report in the requested formats (HTML, DOCX, PDF) from one numbered chapter list.

Charts are drawn once per build: SVG through ECharts in Node for the PDF, and PNG screenshots of
those SVGs for the DOCX, so all three formats show the same figures with the same numbers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chainnav.charts import render_svgs, svgs_to_pngs
from chainnav.errors import ConfigError
from chainnav.report.layout import chapters
from chainnav.report.model import Report

FORMATS = ("html", "docx", "pdf")


@dataclass
class RenderTimes:
    """Seconds spent per stage of the last render (for the build summary)."""

    seconds: dict[str, float] = field(default_factory=dict)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ConfigError(
            f"unknown report format {', '.join(unknown) or '(none)'}",
            hint="Use --format with one or more of html, docx, pdf (e.g. --format html,pdf).",
        )
    return chosen


def render_report(
    report: Report, out: Path, stem: str, formats: Iterable[str], times: RenderTimes | None = None
) -> list[Path]:
    """Write ``out/stem.<format>`` for each format and return the paths in the order asked."""
    chosen = check_formats(formats)
    out.mkdir(parents=True, exist_ok=True)
    numbered = chapters(report)
    figures = [figure for chapter in numbered for figure in chapter.figures]
    stopwatch = times or RenderTimes()
    started = time.perf_counter()
    svgs: dict[int, str] = {}
    if {"pdf", "docx"} & set(chosen):
        drawn = render_svgs([(f.block.option, f.block.width, f.block.height) for f in figures])
        svgs = {f.number: svg for f, svg in zip(figures, drawn, strict=True)}
        stopwatch.seconds["charts_svg"] = time.perf_counter() - started
    paths: list[Path] = []
    for fmt in chosen:
        started = time.perf_counter()
        path = out / f"{stem}.{fmt}"
        if fmt == "html":
            from chainnav.report.to_html import write_html

            write_html(report, path)
        elif fmt == "pdf":
            from chainnav.report.to_pdf import write_pdf

            write_pdf(report, path, numbered=numbered, svgs=svgs)
        else:
            from chainnav.report.to_docx import write_docx

            pictures = svgs_to_pngs([(svgs[f.number], f.block.width, f.block.height) for f in figures])
            pngs = {f.number: png for f, png in zip(figures, pictures, strict=True)}
            write_docx(report, path, numbered=numbered, pngs=pngs)
        stopwatch.seconds[fmt] = time.perf_counter() - started
        paths.append(path)
    return paths
