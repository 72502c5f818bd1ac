"""Technology indicators against hand-computed values: node mix, growth hot spots, code co-occurrence."""

from __future__ import annotations

from analytics_hand import rows

from chainnav.analytics.indicators import technology


def test_node_mix(hand):
    got = rows(technology.node_mix(hand()), ["node_id", "segment", "units", "chain_units", "share"])
    assert got == [
        ("airframe", "upstream", 2, 5, 0.4),
        ("application", "downstream", 2, 5, 0.4),
        ("flight_control", "midstream", 3, 5, 0.6),
    ]


def test_node_growth(hand):
    got = rows(
        technology.node_growth(hand(), window=1, end=2020),
        ["rank", "node_id", "units_prior", "units_recent", "growth"],
    )
    assert got == [(1, "application", 0, 2, None), (2, "airframe", 0, 1, None), (3, "flight_control", 1, 0, -1.0)]


def test_code_growth(hand):
    got = rows(
        technology.code_growth(hand(), level="subclass", window=1, end=2020),
        ["rank", "code", "units_prior", "units_recent", "growth"],
    )
    assert got == [(1, "B64U", 0, 2, None), (2, "B64C", 1, 1, 0.0), (3, "G05D", 1, 0, -1.0)]


def test_code_cooccurrence(hand):
    got = rows(
        technology.code_cooccurrence(hand(), level="subclass", min_units=1),
        ["rank", "code_a", "code_b", "units_ab", "units_a", "units_b", "jaccard"],
    )
    assert got == [(1, "B64C", "G05D", 2, 3, 3, 0.5), (2, "B64C", "B64U", 1, 3, 2, 0.25)]
