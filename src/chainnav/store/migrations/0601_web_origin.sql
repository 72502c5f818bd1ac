-- Web platform, version 2: a per-patent origin summary the public pages read instead of recomputing
-- it per request (first holder's address, else technology origin, else filing office; the same rule
-- as chainnav.analytics AnalysisContext.patent_origin). Rebuilt when the store's stamp changes.
CREATE TABLE IF NOT EXISTS web_patent_origin (
    patent_id       VARCHAR PRIMARY KEY,
    origin_country  VARCHAR,
    origin_region   VARCHAR,
    basis           VARCHAR
);

-- What each derived web table was built from: a stamp of the store (patents, last load, parties).
CREATE TABLE IF NOT EXISTS web_index_state (
    name      VARCHAR PRIMARY KEY,
    stamp     VARCHAR NOT NULL,
    built_at  TIMESTAMP NOT NULL,
    seconds   DOUBLE
);
