"""The rule compiler, table-driven: one rule → the patents it selects in a store of real records."""

from __future__ import annotations

import csv

import ibis
import pytest
import yaml
from chains_fixtures import load_records, one_node_chain

import chainnav
from chainnav.chains.compiler import (
    StoreTables,
    assignments_expr,
    compile_chain,
    needles,
    normalize_expr,
    normalize_text,
)

NORMALIZE_CASES = [
    ("Drone Aircraft", " drone aircraft "),
    ("Semi-guided Fragmentation Rounds", " semi guided fragmentation rounds "),
    ("Drone/uav Platforms", " drone uav platforms "),
    ("无人机LED灯", " 无人机 led 灯 "),
    ("一种基于5G的无人机", " 一种基于 5g 的无人机 "),
    ("Vertical Take Off And Landing (vtol) Unmanned Aerial Vehicle", " vertical take off and landing vtol unmanned aerial vehicle "),
    ("  CO., LTD.  ", " co ltd "),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_python_and_sql_agree(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected
    table = ibis.memtable({"x": [raw]})
    got = ibis.duckdb.connect().execute(table.select(y=normalize_expr(table.x))).y[0]
    assert got == expected


@pytest.mark.parametrize(
    ("term", "plural", "expected"),
    [
        ("drone", True, [" drone ", " drones ", " dronees "]),
        ("drone", False, [" drone "]),
        ("quadcopter*", True, [" quadcopter"]),
        ("无人机", False, ["无人机"]),
        ("LED灯", False, [" led 灯"]),
        ("5G", False, [" 5g "]),
        ("Unmanned Aerial Vehicle", False, [" unmanned aerial vehicle "]),
    ],
)
def test_needles(term: str, plural: bool, expected: list[str]) -> None:
    assert needles(term, plural=plural) == expected


# rule (YAML under `rules:`) → patents of LENS_EXCERPT it assigns; hand-checked against the titles,
# codes and applicants in conftest.py.
RULE_CASES = [
    ('      cpc: ["B64C27/"]', {"US9840323B1", "WO2017039233A1", "US20170036761A1"}),
    ('      cpc: ["B64C27/1"]', {"US9840323B1", "US20170036761A1"}),  # 27/10, 27/14, 27/16, not 27/08
    ('      ipc: ["B64C39/02"]', {"US9382003B2", "US9731821B2", "WO2017039233A1", "US20170036761A1",
                                  "US20170259940A1"}),
    ('      ipc: ["B64C39/024"]', set()),  # the IPC side of these records stops at B64C39/02
    ('      cpc: ["G05D"]', {"US9731821B2", "WO2017197556A1"}),
    ('      keywords: {en: ["drone"]}', {"US9840323B1", "US20170122713A1", "WO2017039233A1",
                                         "US20170036761A1", "US20170259940A1"}),  # "Drones" by plural
    ('      keywords: {en: ["aerial"]}', {"US9382003B2", "US9731821B2"}),
    ('      keywords: {en: ["rob*"]}', {"US9382003B2"}),
    ('      keywords: {en: ["bee"]}', {"EP0645959B1"}),  # the applicant BEE ROBOTICS is not text
    ('      keywords: {en: ["air"]}', set()),  # word boundary: not "Aircraft", "Airplane"
    ('      keywords: {en: ["unmanned aerial vehicle"]}', {"US9731821B2"}),
    ('      applicants: ["IBM"]', {"US9731821B2", "US20170259940A1"}),
    ('      applicants: ["DJI"]', {"WO2017197556A1"}),
    ('      applicants: ["bee robotics"]', {"US9382003B2"}),
    ('      match: all\n      cpc: ["B64C39/"]\n      keywords: {en: ["package", "receiver"]}',
     {"US9731821B2", "US20170259940A1"}),
    ('      match: any\n      cpc: ["B64C39/"]\n      keywords: {en: ["package"]}',
     {"US9382003B2", "US9731821B2", "WO2017039233A1", "US20170036761A1", "WO2017197556A1",
      "US20170259940A1"}),
    ('      cpc: ["B64C39/"]\n      exclude: {keywords: {en: ["farm"]}, applicants: ["IBM"]}',
     {"WO2017039233A1", "US20170036761A1", "WO2017197556A1"}),
    ('      cpc: ["B64C"]\n      exclude: {cpc: ["B64C2201/"]}',
     {"US9382003B2", "WO2017039233A1"}),
    # weights and threshold: CPC alone (0.6) fails 0.7; CPC + keyword = 1 - 0.4 * 0.5 = 0.8 passes
    ('      cpc: ["B64C39/"]\n      keywords: {en: ["drone"]}\n      weights: {cpc: 0.6, keyword: 0.5}\n'
     '      min_score: 0.7', {"WO2017039233A1", "US20170036761A1", "US20170259940A1"}),
]


@pytest.mark.parametrize(("rules", "expected"), RULE_CASES)
def test_rule_selects(excerpt_nav: chainnav.Navigator, rules: str, expected: set[str]) -> None:
    chain = one_node_chain(rules)
    expr = assignments_expr(compile_chain(chain), StoreTables(excerpt_nav.ibis))
    assert set(expr.to_pyarrow().column("patent_id").to_pylist()) == expected


def test_scope_and_in_scope(excerpt_nav: chainnav.Navigator) -> None:
    scope = '  cpc: ["B64C39/024"]\n  keywords: {en: ["drone"]}\n  exclude: {cpc: ["A01K47/"]}'
    chain = one_node_chain('      in_scope: true\n      cpc: ["B64C27/", "G05D"]', scope_yaml=scope)
    expr = assignments_expr(compile_chain(chain), StoreTables(excerpt_nav.ibis), keep_scope=True)
    rows = {(r["node_id"], r["patent_id"]) for r in expr.to_pyarrow().to_pylist()}
    in_scope = {p for n, p in rows if n == "@scope"}
    assert in_scope == {"US9840323B1", "US9382003B2", "US9731821B2", "US20170122713A1", "WO2017039233A1",
                        "US20170036761A1", "WO2017197556A1", "US20170259940A1"}
    assert {p for n, p in rows if n == "n"} == {"US9840323B1", "WO2017039233A1", "US20170036761A1",
                                                 "US9731821B2", "WO2017197556A1"}


def test_score_and_rule_that_fired(excerpt_nav: chainnav.Navigator) -> None:
    chain = one_node_chain('      cpc: ["B64C27/"]\n      ipc: ["B64C27/08"]\n      keywords: {en: ["drone"]}\n'
                           '      weights: {cpc: 0.5, ipc: 0.9, keyword: 0.6}')
    expr = assignments_expr(compile_chain(chain), StoreTables(excerpt_nav.ibis))
    rows = {r["patent_id"]: r for r in expr.to_pyarrow().to_pylist()}
    # WO2017039233A1: codes group best 0.9 (IPC B64C27/08), keyword 0.6 → 1 - 0.1 * 0.4 = 0.96
    assert rows["WO2017039233A1"]["score"] == pytest.approx(0.96)
    assert rows["WO2017039233A1"]["rule_id"] == "ipc:B64C27/08"
    # US9840323B1: CPC B64C27/ 0.5 and keyword 0.6 → 1 - 0.5 * 0.4 = 0.8; the keyword weighs more
    assert rows["US9840323B1"]["score"] == pytest.approx(0.8)
    assert (rows["US9840323B1"]["rule_id"], rows["US9840323B1"]["rule_type"]) == ("kw:en:drone", "keyword")


def test_abstract_is_searched(tmp_path) -> None:
    with chainnav.open(tmp_path / "a.duckdb") as nav:
        load_records(nav, [("US1A", "Vehicle", [], [], [])], abstracts={"US1A": "A quadcopter carrying a parcel."})
        chain = one_node_chain('      keywords: {en: ["quadcopter*"]}')
        got = assignments_expr(compile_chain(chain), StoreTables(nav.ibis)).to_pyarrow()
        assert got.column("patent_id").to_pylist() == ["US1A"]


def _chinese_titles(path) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [(r["publication_numbers"].split("|")[0].split(";")[0].strip(), r["patent_title"])
                for r in csv.DictReader(handle)]
    return [(pid, title) for pid, title in rows[:3000] if pid]


@pytest.mark.parametrize(
    ("term", "oracle"),
    [
        ("无人机", lambda t: "无人机" in t),
        ("机器人", lambda t: "机器人" in t),
        ({"term": "机器人", "not_within": ["扫地机器人"]}, lambda t: "机器人" in t.replace("扫地机器人", "")),
        ("电池", lambda t: "电池" in t),
    ],
)
def test_chinese_keywords_on_real_titles(shared, tmp_path, term, oracle) -> None:
    """Chinese substrings (and a guarded term) against Python's own test on real CN titles."""
    titles = _chinese_titles(shared("patents_cn/lxingy3_cn_patent_title_ipc_subclass_9740.csv"))
    unique = dict(titles)
    with chainnav.open(tmp_path / "cn.duckdb") as nav:
        load_records(nav, [(pid, title, [], [], []) for pid, title in unique.items()])
        chain = one_node_chain("      keywords: " + yaml.safe_dump({"zh": [term]}, allow_unicode=True,
                                                                   default_flow_style=True).strip())
        got = set(assignments_expr(compile_chain(chain), StoreTables(nav.ibis)).to_pyarrow()
                  .column("patent_id").to_pylist())
    expected = {pid for pid, title in unique.items() if oracle(title)}
    assert expected, "the sample must contain the term"
    assert got == expected
