-- 典型案例 that the credit office publishes (PostgreSQL).
-- Keep in step with ../sqlite/0016_typical_cases.sql.

-- One case: its side (trustworthy / untrustworthy, app::domain::typical_case),
-- the office's account of it, and when it was published or taken down.
CREATE TABLE typical_cases (
    id               BIGSERIAL PRIMARY KEY,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    source_document  TEXT,
    published_at     TIMESTAMPTZ NOT NULL,
    published_by     TEXT NOT NULL,
    withdrawn_at     TIMESTAMPTZ,
    withdraw_reason  TEXT
);
-- The public listing: cases not taken down, newest first.
CREATE INDEX typical_cases_listing ON typical_cases(withdrawn_at, published_at);

-- The records a case cites, in the order the office gave them.
CREATE TABLE typical_case_records (
    case_id    BIGINT NOT NULL REFERENCES typical_cases(id),
    position   BIGINT NOT NULL,
    record_id  BIGINT NOT NULL REFERENCES records(id),
    PRIMARY KEY (case_id, position)
);
