//! PostgreSQL stopped and restarted under load. Meanwhile the portal answers
//! 503 with Retry-After (never 500, never a dropped connection), `/healthz`
//! stays up and `/readyz` says not ready. Once the server is back the portal
//! recovers by itself, without a restart: pages, form posts, and the search
//! follower that indexes new records.
//!
//! The test runs its own PostgreSQL instance (`initdb` and `pg_ctl` into a
//! temporary folder, on a free port), so the shared server that the other tests
//! use is never stopped.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::process::{free_port, portal, Server};

/// A PostgreSQL server of our own, in a temporary folder.
struct PrivatePostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// initdb refuses to run as root: then every tool runs as `postgres`.
    as_postgres: bool,
}

impl PrivatePostgres {
    /// The newest Debian PostgreSQL server binaries, or `PG_BIN`.
    fn find_bin() -> Option<PathBuf> {
        if let Some(bin) = std::env::var_os("PG_BIN") {
            return Some(bin.into());
        }
        let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .filter_map(|e| {
                let version = e.file_name().to_string_lossy().parse().ok()?;
                let bin = e.path().join("bin");
                (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
            })
            .collect();
        found.sort();
        found.pop().map(|(_, bin)| bin)
    }

    fn init(bin: PathBuf) -> PrivatePostgres {
        let dir = tempfile::tempdir().unwrap();
        let uid = Command::new("id").arg("-u").output().unwrap();
        let as_postgres = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        if as_postgres {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let port = free_port();
        let pg = PrivatePostgres {
            bin,
            dir,
            port,
            as_postgres,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn tool(&self, name: &str) -> Command {
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(name));
            c
        } else {
            Command::new(self.bin.join(name))
        };
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
        cmd
    }

    fn run(&self, name: &str, args: &[&str]) {
        let out = self.tool(name).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{name} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-w",
                "-t",
                "60",
                "-o",
                &options,
                "start",
            ],
        );
    }

    /// A fast shutdown: open sessions are cut off, as in a real restart.
    fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = self
            .tool("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
    }
}

/// Where the load is: before the stop, while the server is down, after it is
/// back. Answers to requests sent while it stops or restarts are not judged.
const BEFORE: u8 = 0;
const STOPPING: u8 = 1;
const DOWN: u8 = 2;
const RESTARTING: u8 = 3;
const BACK: u8 = 4;

/// What the load saw, by phase and route: status codes (0 = no answer at all).
#[derive(Default)]
struct Seen {
    statuses: BTreeMap<(u8, &'static str, u16), usize>,
    /// A 503 without Retry-After, or an error page that shows internals.
    bad_503: Vec<String>,
}

impl Seen {
    fn count(&self, phase: u8, pred: impl Fn(u16) -> bool) -> usize {
        self.statuses
            .iter()
            .filter(|((p, _, s), _)| *p == phase && pred(*s))
            .map(|(_, n)| n)
            .sum()
    }
}

/// One load client: cycles through record, subject, search, API and form pages
/// until told to stop, noting each answer under the phase it was sent in.
async fn load(
    base: String,
    targets: Arc<Vec<(&'static str, String)>>,
    phase: Arc<AtomicU8>,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Seen>>,
) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        let (route, path) = &targets[i % targets.len()];
        i += 1;
        let sent_in = phase.load(Ordering::Relaxed);
        let request = client
            .get(format!("{base}{path}"))
            .header("x-forwarded-for", next_client());
        let status = match request.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                if status == 503 {
                    let retry = r.headers().contains_key("retry-after");
                    let body = r.text().await.unwrap_or_default();
                    if !retry || body.contains("sqlx") || body.contains("error returned from database") {
                        seen.lock()
                            .unwrap()
                            .bad_503
                            .push(format!("{path}: retry-after {retry}: {body}"));
                    }
                } else {
                    let _ = r.bytes().await;
                }
                status
            }
            Err(_) => 0,
        };
        // Only count answers whose phase did not change while they were in flight.
        if phase.load(Ordering::Relaxed) == sent_in {
            *seen
                .lock()
                .unwrap()
                .statuses
                .entry((sent_in, route, status))
                .or_default() += 1;
        }
    }
}

/// A client address (behind the trusted proxy) per request, so the API's
/// per-client rate limit does not count the test's many requests as one client.
fn next_client() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("10.3.{}.{}", (n / 250) % 250, n % 250 + 1)
}

