"""The standards chapter of the navigation report (标准链融合): nodes, gaps, candidates, quality comparison."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from chainnav.charts import ranking_bar, stacked_bar
from chainnav.errors import NotFoundError
from chainnav.navigator import Navigator
from chainnav.report.model import FigureBlock, Section, TableBlock
from chainnav.standards.analysis import (
    LEVEL_COLUMNS,
    node_standard_stats,
    patent_candidates,
    standard_gaps,
    standards_with_status,
)
from chainnav.standards.quality.compare import compare_limits, domestic_pass_international_fail, pass_rates
from chainnav.standards.quality.sample import STANDARDS as SAMPLE_STANDARDS

TEXT = {
    "zh": {
        "title": "标准链融合分析",
        "source": "chainnav 标准目录导入与节点关联（规则见方法说明）",
        "quality_source": "导入的产品检验结果与标准限值",
        "intro": "标准目录共 {standards} 项（现行 {current} 项），关联到本产业链 {linked}/{nodes} 个节点；"
                 "{gaps} 个节点存在标准缺口，{candidates} 件本地高价值专利可作为专利转化为标准的候选。",
        "drafters": "{matched} 家起草单位与本链专利申请人匹配。",
        "quality": "质量比对覆盖 {products} 种产品、{pairs} 组国内外限值对比，其中国际/国外标准更严的 {stricter} 组；"
                   "{flags} 个指标存在“符合国内标准但不符合国际标准”的批次。",
        "nodes_caption": "各节点现行标准数量、标龄与主要起草单位",
        "levels_caption": "各节点现行标准的层级构成",
        "gaps_caption": "标准缺口节点",
        "gap_chart_caption": "标准缺口得分",
        "candidates_caption": "专利转化为标准的候选（前 {n} 件）",
        "comparison_caption": "国内外标准限值比对",
        "flags_caption": "符合国内标准但不符合国际标准的指标",
        "pass_caption": "各产品按标准的批次合格率",
        "illustrative": "演示数据为虚构示例，仅用于说明方法。",
        "levels": {"national": "国家标准", "industry": "行业标准", "local": "地方标准", "group": "团体标准",
                   "enterprise": "企业标准", "international": "国际标准", "foreign": "国外标准"},
        "columns": {"name": "节点", "current": "现行标准", "median_age_years": "标龄中位数（年）",
                    "newest_year": "最新年份", "top_drafters": "主要起草单位", "units": "专利（族）",
                    "growth": "增长率", "reason": "缺口原因", "gap_score": "缺口得分", "node": "节点",
                    "patent_id": "专利", "applicants": "申请人", "value_score": "价值得分", "why": "理由"},
        "values": {"domestic": "国内标准", "international": "国际标准", "foreign": "国外标准", "equal": "相同",
                   "mixed": "交叉", "incomparable": "不可比"},
        "quality_columns": {"product": "产品", "indicator": "指标", "domestic_standard": "国内标准",
                            "domestic_limit": "国内限值", "international_standard": "国际/国外标准",
                            "international_origin": "类别", "international_in_domestic_unit": "国际限值（折算）",
                            "stricter": "更严", "difference": "差值", "unit": "单位", "difference_pct": "差值（%）",
                            "standard_id": "标准", "origin": "类别", "batches": "批次",
                            "batches_passed": "合格批次", "pass_rate": "合格率", "batches_flagged": "国内合格国际不合格批次",
                            "share": "占比"},
    },
    "en": {
        "title": "Standards linkage",
        "source": "chainnav standards catalogue import and node linkage (rules in the methods section)",
        "quality_source": "imported product test results and standard limits",
        "intro": "The catalogue holds {standards} standards ({current} current), linked to {linked} of the chain's "
                 "{nodes} nodes; {gaps} nodes show a standards gap and {candidates} local high-value patents are "
                 "candidates for standardisation.",
        "drafters": "{matched} drafting organisations match patent applicants of the chain.",
        "quality": "The quality comparison covers {products} products and {pairs} domestic-international limit "
                   "pairs, {stricter} of them stricter abroad; {flags} indicators have batches that pass the "
                   "domestic standard but fail the international one.",
        "nodes_caption": "Current standards per node: number, age and main drafting organisations",
        "levels_caption": "Current standards per node by level",
        "gaps_caption": "Nodes with a standards gap",
        "gap_chart_caption": "Standards gap score",
        "candidates_caption": "Patent-to-standard candidates (top {n})",
        "comparison_caption": "Domestic and international limits compared",
        "flags_caption": "Indicators passing the domestic but failing the international standard",
        "pass_caption": "Batch pass rates per product and standard",
        "illustrative": "The demo data are fictional and only illustrate the method.",
        "levels": {"national": "National", "industry": "Industry", "local": "Local", "group": "Group",
                   "enterprise": "Enterprise", "international": "International", "foreign": "Foreign"},
        "columns": {"name": "Node", "current": "Current standards", "median_age_years": "Median age (years)",
                    "newest_year": "Newest year", "top_drafters": "Main drafters", "units": "Patent families",
                    "growth": "Growth", "reason": "Gap reason", "gap_score": "Gap score", "node": "Node",
                    "patent_id": "Patent", "applicants": "Applicants", "value_score": "Value score", "why": "Reason"},
        "values": {},
        "quality_columns": {"product": "Product", "indicator": "Indicator", "domestic_standard": "Domestic standard",
                            "domestic_limit": "Domestic limit", "international_standard": "International/foreign",
                            "international_origin": "Origin", "international_in_domestic_unit": "Its limit (converted)",
                            "stricter": "Stricter", "difference": "Difference", "unit": "Unit",
                            "difference_pct": "Difference (%)", "standard_id": "Standard", "origin": "Origin",
                            "batches": "Batches", "batches_passed": "Batches passed", "pass_rate": "Pass rate",
                            "batches_flagged": "Pass domestic, fail international", "share": "Share"},
    },
}
TOP_CANDIDATES = 15


def _count(nav: Navigator, table: str) -> int:
    return int(nav.table(table).count().to_pyarrow().as_py())


def _renamed(table: pa.Table, columns: dict[str, str], values: dict[str, str] | None = None) -> pa.Table:
    """Columns renamed for print; with ``values``, the verdict and origin words translated."""
    for name in ("stricter", "origin", "international_origin"):
        if values and name in table.column_names:
            words = [values.get(v, v) for v in table.column(name).to_pylist()]
            table = table.set_column(table.column_names.index(name), name, pa.array(words, pa.string()))
    return table.rename_columns([columns.get(name, name) for name in table.column_names])


def standards_section(nav: Navigator, chain_id: str, *, region: str | None = "CN", lang: str = "zh") -> Section | None:
    """The chapter, or None when no standards are loaded (or the store predates the standards tables)."""
    try:
        if _count(nav, "standard") == 0:
            return None
    except NotFoundError:
        return None
    text = TEXT["en" if lang == "en" else "zh"]
    cols = text["columns"]
    name_col = "name_en" if lang == "en" else "name_zh"
    stats = node_standard_stats(nav, chain_id)
    gaps = standard_gaps(nav, chain_id)
    candidates = patent_candidates(nav, chain_id, region=region or "CN", gaps=gaps)
    names = dict(zip(stats.column("node_id").to_pylist(), stats.column(name_col).to_pylist(), strict=True))
    std = nav.table("standard")
    effective = standards_with_status(nav)
    current_total = effective.filter(effective.effective_status == "current").count().to_pyarrow().as_py()
    gap_rows = gaps.filter(pc.equal(gaps.column("gap"), True))
    section = Section(key="standards", title=text["title"])
    section.paragraphs.append(text["intro"].format(
        standards=_count(nav, "standard"), current=current_total,
        linked=sum(1 for v in stats.column("standards").to_pylist() if v), nodes=stats.num_rows,
        gaps=gap_rows.num_rows, candidates=candidates.num_rows,
    ))
    section.paragraphs.append(text["drafters"].format(matched=_count(nav, "drafter_applicant")))

    node_table = stats.select(["node_id", name_col, "current", "median_age_years", "newest_year", "top_drafters"])
    node_table = _renamed(node_table.drop_columns(["node_id"]), {name_col: cols["name"], "current": cols["current"],
                          "median_age_years": cols["median_age_years"], "newest_year": cols["newest_year"],
                          "top_drafters": cols["top_drafters"]})
    section.tables.append(TableBlock(caption=text["nodes_caption"], source=text["source"], table=node_table,
                                     formats={cols["median_age_years"]: "float1", cols["newest_year"]: "year"}))
    level_rows = [
        {"node": row[name_col], "level": text["levels"][level], "n": row[f"current_{level}"]}
        for row in stats.to_pylist() for level in LEVEL_COLUMNS if row[f"current_{level}"]
    ]
    if level_rows:
        section.figures.append(FigureBlock(
            caption=text["levels_caption"], source=text["source"],
            option=stacked_bar(level_rows, x="node", y="n", stack="level", top=None),
        ))
    if gap_rows.num_rows:
        reason = "reason_en" if lang == "en" else "reason_zh"
        shown = gap_rows.select([name_col, "units", "growth", "current", reason, "gap_score"])
        section.tables.append(TableBlock(
            caption=text["gaps_caption"], source=text["source"],
            table=_renamed(shown, {name_col: cols["name"], "units": cols["units"], "growth": cols["growth"],
                                   "current": cols["current"], reason: cols["reason"], "gap_score": cols["gap_score"]}),
            formats={cols["growth"]: "pct", cols["gap_score"]: "float3"},
        ))
        section.figures.append(FigureBlock(
            caption=text["gap_chart_caption"], source=text["source"],
            option=ranking_bar(gap_rows.select([name_col, "gap_score"]), label=name_col, value="gap_score"),
        ))
    if candidates.num_rows:
        top = candidates.sort_by([("value_score", "descending")]).slice(0, TOP_CANDIDATES)
        reason = "reason_en" if lang == "en" else "reason_zh"
        top = top.append_column("node", pa.array([names.get(n, n) for n in top.column("node_id").to_pylist()]))
        shown = top.select(["node", "patent_id", "applicants", "value_score", reason])
        section.tables.append(TableBlock(
            caption=text["candidates_caption"].format(n=TOP_CANDIDATES), source=text["source"],
            table=_renamed(shown, {"node": cols["node"], "patent_id": cols["patent_id"],
                                   "applicants": cols["applicants"], "value_score": cols["value_score"],
                                   reason: cols["why"]}),
            formats={cols["value_score"]: "float3"},
        ))
    if _count(nav, "quality_limit"):
        comparison = compare_limits(nav)
        flags = domestic_pass_international_fail(nav)
        stricter_abroad = sum(1 for v in comparison.column("stricter").to_pylist() if v == "international")
        section.paragraphs.append(text["quality"].format(
            products=len(set(comparison.column("product").to_pylist())), pairs=comparison.num_rows,
            stricter=stricter_abroad, flags=flags.num_rows,
        ))
        fictional = std.filter(std.standard_id.isin([number for number, *_ in SAMPLE_STANDARDS]))
        note = text["illustrative"] if fictional.count().to_pyarrow().as_py() else None
        qcols = text["quality_columns"]
        shown = comparison.select(["product", "indicator", "domestic_standard", "domestic_limit",
                                   "international_standard", "international_in_domestic_unit", "stricter",
                                   "difference", "unit", "difference_pct"])
        section.tables.append(TableBlock(
            caption=text["comparison_caption"], source=text["quality_source"], note=note,
            table=_renamed(shown, qcols, text["values"]), formats={qcols["difference_pct"]: "float1"},
        ))
        if _count(nav, "quality_test"):
            section.tables.append(TableBlock(caption=text["pass_caption"], source=text["quality_source"],
                                             table=_renamed(pass_rates(nav, "product"), qcols, text["values"]), note=note,
                                             formats={qcols["pass_rate"]: "pct"}))
        if flags.num_rows:
            section.tables.append(TableBlock(caption=text["flags_caption"], source=text["quality_source"],
                                             table=_renamed(flags, qcols, text["values"]), note=note,
                                             formats={qcols["share"]: "pct"}))
    return section
