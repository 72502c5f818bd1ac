"""From staged input tables to canonical rows, in bulk SQL: normalize, validate, reject, upsert.

Every format first fills the same five input tables (all text, keyed by ``_row``, the data row
number in the file):

- ``_in_patent``: one row per input record with the raw scalar fields of ``mapping.SCALAR_FIELDS``;
- ``_in_class`` (``_row, scheme, seq, code_raw, is_main, position``), ``_in_party`` (``_row, role,
  seq, name_raw, country, region, city, address, type_hint``), ``_in_priority`` (``_row, seq,
  text``) and ``_in_citation`` (``_row, seq, cited_raw, category, is_docdb``); ``position``,
  ``type_hint`` and ``is_docdb`` let a source pass what it already knows (PatentsView).

:func:`apply_inputs` then normalizes with the SQL macros of :mod:`normalize`, rejects rows that
cannot be trusted (invalid publication number, unparseable date or number, jurisdiction that
contradicts the number), counts duplicates, and upserts the rest into the canonical tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from chainnav.ingest.mapping import DATE_FIELDS, DEFAULT_SEPARATOR, INT_FIELDS, SCALAR_FIELDS, Mapping
from chainnav.ingest.places import resolve_places
from chainnav.ingest.readers import StagedTable

# Columns an update always takes from the newer export (the rest keep stored values when empty).
ALWAYS_REPLACED = ("source", "record_hash", "doc_type", "is_grant", "country", "number", "kind", "family_id")
PATENT_COLUMNS = (
    "patent_id", "family_id", "country", "number", "kind", "doc_type", "is_grant", "title", "abstract",
    "language", "application_number", "application_date", "priority_date", "priority_country",
    "publication_date", "grant_date", "legal_status", "legal_status_raw", "num_claims", "cited_by_count",
    "family_size", "extended_family_size", "source", "source_id", "url", "record_hash",
)


@dataclass
class Counts:
    """What one load did, for the load row and the report."""

    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    warnings: int = 0


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def inputs_from_mapping(con: duckdb.DuckDBPyConnection, staged: StagedTable, mapping: Mapping) -> dict[str, str]:
    """Fill the ``_in_*`` tables from a staged single-table export; returns field -> column label."""
    headers = staged.headers
    labels: dict[str, str] = {}
    selects = []
    for field in SCALAR_FIELDS:
        column = mapping.column_for(field, headers)
        if column is None:
            selects.append(f"NULL::VARCHAR AS {field}")
        else:
            labels[field] = staged.label(column) or column
            selects.append(f"cn_null({_q(column)}) AS {field}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _in_patent AS SELECT _row, {', '.join(selects)} FROM {staged.table}")

    def split(field: str) -> str | None:
        column = mapping.column_for(field, headers)
        if column is None:
            return None
        labels[field] = staged.label(column) or column
        separator = mapping.fields[field].separator or DEFAULT_SEPARATOR
        return (
            f"SELECT _row, unnest(parts) AS value, unnest(range(1, len(parts) + 1)) AS seq FROM "
            f"(SELECT _row, regexp_split_to_array(cn_null({_q(column)}), {_s(separator)}) AS parts "
            f"FROM {staged.table} WHERE cn_null({_q(column)}) IS NOT NULL)"
        )

    class_parts = []
    for field, scheme in (("cpc", "CPC"), ("ipc", "IPC")):
        sql = split(field)
        if sql:
            class_parts.append(
                f"SELECT _row, '{scheme}' AS scheme, seq, value AS code_raw, false AS is_main, "
                f"NULL::VARCHAR AS position FROM ({sql})"
            )
        main = mapping.column_for(f"{field}_main", headers)
        if main:
            labels[f"{field}_main"] = staged.label(main) or main
            class_parts.append(
                f"SELECT _row, '{scheme}', 0, cn_null({_q(main)}), true, NULL FROM {staged.table} "
                f"WHERE cn_null({_q(main)}) IS NOT NULL"
            )
    _create_or_empty(con, "_in_class", class_parts,
                     "_row BIGINT, scheme VARCHAR, seq BIGINT, code_raw VARCHAR, is_main BOOLEAN, position VARCHAR")

    party_parts = []
    for field, role in (("applicants", "applicant"), ("inventors", "inventor"), ("assignees", "assignee")):
        sql = split(field)
        if not sql:
            continue
        located = role in ("applicant", "assignee")
        where = "CASE WHEN s.seq = 1 THEN p.{0} END" if located else "NULL::VARCHAR"
        party_parts.append(
            f"SELECT s._row, '{role}' AS role, s.seq, s.value AS name_raw, "
            f"{where.format('applicant_country')} AS country, {where.format('applicant_region')} AS region, "
            f"{where.format('applicant_city')} AS city, {where.format('applicant_address')} AS address, "
            "NULL::VARCHAR AS type_hint "
            f"FROM ({sql}) s JOIN _in_patent p USING (_row)"
        )
    _create_or_empty(con, "_in_party", party_parts,
                     "_row BIGINT, role VARCHAR, seq BIGINT, name_raw VARCHAR, country VARCHAR, "
                     "region VARCHAR, city VARCHAR, address VARCHAR, type_hint VARCHAR")
    priority = split("priority_numbers")
    _create_or_empty(con, "_in_priority", [f"SELECT _row, seq, value AS text FROM ({priority})"] if priority else [],
                     "_row BIGINT, seq BIGINT, text VARCHAR")
    cited = split("cited_patents")
    _create_or_empty(con, "_in_citation",
                     [f"SELECT _row, seq, value AS cited_raw, NULL::VARCHAR AS category, false AS is_docdb FROM ({cited})"]
                     if cited else [],
                     "_row BIGINT, seq BIGINT, cited_raw VARCHAR, category VARCHAR, is_docdb BOOLEAN")
    return labels


def _create_or_empty(con: duckdb.DuckDBPyConnection, table: str, parts: list[str], schema: str) -> None:
    if parts:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {' UNION ALL '.join(parts)}")
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({schema})")


def apply_inputs(
    con: duckdb.DuckDBPyConnection,
    *,
    load_id: int,
    source: str,
    labels: dict[str, str],
    date_order: str = "dmy",
    default_country: str | None = None,
    language: str | None = None,
    raw_sql: str | None = None,
    raw_table: str = "_raw",
    build_children: Callable[[], None] | None = None,
) -> Counts:
    """Normalize the ``_in_*`` tables, write rejects and upsert the canonical tables.

    ``build_children`` fills the keyed child inputs once the records are normalized (PatentsView
    joins each child table to its winning patent as it reads it); without it the ``_in_*`` child
    tables are already there.
    """
    counts = normalize_records(con, load_id=load_id, labels=labels, date_order=date_order,
                               default_country=default_country, raw_sql=raw_sql, raw_table=raw_table)
    if build_children is not None:
        build_children()
    direct = source if all_new(con) else None
    normalize_children(con, load_id, labels, keyed=build_children is not None, direct=direct)
    return write_records(con, counts, load_id=load_id, source=source, language=language,
                         citations_written=direct is not None)


def normalize_records(
    con: duckdb.DuckDBPyConnection,
    *,
    load_id: int,
    labels: dict[str, str],
    date_order: str = "dmy",
    default_country: str | None = None,
    raw_sql: str | None = None,
    raw_table: str = "_raw",
) -> Counts:
    """Normalize ``_in_patent`` (and ``_in_priority``) into ``_good``: one valid row per publication.

    Writes the rejects; the counts hold the rows read, rejected and repeated within the input.
    """
    counts = Counts()
    order = _s(date_order)
    country = f"coalesce(upper(country), {_s(default_country)})" if default_country else "upper(country)"
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _prio AS
        SELECT _row, seq, text,
               nullif(regexp_extract(upper(text), '^([A-Z]{2})'), '') AS country,
               cn_date(regexp_extract(text, '(\\d{8}|\\d{4}[-./]\\d{1,2}[-./]\\d{1,2})\\s*$', 1), 'ymd') AS pdate,
               nullif(regexp_replace(upper(regexp_replace(text,
                   '\\s*(\\d{8}|\\d{4}[-./]\\d{1,2}[-./]\\d{1,2})\\s*$', '')), '[\\s]+', '', 'g'), '') AS number
        FROM _in_priority WHERE cn_null(text) IS NOT NULL
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _norm AS
        WITH base AS (
            SELECT *,
                cn_pubno(patent_id, kind, {country}) AS pid,
                cn_date(application_date, {order}) AS app_d0,
                cn_date(publication_date, {order}) AS pub_d0,
                cn_date(priority_date, {order}) AS prio_d,
                cn_date(grant_date, {order}) AS grant_d,
                cn_int(publication_year) AS pub_year
            FROM _in_patent
        ), fixed AS (
            SELECT *,
                CASE WHEN pub_year IS NOT NULL AND pub_d0 IS NOT NULL AND year(pub_d0) <> pub_year
                     THEN try(make_date(pub_year, month(pub_d0), day(pub_d0))) ELSE pub_d0 END AS pub_d
            FROM base
        )
        SELECT *,
            CASE WHEN app_d0 > pub_d + INTERVAL 50 YEAR THEN (app_d0 - INTERVAL 100 YEAR)::DATE ELSE app_d0 END AS app_d
        FROM fixed
    """)
    checks = [
        ("patent_id", "pid IS NULL",
         "CASE WHEN patent_id IS NULL THEN 'no publication number' ELSE 'not a valid publication number "
         "(country code + number + kind, e.g. US10000000B2): ' || patent_id END"),
    ]
    for field in DATE_FIELDS:
        parsed = {"application_date": "app_d", "publication_date": "pub_d0", "priority_date": "prio_d",
                  "grant_date": "grant_d"}[field]
        checks.append((field, f"cn_date_null({field}) IS NOT NULL AND {parsed} IS NULL", f"'not a date: ' || {field}"))
    for field in INT_FIELDS:
        checks.append((field, f"{field} IS NOT NULL AND cn_int({field}) IS NULL", f"'not a number: ' || {field}"))
    checks.append(("country", "country IS NOT NULL AND pid IS NOT NULL AND upper(country) <> pid[1:2]",
                   "'jurisdiction ' || country || ' contradicts publication number ' || pid"))
    column_case = " ".join(f"WHEN {cond} THEN {_s(labels.get(f, f))}" for f, cond, _ in checks)
    reason_case = " ".join(f"WHEN {cond} THEN {reason}" for _, cond, reason in checks)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bad AS
        SELECT _row, column_name, reason FROM (
            SELECT _row, CASE {column_case} END AS column_name, CASE {reason_case} END AS reason FROM _norm
        ) WHERE reason IS NOT NULL
    """)
    raw_expr = raw_sql or "NULL::VARCHAR"
    con.execute(f"""
        INSERT INTO reject (load_id, row_number, column_name, reason, raw, severity)
        SELECT {load_id}, b._row, b.column_name, b.reason, {raw_expr}, 'error'
        FROM _bad b {f"LEFT JOIN {raw_table} r ON r._row = b._row" if raw_sql else ""}
    """)
    counts.rows_rejected = con.execute("SELECT count(*) FROM _bad").fetchall()[0][0]
    counts.rows_read = con.execute("SELECT count(*) FROM _in_patent").fetchall()[0][0]

    # Valid rows; the first row of each publication number wins, later repeats are duplicates.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _good AS
        SELECT n.* FROM _norm n ANTI JOIN _bad b USING (_row)
        QUALIFY row_number() OVER (PARTITION BY pid ORDER BY _row) = 1
    """)
    valid = counts.rows_read - counts.rows_rejected
    winners = con.execute("SELECT count(*) FROM _good").fetchall()[0][0]
    counts.rows_duplicate = valid - winners
    return counts


