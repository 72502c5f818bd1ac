"""Renderers on a hand-made report: a self-contained HTML file, an editable DOCX, a PDF with Chinese."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest
from docx import Document

from chainnav import charts
from chainnav.report.model import FigureBlock, Report, Section, TableBlock
from chainnav.report.render import render_report

pytestmark = pytest.mark.slow


def hand_report(lang: str = "zh") -> Report:
    nodes = pa.table(
        {
            "node_id": ["battery", "frame", "fc", "photo"],
            "name": ["电池", "整机", "飞控", "航拍"],
            "segment": ["upstream", "midstream", "midstream", "downstream"],
            "parent_id": [None, None, "frame", None],
            "units": [300, 1250, 880, 390],
        }
    )
    applicants = pa.table(
        {"申请人": ["深圳市大疆创新科技有限公司", "IBM"], "专利数": [1234, 55], "占比": [0.081, 0.028]}
    )
    return Report(
        title="无人机产业专利导航报告",
        subtitle="区域：中国（CN）",
        lang=lang,
        cover_facts=[("产业链", "无人机")],
        date="2026-11-25",
        sections=[
            Section("summary", "摘要", ["本链共有专利 1,526 件。"]),
            Section(
                "chain",
                "产业链与节点",
                ["无人机整机专利最多。"],
                tables=[
                    TableBlock("主要申请人", "测试数据", applicants, formats={"占比": "pct"}, note="整数计数")
                ],
                figures=[
                    FigureBlock("产业链图谱", "测试数据", charts.chain_map(nodes, value="units"), height=360)
                ],
                subsections=[
                    Section(
                        "chain.trend",
                        "申请趋势",
                        ["逐年增长。"],
                        figures=[
                            FigureBlock(
                                "申请趋势",
                                "测试数据",
                                charts.trend_line([{"y": 2015, "n": 3}, {"y": 2016, "n": 9}], x="y", y="n"),
                            )
                        ],
                    )
                ],
            ),
        ],
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("hand")
    paths = render_report(hand_report(), out, "hand", ["html", "docx", "pdf"])
    return {p.suffix[1:]: p for p in paths}


def test_html_is_one_offline_file_with_echarts_and_every_chart(rendered):
    html = rendered["html"].read_text(encoding="utf-8")
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert html.count("<script>") == 2  # the inlined library and the chart set-up
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", markup)  # nothing fetched
    assert "echarts" in html[: html.index("echarts.init")]  # the library precedes its use
    assert "echarts.init" in html and html.count('class="chart"') == 2
    assert "深圳市大疆创新科技有限公司" in html and "8.1%" in html and "1,234" in html
    assert "图 1 产业链图谱" in html and "资料来源：测试数据" in html


def test_docx_has_headings_tables_captions_and_pictures(rendered):
    document = Document(str(rendered["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "1 摘要"),
        ("Heading 1", "2 产业链与节点"),
        ("Heading 2", "2.1 申请趋势"),
    ]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["图 1 产业链图谱", "表 1 主要申请人", "图 2 申请趋势"]
    data_table = document.tables[-1]  # the first table is the cover's facts
    assert [c.text for c in data_table.rows[0].cells] == ["申请人", "专利数", "占比"]
    assert [c.text for c in data_table.rows[1].cells] == ["深圳市大疆创新科技有限公司", "1,234", "8.1%"]
    assert len(document.inline_shapes) == 2
    xml = document.element.xml
    assert "SEQ 图" in xml and "SEQ 表" in xml and "TOC \\o" in xml


def test_pdf_embeds_cjk_fonts_and_chinese_text_is_extractable(rendered):
    text = subprocess.run(
        ["pdftotext", "-layout", str(rendered["pdf"]), "-"], capture_output=True, check=True
    ).stdout.decode()
    for expected in (
        "无人机产业专利导航报告",
        "2 产业链与节点",
        "深圳市大疆创新科技有限公司",
        "8.1%",
        "表 1 主要申请人",
        "图 2 申请趋势",
    ):
        assert expected in text
    fonts = subprocess.run(
        ["pdffonts", str(rendered["pdf"])], capture_output=True, check=True
    ).stdout.decode()
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("CJK" in row[0] for row in rows)
    assert all(row[-5] == "yes" for row in rows)  # every font embedded


def test_pdf_pages_render_with_ink_and_colour(rendered, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(rendered["pdf"]), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    coloured_pages = 0
    for page in pages:
        image = Image.open(page).convert("RGB")
        grey = image.convert("L")
        assert sum(grey.histogram()[:200]) > 200, f"{page.name} is blank"
        # chart pages carry saturated colour (series), text pages only greys
        hsv = image.convert("HSV")
        coloured_pages += sum(hsv.getchannel("S").histogram()[80:]) > 300
    assert coloured_pages >= 1


def test_unknown_format_names_the_choices(tmp_path):
    from chainnav.errors import ConfigError

    with pytest.raises(ConfigError, match="odt"):
        render_report(hand_report(), tmp_path, "x", ["html", "odt"])
