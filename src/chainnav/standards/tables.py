"""Write the standards and quality tables into the analysis folder as Parquet files and one workbook."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

from chainnav.navigator import Navigator
from chainnav.standards.pages import quality_overview, standards_overview

# Excel's limit on sheet names is 31 characters.
SHEET_CHARS = 31


def _sheet_value(value: object) -> object:
    return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)


def write_workbook(path: Path, tables: dict[str, pa.Table]) -> Path:
    """One sheet per table, header first."""
    book = Workbook()
    book.remove(book.active)
    for name, table in tables.items():
        sheet = book.create_sheet(name[:SHEET_CHARS])
        sheet.append(table.column_names)
        for row in table.to_pylist():
            sheet.append([_sheet_value(v) for v in row.values()])
    book.save(path)
    return path


def write_standards_tables(nav: Navigator, chain_id: str, out: str | Path) -> list[Path]:
    """Write ``standards_<name>.parquet`` and ``quality_<name>.parquet`` plus ``standards.xlsx`` under ``out``.

    Returns the written paths. Quality tables are written only when test results are loaded.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {f"standards_{name}": table for name, table in standards_overview(nav, chain_id).items()}
    if nav.table("quality_test").count().to_pyarrow().as_py():
        tables |= {f"quality_{name}": table for name, table in quality_overview(nav).items()}
    written = []
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        written.append(path)
    written.append(write_workbook(folder / "standards.xlsx", tables))
    return written
