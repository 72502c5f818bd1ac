"""Collaboration indicators: co-applicant edges in Ibis, centrality and communities in networkx."""

from __future__ import annotations

import pyarrow as pa
from analytics_hand import rows

from chainnav.analytics.indicators import collaboration


def test_collaboration_edges(hand):
    got = rows(collaboration.collaboration_edges(hand()), ["player_a", "player_b", "units_ab"])
    assert got == [("AIRBUS", "BOEING", 1), ("DJI", "TSINGHUA UNIVERSITY", 1)]


def test_collaboration_network(hand):
    got = rows(
        collaboration.collaboration_network(hand()),
        ["player_id", "partners", "degree_centrality", "betweenness", "community", "community_size"],
    )
    assert got == [
        ("AIRBUS", 1, 0.333333, 0.0, 1, 2),
        ("BOEING", 1, 0.333333, 0.0, 1, 2),
        ("DJI", 1, 0.333333, 0.0, 2, 2),
        ("TSINGHUA UNIVERSITY", 1, 0.333333, 0.0, 2, 2),
    ]


def test_network_measures_on_a_path():
    # A - B - C and D - E: B lies on the one shortest path between A and C
    edges = pa.Table.from_pylist([
        {"player_a": "A", "player_b": "B", "name_a": "a", "name_b": "b", "units_ab": 2},
        {"player_a": "B", "player_b": "C", "name_a": "b", "name_b": "c", "units_ab": 1},
        {"player_a": "D", "player_b": "E", "name_a": "d", "name_b": "e", "units_ab": 1},
    ])
    got = {r["player_id"]: r for r in collaboration.network_measures(edges).to_pylist()}
    assert got["B"]["partners"] == 2 and got["B"]["joint_units"] == 3
    assert got["B"]["degree_centrality"] == 0.5  # 2 / (5 - 1)
    assert round(got["B"]["betweenness"], 6) == round(1 / 6, 6)  # 1 path of (n-1)(n-2)/2 = 6 pairs
    assert got["A"]["community"] == got["C"]["community"] == 1 and got["D"]["community"] == 2
    assert got["A"]["eigenvector"] > got["C"]["eigenvector"]  # the heavier tie


def test_network_of_no_edges_is_empty():
    empty = pa.table({"player_a": pa.array([], pa.string()), "player_b": pa.array([], pa.string()),
                      "name_a": pa.array([], pa.string()), "name_b": pa.array([], pa.string()),
                      "units_ab": pa.array([], pa.int64())})
    assert collaboration.network_measures(empty).num_rows == 0
