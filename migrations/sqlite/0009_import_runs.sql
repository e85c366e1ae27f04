-- Import runs (SQLite). Keep in step with ../postgres/0009_import_runs.sql.
-- One row per run of the importer, whichever process ran it. source: 'cli'
-- (portal import), 'upload' (back-office upload) or 'demo' (demo loader).
-- kind: the record kind code the run was started for (the demo mixes kinds,
-- each row naming its own; its runs say 'penalty', the default). A run is
-- written 'running' before its first row is stored and becomes 'done' (with
-- its counts) or 'failed' when it ends; a process killed mid-run leaves it
-- 'running' with finished_at NULL, which /metrics reports as unfinished.
CREATE TABLE import_runs (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    outcome      TEXT NOT NULL,
    rows         INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    corrected    INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_runs_outcome ON import_runs(source, outcome);
