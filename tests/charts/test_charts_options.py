"""Chart option builders: hand-made tables in, the exact ECharts data out."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from chainnav import charts
from chainnav.charts.options import number, ramp_colour


def test_trend_line_fills_missing_years_and_orders_series_by_total():
    table = pa.table(
        {"year": [2019, 2020, 2021, 2020], "country": ["US", "US", "US", "CN"], "n": [1, 2, 3, 10]}
    )
    option = charts.trend_line(table, x="year", y="n", series="country", title="t")
    assert option["xAxis"]["data"] == ["2019", "2020", "2021"]
    assert [s["name"] for s in option["series"]] == ["CN", "US"]  # CN total 10 > US total 6
    assert option["series"][0]["data"] == [0, 10, 0]
    assert option["series"][1]["data"] == [1, 2, 3]


def test_trend_line_folds_small_series_into_other():
    rows = [{"y": 2020, "c": c, "n": n} for c, n in [("A", 5), ("B", 4), ("C", 1), ("D", 2)]]
    option = charts.trend_line(rows, x="y", y="n", series="c", top=2, other="Other")
    assert {s["name"]: s["data"] for s in option["series"]} == {"A": [5], "B": [4], "Other": [3]}


def test_ranking_bar_keeps_top_n_largest_first_and_accepts_pandas():
    frame = pd.DataFrame({"name": ["a", "b", "c", "d"], "n": [3, 9, None, 5]})
    option = charts.ranking_bar(frame, label="name", value="n", top=2)
    assert option["yAxis"]["data"] == ["b", "d"]
    assert option["series"][0]["data"] == [9, 5]


def test_share_pie_sums_the_rest_into_other():
    rows = [{"k": k, "v": v} for k, v in zip("abcde", [50, 20, 15, 10, 5], strict=True)]
    data = charts.share_pie(rows, label="k", value="v", top=3, other="其他")["series"][0]["data"]
    assert data == [
        {"name": "a", "value": 50},
        {"name": "b", "value": 20},
        {"name": "c", "value": 15},
        {"name": "其他", "value": 15},
    ]


def test_stacked_bar_percent_makes_each_bar_100():
    rows = [{"x": 2020, "s": "inv", "v": 3}, {"x": 2020, "s": "um", "v": 1}, {"x": 2021, "s": "inv", "v": 2}]
    option = charts.stacked_bar(rows, x="x", y="v", stack="s", percent=True)
    assert {s["name"]: s["data"] for s in option["series"]} == {"inv": [75, 100], "um": [25, 0]}


def test_heatmap_cells_are_indexed_by_axis_order():
    rows = [{"n": "b", "y": 2020, "v": 4}, {"n": "a", "y": 2021, "v": 7}]
    option = charts.heatmap(rows, x="y", y="n", value="v", y_order=["a", "b"])
    assert option["series"][0]["data"] == [[0, 1, 4], [1, 0, 7]]
    assert (option["visualMap"]["min"], option["visualMap"]["max"]) == (4, 7)


def test_chain_map_orders_segments_sizes_by_value_and_colours_by_metric():
    nodes = pa.table(
        {
            "node_id": ["app", "cell", "frame", "fc"],
            "name": ["航拍", "电池", "整机", "飞控"],
            "segment": ["downstream", "upstream", "midstream", "midstream"],
            "parent_id": [None, None, None, "frame"],
            "patents": [10, 40, 100, 5],
            "score": [0.1, 0.9, None, 0.5],
        }
    )
    option = charts.chain_map(nodes, colour_by="score", colour_name="卡脖子", lang="zh")
    data = {d["id"]: d for d in option["series"][0]["data"]}
    assert [data[f"segment:{s}"]["name"] for s in ("upstream", "midstream", "downstream")] == [
        "上游",
        "中游",
        "下游",
    ]
    assert (
        data["segment:upstream"]["value"][0]
        < data["segment:midstream"]["value"][0]
        < data["segment:downstream"]["value"][0]
    )
    assert data["frame"]["symbolSize"] == 30 and data["fc"]["symbolSize"] == 9  # largest and smallest
    assert data["fc"]["value"][1] == data["frame"]["value"][1] + 1  # child right under its parent
    assert data["cell"]["itemStyle"]["color"] == ramp_colour(1.0)
    assert data["app"]["itemStyle"]["color"] == ramp_colour(0.0)
    assert data["frame"]["itemStyle"]["color"] == "#c8c8c8"  # no score known
    arrows = [(link["source"], link["target"]) for link in option["series"][0]["links"]]
    assert arrows == [("segment:upstream", "segment:midstream"), ("segment:midstream", "segment:downstream")]
    assert "100" in data["frame"]["label"]["formatter"]


def test_network_graph_is_deterministic_and_links_known_nodes_only():
    nodes = [{"id": i, "label": f"n{i}", "value": i + 1} for i in range(5)]
    edges = [
        {"source": 0, "target": 1, "weight": 4},
        {"source": 1, "target": 2, "weight": 1},
        {"source": 1, "target": 99},
    ]
    first = charts.network_graph(nodes, edges, labels=2)
    assert first == charts.network_graph(nodes, edges, labels=2)
    series = first["series"][0]
    assert [(link["source"], link["target"]) for link in series["links"]] == [("0", "1"), ("1", "2")]
    assert [d["label"]["show"] for d in series["data"]] == [False, False, False, True, True]


def test_options_are_plain_json():
    from decimal import Decimal

    option = charts.ranking_bar(
        [{"k": "a", "v": Decimal("2.50")}, {"k": "b", "v": float("nan")}], label="k", value="v"
    )
    assert json.loads(json.dumps(option))["series"][0]["data"] == [2.5]
    assert number(3.0) == 3 and isinstance(number(3.0), int)


def test_clip_counts_cjk_as_double_width():
    from chainnav.charts.options import clip

    assert clip("Flight control systems") == "Flight control systems"
    assert clip("Navigation, positioning and inertial measurement") == "Navigation, positioning and in…"
    assert clip("导航定位与惯性测量导航定位与惯性测量", width=10) == "导航定位与…"


def test_packed_layout_gives_a_large_component_its_own_area():
    import networkx as nx

    from chainnav.charts.options import packed_layout

    graph = nx.complete_graph(6)  # nodes 0-5: the main component
    graph.add_edges_from([(10, 11), (20, 21)])
    positions = packed_layout(graph)
    assert all(positions[n][0] <= 0.2 for n in range(6))
    assert all(positions[n][0] >= 0.2 for n in (10, 11, 20, 21))
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in positions.values())
