//! Test harness: starts the real portal on a free port against a fresh
//! database — a SQLite file in a temporary folder, or a new PostgreSQL
//! database on the server named by `TEST_DATABASE_URL` — and talks HTTP to it.
#![allow(dead_code)]

pub mod forms;
pub mod process;
pub mod public_forms;
pub mod staff;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use app::domain::clock::{Clock, FixedClock};
use app::domain::kinds::RecordKind;
use app::domain::record_validation::ValidationContext;
use app::domain::working_days::Calendar;
use chrono::{DateTime, TimeZone, Utc};
use indicatif::ProgressBar;
use portal::http::AppState;
use portal::import::{read_path, ImportJob, ImportReport, ImportSource};
use portal::search::SearchIndex;
use portal::startup::Application;
use portal::store::Store;
use sqlx::Connection;

/// "Now" in every test unless a test moves it: 2026-11-27 12:00 in China.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub addr: SocketAddr,
    pub store: Store,
    /// Tests bring the index up to date with `sync_index` instead of waiting for a follower.
    pub search: SearchIndex,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
}

/// A fresh, empty PostgreSQL database on the test server; None when no server is configured.
pub async fn fresh_postgres_url() -> Option<String> {
    let base = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
    // Process id, a per-process counter (two tests of one binary can read the
    // same clock value) and the time (process ids are reused across runs).
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = format!(
        "portal_t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
            % 1_000_000_000_000
    );
    let mut admin = sqlx::PgConnection::connect(&base)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let (prefix, _) = base.rsplit_once('/').expect("TEST_DATABASE_URL names a database");
    Some(format!("{prefix}/{name}"))
}

/// A clock the test moves forward, shared with the running portal.
#[derive(Clone)]
pub struct MovableClock(Arc<std::sync::Mutex<DateTime<Utc>>>);

impl MovableClock {
    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = t;
    }
}

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Noon in China on a day of 2026.
pub fn noon(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 4, 0, 0).unwrap()
}

/// Starts the portal at [`test_now`] with a clock the test can move.
pub async fn spawn_with_movable_clock(backend: Backend) -> Option<(TestApp, MovableClock)> {
    let clock = MovableClock(Arc::new(std::sync::Mutex::new(test_now())));
    let shared = clock.clone();
    let app = spawn_app_with(backend, test_now(), move |mut state| {
        state.clock = Arc::new(shared);
        state
    })
    .await?;
    Some((app, clock))
}

/// Starts the portal for `backend`; None (after printing why) when PostgreSQL is not configured.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_at(backend, test_now()).await
}

pub async fn spawn_app_at(backend: Backend, now: DateTime<Utc>) -> Option<TestApp> {
    spawn_app_with(backend, now, |state| state).await
}

