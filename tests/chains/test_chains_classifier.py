"""Classification into the store: multi-label, idempotent, atomic, explained."""

from __future__ import annotations

import pytest
from chains_fixtures import one_node_chain

import chainnav
from chainnav.chains.classifier import classify, node_counts
from chainnav.chains.explain import explain
from chainnav.chains.registry import load_chain, parse_chain
from chainnav.errors import ChainnavError, NotFoundError

TWO_NODES = """id: demo2
name: {zh: 演示, en: Demo}
version: "7"
references: [test]
scope:
  cpc: ["B64C39/024", "B64C27/"]
nodes:
  - id: rotor
    name: {zh: 旋翼, en: Rotorcraft}
    segment: midstream
    rules: {cpc: ["B64C27/"], keywords: {en: ["drone"]}, exclude: {keywords: {en: ["receiver"]}}}
  - id: multi
    name: {zh: 多旋翼, en: Multirotor}
    segment: midstream
    parent: rotor
    rules: {cpc: ["B64C27/08"]}
  - id: delivery
    name: {zh: 配送, en: Delivery}
    segment: downstream
    rules: {in_scope: true, cpc: ["G06Q10/08", "B64C2201/128"], applicants: ["IBM"]}
"""


def _rows(nav: chainnav.Navigator, chain_id: str) -> list[tuple]:
    return [tuple(r.values()) for r in nav.sql(
        "SELECT node_id, patent_id, rule_id, rule_type, score FROM patent_node WHERE chain_id = ? "
        "ORDER BY ALL", [chain_id]).to_pylist()]


def test_multi_label_rules_and_counts(excerpt_nav: chainnav.Navigator) -> None:
    chain = parse_chain(TWO_NODES)
    report = classify(excerpt_nav, [chain])
    rows = _rows(excerpt_nav, "demo2")
    by_patent: dict[str, set[str]] = {}
    for node_id, patent_id, *_ in rows:
        by_patent.setdefault(patent_id, set()).add(node_id)
    assert by_patent["WO2017039233A1"] == {"rotor", "multi"}  # one patent, two nodes
    assert by_patent["US9731821B2"] == {"delivery"}
    assert "US20170259940A1" in by_patent and "rotor" not in by_patent["US20170259940A1"]  # "Receiver" excluded
    # two codes of weight 1 fire; the first listed in the file is the rule kept
    assert ("delivery", "US9731821B2", "cpc:G06Q10/08", "cpc", 1.0) in rows
    assert report.chains[0].assignments == len(rows)
    assert report.chains[0].per_node["multi"] == 1
    assert node_counts(excerpt_nav, "demo2")["rotor"] == (4, 4)  # multi's patent is also a rotor patent
    nodes = excerpt_nav.sql("SELECT node_id, parent_id, depth, ord FROM chain_node WHERE chain_id = 'demo2' "
                            "ORDER BY ord").to_pylist()
    assert [(n["node_id"], n["parent_id"], n["depth"]) for n in nodes] == [
        ("rotor", None, 0), ("multi", "rotor", 1), ("delivery", None, 0)]
    stored = excerpt_nav.sql("SELECT version, definition FROM chain WHERE chain_id = 'demo2'").to_pylist()[0]
    assert stored["version"] == "7" and "B64C27/08" in stored["definition"]


def test_reclassification_is_idempotent(excerpt_nav: chainnav.Navigator) -> None:
    chain = parse_chain(TWO_NODES)
    classify(excerpt_nav, [chain])
    first = _rows(excerpt_nav, "demo2")
    classify(excerpt_nav, [chain])
    assert _rows(excerpt_nav, "demo2") == first
    assert excerpt_nav.sql("SELECT count(*) AS n FROM chain_node WHERE chain_id = 'demo2'").to_pylist()[0]["n"] == 3


def test_other_chains_are_left_alone(excerpt_nav: chainnav.Navigator) -> None:
    classify(excerpt_nav, [parse_chain(TWO_NODES)])
    before = _rows(excerpt_nav, "demo2")
    other = parse_chain(TWO_NODES.replace("id: demo2", "id: other"))
    classify(excerpt_nav, [other])
    assert _rows(excerpt_nav, "demo2") == before
    assert _rows(excerpt_nav, "other") == before