def write_records(con: duckdb.DuckDBPyConnection, counts: Counts, *, load_id: int, source: str,
                  language: str | None = None, citations_written: bool = False) -> Counts:
    """Hash ``_good`` with its ``_new_*`` children, compare with the store and upsert; completes ``counts``.

    ``citations_written``: :func:`normalize_children` already stored the citations (every record new).
    """
    winners = counts.rows_read - counts.rows_rejected - counts.rows_duplicate
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _new_patent AS
        WITH pr AS (
            SELECT _row, min(number) AS first_number,
                   arg_min(country, (coalesce(pdate, DATE '9999-12-31'), number)) AS first_country,
                   min(pdate) AS first_date
            FROM _prio GROUP BY _row
        ), g AS (
            SELECT *, pid[1:2] AS office, regexp_extract(pid, '^[A-Z]{{2}}([A-Z]{{0,2}}[0-9]+)', 1) AS serial,
                   regexp_extract(pid, '([A-Z][0-9]?)$', 1) AS kind_code
            FROM _good
        ), types AS (
            -- the type rules read the type text, office, kind and the serial's first two letters:
            -- evaluated once per distinct combination, not once per record
            SELECT doc_type AS type_raw, office, kind_code, prefix,
                   cn_doc_type(doc_type, office, kind_code, prefix) AS doc_type_norm,
                   cn_is_grant(doc_type, office, kind_code) AS grant_flag
            FROM (SELECT DISTINCT doc_type, office, kind_code, serial[1:2] AS prefix FROM g)
        ), statuses AS (
            SELECT status_raw, cn_legal_status(status_raw) AS status
            FROM (SELECT DISTINCT legal_status AS status_raw FROM g)
        )
        SELECT
            g.pid AS patent_id,
            coalesce(g.family_id, pr.first_number,
                     nullif(regexp_replace(upper(g.application_number), '[\\s/,.-]', '', 'g'), ''), g.pid) AS family_id,
            g.office AS country,
            g.serial AS number,
            g.kind_code AS kind,
            t.doc_type_norm AS doc_type,
            t.grant_flag AS is_grant,
            g.title, g.abstract,
            coalesce(g.language, {_s(language) if language else 'NULL'},
                     CASE WHEN regexp_matches(coalesce(g.title, ''), '\\p{{Han}}') THEN 'zh'
                          WHEN g.title IS NOT NULL THEN 'en' END) AS language,
            nullif(regexp_replace(upper(g.application_number), '[\\s/,]', '', 'g'), '') AS application_number,
            g.app_d AS application_date,
            coalesce(pr.first_date, g.prio_d, g.app_d) AS priority_date,
            coalesce(pr.first_country, CASE WHEN pr._row IS NULL THEN g.office END) AS priority_country,
            g.pub_d AS publication_date,
            coalesce(g.grant_d, CASE WHEN t.grant_flag THEN g.pub_d END) AS grant_date,
            st.status AS legal_status,
            g.legal_status AS legal_status_raw,
            cn_int(g.num_claims)::INTEGER AS num_claims,
            cn_int(g.cited_by_count)::INTEGER AS cited_by_count,
            cn_int(g.family_size)::INTEGER AS family_size,
            cn_int(g.extended_family_size)::INTEGER AS extended_family_size,
            {_s(source)} AS source, g.source_id, g.url, g._row
        FROM g LEFT JOIN pr USING (_row)
        JOIN types t ON t.type_raw IS NOT DISTINCT FROM g.doc_type AND t.office = g.office
                    AND t.kind_code = g.kind_code AND t.prefix = g.serial[1:2]
        JOIN statuses st ON st.status_raw IS NOT DISTINCT FROM g.legal_status
    """)
    hashed = ", ".join(f"n.{c}::VARCHAR" for c in PATENT_COLUMNS if c != "record_hash")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _hashed AS
        -- child rows enter the record hash through an order-independent sum of row hashes
        WITH c AS (SELECT patent_id, sum(hash(scheme, code, position, seq)) AS v FROM _new_class GROUP BY patent_id),
             p AS (SELECT patent_id, sum(hash(role, seq, name_raw, region, city)) AS v FROM _new_party GROUP BY patent_id),
             q AS (SELECT patent_id, sum(hash(seq, priority_number, priority_date)) AS v
                   FROM _new_priority GROUP BY patent_id),
             x AS (SELECT citing_id AS patent_id, sum(hash(cited_id, category)) AS v FROM _new_citation GROUP BY citing_id)
        SELECT n.*, md5(concat_ws('|', {hashed}, c.v, p.v, q.v, x.v)) AS record_hash
        FROM _new_patent n
        LEFT JOIN c USING (patent_id) LEFT JOIN p USING (patent_id)
        LEFT JOIN q USING (patent_id) LEFT JOIN x USING (patent_id)
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _change AS
        SELECT h.patent_id, CASE WHEN p.patent_id IS NULL THEN 'new'
                                 WHEN p.record_hash = h.record_hash THEN 'same' ELSE 'changed' END AS change
        FROM _hashed h LEFT JOIN patent p USING (patent_id)
    """)
    by_change = dict(con.execute("SELECT change, count(*) FROM _change GROUP BY change").fetchall())
    counts.rows_duplicate += by_change.get("same", 0)
    counts.rows_updated = by_change.get("changed", 0)
    counts.rows_loaded = by_change.get("new", 0) + counts.rows_updated

    con.execute("CREATE OR REPLACE TEMP TABLE _write AS SELECT patent_id FROM _change WHERE change <> 'same'")
    # An update merges: child rows are replaced only for the kinds this export provides (a Google
    # CSV without CPC codes keeps the CPC rows a Lens export gave), empty fields keep stored values.
    con.execute("CREATE OR REPLACE TEMP TABLE _changed AS SELECT patent_id FROM _change WHERE change = 'changed'")
    if counts.rows_updated:
        con.execute("""DELETE FROM classification t USING (SELECT DISTINCT patent_id, scheme FROM _new_class
                       SEMI JOIN _changed USING (patent_id)) k WHERE t.patent_id = k.patent_id AND t.scheme = k.scheme""")
        con.execute("""DELETE FROM party t USING (SELECT DISTINCT patent_id, role FROM _new_party
                       SEMI JOIN _changed USING (patent_id)) k WHERE t.patent_id = k.patent_id AND t.role = k.role""")
        con.execute("""DELETE FROM priority_claim WHERE patent_id IN
                       (SELECT patent_id FROM _new_priority SEMI JOIN _changed USING (patent_id))""")
        con.execute("""DELETE FROM citation WHERE citing_id IN
                       (SELECT citing_id FROM _new_citation c SEMI JOIN _changed k ON k.patent_id = c.citing_id)""")
    columns = ", ".join(PATENT_COLUMNS)
    updates = ", ".join(
        f"{c} = excluded.{c}" if c in ALWAYS_REPLACED else f"{c} = coalesce(excluded.{c}, {c})"
        for c in PATENT_COLUMNS if c not in ("patent_id", "legal_status")
    ) + ", legal_status = CASE WHEN excluded.legal_status_raw IS NULL THEN legal_status ELSE excluded.legal_status END"
    # New records are a plain bulk insert; only changed ones pay for the conflict update.
    # In a first load every record is new: no filter to apply to the (large) child tables.
    only_new = counts.rows_loaded == winners and not counts.rows_updated
    only_written = "" if not by_change.get("same") else "SEMI JOIN _write USING (patent_id)"
    con.execute(f"""
        INSERT INTO patent ({columns}, load_id, first_load_id)
        SELECT {columns}, {load_id}, {load_id} FROM _hashed h
        {"" if only_new else "JOIN _change c USING (patent_id) WHERE c.change = 'new'"}
    """)
    if counts.rows_updated:
        con.execute(f"""
            INSERT INTO patent ({columns}, load_id, first_load_id)
            SELECT {columns}, {load_id}, {load_id} FROM _hashed h JOIN _change c USING (patent_id)
            WHERE c.change = 'changed'
            ON CONFLICT (patent_id) DO UPDATE SET {updates}, load_id = excluded.load_id
        """)
    con.execute(f"""
        INSERT INTO classification (patent_id, scheme, code, position, seq, section, class, subclass, main_group)
        SELECT patent_id, scheme, code, position, seq, section, class, subclass, main_group
        FROM _new_class {only_written}
    """)
    con.execute(f"""
        INSERT INTO party (patent_id, role, seq, name_raw, name_norm, country, region, city, address, entity_type)
        SELECT patent_id, role, seq, name_raw, name_norm, country, region, city, address, entity_type
        FROM _new_party {only_written}
    """)
    con.execute(f"""
        INSERT INTO priority_claim (patent_id, seq, priority_number, country, priority_date)
        SELECT patent_id, seq, priority_number, country, priority_date
        FROM _new_priority {only_written}
    """)
    if not citations_written:
        con.execute(f"""
            INSERT INTO citation (citing_id, cited_id, category, source, load_id)
            SELECT citing_id, cited_id, category, {_s(source)}, {load_id}
            FROM _new_citation c {"SEMI JOIN _write w ON w.patent_id = c.citing_id" if only_written else ""}
        """)
    counts.warnings = con.execute(
        "SELECT count(*) FROM reject WHERE load_id = ? AND severity = 'warning'", [load_id]
    ).fetchall()[0][0]
    return counts