/// Like [`spawn_app_at`], with the state adjusted first (e.g. a lower API rate).
pub async fn spawn_app_with(
    backend: Backend,
    now: DateTime<Utc>,
    configure: impl FnOnce(AppState) -> AppState,
) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = match backend {
        Backend::Sqlite => Store::sqlite_url(dir.path()),
        Backend::Postgres => match fresh_postgres_url().await {
            Some(url) => url,
            None => {
                eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL run of this test cannot happen");
                return None;
            }
        },
    };
    let store = Store::connect(&database_url).await.expect("open store");
    let clock: Arc<dyn Clock> = Arc::new(FixedClock(now));
    let search = SearchIndex::open(dir.path()).expect("open search index");
    let state = configure(
        AppState::new(store.clone(), clock, Calendar::official(), search.clone())
            .with_attachments_dir(dir.path().join("attachments")),
    );
    let app = Application::build("127.0.0.1:0".parse().unwrap(), state)
        .await
        .expect("bind");
    let addr = app.local_addr();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Some(TestApp {
        base: format!("http://{addr}"),
        addr,
        store,
        search,
        database_url,
        data_dir: dir.path().to_path_buf(),
        client,
        _dir: dir,
    })
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("request")
    }

    /// GET that must answer 200; returns the body.
    /// Publicly visible records at [`test_now`], counted from the store's tally.
    pub async fn public_total(&self) -> i64 {
        let today = app::domain::clock::china_date(test_now());
        self.store
            .public_tally(today)
            .await
            .unwrap()
            .iter()
            .map(|r| r.records)
            .sum()
    }

    pub async fn page(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.text().await.unwrap()
    }

    pub async fn import_file(&self, kind: RecordKind, path: &std::path::Path) -> ImportReport {
        let sheet = read_path(path).expect("read fixture");
        self.import_sheet(kind, &sheet).await
    }

    pub async fn import_sheet(&self, kind: RecordKind, sheet: &portal::import::Sheet) -> ImportReport {
        self.import_sheet_at(kind, sheet, test_now()).await
    }

    /// Imports as if on another day (the records go online at `now`).
    pub async fn import_file_at(&self, kind: RecordKind, path: &std::path::Path, now: DateTime<Utc>) -> ImportReport {
        let sheet = read_path(path).expect("read fixture");
        self.import_sheet_at(kind, &sheet, now).await
    }

    pub async fn import_sheet_at(
        &self,
        kind: RecordKind,
        sheet: &portal::import::Sheet,
        now: DateTime<Utc>,
    ) -> ImportReport {
        let job = ImportJob::new(
            &self.store,
            ImportSource::Cli,
            kind,
            ValidationContext::new(app::domain::clock::china_date(now)),
            "test",
            now,
        );
        job.run(sheet, &ProgressBar::hidden()).await.expect("import runs")
    }

    /// Imports a black list a higher authority decided (`portal import
    /// --already-decided`): its entries are published at once, where an
    /// ordinary import lands them as proposals (拟列入).
    pub async fn import_file_decided(&self, kind: RecordKind, path: &std::path::Path) -> ImportReport {
        let sheet = read_path(path).expect("read fixture");
        let now = test_now();
        let mut job = ImportJob::new(
            &self.store,
            ImportSource::Cli,
            kind,
            ValidationContext::new(app::domain::clock::china_date(now)),
            "test",
            now,
        );
        job.arrival = app::domain::list_lifecycle::Arrival::DecidedElsewhere;
        job.run(&sheet, &ProgressBar::hidden()).await.expect("import runs")
    }

    /// Applies every change-log row to the search index, as the follower does.
    pub async fn sync_index(&self) -> i64 {
        portal::search::sync::catch_up(&self.search, &self.store)
            .await
            .expect("index follows the log")
    }

    /// JSON of `/api/v1/search` for a query string.
    pub async fn api_search(&self, query: &str) -> serde_json::Value {
        let r = self.get(&format!("/api/v1/search?{query}")).await;
        assert_eq!(r.status(), 200, "search {query}");
        r.json().await.unwrap()
    }

    /// Change-log rows as `actor|op|entity|kind|reason|content_hash`, read
    /// straight from the database; only rows of `entity` when given.
    pub async fn change_log_text(&self, entity: Option<&str>) -> Vec<String> {
        let sql = "SELECT actor, op, entity, COALESCE(kind, ''), COALESCE(reason, ''), COALESCE(content_hash, '') \
                   FROM change_log WHERE $1 = '' OR entity = $1 ORDER BY seq";
        type Row = (String, String, String, String, String, String);
        let entity = entity.unwrap_or("");
        let rows: Vec<Row> = if self.database_url.starts_with("postgres") {
            let pool = sqlx::PgPool::connect(&self.database_url).await.unwrap();
            sqlx::query_as(sql).bind(entity).fetch_all(&pool).await.unwrap()
        } else {
            let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
            sqlx::query_as(sql).bind(entity).fetch_all(&pool).await.unwrap()
        };
        rows.into_iter()
            .map(|r| [r.0, r.1, r.2, r.3, r.4, r.5].join("|"))
            .collect()
    }

    /// Record id of a document number, via the store's lookup.
    /// The public record with this document number, if there is one.
    pub async fn find_by_doc_no(&self, doc_no: &str) -> Option<i64> {
        let today = app::domain::clock::china_date(test_now());
        let rows = self.store.find_by_doc_no(doc_no, today, 1).await.unwrap();
        rows.first().map(|r| r.id)
    }

    /// Changes a change-log row behind the portal's back, as an attacker with
    /// database access would.
    pub async fn tamper_change_log(&self, seq: i64, reason: &str) {
        let sql = "UPDATE change_log SET reason = $1 WHERE seq = $2";
        if self.database_url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(&self.database_url).await.unwrap();
            sqlx::query(sql).bind(reason).bind(seq).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::SqliteConnection::connect(&self.database_url).await.unwrap();
            sqlx::query(sql).bind(reason).bind(seq).execute(&mut c).await.unwrap();
        }
    }

    pub async fn record_id(&self, doc_no: &str) -> i64 {
        let today = app::domain::clock::china_date(test_now());
        let rows = self.store.find_by_doc_no(doc_no, today, 1).await.unwrap();
        rows.first().unwrap_or_else(|| panic!("{doc_no} is public")).id
    }
}

/// Runs each listed `async fn(TestApp)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::common::spawn_app($crate::common::Backend::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}

/// Validates `instance` against `#/components/schemas/{name}` of the OpenAPI
/// document the portal serves (docs/api/openapi.json).
pub fn assert_openapi_schema(name: &str, instance: &serde_json::Value) {
    let doc: serde_json::Value = serde_json::from_str(include_str!("../../docs/api/openapi.json")).unwrap();
    let schema = serde_json::json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    let validator = jsonschema::validator_for(&schema).expect("the OpenAPI schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}\n{instance}");
}
