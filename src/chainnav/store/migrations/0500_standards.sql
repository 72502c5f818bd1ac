-- Standards chain (标准链) and quality comparison (质量比对), version 1 (owner: standards).
-- Standards are keyed by their normalized number (GB/T 38058-2019, ISO 21384-3:2019).

CREATE TABLE IF NOT EXISTS standard (
    standard_id          VARCHAR PRIMARY KEY,   -- normalized number
    prefix               VARCHAR NOT NULL,      -- GB/T, GB, T/UAV, ISO, IEC, ISO/IEC, ...
    serial               VARCHAR NOT NULL,      -- 38058, 21384-3, 2828.1
    year                 INTEGER,               -- edition year from the number
    level                VARCHAR NOT NULL,      -- national | industry | local | group | enterprise | international | foreign | other
    origin               VARCHAR NOT NULL,      -- domestic | international | foreign
    nature               VARCHAR,               -- mandatory | recommended | guidance (GB / GB/T / GB/Z)
    title_zh             VARCHAR,
    title_en             VARCHAR,
    status               VARCHAR,               -- current | upcoming | withdrawn | draft
    status_raw           VARCHAR,
    stage                VARCHAR,               -- ISO/IEC harmonized stage code, e.g. 60.60
    publication_date     DATE,
    implementation_date  DATE,
    committee            VARCHAR,               -- 归口单位 or ISO/IEC TC/SC
    adopted              VARCHAR,               -- adopted international standard (GB/T 19001-2016/ISO 9001:2015)
    source               VARCHAR NOT NULL,      -- import format
    record_hash          VARCHAR NOT NULL,
    load_id              BIGINT NOT NULL
);

-- ICS and CCS codes of each standard (one row per code).
CREATE TABLE IF NOT EXISTS standard_class (
    standard_id  VARCHAR NOT NULL,
    scheme       VARCHAR NOT NULL,   -- ICS | CCS
    code         VARCHAR NOT NULL    -- 49.020 | V35
);

-- Drafting organisations (起草单位) in the catalogue's order.
CREATE TABLE IF NOT EXISTS standard_drafter (
    standard_id  VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    name_raw     VARCHAR NOT NULL,
    name_norm    VARCHAR NOT NULL
);

-- 代替标准: standard_id replaces replaced_id.
CREATE TABLE IF NOT EXISTS standard_replacement (
    standard_id  VARCHAR NOT NULL,
    replaced_id  VARCHAR NOT NULL
);

-- Standards on chain nodes, with the rule that linked them (rebuilt per chain by `standards link`).
CREATE TABLE IF NOT EXISTS standard_node (
    chain_id     VARCHAR NOT NULL,
    node_id      VARCHAR NOT NULL,
    standard_id  VARCHAR NOT NULL,
    rule_id      VARCHAR NOT NULL,   -- ics:49.020 | ccs:V35 | kw:zh:无人机 | name:zh:飞控
    rule_type    VARCHAR NOT NULL,   -- ics | ccs | keyword | node_name | node_keyword
    score        DOUBLE NOT NULL,
    PRIMARY KEY (chain_id, node_id, standard_id)
);

-- Drafting organisations matched to patent applicants (rebuilt by `standards link`).
CREATE TABLE IF NOT EXISTS drafter_applicant (
    name_norm       VARCHAR PRIMARY KEY,   -- drafter name, normalized
    applicant_norm  VARCHAR NOT NULL,      -- party.name_norm it matched
    entity_id       VARCHAR,
    method          VARCHAR NOT NULL,      -- entity | exact | translation | fuzzy
    score           DOUBLE NOT NULL
);

-- Indicator limits of standards (quality comparison). product '*' = every product.
CREATE TABLE IF NOT EXISTS quality_limit (
    standard_id  VARCHAR NOT NULL,
    product      VARCHAR NOT NULL,
    indicator    VARCHAR NOT NULL,
    limit_type   VARCHAR NOT NULL,   -- min | max | range
    lower        DOUBLE,
    upper        DOUBLE,
    unit         VARCHAR NOT NULL,   -- canonical unit symbol
    load_id      BIGINT NOT NULL,
    PRIMARY KEY (standard_id, product, indicator)
);

-- Product test results, one row per batch and indicator.
CREATE TABLE IF NOT EXISTS quality_test (
    product           VARCHAR NOT NULL,
    enterprise        VARCHAR NOT NULL,
    region            VARCHAR,
    batch             VARCHAR NOT NULL,
    indicator         VARCHAR NOT NULL,
    value             DOUBLE NOT NULL,
    unit              VARCHAR NOT NULL,   -- canonical unit symbol
    standard_applied  VARCHAR,            -- the standard the batch was tested against, normalized
    load_id           BIGINT NOT NULL,
    PRIMARY KEY (product, enterprise, batch, indicator)
);
