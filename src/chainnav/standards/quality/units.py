"""Units of measurement for test results and limits: canonical symbols, dimensions and conversions.

Every unit is ``base = value × factor + offset`` in its dimension's base unit (SI where one exists).
Two values compare only within one dimension; dB-type levels have no conversion to anything else.

>>> convert(2500, "mAh", "Ah")
2.5
>>> round(convert(100, "°C", "°F"), 6)
212.0
"""

from __future__ import annotations

import unicodedata

import pyarrow as pa

from chainnav.errors import ChainnavError

# symbol: (dimension, factor to base, offset to base)
UNITS: dict[str, tuple[str, float, float]] = {
    "m": ("length", 1.0, 0.0),
    "km": ("length", 1000.0, 0.0),
    "cm": ("length", 0.01, 0.0),
    "mm": ("length", 0.001, 0.0),
    "µm": ("length", 1e-6, 0.0),
    "kg": ("mass", 1.0, 0.0),
    "g": ("mass", 0.001, 0.0),
    "mg": ("mass", 1e-6, 0.0),
    "s": ("time", 1.0, 0.0),
    "ms": ("time", 0.001, 0.0),
    "min": ("time", 60.0, 0.0),
    "h": ("time", 3600.0, 0.0),
    "K": ("temperature", 1.0, 0.0),
    "°C": ("temperature", 1.0, 273.15),
    "°F": ("temperature", 5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0),
    "Ah": ("charge", 3600.0, 0.0),
    "mAh": ("charge", 3.6, 0.0),
    "C": ("charge", 1.0, 0.0),
    "J": ("energy", 1.0, 0.0),
    "kJ": ("energy", 1000.0, 0.0),
    "Wh": ("energy", 3600.0, 0.0),
    "kWh": ("energy", 3.6e6, 0.0),
    "Wh/kg": ("specific_energy", 3600.0, 0.0),
    "W": ("power", 1.0, 0.0),
    "mW": ("power", 0.001, 0.0),
    "kW": ("power", 1000.0, 0.0),
    "V": ("voltage", 1.0, 0.0),
    "mV": ("voltage", 0.001, 0.0),
    "kV": ("voltage", 1000.0, 0.0),
    "A": ("current", 1.0, 0.0),
    "mA": ("current", 0.001, 0.0),
    "Ω": ("resistance", 1.0, 0.0),
    "mΩ": ("resistance", 0.001, 0.0),
    "m/s": ("speed", 1.0, 0.0),
    "km/h": ("speed", 1.0 / 3.6, 0.0),
    "Pa": ("pressure", 1.0, 0.0),
    "kPa": ("pressure", 1000.0, 0.0),
    "MPa": ("pressure", 1e6, 0.0),
    "N": ("force", 1.0, 0.0),
    "Hz": ("frequency", 1.0, 0.0),
    "kHz": ("frequency", 1e3, 0.0),
    "MHz": ("frequency", 1e6, 0.0),
    "GHz": ("frequency", 1e9, 0.0),
    "%": ("fraction", 0.01, 0.0),
    "‰": ("fraction", 0.001, 0.0),
    "ppm": ("fraction", 1e-6, 0.0),
    "mg/kg": ("fraction", 1e-6, 0.0),
    "g/kg": ("fraction", 0.001, 0.0),
    "dB(A)": ("sound_level_a", 1.0, 0.0),
    "dB": ("level_db", 1.0, 0.0),
    "dBm": ("power_level", 1.0, 0.0),
    "cycles": ("count", 1.0, 0.0),
}

ALIASES: dict[str, str] = {
    "米": "m", "千米": "km", "公里": "km", "厘米": "cm", "毫米": "mm", "um": "µm", "μm": "µm", "微米": "µm",
    "千克": "kg", "公斤": "kg", "克": "g", "毫克": "mg",
    "秒": "s", "毫秒": "ms", "分钟": "min", "分": "min", "小时": "h", "hr": "h", "sec": "s",
    "℃": "°C", "degc": "°C", "摄氏度": "°C", "℉": "°F", "degf": "°F",
    "a·h": "Ah", "a.h": "Ah", "ma·h": "mAh", "ma.h": "mAh", "安时": "Ah", "毫安时": "mAh",
    "w·h": "Wh", "w.h": "Wh", "kw·h": "kWh", "w·h/kg": "Wh/kg",
    "瓦": "W", "千瓦": "kW", "伏": "V", "毫伏": "mV", "安": "A", "毫安": "mA",
    "ohm": "Ω", "欧": "Ω", "mohm": "mΩ", "毫欧": "mΩ",
    "米/秒": "m/s", "公里/小时": "km/h", "千米/小时": "km/h", "kph": "km/h",
    "dba": "dB(A)", "db(a)": "dB(A)", "分贝": "dB", "次": "cycles", "cycle": "cycles", "周次": "cycles",
    "百分比": "%",
}
_LOWER = {symbol.lower(): symbol for symbol in UNITS}


class UnitError(ChainnavError):
    """A unit that is unknown, or two units of different dimensions."""


def normalize_unit(text: str | None) -> str | None:
    """The canonical symbol of a unit as written in a file; None when unknown.

    >>> [normalize_unit(u) for u in ("℃", "mA·h", "dBA", "％", "furlong")]
    ['°C', 'mAh', 'dB(A)', '%', None]
    """
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not cleaned:
        return None
    if cleaned in UNITS:
        return cleaned
    if cleaned == "μm":  # NFKC maps µ (micro sign) to μ (Greek mu)
        return "µm"
    lowered = cleaned.lower()
    return ALIASES.get(cleaned) or ALIASES.get(lowered) or _LOWER.get(lowered)


def dimension(unit: str) -> str:
    return UNITS[unit][0]


def to_base(value: float, unit: str) -> float:
    _, factor, offset = UNITS[unit]
    return value * factor + offset


def from_base(value: float, unit: str) -> float:
    _, factor, offset = UNITS[unit]
    return (value - offset) / factor


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (both canonical or known aliases)."""
    source, target = normalize_unit(from_unit), normalize_unit(to_unit)
    for raw, unit in ((from_unit, source), (to_unit, target)):
        if unit is None:
            raise UnitError(f"unknown unit {raw!r}", hint=f"Known units: {', '.join(UNITS)}.")
    assert source is not None and target is not None
    if dimension(source) != dimension(target):
        raise UnitError(f"cannot convert {source} ({dimension(source)}) to {target} ({dimension(target)})")
    return from_base(to_base(value, source), target)


def units_table() -> pa.Table:
    """The unit table as Arrow (unit, dimension, factor, offset), for joins in Ibis expressions."""
    return pa.table({
        "unit": list(UNITS),
        "dimension": [v[0] for v in UNITS.values()],
        "factor": [v[1] for v in UNITS.values()],
        "offset": [v[2] for v in UNITS.values()],
    })
