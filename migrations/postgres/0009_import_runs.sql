-- Import runs (PostgreSQL). Keep in step with ../sqlite/0009_import_runs.sql.
-- One row per run of the importer, whichever process ran it. source: 'cli'
-- (portal import), 'upload' (back-office upload) or 'demo' (demo loader).
-- kind: the record kind code the run was started for (the demo mixes kinds,
-- each row naming its own; its runs say 'penalty', the default). A run is
-- written 'running' before its first row is stored and becomes 'done' (with
-- its counts) or 'failed' when it ends; a process killed mid-run leaves it
-- 'running' with finished_at NULL, which /metrics reports as unfinished.
CREATE TABLE import_runs (
    id           BIGSERIAL PRIMARY KEY,
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    outcome      TEXT NOT NULL,
    rows         BIGINT NOT NULL DEFAULT 0,
    created      BIGINT NOT NULL DEFAULT 0,
    corrected    BIGINT NOT NULL DEFAULT 0,
    unchanged    BIGINT NOT NULL DEFAULT 0,
    rejected     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX import_runs_outcome ON import_runs(source, outcome);
