"""Trend indicators against hand-computed values: filings per year, CAGR, lifecycle stages."""

from __future__ import annotations

import pytest
from analytics_hand import SERIES, rows

from chainnav.analytics.indicators import trends
from chainnav.errors import ConfigError


def test_filings_by_application_year_per_family(hand):
    # F1 counts once, in 2018; years after 2019 are within 18 months of the 2021-12-01 cut-off
    assert rows(trends.filings_by_year(hand()), ["year", "units", "incomplete"]) == [
        (2018, 1, False), (2019, 1, False), (2020, 2, True), (2021, 1, True),
    ]


def test_filings_by_year_per_publication(hand):
    assert rows(trends.filings_by_year(hand(unit="publication")), ["year", "units"]) == [
        (2018, 1), (2019, 2), (2020, 2), (2021, 1),
    ]


def test_filings_by_priority_year(hand):
    # F3 was filed in 2020 on a 2019 US priority
    assert rows(trends.filings_by_priority_year(hand()), ["year", "units"]) == [
        (2018, 1), (2019, 2), (2020, 1), (2021, 1),
    ]


def test_filings_by_year_by_node(hand):
    assert rows(trends.filings_by_year(hand(), by="node"), ["node_id", "year", "units"]) == [
        ("airframe", 2018, 1), ("airframe", 2020, 1), ("application", 2020, 2),
        ("flight_control", 2018, 1), ("flight_control", 2019, 1), ("flight_control", 2021, 1),
    ]


def test_cagr(hand):
    # (2 / 1) ** (1 / 2) - 1
    assert rows(trends.cagr(hand(), start=2018, end=2020), ["n_start", "n_end", "cagr"]) == [(1, 2, 0.414214)]


def test_cagr_by_node_includes_empty_groups(hand):
    got = rows(trends.cagr(hand(), start=2018, end=2021, by="node"), ["node_id", "n_start", "n_end", "cagr"])
    assert got == [("airframe", 1, 0, -1.0), ("application", 0, 0, None), ("flight_control", 1, 1, 0.0)]


def test_cagr_default_window_ends_at_last_complete_year(hand):
    assert rows(trends.cagr(hand()), ["start_year", "end_year"]) == [(2014, 2019)]
    with pytest.raises(ConfigError, match="empty"):
        trends.cagr(hand(), start=2020, end=2020)


def test_lifecycle_on_hand_store(hand):
    got = rows(trends.lifecycle(hand()), ["year", "units", "applicants", "p_recent", "p_prior", "stage"])
    assert got == [
        (2018, 1, 1, 1, 0, "emerging"),
        (2019, 1, 2, 2, 0, "emerging"),
        (2020, 2, 2, 4, 0, "emerging"),
        (2021, 1, 1, 4, 1, "growth"),  # gP = 4/1 - 1, gA = 5/1 - 1
    ]


def test_lifecycle_stages_follow_the_rule(series):
    got = dict(rows(trends.lifecycle(series()), ["year", "stage"]))
    assert sum(SERIES.values()) == 106
    # cumulative share below 10 % until 2003; 2010: 40 vs 44 filings (-9 %): mature; then decline
    assert got == {
        2000: "emerging", 2001: "emerging", 2002: "emerging", 2003: "emerging",
        2004: "growth", 2005: "growth", 2006: "growth", 2007: "growth", 2008: "growth", 2009: "growth",
        2010: "mature", 2011: "decline", 2012: "decline",
    }
