-- Web platform, version 9: region page summaries. A region page lists the applicants and inventors of
-- the patents whose origin is in a country or ISO 3166-2 region (optionally within one chain); these
-- tables hold those lists per place so the page reads ten ranked rows instead of joining every party
-- row with the region's patents. Rebuilt with the other summaries (chainnav.web.summary).

-- Players of the patents originating in ``place`` (a country, or a region when it has a '-'), for
-- the whole store (chain_id '') and per chain, with their patents, whether any of their rows is
-- located in the place, and their rank by patents, then key.
CREATE TABLE IF NOT EXISTS web_origin_player (
    chain_id  VARCHAR NOT NULL,
    place     VARCHAR NOT NULL,
    kind      VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    name      VARCHAR,
    country   VARCHAR,
    patents   BIGINT NOT NULL,
    "local"   BOOLEAN NOT NULL,
    rank      BIGINT NOT NULL
);

-- Patents per holder sub-region among the patents originating in a country (chain_id '' = all).
CREATE TABLE IF NOT EXISTS web_origin_subregion (
    chain_id  VARCHAR NOT NULL,
    place     VARCHAR NOT NULL,
    region    VARCHAR NOT NULL,
    patents   BIGINT NOT NULL
);
