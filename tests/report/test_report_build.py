"""Reports built from the demo drone store: chapters present, known figures in the right tables."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

import chainnav
from chainnav.report import build_report

pytestmark = pytest.mark.slow

NAVIGATION_ZH = [
    "摘要",
    "产业链与节点",
    "全球专利态势",
    "中国（CN）与全球对比",
    "分环节分析",
    "主要创新主体",
    "创新人才",
    "产业链安全",
    "风险预警",
    "方法与数据",
]
NAVIGATION_EN = [
    "Summary",
    "The chain and its nodes",
    "Global landscape",
    "China (CN) against the world",
    "Node by node",
    "Key players",
    "Talent",
    "Chain security",
    "Risk warning",
    "Methods and data",
]
TALENT_ZH = [
    "摘要",
    "人才总体态势",
    "人才地域分布",
    "核心发明人",
    "研发团队",
    "各环节人才",
    "人才流动",
    "人才引进与培养",
    "方法与数据",
]
BUILDS = [
    ("navigation", "zh", ("html", "docx", "pdf")),
    ("navigation", "en", ("pdf",)),
    ("talent", "zh", ("docx",)),
    ("talent", "en", ("html",)),
]


@pytest.fixture(scope="module")
def built(
    drone_classified_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], Path]:
    out = tmp_path_factory.mktemp("reports")
    cache: dict = {}
    files = {}
    with chainnav.open(drone_classified_db, read_only=True) as nav:
        for kind, lang, formats in BUILDS:
            for path in build_report(
                nav, "uav", region="CN", lang=lang, formats=formats, out=out, kind=kind, cache=cache
            ):
                files[(kind, lang, path.suffix[1:])] = path
    return files


@pytest.fixture(scope="module")
def platform_families(drone_classified_db: Path) -> tuple[str, int]:
    """Hand count: distinct simple families classified to the uav_platform node."""
    with chainnav.open(drone_classified_db, read_only=True) as nav:
        row = nav.sql(
            "SELECT n.name_zh AS name, count(DISTINCT coalesce(p.family_id, p.patent_id)) AS families "
            "FROM patent_node pn JOIN patent p USING (patent_id) "
            "JOIN chain_node n ON n.chain_id = pn.chain_id AND n.node_id = pn.node_id "
            "WHERE pn.chain_id = 'uav' AND pn.node_id = 'uav_platform' GROUP BY n.name_zh"
        ).to_pylist()[0]
    return row["name"], row["families"]


def chapter_titles(document) -> list[str]:
    return [re.sub(r"^\d+ ", "", p.text) for p in document.paragraphs if p.style.name == "Heading 1"]


def without_optional(titles: list[str]) -> list[str]:
    """Chapter titles without the standards chapter, which appears once that module exists."""
    return [t for t in titles if "标准" not in t and "tandard" not in t]


def test_docx_has_every_chapter_in_order_and_none_is_empty(built):
    document = Document(str(built[("navigation", "zh", "docx")]))
    assert without_optional(chapter_titles(document)) == NAVIGATION_ZH
    chapters: list[list[str]] = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        is_paragraph = hasattr(block, "style") and hasattr(block, "runs")
        if is_paragraph and block.style.name == "Heading 1":
            chapters.append([])
        elif chapters:
            text = block.text if is_paragraph else " ".join(c.text for row in block.rows for c in row.cells)
            chapters[-1].append(text)
    assert len(chapters) >= len(NAVIGATION_ZH)
    assert all(len("".join(texts).strip()) > 40 for texts in chapters)


def test_known_figure_is_in_the_node_table(built, platform_families):
    name, families = platform_families
    document = Document(str(built[("navigation", "zh", "docx")]))
    node_table = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["节点", "环节", "专利数"]
    )
    rows = {r.cells[0].text.strip("　"): [c.text for c in r.cells] for r in node_table.rows[1:]}
    assert rows[name][2] == f"{families:,}"
    assert rows[name][1] == "中游"


def test_summary_sentences_carry_their_numbers(built):
    document = Document(str(built[("navigation", "zh", "docx")]))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("1.1 主要发现")
    findings = [t for t in texts[start + 1 : texts.index("1.2 发展建议")] if t.strip()]
    assert len(findings) >= 5
    assert all(re.search(r"\d", sentence) for sentence in findings)
    key_table = document.tables[1]  # after the cover facts
    assert [c.text for c in key_table.rows[0].cells] == ["指标", "数值", "章节"]


def test_pdf_has_chinese_text_chapters_and_non_blank_pages(built, platform_families, tmp_path):
    from PIL import Image

    pdf = built[("navigation", "zh", "pdf")]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    for title in NAVIGATION_ZH:
        assert title in text
    name, families = platform_families
    assert name in text and f"{families:,}" in text
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) > 15
    coloured = 0
    for page in pages:
        image = Image.open(page).convert("RGB")
        assert sum(image.convert("L").histogram()[:200]) > 100, f"{page.name} is blank"
        coloured += sum(image.convert("HSV").getchannel("S").histogram()[80:]) > 200
    assert coloured >= 5  # the chain map, trend, country, player and security charts
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    # every glyph came from the Noto CJK fonts: no fallback font, no missing-glyph boxes
    assert names and all(name.startswith("Noto-Sans-CJK-SC") for name in names)


def test_english_report_speaks_english(built):
    text = subprocess.run(
        ["pdftotext", str(built[("navigation", "en", "pdf")]), "-"], capture_output=True, check=True
    ).stdout.decode()
    headings = [f"{i} {title}" for i, title in enumerate(NAVIGATION_EN, start=1)]
    body = text[text.index(headings[0], text.index(headings[0]) + 1) :]  # after the table of contents
    positions = [body.find(heading) for heading in headings[:9]]  # the standards chapter may come 10th
    assert -1 not in positions and positions == sorted(positions)
    assert "Methods and data" in body
    assert "Figure 1." in text and "Table 1." in text and "Source:" in text
    assert "资料来源" not in text and "表 1" not in text


def test_talent_report_builds_in_both_languages(built):
    document = Document(str(built[("talent", "zh", "docx")]))
    assert chapter_titles(document) == TALENT_ZH
    assert len(document.inline_shapes) >= 5
    html = built[("talent", "en", "html")].read_text(encoding="utf-8")
    assert "Innovation Talent Report" in html and "Core inventors" in html
    assert not re.search(
        r"\b(tal|tab|fig|col)\.[a-z_]+\b", re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    )


def test_html_carries_one_option_per_chart(built):
    html = built[("navigation", "zh", "html")].read_text(encoding="utf-8")
    charts = html.count('class="chart"')
    assert charts >= 8
    assert all(f'data-figure="{n}"' in html for n in range(1, charts + 1))
