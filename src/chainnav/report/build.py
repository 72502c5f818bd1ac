"""``build_report``: one chain's navigation or talent report, in one language, in several formats."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainnav.errors import ConfigError
from chainnav.report.data import ReportData
from chainnav.report.model import Report
from chainnav.report.render import FORMATS, RenderTimes, check_formats, render_report

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

KINDS = ("navigation", "talent")
LANGS = ("zh", "en")


def compose_report(
    nav: Navigator,
    chain_id: str,
    *,
    region: str,
    lang: str,
    kind: str = "navigation",
    unit: str = "family",
    years: tuple[int, int] | None = None,
    cache: dict[str, Any] | None = None,
) -> Report:
    """The report's content (chapters, tables, chart options) without writing any file."""
    if kind not in KINDS:
        raise ConfigError(f"unknown report kind {kind!r}", hint="Use --kind navigation or --kind talent.")
    if lang not in LANGS:
        raise ConfigError(f"unknown report language {lang!r}", hint="Use --lang zh or --lang en.")
    data = ReportData(nav, chain_id, region=region, lang=lang, unit=unit, years=years, cache=cache)
    if kind == "talent":
        from chainnav.report.talent import talent_report

        return talent_report(data)
    from chainnav.report.navigation import navigation_report

    return navigation_report(data)


def report_stem(chain_id: str, region: str, lang: str, kind: str) -> str:
    """File name without suffix, e.g. ``uav_CN_navigation_zh``."""
    return f"{chain_id}_{region.upper()}_{kind}_{lang}"


def build_report(
    nav: Navigator,
    chain_id: str,
    *,
    region: str,
    lang: str,
    formats: Iterable[str] = FORMATS,
    out: str | Path,
    kind: str = "navigation",
    unit: str = "family",
    years: tuple[int, int] | None = None,
    times: RenderTimes | None = None,
    cache: dict[str, Any] | None = None,
) -> list[Path]:
    """Build the report of ``chain_id`` for ``region`` and write it under ``out``; returns the files.

    ``formats`` is any of html (single self-contained file, interactive charts), docx (editable
    Word document) and pdf (fonts embedded). ``kind`` is ``navigation`` (产业规划类专利导航报告)
    or ``talent`` (创新人才分析报告). Pass the same ``cache`` dict to several calls on one store
    (e.g. the report in two languages) to compute each indicator once.
    """
    chosen = check_formats(formats)
    stopwatch = times or RenderTimes()
    started = time.perf_counter()
    report = compose_report(
        nav, chain_id, region=region, lang=lang, kind=kind, unit=unit, years=years, cache=cache
    )
    stopwatch.seconds["compose"] = time.perf_counter() - started
    return render_report(report, Path(out), report_stem(chain_id, region, lang, kind), chosen, stopwatch)
