//! The index follows the change log across processes and crashes: records
//! imported by another process show up in a running server's search within
//! seconds; after `kill -9` a restarted server resumes from its last commit;
//! two servers on one PostgreSQL database each keep their own index current.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn portal(data: &Path, database_url: Option<&str>) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portal"));
    cmd.arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    cmd
}

fn import(data: &Path, database_url: Option<&str>, kind: &str, fixture: &str) {
    let out = portal(data, database_url)
        .args(["import", "--kind", kind])
        .arg(common::fixture(fixture))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("新增"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data: &Path, database_url: Option<&str>) -> Server {
        let port = free_port();
        let child = portal(data, database_url)
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Server { child, port }
    }

    /// Total hits for `q`, or None while the server is not answering yet.
    async fn total(&self, q: &str) -> Option<u64> {
        let url = format!(
            "http://127.0.0.1:{}/api/v1/search?q={}",
            self.port,
            app::pages::url_encode(q)
        );
        let r = reqwest::get(url).await.ok()?;
        let v: serde_json::Value = r.json().await.ok()?;
        v["total"].as_u64()
    }

    /// Waits until a search for `q` finds `want` records; returns how long it took.
    async fn wait_for(&self, q: &str, want: u64) -> Duration {
        let started = Instant::now();
        loop {
            if self.total(q).await == Some(want) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{q} never reached {want} hits"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn kill9(mut self) {
        // SIGKILL: no graceful shutdown, no final commit.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const PENALTY_DOC: &str = "嘉市监罚〔2026〕7号";
const BLACK_DOC: &str = "嘉应急黑〔2026〕2号";

async fn follow_across_processes_and_kill_9(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url.as_deref();
    let server = Server::start(dir.path(), url);
    server.wait_for(PENALTY_DOC, 0).await;
    import(dir.path(), url, "penalty", "penalties_10_good_3_bad.csv");
    let lag = server.wait_for(PENALTY_DOC, 1).await;
    assert!(lag < Duration::from_secs(5), "searchable after {lag:?}");
    server.kill9();

    // While it is down, another process writes; the restarted server catches up.
    import(dir.path(), url, "blacklist", "blacklist.csv");
    let server = Server::start(dir.path(), url);
    server.wait_for(BLACK_DOC, 1).await;
    assert_eq!(
        server.total(PENALTY_DOC).await,
        Some(1),
        "nothing committed before the kill was lost"
    );
    server.kill9();
}

#[tokio::test]
async fn sqlite_follow_across_processes_and_kill_9() {
    follow_across_processes_and_kill_9(None).await;
}

#[tokio::test]
async fn postgres_follow_across_processes_and_kill_9() {
    let Some(url) = common::fresh_postgres_url().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL run of this test cannot happen");
        return;
    };
    follow_across_processes_and_kill_9(Some(url)).await;
}

#[tokio::test]
async fn postgres_two_servers_each_keep_their_own_index_current() {
    let Some(url) = common::fresh_postgres_url().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL run of this test cannot happen");
        return;
    };
    let (a_dir, b_dir, cli_dir) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let a = Server::start(a_dir.path(), Some(&url));
    let b = Server::start(b_dir.path(), Some(&url));
    a.wait_for(PENALTY_DOC, 0).await;
    b.wait_for(PENALTY_DOC, 0).await;
    import(cli_dir.path(), Some(&url), "penalty", "penalties_10_good_3_bad.csv");
    assert!(a.wait_for(PENALTY_DOC, 1).await < Duration::from_secs(5));
    assert!(b.wait_for(PENALTY_DOC, 1).await < Duration::from_secs(5));
}