def normalize_children(con: duckdb.DuckDBPyConnection, load_id: int, labels: dict[str, str], *,
                       keyed: bool = False, direct: str | None = None) -> None:
    """Classification, party, priority and citation rows of the winning records, normalized.

    The ``_in_*`` child tables hold every input row keyed by ``_row``; with ``keyed`` they already
    hold only the rows of ``_good`` records with their publication number as ``patent_id`` (a
    PatentsView set joins its tables to ``_good`` while reading them), so no join is needed here.
    ``direct`` (the source name, when :func:`all_new`) writes the citations into the store at once;
    pass the same value to :func:`write_records`.
    """
    def winners(alias: str) -> tuple[str, str]:
        """(publication number column, FROM clause suffix) for an input table aliased ``alias``."""
        if keyed:
            return f"{alias}.patent_id", ""
        return "g.pid", "JOIN _good g USING (_row)"

    pid, join = winners("i")
    # Codes repeat across records: normalize each distinct text once.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _class_codes AS
        SELECT code_raw, cn_class(code_raw) AS code FROM (SELECT DISTINCT code_raw FROM _in_class)
        WHERE cn_null(code_raw) IS NOT NULL
    """)
    # Each record's codes of a scheme are deduplicated (first mention wins) and ranked, main code
    # first. Lists that already are 1..n without repeats (nearly all) keep their numbers; only the
    # others go through the two window functions, the costliest step of the import at scale.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _new_class AS
        WITH c AS MATERIALIZED (
            SELECT {pid} AS patent_id, i.scheme, i.seq, i.is_main, i.position AS hint, k.code
            FROM _in_class i {join} JOIN _class_codes k USING (code_raw)
            WHERE k.code IS NOT NULL
        ), untidy AS (
            SELECT patent_id, scheme FROM c GROUP BY patent_id, scheme
            HAVING NOT ({_numbered_one_to_n("code")} AND bool_and(NOT is_main OR seq = 1))
        ), ranked AS (
            SELECT *, seq AS rank FROM c ANTI JOIN untidy USING (patent_id, scheme)
            UNION ALL
            SELECT *, row_number() OVER (PARTITION BY patent_id, scheme ORDER BY is_main DESC, seq) AS rank
            FROM (SELECT * FROM c SEMI JOIN untidy USING (patent_id, scheme)
                  QUALIFY row_number() OVER (PARTITION BY patent_id, scheme, code ORDER BY is_main DESC, seq) = 1)
        )
        SELECT patent_id, scheme, code, CASE WHEN rank = 1 THEN 'first' ELSE coalesce(hint, 'additional') END AS position,
               rank::INTEGER AS seq, code[1] AS section, code[1:3] AS class,
               CASE WHEN length(code) >= 4 THEN code[1:4] END AS subclass,
               cn_class_main_group(code) AS main_group
        FROM ranked
    """)
    labels_sql = "CASE i.scheme " + " ".join(
        f"WHEN '{scheme}' THEN {_s(labels.get(field, field))}" for scheme, field in (("CPC", "cpc"), ("IPC", "ipc"))
    ) + " END"
    con.execute(f"""
        INSERT INTO reject (load_id, row_number, column_name, reason, raw, severity)
        SELECT {load_id}, i._row, {labels_sql}, 'not a valid ' || i.scheme || ' code (skipped, record kept): '
               || i.code_raw, i.code_raw, 'warning'
        FROM _in_class i {"" if keyed else "SEMI JOIN _good g USING (_row)"} JOIN _class_codes k USING (code_raw)
        WHERE k.code IS NULL
    """)
    # Names repeat across records: clean, normalize and type each distinct name once.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _names AS
        SELECT name_raw, cn_name_clean(name_raw) AS clean,
               coalesce(cn_name_norm(name_raw), cn_name_clean(name_raw)) AS norm,
               cn_entity_type(name_raw, 'applicant', false) AS rule_type
        FROM (SELECT DISTINCT trim(name_raw) AS name_raw FROM _in_party WHERE cn_null(name_raw) IS NOT NULL)
    """)
    # A name repeated within a record's role is kept once (first mention) and the role renumbered;
    # roles already numbered 1..n without a repeated name (``tidy``) skip both window functions.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _party_in AS
        WITH p AS MATERIALIZED (
            SELECT {pid} AS patent_id, i.role, i.seq::INTEGER AS seq, n.name_raw, n.clean, n.norm, n.rule_type,
                   upper(cn_null(i.country)) AS country, cn_null(i.region) AS region, cn_null(i.city) AS city,
                   cn_null(i.address) AS address, i.type_hint
            FROM _in_party i {join} JOIN _names n ON n.name_raw = trim(i.name_raw)
        ), untidy AS (
            SELECT patent_id, role FROM p GROUP BY patent_id, role HAVING NOT {_numbered_one_to_n("clean")}
        )
        SELECT *, true AS tidy FROM p ANTI JOIN untidy USING (patent_id, role)
        UNION ALL
        SELECT *, false FROM (SELECT * FROM p SEMI JOIN untidy USING (patent_id, role)
                              QUALIFY row_number() OVER (PARTITION BY patent_id, role, clean ORDER BY seq) = 1)
    """)
    resolve_places(con, "_party_in")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _new_party AS
        WITH inv AS (SELECT DISTINCT patent_id, clean FROM _party_in WHERE role = 'inventor'),
        numbered AS (
            SELECT * EXCLUDE (tidy) FROM _party_in WHERE tidy
            UNION ALL BY NAME
            SELECT * EXCLUDE (tidy, seq), row_number() OVER (PARTITION BY patent_id, role ORDER BY seq)::INTEGER AS seq
            FROM _party_in WHERE NOT tidy
        )
        SELECT p.patent_id, p.role, p.seq, p.name_raw, p.norm AS name_norm, p.country, p.region, p.city, p.address,
               CASE WHEN p.type_hint IN ('individual', 'government') THEN p.type_hint
                    WHEN p.role = 'inventor' OR inv.clean IS NOT NULL THEN 'individual'
                    ELSE p.rule_type END AS entity_type
        FROM numbered p LEFT JOIN inv ON p.role <> 'inventor' AND inv.patent_id = p.patent_id AND inv.clean = p.clean
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _new_priority AS
        SELECT g.pid AS patent_id,
               row_number() OVER (PARTITION BY g.pid ORDER BY p.seq)::INTEGER AS seq,
               p.number AS priority_number, p.country, p.pdate AS priority_date
        FROM _prio p JOIN _good g USING (_row) WHERE p.number IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY g.pid, p.number ORDER BY p.seq) = 1
    """)
    pid, join = winners("c")
    citations = f"""
        SELECT DISTINCT {pid} AS citing_id,
               CASE WHEN c.is_docdb THEN c.cited_raw
                    ELSE coalesce(cn_pubno(c.cited_raw, NULL, NULL), upper(trim(c.cited_raw))) END AS cited_id,
               c.category
        FROM _in_citation c {join} WHERE cn_null(c.cited_raw) IS NOT NULL
    """
    if direct is None:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _new_citation AS {citations}")
        return
    # Every record is new: citations (the largest child table) go straight into the store, and
    # the record hash reads them back by load id instead of from a temporary copy.
    con.execute(f"""
        INSERT INTO citation (citing_id, cited_id, category, source, load_id)
        SELECT citing_id, cited_id, category, {_s(direct)}, {load_id} FROM ({citations})
    """)
    con.execute(f"CREATE OR REPLACE TEMP VIEW _new_citation AS "
                f"SELECT citing_id, cited_id, category FROM citation WHERE load_id = {load_id}")


def _numbered_one_to_n(key: str) -> str:
    """Aggregate condition: the group's ``seq`` values are exactly 1..count(*) and its ``key`` values distinct.

    Such a group is already deduplicated and ranked (its row_number by seq is seq). Distinct
    sequence numbers are checked as a bit set, so only groups of at most 62 rows qualify.
    """
    return (f"(count(seq) = count(*) AND min(seq) = 1 AND max(seq) = count(*) AND max(seq) <= 62 "
            f"AND bit_count(bit_or(CASE WHEN seq BETWEEN 1 AND 62 THEN 1::BIGINT << seq::INTEGER END)) = count(*) "
            f"AND count(DISTINCT {key}) = count(*))")


def all_new(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no record of ``_good`` is in the store yet (a first load, or only new publications)."""
    return not con.execute(
        "SELECT EXISTS (SELECT 1 FROM _good g JOIN patent p ON p.patent_id = g.pid)").fetchall()[0][0]


def raw_row_sql(staged: StagedTable, delimiter: str = ",") -> str:
    """SQL that rebuilds a staged row as CSV text (for the ``raw`` column of rejects), over alias r."""
    quote_when = "[\"\\n\\t" + delimiter + "]"  # , ; | and tab are literal inside a class
    parts = []
    for key in staged.headers:
        column = f"r.{_q(key)}"
        parts.append(
            f"CASE WHEN {column} IS NULL THEN '' WHEN regexp_matches({column}, {_s(quote_when)}) "
            f"THEN '\"' || replace({column}, '\"', '\"\"') || '\"' ELSE {column} END"
        )
    return f"concat_ws({_s(delimiter)}, {', '.join(parts)})" if parts else "NULL::VARCHAR"


__all__ = ["Counts", "all_new", "apply_inputs", "inputs_from_mapping", "normalize_children", "normalize_records", "raw_row_sql",
           "write_records"]
