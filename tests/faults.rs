//! Faults: the portal killed with SIGKILL in the middle of a 100,000-row
//! import leaves a consistent database (the hash chain verifies, every record
//! matches its last change-log row), and running the import again completes it.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use portal::store::Store;

fn portal(data: &Path, url: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    cmd.arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    cmd
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const RECORDS: &str = "100000";

async fn kill_9_during_a_large_import(url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let url = url.as_deref();
    let database = url.map_or_else(|| Store::sqlite_url(dir.path()), str::to_string);
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