def test_failed_rebuild_keeps_previous_rows(excerpt_nav: chainnav.Navigator, monkeypatch) -> None:
    chain = parse_chain(TWO_NODES)
    classify(excerpt_nav, [chain])
    before = _rows(excerpt_nav, "demo2")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(excerpt_nav.ibis), "insert", broken)
    with pytest.raises(ChainnavError, match="classifying chain 'demo2' failed: disk full"):
        classify(excerpt_nav, [chain])
    monkeypatch.undo()
    assert _rows(excerpt_nav, "demo2") == before


def test_explain_agrees_with_the_store(excerpt_nav: chainnav.Navigator) -> None:
    chain = parse_chain(TWO_NODES)
    classify(excerpt_nav, [chain])
    stored = {(n, p) for n, p, *_ in _rows(excerpt_nav, "demo2")}
    for patent_id in [r["patent_id"] for r in excerpt_nav.sql("SELECT patent_id FROM patent").to_pylist()]:
        result = explain(excerpt_nav, patent_id, chain)
        for verdict in result.nodes:
            assert verdict.assigned == ((verdict.node_id, patent_id) in stored), (patent_id, verdict)
            assert verdict.stored == verdict.assigned


def test_explain_reasons(excerpt_nav: chainnav.Navigator) -> None:
    chain = parse_chain(TWO_NODES)
    receiver = {v.node_id: v for v in explain(excerpt_nav, "US20170259940A1", chain).nodes}
    assert receiver["rotor"].reason == "excluded by exclude:kw:en:receiver"
    assert receiver["delivery"].assigned and receiver["delivery"].rule_id == "cpc:B64C2201/128"
    assert receiver["multi"].reason == "no rule matched"
    # IBM's package patent is in scope (B64C39/024); the bee patent has no code of the scope
    bee = explain(excerpt_nav, "EP0645959B1", chain)
    assert bee.scope is not None and not bee.scope.assigned
    scoped = parse_chain(TWO_NODES.replace('cpc: ["B64C39/024", "B64C27/"]', 'cpc: ["B64C27/"]'))
    ibm = {v.node_id: v for v in explain(excerpt_nav, "US9731821B2", scoped).nodes}
    assert ibm["delivery"].reason == "outside the chain scope"
    weighted = one_node_chain('      cpc: ["B64C39/"]\n      weights: {cpc: 0.4}\n      min_score: 0.5')
    assert explain(excerpt_nav, "US9731821B2", weighted).nodes[0].reason == "score 0.40 below min_score 0.50"
    with pytest.raises(NotFoundError):
        explain(excerpt_nav, "XX1", chain)


def test_navigator_classify_uses_shipped_chains(excerpt_nav: chainnav.Navigator) -> None:
    report = excerpt_nav.classify("uav")
    assert [r.chain_id for r in report.chains] == ["uav"]
    on = {(r["node_id"], r["patent_id"]) for r in excerpt_nav.sql(
        "SELECT node_id, patent_id FROM patent_node WHERE chain_id = 'uav'").to_pylist()}
    assert ("agriculture", "US9382003B2") in on  # IPC B64D1/16 (0.7) in scope
    assert ("logistics_delivery", "US9731821B2") in on
    assert not any(p == "EP0645959B1" for _, p in on)  # bees are excluded from the drone scope


@pytest.mark.slow
def test_all_chains_on_the_drone_store(drone_db, tmp_path) -> None:
    import shutil

    path = tmp_path / "all.duckdb"
    shutil.copy(drone_db, path)
    with chainnav.open(path) as nav:
        report = nav.classify()
        assert {r.chain_id for r in report.chains} == {c for c in (
            "uav", "nev", "fcv", "ic", "led", "mobile5g", "robot_cnc", "am", "smart_home", "biomed")}
        uav = next(r for r in report.chains if r.chain_id == "uav")
        assert 1200 <= uav.patents <= 1700  # 1,424 measured on the 9,071 families
        assert all(r.assignments > 0 for r in report.chains)
        counts = node_counts(nav, "uav")
        assert counts["uav_platform"][1] >= counts["multirotor"][1]
        assert len(load_chain("uav").nodes) == nav.sql(
            "SELECT count(*) AS n FROM chain_node WHERE chain_id = 'uav'").to_pylist()[0]["n"]
