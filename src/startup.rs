//! Building and running the HTTP server. `Application::build` binds the
//! listener first, so tests can ask for port 0 and read back the real port.
//!
//! The accept loop bounds what a client can hold (issue 15), so slow or idle
//! connections cannot exhaust the open files the database and index need:
//! - a request's headers must arrive within [`ConnectionLimits::header_timeout`],
//!   which is also how long a kept-alive connection may sit idle (hyper starts
//!   the same timer whenever it waits for a request head);
//! - at most [`ConnectionLimits::max_connections`] are open at once. When full,
//!   the oldest connection with no request in progress (idle, or still sending
//!   its headers) is closed to make room, as nginx reuses its idle keep-alive
//!   connections; only when every connection is busy is the new one refused.
//!
//! The time a request may take once its headers are in (its body included) is
//! the router's `RequestTimeout` layer (`http::timeouts`).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::http::{router, AppState};

/// What one client connection may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a request's headers may take to arrive, and how long a
    /// kept-alive connection may wait for its next request.
    pub header_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

/// `PORTAL_HEADER_TIMEOUT_SECONDS` when unset.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Open files kept for the database pool, the search index, uploads and logs
/// when the connection cap is derived from the process's open-file limit.
pub const RESERVED_OPEN_FILES: u64 = 512;
/// The cap never goes above this, however many files may be open.
pub const MOST_CONNECTIONS: usize = 16_384;

impl ConnectionLimits {
    /// The limits for a process allowed `open_files` descriptors.
    pub fn for_open_files(open_files: u64) -> ConnectionLimits {
        let room = open_files.saturating_sub(RESERVED_OPEN_FILES).max(64);
        ConnectionLimits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            max_connections: usize::try_from(room).unwrap_or(MOST_CONNECTIONS).min(MOST_CONNECTIONS),
        }
    }

    /// From `PORTAL_HEADER_TIMEOUT_SECONDS` and `PORTAL_MAX_CONNECTIONS` (each
    /// optional) for a process allowed `open_files` descriptors; a cap that
    /// leaves no room for the database and index is refused.
    pub fn from_settings(
        header_timeout: Option<&str>,
        max_connections: Option<&str>,
        open_files: u64,
    ) -> Result<ConnectionLimits, String> {
        let mut limits = ConnectionLimits::for_open_files(open_files);
        if let Some(v) = header_timeout.map(str::trim).filter(|v| !v.is_empty()) {
            let secs = v.parse::<u64>().ok().filter(|s| (1..=600).contains(s)).ok_or_else(|| {
                format!("PORTAL_HEADER_TIMEOUT_SECONDS: “{v}” is not a number of seconds from 1 to 600")
            })?;
            limits.header_timeout = Duration::from_secs(secs);
        }
        if let Some(v) = max_connections.map(str::trim).filter(|v| !v.is_empty()) {
            let n =
                v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    format!("PORTAL_MAX_CONNECTIONS: “{v}” is not a number of connections (1 or more)")
                })?;
            if n as u64 + RESERVED_OPEN_FILES > open_files {
                return Err(format!(
                    "PORTAL_MAX_CONNECTIONS: {n} connections leave too few of the {open_files} open files this \
                     process may use for the database and the search index (keep {RESERVED_OPEN_FILES}); \
                     lower it or raise the limit (LimitNOFILE= in the systemd unit)"
                ));
            }
            limits.max_connections = n;
        }
        Ok(limits)
    }
}

/// Raises the process's soft open-file limit to its hard limit (as Go and
/// nginx do at start) and returns the limit now in force.
pub fn raise_open_file_limit() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024)
}

pub struct Application {
    listener: TcpListener,
    state: AppState,
    limits: ConnectionLimits,
}

