//! One store over SQLite (the embedded default) and PostgreSQL (to scale out).
//!
//! `Db` holds the pool of whichever engine the URL names; `on_db!` expands the
//! same query body once per engine, so native types (dates, booleans) work on
//! both without generic bounds. Where the SQL must differ, a method writes both arms.

mod api_reads;
mod attachments;
mod backup;
mod baseline;
mod change_log;
mod changes;
mod import_runs;
mod ingest;
mod lists;
mod reads;
mod reports;
mod scheduled;
mod staff;
mod staff_records;
mod statistics;
mod subjects;
mod submissions;
mod workflow;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use api_reads::ApiRecordFilter;
pub use attachments::{attachment_path, write_attachment, AttachmentRow, NewAttachment};
pub use baseline::BaselineFilter;
pub use change_log::{AuditFilter, AuditRow, ChainReport, LogEntry};
pub use changes::{ChangeRow, FeedScope, RecordChangeRow};
pub use import_runs::{ImportCounts, ImportRunTotals, RunGroup, RunOutcome};
pub use ingest::{IngestCache, IngestOutcome};
pub use lists::{EntryRow, ListRow};
pub use reads::*;
pub use reports::{NewReport, ReportRow};
pub use staff::{SessionRow, StaffRow};
pub use staff_records::{RecordEvent, StaffRecord, StaffRecordFilter, StaffRecordRow, VersionRow};
pub use statistics::DecidedRow;
pub use submissions::{NewSubmission, Received, SubmissionEvent, SubmissionRow};
pub use workflow::{Decided, QueueFilter};

/// Expands `$body` once for each engine with `$pool` bound to that engine's pool.
macro_rules! on_db {
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
            $crate::store::Tx::Sqlite(t) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $db = sqlx::Sqlite;
                let $conn = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                #[allow(clippy::upper_case_acronyms, dead_code)]
                type $db = sqlx::Postgres;
                let $conn = &mut **t;
                $body
            }
        }
    };
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
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

pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
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

/// The database behind the portal.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: Db,
}

impl Store {
    /// Opens (and for SQLite creates) the database the URL names, then applies
    /// every pending migration of that dialect.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let db = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
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
                .pragma("cache_size", "-65536");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            Db::Sqlite(pool)
        };
        Ok(Store { db })
    }

    /// The SQLite URL for a data directory: `<dir>/portal.db`.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("portal.db").display())
    }

    pub fn engine(&self) -> &'static str {
        match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub(crate) async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.db {
            Db::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    pub async fn close(&self) {
        on_db!(&self.db, p => p.close().await)
    }
}
