-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql.

-- Departments: issuing authorities and data-providing units, identified by USCC.
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL UNIQUE
);

-- Subjects (行政相对人). identity_key is 'USCC:<code>', 'ID:<id number>' or
-- 'NAME:<kind>:<name>' when a file gives no code; id_number is never shown.
CREATE TABLE subjects (
    id            INTEGER PRIMARY KEY,
    identity_key  TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    uscc          TEXT,
    id_number     TEXT,
    id_masked     TEXT,
    merged_into   INTEGER REFERENCES subjects(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX subjects_name ON subjects(name);

-- Records of every kind. The national columns are kept faithfully in
-- public_columns (JSON array of [name, value], personal IDs masked) and
-- private_columns (JSON object of the full personal ID values, back-office only).
CREATE TABLE records (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    record_key       TEXT NOT NULL UNIQUE,
    subject_id       INTEGER NOT NULL REFERENCES subjects(id),
    authority_id     INTEGER NOT NULL REFERENCES departments(id),
    source_id        INTEGER NOT NULL REFERENCES departments(id),
    doc_no           TEXT NOT NULL,
    title            TEXT NOT NULL,
    category         TEXT,
    decision_date    TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT,
    fine_fen         INTEGER,
    confiscated_fen  INTEGER,
    list_name        TEXT,
    pledge_status    TEXT,
    sensitive        INTEGER NOT NULL,
    simple_procedure INTEGER NOT NULL,
    state            TEXT NOT NULL,
    state_reason     TEXT,
    public_columns   TEXT NOT NULL,
    private_columns  TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    version          INTEGER NOT NULL,
    published_at     TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX records_subject ON records(subject_id, kind);
CREATE INDEX records_kind_date ON records(kind, decision_date DESC, id DESC);
CREATE INDEX records_authority_date ON records(authority_id, decision_date DESC, id DESC);
CREATE INDEX records_list ON records(kind, list_name);
-- Covers the visibility filter, so counts and list pages never read whole rows.
CREATE INDEX records_visibility ON records(kind, authority_id, list_name, state, sensitive, simple_procedure, start_date, end_date);
CREATE INDEX records_published ON records(published_at DESC, id DESC);

-- The append-only, hash-chained change log. Every write adds a row here in
-- the same transaction; log_head serialises writers and holds the chain tip.
CREATE TABLE change_log (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    op           TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    INTEGER NOT NULL,
    kind         TEXT,
    reason       TEXT,
    content_hash TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

CREATE TABLE log_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO log_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Earlier versions of corrected records (a correction keeps old and new).
CREATE TABLE record_versions (
    record_id       INTEGER NOT NULL REFERENCES records(id),
    version         INTEGER NOT NULL,
    public_columns  TEXT NOT NULL,
    private_columns TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    replaced_at     TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);
