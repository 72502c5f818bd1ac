-- Web platform, version 3: per-chain and per-node summaries the chain, node and applicant pages read
-- instead of aggregating the store per request. Rebuilt in one transaction (chainnav.web.summary)
-- whenever the store's stamp (patents, loads, parties, classifications) changes. node_id '' stands for
-- the whole chain (the distinct union of its nodes' patents).

-- One row per (chain, node, patent) with what the node page sorts and filters its lists by.
CREATE TABLE IF NOT EXISTS web_member (
    chain_id          VARCHAR NOT NULL,
    node_id           VARCHAR NOT NULL,
    patent_id         VARCHAR NOT NULL,
    application_date  DATE,
    cited_by_count    INTEGER,
    family_size       INTEGER,
    is_grant          BOOLEAN,
    legal_status      VARCHAR,
    origin_country    VARCHAR,
    origin_region     VARCHAR
);

-- Patents per (chain, node, filing year, origin): trends, countries and local counts are sums of it.
CREATE TABLE IF NOT EXISTS web_node_stat (
    chain_id        VARCHAR NOT NULL,
    node_id         VARCHAR NOT NULL,
    year            INTEGER,
    origin_country  VARCHAR,
    origin_region   VARCHAR,
    patents         BIGINT NOT NULL
);

-- Distinct counts per (chain, node), which cannot be summed from web_node_stat.
CREATE TABLE IF NOT EXISTS web_node_total (
    chain_id    VARCHAR NOT NULL,
    node_id     VARCHAR NOT NULL,
    patents     BIGINT NOT NULL,
    families    BIGINT NOT NULL,
    granted     BIGINT NOT NULL,
    first_year  INTEGER,
    last_year   INTEGER,
    applicants  BIGINT NOT NULL,
    PRIMARY KEY (chain_id, node_id)
);

-- Applicants (kind 'holder') and inventors (kind 'inventor') per (chain, node) with their patents.
CREATE TABLE IF NOT EXISTS web_node_player (
    chain_id  VARCHAR NOT NULL,
    node_id   VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    name      VARCHAR,
    country   VARCHAR,
    patents   BIGINT NOT NULL
);

-- The places a player's party rows name within a node, for the "local" flag of any region.
CREATE TABLE IF NOT EXISTS web_node_player_place (
    chain_id  VARCHAR NOT NULL,
    node_id   VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    country   VARCHAR,
    region    VARCHAR
);

-- Patents per holder sub-region (ISO 3166-2) within a node.
CREATE TABLE IF NOT EXISTS web_node_subregion (
    chain_id  VARCHAR NOT NULL,
    node_id   VARCHAR NOT NULL,
    region    VARCHAR NOT NULL,
    patents   BIGINT NOT NULL
);
