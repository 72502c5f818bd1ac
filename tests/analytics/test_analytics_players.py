"""Player indicators against hand-computed values: top applicants, CR4/CR8, HHI, entrants, type mix."""

from __future__ import annotations

from analytics_hand import rows

from chainnav.analytics.indicators import players


def test_top_applicants(hand):
    got = rows(players.top_applicants(hand(), n=3), ["rank", "player_id", "units", "share"])
    # 7 applicant-units in all; Boeing and DJI tie on 2 and are ordered by id
    assert got == [(1, "BOEING", 2, 0.285714), (2, "DJI", 2, 0.285714), (3, "AIRBUS", 1, 0.142857)]


def test_top_applicants_by_node(hand):
    got = rows(players.top_applicants(hand(), n=1, by="node"), ["node_id", "player_id", "units"])
    assert got == [("airframe", "AIRBUS", 1), ("application", "BOEING", 2), ("flight_control", "DJI", 2)]


def test_hhi_by_node(hand):
    got = rows(players.hhi(hand(), by="node"), ["node_id", "players", "units_held", "hhi"])
    assert got == [
        ("airframe", 3, 3, 3333.333333),  # three players with one unit each
        ("application", 2, 3, 5555.555556),  # Boeing 2/3, Airbus 1/3
        ("flight_control", 3, 4, 3750.0),  # DJI 2/4, Tsinghua 1/4, Wang Wei 1/4
    ]


def test_hhi_depends_on_the_counting_unit(hand):
    assert rows(players.hhi(hand()), ["hhi"]) == [(2244.897959,)]  # (4+4+1+1+1) / 49
    # by publication DJI holds CN1A, US1B2 and CN2A: (9+4+1+1+1) / 64
    assert rows(players.hhi(hand(unit="publication")), ["hhi"]) == [(2500.0,)]


def test_concentration_ratio(hand):
    assert rows(players.concentration_ratio(hand()), ["players", "cr4", "cr8"]) == [(5, 0.857143, 1.0)]


def test_new_entrants(hand):
    got = rows(players.new_entrants(hand()), ["year", "active_players", "new_players", "entrant_share"])
    assert got == [(2018, 1, 1, 1.0), (2019, 2, 1, 0.5), (2020, 2, 2, 1.0), (2021, 1, 1, 1.0)]


def test_applicant_type_mix(hand):
    got = rows(players.applicant_type_mix(hand()), ["entity_type", "units", "players", "share"])
    assert got == [("company", 4, 3, 0.666667), ("individual", 1, 1, 0.166667), ("university", 1, 1, 0.166667)]
