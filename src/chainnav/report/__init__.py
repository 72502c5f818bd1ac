"""Navigation and talent reports from the store: one report model rendered to HTML, DOCX and PDF."""

from chainnav.report.build import build_report, compose_report
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.render import render_report

__all__ = [
    "FigureBlock",
    "Report",
    "Section",
    "TableBlock",
    "build_report",
    "compose_report",
    "render_report",
]
