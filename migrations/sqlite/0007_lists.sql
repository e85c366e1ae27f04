-- Red and black lists and the black-list procedure (SQLite).
-- Keep in step with ../postgres/0007_lists.sql.

-- Each list as an admin configures it. Entries link to it by (kind, list_name),
-- as imported records always have; a list met first in an import gets a row
-- with the defaults of app::domain::list_lifecycle::ListConfig::defaults_for.
CREATE TABLE lists (
    id                           INTEGER PRIMARY KEY,
    name                         TEXT NOT NULL,
    kind                         TEXT NOT NULL,
    authority_id                 INTEGER REFERENCES departments(id),
    term_years                   INTEGER NOT NULL,
    defence_working_days         INTEGER NOT NULL,
    removal_window_working_days  INTEGER NOT NULL,
    created_at                   TEXT NOT NULL,
    updated_at                   TEXT NOT NULL,
    UNIQUE (kind, name)
);

-- The date the notice (告知) of a proposed black-list entry was issued; the
-- defence period runs in working days from it.
ALTER TABLE records ADD COLUMN notice_date TEXT;

-- The tick looks for published records whose window or term has ended.
CREATE INDEX records_expiry ON records(state, end_date);
-- ... and for open submissions not yet flagged overdue.
CREATE INDEX submissions_overdue ON submissions(status, overdue_flagged_at);
