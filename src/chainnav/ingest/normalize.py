"""Normalizers as DuckDB SQL macros: publication numbers, dates, IPC/CPC codes, names, statuses.

Every normalizer runs vectorized inside DuckDB over whole columns. The rules live in lookup tables
(``LEGAL_STATUS_RULES``, ``ENTITY_TYPE_RULES``, ``LEGAL_FORMS`` ...) that are compiled into the
macros, so adding a case means adding a table row, not a branch. ``install_macros(con)`` creates
the macros as TEMP objects of one connection (they are not stored in the database file).
"""

from __future__ import annotations

import duckdb

# Legal-form suffixes stripped from applicant names (English, German, French, Japanese romaji...).
# Matched as whole words at the end of the upper-cased name, repeatedly ("CO LTD", "CO KG").
LEGAL_FORMS = (
    "INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY", "LTD", "LIMITED", "LLC",
    "L L C", "PLC", "GMBH", "MBH", "AG", "KG", "SA", "SAS", "SARL", "SPA", "S P A", "SRL", "BV",
    "B V", "NV", "N V", "KK", "K K", "AB", "OY", "OYJ", "AS", "A S", "PTY", "LLP", "LP", "SE",
    "GBR", "PUBL", "CORPORATE", "HOLDINGS", "HOLDING", "GROUP",
)
# Chinese legal forms, longest first so that 股份有限公司 is not cut to 股份.
LEGAL_FORMS_ZH = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "公司")

# (regular expression on the upper-cased raw name, entity type); the first match wins. The order
# matters: a company legal form (INC, LTD, 有限公司 ...) outranks research words ("DOLBY LAB
# LICENSING CORP", "研究院有限公司" are firms), but not universities ("NAGOYA NAT UNIV CORP" is a
# national university corporation) nor explicit state wording ("... GOVERNMENT AS" ends in the
# Norwegian form AS). Weak state words ("STATE OF DELAWARE") come after the legal forms.
_LEGAL_FORM_RE = r"\b(" + "|".join(f.replace(" ", r"\s") for f in LEGAL_FORMS) + r")\b"
ENTITY_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (r"有限(责任)?公司|股份公司", "company"),
    (r"INST(ITUTE)?( OF)? (SCI(ENCE)? (&|AND) )?TECH|大学|\bUNIV\b|\bUNIVER[SC]I[TD]|HOCHSCHULE|POLYTECHNIC|COLLEGE|SCHOOL OF", "university"),
    (r"GOVERNMENT|MINISTRY|MINISTER|SECRETARY|\bNAVY\b|\bARMY\b|AIR FORCE|\bNASA\b|NAT AERONAUTICS"
     r"|AS REPRESENTED BY|政府|人民政府|管理局|公安|部队", "government"),
    (_LEGAL_FORM_RE + r"|公司", "company"),
    (r"科学院|研究院|研究所|研究中心|实验室|INSTITUT|\bINST\b|RESEARCH|\bLAB\b|\bLABS\b|LABORATOR|FRAUNHOFER"
     r"|\bCNRS\b|\bCSIR\b|\bCNR\b|COMMISSARIAT|ACADEMY|ACADEMIE|\bCENTRE NAT|\bCENTER FOR", "research"),
    (r"学院", "university"),
    (r"DEPARTMENT OF|\bSTATE OF\b|\bCITY OF\b|AGENCY", "government"),
    (r"厂$|集团|企业|商行|工作室|\bSYSTEMS?\b|\bTECHNOLOG|\bINDUSTR|\bELECTRONICS\b|\bAIRCRAFT\b|\bSOLUTIONS\b",
     "company"),
)

# (regular expression on the upper-cased raw status, canonical status); the first match wins.
LEGAL_STATUS_RULES: tuple[tuple[str, str], ...] = (
    (r"全部无效|无效宣告|REVOKED|INVALIDATED", "revoked"),
    (r"PCT有效期满|PCT.*期满", "lapsed"),
    (r"PCT有效期内", "pending"),
    (r"期限届满|届满|EXPIRED", "expired"),
    (r"撤回|放弃|WITHDRAWN|ABANDONED", "withdrawn"),
    (r"驳回|REJECTED|REFUSED", "rejected"),
    (r"未缴年费|终止|失效|无效|LAPSED|INACTIVE|DISCONTINUED|CEASED", "lapsed"),
    (r"授权|有效|有权|ACTIVE|GRANTED|PATENTED|IN FORCE", "active"),
    (r"审中|实质审查|公开|PENDING|PUBLISHED|SEARCH", "pending"),
)

