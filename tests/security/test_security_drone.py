"""Chain security on the bundled drone data (9,071 Lens families, chain ``uav``), region CN.

Lens records carry no addresses, so the origin of every unit is its office of first priority.
"""

from __future__ import annotations

import pytest

from chainnav.security import assess
from chainnav.security.watch import watch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def drone_result(drone_classified_db):
    import chainnav

    with chainnav.open(drone_classified_db, read_only=True) as nav:
        return assess(nav, "uav", region="CN", litigants=["DJI"])


def test_every_node_ranked_and_classified(drone_result, drone_nav):
    nodes = drone_result.nodes.to_pylist()
    chain_nodes = drone_nav.sql("SELECT count(*) AS n FROM chain_node WHERE chain_id = 'uav'").column("n")[0].as_py()
    assert len(nodes) == chain_nodes
    assert sorted(r["chokepoint_rank"] for r in nodes)[0] == 1
    assert all(0 <= r["chokepoint"] <= 100 for r in nodes)
    assert {r["class"] for r in nodes} <= {"强链", "补链", "延链"}
    assert all(r["class_reason"] for r in nodes)


def test_counts_match_the_store(drone_result, drone_nav):
    # filings and CN-origin filings per node, counted straight from the canonical tables
    expected = {
        r["node_id"]: (r["n"], r["cn"])
        for r in drone_nav.sql(
            "SELECT pn.node_id, count(DISTINCT coalesce(p.family_id, p.patent_id)) AS n, "
            "count(DISTINCT CASE WHEN p.priority_country = 'CN' THEN coalesce(p.family_id, p.patent_id) END) AS cn "
            "FROM patent_node pn JOIN patent p USING (patent_id) WHERE pn.chain_id = 'uav' GROUP BY 1"
        ).to_pylist()
    }
    got = {r["node_id"]: (r["filings"], r["local"]) for r in drone_result.nodes.to_pylist() if r["filings"]}
    assert got == expected
    assert set(drone_result.params["origin_basis"]) == {"technology_origin"}


def test_lists_are_consistent(drone_result):
    fill = {r["node_id"] for r in drone_result.nodes.to_pylist() if r["class"] == "补链"}
    assert {r["node_id"] for r in drone_result.attract_firms.to_pylist()} <= fill
    assert all(r["origin_country"] != "CN" for r in drone_result.risk_patents.to_pylist())
    assert all(r["years_left"] >= 5 for r in drone_result.pledge_candidates.to_pylist())
    sens = drone_result.sensitivity.to_pylist()
    assert len({r["scenario"] for r in sens}) == 9


def test_watch_first_load(drone_nav):
    result = watch(drone_nav, "uav", region="CN")
    assert result.previous_load is None
    units = drone_nav.sql(
        "SELECT count(DISTINCT coalesce(p.family_id, p.patent_id)) AS n FROM patent_node pn "
        "JOIN patent p USING (patent_id) WHERE pn.chain_id = 'uav'"
    ).column("n")[0].as_py()
    assert result.new_filings == units
