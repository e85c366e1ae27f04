//! `portal bench-download`: loads N demo records, serves them, and downloads
//! `/downloads/{kind}.csv` over HTTP while sampling the process's resident
//! memory, to show the bulk download streams (memory stays flat however large
//! the file). Prints Markdown for docs/PERFORMANCE.md.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::domain::clock::FixedClock;
use app::domain::kinds::RecordKind;
use app::domain::working_days::Calendar;
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::http::AppState;
use crate::search::SearchIndex;
use crate::startup::Application;
use crate::store::Store;

/// Current resident memory (VmRSS) in KiB; 0 off Linux.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Downloads `path` from `addr` with a plain HTTP/1.1 GET, counting bytes and
/// lines without keeping the body.
async fn download(addr: std::net::SocketAddr, path: &str) -> anyhow::Result<(u64, u64)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut buf = vec![0u8; 64 * 1024];
    let (mut bytes, mut lines) = (0u64, 0u64);
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    Ok((bytes, lines))
}

pub async fn run(
    store: &Store,
    data_dir: &std::path::Path,
    records: u64,
    kind: RecordKind,
    seed: u64,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let started = Instant::now();
    let report = crate::demo_load::load_demo(store, records, seed, now, &ProgressBar::hidden()).await?;
    let load = started.elapsed();
    anyhow::ensure!(report.rejected == 0, "demo rows were rejected");

    let state = AppState::new(
        store.clone(),
        Arc::new(FixedClock(now)),
        Calendar::official(),
        SearchIndex::open(data_dir)?,
    );
    let app = Application::build("127.0.0.1:0".parse()?, state).await?;
    let addr = app.local_addr();
    tokio::spawn(app.run_until_stopped());

    let path = format!("/downloads/{}.csv", kind.code());
    // A first small request warms the server (pools, caches) before measuring.
    download(addr, "/downloads").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = rss_kib();
    let peak = Arc::new(AtomicU64::new(before));
    let done = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        tokio::spawn(async move {
            while done.load(Ordering::Relaxed) == 0 {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };
    let started = Instant::now();
    let (bytes, lines) = download(addr, &path).await?;
    let took = started.elapsed();
    done.store(1, Ordering::Relaxed);
    sampler.await?;
    let peak = peak.load(Ordering::Relaxed).max(rss_kib());
    let growth = peak.saturating_sub(before);
    let mib = |kib: u64| kib as f64 / 1024.0;
    let file_mib = bytes as f64 / 1024.0 / 1024.0;
    Ok(format!(
        "| records loaded | {records} (in {load:.0?}) |\n\
         |---|---|\n\
         | download | `{path}`: {} rows, {file_mib:.1} MiB in {:.2} s ({:.1} MiB/s) |\n\
         | resident memory before | {:.1} MiB |\n\
         | peak during the download | {:.1} MiB |\n\
         | growth | {:.1} MiB = {:.1}% of the file (holding the file would cost ≥ 100%) |\n",
        lines.saturating_sub(1),
        took.as_secs_f64(),
        file_mib / took.as_secs_f64().max(1e-9),
        mib(before),
        mib(peak),
        mib(growth),
        if bytes > 0 { mib(growth) / file_mib * 100.0 } else { 0.0 },
    ))
}
