"""Read one export file into a DuckDB staging table of text columns, whatever its container.

Handles CSV/TSV (UTF-8, UTF-8 with BOM, UTF-16, GBK/GB18030), ``.gz``, ``.zip`` and Excel
(``.xlsx``/``.xls`` through python-calamine). CSV goes through DuckDB's ``read_csv`` in bulk; only
non-UTF-8 text is transcoded first, streaming, into a temporary UTF-8 file. Unreadable input raises
:class:`InputError` naming the file, the row and what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from chainnav.errors import InputError
from chainnav.ingest.mapping import header_key

HEAD_BYTES = 1 << 20  # sniff window; a header line longer than this is not an export header
HEADER_SEARCH_LINES = 30  # title rows some exports put above the header
MAX_LINE_BYTES = 64 << 20  # one CSV record may be this long (abstracts, claims)
# DuckDB's CSV buffer; by default 16 x the line limit, i.e. a block the size of the whole file
# (up to 1 GiB) that it cannot spill: at scale that alone breaks the load's memory limit.
CSV_BUFFER_BYTES = 2 * MAX_LINE_BYTES
CHUNK = 4 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class StagedTable:
    """A file staged as ``table``: columns are header keys, plus ``_row`` (1 = first data row)."""

    table: str
    file: Path
    container: str  # csv | excel
    encoding: str
    headers: dict[str, str]  # header key -> header as written in the file
    delimiter: str = "\t"  # of the file's rows (Excel rows are rebuilt tab-separated)
    rows: int = 0
    csv_rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw line)

    def label(self, key: str | None) -> str | None:
        """The column as the user wrote it."""
        return None if key is None else self.headers.get(key, key)


HeaderTest = Callable[[set[str]], bool]


def _fail(path: Path, message: str, *, row: int | None = None, hint: str | None = None) -> InputError:
    return InputError(message, file=str(path), row=row, hint=hint)


def _text_encoding(path: Path, head: bytes, complete: bool) -> str:
    """utf-8, utf-16 or gb18030 from the first bytes; binary junk is refused."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise _fail(
            path,
            "this is binary data, not a CSV/TSV or Excel export",
            hint="Export the records as CSV, TSV or Excel (.xlsx/.xls) and import that file.",
        )
    sample = head if complete else head[: head.rfind(b"\n") + 1] or head
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise _fail(
        path,
        "the text is neither UTF-8 nor GBK/GB18030",
        hint="Save the export as UTF-8 (or GBK) CSV and import it again.",
    )


def _zip_member(path: Path) -> zipfile.ZipInfo:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX")]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _fail(path, f"damaged or truncated zip archive ({exc})", hint="Download the file again.") from exc
    if len(members) != 1:
        names = ", ".join(m.filename for m in members) or "nothing"
        raise _fail(path, f"the zip archive holds {names}; expected exactly one table file",
                    hint="Unzip it and import the table files.")
    return members[0]


def _copy_stream(path: Path, source: io.BufferedIOBase, target: Path, encoding: str) -> None:
    """Stream ``source`` into ``target`` as UTF-8 (bounded memory)."""
    try:
        with target.open("wb") as out:
            if encoding == "utf-8":
                shutil.copyfileobj(source, out, CHUNK)
                return
            reader = codecs.getreader(encoding)(source, errors="strict")
            while chunk := reader.read(CHUNK):
                out.write(chunk.encode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(path, f"invalid {encoding} text ({exc.reason})",
                    hint="Save the export as UTF-8 CSV and import it again.") from exc
    except (zipfile.BadZipFile, EOFError, OSError, gzip.BadGzipFile) as exc:
        raise _fail(path, f"damaged or truncated archive ({exc})", hint="Download the file again.") from exc


def sniff(path: Path) -> tuple[str, str, bytes]:
    """(container, encoding, first bytes) of a text file: container is plain, gzip or zip."""
    container, encoding, head = _sniff(path)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise _fail(path, "the file is empty", hint="Export the records again; the file has no header row.")
    if len(head) >= HEAD_BYTES and b"\n" not in head and b"\r" not in head:
        raise _fail(path, "the first line is longer than 1 MB: this is not a CSV/TSV export "
                    "(or its line breaks are missing)", row=1,
                    hint="Check that the file is a table export with one record per line.")
    return container, encoding, head


def _sniff(path: Path) -> tuple[str, str, bytes]:
    with path.open("rb") as handle:
        magic = handle.read(8)
    if not magic:
        raise _fail(path, "the file is empty", hint="Export the records again; the file has no header row.")
    try:
        if magic.startswith(ZIP_MAGIC):
            member = _zip_member(path)
            with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
                head = stream.read(HEAD_BYTES)
            return "zip", _text_encoding(path, head, member.file_size <= HEAD_BYTES), head
        if magic.startswith(GZIP_MAGIC):
            with gzip.open(path, "rb") as stream:
                head = stream.read(HEAD_BYTES)
            return "gzip", _text_encoding(path, head, len(head) < HEAD_BYTES), head
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError, OSError) as exc:
        raise _fail(path, f"damaged or truncated archive ({exc})", hint="Download the file again.") from exc
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    return "plain", _text_encoding(path, head, len(head) < HEAD_BYTES), head


