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

/// Rewrites one change-log row directly in the database.
fn tamper_log_row(database_url: &str, seq: i64) {
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sql = "UPDATE change_log SET actor = 'mallory' WHERE seq = $1";
        if database_url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(database_url).await.unwrap();
            sqlx::query(sql).bind(seq).execute(&mut c).await.unwrap();
        } else {
            let mut c = sqlx::SqliteConnection::connect(database_url).await.unwrap();
            sqlx::query(sql).bind(seq).execute(&mut c).await.unwrap();
        }
    });
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

    // A changed log row is found, named, and the command fails.
    let url = database_url.map_or_else(|| portal::store::Store::sqlite_url(dir.path()), str::to_string);
    tamper_log_row(&url, 5);
    let broken = portal(dir.path(), database_url, &["verify-log"]);
    assert_eq!(broken.status.code(), Some(1), "{}", stdout(&broken));
    assert!(
        stdout(&broken).contains("第 5 条的内容与其哈希不符"),
        "{}",
        stdout(&broken)
    );

    let missing = portal(dir.path(), database_url, &["import", "--kind", "permit", file]);
    assert_eq!(missing.status.code(), Some(2));
    let refusal = String::from_utf8_lossy(&missing.stderr);
    assert!(
        refusal.contains("第 1 行被读作表头") && refusal.contains("缺少必填列：行政许可决定文书名称"),
        "{refusal}"
    );
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
    let run = url.clone();
    tokio::task::spawn_blocking(move || import_report_and_exit_codes(Some(&run)))
        .await
        .unwrap();
    // A bulk load leaves the planner its statistics (autovacuum would come later).
    let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&url).await.unwrap();
    let (analyzed,): (bool,) =
        sqlx::query_as("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'records'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert!(analyzed, "portal import / demo ran ANALYZE");
}

#[test]
fn every_command_has_help() {
    for cmd in [
        "serve",
        "import",
        "export",
        "demo",
        "withdraw",
        "verify-log",
        "subject",
        "user",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args([cmd, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd} --help");
        assert!(stdout(&out).contains("Usage"), "{cmd}");
    }
}

#[test]
fn serve_refuses_a_setting_it_cannot_use_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bad) in [("PORTAL_MAX_CONNECTIONS", "0"), ("PORTAL_PUBLIC_URL", "credit.example")] {
        let out = Command::new(env!("CARGO_BIN_EXE_portal"))
            .arg("--data")
            .arg(dir.path())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env_remove("DATABASE_URL")
            .env(name, bad)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}={bad} must stop the start");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name) && err.contains(bad), "{name}: {err}");
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

#[test]
fn user_add_stores_an_argon2id_hash_and_checks_its_input() {
    let dir = tempfile::tempdir().unwrap();
    // Departments come with an import.
    let file = common::fixture("penalties_10_good_3_bad.csv");
    portal(
        dir.path(),
        None,
        &["import", "--kind", "penalty", file.to_str().unwrap()],
    );

    let generated = portal(dir.path(), None, &["user", "add", "--name", "admin", "--role", "admin"]);
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let out = stdout(&generated);
    assert!(
        out.contains("user admin") && out.contains("initial password (shown once): "),
        "{out}"
    );

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    let mut child = cmd
        .arg("--data")
        .arg(dir.path())
        .args(["user", "add", "--name", "market.zhang", "--role", "provider"])
        .args(["--department", "嘉峪关市市场监督管理局", "--password-stdin"])
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"Market pass 2026\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        !stdout(&out).contains("Market pass 2026"),
        "a chosen password is never printed"
    );

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = portal::store::Store::connect(&portal::store::Store::sqlite_url(dir.path()))
            .await
            .unwrap();
        let user = store.staff_by_username("market.zhang").await.unwrap().unwrap();
        assert!(user.password_hash.starts_with("$argon2id$"), "{}", user.password_hash);
        assert!(portal::auth::password::verify_password(
            "Market pass 2026",
            &user.password_hash
        ));
        assert!(user.must_change_password && user.department_id.is_some());
    });

    for (args, message) in [
        (vec!["--name", "Bad Name", "--role", "admin"], "--name"),
        (vec!["--name", "prov", "--role", "provider"], "--department is required"),
        (
            vec!["--name", "prov", "--role", "provider", "--department", "不存在的局"],
            "no department",
        ),
        (vec!["--name", "admin", "--role", "admin"], "已存在"),
    ] {
        let mut all = vec!["user", "add"];
        all.extend(args);
        let out = portal(dir.path(), None, &all);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{message}: {err}");
    }
}

#[test]
fn backup_and_restore_round_trip_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::fixture("penalties_10_good_3_bad.csv");
    portal(
        dir.path(),
        None,
        &["import", "--kind", "penalty", file.to_str().unwrap()],
    );
    let backup = dir.path().join("backup.db");
    let out = portal(dir.path(), None, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("备份完成"));
    let again = portal(dir.path(), None, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing file is never overwritten");

    // A change after the backup is gone once restored.
    let withdraw = portal(dir.path(), None, &["withdraw", "--id", "1", "--reason", "测试撤销"]);
    assert!(
        withdraw.status.success(),
        "{}",
        String::from_utf8_lossy(&withdraw.stderr)
    );
    std::fs::create_dir_all(dir.path().join("index")).unwrap();
    let restored = portal(dir.path(), None, &["restore", backup.to_str().unwrap()]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(stdout(&restored).contains("已恢复") && stdout(&restored).contains("校验通过"));
    assert!(
        !dir.path().join("index").exists(),
        "the index is rebuilt from the restored data"
    );
    let public = portal(
        dir.path(),
        None,
        &["export", "--kind", "penalty", "--public", "--format", "ndjson"],
    );
    assert_eq!(
        stdout(&public).lines().count(),
        10,
        "the withdrawal made after the backup is undone"
    );
    let verify = portal(dir.path(), None, &["verify-log"]);
    assert!(verify.status.success());

    // Not a database: refused, the live one untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let refused = portal(dir.path(), None, &["restore", junk.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert_eq!(
        stdout(&portal(
            dir.path(),
            None,
            &["export", "--kind", "penalty", "--public", "--format", "ndjson"]
        ))
        .lines()
        .count(),
        10
    );
}
