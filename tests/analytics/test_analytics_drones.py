"""Indicators on the bundled drone data (9,071 Lens families): invariants that must hold on real records."""

from __future__ import annotations

import pytest


@pytest.fixture
def drones(drone_nav):
    return drone_nav.chain("uav").scoped(region="CN", unit="family")


def test_units_add_up_across_indicators(drones):
    per_year = drones.indicator("filings_by_year").to_pandas()
    values = drones.indicator("value_score")
    no_year = drones.context.patents().filter(lambda p: p.application_year.isnull()).unit_id.nunique().execute()
    # every unit is counted once per year table and scored once
    assert per_year.units.sum() + no_year == values.num_rows > 1000
    node_mix = drones.indicator("node_mix").to_pandas()
    assert node_mix.chain_units.iloc[0] == values.num_rows
    assert (node_mix.units <= node_mix.chain_units).all()


def test_lens_geography_rests_on_technology_origin(drones):
    countries = drones.indicator("by_country").to_pandas()
    # Lens exports carry no applicant addresses: no unit can be on that basis
    assert countries.units_applicant_address.sum() == 0
    assert (countries.units_technology_origin + countries.units_filing_market == countries.units).all()
    assert abs(countries.share.sum() - 1.0) < 1e-9
    assert set(countries.origin_country.head(3)) & {"US", "CN"}


def test_concentration_is_bounded_and_consistent(drones):
    hhi = drones.indicator("hhi", by="node").to_pandas()
    assert ((hhi.hhi > 0) & (hhi.hhi <= 10000)).all()
    cr = drones.indicator("concentration_ratio").to_pylist()[0]
    top = drones.indicator("top_applicants", n=4).to_pandas()
    assert abs(cr["cr4"] - top.share.sum()) < 1e-9


def test_value_scores_are_within_zero_and_one(drones):
    scores = drones.indicator("value_score").to_pandas()
    assert scores.value_score.between(0, 1 + 1e-12).all()  # a weighted mean of values in [0, 1]
    assert (scores.claims.isna()).all()  # Lens has no claim counts: the component is left out
    assert scores["rank"].tolist() == list(range(1, len(scores) + 1))


def test_counting_units_order(drone_nav):
    view = drone_nav.chain("uav")
    totals = {
        unit: view.scoped(unit=unit).indicator("node_mix").column("chain_units")[0].as_py()
        for unit in ("publication", "application", "family")
    }
    assert totals["publication"] >= totals["application"] >= totals["family"]
