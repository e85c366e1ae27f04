-- Foundation schema (PostgreSQL). Keep in step with ../sqlite/0001_foundation.sql.

CREATE TABLE departments (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL UNIQUE
);

CREATE TABLE subjects (
    id            BIGSERIAL PRIMARY KEY,
    identity_key  TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    uscc          TEXT,
    id_number     TEXT,
    id_masked     TEXT,
    merged_into   BIGINT REFERENCES subjects(id),
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX subjects_name ON subjects(name);

CREATE TABLE records (
    id               BIGSERIAL PRIMARY KEY,
    kind             TEXT NOT NULL,
    record_key       TEXT NOT NULL UNIQUE,
    subject_id       BIGINT NOT NULL REFERENCES subjects(id),
    authority_id     BIGINT NOT NULL REFERENCES departments(id),
    source_id        BIGINT NOT NULL REFERENCES departments(id),
    doc_no           TEXT NOT NULL,
    title            TEXT NOT NULL,
    category         TEXT,
    decision_date    DATE NOT NULL,
    start_date       DATE NOT NULL,
    end_date         DATE,
    fine_fen         BIGINT,
    confiscated_fen  BIGINT,
    list_name        TEXT,
    pledge_status    TEXT,
    sensitive        BOOLEAN NOT NULL,
    simple_procedure BOOLEAN NOT NULL,
    state            TEXT NOT NULL,
    state_reason     TEXT,
    public_columns   TEXT NOT NULL,
    private_columns  TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    version          BIGINT NOT NULL,
    published_at     TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX records_subject ON records(subject_id, kind);
CREATE INDEX records_kind_date ON records(kind, decision_date DESC, id DESC);
CREATE INDEX records_authority_date ON records(authority_id, decision_date DESC, id DESC);
CREATE INDEX records_list ON records(kind, list_name);
-- Covers the visibility filter, so counts and list pages never read whole rows.
CREATE INDEX records_visibility ON records(kind, authority_id, list_name, state, sensitive, simple_procedure, start_date, end_date);
CREATE INDEX records_published ON records(published_at DESC, id DESC);

CREATE TABLE change_log (
    seq          BIGINT PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL,
    actor        TEXT NOT NULL,
    op           TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    BIGINT NOT NULL,
    kind         TEXT,
    reason       TEXT,
    content_hash TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

CREATE TABLE log_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO log_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE record_versions (
    record_id       BIGINT NOT NULL REFERENCES records(id),
    version         BIGINT NOT NULL,
    public_columns  TEXT NOT NULL,
    private_columns TEXT NOT NULL,
    content_hash    TEXT NOT NULL,
    replaced_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (record_id, version)
);
