"""Value indicators against hand-computed values: components, cohort normalization, weights."""

from __future__ import annotations

import pytest
from analytics_hand import rows

from chainnav.analytics.indicators import value
from chainnav.errors import ConfigError


def test_patent_value_components(hand):
    got = rows(hand().patent_value(), ["patent_id", "forward_citations", "citation_source", "family_size", "claims",
                                       "grant_status"])
    assert got == [
        ("CN1A", 2, "citation_table", 2, 10, 0.5),  # cited by CN2A and US2B2 in the store
        ("CN2A", 0, "export_count", 1, 5, 0.5),
        ("CN3U", 0, "none", 1, 3, 1.0),  # no family: a family of one
        ("EP1A1", 0, "none", 1, None, None),  # family size from the store's F4
        ("US1B2", 2, "export_count", 2, 12, 1.0),
        ("US2B2", 1, "citation_table", 1, 20, 1.0),
    ]


def test_value_score_per_family(hand):
    got = rows(value.value_score(hand()), ["rank", "unit_id", "forward_citations", "value_score"])
    # F2 (alone in 2019): 0.25·1 + 0.15·1 + 0.20·0.5 = 0.5; F4 lacks claims and status: 0.25 / 0.65
    assert got == [(1, "F1", 4, 1.0), (2, "F3", 1, 1.0), (3, "CN3U", 0, 0.6), (4, "F2", 0, 0.5),
                   (5, "F4", 0, 0.384615)]


def test_value_score_weights_are_configurable(hand):
    weights = {"forward_citations": 1.0, "family_size": 0.0, "claims": 0.0, "grant_status": 0.0}
    got = dict(rows(value.value_score(hand(), weights=weights), ["unit_id", "value_score"]))
    assert got == {"F1": 1.0, "F2": 0.0, "F3": 1.0, "F4": 0.0, "CN3U": 0.0}


def test_value_by_node(hand):
    got = rows(value.value_by_node(hand(), top_share=0.5),
               ["node_id", "units", "mean_value_score", "granted_share", "high_value_units"])
    # percent ranks: F4 0, F2 .25, CN3U .5, F1 = F3 .75 (tie): the top half is CN3U, F1, F3
    assert got == [("airframe", 2, 0.692308, 0.5, 1), ("application", 2, 0.692308, 0.5, 1),
                   ("flight_control", 3, 0.7, 0.666667, 2)]


def test_bad_weights_are_config_errors(hand):
    with pytest.raises(ConfigError, match="unknown value-score component"):
        value.value_score(hand(), weights={"novelty": 1.0})
    with pytest.raises(ConfigError, match="non-negative"):
        value.value_score(hand(), weights={k: 0.0 for k in value.COMPONENTS})
