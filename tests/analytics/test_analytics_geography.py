"""Geography indicators against hand-computed values: origin country/region with basis, local share, RTA."""

from __future__ import annotations

import pytest
from analytics_hand import rows

from chainnav.analytics.indicators import geography
from chainnav.errors import ConfigError

BASIS = ["units_applicant_address", "units_technology_origin", "units_filing_market"]


def test_by_country_counts_each_basis(hand):
    got = rows(geography.by_country(hand()), ["origin_country", "units", *BASIS, "share"])
    assert got == [("CN", 3, 2, 0, 1, 0.6), ("DE", 1, 0, 1, 0, 0.2), ("US", 1, 1, 0, 0, 0.2)]


def test_by_region_keeps_country_only_origins(hand):
    got = rows(geography.by_region(hand()), ["origin_country", "origin_region", "units"])
    assert got == [("CN", "CN-GD", 2), ("CN", None, 1), ("DE", None, 1), ("US", "US-WA", 1)]


def test_local_share_by_node_for_a_province(hand):
    got = rows(
        geography.local_share(hand(region="CN-GD")),
        ["node_id", "units", "local_units", "domestic_units", "foreign_units", "local_share"],
    )
    # CN3U is Chinese but its province is unknown: domestic, not local
    assert got == [
        ("airframe", 2, 1, 1, 1, 0.5),
        ("application", 2, 0, 0, 2, 0.0),
        ("flight_control", 3, 2, 3, 0, 0.666667),
    ]


def test_local_share_needs_a_region(hand):
    with pytest.raises(ConfigError, match="region of interest"):
        geography.local_share(hand())


def test_rta_by_country(hand):
    got = rows(geography.rta(hand()), ["origin", "node_id", "p_rn", "p_r", "p_n", "p", "rta"])
    assert got == [
        ("CN", "airframe", 1, 3, 2, 5, 0.833333),  # (1/3) / (2/5)
        ("CN", "flight_control", 3, 3, 3, 5, 1.666667),
        ("DE", "airframe", 1, 1, 2, 5, 2.5),
        ("DE", "application", 1, 1, 2, 5, 2.5),
        ("US", "application", 1, 1, 2, 5, 2.5),
    ]


def test_rta_by_region_uses_addressed_units_only(hand):
    got = rows(geography.rta(hand(), level="region"), ["origin", "node_id", "rta"])
    assert got == [("CN-GD", "airframe", 1.5), ("CN-GD", "flight_control", 1.5), ("US-WA", "application", 3.0)]
