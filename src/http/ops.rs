//! Operations endpoints: `/healthz` (the process answers), `/readyz` (the
//! database answers and the search index is within a few seconds of the change
//! log) and `/metrics` (Prometheus text format, from loopback only or with the
//! token in `PORTAL_METRICS_TOKEN`).
//!
//! The counters are kept here rather than in a global recorder (the `metrics`
//! crate installs one per process), so several portals in one test process
//! each count their own requests.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::domain::submission_workflow::urgency;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::client_ip::ClientIp;
use super::AppState;
use crate::import::ImportSource;
use crate::store::{ImportRunTotals, QueueFilter, RunOutcome};

/// The index may trail the change log by this long and still be "ready".
pub const READY_MAX_INDEX_DELAY: Duration = Duration::from_secs(5);
/// How long `/metrics` waits for its database figures before leaving them out.
const METRICS_DATABASE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long `/readyz` waits for the database before it says "not ready".
const READY_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// Latency buckets in seconds (upper bounds).
const BUCKETS: [f64; 16] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.35, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// Requests and latency per route, since the process started.
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    fn observe(&self, route: &str, status: u16, took: Duration) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let r = routes.entry(route.to_string()).or_default();
        *r.by_status.entry(status).or_default() += 1;
        let secs = took.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                r.buckets[i] += 1;
            }
        }
        r.count += 1;
        r.sum_seconds += secs;
    }

    fn render(&self, out: &mut String) {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str("# HELP portal_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE portal_http_requests_total counter\n");
        for (route, r) in routes.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "portal_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP portal_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE portal_http_request_duration_seconds histogram\n");
        for (route, r) in routes.iter() {
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "portal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {}",
                    r.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                r.sum_seconds
            );
            let _ = writeln!(
                out,
                "portal_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                r.count
            );
        }
    }
}

/// Counts every request under its route pattern (`/records/{id}`, not the id).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    state
        .metrics
        .observe(&route, response.status().as_u16(), started.elapsed());
    response
}

pub async fn healthz() -> &'static str {
    "ok"
}

/// How far the search index trails the change log whose last sequence is
/// `log`: (rows, age of the oldest unindexed row).
async fn index_lag(state: &AppState, log: i64) -> Result<(i64, Duration), String> {
    let indexed = state
        .search
        .generation()
        .committed_seq()
        .map_err(|e| format!("index: {e}"))?;
    if indexed >= log {
        return Ok((0, Duration::ZERO));
    }
    let first = state
        .store
        .changes_after(indexed, 1)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let age = first
        .first()
        .map(|c| (state.clock.now() - c.at).to_std().unwrap_or_default())
        .unwrap_or_default();
    Ok((log - indexed, age))
}

/// [`index_lag`], reading the change log's last sequence first.
async fn current_index_lag(state: &AppState) -> Result<(i64, Duration), String> {
    let log = state.store.log_seq().await.map_err(|e| format!("database: {e}"))?;
    index_lag(state, log).await
}

/// One metric with its HELP and TYPE lines.
fn metric(out: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    // A probe must not hang for the pool's acquire timeout while the database is down.
    let lag = tokio::time::timeout(READY_CHECK_TIMEOUT, current_index_lag(&state))
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {READY_CHECK_TIMEOUT:?}")));
    match lag {
        Ok((rows, age)) if rows == 0 || age <= READY_MAX_INDEX_DELAY => (StatusCode::OK, "ready").into_response(),
        Ok((rows, age)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("index {rows} changes behind, oldest {:.1} s", age.as_secs_f64()),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "not ready: database or index unavailable",
            )
                .into_response()
        }
    }
}

fn token_ok(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|sent| {
            sent.len() == token.len() && sent.bytes().zip(token.bytes()).fold(0, |a, (x, y)| a | (x ^ y)) == 0
        })
}

