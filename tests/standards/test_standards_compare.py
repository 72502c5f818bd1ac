"""Quality comparison against hand-computed results: stricter limit, difference, pass rates, flags."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import chainnav
from chainnav.standards.catalogue import import_catalogue
from chainnav.standards.quality import (
    Limit,
    compare_limits,
    domestic_pass_international_fail,
    import_limits,
    import_tests,
    pass_rates,
    stricter,
)
from chainnav.standards.quality.compare import difference

FIXTURES = Path(__file__).parent / "fixtures"

CASES = [
    # (domestic, international, stricter, difference in the domestic unit, difference %)
    (Limit("max", None, 4.2, "V"), Limit("max", None, 4250, "mV"), "domestic", -0.05, -0.05 / 4.25 * 100),
    (Limit("min", 4800, None, "mAh"), Limit("min", 4.9, None, "Ah"), "international", -100, -100 / 4900 * 100),
    (Limit("max", None, 60, "°C"), Limit("max", None, 131, "°F"), "international", 5, 5 / 55 * 100),
    (Limit("max", None, 500, "g"), Limit("max", None, 0.5, "kg"), "equal", 0, 0),
    (Limit("range", 4.10, 4.25, "V"), Limit("range", 4150, 4200, "mV"), "international", 0.05, 0.05 / 4.2 * 100),
    (Limit("range", 4.15, 4.20, "V"), Limit("range", 4100, 4250, "mV"), "domestic", -0.05, -0.05 / 4.25 * 100),
    (Limit("range", 4.0, 4.2, "V"), Limit("range", 4.1, 4.3, "V"), "mixed", -0.1, -0.1 / 4.3 * 100),
    (Limit("max", None, 80, "dB(A)"), Limit("min", 70, None, "dB(A)"), "mixed", None, None),
    (Limit("min", 10.8, None, "m/s"), Limit("min", 36, None, "km/h"), "domestic", 0.8, 8.0),
    (Limit("min", 25, None, "min"), Limit("min", 0.5, None, "h"), "international", -5, -5 / 30 * 100),
    (Limit("max", None, 85, "dB(A)"), Limit("max", None, 85, "dB"), "incomparable", None, None),
]


@pytest.mark.parametrize(("domestic", "international", "verdict", "diff", "pct"), CASES)
def test_limit_comparison(domestic: Limit, international: Limit, verdict: str, diff: float | None,
                          pct: float | None) -> None:
    assert stricter(domestic, international) == verdict
    got_diff, got_pct = difference(domestic, international)
    if diff is None:
        assert got_diff is None and got_pct is None
    else:
        assert math.isclose(got_diff, diff, abs_tol=1e-9)
        assert math.isclose(got_pct, pct, abs_tol=1e-6)


def test_limit_text() -> None:
    assert Limit("max", None, 131, "°F").expressed_in("°C").text() == "≤ 55 °C"
    assert Limit("range", 4150, 4200, "mV").expressed_in("V").text() == "4.15 ~ 4.2 V"
    assert Limit("min", 4.9, None, "Ah").expressed_in("mAh").text() == "≥ 4900 mAh"


@pytest.fixture
def quality_nav(nav: chainnav.Navigator) -> chainnav.Navigator:
    import_catalogue(nav, FIXTURES / "test_standards.csv")
    import_limits(nav, FIXTURES / "limits_small.csv")
    import_tests(nav, FIXTURES / "tests_small.csv")
    return nav


def test_compare_limits_in_store(quality_nav: chainnav.Navigator) -> None:
    rows = {r["indicator"]: r for r in compare_limits(quality_nav).to_pylist()}
    assert sorted(rows) == ["噪声", "放电容量", "最高表面温度"]  # 噪声 comes from the limits for every product
    assert {k: r["stricter"] for k, r in rows.items()} == {
        "噪声": "international", "放电容量": "international", "最高表面温度": "international"}
    assert rows["最高表面温度"]["international_in_domestic_unit"] == "≤ 55 °C"
    assert (rows["最高表面温度"]["difference"], rows["最高表面温度"]["unit"]) == (5.0, "°C")
    assert rows["放电容量"]["difference"] == -100.0
    assert rows["噪声"]["difference_pct"] == 6.25


def test_pass_rates(quality_nav: chainnav.Navigator) -> None:
    # 甲/B1: 4950 mAh, 56 °C → domestic pass, international fail (56 > 55 °C)
    # 甲/B2: 4.85 Ah = 4850 mAh, 50 °C → domestic pass, international fail (4850 < 4900)
    # 乙/B1: 4700 mAh, 140 °F = 60 °C, 82 dB(A) → domestic fail (4700 < 4800), international fail
    by_product = {r["standard_id"]: (r["batches"], r["batches_passed"], r["pass_rate"])
                  for r in pass_rates(quality_nav, "product").to_pylist()}
    assert by_product == {"T/TEST 1-2025": (3, 2, 0.6667), "TESTINTL 1:2025": (3, 0, 0.0)}
    by_enterprise = {(r["enterprise"], r["standard_id"]): r["pass_rate"]
                     for r in pass_rates(quality_nav, "enterprise").to_pylist()}
    assert by_enterprise == {("甲", "T/TEST 1-2025"): 1.0, ("甲", "TESTINTL 1:2025"): 0.0,
                             ("乙", "T/TEST 1-2025"): 0.0, ("乙", "TESTINTL 1:2025"): 0.0}
    by_region = {(r["region"], r["standard_id"]): r["batches"] for r in pass_rates(quality_nav, "region").to_pylist()}
    assert by_region == {("CN-GD", "T/TEST 1-2025"): 2, ("CN-GD", "TESTINTL 1:2025"): 2,
                         ("CN-JS", "T/TEST 1-2025"): 1, ("CN-JS", "TESTINTL 1:2025"): 1}


def test_boundary_after_conversion_passes(quality_nav: chainnav.Navigator) -> None:
    # 140 °F is exactly the 60 °C domestic maximum: inclusive bound, no float noise
    from chainnav.standards.quality import evaluations

    ev = evaluations(quality_nav)
    row = ev.filter((ev.enterprise == "乙") & (ev.indicator == "最高表面温度") & (ev.origin == "domestic"))
    assert row.passed.to_pyarrow().to_pylist() == [True]


def test_domestic_pass_international_fail(quality_nav: chainnav.Navigator) -> None:
    flags = {r["indicator"]: (r["batches"], r["batches_flagged"], r["share"])
             for r in domestic_pass_international_fail(quality_nav).to_pylist()}
    assert flags == {"最高表面温度": (3, 2, 0.6667), "放电容量": (3, 1, 0.3333), "噪声": (1, 1, 1.0)}


def test_unknown_grouping(quality_nav: chainnav.Navigator) -> None:
    with pytest.raises(chainnav.ChainnavError, match="unknown grouping"):
        pass_rates(quality_nav, "city")
