-- Public submissions (PostgreSQL). Keep in step with ../sqlite/0002_submissions.sql.

-- Server-wide settings, e.g. the secret that derives query codes ('server_secret', hex).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Complaints (and later objections, repair applications, pledges). The
-- complainant's contact is never shown publicly; only the submitter sees it, masked.
-- The query code is stored only as sha256(code_salt ␟ code).
CREATE TABLE submissions (
    id               BIGSERIAL PRIMARY KEY,
    tracking_number  TEXT NOT NULL UNIQUE,
    day_key          TEXT NOT NULL,
    day_seq          BIGINT NOT NULL,
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
    anonymous        BOOLEAN NOT NULL,
    contact_name     TEXT,
    contact_phone    TEXT,
    contact_email    TEXT,
    received_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (day_key, day_seq)
);

-- What happened to a submission, in order (received, accepted, …).
CREATE TABLE submission_events (
    id             BIGSERIAL PRIMARY KEY,
    submission_id  BIGINT NOT NULL REFERENCES submissions(id),
    at             TIMESTAMPTZ NOT NULL,
    event          TEXT NOT NULL,
    note           TEXT
);
CREATE INDEX submission_events_submission ON submission_events(submission_id, at);
