-- Figures precomputed for the public pages (issue 14): what a request would
-- otherwise count over every record (records per kind, department and list;
-- the statistics snapshot). One row per figure, its body JSON, stamped with
-- the day and the change-log position it reflects, so a restarted server (or
-- another node) serves it at once. Keep in step with ../sqlite/0019_public_figures.sql.
-- Read and refreshed by src/http/figures.rs.
CREATE TABLE public_figures (
    name         TEXT PRIMARY KEY,
    as_of        DATE NOT NULL,
    log_seq      BIGINT NOT NULL,
    computed_at  TIMESTAMPTZ NOT NULL,
    body         TEXT NOT NULL
);
