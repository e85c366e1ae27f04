//! The portal as separate processes, for the tests that kill, stop, restart or
//! run several of them: the CLI, and `portal serve` on a free port.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `portal --data DIR`, on the PostgreSQL database `url` or, without one, on
/// SQLite in DIR (an inherited `DATABASE_URL` is removed).
pub fn portal(data: &Path, url: Option<&str>) -> Command {
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

/// `portal import --kind KIND <fixture>`; asserts that it created records.
pub fn import(data: &Path, url: Option<&str>, kind: &str, fixture: &str) {
    import_with(data, url, kind, fixture, &[]);
}

/// [`import`] with more arguments (e.g. `--already-decided`).
pub fn import_with(data: &Path, url: Option<&str>, kind: &str, fixture: &str, args: &[&str]) {
    let out = portal(data, url)
        .args(["import", "--kind", kind])
        .arg(super::fixture(fixture))
        .args(args)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("新增"),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A `portal serve` process on a free port; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub base: String,
}

impl Server {
    /// Starts serving (without waiting for it): `cmd` is a [`portal`] command
    /// with whatever environment the test wants. Its output is discarded.
    pub fn spawn(cmd: Command) -> Server {
        Server::spawn_logging_to(cmd, Stdio::null())
    }

    /// Like [`Server::spawn`], with the log (standard error) going to `log`.
    pub fn spawn_logging_to(mut cmd: Command, log: impl Into<Stdio>) -> Server {
        let port = free_port();
        let child = cmd
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Server {
            child,
            port,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Starts serving and waits until it answers `/healthz`.
    pub async fn start(cmd: Command) -> Server {
        let server = Server::spawn(cmd);
        server.answering().await;
        server
    }

    pub async fn answering(&self) {
        let started = Instant::now();
        while reqwest::get(format!("{}/healthz", self.base)).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "serve did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The server's `/metrics` text (the test runs on loopback, so it may read them).
    pub async fn metrics(&self) -> String {
        reqwest::get(format!("{}/metrics", self.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// SIGKILL: no graceful shutdown, no final commit.
    pub fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as systemd stops a service; returns how the process exited.
    pub fn terminate(&mut self) -> ExitStatus {
        self.send_sigterm();
        self.child.wait().unwrap()
    }

    pub fn send_sigterm(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    /// Still running?
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
