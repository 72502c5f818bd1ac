"""Talent indicators against hand-computed values: counts, top inventors, teams, mobility, recruits."""

from __future__ import annotations

import pytest
from analytics_hand import rows

from chainnav.analytics.indicators import talent
from chainnav.errors import ConfigError


def test_inventor_counts_by_country_and_node(hand):
    got = rows(talent.inventor_counts(hand()), ["location", "node_id", "inventors", "units"])
    assert got == [
        ("CN", "airframe", 2, 1), ("CN", "flight_control", 3, 3), ("DE", "airframe", 2, 1),
        ("DE", "application", 2, 1), ("US", "application", 2, 1),
    ]


def test_top_inventors(hand):
    got = rows(talent.top_inventors(hand(), n=3),
               ["rank", "inventor_id", "units", "nodes", "main_node", "main_applicant", "co_inventors"])
    assert got == [
        (1, "WANG WEI", 3, 2, "flight_control", "SZ DJI TECHNOLOGY CO., LTD.", 2),
        (2, "LI NA", 2, 3, "airframe", "Boeing Co", 2),  # DJI and Boeing tie: by id
        (3, "SMITH JOHN", 2, 2, "application", "Boeing Co", 2),
    ]


def test_inventor_teams(hand):
    got = rows(talent.inventor_teams(hand(), n=2), ["inventor_rank", "team_rank", "co_inventor_id", "shared_units"])
    assert got == [(1, 1, "LI NA", 1), (1, 2, "ZHANG SAN", 1), (2, 1, "SMITH JOHN", 1), (2, 2, "WANG WEI", 1)]


def test_inventor_mobility(hand):
    got = rows(talent.inventor_mobility(hand()), ["inventor_id", "kind", "from_place", "to_place", "year"])
    # Li Na leaves DJI (last 2018) for Boeing in 2020; Wang Wei files alone in 2021 after Tsinghua (2019)
    assert got == [
        ("LI NA", "applicant", "DJI", "BOEING", 2020),
        ("LI NA", "country", "CN", "US", 2020),
        ("LI NA", "region", "CN-GD", "US-WA", 2020),
        ("WANG WEI", "applicant", "TSINGHUA UNIVERSITY", "WANG WEI", 2021),
    ]


def test_talent_to_attract_outside_the_region(hand):
    got = rows(talent.talent_to_attract(hand(region="CN")),
               ["rank", "inventor_id", "units", "location_country", "location_basis"])
    # Li Na also filed from CN, so she is local; Smith's address-based place wins the tie
    assert got == [(1, "SMITH JOHN", 2, "US", "applicant_address"), (2, "DUPONT MARIE", 1, "DE", "technology_origin")]


def test_talent_to_attract_needs_a_region(hand):
    with pytest.raises(ConfigError):
        talent.talent_to_attract(hand())
