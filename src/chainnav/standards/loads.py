"""Load bookkeeping for standards and quality imports, in the patent import's model.

Each file is one row of ``load`` and its bad rows are rows of ``reject``; the file is imported in
one transaction; a file whose sha256 was already loaded in the same format is skipped.
Invariant: rows_read = rows_loaded + rows_rejected + rows_duplicate.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from chainnav.errors import ChainnavError, InputError
from chainnav.ingest.pipeline import sha256_of
from chainnav.navigator import Navigator


@dataclass
class RejectRow:
    """One rejected input row: row number as in the file (1 = first data row), column, reason, raw."""

    row_number: int
    column: str | None
    reason: str
    raw: str


@dataclass
class ImportReport:
    """What one import did, in the same terms as the ``load`` table."""

    file: str
    format: str
    status: str = "loaded"  # loaded | skipped | failed
    load_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    message: str | None = None
    seconds: float = 0.0
    rejects: list[RejectRow] = field(default_factory=list)

    def reject(self, row_number: int, column: str | None, reason: str, raw: list[str] | str) -> None:
        """Record a rejected row."""
        text = raw if isinstance(raw, str) else ",".join(raw)
        self.rejects.append(RejectRow(row_number, column, reason, text))
        self.rows_rejected += 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _insert_load(con: duckdb.DuckDBPyConnection, report: ImportReport, path: Path, sha: str,
                 started: dt.datetime) -> int:
    load_id = con.execute("SELECT nextval('load_id_seq')").fetchone()[0]
    con.execute(
        "INSERT INTO load (load_id, file_name, file_path, sha256, format, rows_read, rows_loaded, rows_updated,"
        " rows_rejected, rows_duplicate, status, message, started_at, finished_at, seconds)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, path.name, str(path), sha, report.format, report.rows_read, report.rows_loaded,
         report.rows_updated, report.rows_rejected, report.rows_duplicate, report.status, report.message,
         started, dt.datetime.now(), report.seconds],
    )
    return int(load_id)


def run_import(
    nav: Navigator,
    path: str | Path,
    format: str,
    body: Callable[[duckdb.DuckDBPyConnection, int, ImportReport], None],
) -> ImportReport:
    """Import one file: skip a known sha256, else run ``body`` (which fills the report) in one transaction.

    ``body(con, load_id, report)`` writes the rows and counts them in ``report``; rejects are written
    here. Errors roll the transaction back and leave a ``failed`` load row behind.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path), hint="Check the path and try again.")
    sha = sha256_of([path])
    started, clock = dt.datetime.now(), time.perf_counter()
    report = ImportReport(file=str(path), format=format)
    con = nav.con
    seen = con.execute(
        "SELECT load_id FROM load WHERE sha256 = ? AND format = ? AND status = 'loaded' ORDER BY load_id LIMIT 1",
        [sha, format],
    ).fetchone()
    if seen:
        report.status, report.message = "skipped", f"same file as load {seen[0]}"
        report.load_id = _insert_load(con, report, path, sha, started)
        return report
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = _insert_load(con, report, path, sha, started)
        report.load_id = load_id
        body(con, load_id, report)
        if report.rejects:
            con.executemany(
                "INSERT INTO reject (load_id, row_number, column_name, reason, raw) VALUES (?, ?, ?, ?, ?)",
                [[load_id, r.row_number, r.column, r.reason, r.raw] for r in report.rejects],
            )
        report.seconds = time.perf_counter() - clock
        con.execute(
            "UPDATE load SET rows_read = ?, rows_loaded = ?, rows_updated = ?, rows_rejected = ?,"
            " rows_duplicate = ?, finished_at = ?, seconds = ? WHERE load_id = ?",
            [report.rows_read, report.rows_loaded, report.rows_updated, report.rows_rejected,
             report.rows_duplicate, dt.datetime.now(), report.seconds, load_id],
        )
        con.execute("COMMIT")
    except BaseException as exc:
        con.execute("ROLLBACK")
        report.status, report.message = "failed", str(exc)
        report.load_id = None
        report.seconds = time.perf_counter() - clock
        report.rows_loaded = report.rows_updated = report.rows_duplicate = 0
        report.load_id = _insert_load(con, report, path, sha, started)
        if isinstance(exc, ChainnavError):
            raise
        if isinstance(exc, duckdb.Error):
            raise ChainnavError(f"import of {path} failed: {exc}") from exc
        raise
    return report
