-- Web platform, version 5: party lookups the applicant, inventor, region and search pages read instead
-- of scanning party per request. Rebuilt with the other summaries (chainnav.web.summary).

-- Applicants and inventors with their player key precomputed, ordered by key so that one
-- applicant's rows are a few row groups (min/max pruning) rather than a scan of party.
CREATE TABLE IF NOT EXISTS web_party (
    kind         VARCHAR NOT NULL,  -- holder | inventor
    key          VARCHAR NOT NULL,  -- coalesce(entity_id, name_norm, upper(name_raw))
    name_upper   VARCHAR NOT NULL,  -- upper(name_raw), for look-ups by the name as written
    patent_id    VARCHAR NOT NULL,
    name_raw     VARCHAR NOT NULL,
    country      VARCHAR,
    region       VARCHAR,
    entity_type  VARCHAR
);

-- Each publication's holders' names ("; "-joined in filing order), as the patent lists show them.
CREATE TABLE IF NOT EXISTS web_patent_holders (
    patent_id   VARCHAR NOT NULL,
    applicants  VARCHAR
);