# Document type from the export's type text (Lens "Type", Chinese 专利类型); the first match wins.
DOC_TYPE_TEXT_RULES: tuple[tuple[str, str], ...] = (
    (r"DESIGN|外观", "design"),
    (r"UTILITY MODEL|实用新型", "utility_model"),
    (r"PLANT", "plant"),
    (r"REISSUE", "reissue"),
    (r"SEARCH REPORT|STATUTORY INVENTION|DEFENSIVE|检索报告", "other"),
    (r"发明|INVENTION|PATENT|APPLICATION", "invention"),
)

# Document type from (country, kind) where the text is missing: (country regex, kind regex, type).
DOC_TYPE_KIND_RULES: tuple[tuple[str, str, str], ...] = (
    ("US", "^S", "design"),
    ("US", "^P[1-9]?$", "plant"),
    ("US", "^E", "reissue"),
    ("US", "^H", "other"),
    ("CN|DE|JP|KR|TW|AT|ES|IT|BR|RU", "^[UY]", "utility_model"),
    ("CN|KR|JP|TW", "^S", "design"),
)

# Kind codes of grants and registrations per office (the rest are applications); the first wins.
GRANT_KIND_RULES: tuple[tuple[str, str | None], ...] = (
    ("WO", None),
    ("CN", "^(B|C|U|Y|S)"),
    ("US", "^(B|E|S|P2|P3)"),
    ("EP", "^B"),
    (".*", "^(B|C[0-9]?$|U|Y|S)"),
)

