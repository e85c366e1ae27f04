-- Credit reports (SQLite). Keep in step with ../postgres/0008_credit_reports.sql.
-- What a report said is kept as issued (content, JSON) with its SHA-256, so
-- /verify shows exactly that; the verification code is stored salted and hashed.
CREATE TABLE credit_reports (
    id             INTEGER PRIMARY KEY,
    report_number  TEXT NOT NULL UNIQUE,
    subject_id     INTEGER NOT NULL REFERENCES subjects(id),
    issued_at      TEXT NOT NULL,
    code_salt      TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    content        TEXT NOT NULL,
    content_hash   TEXT NOT NULL
);
CREATE INDEX credit_reports_subject ON credit_reports(subject_id);
