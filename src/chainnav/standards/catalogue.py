"""Import standards catalogues: China's public service system exports and ISO/IEC catalogue lists.

One column map covers both layouts (headers compared after NFKC, case and space folding). Each row
becomes one ``standard`` plus its ICS/CCS codes, drafting organisations and replaced standards.
A newer export of the same standard replaces it (counted as updated); an identical row is a
duplicate; a row that cannot be read is rejected with its row number, column and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from chainnav.errors import FormatError
from chainnav.ingest.normalize import install_macros
from chainnav.navigator import Navigator
from chainnav.standards.files import header_key, read_rows
from chainnav.standards.loads import ImportReport, run_import
from chainnav.standards.numbers import (
    ORIGIN,
    normalize_stage,
    normalize_status,
    parse_date,
    parse_number,
)

# canonical field -> accepted headers (std.samr.gov.cn export first, then ISO/IEC catalogue names)
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("标准号", "标准编号", "标准代号", "number", "standardnumber", "reference", "isonumber",
               "iecnumber", "document", "designation"),
    "title_zh": ("中文标准名称", "标准名称", "中文名称", "标准中文名称"),
    "title_en": ("英文标准名称", "英文名称", "标准英文名称", "title", "titleen", "title.en", "englishtitle"),
    "status": ("标准状态", "状态", "status"),
    "stage": ("stage", "currentstage", "stagecode"),
    "publication_date": ("发布日期", "publicationdate", "published", "dateofpublication"),
    "implementation_date": ("实施日期", "implementationdate", "effectivedate"),
    "ics": ("ics", "ics分类", "ics分类号", "国际标准分类号", "icscode", "icscodes"),
    "ccs": ("ccs", "ccs分类", "中国标准分类号", "中标分类号"),
    "drafters": ("起草单位", "draftingorganisations", "draftingorganizations", "drafters"),
    "committee": ("归口单位", "技术归口", "团体名称", "tc/sc", "committee", "technicalcommittee", "ownercommittee",
                  "tc"),
    "replaces": ("代替标准", "代替以下标准", "replaces", "supersedes", "revises"),
    "adopted": ("采标情况", "采用国际标准", "adopted", "adoptedstandard"),
    "level": ("标准层级", "level"),
}
LEVELS = frozenset(ORIGIN)
_LIST_SPLIT = re.compile(r"[;；,，、\n]+")
# ISO Open Data writes code lists as ['49.020', '35.240.15']: brackets and quotes are separators too.
_CODE_SPLIT = re.compile(r"[;；,，、\s\[\]'\"]+")


def column_map(header: list[str]) -> dict[str, int]:
    """Canonical field -> column index for the headers this file has."""
    index = {header_key(h): i for i, h in enumerate(header) if h}
    found = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if header_key(alias) in index:
                found[name] = index[header_key(alias)]
                break
    return found


def detect_format(columns: dict[str, int], header: list[str], path: Path) -> str:
    """``standards-cn`` (Chinese titles) or ``standards-intl``; FormatError when neither fits."""
    if "number" not in columns or not ({"title_zh", "title_en"} & columns.keys()):
        raise FormatError(
            f"no standard number and title columns among {header}",
            file=str(path),
            hint="Export from std.samr.gov.cn with 标准号 and 中文标准名称, or give ISO/IEC lists the "
            "columns number and title (docs/standards.md lists every accepted header).",
        )
    return "standards-cn" if "title_zh" in columns else "standards-intl"


@dataclass
class StandardRecord:
    """One catalogue row, normalized."""

    standard_id: str
    prefix: str
    serial: str
    year: int | None
    level: str
    origin: str
    nature: str | None
    title_zh: str | None
    title_en: str | None
    status: str | None
    status_raw: str | None
    stage: str | None
    publication_date: dt.date | None
    implementation_date: dt.date | None
    committee: str | None
    adopted: str | None
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    drafters: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    def digest(self) -> str:
        payload = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.__dict__.items()}
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class RowError(ValueError):
    """A cell that cannot be read; names the column."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column


