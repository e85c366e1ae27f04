-- Files attached to public submissions (PostgreSQL).
-- Keep in step with ../sqlite/0004_attachments.sql.
-- The bytes live outside the database and outside any served folder, at
-- <data>/attachments/<first 2 hex of sha256>/<sha256>: identical content is
-- stored once. original_name is what the submitter's browser sent; it is shown
-- (escaped) to the submitter and never used as a path.
CREATE TABLE attachments (
    id             BIGSERIAL PRIMARY KEY,
    submission_id  BIGINT NOT NULL REFERENCES submissions(id),
    sha256         TEXT NOT NULL,
    size           BIGINT NOT NULL,
    content_type   TEXT NOT NULL,
    original_name  TEXT NOT NULL
);
CREATE INDEX attachments_submission ON attachments(submission_id);
CREATE INDEX attachments_sha256 ON attachments(sha256);
