"""Unit conversions, hand-computed: one line per case."""

from __future__ import annotations

import math

import pytest

from chainnav.standards.quality.units import UnitError, convert, normalize_unit

CONVERSIONS = [
    # (value, from, to, expected) — each worked out by hand
    (2500, "mAh", "Ah", 2.5),
    (4.9, "Ah", "mAh", 4900),
    (100, "°C", "°F", 212),  # 100 × 9/5 + 32
    (-40, "°C", "°F", -40),
    (131, "°F", "°C", 55),  # (131 − 32) × 5/9
    (140, "°F", "°C", 60),
    (0, "°C", "K", 273.15),
    (0.52, "kg", "g", 520),
    (36, "km/h", "m/s", 10),  # 36 000 m / 3 600 s
    (0.5, "h", "min", 30),
    (90, "s", "min", 1.5),
    (1, "kWh", "Wh", 1000),
    (1, "Wh", "J", 3600),
    (250, "mg/kg", "%", 0.025),  # 250e-6 = 0.025 %
    (1, "%", "ppm", 10_000),
    (4150, "mV", "V", 4.15),
    (1.2, "MPa", "kPa", 1200),
    (2.4, "GHz", "MHz", 2400),
    (85, "dB(A)", "dBA", 85),
    (3, "毫米", "cm", 0.3),
    (2, "小时", "分钟", 120),
    (5, "℃", "°C", 5),
]


@pytest.mark.parametrize(("value", "source", "target", "expected"), CONVERSIONS)
def test_convert(value: float, source: str, target: str, expected: float) -> None:
    assert math.isclose(convert(value, source, target), expected, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("℃", "°C"), ("mA·h", "mAh"), ("dBA", "dB(A)"), ("％", "%"), ("KG", "kg"), ("μm", "µm"), ("次", "cycles"),
     ("furlong", None), ("", None), ("度", None)],
)
def test_normalize_unit(raw: str, canonical: str | None) -> None:
    assert normalize_unit(raw) == canonical


def test_incompatible_units() -> None:
    with pytest.raises(UnitError, match="cannot convert mAh"):
        convert(1, "mAh", "V")
    with pytest.raises(UnitError, match="cannot convert dB"):
        convert(1, "dB(A)", "dB")


def test_unknown_unit() -> None:
    with pytest.raises(UnitError, match="unknown unit 'furlong'"):
        convert(1, "furlong", "m")
