-- Red and black lists and the black-list procedure (PostgreSQL).
-- Keep in step with ../sqlite/0007_lists.sql.

-- Each list as an admin configures it. Entries link to it by (kind, list_name),
-- as imported records always have; a list met first in an import gets a row
-- with the defaults of app::domain::list_lifecycle::ListConfig::defaults_for.
CREATE TABLE lists (
    id                           BIGSERIAL PRIMARY KEY,
    name                         TEXT NOT NULL,
    kind                         TEXT NOT NULL,
    authority_id                 BIGINT REFERENCES departments(id),
    term_years                   BIGINT NOT NULL,
    defence_working_days         BIGINT NOT NULL,
    removal_window_working_days  BIGINT NOT NULL,
    created_at                   TIMESTAMPTZ NOT NULL,
    updated_at                   TIMESTAMPTZ NOT NULL,
    UNIQUE (kind, name)
);

-- The date the notice (告知) of a proposed black-list entry was issued; the
-- defence period runs in working days from it.
ALTER TABLE records ADD COLUMN notice_date DATE;

-- The tick looks for published records whose window or term has ended.
CREATE INDEX records_expiry ON records(state, end_date);
-- ... and for open submissions not yet flagged overdue.
CREATE INDEX submissions_overdue ON submissions(status, overdue_flagged_at);
