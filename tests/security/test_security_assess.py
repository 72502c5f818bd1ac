"""Chain security on the hand-made store (conftest.py): every figure below is worked out by hand.

Store: region CN-GD, country CN. Nodes and units (origin; holder):
  up   (upstream)             P2 (US; X Corp)
  up_a (upstream, child of up) P1 (GD; A), P2 (US; X Corp), P3 (US; X Corp), P4 (JP; Y, university)
  mid  (midstream)            P5 (GD; A), P6 (GD; B), P7 (BJ; C), P8 (US; X Corp)
  down (downstream, child of mid) P9 (US; Z), P10 (GD; A)
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import chainnav
from chainnav.errors import NotFoundError
from chainnav.security import assess

PARAMS = {"min_local": 2, "window_years": 2, "min_recent": 2, "high_value_quantile": 0.7}
AS_OF = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def result(tiny_db):
    with chainnav.open(tiny_db, read_only=True) as nav:
        return assess(nav, "t", region="CN-GD", weights=PARAMS, litigants=["X corp."], as_of=AS_OF)


def by_node(result):
    return {r["node_id"]: r for r in result.nodes.to_pylist()}


def test_origin_shares_and_foreign_hhi(result):
    n = by_node(result)
    got = {k: (r["filings"], r["local"], r["domestic"], r["foreign"]) for k, r in n.items()}
    assert got == {"up": (1, 0, 0, 1), "up_a": (4, 1, 1, 3), "mid": (4, 2, 3, 1), "down": (2, 1, 1, 1)}
    assert n["up_a"]["foreign_share"] == pytest.approx(0.75)
    assert n["mid"]["domestic_share"] == pytest.approx(0.75)
    # up_a foreign holders: X Corp 2 of 3, Y 1 of 3 → (4/9 + 1/9) × 10 000
    assert n["up_a"]["foreign_hhi"] == pytest.approx(50000 / 9)
    assert n["up_a"]["top_foreign_holder"] == "X Corp"
    assert n["up_a"]["top_foreign_share"] == pytest.approx(2 / 3)
    assert n["mid"]["foreign_hhi"] == pytest.approx(10000)


def test_high_value_shares(result):
    # value scores (analytics composite, cohort = application year): P2 1.0, P5 1.0, P4 0.9,
    # P3 0.6, P7 0.5 ... 70th percentile (interpolated) = 0.6 + 0.3 × (0.9 − 0.6) = 0.69
    n = by_node(result)
    assert result.risk_patents.column("value_threshold")[0].as_py() == pytest.approx(0.69)
    assert (n["up_a"]["high_value"], n["up_a"]["foreign_high_value"]) == (2, 2)
    assert (n["mid"]["high_value"], n["mid"]["local_high_value"]) == (1, 1)
    assert n["mid"]["local_high_value_share"] == pytest.approx(1.0)


def test_local_gap_and_rta(result):
    n = by_node(result)
    # Σ filings = 11, Σ local = 4
    assert n["up_a"]["world_share"] == pytest.approx(4 / 11)
    assert n["up_a"]["local_node_share"] == pytest.approx(1 / 4)
    assert n["up_a"]["local_gap"] == pytest.approx(4 / 11 - 1 / 4)
    assert n["up_a"]["rta"] == pytest.approx(11 / 16)
    assert n["mid"]["rta"] == pytest.approx(11 / 8)
    assert n["up"]["rta"] == 0


def test_importance_from_segments_and_tree(result):
    n = by_node(result)
    # up: mid, down later → 2/3; up_a: its parent up + mid, down → 3/3; mid: down → 1/3; down: parent mid → 1/3
    assert {k: r["dependents"] for k, r in n.items()} == {"up": 2, "up_a": 3, "mid": 1, "down": 1}
    assert n["up"]["importance"] == pytest.approx(2 / 3)


def test_chokepoint_scores_and_ranking(result):
    n = by_node(result)
    # 100 × (0.25·fs + 0.25·hhi/1e4 + 0.30/(1+rta) + 0.20·importance)
    assert n["up"]["chokepoint"] == pytest.approx(100 * (0.25 + 0.25 + 0.30 + 0.20 * 2 / 3))
    assert n["up_a"]["chokepoint"] == pytest.approx(100 * (0.25 * 0.75 + 0.25 * 5 / 9 + 0.30 / (1 + 11 / 16) + 0.20))
    assert n["down"]["chokepoint"] == pytest.approx(100 * (0.25 * 0.5 + 0.25 + 0.30 / (1 + 11 / 8) + 0.20 / 3))
    assert n["mid"]["chokepoint"] == pytest.approx(100 * (0.25 * 0.25 + 0.25 + 0.30 / (1 + 11 / 8) + 0.20 / 3))
    assert result.ranking().column("node_id").to_pylist() == ["up", "up_a", "down", "mid"]
    assert result.weights == pytest.approx(
        {"foreign_share": 0.25, "foreign_concentration": 0.25, "local_weakness": 0.30, "importance": 0.20}
    )


def test_weights_change_the_ranking(tiny_nav):
    only_importance = {"foreign_share": 0, "foreign_concentration": 0, "local_weakness": 0, "importance": 2}
    r = assess(tiny_nav, "t", region="CN-GD", weights=only_importance, as_of=AS_OF)
    ranks = {row["node_id"]: row["chokepoint_rank"] for row in r.nodes.to_pylist()}
    assert ranks == {"up_a": 1, "up": 2, "mid": 3, "down": 3}
    assert r.weights["importance"] == 1.0


def test_sensitivity_view(result):
    rows = result.sensitivity.to_pylist()
    scenarios = {r["scenario"] for r in rows}
    assert len(scenarios) == 9  # base + 4 weights × (−0.1, +0.1)
    for r in rows:
        total = r["w_foreign_share"] + r["w_foreign_concentration"] + r["w_local_weakness"] + r["w_importance"]
        assert total == pytest.approx(1.0)
        assert r["rank_change"] == r["base_rank"] - r["rank"]
    up = next(r for r in rows if r["scenario"] == "importance +0.10" and r["node_id"] == "up")
    # weights (0.25, 0.25, 0.30, 0.30) / 1.1
    assert up["score"] == pytest.approx(100 * (0.25 + 0.25 + 0.30 + 0.30 * 2 / 3) / 1.1)
    n = by_node(result)
    assert (n["down"]["rank_min"], n["down"]["rank_max"]) == (3, 3)


def test_classes_with_rule_and_figures(result):
    n = by_node(result)
    assert {k: r["class"] for k, r in n.items()} == {"up": "补链", "up_a": "补链", "mid": "强链", "down": "延链"}
    assert n["mid"]["class_en"] == "strengthen"
    assert "RTA 1.38 ≥ 1.00" in n["mid"]["class_reason"] and "本地申请 2 件 ≥ 2" in n["mid"]["class_reason"]
    # down: 2 units in 2021-2022, none in 2019-2020 (new), next to 强链 mid; chain growth 5 / 4
    assert n["down"]["growth"] is None and n["down"]["chain_growth"] == pytest.approx(1.25)
    assert "毗邻强链节点 中游" in n["down"]["class_reason"]
    assert "1 local filings < 2" in n["up_a"]["class_reason_en"]
    assert n["up"]["low_data"] and "indicative only" in n["up"]["class_reason_en"]


def test_dependence_trend(result):
    n = by_node(result)
    # up_a: recent (2021-22) P4 foreign 1/1; previous (2019-20) P1 local, P2 foreign → 1/2
    assert (n["up_a"]["recent"], n["up_a"]["previous"]) == (1, 2)
    assert n["up_a"]["dependence_trend"] == pytest.approx(0.5)
    assert n["down"]["dependence_trend"] is None  # nothing filed in 2019-2020 to compare with
    years = [(r["year"], r["foreign_share"]) for r in result.trend.to_pylist() if r["node_id"] == "mid"]
    assert years == [(2019, 0.0), (2020, 0.0), (2021, 0.0), (2022, 1.0)]
    assert result.params["trend_windows"] == {"recent": [2021, 2022], "previous": [2019, 2020]}


def test_chain_leaders(result):
    rows = result.chain_leaders.to_pylist()
    assert [(r["holder_name"], r["nodes_led"], r["nodes_spanned"]) for r in rows] == [("A", 3, 3), ("B", 0, 1)]
    assert "覆盖 3/4 个节点" in rows[0]["reason"]


def test_attract_firms_partners_and_talent(result):
    firms = [(r["node_id"], r["holder_name"], r["filings"]) for r in result.attract_firms.to_pylist()]
    assert firms == [("up", "X Corp", 1), ("up_a", "X Corp", 2)]  # Y is a university, not a firm
    partners = [(r["node_id"], r["holder_name"]) for r in result.partners.to_pylist()]
    assert partners == [("up_a", "Y")]
    talent = [(r["inventor_id"], r["units"], r["main_node"]) for r in result.talent.to_pylist()]
    assert talent == [("I1", 2, "up_a"), ("I2", 1, "up_a"), ("I3", 1, "down")]  # I4 is local
    assert "主要申请人 X Corp" in result.talent.column("reason")[0].as_py()


def test_risk_list_with_litigants(result, tiny_nav):
    got = {(r["node_id"], r["patent_id"]): r for r in result.risk_patents.to_pylist()}
    # P2 high-value in force; P4 high-value pending; P3 and P8 in force (granted, within term) by a
    # listed litigant. P2 in node up is left out: no local filings there.
    assert set(got) == {("up_a", "P2"), ("up_a", "P4"), ("up_a", "P3"), ("mid", "P8")}
    assert got[("mid", "P8")]["status_basis"] == "estimated from grant and statutory term"
    assert got[("up_a", "P3")]["is_litigant"] and not got[("up_a", "P4")]["is_litigant"]
    plain = assess(tiny_nav, "t", region="CN-GD", weights=PARAMS, as_of=AS_OF)
    assert {(r["node_id"], r["patent_id"]) for r in plain.risk_patents.to_pylist()} == {("up_a", "P2"), ("up_a", "P4")}


def test_free_to_use_in_chokepoint_nodes(result):
    # chokepoint nodes: top ⌈4/3⌉ = 2 → up, up_a. P1 lapsed; P3 a utility model filed 2016-06-01
    # (10-year term) expires 2026-06-01, within 2 years of 2026-01-01.
    got = {(r["patent_id"], r["opportunity"]) for r in result.free_to_use.to_pylist()}
    assert got == {("P1", "lapsed or expired"), ("P3", "expiring")}


def test_high_value_cultivation_and_pledge(result):
    hv = result.high_value_local.to_pylist()
    assert [(r["node_id"], r["holder_name"], r["high_value"], r["qualifies"]) for r in hv] == [("mid", "A", 1, False)]
    pledge = result.pledge_candidates.to_pylist()
    assert [r["patent_id"] for r in pledge] == ["P5"]
    assert pledge[0]["years_left"] == pytest.approx((dt.date(2039, 1, 1) - AS_OF).days / 365.25)
    assert "剩余保护期 13.0 年 ≥ 5" in pledge[0]["criteria"]


def test_country_region_makes_local_domestic(tiny_nav):
    r = assess(tiny_nav, "t", region="CN", weights=PARAMS, as_of=AS_OF)
    n = by_node(r)
    assert (n["mid"]["local"], n["mid"]["domestic"]) == (3, 3)
    assert r.country == "CN"


def test_origin_from_first_priority_office(tiny_factory):
    # no addresses: origin = office of first priority; a province cannot be known
    nav = tiny_factory(with_addresses=False)
    r = assess(nav, "t", region="CN-GD", weights=PARAMS, as_of=AS_OF)
    assert r.params["origin_basis"] == {"technology_origin": 11}
    assert sum(row["local"] for row in r.nodes.to_pylist()) == 0
    assert by_node(r)["mid"]["domestic"] == 3
    assert "no unit can be local to CN-GD" in r.origin_note("en")


def test_no_origin_note_with_addresses(result):
    assert result.origin_note("zh") is None


def test_unknown_chain(tiny_nav):
    with pytest.raises(NotFoundError, match="classify"):
        assess(tiny_nav, "nope", region="CN")


def test_write_tables(result, tmp_path):
    import pyarrow.parquet as pq

    paths = result.write(tmp_path)
    assert {p.name for p in paths} >= {"nodes.parquet", "risk_patents.parquet", "security_t_CN-GD.xlsx"}
    assert pq.read_table(tmp_path / "nodes.parquet").num_rows == 4


def test_registry_indicators_match_the_assessment(result, tiny_nav):
    view = tiny_nav.chain("t").scoped(region="CN-GD")
    ranking = view.indicator("chokepoint_score", weights=PARAMS, as_of=AS_OF).to_pylist()
    assert [(r["node_id"], r["chokepoint_rank"]) for r in ranking] == [
        (r["node_id"], r["chokepoint_rank"]) for r in result.ranking().to_pylist()
    ]
    risk = view.indicator("risk_patents", weights=PARAMS, as_of=AS_OF, litigants=["X Corp"]).to_pylist()
    assert {(r["node_id"], r["patent_id"]) for r in risk} == {
        (r["node_id"], r["patent_id"]) for r in result.risk_patents.to_pylist()
    }


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def test_every_reason_is_bilingual_and_english_has_no_chinese(result):
    # the tiny chain has Chinese node names (上游 ...) and English ones (the node ids)
    texts = {("nodes", "class_reason"): result.nodes}
    for name in ("chain_leaders", "attract_firms", "partners", "talent", "risk_patents"):
        texts[(name, "reason")] = getattr(result, name)
    for name in ("high_value_local", "pledge_candidates"):
        texts[(name, "criteria")] = getattr(result, name)
    for (name, col), table in texts.items():
        zh, en = table.column(f"{col}_zh").to_pylist(), table.column(f"{col}_en").to_pylist()
        assert table.column(col).to_pylist() == zh, name  # the unsuffixed column stays Chinese
        assert len(en) == table.num_rows and all(en), name
        assert not [t for t in en if CJK.search(t)], name
        assert all(CJK.search(t) for t in zh), name
    n = by_node(result)
    assert "next to strengthen node(s) mid" in n["down"]["class_reason_en"]
    assert n["down"]["strong_neighbours_en"] == "mid"
    leader = result.chain_leaders.to_pylist()[0]
    assert leader["led_nodes_en"] == "down, mid, up_a"
    assert leader["reason_en"].startswith("top local holder in 3 node(s) (down, mid, up_a); present in 3/4 nodes")
    firm = result.attract_firms.to_pylist()[0]
    assert firm["reason_en"] == 'non-local firm no. 1 in fill node "up": 1 filings (100.0% of the node), 1 high-value'
    assert firm["reason_zh"] == "补链节点「上游」外地企业第 1 位：1 件（占节点 100.0%），高价值 1 件"
    assert result.talent.column("reason_en")[0].as_py().startswith('works mainly in fill node "up_a"; 2 filings')