async fn status(url: String) -> u16 {
    reqwest::Client::new()
        .get(url)
        .header("x-forwarded-for", next_client())
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_stopped_and_restarted_under_load() {
    let Some(bin) = PrivatePostgres::find_bin() else {
        // Where the suite runs against PostgreSQL, its server binaries are expected too.
        assert!(
            std::env::var("TEST_DATABASE_URL").is_err(),
            "TEST_DATABASE_URL is set but no PostgreSQL server binaries (initdb, pg_ctl) were found \
             under /usr/lib/postgresql/*/bin; set PG_BIN to their folder"
        );
        eprintln!("skipped: no PostgreSQL server binaries (initdb, pg_ctl) to run a private instance");
        return;
    };
    let pg = PrivatePostgres::init(bin);
    pg.start();
    let data = tempfile::tempdir().unwrap();
    let demo = portal(data.path(), Some(&pg.url()))
        .args(["demo", "--records", "300"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let log_path = data.path().join("serve.log");
    let mut cmd = portal(data.path(), Some(&pg.url()));
    cmd.env("PORTAL_TICK_SECONDS", "1")
        .env("PORTAL_TRUSTED_PROXIES", "127.0.0.1");
    let mut server = Server::spawn_logging_to(cmd, std::fs::File::create(&log_path).unwrap());
    let base = server.base.clone();
    let started = Instant::now();
    while status(format!("{base}/readyz")).await != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the portal did not get ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // What the load asks for: real record and subject pages from the API.
    let listing: serde_json::Value = reqwest::get(format!("{base}/api/v1/records?limit=20"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut targets: Vec<(&'static str, String)> = Vec::new();
    for r in listing["records"].as_array().unwrap().iter().take(10) {
        targets.push(("/records/{id}", format!("/records/{}", r["id"])));
        targets.push(("/subjects/{id}", format!("/subjects/{}", r["subject"]["id"])));
    }
    assert!(targets.len() >= 10, "the demo published records: {listing}");
    targets.push(("/search", "/search?q=%E5%85%AC%E5%8F%B8".into()));
    targets.push(("/api/v1/records", "/api/v1/records?limit=5".into()));
    targets.push(("/complaints/new", "/complaints/new".into()));
    targets.push(("/", "/".into()));
    let targets = Arc::new(targets);

    let phase = Arc::new(AtomicU8::new(BEFORE));
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let clients: Vec<_> = (0..16)
        .map(|_| {
            tokio::spawn(load(
                base.clone(),
                targets.clone(),
                phase.clone(),
                stop.clone(),
                seen.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Stop PostgreSQL under load.
    phase.store(STOPPING, Ordering::Relaxed);
    pg.stop();
    phase.store(DOWN, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(8)).await;
    assert_eq!(
        status(format!("{base}/healthz")).await,
        200,
        "the process still answers"
    );
    assert_eq!(
        status(format!("{base}/readyz")).await,
        503,
        "not ready without its database"
    );
    // API clients are told in JSON.
    let api = reqwest::Client::new()
        .get(format!("{base}/api/v1/records?limit=5"))
        .header("x-forwarded-for", next_client())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 503);
    assert!(api.headers().contains_key("retry-after"));
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
    // Metrics still answer, promptly, and say the database is down.
    let scraped = Instant::now();
    let metrics = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(metrics.status(), 200);
    let metrics = metrics.text().await.unwrap();
    assert!(metrics.contains("portal_database_up 0"), "{metrics}");
    assert!(
        metrics.contains("portal_http_requests_total"),
        "request counts are kept in memory"
    );
    assert!(scraped.elapsed() < Duration::from_secs(5), "a scrape is bounded");
    let complaint_while_down = common::forms::complain_via_proxy(base.clone(), 1).await;
    assert!(
        complaint_while_down.is_none(),
        "nothing is acknowledged without the database"
    );
    assert!(server.alive(), "the portal is still running");

    // Start it again; the portal reconnects by itself.
    phase.store(RESTARTING, Ordering::Relaxed);
    pg.start();
    let restarted = Instant::now();
    let mut recovered = None;
    while restarted.elapsed() < Duration::from_secs(30) {
        let mut all = Vec::new();
        for (_, path) in targets.iter() {
            all.push(status(format!("{base}{path}")).await);
        }
        all.push(status(format!("{base}/readyz")).await);
        if all.iter().all(|s| *s == 200) {
            recovered = Some(restarted.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let recovered = recovered.expect("every page answers 200 again within 30 s of the restart");
    phase.store(BACK, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }

    // Writes work again, and the search follower indexes what is new.
    assert!(
        common::forms::complain_via_proxy(base.clone(), 2).await.is_some(),
        "a complaint is acknowledged after recovery"
    );
    let import = portal(data.path(), Some(&pg.url()))
        .args(["import", "--kind", "penalty"])
        .arg(common::fixture("penalties_10_good_3_bad.csv"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&import.stdout).contains("新增 10"),
        "{}",
        String::from_utf8_lossy(&import.stdout)
    );
    let q = app::pages::url_encode("嘉市监罚〔2026〕2号");
    let indexed = Instant::now();
    loop {
        let v: serde_json::Value = reqwest::Client::new()
            .get(format!("{base}/api/v1/search?q={q}"))
            .header("x-forwarded-for", next_client())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if v["total"].as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert!(indexed.elapsed() < Duration::from_secs(10), "the follower resumed: {v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let metrics = server.metrics().await;
    assert!(metrics.contains("portal_database_up 1"), "{metrics}");
    assert!(server.alive(), "the portal is still running");
    server.kill9();

    let seen = seen.lock().unwrap();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    eprintln!("answers by (phase, route, status): {:?}", seen.statuses);
    eprintln!("recovered {:.1} s after the restart", recovered.as_secs_f64());
    assert!(!log.contains("panicked"), "the portal panicked: {log}");
    assert_eq!(seen.count(BEFORE, |s| s != 200), 0, "all 200 before the stop");
    assert!(seen.count(BEFORE, |s| s == 200) > 0);
    assert_eq!(seen.count(DOWN, |s| s == 0), 0, "every request got an answer");
    assert_eq!(
        seen.count(DOWN, |s| s != 200 && s != 503),
        0,
        "while the database is down: 503, or 200 for what needs no database"
    );
    assert!(
        seen.count(DOWN, |s| s == 503) > 0,
        "pages that need the database said 503"
    );
    assert!(seen.bad_503.is_empty(), "{:?}", seen.bad_503);
    assert_eq!(seen.count(BACK, |s| s != 200), 0, "all 200 once recovered");
}
