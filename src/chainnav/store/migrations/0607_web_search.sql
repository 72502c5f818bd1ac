-- Web platform, version 8: the search page's table. Each publication with the fields the patent lists
-- show, its filing year, and its title and abstract lower-cased into one text (joined by a newline,
-- which no search word contains), so a search word is one substring test per row instead of
-- lower-casing two columns per row per request. Rebuilt with the other summaries (chainnav.web.summary).
CREATE TABLE IF NOT EXISTS web_search (
    patent_id         VARCHAR NOT NULL,
    title             VARCHAR,
    application_date  DATE,
    publication_date  DATE,
    country           VARCHAR,
    doc_type          VARCHAR,
    legal_status      VARCHAR,
    cited_by_count    INTEGER,
    family_size       INTEGER,
    year              INTEGER,
    text              VARCHAR NOT NULL
);
