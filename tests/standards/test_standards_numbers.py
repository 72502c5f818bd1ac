"""Standard numbers, statuses, stages and dates: one line per real spelling and its canonical form."""

from __future__ import annotations

import datetime as dt

import pytest

from chainnav.standards.numbers import normalize_status, parse_date, parse_number, status_from_stage

# Spelling rules only: a number here says nothing about the existence or content of a standard.
NUMBERS = [
    # (as written, canonical, level, origin, year)
    ("GB/T 39551-2020", "GB/T 39551-2020", "national", "domestic", 2020),
    ("GB/T39551—2020", "GB/T 39551-2020", "national", "domestic", 2020),
    ("gb/t 39551－2020", "GB/T 39551-2020", "national", "domestic", 2020),
    ("GB／T 39551.3-2020", "GB/T 39551.3-2020", "national", "domestic", 2020),
    ("GBT 38058-2019", "GB/T 38058-2019", "national", "domestic", 2019),
    ("GB T 38058-2019", "GB/T 38058-2019", "national", "domestic", 2019),
    ("GB 42590—2023", "GB 42590-2023", "national", "domestic", 2023),
    ("GB 3100-93", "GB 3100-1993", "national", "domestic", 1993),
    ("GB/T 38924.4-2020", "GB/T 38924.4-2020", "national", "domestic", 2020),
    ("YD/T3627-2019", "YD/T 3627-2019", "industry", "domestic", 2019),
    ("MH/T 2008-2017", "MH/T 2008-2017", "industry", "domestic", 2017),
    ("DB11/T 1234-2015", "DB11/T 1234-2015", "local", "domestic", 2015),
    ("T/UAV 5-2021", "T/UAV 5-2021", "group", "domestic", 2021),
    ("Q/DJI 001-2020", "Q/DJI 001-2020", "enterprise", "domestic", 2020),
    ("ISO 9001:2015", "ISO 9001:2015", "international", "international", 2015),
    ("ISO9001：2015", "ISO 9001:2015", "international", "international", 2015),
    ("ISO 9001-2015", "ISO 9001:2015", "international", "international", 2015),
    ("ISO 21384-3:2019", "ISO 21384-3:2019", "international", "international", 2019),
    ("ISO/IEC 27001:2013", "ISO/IEC 27001:2013", "international", "international", 2013),
    ("IEC 62133-2:2017", "IEC 62133-2:2017", "international", "international", 2017),
    ("IEC 60068-2-14", "IEC 60068-2-14", "international", "international", None),
    ("EN 62133-2:2017", "EN 62133-2:2017", "foreign", "foreign", 2017),
    ("ASTM F3322-18", "ASTM F3322-18", "foreign", "foreign", 2018),
    ("GB/T 38058", "GB/T 38058", "national", "domestic", None),
]


@pytest.mark.parametrize(("raw", "canonical", "level", "origin", "year"), NUMBERS)
def test_number_normalization(raw: str, canonical: str, level: str, origin: str, year: int | None) -> None:
    number = parse_number(raw)
    assert number is not None
    assert (number.canonical, number.level, number.origin, number.year) == (canonical, level, origin, year)


@pytest.mark.parametrize("raw", ["", "not a number", "GB/T xx", "ISO", "123"])
def test_not_numbers(raw: str) -> None:
    assert parse_number(raw) is None


def test_mandatory_and_adoption() -> None:
    assert parse_number("GB 31241-2022").nature == "mandatory"
    assert parse_number("GB/T 38058-2019").nature == "recommended"
    assert parse_number("GB/Z 1-2020").nature == "guidance"
    adopted = parse_number("GB/T 19001-2016/ISO 9001:2015")
    assert (adopted.canonical, adopted.adopted) == ("GB/T 19001-2016", "ISO 9001:2015")


AS_OF = dt.date(2026, 1, 1)
STATUSES = [
    # (raw status, stage, implementation date, expected)
    ("现行", None, None, "current"),
    ("即将实施", None, dt.date(2027, 1, 1), "upcoming"),
    ("即将实施", None, dt.date(2024, 6, 1), "current"),  # the export predates the implementation date
    ("废止", None, None, "withdrawn"),
    ("被代替", None, None, "withdrawn"),
    ("Withdrawn", None, None, "withdrawn"),
    ("Published", None, None, "current"),
    (None, "60.60", None, "current"),
    (None, "9599", None, "withdrawn"),
    (None, "40.20", None, "draft"),
    (None, None, dt.date(2030, 1, 1), "upcoming"),
    (None, None, None, None),
    ("暂停", None, None, None),
]


@pytest.mark.parametrize(("raw", "stage", "implemented", "expected"), STATUSES)
def test_status(raw: str | None, stage: str | None, implemented: dt.date | None, expected: str | None) -> None:
    assert normalize_status(raw, stage=stage, implementation_date=implemented, as_of=AS_OF) == expected


def test_stage_bounds() -> None:
    assert [status_from_stage(s) for s in ("00.00", "60.00", "60.60", "90.92", "95.20", "95.99")] == [
        "draft", "draft", "current", "current", "current", "withdrawn"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2019-10-18", dt.date(2019, 10, 18)), ("2019/10/18", dt.date(2019, 10, 18)),
     ("2019.10.18", dt.date(2019, 10, 18)), ("2020年5月1日", dt.date(2020, 5, 1)),
     ("20200501", dt.date(2020, 5, 1)), ("2023-05-23 00:00:00", dt.date(2023, 5, 23)), ("", None)],
)
def test_dates(raw: str, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2020-13-45", "May 2020", "2020-02-30"])
def test_bad_dates(raw: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(raw)


@pytest.mark.parametrize(
    "module",
    ["chainnav.standards.numbers", "chainnav.standards.linkage", "chainnav.standards.quality.units",
     "chainnav.standards.quality.compare", "chainnav.standards.quality.importer"],
)
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
