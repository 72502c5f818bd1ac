-- Canonical patent store, version 1. Every capability of chainnav reads these tables.
-- Migrations are numbered by owner: 00xx store core, 01xx ingest, 02xx chains, 03xx analytics and
-- entities, 04xx security and watch, 05xx standards and quality, 06xx web.

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

-- One row per import of one file. Invariant: rows_read = rows_loaded + rows_rejected + rows_duplicate.
CREATE TABLE IF NOT EXISTS load (
    load_id         BIGINT PRIMARY KEY,
    file_name       VARCHAR NOT NULL,
    file_path       VARCHAR,
    sha256          VARCHAR NOT NULL,
    format          VARCHAR NOT NULL,
    mapping         VARCHAR,               -- mapping name or YAML path used
    rows_read       BIGINT NOT NULL DEFAULT 0,
    rows_loaded     BIGINT NOT NULL DEFAULT 0,   -- new or updated patents
    rows_updated    BIGINT NOT NULL DEFAULT 0,   -- of rows_loaded, those that replaced an older record
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    rows_duplicate  BIGINT NOT NULL DEFAULT 0,   -- identical to a record already stored or repeated in the file
    status          VARCHAR NOT NULL,            -- loaded | skipped (same sha256) | failed
    message         VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    seconds         DOUBLE
);

-- One row per rejected input row: never silently dropped.
CREATE TABLE IF NOT EXISTS reject (
    load_id      BIGINT NOT NULL,
    row_number   BIGINT,          -- data row number as in the file (1 = first data row)
    column_name  VARCHAR,
    reason       VARCHAR NOT NULL,
    raw          VARCHAR          -- the raw text of the row
);

-- One row per publication (DOCDB-style id: country + number + kind, e.g. US10000000B2).
CREATE TABLE IF NOT EXISTS patent (
    patent_id            VARCHAR PRIMARY KEY,
    family_id            VARCHAR,        -- simple family id from the export, else derived from priorities
    country              VARCHAR,        -- publishing office (受理局 / filing market), ISO 3166-1 alpha-2 or WO/EP
    number               VARCHAR,        -- the serial part of the publication number
    kind                 VARCHAR,        -- kind code (A, A1, B1, B2, U, S ...)
    doc_type             VARCHAR,        -- invention | utility_model | design | plant | reissue | other
    is_grant             BOOLEAN,
    title                VARCHAR,
    abstract             VARCHAR,
    language             VARCHAR,        -- zh | en | ...
    application_number   VARCHAR,
    application_date     DATE,
    priority_date        DATE,           -- earliest priority date (application date when none)
    priority_country     VARCHAR,        -- office of first priority (技术来源国)
    publication_date     DATE,
    grant_date           DATE,
    legal_status         VARCHAR,        -- pending | active | lapsed | expired | revoked | withdrawn | rejected | unknown
    legal_status_raw     VARCHAR,
    num_claims           INTEGER,
    cited_by_count       INTEGER,        -- forward citations as given by the export
    family_size          INTEGER,        -- simple family size as given by the export
    extended_family_size INTEGER,
    source               VARCHAR NOT NULL, -- import format
    source_id            VARCHAR,        -- the source's own record id (e.g. Lens ID)
    url                  VARCHAR,
    record_hash          VARCHAR,        -- hash of the normalized record, for duplicate detection
    load_id              BIGINT NOT NULL
);

-- Priority claims: technology origin and family derivation.
CREATE TABLE IF NOT EXISTS priority_claim (
    patent_id        VARCHAR NOT NULL,
    seq              INTEGER NOT NULL,
    priority_number  VARCHAR NOT NULL,
    country          VARCHAR,
    priority_date    DATE
);

-- IPC/CPC codes in canonical form (H01M10/0525) with derived levels.
CREATE TABLE IF NOT EXISTS classification (
    patent_id   VARCHAR NOT NULL,
    scheme      VARCHAR NOT NULL,   -- IPC | CPC
    code        VARCHAR NOT NULL,   -- H01M10/0525
    position    VARCHAR,            -- first | inventive | additional
    seq         INTEGER,
    section     VARCHAR,            -- H
    class       VARCHAR,            -- H01
    subclass    VARCHAR,            -- H01M
    main_group  VARCHAR             -- H01M10/00
);

-- Applicants, assignees and inventors of each patent, in the export's order.
CREATE TABLE IF NOT EXISTS party (
    patent_id    VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,  -- applicant | assignee | inventor
    seq          INTEGER NOT NULL,
    name_raw     VARCHAR NOT NULL,
    name_norm    VARCHAR,           -- normalized name (case, punctuation, legal-form suffixes)
    entity_id    VARCHAR,           -- disambiguated entity (entities module)
    country      VARCHAR,           -- ISO 3166-1 alpha-2
    region       VARCHAR,           -- ISO 3166-2 (CN-GD, US-CA) where known
    city         VARCHAR,
    address      VARCHAR,
    entity_type  VARCHAR            -- company | university | research | individual | government
);

-- Citations between publications (backward from citing to cited).
CREATE TABLE IF NOT EXISTS citation (
    citing_id  VARCHAR NOT NULL,
    cited_id   VARCHAR NOT NULL,
    category   VARCHAR,
    source     VARCHAR,
    load_id    BIGINT
);

-- Disambiguated applicants and inventors; aliases survive re-imports.
CREATE TABLE IF NOT EXISTS entity (
    entity_id    VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,  -- applicant | inventor
    name         VARCHAR NOT NULL,  -- display name
    name_zh      VARCHAR,
    name_en      VARCHAR,
    country      VARCHAR,
    region       VARCHAR,
    entity_type  VARCHAR
);

CREATE TABLE IF NOT EXISTS entity_alias (
    kind        VARCHAR NOT NULL,
    name_norm   VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    method      VARCHAR NOT NULL,   -- exact | fuzzy | rule | manual
    score       DOUBLE,
    PRIMARY KEY (kind, name_norm)
);

-- Chains (from versioned YAML) and the classification of patents onto their nodes.
CREATE TABLE IF NOT EXISTS chain (
    chain_id     VARCHAR PRIMARY KEY,
    version      VARCHAR NOT NULL,
    name_zh      VARCHAR,
    name_en      VARCHAR,
    definition   VARCHAR,           -- the YAML text classified with
    classified_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS chain_node (
    chain_id   VARCHAR NOT NULL,
    node_id    VARCHAR NOT NULL,
    parent_id  VARCHAR,
    segment    VARCHAR NOT NULL,    -- upstream | midstream | downstream
    name_zh    VARCHAR,
    name_en    VARCHAR,
    depth      INTEGER,
    ord        INTEGER,
    PRIMARY KEY (chain_id, node_id)
);

CREATE TABLE IF NOT EXISTS patent_node (
    chain_id   VARCHAR NOT NULL,
    node_id    VARCHAR NOT NULL,
    patent_id  VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,    -- the rule that fired, e.g. cpc:B64C39/024 or kw:en:drone
    rule_type  VARCHAR NOT NULL,    -- cpc | ipc | keyword | applicant
    score      DOUBLE NOT NULL
);
