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
    # How to print a column: "int", "float1", "float2", "float3", "pct" (share 0-1 shown as %),
    # "pct_points", "year" or "text"; columns left out are inferred from their Arrow type.
    formats: dict[str, str] = field(default_factory=dict)


@dataclass
class FigureBlock:
    caption: str
    source: str
    option: dict[str, Any]  # an ECharts option from chainnav.charts
    height: int = 360
    width: int = 800


@dataclass
class Section:
    key: str  # stable id, e.g. "summary", "landscape", "security", "standards"
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    figures: list[FigureBlock] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    """A whole report: a cover (title, subtitle, facts) and its chapters, in one language."""

    title: str
    subtitle: str
    lang: str  # "zh" | "en"
    sections: list[Section]
    kind: str = "navigation"  # "navigation" | "talent"
    cover_facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) under the title
    date: str = ""
