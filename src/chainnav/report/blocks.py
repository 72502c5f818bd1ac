"""Small table and text helpers the report chapters share: top N with the rest summarized, shares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa

from chainnav.report.layout import format_value


def rows_of(table: pa.Table | None) -> list[dict[str, Any]]:
    return [] if table is None else table.to_pylist()


def top_with_rest(
    rows: Sequence[dict[str, Any]],
    *,
    n: int,
    sum_columns: Sequence[str],
    rest_row: Callable[[int, dict[str, float]], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The first ``n`` rows, then one row summarizing the others (``rest_row(count, sums)``)."""
    head = list(rows[:n])
    rest = rows[n:]
    if rest:
        sums = {c: sum(float(r.get(c) or 0) for r in rest) for c in sum_columns}
        head.append(rest_row(len(rest), sums))
    return head


def table_from_rows(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> pa.Table:
    """An Arrow table with display headers from rows: ``columns`` = [(row key, header), ...].

    Values keep their Python type (so the renderers format numbers per language); a column whose
    values are all missing becomes a string column.
    """
    data: dict[str, list[Any]] = {header: [row.get(key) for row in rows] for key, header in columns}
    arrays = {}
    for header, values in data.items():
        try:
            arrays[header] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays[header] = pa.array([None if v is None else str(v) for v in values], pa.string())
        if arrays[header].type == pa.null():
            arrays[header] = pa.array([None] * len(values), pa.string())
    return pa.table(arrays) if arrays else pa.table({})


def share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return float(part) / float(whole)


def num(value: Any, lang: str, kind: str | None = None) -> str:
    """A number for running text, formatted like the tables."""
    return format_value(value, kind, lang)


def pct(value: float | None, lang: str) -> str:
    return format_value(value, "pct", lang)


def join_names(names: Sequence[str], lang: str, limit: int = 5) -> str:
    """「A、B、C」 in Chinese, "A, B and C" in English (at most ``limit`` names, then "…")."""
    names = [n for n in names if n]
    shown = list(names[:limit])
    more = len(names) > limit
    if lang == "zh":
        return "、".join(shown) + ("等" if more else "")
    if more:
        return ", ".join(shown) + " and others"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
