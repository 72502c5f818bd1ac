"""Import export files into the store: one transaction per file (or per PatentsView set).

``ingest_files`` expands directories, groups PatentsView tables into one related set, skips files
whose sha256 was loaded before, detects each file's format from its headers, stages it in bulk,
and hands the staged rows to :mod:`chainnav.ingest.transform`. Any failure rolls the whole file
back and is recorded as a ``failed`` load; a killed process leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from chainnav.errors import ChainnavError, ConfigError, FormatError, InputError
from chainnav.ingest import patentsview
from chainnav.ingest.mapping import Mapping, load_mapping, shipped_mappings
from chainnav.ingest.normalize import install_macros
from chainnav.ingest.readers import StagedTable, is_excel, peek_headers, stage_file
from chainnav.ingest.report import LoadReport
from chainnav.ingest.transform import Counts, apply_inputs, inputs_from_mapping, raw_row_sql

if TYPE_CHECKING:
    from chainnav.navigator import Navigator

FORMATS = ("auto", "lens", "patentsview", "google", "incopat", "patsnap", "generic")
SUFFIXES = (".csv", ".tsv", ".txt", ".gz", ".zip", ".xlsx", ".xls")
TEMP_TABLES = ("_raw", "_in_patent", "_in_class", "_in_party", "_in_priority", "_in_citation", "_prio", "_norm",
               "_bad", "_good", "_class_codes", "_new_class", "_names", "_party_in", "_new_party", "_new_priority", "_new_citation",
               "_new_patent", "_hashed", "_change", "_changed", "_write", "_csv_gaps", "_csv_rejects", "_csv_scans")

Step = Callable[[str], None]
# DuckDB's memory cap while a load runs: joins, aggregates and temporary tables beyond it spill to
# the temp directory beside the store (``<store>.tmp``), so peak memory does not grow with the input.
INGEST_MEMORY_LIMIT = os.environ.get("CHAINNAV_INGEST_MEMORY", "2GB")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_of(paths: list[Path]) -> str:
    """sha256 of a file, or of the sorted member hashes of a set of files."""
    if len(paths) == 1:
        return _file_sha256(paths[0])
    # hashlib releases the GIL on large buffers: the members of a set hash in parallel.
    with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        digests = list(pool.map(_file_sha256, paths))
    return hashlib.sha256("".join(sorted(digests)).encode()).hexdigest()


def _size_bytes(text: str) -> float:
    """Bytes of a DuckDB size setting such as ``18.8 GiB`` or ``2GB``."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*([A-Za-z]*)\s*", text)
    if match is None:
        raise ConfigError(f"not a memory size: {text!r}", hint="Write it like DuckDB does: 2GB, 1500MB, 4GiB.")
    scale = {"": 1, "b": 1, "bytes": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
             "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}
    return float(match.group(1)) * scale.get(match.group(2).lower(), 1)


@contextmanager
def bulk_settings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Cap DuckDB's memory while a load runs (it spills to its temp directory beyond the cap), then restore.

    Only DuckDB's default limit (80 % of the machine's memory) is lowered, and reset afterwards; a
    limit the caller chose is left as it is. ``preserve_insertion_order`` is restored too.
    """
    limit, ordered = con.execute(
        "SELECT current_setting('memory_limit'), current_setting('preserve_insertion_order')").fetchall()[0]
    with duckdb.connect() as fresh:
        default = fresh.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    lowered = limit == default and _size_bytes(limit) > _size_bytes(INGEST_MEMORY_LIMIT)
    if lowered:
        con.execute(f"SET memory_limit = '{INGEST_MEMORY_LIMIT}'")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {str(ordered).lower()}")
        if lowered:
            con.execute("RESET memory_limit")


def expand(paths: list[Path], format: str) -> list[list[Path]]:
    """Files to import, each group loading in one transaction (a PatentsView set is one group)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and _supported(p))
            if not inside:
                raise InputError("the directory holds no CSV/TSV/zip/Excel files", file=str(path))
            files.extend(inside)
        else:
            files.append(path)
    pv = [p for p in files if format == "patentsview" or (format == "auto" and patentsview.table_name(p))]
    others = [p for p in files if p not in pv]
    groups = [[p] for p in others]
    if pv:
        groups.append(pv)
    return groups


def _supported(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in SUFFIXES)


def ingest_files(
    nav: Navigator,
    paths: list[Path],
    *,
    format: str = "auto",
    mapping: str | Path | None = None,
    progress: bool = False,
) -> list[LoadReport]:
    """Import each file (or PatentsView set) in its own transaction; one report per import."""
    if format not in FORMATS:
        raise ChainnavError(f"unknown format {format!r}", hint=f"Use one of: {', '.join(FORMATS)}.")
    chosen = load_mapping(mapping) if mapping is not None else None
    groups = expand(paths, format if chosen is None else "generic")
    reports = []
    with _progress(progress, len(groups)) as step:
        for group in groups:
            reports.append(ingest_group(nav, group, format=format, mapping=chosen, step=step))
    return reports


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str, str], None]]:
    """A rich progress bar (files done, current step) or a no-op."""
    if not enabled:
        yield lambda file, step: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    steps = ("stage", "normalize", "write", "done")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[step]}"),
                  TimeElapsedColumn(), transient=False) as bar:
        task = bar.add_task("import", total=total * len(steps), step="")

        def step(file: str, name: str) -> None:
            bar.update(task, description=f"import {file}", step=name, advance=1 if name in steps else 0)

        yield step


