"""Watch on the hand-made store: what the latest load added per node, table and summary."""

from __future__ import annotations

from chainnav.security import SecurityParams
from chainnav.security.watch import watch


def node_rows(result):
    return {r["node_id"]: r for r in result.nodes.to_pylist()}


def test_new_filings_and_entrants_since_previous_load(tiny_factory):
    nav = tiny_factory(first_load={"P8": 2, "P9": 2, "P10": 2})
    result = watch(nav, "t", region="CN-GD")
    rows = node_rows(result)
    got = {k: (r["filings"], r["new_filings"], r["new_entrants"]) for k, r in rows.items()}
    # down: P9 (Z) and P10 (A) are new and neither filed in down before; mid: P8 by X Corp, new there
    assert got == {"up": (1, 0, 0), "up_a": (4, 0, 0), "mid": (4, 1, 1), "down": (2, 2, 2)}
    assert rows["down"]["entrants"].split("; ") == ["A", "Z"]
    assert result.load["load_id"] == 2 and result.previous_load["load_id"] == 1
    assert (result.new_filings, result.new_in_store, result.new_unclassified) == (3, 3, 0)
    zh = result.summary_text("zh")
    assert "第 2 次导入" in zh and "新增 3 件" in zh and "下游 +2" in zh
    en = result.summary_text("en")
    assert "added 3 filings in 2 nodes" in en and "3 new entrants" in en


def test_old_holder_in_a_new_node_is_an_entrant_there_only(tiny_factory):
    # P4 (Y) arrives in load 2; Y filed nothing before, X Corp's P2 and P3 are old
    nav = tiny_factory(first_load={"P4": 2})
    result = watch(nav, "t", region="CN-GD", params=SecurityParams(high_value_quantile=0.7))
    rows = node_rows(result)
    assert (rows["up_a"]["new_filings"], rows["up_a"]["new_entrants"], rows["up_a"]["new_high_value"]) == (1, 1, 1)
    assert result.new_high_value == 1  # P4 scores 0.9 ≥ the 70th percentile 0.69


def test_new_records_outside_the_chain_are_counted(tiny_factory):
    nav = tiny_factory(first_load={"P9": 2})
    nav.con.execute(
        "INSERT INTO patent (patent_id, family_id, source, load_id, first_load_id, application_date) "
        "VALUES ('P11', 'P11', 'test', 2, 2, DATE '2022-01-01')"
    )
    result = watch(nav, "t", region="CN-GD")
    assert (result.new_filings, result.new_in_store, result.new_unclassified) == (1, 2, 1)
    assert "1 new records fall in no node" in result.summary_text("en")


def test_first_load_says_so(tiny_nav):
    result = watch(tiny_nav, "t", region="CN-GD")
    assert result.previous_load is None and result.new_filings == 10
    assert "首次导入" in result.summary_text("zh")
    assert result.to_dict()["summary"]["en"].startswith("Test chain: load 1")