impl Application {
    pub async fn build(addr: SocketAddr, state: AppState) -> std::io::Result<Application> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Application {
            listener,
            state,
            limits: ConnectionLimits::for_open_files(rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |l| l.0)),
        })
    }

    /// Sets the connection limits (`portal serve` reads them from the environment).
    pub fn with_limits(mut self, limits: ConnectionLimits) -> Application {
        self.limits = limits;
        self
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C / SIGTERM, finishing requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes, then finishes requests in flight.
    pub async fn run_until(self, stop: impl std::future::Future<Output = ()>) -> std::io::Result<()> {
        let app = router(self.state);
        let limits = self.limits;
        let connections = Arc::new(Connections::default());
        let graceful = GracefulShutdown::new();
        tokio::pin!(stop);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of files or a connection reset while queued: wait
                        // a moment rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut stop => break,
            };
            let Some(connection) = connections.admit(limits.max_connections) else {
                tracing::debug!(%peer, "every connection is busy: refused");
                drop(stream);
                continue;
            };
            let app = app.clone();
            let in_flight = connection.in_flight.clone();
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                let request_guard = InFlight::start(in_flight.clone());
                let app = app.clone();
                async move {
                    let response = app.oneshot(request.map(axum::body::Body::new)).await;
                    drop(request_guard);
                    Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
                }
            });
            let served = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let served = graceful.watch(served);
            let connections = connections.clone();
            tokio::spawn(async move {
                tokio::select! {
                    result = served => {
                        if let Err(e) = result {
                            tracing::debug!(%peer, error = %e, "connection closed with an error");
                        }
                    }
                    () = connection.evicted.notified() => {
                        tracing::debug!(%peer, "idle connection closed to make room");
                    }
                }
                connections.close(connection.id);
            });
        }
        drop(self.listener);
        tokio::select! {
            () = graceful.shutdown() => {},
            () = tokio::time::sleep(SHUTDOWN_GRACE) => {
                tracing::warn!("requests still running after {SHUTDOWN_GRACE:?}: stopping anyway");
            }
        }
        Ok(())
    }
}

/// How long requests in flight get to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The open connections, oldest first.
#[derive(Default)]
struct Connections {
    open: Mutex<(u64, BTreeMap<u64, Arc<Connection>>)>,
}

struct Connection {
    id: u64,
    /// Requests of this connection being answered now.
    in_flight: Arc<AtomicUsize>,
    /// Told when the connection is closed to make room for a new one.
    evicted: Notify,
}

impl Connections {
    /// Registers a new connection; when `max` are open, first closes the
    /// oldest one with no request in progress, or refuses (None) if all are busy.
    fn admit(&self, max: usize) -> Option<Arc<Connection>> {
        let mut guard = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let (next_id, open) = &mut *guard;
        if open.len() >= max {
            let idle = open
                .iter()
                .find(|(_, c)| c.in_flight.load(Ordering::Acquire) == 0)
                .map(|(id, _)| *id)?;
            if let Some(c) = open.remove(&idle) {
                // Stored as a permit if the task is not waiting yet.
                c.evicted.notify_one();
            }
        }
        *next_id += 1;
        let c = Arc::new(Connection {
            id: *next_id,
            in_flight: Arc::new(AtomicUsize::new(0)),
            evicted: Notify::new(),
        });
        open.insert(c.id, c.clone());
        Some(c)
    }

    fn close(&self, id: u64) {
        self.open.lock().unwrap_or_else(|e| e.into_inner()).1.remove(&id);
    }
}

/// Counts a request in progress on its connection until dropped.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn start(count: Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::AcqRel);
        InFlight(count)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// How long `serve` waits at shutdown for the search index to catch up and commit.
const SHUTDOWN_INDEX_WAIT: Duration = Duration::from_secs(30);