def parse_row(cells: dict[str, str], header_of: dict[str, str], *, as_of: dt.date) -> StandardRecord:
    """One row (canonical field -> text) as a record; RowError names the bad column."""
    number = parse_number(cells.get("number"))
    if number is None:
        raise RowError(header_of["number"], f"not a standard number: {cells.get('number')!r}")
    dates = {}
    for name in ("publication_date", "implementation_date"):
        try:
            dates[name] = parse_date(cells.get(name))
        except ValueError as exc:
            raise RowError(header_of[name], str(exc)) from exc
    level = number.level
    if cells.get("level"):
        level = cells["level"].strip().lower()
        if level not in LEVELS:
            raise RowError(header_of["level"], f"unknown level {cells['level']!r}; use one of {sorted(LEVELS)}")
    replaces = []
    for item in _LIST_SPLIT.split(cells.get("replaces") or ""):
        if item.strip():
            replaced = parse_number(item)
            if replaced is None:
                raise RowError(header_of["replaces"], f"not a standard number: {item.strip()!r}")
            replaces.append(replaced.canonical)
    adopted = number.adopted
    if cells.get("adopted"):
        adopted_number = parse_number(re.sub(r"\s*[,(（].*$", "", cells["adopted"]))
        adopted = adopted_number.canonical if adopted_number else adopted
    stage = normalize_stage(cells.get("stage"))
    status_raw = (cells.get("status") or "").strip() or None
    status = normalize_status(status_raw, stage=stage, implementation_date=dates["implementation_date"]
                              or dates["publication_date"], as_of=as_of)
    if status_raw and status is None:
        raise RowError(header_of["status"], f"unknown status {status_raw!r}; expected 现行, 即将实施, 废止 or "
                       "current, upcoming, withdrawn")
    title_zh = (cells.get("title_zh") or "").strip() or None
    title_en = (cells.get("title_en") or "").strip() or None
    if not (title_zh or title_en):
        raise RowError(header_of.get("title_zh") or header_of["title_en"], "the title is empty")
    return StandardRecord(
        standard_id=number.canonical,
        prefix=number.prefix,
        serial=number.serial,
        year=number.year,
        level=level,
        origin=ORIGIN[level],
        nature=number.nature,
        title_zh=title_zh,
        title_en=title_en,
        status=status,
        status_raw=status_raw,
        stage=stage,
        publication_date=dates["publication_date"],
        implementation_date=dates["implementation_date"],
        committee=(cells.get("committee") or "").strip() or None,
        adopted=adopted,
        ics=[c for c in _CODE_SPLIT.split(cells.get("ics") or "") if c],
        ccs=[c.upper() for c in _CODE_SPLIT.split(cells.get("ccs") or "") if c],
        drafters=list(dict.fromkeys(d.strip() for d in _LIST_SPLIT.split(cells.get("drafters") or "") if d.strip())),
        replaces=replaces,
    )


STANDARD_COLUMNS = (
    "standard_id", "prefix", "serial", "year", "level", "origin", "nature", "title_zh", "title_en", "status",
    "status_raw", "stage", "publication_date", "implementation_date", "committee", "adopted",
)


def _rows_table(names: tuple[str, ...], rows: list[tuple[object, ...]]) -> pa.Table | None:
    return pa.Table.from_pylist([dict(zip(names, row, strict=True)) for row in rows]) if rows else None


