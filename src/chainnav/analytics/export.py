"""Write every indicator of a chain to a folder: Parquet per table, one XLSX workbook, a manifest.

The manifest records what was computed, from which store state (loads with their sha256, chain
version, schema version, data cut-off) and with which parameters, so the folder can be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

import chainnav
from chainnav.analytics.context import AnalysisContext, Scope, StoreCache
from chainnav.analytics.indicators.value import resolve_weights
from chainnav.analytics.registry import Indicator, all_indicators
from chainnav.analytics.view import ChainView, run_indicator, summary_line, with_metadata
from chainnav.errors import ChainnavError, ConfigError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

# The indicator families of the navigation analysis (issue 4); other capabilities (security,
# warning) register indicators too and write their own folders.
ANALYSIS_FAMILIES = ("trends", "geography", "players", "technology", "value", "collaboration", "talent")
WORKBOOK = "indicators.xlsx"
MANIFEST = "manifest.json"
XLSX_MAX_ROWS = 1_048_575
# Rows per workbook sheet by default: the workbook is for reading, the Parquet files are complete.
XLSX_SHEET_ROWS = 10_000


@dataclass
class AnalysisRun:
    """One table written by ``write_analysis`` (or the reason it was not)."""

    table: str
    indicator: str
    params: dict[str, Any]
    rows: int = 0
    seconds: float = 0.0
    file: str | None = None
    sha256: str | None = None
    skipped: str | None = None


@dataclass
class AnalysisResult:
    """What ``write_analysis`` wrote: the folder, the manifest and the tables."""

    folder: Path
    manifest: dict[str, Any]
    runs: list[AnalysisRun] = field(default_factory=list)


def analysis_plan(families: tuple[str, ...] = ANALYSIS_FAMILIES) -> list[tuple[str, Indicator, dict[str, Any]]]:
    """Every table to write: each indicator with its defaults, plus a per-node variant where it has ``by``."""
    plan = []
    for ind in all_indicators():
        if ind.family not in families:
            continue
        plan.append((ind.name, ind, {}))
        by = inspect.signature(ind.fn).parameters.get("by")
        if by is not None and by.default is None:
            plan.append((f"{ind.name}_by_node", ind, {"by": "node"}))
    return plan


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_state(nav: Navigator, chain_id: str) -> dict[str, Any]:
    """The store state an analysis was computed from: loads, chain version, schema version."""
    loads = nav.sql(
        "SELECT load_id, file_name, sha256, format, rows_loaded, status, finished_at FROM load ORDER BY load_id"
    ).to_pylist()
    chain = nav.sql("SELECT chain_id, version, classified_at FROM chain WHERE chain_id = ?", [chain_id]).to_pylist()
    schema = nav.sql("SELECT max(version) AS v FROM schema_migration").column("v")[0].as_py()
    counts = nav.sql(
        "SELECT (SELECT count(*) FROM patent) AS patents, "
        "(SELECT count(*) FROM patent_node WHERE chain_id = ?) AS patent_nodes, "
        "(SELECT count(*) FROM entity) AS entities",
        [chain_id],
    ).to_pylist()[0]
    return {
        "path": nav.path,
        "schema_version": schema,
        "loads": loads,
        "chain": chain[0] if chain else None,
        **counts,
    }


def _cell_writer(arrow_type: pa.DataType, formats: dict[str, Any]) -> Callable[[Any, int, int, Any], None]:
    """How to write one column's values: numbers, booleans and dates natively, the rest as text.

    Nulls and non-finite floats stay blank; Excel has no timezone-aware datetimes and no nested
    types, so those are written as their text.
    """
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return lambda ws, r, c, v: ws.write_string(r, c, v)
    if pa.types.is_boolean(arrow_type):
        return lambda ws, r, c, v: ws.write_boolean(r, c, v)
    if pa.types.is_integer(arrow_type):
        return lambda ws, r, c, v: ws.write_number(r, c, v)
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        def number(ws: Any, r: int, c: int, v: Any) -> None:
            if math.isfinite(v):
                ws.write_number(r, c, float(v))
        return number
    if pa.types.is_date(arrow_type):
        return lambda ws, r, c, v: ws.write_datetime(r, c, v, formats["date"])
    if pa.types.is_timestamp(arrow_type) and arrow_type.tz is None:
        return lambda ws, r, c, v: ws.write_datetime(r, c, v, formats["datetime"])
    return lambda ws, r, c, v: ws.write_string(r, c, str(v))


def _write_workbook(path: Path, tables: list[tuple[str, Indicator, pa.Table]], max_rows: int) -> None:
    """One sheet per table (its first ``max_rows`` rows) plus an index sheet with each indicator's
    unit, formula, row count and rows shown.

    The Parquet files are the complete tables; a sheet is for reading, so long tables (one row
    per unit or inventor) show their first rows in the table's own order (by rank or key).
    Written row by row in XlsxWriter's constant-memory mode from the Arrow columns.
    """
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_urls": False, "strings_to_formulas": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as book:
        formats = {
            "header": book.add_format({"bold": True}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        }
        index = pa.table({
            "sheet": [name[:31] for name, _, _ in tables],
            "indicator": [ind.name for _, ind, _ in tables],
            "family": [ind.family for _, ind, _ in tables],
            "unit": [ind.unit for _, ind, _ in tables],
            "rows": [t.num_rows for _, _, t in tables],
            "rows_in_sheet": [min(t.num_rows, max_rows) for _, _, t in tables],
            "formula": [summary_line(ind) for _, ind, _ in tables],
        })
        for name, table in [("index", index), *((name, t.slice(0, max_rows)) for name, _, t in tables)]:
            sheet = book.add_worksheet(name[:31])
            sheet.write_row(0, 0, table.column_names, formats["header"])
            sheet.freeze_panes(1, 0)
            writers = [_cell_writer(field.type, formats) for field in table.schema]
            columns = [column.to_pylist() for column in table.columns]
            for r, row in enumerate(zip(*columns, strict=True), start=1):
                for c, value in enumerate(row):
                    if value is not None:
                        writers[c](sheet, r, c, value)


def write_analysis(
    nav: Navigator,
    chain_id: str,
    *,
    region: str | None = None,
    years: tuple[int, int] | None = None,
    unit: str = "family",
    out: str | Path,
    weights: dict[str, float] | None = None,
    families: tuple[str, ...] = ANALYSIS_FAMILIES,
    workbook_rows: int = XLSX_SHEET_ROWS,
) -> Path:
    """Compute every indicator of ``chain_id`` and write ``out``; returns the folder.

    ``out`` receives ``<table>.parquet`` for each table, ``indicators.xlsx`` and ``manifest.json``.
    ``families`` selects indicator families (default: the seven navigation families);
    ``workbook_rows`` caps the rows of each workbook sheet (the Parquet files hold every row).
    """
    return run_analysis(
        nav, chain_id, region=region, years=years, unit=unit, out=out, weights=weights, families=families,
        workbook_rows=workbook_rows,
    ).folder


def write_analyses(
    nav: Navigator,
    chain_ids: list[str],
    *,
    out: str | Path,
    region: str | None = None,
    years: tuple[int, int] | None = None,
    unit: str = "family",
    weights: dict[str, float] | None = None,
    families: tuple[str, ...] = ANALYSIS_FAMILIES,
    workbook_rows: int = XLSX_SHEET_ROWS,
) -> list[Path]:
    """``write_analysis`` for several chains into ``out/<chain_id>``; returns the folders.

    The same tables as one call per chain, faster: the store-wide keyed parties (applicants and
    inventors with their display names) are built once for all chains, not once per chain.
    """
    store = StoreCache(nav.ibis)
    try:
        return [
            run_analysis(
                nav, chain_id, region=region, years=years, unit=unit, out=Path(out) / chain_id, weights=weights,
                families=families, workbook_rows=workbook_rows, store=store,
            ).folder
            for chain_id in chain_ids
        ]
    finally:
        store.close()


def run_analysis(
    nav: Navigator,
    chain_id: str,
    *,
    region: str | None = None,
    years: tuple[int, int] | None = None,
    unit: str = "family",
    out: str | Path,
    weights: dict[str, float] | None = None,
    families: tuple[str, ...] = ANALYSIS_FAMILIES,
    workbook_rows: int = XLSX_SHEET_ROWS,
    store: StoreCache | None = None,
) -> AnalysisResult:
    """``write_analysis`` returning the manifest and per-table runs as well as the folder.

    ``store`` shares scope-independent tables with other analyses of the same unchanged store
    (see ``write_analyses``).
    """
    if not 1 <= workbook_rows <= XLSX_MAX_ROWS:
        raise ConfigError(
            f"workbook_rows={workbook_rows} is outside 1-{XLSX_MAX_ROWS}", hint="Excel sheets hold at most 1,048,575 rows."
        )
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    scope = Scope(chain_id=chain_id, region=region, years=years, unit=unit)  # type: ignore[arg-type]
    ctx = AnalysisContext(nav.ibis, scope, value_weights=weights, cache=True, store=store)
    resolve_weights(ctx)  # invalid weights fail before any work
    view = ChainView(nav, chain_id, scope, context=ctx)
    try:
        return _run(nav, view, folder, families, workbook_rows)
    finally:
        ctx.close()


def _run(nav: Navigator, view: ChainView, folder: Path, families: tuple[str, ...], workbook_rows: int) -> AnalysisResult:
    ctx, scope, chain_id = view.context, view.scope, view.chain_id
    region, years, unit = scope.region, scope.years, scope.unit
    started = time.perf_counter()
    view.require_classified()
    runs: list[AnalysisRun] = []
    written: list[tuple[str, Indicator, pa.Table]] = []
    known = {ind.family for ind in all_indicators()}
    unknown = sorted(set(families) - known)
    if unknown:
        raise ConfigError(
            f"unknown indicator family {', '.join(unknown)}", hint=f"Known families: {', '.join(sorted(known))}."
        )
    for name, ind, params in analysis_plan(families):
        run = AnalysisRun(table=name, indicator=ind.name, params=params)
        t0 = time.perf_counter()
        try:
            table = run_indicator(ctx, ind.name, **params).to_pyarrow()
        except ConfigError as exc:
            # indicators that need a region of interest are skipped, and say so, without one
            run.skipped = str(exc).splitlines()[0]
            runs.append(run)
            continue
        table = with_metadata(table, ind, scope, params)
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        run.rows, run.seconds = table.num_rows, round(time.perf_counter() - t0, 3)
        run.file, run.sha256 = path.name, _sha256(path)
        runs.append(run)
        written.append((name, ind, table))
    if not written:
        raise ChainnavError(f"no indicator could be computed for chain {chain_id!r}")
    t0 = time.perf_counter()
    _write_workbook(folder / WORKBOOK, written, workbook_rows)
    xlsx_seconds = round(time.perf_counter() - t0, 3)
    manifest = {
        "chainnav_version": chainnav.__version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "parameters": {
            "chain_id": chain_id,
            "region": region,
            "years": list(years) if years else None,
            "unit": unit,
            "families": list(families),
            "value_weights": resolve_weights(ctx),
            "as_of": ctx.as_of.isoformat(),
            "complete_until_year": ctx.complete_until_year,
        },
        "store": store_state(nav, chain_id),
        "backend": ctx.backend.name,
        "tables": [run.__dict__ for run in runs],
        "workbook": {"file": WORKBOOK, "rows_per_sheet": workbook_rows, "seconds": xlsx_seconds,
                     "sha256": _sha256(folder / WORKBOOK)},
        "seconds": round(time.perf_counter() - started, 3),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return AnalysisResult(folder=folder, manifest=manifest, runs=runs)
