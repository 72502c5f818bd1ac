-- Manual entity decisions (chainnav entities merge|split). They are kept by name and publication
-- number, not by entity id, so they survive re-imports and every later `entities resolve`.
CREATE SEQUENCE IF NOT EXISTS entity_override_seq START 1;

CREATE TABLE IF NOT EXISTS entity_override (
    override_id  BIGINT PRIMARY KEY DEFAULT nextval('entity_override_seq'),
    kind         VARCHAR NOT NULL,   -- applicant | inventor
    action       VARCHAR NOT NULL,   -- merge: a and b are one entity | detach: a takes no automatic match
    name_a       VARCHAR NOT NULL,   -- party name (name_norm, else name_raw)
    patent_a     VARCHAR,            -- inventors: the publication that identifies one occurrence of name_a
    name_b       VARCHAR,
    patent_b     VARCHAR,
    note         VARCHAR,
    created_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
