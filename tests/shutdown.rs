//! Graceful shutdown: on SIGTERM `portal serve` stops taking new connections,
//! finishes the request in flight (here a form post whose body is still
//! arriving), commits the search index up to the last change, and exits 0.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::process::{portal, Server};
use portal::search::SearchIndex;
use portal::store::Store;

/// The `name=value` pairs a browser would send back from these Set-Cookie headers.
fn cookie_header(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ")
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_and_commits_the_index() {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = portal(data.path(), None);
    // The follower polls rarely, so only the shutdown can bring the index up to date.
    cmd.env("PORTAL_INDEX_POLL_MS", "600000");
    let mut server = Server::spawn(cmd);
    let (base, port) = (server.base.clone(), server.port);
    let started = Instant::now();
    while reqwest::get(format!("{base}/readyz"))
        .await
        .map_or(0, |r| r.status().as_u16())
        != 200
    {
        assert!(started.elapsed() < Duration::from_secs(30), "the portal did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Records arrive through another process; the running server's index has not seen them.
    let import = portal(data.path(), None)
        .args(["import", "--kind", "penalty"])
        .arg(common::fixture("penalties_10_good_3_bad.csv"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&import.stdout).contains("新增 10"));
    let store = Store::connect(&Store::sqlite_url(data.path())).await.unwrap();
    let log_seq = store.log_seq().await.unwrap();
    assert!(
        SearchIndex::open(data.path())
            .unwrap()
            .generation()
            .committed_seq()
            .unwrap()
            < log_seq,
        "before the shutdown the index trails the log"
    );

    // A complaint whose body is half sent when SIGTERM arrives.
    let form = reqwest::get(format!("{base}/complaints/new")).await.unwrap();
    let cookies = cookie_header(&form);
    let page = form.text().await.unwrap();
    let enc = app::pages::url_encode;
    let body = [
        ("csrf", common::forms::hidden(&page, "csrf")),
        ("form_id", common::forms::hidden(&page, "form_id")),
        ("target_kind", "enterprise".into()),
        ("target_name", "嘉峪关市镜铁食品有限公司".into()),
        ("target_uscc", "91320322MABLP2X24R".into()),
        ("category", "食品安全".into()),
        ("description", "超市出售过期食品，多次反映未改正。".into()),
        ("contact_name", "李四".into()),
        ("phone", "13912345678".into()),
        ("email", String::new()),
        ("website", String::new()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", enc(v)))
    .collect::<Vec<_>>()
    .join("&");
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        conn,
        "POST /complaints/new HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookies}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    conn.write_all(first).unwrap();
    conn.flush().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.send_sigterm();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(server.alive(), "the server waits for the request in flight");
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "no new connections once shutting down"
    );

    conn.write_all(rest).unwrap();
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 303"),
        "the complaint in flight was answered: {answer}"
    );

    let waited = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(waited.elapsed() < Duration::from_secs(30), "the server did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a clean exit: {status}");

    // The complaint is stored, and the index is committed up to the last change.
    let log_seq = store.log_seq().await.unwrap();
    let (submissions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions")
        .fetch_one(
            &sqlx::SqlitePool::connect(&Store::sqlite_url(data.path()))
                .await
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(submissions, 1);
    let committed = SearchIndex::open(data.path())
        .unwrap()
        .generation()
        .committed_seq()
        .unwrap();
    assert_eq!(committed, log_seq, "the index was committed at shutdown");
}
