"""Base expressions of AnalysisContext on the hand store: units, chain scope, origin and basis, locality."""

from __future__ import annotations

import datetime as dt

import pytest
from analytics_hand import rows

from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.errors import ConfigError


def test_patents_units_and_years(hand):
    ctx = hand(unit="family")
    # JP1A is outside the chain; F1's US member counts in 2018, the family's first filing year
    assert rows(ctx.patents(), ["patent_id", "unit_id", "application_year", "own_application_year"]) == [
        ("CN1A", "F1", 2018, 2018),
        ("CN2A", "F2", 2019, 2019),
        ("CN3U", "CN3U", 2021, 2021),
        ("EP1A1", "F4", 2020, 2020),
        ("US1B2", "F1", 2018, 2019),
        ("US2B2", "F3", 2020, 2020),
    ]
    assert rows(hand(unit="application").patents(), ["patent_id", "unit_id"])[0] == ("CN1A", "CNAPPCN1A")
    assert {r[0] for r in rows(hand(unit="publication").patents(), ["unit_id"])} == {
        "CN1A", "CN2A", "CN3U", "EP1A1", "US1B2", "US2B2"
    }


def test_years_filter_on_unit_year(hand):
    ctx = hand(years=(2019, 2020))
    # F1 (first filed 2018) leaves with both members, US1B2 included
    assert sorted(r[0] for r in rows(ctx.patents(), ["patent_id"])) == ["CN2A", "EP1A1", "US2B2"]


def test_patent_nodes(hand):
    assert rows(hand().patent_nodes(), ["patent_id", "node_id", "segment"]) == [
        ("CN1A", "airframe", "upstream"),
        ("CN1A", "flight_control", "midstream"),
        ("CN2A", "flight_control", "midstream"),
        ("CN3U", "flight_control", "midstream"),
        ("EP1A1", "airframe", "upstream"),
        ("EP1A1", "application", "downstream"),
        ("US1B2", "airframe", "upstream"),
        ("US2B2", "application", "downstream"),
    ]


def test_patent_origin_names_its_basis(hand):
    ctx = hand(region="CN-GD")
    got = rows(ctx.patent_origin(), ["patent_id", "origin_country", "origin_region", "basis", "is_local", "is_domestic"])
    assert got == [
        ("CN1A", "CN", "CN-GD", "applicant_address", True, True),
        ("CN2A", "CN", "CN-GD", "applicant_address", True, True),
        # no applicant address, no priority: the filing office; its region is unknown, so not local
        ("CN3U", "CN", None, "filing_market", False, True),
        # no applicant address: the country of the first priority claim (DE)
        ("EP1A1", "DE", None, "technology_origin", False, False),
        ("US1B2", "CN", "CN-GD", "applicant_address", True, True),
        ("US2B2", "US", "US-WA", "applicant_address", False, False),
    ]


def test_is_local_country_scope_and_no_scope(hand):
    got = rows(hand(region="CN").patent_origin(), ["patent_id", "is_local"])
    assert [r for r in got if r[1]] == [("CN1A", True), ("CN2A", True), ("CN3U", True), ("US1B2", True)]
    assert {r[1] for r in rows(hand().patent_origin(), ["patent_id", "is_local"])} == {None}


def test_applicants_group_by_entity_then_name(hand):
    got = rows(hand().applicants(), ["patent_id", "player_id", "display_name", "entity_type"])
    # both DJI spellings share name_norm and one display name
    assert ("US1B2", "DJI", "SZ DJI TECHNOLOGY CO., LTD.", "company") in got
    assert ("CN1A", "DJI", "SZ DJI TECHNOLOGY CO., LTD.", "company") in got
    assert len(got) == 8


def test_data_cutoff_and_complete_years(hand):
    ctx = hand()
    assert ctx.as_of == dt.date(2021, 12, 1)
    assert ctx.complete_until_year == 2019


@pytest.mark.parametrize(
    ("as_of", "last_complete"),
    [(dt.date(2021, 6, 30), 2018), (dt.date(2021, 7, 1), 2019), (dt.date(2021, 12, 31), 2019), (dt.date(2022, 6, 30), 2019),
     (dt.date(2022, 7, 1), 2020), (dt.date(2023, 1, 1), 2020)],
)
def test_complete_until_year_rule(as_of, last_complete):
    ctx = AnalysisContext(backend=None, as_of=as_of)  # type: ignore[arg-type]
    assert ctx.complete_until_year == last_complete


@pytest.mark.parametrize(
    ("scope", "message"),
    [({"unit": "patent"}, "unknown counting unit"), ({"region": "guangdong"}, "ISO 3166"),
     ({"years": (2020, 2010)}, "empty")],
)
def test_scope_rejects_bad_values(scope, message):
    with pytest.raises(ConfigError, match=message):
        Scope(**scope)
