"""HTML rendering of a report: one self-contained file (ECharts inlined) or the print form for PDF.

The interactive file carries the ECharts library and every chart option inside it, so it opens
offline from a USB stick or an e-mail attachment. The print form (for WeasyPrint) replaces each
chart with its static SVG drawn by the same ECharts in Node.
"""

from __future__ import annotations

import base64
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from chainnav.errors import ChainnavError
from chainnav.report.layout import LABELS, Chapter, chapters, figure_caption, source_line, table_caption
from chainnav.report.model import Report
from chainnav.resources import ECHARTS_JS

TEMPLATES = Path(__file__).with_name("templates")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _version() -> str:
    try:
        return version("chainnav")
    except PackageNotFoundError:
        return "dev"


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a <script> element (no early ``</script>``, no HTML comment)."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return Markup(text.replace("</", "<\\/").replace("<!--", "<\\!--"))


def echarts_source() -> str:
    if not ECHARTS_JS.exists():
        raise ChainnavError(
            f"ECharts is missing: {ECHARTS_JS}",
            hint="Run `make assets` (npm ci and copy echarts.min.js into the package).",
        )
    return ECHARTS_JS.read_text(encoding="utf-8")


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def render_page(
    report: Report,
    *,
    mode: Literal["interactive", "print"],
    images: dict[int, str] | None = None,
    numbered: list[Chapter] | None = None,
) -> str:
    """The report as an HTML string; ``images`` maps figure numbers to image URIs in print mode."""
    numbered = numbered if numbered is not None else chapters(report)
    lang = report.lang
    context: dict[str, Any] = {
        "report": report,
        "chapters": numbered,
        "mode": mode,
        "labels": LABELS.get(lang, LABELS["en"]),
        "version": _version(),
        "css": Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        "images": images or {},
        "figure_caption": lambda figure: figure_caption(lang, figure),
        "table_caption": lambda table: table_caption(lang, table),
        "source_line": lambda source: source_line(lang, source),
    }
    if mode == "interactive":
        options = {str(f.number): f.block.option for chapter in numbered for f in chapter.figures}
        context["options_json"] = script_json(options)
        # the library is inlined as is; it contains no "</script" (checked by the tests)
        context["echarts_js"] = Markup(echarts_source())
    return _environment().get_template("report.html.j2").render(**context)


def write_html(report: Report, path: Path) -> Path:
    """Write the single-file interactive HTML report."""
    path.write_text(render_page(report, mode="interactive"), encoding="utf-8")
    return path