def ingest_group(nav: Navigator, files: list[Path], *, format: str, mapping: Mapping | None,
                 step: Callable[[str, str], None]) -> LoadReport:
    """Import one file (or one PatentsView set) in one transaction."""
    con = nav.con
    started = time.perf_counter()
    label = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} PatentsView tables)"
    for path in files:
        if not path.exists():
            raise InputError("no such file", file=str(path), hint="Check the path.")
    digest = sha256_of(files)
    previous = con.execute(
        "SELECT load_id, format FROM load WHERE sha256 = ? AND status = 'loaded' ORDER BY load_id LIMIT 1", [digest]
    ).fetchall()
    if previous:
        report = LoadReport(0, label, digest, previous[0][1], "skipped",
                            message=f"same content as load {previous[0][0]}; nothing to do")
        report.load_id = _record(con, report, mapping, files, started)
        return report
    install_macros(con)
    con.execute("SET enable_progress_bar = false")
    with bulk_settings(con):  # outside the transaction: restoring never meets an aborted one
        return _transaction(con, files, label, digest, started, format=format, mapping=mapping, step=step)


def _transaction(con: duckdb.DuckDBPyConnection, files: list[Path], label: str, digest: str, started: float, *,
                 format: str, mapping: Mapping | None, step: Callable[[str, str], None]) -> LoadReport:
    """Load one group in one transaction; on any failure roll back and record a failed load."""
    con.execute("BEGIN TRANSACTION")
    load_id = con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0]
    try:
        with tempfile.TemporaryDirectory(prefix="chainnav-ingest-") as tmp:
            fmt, counts, note = _load(con, files, Path(tmp), load_id, format, mapping,
                                      lambda s: step(files[0].name, s))
        report = LoadReport(load_id, label, digest, fmt, "loaded", counts.rows_read, counts.rows_loaded,
                            counts.rows_updated, counts.rows_rejected, counts.rows_duplicate,
                            message=note)
        if not report.reconciled:  # a bug, never the data's fault: refuse to commit silently wrong counts
            raise ChainnavError(f"load counts do not reconcile: {report}")
        _record(con, report, mapping, files, started)
        con.execute("COMMIT")
        step(files[0].name, "done")
    except BaseException as exc:
        con.execute("ROLLBACK")
        requested = "generic" if mapping is not None else format if format != "auto" else "unknown"
        _drop_temps(con)
        if isinstance(exc, ChainnavError):
            failed = LoadReport(0, label, digest, requested, "failed", message=str(exc))
            _record(con, failed, mapping, files, started)
            raise
        if isinstance(exc, duckdb.Error):
            failed = LoadReport(0, label, digest, requested, "failed", message=str(exc))
            _record(con, failed, mapping, files, started)
            raise InputError(f"import failed and was rolled back: {exc}", file=label) from exc
        raise
    _drop_temps(con)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _load(con: duckdb.DuckDBPyConnection, files: list[Path], workdir: Path, load_id: int, format: str,
          mapping: Mapping | None, step: Step) -> tuple[str, Counts, str]:
    """Stage, normalize and write; returns (format, counts, note)."""
    if mapping is None and (format == "patentsview" or (len(files) > 1 or patentsview.table_name(files[0]))):
        step("stage")
        tables = patentsview.stage_set(con, files, workdir)
        step("normalize")
        _unordered(con)
        csv_counts = patentsview.build_patents(con, tables)
        patent = tables["g_patent"]
        assert isinstance(patent, StagedTable)
        result = apply_inputs(con, load_id=load_id, source="patentsview", labels=patentsview.LABELS, date_order="ymd",
                              raw_sql=raw_row_sql(patent, "\t"), raw_table=patent.table,
                              build_children=lambda: patentsview.build_children(con, tables))
        result.rows_read += csv_counts.rows_read
        result.rows_rejected += csv_counts.rows_rejected
        _csv_rejects(con, load_id, [patent])
        step("write")
        return "patentsview", result, patentsview.note(tables)
    path = files[0]
    chosen = mapping or _detect(path, format)
    step("stage")
    staged = stage_file(con, path, workdir, "_raw", _header_test(chosen), overflow=chosen.overflow)
    keys = set(staged.headers)
    if mapping is None and format == "auto" and is_excel(path):
        chosen = _choose(path, keys)
    if chosen.column_for("patent_id", staged.headers) is None:
        expected = ", ".join(chosen.fields["patent_id"].columns)
        raise InputError(
            f"missing required column: the publication number (one of: {expected})",
            file=str(path), row=0, column="patent_id",
            hint=f"Found columns: {', '.join(list(staged.headers.values())[:30])}. Try --map mapping.yaml.",
        )
    fmt = format if format not in ("auto", "generic") and mapping is None else (
        chosen.flavor(keys) if mapping is None else "generic")
    step("normalize")
    _unordered(con)
    labels = inputs_from_mapping(con, staged, chosen)
    counts = apply_inputs(
        con, load_id=load_id, source=fmt, labels=labels, date_order=chosen.date_order,
        default_country=chosen.default_country, language=chosen.language,
        raw_sql=raw_row_sql(staged, staged.delimiter),
    )
    counts.rows_read += len(staged.csv_rejects)
    counts.rows_rejected += len(staged.csv_rejects)
    _csv_rejects(con, load_id, [staged])
    step("write")
    note = f"{staged.container}, {staged.encoding}"
    if counts.warnings:
        note += f"; {counts.warnings} cell warnings (see chainnav rejects {load_id})"
    return fmt, counts, note


