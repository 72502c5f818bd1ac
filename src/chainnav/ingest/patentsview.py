"""PatentsView bulk download tables (``g_*.tsv`` / ``g_*.tsv.zip``) loaded as one related set.

Column names follow the PatentsView data dictionary: ``g_patent`` (patent_id, patent_type,
patent_date, patent_title, wipo_kind, num_claims, withdrawn, filename), ``g_application``
(application_id, patent_id, patent_application_type, filing_date, series_code, rule_47_flag),
``g_cpc_current`` (patent_id, cpc_sequence, cpc_section, cpc_class, cpc_subclass, cpc_group,
cpc_type), ``g_ipc_at_issue`` (patent_id, ipc_sequence, classification_level, section, ipc_class,
subclass, main_group, subgroup, classification_value, ...), ``g_assignee_disambiguated``
(patent_id, assignee_sequence, assignee_id, disambig_assignee_individual_name_first,
disambig_assignee_individual_name_last, disambig_assignee_organization, assignee_type,
location_id), ``g_inventor_disambiguated`` (patent_id, inventor_sequence, inventor_id,
disambig_inventor_name_first, disambig_inventor_name_last, gender_code, location_id),
``g_location_disambiguated`` (location_id, disambig_city, disambig_state, disambig_country, ...)
and ``g_us_patent_citation`` (patent_id, citation_sequence, citation_patent_id, citation_date,
record_name, wipo_kind, citation_category); ``g_patent_abstract`` is used when present.

``g_patent`` is staged (one numbered row per patent: the rows of the load) and normalized first;
every other table is then read once by DuckDB ``read_csv``, joined to the valid records on the way
in, into the keyed ``_in_*`` input tables of :func:`chainnav.ingest.transform.normalize_children`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chainnav.errors import InputError
from chainnav.ingest.readers import CSV_BUFFER_BYTES, MAX_LINE_BYTES, StagedTable, prepare_text, stage_csv
from chainnav.ingest.transform import Counts

TABLES = (
    "g_patent", "g_patent_abstract", "g_application", "g_cpc_current", "g_ipc_at_issue",
    "g_assignee_disambiguated", "g_inventor_disambiguated", "g_location_disambiguated", "g_us_patent_citation",
)
REQUIRED_COLUMNS = {
    "g_patent": ("patent_id", "patent_type", "patent_date", "patent_title", "wipo_kind", "num_claims"),
    "g_patent_abstract": ("patent_id", "patent_abstract"),
    "g_application": ("application_id", "patent_id", "filing_date"),
    "g_cpc_current": ("patent_id", "cpc_sequence", "cpc_group", "cpc_type"),
    "g_ipc_at_issue": ("patent_id", "ipc_sequence", "section", "ipc_class", "subclass", "main_group", "subgroup"),
    "g_assignee_disambiguated": ("patent_id", "assignee_sequence", "disambig_assignee_organization",
                                 "disambig_assignee_individual_name_first", "disambig_assignee_individual_name_last",
                                 "assignee_type", "location_id"),
    "g_inventor_disambiguated": ("patent_id", "inventor_sequence", "disambig_inventor_name_first",
                                 "disambig_inventor_name_last", "location_id"),
    "g_location_disambiguated": ("location_id", "disambig_city", "disambig_state", "disambig_country"),
    "g_us_patent_citation": ("patent_id", "citation_sequence", "citation_patent_id", "wipo_kind", "citation_category"),
}
TEMP_TABLES = ("_pv_patent", "_pv_location")
# Where each canonical field comes from, for reject messages.
LABELS = {
    "patent_id": "g_patent.patent_id",
    "kind": "g_patent.wipo_kind",
    "publication_date": "g_patent.patent_date",
    "grant_date": "g_patent.patent_date",
    "num_claims": "g_patent.num_claims",
    "application_date": "g_application.filing_date",
    "cpc": "g_cpc_current.cpc_group",
    "ipc": "g_ipc_at_issue",
}
# assignee_type codes of the data dictionary (the leading digit; 1x = part interest).
ASSIGNEE_TYPES = {"4": "individual", "5": "individual", "6": "government", "7": "government"}


@dataclass
class TableFile:
    """A PatentsView table other than g_patent: the UTF-8 file DuckDB reads and its header columns."""

    path: Path
    columns: list[str]


_NAME = re.compile(r"^(g_[a-z_]+?)\.(tsv|tsv\.zip|tsv\.gz|zip|csv|csv\.zip)$")


def table_name(path: Path) -> str | None:
    """``g_patent`` for ``g_patent.tsv.zip``; None for files that are not PatentsView tables."""
    match = _NAME.match(path.name.lower())
    return match.group(1) if match and match.group(1) in TABLES else None


def stage_set(con: duckdb.DuckDBPyConnection, files: list[Path], workdir: Path) -> dict[str, StagedTable | TableFile]:
    """Stage ``g_patent`` and prepare the other tables for direct reading; validates columns."""
    by_name: dict[str, Path] = {}
    for path in files:
        name = table_name(path)
        if name is None:
            raise InputError(
                f"not a PatentsView table name (expected one of {', '.join(t + '.tsv[.zip]' for t in TABLES)})",
                file=str(path), hint="Rename the file as PatentsView ships it, or import it with --map.",
            )
        if name in by_name:
            raise InputError(f"two files for table {name}", file=str(path), hint="Pass each table once.")
        by_name[name] = path
    if "g_patent" not in by_name:
        raise InputError(
            "a PatentsView set needs the g_patent table (one row per patent)",
            file=str(files[0].parent), hint="Add g_patent.tsv.zip to the files you import.",
        )
    tables: dict[str, StagedTable | TableFile] = {}
    patent = stage_csv(con, by_name["g_patent"], workdir, "_pv_patent", lambda keys: "patent_id" in keys)
    _check_columns(by_name["g_patent"], "g_patent", set(patent.headers))
    tables["g_patent"] = patent
    for name, path in by_name.items():
        if name == "g_patent":
            continue
        readable, _, head = prepare_text(path, workdir)
        header = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()[0]
        columns = [c.strip().strip('"') for c in header.split("\t")]
        _check_columns(path, name, set(columns))
        tables[name] = TableFile(readable, columns)
    return tables


def _check_columns(path: Path, name: str, found: set[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in found]
    if missing:
        raise InputError(
            f"missing required column {missing[0]!r} of PatentsView table {name} "
            f"(expected {', '.join(REQUIRED_COLUMNS[name])})",
            file=str(path), row=0, column=missing[0],
            hint="Use the tables as downloaded from PatentsView (data dictionary column names).",
        )


def _file(tables: dict[str, StagedTable | TableFile], name: str) -> TableFile | None:
    table = tables.get(name)
    return table if isinstance(table, TableFile) else None


def _read(table: TableFile) -> str:
    """A DuckDB read_csv over one tab-separated PatentsView table, every column as text.

    The columns come from the header line already read, so DuckDB does not sniff the file (its
    sniffer samples across the whole file: seconds per table at a million patents).
    """
    quoted = "'" + str(table.path).replace("'", "''") + "'"
    columns = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in table.columns) + "}"
    return (f"read_csv({quoted}, delim='\\t', quote='\"', escape='\"', header=true, auto_detect=false, "
            f"columns={columns}, max_line_size={MAX_LINE_BYTES}, buffer_size={CSV_BUFFER_BYTES}, compression='auto')")


def build_patents(con: duckdb.DuckDBPyConnection, tables: dict[str, StagedTable | TableFile]) -> Counts:
    """Fill ``_in_patent`` (and an empty ``_in_priority``) from a staged set; returns g_patent's CSV-level rejects."""
    patent = tables["g_patent"]
    assert isinstance(patent, StagedTable)
    abstract = _file(tables, "g_patent_abstract")
    application = _file(tables, "g_application")
    joins, abstract_col, app_number, app_date = "", "NULL::VARCHAR", "NULL::VARCHAR", "NULL::VARCHAR"
    if abstract is not None:
        joins += (f" LEFT JOIN (SELECT patent_id, any_value(patent_abstract) AS patent_abstract FROM {_read(abstract)} "
                  "GROUP BY patent_id) ab USING (patent_id)")
        abstract_col = "ab.patent_abstract"
    if application is not None:
        joins += (f" LEFT JOIN (SELECT patent_id, any_value(application_id) AS application_id, "
                  f"any_value(filing_date) AS filing_date FROM {_read(application)} GROUP BY patent_id) ap "
                  "USING (patent_id)")
        app_number, app_date = "ap.application_id", "ap.filing_date"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _in_patent AS
        SELECT p._row, cn_null(p.patent_id) AS patent_id, cn_null(p.wipo_kind) AS kind, 'US' AS country,
               NULL::VARCHAR AS family_id, cn_null(p.patent_title) AS title, cn_null({abstract_col}) AS abstract,
               'en' AS language, cn_null({app_number}) AS application_number,
               cn_null({app_date}) AS application_date, NULL::VARCHAR AS priority_date,
               cn_null(p.patent_date) AS publication_date, NULL::VARCHAR AS publication_year,
               cn_null(p.patent_date) AS grant_date,
               CASE WHEN trim(coalesce(p.withdrawn, '')) IN ('1', 'true', 'True') THEN 'withdrawn' END AS legal_status,
               cn_null(p.num_claims) AS num_claims, NULL::VARCHAR AS cited_by_count, NULL::VARCHAR AS family_size,
               NULL::VARCHAR AS extended_family_size, cn_null(p.patent_id) AS source_id,
               'https://datatool.patentsview.org/#detail/patent/' || trim(p.patent_id) AS url,
               coalesce(cn_null(p.patent_type), 'utility') || ' patent grant' AS doc_type,
               NULL::VARCHAR AS ipc_main, NULL::VARCHAR AS cpc_main, NULL::VARCHAR AS applicant_address,
               NULL::VARCHAR AS applicant_country, NULL::VARCHAR AS applicant_region, NULL::VARCHAR AS applicant_city
        FROM _pv_patent p {joins}
    """)
    con.execute("CREATE OR REPLACE TEMP TABLE _in_priority (_row BIGINT, seq BIGINT, text VARCHAR)")
    return Counts(rows_read=len(patent.csv_rejects), rows_rejected=len(patent.csv_rejects))


def build_children(con: duckdb.DuckDBPyConnection, tables: dict[str, StagedTable | TableFile]) -> None:
    """Fill the keyed ``_in_class``, ``_in_party`` and ``_in_citation`` inputs once ``_good`` is known.

    Each table is read once and joined to the valid records on the way in (its rows carry the
    publication number), so rows of rejected or repeated records are never stored. Citations, read
    by a single statement later, stay a view over the file.
    """
    winners = "JOIN _good g ON g.patent_id = trim({0}.patent_id)"
    class_parts = []
    if (table := _file(tables, "g_cpc_current")) is not None:
        class_parts.append(f"""
            SELECT g.pid AS patent_id, g._row, 'CPC' AS scheme, try_cast(c.cpc_sequence AS BIGINT) + 1 AS seq,
                   c.cpc_group AS code_raw, try_cast(c.cpc_sequence AS BIGINT) = 0 AS is_main,
                   CASE WHEN lower(c.cpc_type) LIKE 'inventi%' THEN 'inventive' ELSE 'additional' END AS position
            FROM {_read(table)} c {winners.format('c')}""")
    if (table := _file(tables, "g_ipc_at_issue")) is not None:
        class_parts.append(f"""
            SELECT g.pid, g._row, 'IPC', try_cast(i.ipc_sequence AS BIGINT) + 1,
                   CASE WHEN length(trim(i.ipc_class)) = 2 THEN trim(i.section) || trim(i.ipc_class)
                        ELSE trim(i.ipc_class) END || right(trim(i.subclass), 1) || trim(i.main_group) || '/'
                        || trim(i.subgroup),
                   try_cast(i.ipc_sequence AS BIGINT) = 0,
                   CASE WHEN upper(i.classification_value) = 'I' THEN 'inventive' ELSE 'additional' END
            FROM {_read(table)} i {winners.format('i')}""")
    _create(con, "_in_class", class_parts, "patent_id VARCHAR, _row BIGINT, scheme VARCHAR, seq BIGINT, "
            "code_raw VARCHAR, is_main BOOLEAN, position VARCHAR")

    location = _file(tables, "g_location_disambiguated")
    if location is not None:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _pv_location AS
            SELECT location_id, any_value(disambig_city) AS city, any_value(disambig_state) AS state,
                   any_value(disambig_country) AS country FROM {_read(location)} GROUP BY location_id""")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE _pv_location "
                    "(location_id VARCHAR, city VARCHAR, state VARCHAR, country VARCHAR)")
    party_parts = []
    type_case = "CASE " + " ".join(
        f"WHEN left(trim(a.assignee_type), 1) = '{code}' AND length(trim(a.assignee_type)) = 1 THEN '{kind}'"
        for code, kind in ASSIGNEE_TYPES.items()
    ) + " END"
    if (table := _file(tables, "g_assignee_disambiguated")) is not None:
        party_parts.append(f"""
            SELECT g.pid AS patent_id, 'assignee' AS role, try_cast(a.assignee_sequence AS BIGINT) + 1 AS seq,
                   coalesce(cn_null(a.disambig_assignee_organization),
                            trim(concat_ws(' ', cn_null(a.disambig_assignee_individual_name_first),
                                           cn_null(a.disambig_assignee_individual_name_last)))) AS name_raw,
                   l.country, l.state AS region, l.city, NULL::VARCHAR AS address,
                   CASE WHEN cn_null(a.disambig_assignee_organization) IS NULL THEN 'individual' ELSE {type_case} END
                       AS type_hint
            FROM {_read(table)} a {winners.format('a')}
            LEFT JOIN _pv_location l ON l.location_id = a.location_id""")
    if (table := _file(tables, "g_inventor_disambiguated")) is not None:
        party_parts.append(f"""
            SELECT g.pid, 'inventor', try_cast(i.inventor_sequence AS BIGINT) + 1,
                   trim(concat_ws(' ', cn_null(i.disambig_inventor_name_first), cn_null(i.disambig_inventor_name_last))),
                   l.country, l.state, l.city, NULL::VARCHAR, 'individual'
            FROM {_read(table)} i {winners.format('i')}
            LEFT JOIN _pv_location l ON l.location_id = i.location_id""")
    _create(con, "_in_party", party_parts,
            "patent_id VARCHAR, role VARCHAR, seq BIGINT, name_raw VARCHAR, country VARCHAR, region VARCHAR, "
            "city VARCHAR, address VARCHAR, type_hint VARCHAR")
    if (table := _file(tables, "g_us_patent_citation")) is not None:
        con.execute(f"""
            CREATE OR REPLACE TEMP VIEW _in_citation AS
            SELECT g.pid AS patent_id, try_cast(c.citation_sequence AS BIGINT) AS seq,
                   'US' || trim(c.citation_patent_id) || coalesce(trim(c.wipo_kind), '') AS cited_raw,
                   cn_null(c.citation_category) AS category, true AS is_docdb
            FROM {_read(table)} c {winners.format('c')}
            WHERE cn_null(c.citation_patent_id) IS NOT NULL""")
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE _in_citation "
                    "(patent_id VARCHAR, seq BIGINT, cited_raw VARCHAR, category VARCHAR, is_docdb BOOLEAN)")


def _create(con: duckdb.DuckDBPyConnection, table: str, parts: list[str], schema: str) -> None:
    if parts:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {' UNION ALL '.join(parts)}")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({schema})")


def note(tables: dict[str, StagedTable | TableFile]) -> str:
    """Which tables the set held."""
    return "PatentsView tables: " + ", ".join(name for name in TABLES if name in tables)
