"""Import product test results (质量抽检结果) and indicator limits of standards (标准限值).

Test results: product, enterprise, region, batch, indicator, measured value, unit, standard applied.
Limits: standard, product (blank = every product), indicator, limit type (min / max / range), value,
unit. Bad rows are rejects with row, column and reason: unknown units, non-numeric values, a limit
whose standard is not in the catalogue, a batch repeated with another value.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import duckdb
import pyarrow as pa

from chainnav.errors import FormatError
from chainnav.navigator import Navigator
from chainnav.standards.files import header_key, read_rows
from chainnav.standards.loads import ImportReport, run_import
from chainnav.standards.numbers import parse_number
from chainnav.standards.quality.units import UNITS, normalize_unit

ANY_PRODUCT = "*"

TEST_COLUMNS: dict[str, tuple[str, ...]] = {
    "product": ("产品", "产品名称", "product"),
    "enterprise": ("企业", "企业名称", "生产企业", "生产单位", "受检单位", "enterprise", "manufacturer"),
    "region": ("地区", "所在地区", "区域", "region"),
    "batch": ("批次", "批次号", "样品编号", "batch", "batchid"),
    "indicator": ("指标", "检验项目", "检测项目", "项目", "indicator", "item"),
    "value": ("实测值", "检测值", "测量值", "检验结果", "value", "measuredvalue", "result"),
    "unit": ("单位", "计量单位", "unit"),
    "standard": ("执行标准", "依据标准", "检验依据", "standardapplied", "standard"),
}
LIMIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "standard": ("标准号", "标准", "standard"),
    "product": ("产品", "产品名称", "product"),
    "indicator": ("指标", "检验项目", "项目", "indicator", "item"),
    "limit_type": ("限值类型", "类型", "limittype", "type"),
    "value": ("限值", "指标值", "value", "limit"),
    "unit": ("单位", "计量单位", "unit"),
}
LIMIT_TYPES = {
    "min": "min", "minimum": "min", "下限": "min", "不小于": "min", "不低于": "min", "≥": "min", ">=": "min",
    "max": "max", "maximum": "max", "上限": "max", "不大于": "max", "不高于": "max", "不超过": "max",
    "≤": "max", "<=": "max",
    "range": "range", "范围": "range", "区间": "range",
}
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\s*(?:~|至|\.\.|-|—|–)\s*({_NUMBER})$")
_SIGNED = re.compile(rf"^(≤|≥|<=|>=)\s*({_NUMBER})$")
_UNITS_HINT = "known units: " + ", ".join(UNITS)


def _columns(header: list[str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    index = {header_key(h): i for i, h in enumerate(header) if h}
    found = {}
    for name, aliases in spec.items():
        for alias in aliases:
            if header_key(alias) in index:
                found[name] = index[header_key(alias)]
                break
    return found


def _number(text: str) -> float | None:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    return float(cleaned) if re.fullmatch(_NUMBER, cleaned) else None


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]], schema: pa.Schema) -> None:
    if not rows:
        return
    frame = pa.Table.from_pylist(rows, schema=schema)
    con.register("incoming_rows", frame)
    try:
        names = ", ".join(frame.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


TEST_SCHEMA = pa.schema([
    ("product", pa.string()), ("enterprise", pa.string()), ("region", pa.string()), ("batch", pa.string()),
    ("indicator", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
    ("standard_applied", pa.string()), ("load_id", pa.int64()),
])
LIMIT_SCHEMA = pa.schema([
    ("standard_id", pa.string()), ("product", pa.string()), ("indicator", pa.string()),
    ("limit_type", pa.string()), ("lower", pa.float64()), ("upper", pa.float64()), ("unit", pa.string()),
    ("load_id", pa.int64()),
])


def _text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def import_tests(nav: Navigator, path: str | Path) -> ImportReport:
    """Import a file of test results (one row per batch and indicator) into ``quality_test``."""
    path = Path(path)
    header, rows = read_rows(path)
    columns = _columns(header, TEST_COLUMNS)
    required = ("product", "enterprise", "batch", "indicator", "value", "unit")
    missing = [name for name in required if name not in columns]
    if missing:
        raise FormatError(f"test results need the columns {', '.join(missing)} (found {header})", file=str(path),
                          hint="docs/standards.md lists the accepted headers, e.g. 产品, 企业, 批次, 指标, 实测值, 单位.")
    header_of = {name: header[i] for name, i in columns.items()}

    def body(con: duckdb.DuckDBPyConnection, load_id: int, report: ImportReport) -> None:
        stored = {
            (r[0], r[1], r[2], r[3]): (r[4], r[5])
            for r in con.execute("SELECT product, enterprise, batch, indicator, value, unit FROM quality_test").fetchall()
        }
        seen: dict[tuple[str, str, str, str], tuple[int, float, str]] = {}
        fresh = []
        for row_number, row in enumerate(rows, 1):
            if not any(row):
                continue
            report.rows_read += 1
            cells = {name: _text(row[i]) for name, i in columns.items()}
            empty = next((name for name in required if not cells.get(name)), None)
            if empty:
                report.reject(row_number, header_of[empty], f"{header_of[empty]} is empty", row)
                continue
            value = _number(cells["value"])
            if value is None:
                report.reject(row_number, header_of["value"], f"not a number: {cells['value']!r}", row)
                continue
            unit = normalize_unit(cells["unit"])
            if unit is None:
                report.reject(row_number, header_of["unit"], f"unknown unit {cells['unit']!r} ({_UNITS_HINT})", row)
                continue
            applied = None
            if cells.get("standard"):
                number = parse_number(cells["standard"])
                if number is None:
                    report.reject(row_number, header_of["standard"],
                                  f"not a standard number: {cells['standard']!r}", row)
                    continue
                applied = number.canonical
            key = (cells["product"], cells["enterprise"], cells["batch"], cells["indicator"])
            if key in seen:
                first_row, first_value, first_unit = seen[key]
                if (first_value, first_unit) == (value, unit):
                    report.rows_duplicate += 1
                else:
                    report.reject(row_number, header_of["batch"],
                                  f"duplicate batch: {key[2]} of {key[1]} ({key[0]}, {key[3]}) is already in row "
                                  f"{first_row} with another value", row)
                continue
            seen[key] = (row_number, value, unit)
            if key in stored:
                if stored[key] == (value, unit):
                    report.rows_duplicate += 1
                else:
                    report.reject(row_number, header_of["batch"],
                                  f"duplicate batch: {key[2]} of {key[1]} ({key[0]}, {key[3]}) is already stored "
                                  "with another value", row)
                continue
            report.rows_loaded += 1
            fresh.append({
                "product": key[0], "enterprise": key[1], "region": cells.get("region") or None, "batch": key[2],
                "indicator": key[3], "value": value, "unit": unit, "standard_applied": applied, "load_id": load_id,
            })
        _insert(con, "quality_test", fresh, TEST_SCHEMA)

    return run_import(nav, path, "quality-tests", body)


def parse_limit(limit_type: str, value: str) -> tuple[str, float | None, float | None]:
    """(type, lower, upper) from a limit type and value; ValueError names what is wrong.

    >>> parse_limit("max", "4.25")
    ('max', None, 4.25)
    >>> parse_limit("", "≥ 20")
    ('min', 20.0, None)
    >>> parse_limit("range", "-10 ~ 40")
    ('range', -10.0, 40.0)
    """
    text = _text(value)
    kind = LIMIT_TYPES.get(_text(limit_type).lower()) if limit_type and limit_type.strip() else None
    signed = _SIGNED.match(text)
    if signed:
        kind = kind or LIMIT_TYPES[signed[1]]
        text = signed[2]
    if kind is None:
        raise ValueError(f"unknown limit type {limit_type!r}; use min, max or range")
    if kind == "range":
        found = _RANGE.match(text)
        if not found:
            raise ValueError(f"a range needs two numbers like 10~20, got {value!r}")
        lower, upper = float(found[1]), float(found[2])
        if lower > upper:
            raise ValueError(f"the range {value!r} has its lower bound above its upper bound")
        return kind, lower, upper
    number = _number(text)
    if number is None:
        raise ValueError(f"not a number: {value!r}")
    return (kind, number, None) if kind == "min" else (kind, None, number)


def import_limits(nav: Navigator, path: str | Path) -> ImportReport:
    """Import indicator limits of standards into ``quality_limit``; a newer file replaces a limit."""
    path = Path(path)
    header, rows = read_rows(path)
    columns = _columns(header, LIMIT_COLUMNS)
    missing = [name for name in ("standard", "indicator", "value", "unit") if name not in columns]
    if missing:
        raise FormatError(f"limits need the columns {', '.join(missing)} (found {header})", file=str(path),
                          hint="docs/standards.md lists the accepted headers, e.g. 标准号, 指标, 限值类型, 限值, 单位.")
    header_of = {name: header[i] for name, i in columns.items()}
    header_of.setdefault("limit_type", header_of["value"])

    def body(con: duckdb.DuckDBPyConnection, load_id: int, report: ImportReport) -> None:
        catalogue = {r[0] for r in con.execute("SELECT standard_id FROM standard").fetchall()}
        stored = {
            (r[0], r[1], r[2]): tuple(r[3:])
            for r in con.execute(
                "SELECT standard_id, product, indicator, limit_type, lower, upper, unit FROM quality_limit"
            ).fetchall()
        }
        seen: dict[tuple[str, str, str], tuple[int, tuple[object, ...]]] = {}
        fresh = []
        for row_number, row in enumerate(rows, 1):
            if not any(row):
                continue
            report.rows_read += 1
            cells = {name: _text(row[i]) for name, i in columns.items()}
            if not cells.get("standard"):
                report.reject(row_number, header_of["standard"], "limit without a standard", row)
                continue
            number = parse_number(cells["standard"])
            if number is None:
                report.reject(row_number, header_of["standard"], f"not a standard number: {cells['standard']!r}", row)
                continue
            if number.canonical not in catalogue:
                report.reject(row_number, header_of["standard"],
                              f"limit without a standard: {number.canonical} is not in the catalogue "
                              "(import the catalogue first: chainnav standards import)", row)
                continue
            if not cells.get("indicator"):
                report.reject(row_number, header_of["indicator"], f"{header_of['indicator']} is empty", row)
                continue
            try:
                kind, lower, upper = parse_limit(cells.get("limit_type", ""), cells["value"])
            except ValueError as exc:
                column = header_of["limit_type"] if "limit type" in str(exc) else header_of["value"]
                report.reject(row_number, column, str(exc), row)
                continue
            unit = normalize_unit(cells["unit"])
            if unit is None:
                report.reject(row_number, header_of["unit"], f"unknown unit {cells['unit']!r} ({_UNITS_HINT})", row)
                continue
            key = (number.canonical, cells.get("product") or ANY_PRODUCT, cells["indicator"])
            limit = (kind, lower, upper, unit)
            if key in seen:
                if seen[key][1] == limit:
                    report.rows_duplicate += 1
                else:
                    report.reject(row_number, header_of["value"],
                                  f"a second, different limit for {key[2]} in {key[0]} (first in row {seen[key][0]})",
                                  row)
                continue
            seen[key] = (row_number, limit)
            if stored.get(key) == limit:
                report.rows_duplicate += 1
                continue
            report.rows_loaded += 1
            if key in stored:
                report.rows_updated += 1
                con.execute("DELETE FROM quality_limit WHERE standard_id = ? AND product = ? AND indicator = ?",
                            list(key))
            fresh.append({"standard_id": key[0], "product": key[1], "indicator": key[2], "limit_type": kind,
                          "lower": lower, "upper": upper, "unit": unit, "load_id": load_id})
        _insert(con, "quality_limit", fresh, LIMIT_SCHEMA)

    return run_import(nav, path, "quality-limits", body)


def import_quality(nav: Navigator, path: str | Path) -> ImportReport:
    """Import a limits file or a test-results file, told apart by their headers."""
    path = Path(path)
    header, _ = read_rows(path)
    if "limit_type" in _columns(header, LIMIT_COLUMNS) and "batch" not in _columns(header, TEST_COLUMNS):
        return import_limits(nav, path)
    return import_tests(nav, path)