def _unordered(con: duckdb.DuckDBPyConnection) -> None:
    """Once rows carry their file row number, scans and inserts need not keep the input order.

    Every later step orders explicitly where order matters (first row wins, sequence numbers), so
    DuckDB may run them in parallel and stream without buffering to preserve order.
    """
    con.execute("SET preserve_insertion_order = false")


def _csv_rejects(con: duckdb.DuckDBPyConnection, load_id: int, tables: list[StagedTable]) -> None:
    rows = [(load_id, row, None, reason, raw, "error") for t in tables for row, reason, raw in t.csv_rejects]
    if rows:
        con.executemany(
            "INSERT INTO reject (load_id, row_number, column_name, reason, raw, severity) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def _header_test(mapping: Mapping) -> Callable[[set[str]], bool]:
    def test(keys: set[str]) -> bool:
        return mapping.match_score(keys) > 0 or mapping.column_for("patent_id", {k: k for k in keys}) is not None

    return test


def _detect(path: Path, format: str) -> Mapping:
    """The shipped mapping for ``format``, or the one whose detection headers the file has."""
    if format not in ("auto", "generic"):
        return load_mapping(format)
    if format == "generic":
        raise ChainnavError("format 'generic' needs a column mapping", hint="Pass --map mapping.yaml.")
    if is_excel(path):
        return _any_mapping()
    return _choose(path, peek_headers(path))


def _any_mapping() -> Mapping:
    """A mapping that accepts any known header, for staging Excel before detection."""
    mappings = shipped_mappings()
    combined = {k: v for m in reversed(mappings) for k, v in m.fields.items()}
    columns = [c for m in mappings for c in m.fields["patent_id"].columns]
    combined["patent_id"] = combined["patent_id"].model_copy(update={"columns": columns})
    return Mapping(name="any", detect=[g for m in mappings for g in m.detect], fields=combined)


def _choose(path: Path, keys: set[str]) -> Mapping:
    scored = sorted(((m.match_score(keys), m.name, m) for m in shipped_mappings()), key=lambda t: -t[0])
    best = [t for t in scored if t[0] > 0 and t[0] == scored[0][0]]
    if len(best) == 1:
        return best[0][2]
    expected = "; ".join(f"{m.name}: {' + '.join(m.detect[0])}" for _, _, m in scored if m.detect)
    if not best:
        raise FormatError(
            f"the headers match no known export format (expected for example {expected}; "
            f"PatentsView tables are recognized by their g_*.tsv names)",
            file=str(path), row=1,
            hint="Name the format with --format, or describe the columns in a YAML file and pass --map mapping.yaml.",
        )
    names = ", ".join(t[1] for t in best)
    raise FormatError(f"the headers match several formats ({names})", file=str(path), row=1,
                      hint="Choose one with --format.")


def _record(con: duckdb.DuckDBPyConnection, report: LoadReport, mapping: Mapping | None, files: list[Path],
            started: float) -> int:
    """Write the load row; returns its id (a new one unless the report already has one)."""
    seconds = round(time.perf_counter() - started, 3)
    if not report.load_id:
        report.load_id = con.execute("SELECT nextval('load_id_seq')").fetchall()[0][0]
    finished = datetime.now()
    con.execute(
        """INSERT INTO load (load_id, file_name, file_path, sha256, format, mapping, rows_read, rows_loaded,
                             rows_updated, rows_rejected, rows_duplicate, status, message, started_at,
                             finished_at, seconds)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [report.load_id, files[0].name if len(files) == 1 else report.file,
         str(files[0].resolve()) if len(files) == 1 else str(files[0].resolve().parent),
         report.sha256, report.format or "unknown", mapping.name if mapping else None, report.rows_read,
         report.rows_loaded, report.rows_updated, report.rows_rejected, report.rows_duplicate, report.status,
         report.message, datetime.fromtimestamp(time.time() - seconds), finished, seconds],
    )
    return report.load_id


def _drop_temps(con: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = 'temp'").fetchall())
    for name in TEMP_TABLES + patentsview.TEMP_TABLES:
        if name in kinds:
            con.execute(f"DROP {'VIEW' if kinds[name] == 'VIEW' else 'TABLE'} {name}")