# Two-digit years: yy -> 20yy unless that lies more than a year in the future, then 19yy.
# Application dates that come out after the publication date get 100 years subtracted later.
MACROS = r"""
CREATE OR REPLACE TEMP MACRO cn_null(s) AS
    CASE WHEN s IS NULL THEN NULL
         WHEN trim(s) IN ('', 'NA', 'N/A', 'NULL', 'NaN', 'nan', '-', '--', '无', 'None') THEN NULL
         ELSE trim(s) END;

CREATE OR REPLACE TEMP MACRO cn_yy(yy) AS
    CASE WHEN 2000 + yy::INTEGER <= year(current_date) + 1 THEN 2000 + yy::INTEGER
         ELSE 1900 + yy::INTEGER END;

CREATE OR REPLACE TEMP MACRO cn_ymd(y, m, d) AS
    try(make_date(y::BIGINT, m::BIGINT, d::BIGINT));

CREATE OR REPLACE TEMP MACRO cn_ymd_x(x) AS cn_ymd(x.y, x.m, x.d);

CREATE OR REPLACE TEMP MACRO cn_date_dm(a, b, y, date_order) AS
    CASE WHEN date_order = 'mdy' THEN cn_ymd(y, a, b) ELSE cn_ymd(y, b, a) END;

CREATE OR REPLACE TEMP MACRO cn_date_t(s, date_order) AS
    CASE
    WHEN s IS NULL THEN NULL
    WHEN regexp_matches(s, '^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}')
        THEN cn_ymd_x(regexp_extract(s, '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})', ['y', 'm', 'd']))
    WHEN regexp_matches(s, '^\d{8}$')
        THEN cn_ymd(s[1:4], s[5:6], s[7:8])
    WHEN regexp_matches(s, '^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$')
        THEN cn_date_dm(regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$', 1),
                        regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$', 2),
                        regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$', 3), date_order)
    WHEN regexp_matches(s, '^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$')
        THEN cn_date_dm(regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})$', 1),
                        regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})$', 2),
                        cn_yy(regexp_extract(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2})$', 3)), date_order)
    WHEN regexp_matches(s, '^\d{5}(\.0+)?$')
        THEN (DATE '1899-12-30' + CAST(floor(s::DOUBLE) AS INTEGER))
    ELSE NULL END;

-- Dates in every form exports use; NULL when the text is not a date (callers reject such rows).
-- Database dumps write an absent date as 0 or 0000-00-00: that is no date, not a bad one.
CREATE OR REPLACE TEMP MACRO cn_date_null(s) AS
    CASE WHEN regexp_matches(s, '^0+([-./]0+){0,2}$') THEN NULL ELSE s END;

-- ISO dates (every PatentsView date) take one simple match and a cast; the result is the one the
-- general rules give (yyyy-mm-dd, NULL when the day does not exist), only without their cost.
CREATE OR REPLACE TEMP MACRO cn_date(raw, date_order) AS
    CASE WHEN regexp_full_match(raw, '\d{4}-\d{2}-\d{2}') THEN try_cast(raw AS DATE)
         ELSE cn_date_t(cn_date_null(cn_null(raw)), date_order) END;

-- Publication number to DOCDB style CC + number + kind (US10000000B2); NULL when invalid.
CREATE OR REPLACE TEMP MACRO cn_pubno_x(x, kind, country) AS
    CASE WHEN x.num = '' THEN NULL
         ELSE nullif(coalesce(nullif(x.cc, ''), country), '') || x.num || nullif(coalesce(nullif(x.k, ''), kind), '')
    END;

CREATE OR REPLACE TEMP MACRO cn_pubno_s(s, kind, country) AS
    cn_pubno_x(regexp_extract(s, '^([A-Z]{2})?([A-Z]{0,2}[0-9]{3,})([A-Z][0-9]?)?$', ['cc', 'num', 'k']),
               kind, country);

-- US series prefixes (RE reissue, PP plant, D design, H SIR ...) are not country codes: with a
-- known office they are kept as part of the number (RE49000 -> USRE49000E).
CREATE OR REPLACE TEMP MACRO cn_pubno_p(s, kind, country) AS
    cn_pubno_s(CASE WHEN country IS NOT NULL AND NOT starts_with(s, country)
                         AND regexp_matches(s, '^(RE|PP|RX|AI|D|H|T|X)[0-9]') THEN country || s ELSE s END,
               kind, country);

CREATE OR REPLACE TEMP MACRO cn_kind(kind) AS
    CASE WHEN regexp_matches(upper(trim(kind)), '^[A-Z][0-9]?$') THEN upper(trim(kind)) END;

CREATE OR REPLACE TEMP MACRO cn_office(country) AS
    CASE WHEN regexp_matches(upper(trim(country)), '^[A-Z]{2}$') THEN upper(trim(country)) END;

-- A bare serial number (PatentsView 9626986, or D800000 / RE49000 with a known office) is office +
-- number + kind: exactly what the general rules below give for it, at a fraction of their cost
-- (macros expand inline, so those rules evaluate their regular expressions many times per row).
CREATE OR REPLACE TEMP MACRO cn_pubno(raw, kind, country) AS
    CASE WHEN regexp_full_match(raw, '[0-9]{3,}')
              OR (cn_office(country) IS NOT NULL AND regexp_full_match(raw, '(RE|PP|RX|AI|D|H|T|X)[0-9]{3,}'))
         THEN cn_office(country) || raw || cn_kind(kind) ELSE
    cn_pubno_p(regexp_replace(regexp_replace(upper(cn_null(raw)), '\s+(19|20)[0-9]{6}$', ''), '[\s,/\-.·]', '', 'g'),
               cn_kind(kind), cn_office(country)) END;

-- IPC/CPC to the canonical form H01M10/0525 (also from H01M0010052500 and "H01M 10/0525 (2010.01)").
CREATE OR REPLACE TEMP MACRO cn_pad2(x) AS CASE WHEN length(x) < 2 THEN rpad(x, 2, '0') ELSE x END;

CREATE OR REPLACE TEMP MACRO cn_class_s(s) AS
    CASE
    WHEN regexp_matches(s, '^[A-HY][0-9]{2}[A-Z][0-9]{1,4}/[0-9]{1,6}$')
        THEN s[1:4] || ltrim(regexp_extract(s, '^.{4}([0-9]+)/', 1), '0') || '/'
             || cn_pad2(regexp_extract(s, '/([0-9]+)$', 1))
    WHEN regexp_matches(s, '^[A-HY][0-9]{2}[A-Z][0-9]{10}$')
        THEN s[1:4] || ltrim(s[5:8], '0') || '/' || cn_pad2(rtrim(s[9:14], '0'))
    WHEN regexp_matches(s, '^[A-HY][0-9]{2}[A-Z]$') THEN s
    ELSE NULL END;

CREATE OR REPLACE TEMP MACRO cn_class(raw) AS
    cn_class_s(regexp_replace(regexp_replace(upper(cn_null(raw)), '[(（][^)）]*[)）]', '', 'g'), '[\s]', '', 'g'));

CREATE OR REPLACE TEMP MACRO cn_class_main_group(code) AS
    CASE WHEN contains(code, '/') THEN split_part(code, '/', 1) || '/00' END;

-- Applicant and inventor names: upper case, punctuation to spaces, legal-form suffixes removed.
CREATE OR REPLACE TEMP MACRO cn_name_clean(raw) AS
    trim(regexp_replace(regexp_replace(upper(cn_null(raw)),
        '[[:punct:]（）【】，。、；：“”‘’·　]', ' ', 'g'), '\s+', ' ', 'g'));

CREATE OR REPLACE TEMP MACRO cn_name_norm(raw) AS
    nullif(trim(regexp_replace(regexp_replace(regexp_replace(cn_name_clean(raw),
        '(\s+({legal_forms}))+$', '', 'g'),
        '({legal_forms_zh})$', '', 'g'),
        '\s*([\p{{Han}}])\s*', '\1', 'g')), '');

CREATE OR REPLACE TEMP MACRO cn_entity_type(raw, role, is_inventor) AS
    CASE WHEN role = 'inventor' OR is_inventor THEN 'individual'
         {entity_cases}
         WHEN regexp_matches(trim(raw), '^[\p{{Han}}·]{{2,4}}$') THEN 'individual'
         ELSE 'company' END;

CREATE OR REPLACE TEMP MACRO cn_legal_status(raw) AS
    CASE WHEN cn_null(raw) IS NULL THEN 'unknown'
         {status_cases}
         ELSE 'unknown' END;

CREATE OR REPLACE TEMP MACRO cn_doc_type(type_raw, country, kind, number) AS
    CASE {doc_text_cases}
         {doc_kind_cases}
         WHEN country = 'US' AND starts_with(number, 'D') THEN 'design'
         WHEN country = 'US' AND starts_with(number, 'PP') THEN 'plant'
         WHEN country = 'US' AND starts_with(number, 'RE') THEN 'reissue'
         ELSE 'invention' END;

CREATE OR REPLACE TEMP MACRO cn_is_grant(type_raw, country, kind) AS
    CASE WHEN regexp_matches(upper(coalesce(type_raw, '')), 'GRANT|授权') THEN true
         WHEN regexp_matches(upper(coalesce(type_raw, '')), 'APPLICATION|申请|公开') THEN false
         {grant_cases}
         ELSE false END;

CREATE OR REPLACE TEMP MACRO cn_int(raw) AS
    CASE WHEN regexp_full_match(raw, '[0-9]{1,18}') THEN raw::BIGINT
         ELSE try_cast(regexp_replace(replace(cn_null(raw), ',', ''), '\.0+$', '') AS BIGINT) END;
"""


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def macro_sql() -> str:
    """The macro definitions with the rule tables compiled in."""
    entity_cases = "\n         ".join(
        f"WHEN regexp_matches(upper(raw), {_sql_str(pattern)}) THEN {_sql_str(kind)}"
        for pattern, kind in ENTITY_TYPE_RULES
    )
    status_cases = "\n         ".join(
        f"WHEN regexp_matches(upper(raw), {_sql_str(pattern)}) THEN {_sql_str(status)}"
        for pattern, status in LEGAL_STATUS_RULES
    )
    doc_text_cases = "\n         ".join(
        f"WHEN regexp_matches(upper(coalesce(type_raw, '')), {_sql_str(pattern)}) THEN {_sql_str(kind)}"
        for pattern, kind in DOC_TYPE_TEXT_RULES[:-1]
    )
    doc_kind_cases = "\n         ".join(
        f"WHEN regexp_matches(coalesce(country, ''), {_sql_str('^(' + c + ')$')}) "
        f"AND regexp_matches(coalesce(kind, ''), {_sql_str(k)}) THEN {_sql_str(kind_type)}"
        for c, k, kind_type in DOC_TYPE_KIND_RULES
    )
    grant_cases = "\n         ".join(
        f"WHEN regexp_matches(coalesce(country, ''), {_sql_str('^(' + c + ')$')}) "
        + (f"THEN regexp_matches(coalesce(kind, ''), {_sql_str(k)})" if k else "THEN false")
        for c, k in GRANT_KIND_RULES
    )
    legal_forms = "|".join(f.replace(" ", r"\s") for f in LEGAL_FORMS)
    return (
        MACROS.replace("{{", "\0").replace("}}", "\1")
        .replace("{legal_forms}", legal_forms)
        .replace("{legal_forms_zh}", "|".join(LEGAL_FORMS_ZH))
        .replace("{entity_cases}", entity_cases)
        .replace("{status_cases}", status_cases)
        .replace("{doc_text_cases}", doc_text_cases)
        .replace("{doc_kind_cases}", doc_kind_cases)
        .replace("{grant_cases}", grant_cases)
        .replace("\0", "{")
        .replace("\1", "}")
    )


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the normalizer macros on this connection."""
    con.execute(macro_sql())
