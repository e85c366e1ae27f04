//! The `portal` binary as an operator uses it: import prints each bad row and
//! a summary, exits 1 when rows were rejected, and re-importing changes nothing.
//! Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.

mod common;

use std::process::{Command, Output};

fn portal(data: &std::path::Path, database_url: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    cmd.arg("--data")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().expect("portal runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn import_report_and_exit_codes(database_url: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let file = common::fixture("penalties_10_good_3_bad.csv");
    let file = file.to_str().unwrap();
    let first = portal(dir.path(), database_url, &["import", "--kind", "penalty", file]);
    let out = stdout(&first);
    assert_eq!(first.status.code(), Some(1), "rows were rejected: {out}");
    assert!(
        out.contains("错误：第 12 行，行政相对人代码_1(统一社会信用代码)："),
        "{out}"
    );
    assert!(out.contains("错误：第 13 行，处罚依据：必填项为空"), "{out}");
    assert!(out.contains("错误：第 14 行，处罚有效期："), "{out}");
    assert!(
        out.trim_end().ends_with("共 13 行：新增 10，更正 0，未变 0，拒绝 3"),
        "{out}"
    );

    let again = portal(dir.path(), database_url, &["import", "--kind", "penalty", file]);
    assert!(stdout(&again).contains("新增 0，更正 0，未变 10，拒绝 3"));

    let export = portal(
        dir.path(),
        database_url,
        &["export", "--kind", "penalty", "--public", "--format", "ndjson"],
    );
    assert!(export.status.success());
    assert_eq!(stdout(&export).lines().count(), 10);

    let verify = portal(dir.path(), database_url, &["verify-log"]);
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(stdout(&verify).contains("变更记录完整"));

    let missing = portal(dir.path(), database_url, &["import", "--kind", "permit", file]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("文件缺少必填列"));
}

#[test]
fn sqlite_import_report_and_exit_codes() {
    import_report_and_exit_codes(None);
}

#[tokio::test]
async fn postgres_import_report_and_exit_codes() {
    let Some(url) = common::fresh_postgres_url().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL run of this test cannot happen");
        return;
    };
    tokio::task::spawn_blocking(move || import_report_and_exit_codes(Some(&url)))
        .await
        .unwrap();
}

#[test]
fn every_command_has_help() {
    for cmd in ["serve", "import", "export", "demo", "withdraw", "verify-log", "subject"] {
        let out = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args([cmd, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd} --help");
        assert!(stdout(&out).contains("Usage"), "{cmd}");
    }
}

#[test]
fn demo_command_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let out = portal(d.path(), None, &["demo", "--records", "300", "--seed", "7"]);
        assert!(stdout(&out).contains("新增 300"), "{}", stdout(&out));
    }
    let export = |d: &tempfile::TempDir| stdout(&portal(d.path(), None, &["export", "--kind", "penalty"]));
    let first = export(&a);
    assert!(first.lines().count() > 50);
    assert_eq!(first, export(&b));
}
