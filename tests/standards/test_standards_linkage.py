"""Linking standards to nodes: ICS/CCS prefixes, keywords, fallbacks, the rule kept; drafter matching."""

from __future__ import annotations

from pathlib import Path

import pytest

import chainnav
from chainnav.standards.catalogue import import_catalogue
from chainnav.standards.drafters import match_drafters
from chainnav.standards.linkage import NodeRules, english_pattern, link_standards, links_expr

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def catalogue_nav(nav: chainnav.Navigator) -> chainnav.Navigator:
    import_catalogue(nav, FIXTURES / "catalogue_cn_small.csv")
    import_catalogue(nav, FIXTURES / "catalogue_intl_small.csv")
    return nav


def links(nav: chainnav.Navigator, nodes: list[NodeRules]) -> set[tuple[str, str, str]]:
    rows = links_expr(nav, nodes).to_pyarrow().to_pylist()
    return {(r["node_id"], r["standard_id"], r["rule_id"]) for r in rows}


def test_rules_and_the_rule_kept(catalogue_nav: chainnav.Navigator) -> None:
    nodes = [
        NodeRules("platform", "无人机整机", "Complete unmanned aircraft", ics=["49.020"],
                  keywords_en=["unmanned aircraft"], declared=True),
        NodeRules("battery", "电池", "Batteries", keywords_zh=["锂离子电池"], declared=True),
        NodeRules("control", "飞行控制系统", "Flight control systems",
                  patent_keywords_zh=["多旋翼", "导航"], patent_keywords_en=["flight control*"]),
        NodeRules("aviation", None, None, ccs=["V3"], declared=True),
    ]
    assert links(catalogue_nav, nodes) == {
        ("platform", "GB 42590-2023", "ics:49.020"),  # ICS (1.0) wins over the keyword (0.8)
        ("platform", "GB/T 38058-2019", "ics:49.020"),
        ("platform", "ISO 21384-2:2021", "ics:49.020"),
        ("platform", "ISO 21384-3:2019", "kw:en:unmanned aircraft"),
        ("platform", "ISO 21384-3:2023", "kw:en:unmanned aircraft"),
        ("battery", "GB 31241-2014", "kw:zh:锂离子电池"),
        ("battery", "GB 31241-2022", "kw:zh:锂离子电池"),
        ("control", "GB/T 38058-2019", "pkw:zh:多旋翼"),  # 导航 is too short to match titles
        ("aviation", "GB 42590-2023", "ccs:V3"),
        ("aviation", "GB/T 38058-2019", "ccs:V3"),
    }


def test_ics_prefix_stops_at_dots(catalogue_nav: chainnav.Navigator) -> None:
    assert links(catalogue_nav, [NodeRules("x", ics=["49.02"], declared=True)]) == set()
    assert {s for _, s, _ in links(catalogue_nav, [NodeRules("x", ics=["49"], declared=True)])} == {
        "GB 42590-2023", "GB/T 38058-2019", "ISO 21384-2:2021"}


def test_english_keywords_are_whole_words(catalogue_nav: chainnav.Navigator) -> None:
    exact = links(catalogue_nav, [NodeRules("x", keywords_en=["system"], declared=True)])
    assert {s for _, s, _ in exact} == {"GB 42590-2023", "GB/T 38058-2019"}  # not "systems"
    wildcard = links(catalogue_nav, [NodeRules("x", keywords_en=["system*"], declared=True)])
    assert {s for _, s, _ in wildcard} >= {"GB 42590-2023", "ISO 21384-3:2023", "GB/T 19001-2016"}
    assert english_pattern("flight control*") == r"\bflight\ control\w*\b"


def test_link_uav_from_the_chain_yaml(catalogue_nav: chainnav.Navigator) -> None:
    report = link_standards(catalogue_nav, "uav")
    assert report.nodes == 18
    stored = catalogue_nav.sql("SELECT node_id, standard_id, rule_id FROM standard_node WHERE chain_id = 'uav'")
    rows = {(r["node_id"], r["standard_id"]): r["rule_id"] for r in stored.to_pylist()}
    assert rows[("uav_platform", "GB 42590-2023")] == "ics:49.020"
    assert rows[("power_supply", "GB 31241-2022")] == "kw:zh:锂离子电池"
    assert rows[("multirotor", "GB/T 38058-2019")] == "name:zh:多旋翼无人机"
    assert report.links == len(rows)
    again = link_standards(catalogue_nav, "uav")  # rebuilt, not appended
    assert again.links == report.links


def test_drafters_match_applicants(catalogue_nav: chainnav.Navigator) -> None:
    con = catalogue_nav.con
    con.execute("INSERT INTO party (patent_id, role, seq, name_raw, name_norm) VALUES"
                " ('US1B1', 'applicant', 1, 'SZ DJI TECHNOLOGY CO LTD', 'SZ DJI TECHNOLOGY'),"
                " ('CN2A', 'applicant', 1, '中国航空综合技术研究所', '中国航空综合技术研究所'),"
                " ('US3B1', 'applicant', 1, 'UNIV BEIHANG', 'UNIV BEIHANG'),"
                " ('US4B1', 'applicant', 1, 'BOEING CO', 'BOEING')")
    matched, total = match_drafters(catalogue_nav)
    assert total == 3
    rows = {r["name_norm"]: (r["applicant_norm"], r["method"])
            for r in catalogue_nav.sql("SELECT * FROM drafter_applicant").to_pylist()}
    assert rows == {
        "深圳市大疆创新科技": ("SZ DJI TECHNOLOGY", "translation"),  # shipped organisation name, DOCDB-style key
        "中国航空综合技术研究所": ("中国航空综合技术研究所", "exact"),
        "北京航空航天大学": ("UNIV BEIHANG", "translation"),  # word order differs: keys compare sorted
    }
    assert matched == 3


def test_entity_layer_first(catalogue_nav: chainnav.Navigator) -> None:
    con = catalogue_nav.con
    con.execute("INSERT INTO party (patent_id, role, seq, name_raw, name_norm, entity_id) VALUES"
                " ('US1B1', 'applicant', 1, 'DJI INNOVATIONS', 'DJI INNOVATIONS', 'E1')")
    con.execute("INSERT INTO entity_alias VALUES ('applicant', '深圳市大疆创新科技', 'E1', 'manual', 1.0)")
    match_drafters(catalogue_nav)
    row = catalogue_nav.sql("SELECT * FROM drafter_applicant WHERE name_norm = '深圳市大疆创新科技'").to_pylist()
    assert [(r["applicant_norm"], r["entity_id"], r["method"]) for r in row] == [("DJI INNOVATIONS", "E1", "entity")]
