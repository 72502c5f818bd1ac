"""PDF rendering of a report: the print HTML laid out by WeasyPrint, fonts embedded.

WeasyPrint finds fonts through fontconfig; the stylesheet asks for Noto Sans CJK SC (Debian package
fonts-noto-cjk), and WeasyPrint embeds the subset of glyphs the document uses, so the PDF shows the
same Chinese text on a machine without those fonts.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from chainnav.report.layout import Chapter
from chainnav.report.model import Report
from chainnav.report.to_html import TEMPLATES, render_page, svg_data_uri

_HALO_TEXT = re.compile(r"<text\b[^>]*\bpaint-order=\"stroke\"[^>]*>")
_STROKE_ATTRS = re.compile(r'\s(?:stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"')


def without_text_halos(svg: str) -> str:
    """Drop the white outline ECharts draws behind some labels.

    The outline relies on ``paint-order: stroke`` (outline under the letters), which WeasyPrint does
    not implement: it would paint the white outline over the letters and hide the label.
    """
    return _HALO_TEXT.sub(lambda m: _STROKE_ATTRS.sub("", m.group(0)), svg)


def write_pdf(report: Report, path: Path, *, numbered: list[Chapter], svgs: dict[int, str]) -> Path:
    """Write the PDF; ``svgs`` maps figure numbers to the static SVG of each chart."""
    import weasyprint

    html = render_page(
        report,
        mode="print",
        images={number: svg_data_uri(without_text_halos(svg)) for number, svg in svgs.items()},
        numbered=numbered,
    )
    # WeasyPrint reports every unsupported CSS property of the inlined stylesheet at WARNING;
    # those are expected (the sheet also serves browsers), so keep its log to errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(path)
    return path