/// Import runs of every process on the database (`import_runs`). The counter
/// counts ended runs only, so it never goes down when a running run ends;
/// every source shows `done` and `failed`, zero until the first such run.
fn render_import_runs(out: &mut String, totals: &ImportRunTotals) {
    let mut runs: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for source in ImportSource::ALL {
        for outcome in [RunOutcome::Done, RunOutcome::Failed] {
            runs.insert((source.code(), outcome.code()), 0);
        }
    }
    for g in totals.groups.iter().filter(|g| g.outcome != "running") {
        *runs.entry((g.source.as_str(), g.outcome.as_str())).or_default() += g.runs;
    }
    out.push_str("# HELP portal_import_runs_total Ended import runs by source (cli, upload, demo) and outcome.\n");
    out.push_str("# TYPE portal_import_runs_total counter\n");
    for ((source, outcome), n) in &runs {
        let _ = writeln!(
            out,
            "portal_import_runs_total{{source=\"{source}\",outcome=\"{outcome}\"}} {n}"
        );
    }
    let rows = &totals.rows;
    out.push_str("# HELP portal_import_rows_total Imported rows by what became of them.\n");
    out.push_str("# TYPE portal_import_rows_total counter\n");
    for (outcome, n) in [
        ("created", rows.created),
        ("corrected", rows.corrected),
        ("unchanged", rows.unchanged),
        ("rejected", rows.rejected),
    ] {
        let _ = writeln!(out, "portal_import_rows_total{{outcome=\"{outcome}\"}} {n}");
    }
    metric(
        out,
        "portal_import_runs_unfinished",
        "gauge",
        "Import runs not ended: running now, or their process died.",
        totals.unfinished,
    );
}

pub async fn metrics(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap) -> Response {
    let allowed = match &state.metrics_token {
        Some(token) => token_ok(&headers, token),
        None => ip.is_loopback(),
    };
    if !allowed {
        return (
            StatusCode::FORBIDDEN,
            "metrics are served to loopback or with the configured token\n",
        )
            .into_response();
    }
    let mut out = String::new();
    state.metrics.render(&mut out);
    metric(
        &mut out,
        "portal_password_checks_peak",
        "gauge",
        "The most argon2 password checks that ran at once since start (bounded by PORTAL_PASSWORD_CHECKS).",
        state.passwords.peak(),
    );
    metric(
        &mut out,
        "portal_password_checks_refused_total",
        "counter",
        "Logins answered 503 because every password check slot was in use.",
        state.passwords.refused(),
    );
    metric(
        &mut out,
        "portal_page_cache_hits_total",
        "counter",
        "Public pages answered from memory (http::page_cache).",
        state.pages.hits(),
    );
    metric(
        &mut out,
        "portal_page_cache_renders_total",
        "counter",
        "Public pages rendered behind the page cache (not in memory, or out of date).",
        state.pages.renders(),
    );
    metric(
        &mut out,
        "portal_search_running_peak",
        "gauge",
        "The most searches that ran at once since start (at most one per core; more wait).",
        state.search_slots.peak(),
    );
    metric(
        &mut out,
        "portal_page_cache_pages",
        "gauge",
        "Public pages held in memory.",
        state.pages.len(),
    );
    // While the database is down each read would wait for the pool: bound the scrape.
    let (up, figures) = tokio::time::timeout(METRICS_DATABASE_TIMEOUT, database_figures(&state))
        .await
        .unwrap_or_default();
    out.push_str(&figures);
    metric(
        &mut out,
        "portal_database_up",
        "gauge",
        "Whether the database answered this scrape (1) or not (0).",
        u8::from(up),
    );
    let mut r = out.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    r
}

/// The figures read from the database and the index; a figure whose read fails
/// is left out. Also says whether the database answered at all.
async fn database_figures(state: &AppState) -> (bool, String) {
    let mut out = String::new();
    let Ok(log) = state.store.log_seq().await else {
        return (false, out);
    };
    metric(
        &mut out,
        "portal_change_log_seq",
        "counter",
        "The change log's last sequence number (imports, decisions, …).",
        log,
    );
    if let Ok((rows, age)) = index_lag(state, log).await {
        let help = "Change-log rows the search index has not applied.";
        metric(&mut out, "portal_index_lag_changes", "gauge", help, rows);
        let help = "Age of the oldest change the index has not applied.";
        metric(&mut out, "portal_index_lag_seconds", "gauge", help, age.as_secs_f64());
    }
    let filter = QueueFilter {
        open_only: true,
        ..QueueFilter::default()
    };
    if let Ok(rows) = state.store.queue(&filter).await {
        let today = state.clock.today();
        // The queue's own rules: each submission's current deadline, then its urgency.
        let overdue = rows
            .iter()
            .filter_map(|r| super::submissions::current_deadline(state, r))
            .filter(|d| urgency(&state.calendar, d.due, today).is_overdue())
            .count();
        let help = "Submissions waiting for the office.";
        metric(&mut out, "portal_submissions_open", "gauge", help, rows.len());
        let help = "Open submissions past their working-day deadline.";
        metric(&mut out, "portal_submissions_overdue", "gauge", help, overdue);
    }
    if let Ok(n) = state.store.record_count().await {
        metric(&mut out, "portal_records", "gauge", "Records stored (every state).", n);
    }
    if let Ok(totals) = state.store.import_run_totals().await {
        render_import_runs(&mut out, &totals);
    }
    (true, out)
}
