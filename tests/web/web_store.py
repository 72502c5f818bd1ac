"""The hand-written web test store: 8 publications on a 4-node ``uav`` chain.

Every expected count in the web tests is worked out from the rows below.
"""

from __future__ import annotations

import re
from pathlib import Path

import chainnav

CHAIN_YAML = """\
id: uav
name: {zh: 无人机, en: Drones}
version: "test.1"
references: ["hand-written web test fixture"]
nodes:
  - id: airframe
    name: {zh: 机体, en: Airframe}
    segment: upstream
    rules:
      cpc: ["B64U10/"]
  - id: battery
    name: {zh: 电池, en: Batteries}
    segment: upstream
    rules:
      cpc: ["H01M"]
  - id: flight_control
    name: {zh: 飞控, en: Flight control}
    segment: midstream
    rules:
      cpc: ["G05D1/"]
      keywords: {zh: ["飞控"], en: ["flight controller"]}
  - id: agriculture
    name: {zh: 植保, en: Crop spraying}
    segment: downstream
    rules:
      keywords: {zh: ["植保"], en: ["crop spraying"]}
"""

# patent_id, family, office, title, abstract, application date, status, is_grant, cited_by, family size
PATENTS = [
    ("CN100000001A", "F1", "CN", "一种无人机飞控系统", "飞控 使用 惯性 传感器", "2019-03-01", "pending", False, 3, 2),
    ("CN100000002B", "F2", "CN", "植保无人机喷洒装置", "用于 植保 的 喷洒", "2020-05-10", "active", True, 10, 1),
    ("CN100000003U", "F3", "CN", "无人机机臂折叠结构", "机体 折叠", "2021-07-15", "active", True, 0, 1),
    ("US10000004B2", "F4", "US", "Flight controller for a drone", "A flight controller with redundant IMU", "2018-01-20", "active", True, 40, 5),
    ("US10000005B2", "F5", "US", "Drone battery pack", "A battery pack with cooling", "2019-09-09", "active", True, 25, 3),
    ("US20200000006A1", "F4", "US", "Flight controller redundancy", "Redundant flight controller", "2019-02-02", "pending", False, 2, 5),
    ("EP3000007A1", "F7", "EP", "Crop spraying drone", "crop spraying with a drone", "2021-11-11", "pending", False, 1, 2),
    ("CN100000008A", "F8", "CN", "电池管理方法", "无人机 电池 管理", "2022-02-02", "pending", False, 0, 1),
]

# patent_id, role, seq, name, name_norm, country, region
PARTIES = [
    ("CN100000001A", "applicant", 1, "深圳市大疆创新科技有限公司", "DJI", "CN", "CN-GD"),
    ("CN100000001A", "inventor", 1, "张三", "ZHANG SAN", "CN", "CN-GD"),
    ("CN100000002B", "applicant", 1, "广州极飞科技股份有限公司", "XAG", "CN", "CN-GD"),
    ("CN100000002B", "inventor", 1, "李四", "LI SI", "CN", "CN-GD"),
    ("CN100000003U", "applicant", 1, "深圳市大疆创新科技有限公司", "DJI", "CN", "CN-GD"),
    ("CN100000003U", "inventor", 1, "张三", "ZHANG SAN", "CN", "CN-GD"),
    ("US10000004B2", "applicant", 1, "Skydio, Inc.", "SKYDIO", "US", "US-CA"),
    ("US10000004B2", "inventor", 1, "Adam Bry", "ADAM BRY", "US", "US-CA"),
    ("US10000005B2", "applicant", 1, "Amazon Technologies, Inc.", "AMAZON", "US", "US-WA"),
    ("US20200000006A1", "applicant", 1, "Skydio, Inc.", "SKYDIO", "US", "US-CA"),
    ("EP3000007A1", "applicant", 1, "Bayer AG", "BAYER", "DE", None),
    ("CN100000008A", "applicant", 1, "北京航空航天大学", "BUAA", "CN", "CN-BJ"),
]

CLASSIFICATIONS = [
    ("CN100000001A", "CPC", "G05D1/101"),
    ("CN100000002B", "CPC", "B64U10/13"),
    ("CN100000003U", "CPC", "B64U10/10"),
    ("US10000004B2", "CPC", "G05D1/0088"),
    ("US10000005B2", "CPC", "H01M10/0525"),
    ("US20200000006A1", "CPC", "G05D1/0077"),
    ("EP3000007A1", "CPC", "A01M7/00"),
    ("CN100000008A", "CPC", "H01M10/44"),
]

