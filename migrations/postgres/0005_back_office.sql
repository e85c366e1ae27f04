-- Back-office accounts, sessions and the submission workflow (PostgreSQL).
-- Keep in step with ../sqlite/0005_back_office.sql.

-- Staff who log in at /admin. role: provider (acts for department_id only),
-- reviewer (credit office: handles submissions) or admin (users, lists, settings).
-- password_hash is an argon2id PHC string.
CREATE TABLE staff_users (
    id                    BIGSERIAL PRIMARY KEY,
    username              TEXT NOT NULL UNIQUE,
    role                  TEXT NOT NULL,
    department_id         BIGINT REFERENCES departments(id),
    password_hash         TEXT NOT NULL,
    must_change_password  BOOLEAN NOT NULL,
    disabled              BOOLEAN NOT NULL DEFAULT FALSE,
    created_at            TIMESTAMPTZ NOT NULL
);

-- Logged-in sessions. The cookie holds a random token; only its SHA-256 is
-- stored. csrf is the session's synchroniser token for every admin form.
CREATE TABLE staff_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES staff_users(id),
    csrf          TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions(user_id);

-- Failed logins, for throttling per account and per client address (shared by
-- every portal process on one database).
CREATE TABLE login_failures (
    id        BIGSERIAL PRIMARY KEY,
    username  TEXT NOT NULL,
    ip        TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

-- The workflow: who checks it, when the current step began (its deadline runs
-- from there), the decision and the official reply the submitter sees, and
-- when the current step was flagged overdue (once per step).
ALTER TABLE submissions ADD COLUMN assigned_department_id BIGINT REFERENCES departments(id);
ALTER TABLE submissions ADD COLUMN step_started_at TIMESTAMPTZ;
ALTER TABLE submissions ADD COLUMN outcome TEXT;
ALTER TABLE submissions ADD COLUMN reply TEXT;
ALTER TABLE submissions ADD COLUMN overdue_flagged_at TIMESTAMPTZ;
CREATE INDEX submissions_queue ON submissions(kind, status);
