-- Web platform, version 6: look-up copies the patent and party pages read by id instead of scanning
-- the store's tables (classification, party and citation are in load order, so a look-up by patent
-- scans them whole). Each is ordered by its look-up key, so DuckDB's row-group min/max statistics
-- narrow a look-up to one or two row groups. Rebuilt with the other summaries (chainnav.web.summary).

-- A patent's parties with their player key, ordered by patent_id.
CREATE TABLE IF NOT EXISTS web_patent_party (
    patent_id    VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    seq          INTEGER NOT NULL,
    name_raw     VARCHAR NOT NULL,
    key          VARCHAR NOT NULL,
    country      VARCHAR,
    region       VARCHAR,
    city         VARCHAR,
    entity_type  VARCHAR
);

-- A patent's classification codes, ordered by patent_id.
CREATE TABLE IF NOT EXISTS web_patent_code (
    patent_id  VARCHAR NOT NULL,
    scheme     VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,
    position   VARCHAR,
    seq        INTEGER
);

-- A patent's chain nodes with the node's names and the rule that placed it, ordered by patent_id.
CREATE TABLE IF NOT EXISTS web_patent_node (
    patent_id  VARCHAR NOT NULL,
    chain_id   VARCHAR NOT NULL,
    node_id    VARCHAR NOT NULL,
    name_zh    VARCHAR,
    name_en    VARCHAR,
    segment    VARCHAR,
    rule_type  VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,
    score      DOUBLE NOT NULL
);

-- Citations ordered by the citing patent (what a patent cites) and by the cited one (who cites it).
CREATE TABLE IF NOT EXISTS web_citation_out (
    citing_id  VARCHAR NOT NULL,
    cited_id   VARCHAR NOT NULL,
    category   VARCHAR
);
CREATE TABLE IF NOT EXISTS web_citation_in (
    cited_id   VARCHAR NOT NULL,
    citing_id  VARCHAR NOT NULL,
    category   VARCHAR
);

-- Each (kind, upper-cased raw name, key) once, ordered by the name: the applicant and inventor pages
-- resolve ?name= given as written to the keys whose web_party rows they then read.
CREATE TABLE IF NOT EXISTS web_party_name (
    kind        VARCHAR NOT NULL,
    name_upper  VARCHAR NOT NULL,
    key         VARCHAR NOT NULL
);

-- How many patents each rule placed in a node (the node page's "rules" table), per (chain, node).
CREATE TABLE IF NOT EXISTS web_node_rule (
    chain_id   VARCHAR NOT NULL,
    node_id    VARCHAR NOT NULL,
    rule_type  VARCHAR NOT NULL,
    rule_id    VARCHAR NOT NULL,
    patents    BIGINT NOT NULL
);