# chain node assignments: patent_id, node_id, rule_id, rule_type
PATENT_NODES = [
    ("CN100000001A", "flight_control", "cpc:G05D1/", "cpc"),
    ("CN100000001A", "flight_control", "kw:zh:飞控", "keyword"),
    ("CN100000002B", "agriculture", "kw:zh:植保", "keyword"),
    ("CN100000002B", "airframe", "cpc:B64U10/", "cpc"),
    ("CN100000003U", "airframe", "cpc:B64U10/", "cpc"),
    ("US10000004B2", "flight_control", "cpc:G05D1/", "cpc"),
    ("US10000005B2", "battery", "cpc:H01M", "cpc"),
    ("US20200000006A1", "flight_control", "kw:en:flight controller", "keyword"),
    ("EP3000007A1", "agriculture", "kw:en:crop spraying", "keyword"),
    ("CN100000008A", "battery", "cpc:H01M", "cpc"),
]

NODES = [
    ("airframe", None, "upstream", "机体", "Airframe", 1),
    ("battery", None, "upstream", "电池", "Batteries", 2),
    ("flight_control", None, "midstream", "飞控", "Flight control", 3),
    ("agriculture", None, "downstream", "植保", "Crop spraying", 4),
]


def build_store(path: Path) -> Path:
    """Write the hand-written store to ``path`` through the canonical schema."""
    with chainnav.open(path) as nav:
        con = nav.con
        con.execute(
            "INSERT INTO load (load_id, file_name, sha256, format, rows_read, rows_loaded, status, started_at, finished_at) "
            "VALUES (nextval('load_id_seq'), 'fixture.csv', 'abc', 'fixture', 8, 8, 'loaded', TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:00:05')"
        )
        for pid, fam, office, title, abstract, app_date, status, grant, cited, fsize in PATENTS:
            con.execute(
                "INSERT INTO patent (patent_id, family_id, country, kind, doc_type, is_grant, title, abstract, language, "
                "application_date, publication_date, legal_status, cited_by_count, family_size, source, load_id) "
                "VALUES (?, ?, ?, ?, 'invention', ?, ?, ?, ?, CAST(? AS DATE), CAST(? AS DATE) + INTERVAL 18 MONTH, ?, ?, ?, 'fixture', 1)",
                [pid, fam, office, re.search(r"[A-Z]\d?$", pid).group(), grant, title, abstract,
                 "zh" if office == "CN" else "en", app_date, app_date, status, cited, fsize],
            )
        for pid, role, seq, name, norm, country, region in PARTIES:
            con.execute(
                "INSERT INTO party (patent_id, role, seq, name_raw, name_norm, country, region, entity_type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [pid, role, seq, name, norm, country, region, "individual" if role == "inventor" else "company"],
            )
        for seq, (pid, scheme, code) in enumerate(CLASSIFICATIONS):
            con.execute(
                "INSERT INTO classification (patent_id, scheme, code, position, seq, section, class, subclass) "
                "VALUES (?, ?, ?, 'first', ?, ?, ?, ?)",
                [pid, scheme, code, seq, code[0], code[:3], code[:4]],
            )
        con.execute("INSERT INTO citation (citing_id, cited_id, category, source, load_id) VALUES ('US20200000006A1', 'US10000004B2', 'X', 'fixture', 1)")
        con.execute("INSERT INTO citation (citing_id, cited_id, category, source, load_id) VALUES ('CN100000001A', 'US10000004B2', NULL, 'fixture', 1)")
        con.execute("INSERT INTO citation (citing_id, cited_id, category, source, load_id) VALUES ('CN100000001A', 'JP2001000001A', NULL, 'fixture', 1)")
        con.execute(
            "INSERT INTO chain (chain_id, version, name_zh, name_en, definition, classified_at) "
            "VALUES ('uav', 'test.1', '无人机', 'Drones', ?, TIMESTAMP '2026-01-02 09:00:00')",
            [CHAIN_YAML],
        )
        for node_id, parent, segment, zh, en, ord_ in NODES:
            con.execute(
                "INSERT INTO chain_node (chain_id, node_id, parent_id, segment, name_zh, name_en, depth, ord) "
                "VALUES ('uav', ?, ?, ?, ?, ?, 0, ?)", [node_id, parent, segment, zh, en, ord_]
            )
        for pid, node_id, rule_id, rule_type in PATENT_NODES:
            con.execute(
                "INSERT INTO patent_node (chain_id, node_id, patent_id, rule_id, rule_type, score) VALUES ('uav', ?, ?, ?, ?, 1.0)",
                [node_id, pid, rule_id, rule_type],
            )
    return path
