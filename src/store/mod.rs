//! One store over SQLite (the embedded default) and PostgreSQL (to scale out).
//!
//! `Db` holds the pool of whichever engine the URL names; `on_db!` expands the
//! same query body once per engine, so native types (dates, booleans) work on
//! both without generic bounds. Where the SQL must differ, a method writes both arms.

mod api_reads;
mod attachments;
mod backfill;
mod backup;
mod baseline;
mod change_log;
mod changes;
mod figures;
mod government_integrity;
mod import_runs;
mod ingest;
mod lists;
mod pledges;
mod reads;
mod reports;
mod scheduled;
mod staff;
mod staff_records;
mod statistics;
mod subjects;
mod submissions;
mod typical_cases;
mod workflow;

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use api_reads::{api_records_sql, api_walk, ApiBind, ApiRecordFilter, ApiWalk};
pub use attachments::{attachment_path, write_attachment, AttachmentRow, NewAttachment};
pub use baseline::{Baseline, BaselineFilter};
pub use change_log::{AuditFilter, AuditRow, ChainReport, LogEntry};
pub use changes::{feed_walks_log, ChangeRow, FeedScope, RecordChangeRow};
pub use figures::{public_tally_sql, StoredFigure, TallyRow};
pub use government_integrity::{
    public_statements as government_integrity_statements, EvaluationRow, IntegrityStaffRow, RemedyRow,
};
pub use import_runs::{FinishedRun, ImportCounts, ImportRunSummary, ImportRunTotals, RunGroup, RunOutcome};
pub use ingest::{IngestCache, IngestOutcome, PreparedRecord};
pub use lists::{EntryRow, ListRow, SUBJECT_BLACK_ENTRIES_SQL, SUBJECT_PENALTIES_SQL};
pub use pledges::{department_pledges_sql, PledgeRow};
pub use reads::*;
pub use reports::{NewReport, ReportRow};
pub use staff::{LoginAttempt, Reservation, SessionRow, StaffRow};
pub use staff_records::{RecordEvent, StaffRecord, StaffRecordFilter, StaffRecordRow, VersionRow};
pub use statistics::{department_integrity_records_sql, departments_own_records_sql, DecidedRow, OwnRecords};
pub use submissions::{NewSubmission, Received, SubmissionEvent, SubmissionRow};
pub use typical_cases::{CaseRow, MAX_LISTED_CASES};
pub use workflow::{Decided, QueueFilter};

/// Expands `$body` once for each engine with `$pool` bound to that engine's pool.
macro_rules! on_db {
    ($db:expr, $pool:ident, $engine:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $engine = sqlx::Sqlite;
                $body
            }
            $crate::store::Db::Postgres($pool) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $engine = sqlx::Postgres;
                $body
            }
        }
    };
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// The same for an open transaction: `$conn` is a `&mut` connection of the engine,
/// and the optional `$db` names the engine's type (for `QueryBuilder::<$db>`).
macro_rules! on_tx {
    ($tx:expr, $conn:ident, $db:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t, _) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $db = sqlx::Sqlite;
                let $conn = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t, _) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $db = sqlx::Postgres;
                let $conn = &mut **t;
                $body
            }
        }
    };
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t, _) => {
                let $conn = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t, _) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction, with the store's change counter it bumps on commit.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>, ChangeCounter),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>, ChangeCounter),
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        let changes = match self {
            Tx::Sqlite(t, changes) => {
                t.commit().await?;
                changes
            }
            Tx::Postgres(t, changes) => {
                t.commit().await?;
                changes
            }
        };
        changes.bump();
        Ok(())
    }
}

/// How many times this process has changed the database, as far as it knows
/// (every committed transaction, every form post, every change the search
/// follower saw arrive from elsewhere): what the public page cache compares
/// to know a remembered page may be out of date (`http::page_cache`). Shared
/// by every clone of a [`Store`].
#[derive(Clone, Debug, Default)]
pub struct ChangeCounter(Arc<AtomicU64>);

impl ChangeCounter {
    pub fn bump(&self) {
        self.0.fetch_add(1, Ordering::Release);
    }

    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    #[error("{0}")]
    Refused(String),
}

impl StoreError {
    /// The database could not be reached just now (stopped, restarting, every
    /// connection busy): a passing condition the caller should retry, answered
    /// with 503 rather than 500.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(e) => database_unavailable(e),
            _ => false,
        }
    }
}

/// Which driver errors mean "the database is not there right now" rather than
/// "this statement is wrong".
fn database_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
        _ => false,
    }
}

/// PostgreSQL SQLSTATEs of a connection lost or refused (class 08), a server
/// shutting down or starting (57P01–57P03) or out of connections (53300); and
/// SQLite's busy/locked result codes, which a later attempt gets past.
fn unavailable_code(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300" | "5" | "6" | "261" | "517")
}

/// The database behind the portal.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
    changes: ChangeCounter,
}

impl Store {
    /// Opens (and for SQLite creates) the database the URL names, then applies
    /// every pending migration of that dialect.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let db = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                // While the server is down a request waits this long, then gets 503.
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                // 16 MiB of page cache per connection (8 in the pool): 64 MiB
                // each let a bulk load and bench hold up to 512 MiB of cache
                // with no faster load (docs/PERFORMANCE.md, "SQLite page cache").
                .pragma("cache_size", "-16384");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Db::Sqlite(pool)
        };
        let store = Store {
            db,
            changes: ChangeCounter::default(),
        };
        // Columns a migration added but SQL cannot compute (the rule is Rust).
        store.backfill_records_before_0013().await?;
        Ok(store)
    }

    /// The SQLite URL for a data directory: `<dir>/portal.db`.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("portal.db").display())
    }

    /// After a bulk load (`portal demo`, `portal import`): PostgreSQL plans
    /// from statistics that autovacuum refreshes only later, and until then
    /// it chose plans of a tiny table for a million records (home 2.5 s, a
    /// department's feed 4.9 s, the API past the time budget; 20–170 ms after
    /// ANALYZE, which takes 2.4 s there). SQLite's plans that matter are named
    /// (`INDEXED BY`), and the portal runs no ANALYZE on it: the plan tests
    /// check them with and without statistics.
    pub async fn refresh_planner_statistics(&self) -> Result<(), StoreError> {
        if let Db::Postgres(p) = &self.db {
            sqlx::query("ANALYZE records, subjects, change_log").execute(p).await?;
        }
        Ok(())
    }

    pub fn engine(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub(crate) async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.db {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?, self.changes.clone()),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?, self.changes.clone()),
        })
    }

    /// This process's count of changes to the database ([`ChangeCounter`]).
    pub fn changes(&self) -> &ChangeCounter {
        &self.changes
    }

    pub async fn close(&self) {
        on_db!(&self.db, p => p.close().await)
    }
}

#[cfg(test)]
mod unavailable_tests {
    use super::*;

    #[test]
    fn a_database_that_is_not_there_is_unavailable_not_broken() {
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(StoreError::Database(sqlx::Error::Io(std::io::ErrorKind::ConnectionRefused.into())).is_unavailable());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_unavailable());
        assert!(!StoreError::Inconsistent("x".into()).is_unavailable());
        assert!(!StoreError::Refused("x".into()).is_unavailable());
    }

    #[test]
    fn connection_and_shutdown_codes_are_passing_conditions() {
        for code in ["08006", "08001", "57P01", "57P03", "53300", "5", "517"] {
            assert!(unavailable_code(code), "{code}");
        }
        // A constraint violation or a syntax error is the statement's fault.
        for code in ["23505", "42601", "19", "1"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }
}
