//! Faults: the portal killed with SIGKILL in the middle of a 100,000-row
//! import (the importer and the serving, indexing process both) leaves a
//! consistent database (the hash chain verifies, every record matches its last
//! change-log row); running the import again completes it, and the restarted
//! server's index equals the database. Likewise for `reindex` and for a burst
//! of submissions.

mod common;

use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::process::{portal, Server};
use portal::store::Store;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const RECORDS: &str = "100000";

/// Waits until the server's index has applied the whole change log (its /metrics say so).
async fn index_caught_up(server: &Server) {
    let started = Instant::now();
    loop {
        let metrics = server.metrics().await;
        if metrics.lines().any(|l| l == "portal_index_lag_changes 0") {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the index did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn kill_9_during_a_large_import(url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let url = url.as_deref();
    let database = url.map_or_else(|| Store::sqlite_url(dir.path()), str::to_string);
    // The portal serves (and indexes) while the import runs; both are killed.
    let mut server = Server::start(portal(dir.path(), url)).await;
    let mut child = portal(dir.path(), url)
        .args(["demo", "--records", RECORDS, "--seed", "11"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Let some batches land, then pull the plug. Connect only once the child
    // has created and migrated the database (SQLite migrations are not
    // guarded against two processes running them at once).
    tokio::time::sleep(Duration::from_secs(2)).await;
    let store = loop {
        if let Ok(s) = Store::connect(&database).await {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let started = Instant::now();
    while store.record_count().await.unwrap_or(0) < 2_000 {
        assert!(started.elapsed() < Duration::from_secs(120), "the import never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    server.kill9();
    let partial = store.record_count().await.unwrap();
    assert!(partial > 0 && partial < 100_000, "killed mid-way: {partial}");

    let verify = portal(dir.path(), url).arg("verify-log").output().unwrap();
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(stdout(&verify).contains("信息与变更记录一致"), "{}", stdout(&verify));
    let (checked, mismatched) = store.records_not_matching_log().await.unwrap();
    assert_eq!((checked, mismatched.len()), (partial, 0));

    // The same import again completes the set; nothing is duplicated.
    let again = portal(dir.path(), url)
        .args(["demo", "--records", RECORDS, "--seed", "11"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(store.record_count().await.unwrap(), 100_000, "{}", stdout(&again));
    let verify = portal(dir.path(), url).arg("verify-log").output().unwrap();
    assert!(verify.status.success(), "{}", stdout(&verify));

    // Restarted, the portal's index catches up from where the killed one
    // committed; stopped cleanly, it holds exactly the records the database publishes.
    let mut server = Server::start(portal(dir.path(), url)).await;
    index_caught_up(&server).await;
    assert!(server.terminate().success());
    assert_eq!(
        index_docs(dir.path()),
        indexable_count(&database, Some(app::domain::clock::china_date(chrono::Utc::now()))).await,
        "the index equals the database (what is public today)"
    );
}

#[tokio::test]
async fn sqlite_kill_9_during_a_large_import() {
    kill_9_during_a_large_import(None).await;
}

#[tokio::test]
async fn postgres_kill_9_during_a_large_import() {
    let Some(url) = common::fresh_postgres_url().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL run of this test cannot happen");
        return;
    };
    kill_9_during_a_large_import(Some(url)).await;
}

/// Records the index should hold: published, not sensitive, not simple-procedure,
/// subject not merged; and, once a server has purged its index on `purged_on`,
/// not expired before that day.
async fn indexable_count(database: &str, purged_on: Option<chrono::NaiveDate>) -> u64 {
    use sqlx::Connection;
    let sql = format!(
        "SELECT COUNT(*) FROM records r JOIN subjects s ON s.id = r.subject_id \
         WHERE r.state = 'published' AND r.sensitive = FALSE AND r.simple_procedure = FALSE \
         AND s.merged_into IS NULL {}",
        if purged_on.is_some() {
            "AND (r.end_date IS NULL OR r.end_date >= $1)"
        } else {
            ""
        }
    );
    let (n,): (i64,) = if database.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(database).await.unwrap();
        let mut q = sqlx::query_as(&sql);
        if let Some(day) = purged_on {
            q = q.bind(day);
        }
        q.fetch_one(&mut c).await.unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(database).await.unwrap();
        let mut q = sqlx::query_as(&sql);
        if let Some(day) = purged_on {
            q = q.bind(day);
        }
        q.fetch_one(&mut c).await.unwrap()
    };
    n as u64
}

fn index_docs(data: &Path) -> u64 {
    let index = portal::search::SearchIndex::open(data).unwrap();
    let generation = index.generation();
    generation.reader.reload().unwrap();
    generation.reader.searcher().num_docs()
}

#[tokio::test]
async fn kill_9_during_reindex_keeps_the_live_index_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let database = Store::sqlite_url(dir.path());
    let demo = portal(dir.path(), None)
        .args(["demo", "--records", "20000", "--seed", "5"])
        .output()
        .unwrap();
    assert!(demo.status.success());
    // The live index, brought up to date.
    let store = Store::connect(&database).await.unwrap();
    let index = portal::search::SearchIndex::open(dir.path()).unwrap();
    portal::search::sync::catch_up(&index, &store).await.unwrap();
    drop(index);
    let expected = indexable_count(&database, None).await;
    assert_eq!(index_docs(dir.path()), expected);

    let mut child = portal(dir.path(), None)
        .arg("reindex")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    child.kill().unwrap(); // SIGKILL while the new generation is being built
    child.wait().unwrap();
    assert_eq!(index_docs(dir.path()), expected, "the live generation is untouched");

    let again = portal(dir.path(), None).arg("reindex").output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(index_docs(dir.path()), expected, "the index equals the database");
    let generations = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("gen-"))
        .count();
    assert_eq!(generations, 1, "the abandoned and the old generations are removed");
}

const BURST: usize = 200;

/// Submissions stored so far (read-only peek at the server's database).
async fn store_count(dir: &tempfile::TempDir) -> i64 {
    use sqlx::Connection;
    let url = Store::sqlite_url(dir.path());
    let Ok(mut c) = sqlx::SqliteConnection::connect(&url).await else {
        return 0;
    };
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM submissions")
        .fetch_one(&mut c)
        .await
        .map_or(0, |(n,)| n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_burst_of_submissions_loses_none_that_were_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = portal(dir.path(), None);
    cmd.env("PORTAL_TRUSTED_PROXIES", "127.0.0.1");
    let mut server = Server::start(cmd).await;
    let base = server.base.clone();
    let burst: Vec<_> = (0..BURST)
        .map(|n| tokio::spawn(common::forms::complain_via_proxy(base.clone(), n)))
        .collect();
    // SIGKILL once some are through, while the rest are in flight.
    while store_count(&dir).await < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill9();
    let mut acknowledged = Vec::new();
    for task in burst {
        if let Ok(Some(number)) = task.await {
            acknowledged.push(number);
        }
    }
    assert!(!acknowledged.is_empty(), "some were acknowledged before the kill");
    assert!(acknowledged.len() < BURST, "the kill came in the middle of the burst");

    let store = Store::connect(&Store::sqlite_url(dir.path())).await.unwrap();
    for number in &acknowledged {
        assert!(
            store.submission_by_tracking_number(number).await.unwrap().is_some(),
            "{number} was acknowledged but is missing"
        );
    }
    assert!(store.verify_change_log().await.unwrap().first_break.is_none());
    eprintln!(
        "{} of {BURST} acknowledged before SIGKILL; all stored",
        acknowledged.len()
    );
}
