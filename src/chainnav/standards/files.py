"""Read catalogue and test-result files (CSV in UTF-8 or GB18030, XLSX, XLS) as header + text rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

from chainnav.errors import FormatError, InputError

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


def _cell_text(value: object) -> str:
    """One cell as text: Excel numbers without a spurious ``.0``, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes, path: Path) -> str:
    # Platform exports opened and saved in Excel on Chinese Windows come back as GB18030.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the file is neither UTF-8 nor GB18030 text", file=str(path),
                     hint="Save it as CSV UTF-8 or as XLSX and import again.")


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (NFKC-normalized, stripped) and the data rows (as text) of a CSV or Excel file.

    Blank rows stay in place so row numbers remain those of the file; callers skip them.
    """
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises its own error types for damaged workbooks
            raise InputError(f"cannot read the workbook: {exc}", file=str(path)) from exc
        table = [[_cell_text(v) for v in row] for row in sheet]
    else:
        text = _decode(path.read_bytes(), path)
        dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else csv.excel
        table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    if not table:
        raise FormatError("the file is empty", file=str(path))
    header = [unicodedata.normalize("NFKC", h).strip() for h in table[0]]
    width = len(header)
    rows = [(row + [""] * width)[:width] for row in table[1:]]
    return header, rows


def header_key(name: str) -> str:
    """How headers are compared: NFKC, lower case, no spaces, no underscores."""
    return unicodedata.normalize("NFKC", name).lower().replace(" ", "").replace("_", "")