/// `portal serve` once the database is open: reads every setting, starts the
/// search index follower and the scheduled tick, and serves until stopped;
/// then lets the index commit up to the last change. `main.rs` only dispatches.
pub async fn serve(
    config: &crate::config::DataConfig,
    store: crate::store::Store,
    addr: SocketAddr,
    clock: Arc<dyn app::domain::clock::Clock>,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let site = crate::config::load_site_settings(&config.data_dir)?;
    let calendar = Arc::new(crate::live_calendar::LiveCalendar::watching(&config.data_dir)?);
    let year = chrono::Datelike::year(&clock.today());
    tracing::info!(
        years = ?calendar.years(),
        "working-day calendar loaded; changes to {}/cn_holidays.csv are loaded at the next tick, no restart needed",
        config.data_dir.display()
    );
    if !calendar.has_data_for_year(year) {
        tracing::warn!(
            "no official holiday arrangement for {year}: working days fall back to weekends and the fixed-date \
             statutory holidays (元旦, 劳动节, 国庆); put the year's rows in {}/cn_holidays.csv",
            config.data_dir.display()
        );
    }
    // Every setting, read and checked before anything starts.
    let open_files = raise_open_file_limit();
    let settings = crate::settings::ServeSettings::from_env(addr.port(), open_files).map_err(anyhow::Error::msg)?;
    let search = crate::search::SearchIndex::open(&config.data_dir)?;
    // The follower replays whatever the index has not committed yet (everything, the first time).
    let (stop_follower, follower_stop) = tokio::sync::watch::channel(false);
    let follower = tokio::spawn(crate::search::sync::follow(
        search.clone(),
        store.clone(),
        clock.clone(),
        settings.index_poll,
        follower_stop,
    ));
    // Scheduled work: right after start, then every PORTAL_TICK_SECONDS.
    tokio::spawn(crate::tick::run_periodically(
        store.clone(),
        calendar.clone(),
        clock.clone(),
        settings.tick_interval,
    ));
    let state = crate::http::AppState::new(
        store,
        clock,
        app::domain::working_days::Calendar::weekends_only(),
        search,
    )
    .with_live_calendar(calendar)
    .with_site(site)
    .with_attachments_dir(config.attachments_dir());
    let state = settings.apply(state);
    crate::http::figures::warm(&state);
    let limits = settings.connections;
    let app = Application::build(addr, state)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?
        .with_limits(limits);
    tracing::info!(
        open_files,
        max_connections = limits.max_connections,
        header_timeout = ?limits.header_timeout,
        "portal at http://{}",
        app.local_addr()
    );
    app.run_until_stopped().await?;
    // Requests in flight are done; commit the index up to the last change.
    let _ = stop_follower.send(true);
    if tokio::time::timeout(SHUTDOWN_INDEX_WAIT, follower).await.is_err() {
        tracing::warn!("search index did not finish within {SHUTDOWN_INDEX_WAIT:?}; the next start catches up");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_the_database_and_index() {
        assert_eq!(ConnectionLimits::for_open_files(1024).max_connections, 512);
        assert_eq!(ConnectionLimits::for_open_files(10_000).max_connections, 9_488);
        assert_eq!(
            ConnectionLimits::for_open_files(1 << 20).max_connections,
            MOST_CONNECTIONS
        );
        let set = ConnectionLimits::from_settings(Some("3"), Some("100"), 1024).unwrap();
        assert_eq!(set.header_timeout, Duration::from_secs(3));
        assert_eq!(set.max_connections, 100);
        let too_many = ConnectionLimits::from_settings(None, Some("1000"), 1024).unwrap_err();
        assert!(
            too_many.contains("PORTAL_MAX_CONNECTIONS") && too_many.contains("1024"),
            "{too_many}"
        );
        for bad in ["0", "soon", "-1"] {
            let e = ConnectionLimits::from_settings(Some(bad), None, 1024).unwrap_err();
            assert!(e.contains("PORTAL_HEADER_TIMEOUT_SECONDS") && e.contains(bad), "{e}");
        }
    }

    #[test]
    fn a_full_server_closes_its_oldest_idle_connection_and_refuses_only_when_all_are_busy() {
        let connections = Connections::default();
        let first = connections.admit(2).unwrap();
        let second = connections.admit(2).unwrap();
        first.in_flight.store(1, Ordering::Release);
        // Full: the first is busy, so the second (idle) makes room.
        let third = connections.admit(2).unwrap();
        let open: Vec<u64> = connections.open.lock().unwrap().1.keys().copied().collect();
        assert_eq!(open, vec![first.id, third.id]);
        drop(second);
        third.in_flight.store(1, Ordering::Release);
        assert!(connections.admit(2).is_none(), "every connection busy: refused");
        first.in_flight.store(0, Ordering::Release);
        assert!(connections.admit(2).is_some());
    }
}