def prepare_text(path: Path, workdir: Path) -> tuple[Path, str, bytes]:
    """A UTF-8 (possibly gzip) file DuckDB can read, its original encoding and its first bytes as UTF-8."""
    container, encoding, head = sniff(path)
    if container == "plain" and encoding == "utf-8":
        return path, encoding, head
    if container == "gzip" and encoding == "utf-8":
        return path, encoding, head
    target = workdir / (path.name + ".utf8")
    if container == "zip":
        member = _zip_member(path)
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            _copy_stream(path, stream, target, encoding)  # type: ignore[arg-type]
    elif container == "gzip":
        with gzip.open(path, "rb") as stream:
            _copy_stream(path, stream, target, encoding)  # type: ignore[arg-type]
    else:
        with path.open("rb") as stream:
            _copy_stream(path, stream, target, encoding)
    return target, encoding, _decode_head(head, encoding)


def _decode_head(head: bytes, encoding: str) -> bytes:
    """The sniff window as UTF-8 bytes (cut at a line end so no character is split)."""
    if encoding == "utf-8":
        return head
    cut = head[: head.rfind(b"\n") + 1] or head
    return cut.decode(encoding, errors="replace").encode("utf-8")


def _split_header(line: str) -> tuple[str, list[str]]:
    """The delimiter that splits a header line into the most fields, and the fields."""
    best = (",", [line])
    for delimiter in (",", "\t", ";", "|"):
        fields = next(csv.reader([line], delimiter=delimiter), [])
        if len(fields) > len(best[1]):
            best = (delimiter, fields)
    return best


def _unique_keys(names: list[str]) -> list[str]:
    keys: list[str] = []
    for position, name in enumerate(names, start=1):
        key = header_key(name) or f"column{position}"
        candidate, n = key, 2
        while candidate in keys:
            candidate, n = f"{key}_{n}", n + 1
        keys.append(candidate)
    return keys


def _find_header(lines: list[list[str]], is_header: HeaderTest) -> int:
    """Index of the header among the first lines: the first a mapping recognizes, else the first non-empty."""
    for index, fields in enumerate(lines[:HEADER_SEARCH_LINES]):
        if is_header({header_key(f) for f in fields}):
            return index
    return next((i for i, fields in enumerate(lines) if any(f.strip() for f in fields)), 0)


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, table: str,
              is_header: HeaderTest, *, overflow: str = "reject") -> StagedTable:
    """Stage a CSV/TSV (plain, gzip or zip) into ``table`` with DuckDB ``read_csv``."""
    readable, encoding, head = prepare_text(path, workdir)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    raw_lines = text.splitlines()
    complete = raw_lines if len(head) < HEAD_BYTES else raw_lines[:-1]
    delimiter, _ = _split_header(next((ln for ln in complete if ln.strip()), ""))
    parsed = [next(csv.reader([ln], delimiter=delimiter), []) for ln in complete[:HEADER_SEARCH_LINES]]
    header_index = _find_header(parsed, is_header)
    delimiter, names = _split_header(complete[header_index])
    keys = _unique_keys(names)
    staged = StagedTable(table, path, "csv", encoding, dict(zip(keys, (n.strip() for n in names), strict=True)),
                         delimiter)
    columns = "{" + ", ".join(f"'{k}': 'VARCHAR'" for k in keys) + "}"
    con.execute("DROP TABLE IF EXISTS _csv_rejects; DROP TABLE IF EXISTS _csv_scans")
    options = (
        f"columns={columns}, header=true, skip={header_index}, auto_detect=false, "
        f"delim={_sql(delimiter)}, quote='\"', escape='\"', max_line_size={MAX_LINE_BYTES}, "
        f"buffer_size={CSV_BUFFER_BYTES}, "
        "store_rejects=true, rejects_table='_csv_rejects', rejects_scan='_csv_scans', "
        f"strict_mode={'false' if overflow == 'ignore' else 'true'}, null_padding=false, "
        "compression='auto', encoding='utf-8'"
    )
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS "
            f"SELECT row_number() OVER () AS _row, * FROM read_csv({_sql(str(readable))}, {options})"
        )
    except duckdb.Error as exc:
        raise _csv_error(path, exc) from exc
    rejected = con.execute(
        "SELECT line - ? AS row, string_agg(DISTINCT error_type, ', ') AS reason, any_value(csv_line) "
        "FROM _csv_rejects GROUP BY line ORDER BY line",
        [header_index + 1],
    ).fetchall()
    staged.csv_rejects = [(int(r), _csv_reason(reason, len(keys)), raw) for r, reason, raw in rejected]
    if staged.csv_rejects:
        _renumber(con, table, [r for r, _, _ in staged.csv_rejects])
    staged.rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return staged


