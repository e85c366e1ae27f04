-- Public submissions (SQLite). Keep in step with ../postgres/0002_submissions.sql.

-- Server-wide settings, e.g. the secret that derives query codes ('server_secret', hex).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Complaints (and later objections, repair applications, pledges). The
-- complainant's contact is never shown publicly; only the submitter sees it, masked.
-- The query code is stored only as sha256(code_salt ␟ code).
CREATE TABLE submissions (
    id               INTEGER PRIMARY KEY,
    tracking_number  TEXT NOT NULL UNIQUE,
    day_key          TEXT NOT NULL,
    day_seq          INTEGER NOT NULL,
    idempotency_key  TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL,
    code_salt        TEXT NOT NULL,
    code_hash        TEXT NOT NULL,
    target_kind      TEXT NOT NULL,
    target_name      TEXT NOT NULL,
    target_uscc      TEXT,
    category         TEXT NOT NULL,
    description      TEXT NOT NULL,
    anonymous        INTEGER NOT NULL,
    contact_name     TEXT,
    contact_phone    TEXT,
    contact_email    TEXT,
    received_at      TEXT NOT NULL,
    UNIQUE (day_key, day_seq)
);

-- What happened to a submission, in order (received, accepted, …).
CREATE TABLE submission_events (
    id             INTEGER PRIMARY KEY,
    submission_id  INTEGER NOT NULL REFERENCES submissions(id),
    at             TEXT NOT NULL,
    event          TEXT NOT NULL,
    note           TEXT
);
CREATE INDEX submission_events_submission ON submission_events(submission_id, at);
