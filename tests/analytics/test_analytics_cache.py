"""Materialized base tables (DuckDB temporary tables), shared store tables and the capped workbook.

A caching context must give exactly the tables an expression-only context gives; the caches only
change how often the same rows are computed.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from test_analytics_parity import canonical

import chainnav
from chainnav.analytics.context import AnalysisContext, Scope, StoreCache
from chainnav.analytics.export import MANIFEST, WORKBOOK, analysis_plan, write_analyses, write_analysis
from chainnav.analytics.indicators.collaboration import _betweenness
from chainnav.analytics.view import run_indicator
from chainnav.errors import ConfigError

PLAN = [(name, ind.name, params) for name, ind, params in analysis_plan()]


def _temp_tables(nav: chainnav.Navigator) -> int:
    return nav.con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()[0][0]


def _tables(ctx: AnalysisContext) -> dict[str, list[tuple]]:
    return {name: canonical(run_indicator(ctx, ind, **params).to_pyarrow().to_pandas()) for name, ind, params in PLAN}


@pytest.fixture
def hand_nav(hand_db):
    with chainnav.open(hand_db, read_only=True) as nav:
        yield nav


def test_cached_context_equals_expressions_on_the_hand_store(hand_nav):
    scope = Scope(chain_id="uav", region="CN-GD")
    plain = _tables(AnalysisContext(hand_nav.ibis, scope))
    cached = AnalysisContext(hand_nav.ibis, scope, cache=True)
    assert _tables(cached) == plain
    # base tables, value scores, player units, inventor profiles and edges each became one table
    assert _temp_tables(hand_nav) >= 10
    cached.close()
    assert _temp_tables(hand_nav) == 0


def test_store_cache_is_shared_by_contexts_and_dropped(hand_nav):
    store = StoreCache(hand_nav.ibis)
    first = AnalysisContext(hand_nav.ibis, Scope(chain_id="uav", region="CN"), cache=True, store=store)
    second = AnalysisContext(hand_nav.ibis, Scope(chain_id="uav", unit="publication"), cache=True, store=store)
    plain = AnalysisContext(hand_nav.ibis, Scope(chain_id="uav", unit="publication"))
    first.applicants()
    shared = _temp_tables(hand_nav)
    assert canonical(second.applicants().to_pyarrow().to_pandas()) == canonical(
        plain.applicants().to_pyarrow().to_pandas()
    )
    # the second context added its own scoped tables but reused the store's party names
    assert len(store._tables) == 1
    first.close()
    second.close()
    assert _temp_tables(hand_nav) == 1 <= shared
    store.close()
    assert _temp_tables(hand_nav) == 0


def test_a_view_releases_its_tables_and_expr_stays_portable(hand_nav):
    view = hand_nav.chain("uav")
    assert view.indicator("hhi", by="node").num_rows == 3
    assert _temp_tables(hand_nav) > 0
    del view
    assert _temp_tables(hand_nav) == 0
    # expr() reads the store's tables, so it outlives the view and compiles to plain SQL
    expr = hand_nav.chain("uav").expr("hhi", by="node")
    assert "_chainnav_ctx_" not in str(hand_nav.ibis.compile(expr))
    assert round(expr.to_pyarrow().to_pandas().hhi.iloc[2], 1) == 3750.0


def test_write_analyses_equals_one_call_per_chain(hand_nav, tmp_path):
    one = write_analysis(hand_nav, "uav", region="CN", out=tmp_path / "one")
    [many] = write_analyses(hand_nav, ["uav"], region="CN", out=tmp_path / "many")
    assert many == tmp_path / "many" / "uav"
    for path in sorted(one.glob("*.parquet")):
        assert pq.read_table(path).equals(pq.read_table(many / path.name)), path.name
    assert _temp_tables(hand_nav) == 0


def test_workbook_sheets_are_capped_and_parquet_is_complete(hand_nav, tmp_path):
    folder = write_analysis(hand_nav, "uav", region="CN", out=tmp_path / "a", workbook_rows=2)
    assert pq.read_table(folder / "filings_by_year.parquet").num_rows == 4  # 2018-2021
    book = load_workbook(folder / WORKBOOK, read_only=True)
    sheet = list(book["filings_by_year"].values)
    assert sheet[0][:3] == ("year", "units", "incomplete")
    assert sheet[1:] == [(2018, 1, False), (2019, 1, False)]
    index = {row[0]: row for row in list(book["index"].values)[1:]}
    header = next(book["index"].values)
    assert header == ("sheet", "indicator", "family", "unit", "rows", "rows_in_sheet", "formula")
    assert index["filings_by_year"][4:6] == (4, 2)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["workbook"]["rows_per_sheet"] == 2
    with pytest.raises(ConfigError, match="workbook_rows"):
        write_analysis(hand_nav, "uav", out=tmp_path / "b", workbook_rows=0)


def test_betweenness_matches_networkx_on_a_path_and_a_star():
    # path A-B-C-D: B and C each lie on 2 of the 3 pairs' shortest paths -> 2/3 normalized
    path = nx.path_graph(["A", "B", "C", "D"])
    assert {k: round(v, 9) for k, v in _betweenness(path).items()} == {"A": 0.0, "B": 0.666666667,
                                                                      "C": 0.666666667, "D": 0.0}
    # star with hub H and 4 leaves: H is on all 6 leaf pairs -> 1.0; plus a separate edge X-Y
    star = nx.star_graph(4)
    star.add_edge("X", "Y")
    got = _betweenness(star)
    expected = nx.betweenness_centrality(star, normalized=True)
    assert got.keys() == expected.keys()
    assert all(abs(got[n] - expected[n]) < 1e-12 for n in got)
    assert round(got[0], 9) == round(6 / 15, 9)  # 6 of (7-1)(7-2)/2 = 15 pairs
    assert _betweenness(nx.path_graph(["A", "B"])) == {"A": 0.0, "B": 0.0}


def test_betweenness_is_the_same_every_run_on_a_larger_graph():
    graph = nx.les_miserables_graph()  # 77 characters, 254 co-appearances
    expected = nx.betweenness_centrality(graph, normalized=True)
    runs = [_betweenness(graph) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert all(abs(runs[0][n] - expected[n]) < 1e-12 for n in graph)


@pytest.mark.slow
def test_cached_context_equals_expressions_on_the_drone_data(drone_classified_db: Path):
    scope = Scope(chain_id="uav", region="CN")
    with chainnav.open(drone_classified_db, read_only=True) as nav:
        plain = AnalysisContext(nav.ibis, scope)
        cached = AnalysisContext(nav.ibis, scope, cache=True, store=StoreCache(nav.ibis), as_of=plain.as_of)
        assert _tables(cached) == _tables(plain)
