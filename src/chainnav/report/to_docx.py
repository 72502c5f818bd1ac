"""DOCX rendering of a report with python-docx: real headings, tables, captions and fields.

Agencies edit the report in Word before publishing, so everything stays editable: chapters use the
built-in Heading styles (the navigation pane and the table of contents work), tables are Word
tables with a repeating header row, captions use the Caption style with SEQ fields (Word renumbers
them), and the table of contents is a TOC field that Word fills in when the file is opened.
Charts are PNG pictures drawn from the same ECharts options as the HTML.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from chainnav.report.layout import Chapter, FormattedTable, NumberedFigure, label, source_line
from chainnav.report.model import Report

# Fonts Word users in China have; LibreOffice maps them to Noto CJK through fontconfig.
BODY_FONT = {"zh": ("Times New Roman", "SimSun"), "en": ("Calibri", "SimSun")}
HEADING_FONT = {"zh": ("Times New Roman", "SimHei"), "en": ("Calibri", "SimHei")}
TOC_HINT = {
    "zh": "目录将在 Word 中打开时更新（或右键“更新域”）。",
    "en": "The table of contents is filled in when Word opens the file (or right-click, Update Field).",
}
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
PAGE_WIDTH_CM = 16.0


def _set_fonts(style_or_run: object, latin: str, east_asian: str) -> None:
    font = style_or_run.font  # type: ignore[attr-defined]
    font.name = latin
    r_pr = style_or_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """A Word field (``SEQ``, ``PAGE``, ``TOC``) with a cached result shown until Word updates it."""

    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(cached)
    char("end")


def _caption(document: Document, lang: str, kind: str, number: int, text: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word = label(lang, kind)
    paragraph.add_run(f"{word} ")
    # the sequence is named after the label so Word's Insert Caption dialog continues it
    _field(paragraph, f"SEQ {word} \\* ARABIC", str(number))
    paragraph.add_run(f"{'.' if lang == 'en' else ''} {text}")


def _source(document: Document, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    paragraph.paragraph_format.space_after = Pt(10)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _table(document: Document, lang: str, table: FormattedTable) -> None:
    _caption(document, lang, "table", table.number, table.block.caption)
    word_table = document.add_table(rows=1, cols=len(table.headers))
    word_table.style = "Table Grid"
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = word_table.rows[0]
    _repeat_header(header)
    for cell, text, numeric in zip(header.cells, table.headers, table.numeric, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
        _shade(cell, "EEF2F7")
    for values in table.rows:
        cells = word_table.add_row().cells
        for cell, text, numeric in zip(cells, values, table.numeric, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(9)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
    if table.block.note:
        _source(document, f"{label(lang, 'note')}{table.block.note}")
    _source(document, source_line(lang, table.block.source))


def _figure(document: Document, lang: str, figure: NumberedFigure, png: bytes) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    width = min(PAGE_WIDTH_CM, PAGE_WIDTH_CM * figure.block.width / 800)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width))
    _caption(document, lang, "figure", figure.number, figure.block.caption)
    _source(document, source_line(lang, figure.block.source))


def _styles(document: Document, lang: str) -> None:
    latin, east = BODY_FONT.get(lang, BODY_FONT["en"])
    normal = document.styles["Normal"]
    _set_fonts(normal, latin, east)
    normal.font.size = Pt(10.5)
    normal.paragraph_format.line_spacing = 1.3
    h_latin, h_east = HEADING_FONT.get(lang, HEADING_FONT["en"])
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption"):
        _set_fonts(document.styles[name], h_latin if name != "Caption" else latin, h_east)
    document.styles["Caption"].font.size = Pt(9.5)
    document.styles["Caption"].font.color.rgb = RGBColor(0x1F, 0x29, 0x33)


def _page_setup(document: Document, lang: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    # ask Word to refresh fields (TOC, SEQ, PAGE) when the document opens
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _cover(document: Document, report: Report) -> None:
    document.add_paragraph(style="Title").add_run(report.title)
    subtitle = document.add_paragraph()
    run = subtitle.add_run(report.subtitle)
    run.font.size = Pt(14)
    run.font.color.rgb = MUTED
    if report.cover_facts:
        facts = document.add_table(rows=0, cols=2)
        for name, value in report.cover_facts:
            cells = facts.add_row().cells
            cells[0].text, cells[1].text = name, value
    document.add_paragraph(report.date)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    heading = document.add_paragraph(style="TOC Heading")
    heading.add_run(label(report.lang, "contents"))
    toc = document.add_paragraph()
    _field(toc, 'TOC \\o "1-2" \\h \\z \\u', TOC_HINT.get(report.lang, TOC_HINT["en"]))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def write_docx(report: Report, path: Path, *, numbered: list[Chapter], pngs: dict[int, bytes]) -> Path:
    """Write the DOCX; ``pngs`` maps figure numbers to chart pictures."""
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.subject = report.subtitle
    document.core_properties.language = "zh-CN" if report.lang == "zh" else "en"
    _styles(document, report.lang)
    _page_setup(document, report.lang)
    _cover(document, report)
    for chapter in numbered:
        if chapter.level == 1 and chapter is not numbered[0]:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(chapter.heading, level=min(chapter.level, 4))
        for text in chapter.section.paragraphs:
            document.add_paragraph(text)
        for figure in chapter.figures:
            _figure(document, report.lang, figure, pngs[figure.number])
        for table in chapter.tables:
            _table(document, report.lang, table)
    document.save(path)
    return path
