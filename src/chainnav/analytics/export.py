"""Write every indicator of a chain to a folder: Parquet per table, one XLSX workbook, a manifest.

The manifest records what was computed, from which store state (loads with their sha256, chain
version, schema version, data cut-off) and with which parameters, so the folder can be rebuilt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

import chainnav
from chainnav.analytics.context import AnalysisContext, Scope
from chainnav.analytics.indicators.value import resolve_weights
from chainnav.analytics.registry import Indicator, all_indicators
from chainnav.analytics.view import ChainView, summary_line, with_metadata
from chainnav.errors import ChainnavError, ConfigError

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

# The indicator families of the navigation analysis (issue 4); other capabilities (security,
# warning) register indicators too and write their own folders.
ANALYSIS_FAMILIES = ("trends", "geography", "players", "technology", "value", "collaboration", "talent")
WORKBOOK = "indicators.xlsx"
MANIFEST = "manifest.json"
XLSX_MAX_ROWS = 1_048_575


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


def _write_workbook(path: Path, tables: list[tuple[str, Indicator, pa.Table]]) -> None:
    """One sheet per table plus an index sheet with each indicator's unit and formula."""
    import pandas as pd

    index = pd.DataFrame(
        [
            {"sheet": name[:31], "indicator": ind.name, "family": ind.family, "unit": ind.unit,
             "rows": t.num_rows, "formula": summary_line(ind)}
            for name, ind, t in tables
        ]
    )
    # XlsxWriter writes rows faster than openpyxl (the workbook was most of an
    # export's time); cells stay plain strings, not hyperlinks, as openpyxl wrote them
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_urls": False}}) as writer:
        index.to_excel(writer, sheet_name="index", index=False)
        for name, _, table in tables:
            frame = table.slice(0, XLSX_MAX_ROWS).to_pandas()
            for col in frame.columns:
                # Excel has no timezone-aware datetimes and no nested types
                if frame[col].dtype == object:
                    frame[col] = frame[col].map(lambda v: v if v is None or isinstance(v, (str, int, float, bool, dt.date)) else str(v))
            frame.to_excel(writer, sheet_name=name[:31], index=False)


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
) -> Path:
    """Compute every indicator of ``chain_id`` and write ``out``; returns the folder.

    ``out`` receives ``<table>.parquet`` for each table, ``indicators.xlsx`` and ``manifest.json``.
    ``families`` selects indicator families (default: the seven navigation families).
    """
    return run_analysis(
        nav, chain_id, region=region, years=years, unit=unit, out=out, weights=weights, families=families
    ).folder


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
) -> AnalysisResult:
    """``write_analysis`` returning the manifest and per-table runs as well as the folder."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    scope = Scope(chain_id=chain_id, region=region, years=years, unit=unit)  # type: ignore[arg-type]
    ctx = AnalysisContext(nav.ibis, scope, value_weights=weights, cache=True)
    resolve_weights(ctx)  # invalid weights fail before any work
    view = ChainView(nav, chain_id, scope, context=ctx)
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
            table = view.expr(ind.name, **params).to_pyarrow()
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
    _write_workbook(folder / WORKBOOK, written)
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
        "workbook": {"file": WORKBOOK, "seconds": xlsx_seconds, "sha256": _sha256(folder / WORKBOOK)},
        "seconds": round(time.perf_counter() - started, 3),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return AnalysisResult(folder=folder, manifest=manifest, runs=runs)
