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

/// How a run ended, as kept with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedRun {
    pub counts: ImportCounts,
    pub outcome: RunOutcome,
    pub file_name: String,
    /// The import report as JSON.
    pub report: String,
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

    /// Records how run `id` ended, with its counts and report.
    pub async fn finish_import_run(&self, id: i64, run: &FinishedRun, now: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = "UPDATE import_runs SET finished_at = $1, outcome = $2, rows = $3, created = $4, \
                   corrected = $5, unchanged = $6, rejected = $7, file_name = $8, report = $9 WHERE id = $10";
        let counts = &run.counts;
        on_db!(&self.db, p => {
            sqlx::query(sql)
                .bind(now)
                .bind(run.outcome.code())
                .bind(counts.rows)
                .bind(counts.created)
                .bind(counts.corrected)
                .bind(counts.unchanged)
                .bind(counts.rejected)
                .bind(&run.file_name)
                .bind(&run.report)
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

    /// The latest runs, newest first (the back-office's import list).
    pub async fn recent_import_runs(&self, limit: i64) -> Result<Vec<ImportRunSummary>, StoreError> {
        let sql = "SELECT id, source, kind, actor, started_at, finished_at, outcome, file_name, rows, created, \
                   corrected, unchanged, rejected FROM import_runs ORDER BY id DESC LIMIT $1";
        Ok(on_db!(&self.db, p => sqlx::query_as(sql).bind(limit).fetch_all(p).await?))
    }

    /// One run and its report (JSON), if it has one.
    pub async fn import_run(&self, id: i64) -> Result<Option<(ImportRunSummary, Option<String>)>, StoreError> {
        let sql = "SELECT id, source, kind, actor, started_at, finished_at, outcome, file_name, rows, created, \
                   corrected, unchanged, rejected FROM import_runs WHERE id = $1";
        let run: Option<ImportRunSummary> =
            on_db!(&self.db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await?);
        let Some(run) = run else { return Ok(None) };
        let (report,): (Option<String>,) = on_db!(&self.db, p => {
            sqlx::query_as("SELECT report FROM import_runs WHERE id = $1").bind(id).fetch_one(p).await?
        });
        Ok(Some((run, report)))
    }
}

/// A run as the back-office lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ImportRunSummary {
    pub id: i64,
    pub source: String,
    pub kind: String,
    pub actor: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub outcome: String,
    pub file_name: String,
    pub rows: i64,
    pub created: i64,
    pub corrected: i64,
    pub unchanged: i64,
    pub rejected: i64,
}
