//! Hostile input as an attacker would send it: script in every free-text
//! column of an import and in form fields comes back escaped on every page and
//! feed; SQL-looking text is stored and shown as text; path tricks on
//! attachments find nothing; oversized bodies get 413; the security headers
//! are on every response. Runs on SQLite and, when TEST_DATABASE_URL is set,
//! on PostgreSQL.

mod common;

use app::domain::kinds::RecordKind;
use app::domain::staff::Role;
use common::forms::browser;
use common::public_forms::*;
use common::staff::{get, logged_in};
use common::TestApp;

const XSS: &str = "<script>alert(1)</script>";
const XSS_ATTR: &str = "\"><img src=x onerror=alert(2)>";
const SQL: &str = "'; DROP TABLE records; --";

/// Columns (by number in the fixture's header) that are free text.
const FREE_TEXT: [usize; 8] = [1, 9, 15, 16, 17, 19, 22, 30];

/// The fixture's first good row with the payloads appended to every free-text
/// column and its own document number; returns the CSV.
fn hostile_csv() -> String {
    let text = std::fs::read_to_string(common::fixture("penalties_10_good_3_bad.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let row: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    let mut row = row;
    for col in FREE_TEXT {
        let i = col - 1;
        row[i] = format!("{}{XSS}{XSS_ATTR}{SQL}", row[i]).replace(',', "，");
    }
    row[13] = "嘉市监罚〔2026〕99号".into();
    format!("{header}\n{}\n", row.join(","))
}

async fn import_hostile(app: &TestApp) -> i64 {
    let path = app.data_dir.join("hostile.csv");
    std::fs::write(&path, hostile_csv()).unwrap();
    let report = app.import_file(RecordKind::Penalty, &path).await;
    assert_eq!(report.created, 1, "{report:?}");
    app.record_id("嘉市监罚〔2026〕99号").await
}

fn assert_escaped(where_: &str, body: &str) {
    for raw in [XSS, "<img src=x onerror", "onerror=alert(2)>"] {
        assert!(!body.contains(raw), "{where_}: raw {raw:?} in {body}");
    }
}

async fn script_in_every_column_comes_back_escaped_everywhere(app: TestApp) {
    let id = import_hostile(&app).await;
    app.sync_index().await;
    let record = app.store.record(id).await.unwrap().unwrap();
    let record_page = app.page(&format!("/records/{id}")).await;
    assert!(
        record_page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown, as text"
    );
    assert!(
        record_page.contains(SQL.replace('\'', "&#39;").as_str()) || record_page.contains(SQL),
        "SQL shown as text"
    );
    let reviewer = logged_in(&app, "rev1", Role::Admin, None).await;
    let pages = [
        format!("/records/{id}"),
        format!("/subjects/{}", record.subject_id),
        format!("/departments/{}", record.authority_id),
        format!("/departments/{}/integrity", record.authority_id),
        format!("/search?q={}", app::pages::url_encode("嘉峪关")),
        format!("/search?q={}", app::pages::url_encode(XSS)),
        "/".to_string(),
        "/statistics".to_string(),
        format!("/subjects/{}/feed.atom", record.subject_id),
        format!("/departments/{}/feed.atom", record.authority_id),
        "/changes.atom".to_string(),
        format!("/subjects/{}/report", record.subject_id),
    ];
    for path in &pages {
        let r = app.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_escaped(path, &r.text().await.unwrap());
    }
    for path in [
        format!("/admin/records/{id}"),
        format!("/admin/records/{id}/edit"),
        "/admin/audit".to_string(),
    ] {
        let (status, body) = get(&app, &reviewer, &path).await;
        assert_eq!(status, 200, "{path}");
        assert_escaped(&path, &body);
    }
    // JSON carries the text as data, with a JSON content type (never HTML).
    let api = app.get(&format!("/api/v1/records/{id}")).await;
    assert!(api.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v: serde_json::Value = api.json().await.unwrap();
    assert!(v["subject"]["name"].as_str().unwrap().contains(XSS), "stored as typed");
    // The SQL did nothing: every record is still there.
    assert_eq!(app.store.record_count().await.unwrap(), 1);
}

async fn hostile_form_fields_are_stored_as_text(app: TestApp) {
    app.import_file(RecordKind::Penalty, &common::fixture("penalties_10_good_3_bad.csv"))
        .await;
    let record = app.record_id("嘉市监罚〔2026〕2号").await;
    let public = browser();
    let explanation = format!("异议说明{XSS}{XSS_ATTR}{SQL}，罚款金额有误。");
    let fields = with(
        with(objection_fields(), "explanation", &explanation),
        "contact_name",
        "王五<b>",
    );
    let (number, code, _) = receipt(
        &app,
        &public,
        submit(&app, &public, &format!("/records/{record}/objection"), fields).await,
    )
    .await;
    let tracked = track(&app, &browser(), &number, &code).await;
    assert_escaped("/track", &tracked);
    assert!(tracked.contains("&lt;script&gt;"));
    let reviewer = logged_in(&app, "rev1", Role::Reviewer, None).await;
    let id = app
        .store
        .submission_by_tracking_number(&number)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (_, detail) = get(&app, &reviewer, &format!("/admin/submissions/{id}")).await;
    assert_escaped("back-office submission", &detail);
    let (_, queue) = get(&app, &reviewer, "/admin/submissions").await;
    assert_escaped("queue", &queue);
    let row = app.store.submission_by_tracking_number(&number).await.unwrap().unwrap();
    assert_eq!(row.description, explanation, "stored exactly as typed");
    assert_eq!(app.store.record_count().await.unwrap(), 10);

    // Attachment ids that try to walk the file system find nothing.
    for tricky in ["..%2F..%2Fetc%2Fpasswd", "%2e%2e", "1%00", "-1", "../../portal.db"] {
        let (status, _) = get(
            &app,
            &reviewer,
            &format!("/admin/submissions/{id}/attachments/{tricky}"),
        )
        .await;
        assert!(status == 404, "{tricky}: {status}");
    }
}

on_both_backends!(
    script_in_every_column_comes_back_escaped_everywhere,
    hostile_form_fields_are_stored_as_text,
);

#[tokio::test]
async fn every_response_carries_the_security_headers_and_pages_have_no_inline_script() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    for path in [
        "/",
        "/search",
        "/complaints/new",
        "/admin/login",
        "/api/v1/departments",
        "/no/such/page",
    ] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(
            h["permissions-policy"].to_str().unwrap().contains("camera=()"),
            "{path}"
        );
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{path}");
        // Plain HTTP (no PORTAL_SECURE_COOKIES): no HSTS, which would lock a test host out.
        assert!(!h.contains_key("strict-transport-security"), "{path}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("<script>"), "{path}: inline script");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let big = "x".repeat(3 * 1024 * 1024);
    for path in ["/track", "/pledges/new", "/admin/login", "/verify"] {
        let r = app
            .client
            .post(format!("{}{path}", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("a={big}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413, "{path}");
    }
}

// ---- Issue 15: no unauthenticated client can exhaust the server ----

/// `VmHWM` (peak) and `VmRSS` (now) of a process, in MiB.
fn memory_mib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or_else(|| panic!("no {name} in {status}"))
            / 1024
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// The bound the flood test holds the server to.
const FLOOD_RSS_BOUND_MIB: u64 = 300;

#[tokio::test]
async fn two_hundred_simultaneous_wrong_logins_run_a_bounded_number_of_argon2_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::process::portal(dir.path(), None);
    cmd.env("PORTAL_PASSWORD_CHECKS", "2");
    let server = common::process::Server::start(cmd).await;
    let pid = server.child.id();
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let (before, _) = memory_mib(pid);
    // Two hundred at once, one page load, a different account each (so the
    // address limit, not an account's, is what counts them).
    let flood = common::staff::simultaneous_logins(&server.base, &client, 200, |i| {
        (format!("nobody{i}"), "wrong-password".into())
    })
    .await;
    let mut checked = 0;
    let mut refused = 0;
    for (status, retry_after) in flood {
        match status {
            401 => checked += 1,
            429 | 503 => {
                assert!(retry_after, "a refusal says when to come back");
                refused += 1;
            }
            other => panic!("a login got {other}"),
        }
    }
    assert_eq!(checked + refused, 200);
    assert!(
        (1..=20).contains(&checked),
        "at most the address's 20 failures are counted and checked, got {checked}"
    );
    let metrics = server.metrics().await;
    let peak: usize = metrics
        .lines()
        .find_map(|l| l.strip_prefix("portal_password_checks_peak "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=2).contains(&peak),
        "at most PORTAL_PASSWORD_CHECKS=2 at once, saw {peak}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (peak_mib, after_mib) = memory_mib(pid);
    eprintln!("server RSS: {before} MiB before, peak {peak_mib} MiB, {after_mib} MiB after the flood");
    assert!(
        peak_mib < FLOOD_RSS_BOUND_MIB && after_mib < FLOOD_RSS_BOUND_MIB,
        "RSS peak {peak_mib} MiB / after {after_mib} MiB (bound {FLOOD_RSS_BOUND_MIB} MiB)"
    );
}

/// A connection that sends a request's headers one byte at a time, never finishing.
async fn slow_connection(addr: std::net::SocketAddr) -> Option<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.ok()?;
    Some(s)
}

/// Whether the server has closed `s` (reading gives end-of-file or an error).
async fn closed_by_server(s: &mut tokio::net::TcpStream) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 256];
    matches!(
        tokio::time::timeout(std::time::Duration::from_millis(200), s.read(&mut buf)).await,
        Ok(Ok(0)) | Ok(Err(_))
    )
}

/// `/healthz` answers within a second, five times over.
async fn healthz_answers_promptly(base: &str) {
    use std::time::{Duration, Instant};
    let probe = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let r = tokio::time::timeout(Duration::from_secs(1), probe.get(format!("{base}/healthz")).send())
            .await
            .expect("/healthz answered within a second under the flood")
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(t.elapsed() < Duration::from_secs(1));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Opens `n` slow connections, each trickling a byte every 800 ms until the
/// server closes it: how long each lived (None: still open after 20 s).
fn slow_flood(addr: std::net::SocketAddr, n: usize) -> Vec<tokio::task::JoinHandle<Option<std::time::Duration>>> {
    use std::time::{Duration, Instant};
    use tokio::io::AsyncWriteExt;
    (0..n)
        .map(|_| {
            tokio::spawn(async move {
                let opened = Instant::now();
                let Some(mut s) = slow_connection(addr).await else {
                    return Some(opened.elapsed());
                };
                loop {
                    if closed_by_server(&mut s).await {
                        return Some(opened.elapsed());
                    }
                    if opened.elapsed() > Duration::from_secs(20) {
                        return None;
                    }
                    if s.write_all(b"X").await.is_err() {
                        return Some(opened.elapsed());
                    }
                    tokio::time::sleep(Duration::from_millis(800)).await;
                }
            })
        })
        .collect()
}

#[tokio::test]
async fn slow_connections_are_cut_and_healthz_keeps_answering() {
    use std::time::{Duration, Instant};
    use tokio::io::AsyncWriteExt;
    // The test holds a few thousand sockets itself: as many as its open-file
    // limit allows, up to the two thousand.
    let files = portal::startup::raise_open_file_limit();
    let flood = 2_000.min(usize::try_from(files.saturating_sub(1_300)).unwrap_or(0));
    if flood < 2_000 {
        eprintln!("only {files} open files here: a flood of {flood} slow connections instead of 2,000");
    }
    assert!(flood >= 500, "too few open files ({files}) for a meaningful flood");
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::process::portal(dir.path(), None);
    cmd.env("PORTAL_HEADER_TIMEOUT_SECONDS", "3");
    let server = common::process::Server::start(cmd).await;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", server.port).parse().unwrap();

    // One slow connection alone: cut by the header timeout, not before.
    let started = Instant::now();
    let mut lone = slow_connection(addr).await.unwrap();
    while !closed_by_server(&mut lone).await {
        let _ = lone.write_all(b"X").await;
        assert!(started.elapsed() < Duration::from_secs(8), "a slow header is cut");
    }
    let cut_after = started.elapsed();
    assert!(
        cut_after >= Duration::from_secs(2),
        "cut after {cut_after:?}, before the timeout"
    );

    // Two thousand (or what the limit allows), each trickling a byte: /healthz answers meanwhile, and
    // every one of them is cut by the header timeout.
    let slow = slow_flood(addr, flood);
    healthz_answers_promptly(&server.base).await;
    for s in slow {
        let lived = s.await.unwrap().expect("a slow connection outlived the header timeout");
        assert!(lived < Duration::from_secs(10), "a slow connection lived {lived:?}");
    }

    // With a connection cap far below the flood (as with 1,024 open files),
    // a newcomer still gets in: the oldest idle connection makes room.
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::process::portal(dir.path(), None);
    cmd.env("PORTAL_HEADER_TIMEOUT_SECONDS", "5")
        .env("PORTAL_MAX_CONNECTIONS", "300");
    let capped = common::process::Server::start(cmd).await;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", capped.port).parse().unwrap();
    let slow = slow_flood(addr, 1_000.min(flood));
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    healthz_answers_promptly(&capped.base).await;
    for s in slow {
        assert!(s.await.unwrap().is_some(), "every slow connection was closed");
    }
}

#[tokio::test]
async fn tracking_lookups_are_limited_per_address() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    let client = browser();
    for i in 0..portal::http::TRACKING_LOOKUPS_PER_WINDOW {
        let r = track_response(&app, &client, "TS20261127000000", &format!("{i:08}")).await;
        assert_eq!(r.status(), 422, "lookup {i}: a wrong code is refused");
    }
    let r = track_response(&app, &client, "TS20261127000000", "ABCDEFGH").await;
    assert_eq!(r.status(), 429, "no more guessing from this address");
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn feeds_and_catalogue_link_to_the_configured_origin_never_the_host_header() {
    let app = common::spawn_app_with(common::Backend::Sqlite, common::test_now(), |s| {
        s.with_public_url("https://credit.example.gov.cn".into())
    })
    .await
    .unwrap();
    for path in ["/changes.atom", "/downloads/catalog.jsonld"] {
        let body = app
            .client
            .get(format!("{}{path}", app.base))
            .header("host", "evil.example")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!body.contains("evil.example"), "{path}: {body}");
        assert!(body.contains("https://credit.example.gov.cn/"), "{path}: {body}");
    }
}

#[tokio::test]
async fn malformed_requests_get_the_portals_error_page_or_the_apis_json() {
    let app = common::spawn_app(common::Backend::Sqlite).await.unwrap();
    // Repeated parameters and a path that is not UTF-8.
    for path in [
        "/search?q=a&q=b",
        "/departments/1?kind=penalty&kind=permit",
        "/records/%FF",
        "/lists/black?page=1&page=2",
    ] {
        let r = app.get(path).await;
        let status = r.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
        let kind = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with("text/html"), "{path}: {kind}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains("<html") && body.contains("首页"),
            "{path}: the portal's page, got {body}"
        );
    }
    for path in [
        "/api/v1/records?limit=1&limit=2",
        "/api/v1/records/%FF",
        "/api/v1/nothing-here",
        "/api/v1/changes?since=1&since=2",
    ] {
        let r = app.get(path).await;
        let status = r.status().as_u16();
        assert!((400..500).contains(&status), "{path}: {status}");
        assert_eq!(r.headers()["access-control-allow-origin"], "*", "{path}");
        let body: serde_json::Value = r.json().await.unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
        assert!(body["error"]["message"].is_string(), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_body_trickled_past_the_request_timeout_is_answered_408() {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::process::portal(dir.path(), None);
    cmd.env("PORTAL_REQUEST_TIMEOUT_SECONDS", "2");
    let server = common::process::Server::start(cmd).await;
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", server.port))
        .await
        .unwrap();
    // Headers in full, then a form body of 1,000 bytes that never finishes.
    s.write_all(
        b"POST /track HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
          Content-Length: 1000\r\n\r\ncsrf=",
    )
    .await
    .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(8) {
        let _ = s.write_all(b"a").await;
        match tokio::time::timeout(Duration::from_millis(500), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => {}
        }
    }
    let answered_after = started.elapsed();
    let head = String::from_utf8_lossy(&answer).to_string();
    assert!(head.starts_with("HTTP/1.1 408"), "after {answered_after:?}: {head}");
    assert!(
        (Duration::from_millis(1_500)..Duration::from_secs(6)).contains(&answered_after),
        "answered after {answered_after:?}"
    );
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/html"),
        "the portal's page: {head}"
    );
}
