-- Web platform, version 11: the region page's filings per year and node mix per place (a country, or a
-- region when it has a '-') and chain (chain_id '' = the whole store), so the page does not group
-- the place's patents per request. Rebuilt with the other summaries (chainnav.web.summary).
CREATE TABLE IF NOT EXISTS web_origin_year (
    chain_id  VARCHAR NOT NULL,
    place     VARCHAR NOT NULL,
    year      INTEGER NOT NULL,
    patents   BIGINT NOT NULL
);

-- The place's patents per chain node (direct assignments; node_chain is the node's chain), top 20.
CREATE TABLE IF NOT EXISTS web_origin_node (
    chain_id    VARCHAR NOT NULL,
    place       VARCHAR NOT NULL,
    node_chain  VARCHAR NOT NULL,
    node_id     VARCHAR NOT NULL,
    name_zh     VARCHAR,
    name_en     VARCHAR,
    patents     BIGINT NOT NULL,
    rank        BIGINT NOT NULL
);
