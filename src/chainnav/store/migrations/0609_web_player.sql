-- Web platform, version 10: per-player summaries for the applicant and inventor pages (the whole store,
-- no chain filter): filings per year, the nodes and the co-applicants/co-inventors, each ranked, so a
-- page of a player with a hundred thousand patents reads a few rows. Rebuilt with the other summaries
-- (chainnav.web.summary). kind is 'holder' (applicants and assignees) or 'inventor'.
CREATE TABLE IF NOT EXISTS web_player_year (
    kind     VARCHAR NOT NULL,
    key      VARCHAR NOT NULL,
    year     INTEGER NOT NULL,
    patents  BIGINT NOT NULL
);

-- The player's patents per chain node (direct assignments), top 20 by patents, then node id.
CREATE TABLE IF NOT EXISTS web_player_node (
    kind      VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    chain_id  VARCHAR NOT NULL,
    node_id   VARCHAR NOT NULL,
    name_zh   VARCHAR,
    name_en   VARCHAR,
    patents   BIGINT NOT NULL,
    rank      BIGINT NOT NULL
);

-- The players of the same kind on the player's patents, top 10 by shared patents, then key.
CREATE TABLE IF NOT EXISTS web_player_partner (
    kind      VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    partner   VARCHAR NOT NULL,
    name      VARCHAR,
    patents   BIGINT NOT NULL,
    rank      BIGINT NOT NULL
);
