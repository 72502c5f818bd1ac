"""The report model: what a report says, independent of HTML, DOCX or PDF.

Producers (analytics, security, standards) return sections; renderers turn them into documents.
Every figure is an ECharts option built by ``chainnav.charts``; every table carries its caption
and source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa


@dataclass
class TableBlock:
    caption: str
    source: str
    table: pa.Table  # already limited to what should be shown (top N with the rest summarized)
    note: str | None = None


@dataclass
class FigureBlock:
    caption: str
    source: str
    option: dict[str, Any]  # an ECharts option from chainnav.charts
    height: int = 360


@dataclass
class Section:
    key: str  # stable id, e.g. "summary", "landscape", "security", "standards"
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    figures: list[FigureBlock] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