def _write(con: duckdb.DuckDBPyConnection, records: list[StandardRecord], load_id: int, source: str) -> None:
    """Replace the given standards (and their codes, drafters, replacements) in one bulk pass."""
    if not records:
        return
    ids = pa.table({"standard_id": [r.standard_id for r in records]})
    con.register("incoming_ids", ids)
    try:
        for table in ("standard", "standard_class", "standard_drafter", "standard_replacement"):
            con.execute(f"DELETE FROM {table} WHERE standard_id IN (SELECT standard_id FROM incoming_ids)")
    finally:
        con.unregister("incoming_ids")
    columns = {name: [getattr(r, name) for r in records] for name in STANDARD_COLUMNS}
    columns["year"] = pa.array(columns["year"], pa.int32())
    columns["publication_date"] = pa.array(columns["publication_date"], pa.date32())
    columns["implementation_date"] = pa.array(columns["implementation_date"], pa.date32())
    columns |= {"source": [source] * len(records), "record_hash": [r.digest() for r in records],
                "load_id": [load_id] * len(records)}
    classes = [(r.standard_id, scheme, code) for r in records
               for scheme, codes in (("ICS", r.ics), ("CCS", r.ccs)) for code in codes]
    drafters = [(r.standard_id, seq, name) for r in records for seq, name in enumerate(r.drafters, 1)]
    replacements = [(r.standard_id, old) for r in records for old in r.replaces]
    frames = {
        "standard": pa.table(columns),
        "standard_class": _rows_table(("standard_id", "scheme", "code"), classes),
        "standard_drafter": _rows_table(("standard_id", "seq", "name_raw"), drafters),
        "standard_replacement": _rows_table(("standard_id", "replaced_id"), replacements),
    }
    # Drafter names get the patent import's name normalizer, so they compare with party.name_norm.
    install_macros(con)
    for table, frame in frames.items():
        if frame is None:
            continue
        con.register("incoming_rows", frame)
        try:
            names = ", ".join(frame.column_names)
            if table == "standard_drafter":
                con.execute(f"INSERT INTO {table} ({names}, name_norm) SELECT {names},"
                            " coalesce(cn_name_norm(name_raw), name_raw) FROM incoming_rows")
            else:
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
        finally:
            con.unregister("incoming_rows")


def import_catalogue(nav: Navigator, path: str | Path, *, as_of: dt.date | None = None) -> ImportReport:
    """Import one catalogue file (CSV/XLSX) into ``standard`` and its side tables.

    Returns the import report; rows that cannot be read are rejects, never silently dropped.
    """
    path = Path(path)
    header, rows = read_rows(path)
    columns = column_map(header)
    fmt = detect_format(columns, header, path)
    header_of = {name: header[i] for name, i in columns.items()}
    as_of = as_of or dt.date.today()

    def body(con: duckdb.DuckDBPyConnection, load_id: int, report: ImportReport) -> None:
        stored = dict(con.execute("SELECT standard_id, record_hash FROM standard").fetchall())
        seen: dict[str, tuple[int, str]] = {}
        fresh: dict[str, StandardRecord] = {}
        for row_number, row in enumerate(rows, 1):
            if not any(row):
                continue
            report.rows_read += 1
            cells = {name: row[i] for name, i in columns.items()}
            try:
                record = parse_row(cells, header_of, as_of=as_of)
            except RowError as exc:
                report.reject(row_number, exc.column, str(exc), row)
                continue
            digest = record.digest()
            if record.standard_id in seen:
                first_row, first_digest = seen[record.standard_id]
                if first_digest == digest:
                    report.rows_duplicate += 1
                else:
                    report.reject(row_number, header_of["number"],
                                  f"{record.standard_id} differs from row {first_row} of the same file", row)
                continue
            seen[record.standard_id] = (row_number, digest)
            if stored.get(record.standard_id) == digest:
                report.rows_duplicate += 1
                continue
            report.rows_loaded += 1
            report.rows_updated += record.standard_id in stored
            fresh[record.standard_id] = record
        _write(con, list(fresh.values()), load_id, fmt)

    return run_import(nav, path, fmt, body)


def replacement_chain(nav: Navigator, standard_id: str) -> list[str]:
    """Editions from ``standard_id`` forward: each later one replaces the one before.

    ``["GB 31241-2014", "GB 31241-2022"]`` when 2022 replaces 2014.
    """
    number = parse_number(standard_id)
    current = number.canonical if number else standard_id
    links = nav.table("standard_replacement").to_pyarrow().to_pylist()
    successor = {row["replaced_id"]: row["standard_id"] for row in links}
    chain = [current]
    while current in successor and successor[current] not in chain:
        current = successor[current]
        chain.append(current)
    return chain
