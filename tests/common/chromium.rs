//! A real headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`, installed by `.ci/run`).
//!
//! Each [`Chromium`] owns its own chromedriver on a free port and its own
//! profile folder, so browser tests can run in parallel.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

pub struct Chromium {
    driver: Child,
    port: u16,
    chrome: PathBuf,
    _profiles: tempfile::TempDir,
}

fn binary(env: &str, default: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

impl Chromium {
    /// Starts chromedriver; None (after printing why) when Chromium is not
    /// installed and `PORTAL_REQUIRE_BROWSER` is unset. `.ci/run` sets it, so CI
    /// fails instead of skipping.
    pub async fn start() -> Option<Chromium> {
        let chrome = binary("CHROME_BIN", "/usr/bin/chromium");
        let chromedriver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
        if !chrome.exists() || !chromedriver.exists() {
            let why = format!(
                "{} or {} is missing (apt-get install chromium chromium-driver)",
                chrome.display(),
                chromedriver.display()
            );
            if std::env::var_os("PORTAL_REQUIRE_BROWSER").is_some() {
                panic!("browser test required but {why}");
            }
            eprintln!("skipped: {why}");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Chromium {
            driver,
            port,
            chrome,
            _profiles: tempfile::tempdir().unwrap(),
        };
        let status = format!("http://127.0.0.1:{port}/status");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = reqwest::get(&status).await {
                if r.status().is_success() {
                    return Some(started);
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start on port {port}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A new browser window, `width` CSS pixels wide, with JavaScript on or off.
    pub async fn session(&self, javascript: bool, width: u32) -> Client {
        let profile = self._profiles.path().join(format!("p{}", rand_suffix()));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": self.chrome,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--lang=zh-CN",
                    format!("--window-size={width},1400"),
                    format!("--user-data-dir={}", profile.display()),
                ],
                // 2 = block: the content setting that turns JavaScript off for every site.
                "prefs": { "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 } },
            }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("open a Chromium session")
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where screenshots go: `target/tmp/screenshots/` (Cargo's test output folder).
pub fn screenshot_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
}

/// Saves a PNG screenshot of the window and checks it is one.
pub async fn save_screenshot(client: &Client, name: &str) -> PathBuf {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let path = screenshot_path(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}
