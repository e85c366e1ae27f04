//! Import runs: one row per run of the importer, written by whichever process
//! imports (the CLI, the back-office upload, the demo loader), so `/metrics`
//! counts the imports of every process sharing the database. A run is
//! `running` from before its first row is stored until it ends `done` or
//! `failed`; a process killed mid-run leaves it `running`, with no end time.

use chrono::{DateTime, Utc};

use super::{on_db, Store, StoreError};

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    Done,
    Failed,
}

impl RunOutcome {
    pub fn code(self) -> &'static str {
        match self {
            RunOutcome::Done => "done",
            RunOutcome::Failed => "failed",
        }
    }
}

/// What a run did with its rows (a failed run: up to the failure).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub rows: i64,
    pub created: i64,
    pub corrected: i64,
    pub unchanged: i64,
    pub rejected: i64,
}

/// Runs of one source with one outcome (`running`, `done` or `failed`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunGroup {
    pub source: String,
    pub outcome: String,
    pub runs: i64,
}

/// Every run in the database, summed for `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportRunTotals {
    /// Runs by source and outcome, ordered by source then outcome.
    pub groups: Vec<RunGroup>,
    /// Row counts summed over every run.
    pub rows: ImportCounts,
    /// Runs with no end time: still running, or their process died.
    pub unfinished: i64,
}

impl Store {
    /// Records that a run of `source` for `kind` by `actor` starts now; returns its id.
    pub async fn start_import_run(
        &self,
        source: &str,
        kind: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO import_runs (source, kind, actor, started_at, outcome) \
                   VALUES ($1, $2, $3, $4, 'running') RETURNING id";
        let (id,): (i64,) = on_db!(&self.db, p => {
            sqlx::query_as(sql).bind(source).bind(kind).bind(actor).bind(now).fetch_one(p).await?
        });
        Ok(id)
    }

    /// Records how run `id` ended, with its counts.
    pub async fn finish_import_run(
        &self,
        id: i64,
        counts: &ImportCounts,
        outcome: RunOutcome,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE import_runs SET finished_at = $1, outcome = $2, rows = $3, created = $4, \
                   corrected = $5, unchanged = $6, rejected = $7 WHERE id = $8";
        on_db!(&self.db, p => {
            sqlx::query(sql)
                .bind(now)
                .bind(outcome.code())
                .bind(counts.rows)
                .bind(counts.created)
                .bind(counts.corrected)
                .bind(counts.unchanged)
                .bind(counts.rejected)
                .bind(id)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    /// Runs by source and outcome, rows by what became of them, unfinished runs.
    pub async fn import_run_totals(&self) -> Result<ImportRunTotals, StoreError> {
        // SUM of a BIGINT is NUMERIC on PostgreSQL, hence the casts.
        let sql = "SELECT source, outcome, COUNT(*), \
                   CAST(SUM(CASE WHEN finished_at IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
                   CAST(SUM(rows) AS BIGINT), CAST(SUM(created) AS BIGINT), CAST(SUM(corrected) AS BIGINT), \
                   CAST(SUM(unchanged) AS BIGINT), CAST(SUM(rejected) AS BIGINT) \
                   FROM import_runs GROUP BY source, outcome ORDER BY source, outcome";
        type Row = (String, String, i64, i64, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = on_db!(&self.db, p => sqlx::query_as(sql).fetch_all(p).await?);
        let mut totals = ImportRunTotals::default();
        for (source, outcome, runs, unfinished, n, created, corrected, unchanged, rejected) in rows {
            totals.groups.push(RunGroup { source, outcome, runs });
            totals.unfinished += unfinished;
            totals.rows.rows += n;
            totals.rows.created += created;
            totals.rows.corrected += corrected;
            totals.rows.unchanged += unchanged;
            totals.rows.rejected += rejected;
        }
        Ok(totals)
    }
}