def _renumber(con: duckdb.DuckDBPyConnection, table: str, rejected_rows: list[int]) -> None:
    """Give parsed rows their data row number in the file, counting the rows DuckDB rejected."""
    con.execute("CREATE OR REPLACE TEMP TABLE _csv_gaps AS SELECT unnest(?::BIGINT[]) AS r", [rejected_rows])
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table} AS
        WITH gaps AS (SELECT r - row_number() OVER (ORDER BY r) AS good_before FROM _csv_gaps)
        SELECT t._row + (SELECT count(*) FROM gaps WHERE good_before < t._row) AS _row, t.* EXCLUDE (_row)
        FROM {table} t"""
    )


def _csv_reason(error_types: str, width: int) -> str:
    if "MISSING COLUMNS" in error_types:
        return f"fewer fields than the {width} header columns (shifted or cut row)"
    if "TOO MANY COLUMNS" in error_types:
        return f"more fields than the {width} header columns (shifted row or unquoted separator)"
    if "UNQUOTED VALUE" in error_types or "QUOTE" in error_types:
        return "broken quoting"
    return error_types.lower()


def _csv_error(path: Path, exc: duckdb.Error) -> InputError:
    text = str(exc)
    if "unicode" in text.lower() or "utf-8" in text.lower():
        return _fail(path, "invalid UTF-8 text further into the file",
                     hint="Save the export as UTF-8 CSV and import it again.")
    if "line size" in text.lower() or "maximum line" in text.lower():
        return _fail(path, f"a line is longer than {MAX_LINE_BYTES >> 20} MB: not a CSV/TSV export",
                     hint="Check that the file is a table export with one record per line.")
    if "gzip" in text.lower() or "compress" in text.lower():
        return _fail(path, "damaged or truncated compressed file", hint="Download the file again.")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return _fail(path, f"cannot read as CSV: {first}", hint="Check the file is a CSV/TSV export.")


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def stage_excel(con: duckdb.DuckDBPyConnection, path: Path, table: str, is_header: HeaderTest) -> StagedTable:
    """Stage the first sheet of an .xlsx/.xls workbook (the one with a recognizable header)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                  for name in workbook.sheet_names]
    except Exception as exc:  # calamine raises its own error types for damaged workbooks
        raise _fail(path, f"cannot read the Excel workbook ({exc})",
                    hint="Open it in Excel/WPS and save it again as .xlsx, or export CSV.") from exc
    chosen: list[list[object]] | None = None
    for rows in sheets:
        texts = [[_cell_text(c) or "" for c in row] for row in rows[:HEADER_SEARCH_LINES]]
        if any(is_header({header_key(c) for c in row}) for row in texts):
            chosen = rows
            break
    chosen = chosen if chosen is not None else next((s for s in sheets if s), None)
    if not chosen:
        raise _fail(path, "the workbook has no rows", hint="Export the records again.")
    texts = [[_cell_text(c) or "" for c in row] for row in chosen[:HEADER_SEARCH_LINES]]
    header_index = _find_header(texts, is_header)
    names = [_cell_text(c) or "" for c in chosen[header_index]]
    while names and not names[-1].strip():
        names.pop()
    keys = _unique_keys(names)
    data = chosen[header_index + 1:]
    columns: dict[str, list[str | None]] = {"_row": []}  # type: ignore[dict-item]
    for key in keys:
        columns[key] = []
    for number, row in enumerate(data, start=1):
        cells = [_cell_text(c) for c in row]
        if not any(cells):
            continue  # Excel's blank trailing rows
        columns["_row"].append(number)  # type: ignore[arg-type]
        for index, key in enumerate(keys):
            columns[key].append(cells[index] if index < len(cells) else None)
    arrow = pa.table({k: pa.array(v, type=pa.int64() if k == "_row" else pa.string()) for k, v in columns.items()})
    con.register("_excel_arrow", arrow)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _excel_arrow")
    finally:
        con.unregister("_excel_arrow")
    staged = StagedTable(table, path, "excel", "xlsx" if path.suffix.lower() != ".xls" else "xls",
                         dict(zip(keys, (n.strip() for n in names), strict=True)))
    staged.rows = arrow.num_rows
    return staged


def is_excel(path: Path) -> bool:
    """True for .xlsx/.xls workbooks (by content, not only by name)."""
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(OLE_MAGIC):
        return True
    if magic.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                return "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return path.suffix.lower() in (".xlsx", ".xls")
    return False


def stage_file(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, table: str,
               is_header: HeaderTest, *, overflow: str = "reject") -> StagedTable:
    """Stage any supported file into ``table``."""
    if not path.exists():
        raise _fail(path, "no such file", hint="Check the path.")
    if path.is_dir():
        raise _fail(path, "is a directory", hint="Pass the export files inside it.")
    if is_excel(path):
        return stage_excel(con, path, table, is_header)
    return stage_csv(con, path, workdir, table, is_header, overflow=overflow)


def peek_headers(path: Path) -> set[str]:
    """Header keys of the first lines of a text file, for format detection before staging."""
    _, encoding, head = sniff(path)
    text = _decode_head(head, encoding).decode("utf-8", errors="replace").lstrip("\ufeff")
    keys: set[str] = set()
    for line in text.splitlines()[:HEADER_SEARCH_LINES]:
        _, fields = _split_header(line)
        keys |= {header_key(f) for f in fields}
    return keys


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
