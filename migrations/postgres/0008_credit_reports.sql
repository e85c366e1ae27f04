-- Credit reports (PostgreSQL). Keep in step with ../sqlite/0008_credit_reports.sql.
-- What a report said is kept as issued (content, JSON) with its SHA-256, so
-- /verify shows exactly that; the verification code is stored salted and hashed.
CREATE TABLE credit_reports (
    id             BIGSERIAL PRIMARY KEY,
    report_number  TEXT NOT NULL UNIQUE,
    subject_id     BIGINT NOT NULL REFERENCES subjects(id),
    issued_at      TIMESTAMPTZ NOT NULL,
    code_salt      TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    content        TEXT NOT NULL,
    content_hash   TEXT NOT NULL
);
CREATE INDEX credit_reports_subject ON credit_reports(subject_id);
