//! The axum router: public pages, static assets and security headers.
//! Handlers are thin: parse → ask the store → turn rows into views → render.

mod admin;
mod api;
mod assets;
mod budget;
mod cases;
mod client_ip;
mod cookies;
mod csrf;
mod downloads;
mod error;
mod feeds;
pub mod figures;
mod labels;
mod ops;
mod page_cache;
pub use page_cache::max_age_from as page_cache_from;
mod pages;
mod present;
mod query_code;
pub mod rate_limit;
mod record_submissions;
mod reports;
mod respond;
mod routes;
mod search;
mod statistics;
mod submissions;
mod tokens;
mod uploads;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::domain::clock::Clock;
use app::domain::working_days::Calendar;
use app::site::SiteSettings;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use leptos::prelude::{provide_context, Owner};
use leptos::reactive::computed::ScopedFuture;
use tokio::sync::OnceCell;
use tower_http::set_header::SetResponseHeaderLayer;

pub use budget::request_budget_from;
pub use client_ip::parse_trusted_proxies;
pub use error::AppError;

use self::rate_limit::RateLimiter;
use crate::search::SearchIndex;
use crate::store::Store;

/// Shared by every request: one pointer to [`Shared`], so the clone each
/// layer and extractor makes is one reference count, not two dozen (cloning
/// the fields one by one was an eighth of the server's time on a remembered
/// page). Reads go through `Deref`; the `with_*` settings and tests assign
/// fields through `DerefMut`, which copies the fields only if the state is
/// already shared (never, before the router is built).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }
}

/// What [`AppState`] holds.
#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    /// The working-day calendar; reloaded by the tick when its file changes.
    pub calendar: Arc<crate::live_calendar::LiveCalendar>,
    pub search: SearchIndex,
    /// Public records per kind, department and list (`figures`).
    tally: Arc<figures::FigureCache<figures::Tally>>,
    /// Accepted submissions per client IP.
    limiter: Arc<RateLimiter>,
    /// Every argon2 computation (login, password change) goes through this.
    passwords: Arc<crate::auth::password::PasswordGate>,
    /// The server secret from the database, loaded on first use.
    secret: Arc<OnceCell<Vec<u8>>>,
    /// Where attachment bytes are written (`<data>/attachments`): never served.
    attachments_dir: PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see `client_ip`).
    trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Served over TLS (behind nginx): session cookies get `Secure`.
    secure_cookies: bool,
    /// Credit reports issued, and verification attempts, per client IP.
    reports_limiter: Arc<RateLimiter>,
    verify_limiter: Arc<RateLimiter>,
    /// Tracking lookups (`/track`) per client IP.
    track_limiter: Arc<RateLimiter>,
    /// Requests and latency per route, for /metrics.
    metrics: Arc<ops::Metrics>,
    /// When set, /metrics wants `Authorization: Bearer <token>` (else loopback only).
    metrics_token: Option<Arc<str>>,
    /// The statistics snapshot (`figures`).
    stats: Arc<figures::FigureCache<statistics::Snapshot>>,
    /// Requests per client per minute on the open-data API.
    api_rate: usize,
    api_limiter: Arc<RateLimiter>,
    /// What every page shows of the site (reporting channels), from `site.toml`.
    site: Arc<SiteSettings>,
    /// How long a public read may take before it is answered 503 (`budget`).
    request_budget: Duration,
    /// How long any request may take, its body included, before 408.
    request_timeout: Duration,
    /// The portal's public origin for absolute links (Atom, DCAT): never the
    /// request's `Host`, which any client can set.
    public_url: Arc<str>,
    /// Public pages remembered as rendered until the data changes.
    pages: Arc<page_cache::PageCache>,
    /// Searches running at once, at most one per core.
    search_slots: Arc<search::SearchSlots>,
}

impl AppState {
    pub fn new(store: Store, clock: Arc<dyn Clock>, calendar: Calendar, search: SearchIndex) -> AppState {
        AppState(Arc::new(Shared {
            store,
            clock,
            calendar: Arc::new(crate::live_calendar::LiveCalendar::fixed(calendar)),
            search,
            tally: Arc::new(figures::FigureCache::new(figures::SYNC_LIMIT)),
            limiter: Arc::new(RateLimiter::new(SUBMISSIONS_PER_WINDOW, SUBMISSION_WINDOW)),
            passwords: Arc::new(crate::auth::password::PasswordGate::new(
                crate::auth::password::default_concurrent_checks(),
            )),
            secret: Arc::new(OnceCell::new()),
            attachments_dir: std::env::temp_dir().join("portal-attachments"),
            trusted_proxies: Arc::new(Vec::new()),
            secure_cookies: false,
            stats: Arc::new(figures::FigureCache::new(figures::SYNC_LIMIT)),
            metrics: Arc::new(ops::Metrics::default()),
            metrics_token: None,
            reports_limiter: Arc::new(RateLimiter::new(REPORTS_PER_WINDOW, SUBMISSION_WINDOW)),
            verify_limiter: Arc::new(RateLimiter::new(VERIFICATIONS_PER_WINDOW, SUBMISSION_WINDOW)),
            track_limiter: Arc::new(RateLimiter::new(TRACKING_LOOKUPS_PER_WINDOW, SUBMISSION_WINDOW)),
            api_rate: API_REQUESTS_PER_MINUTE,
            api_limiter: Arc::new(RateLimiter::new(API_REQUESTS_PER_MINUTE, Duration::from_secs(60))),
            site: Arc::new(SiteSettings::default()),
            request_budget: budget::DEFAULT_REQUEST_BUDGET,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            public_url: Arc::from("http://localhost"),
            pages: Arc::new(page_cache::PageCache::new(page_cache::DEFAULT_MAX_AGE)),
            search_slots: Arc::new(search::SearchSlots::per_core()),
        }))
    }

    /// How long a public page may be answered from memory
    /// (`PORTAL_PAGE_CACHE_SECONDS`; zero: never).
    pub fn with_page_cache(mut self, max_age: Duration) -> AppState {
        self.pages = Arc::new(page_cache::PageCache::new(max_age));
        self
    }

    /// Serves stale public figures while refreshing them once a portal has
    /// more than `public_records` public records (`figures::SYNC_LIMIT` by default).
    pub fn with_figures_sync_limit(mut self, public_records: i64) -> AppState {
        self.tally = Arc::new(figures::FigureCache::new(public_records));
        self.stats = Arc::new(figures::FigureCache::new(public_records));
        self
    }

    /// Runs at most `checks` argon2 computations at once (`PORTAL_PASSWORD_CHECKS`).
    pub fn with_password_checks(mut self, checks: usize) -> AppState {
        self.passwords = Arc::new(crate::auth::password::PasswordGate::new(checks));
        self
    }

    /// Sets how long a public read may take before it is answered 503.
    pub fn with_request_budget(mut self, budget: Duration) -> AppState {
        self.request_budget = budget;
        self
    }

    /// Sets the public origin used in absolute links (see [`public_url_from`]).
    pub fn with_public_url(mut self, url: String) -> AppState {
        self.public_url = Arc::from(url.trim_end_matches('/'));
        self
    }

    /// Sets how long any request may take, its body included, before 408.
    pub fn with_request_timeout(mut self, timeout: Duration) -> AppState {
        self.request_timeout = timeout;
        self
    }

    /// The site's settings (`<data>/site.toml`), shown on every page.
    pub fn with_site(mut self, site: SiteSettings) -> AppState {
        self.site = Arc::new(site);
        self
    }

    /// Uses a calendar the tick reloads when `<data>/cn_holidays.csv` changes
    /// (`portal serve`), instead of the fixed one given to [`AppState::new`].
    pub fn with_live_calendar(mut self, calendar: Arc<crate::live_calendar::LiveCalendar>) -> AppState {
        self.calendar = calendar;
        self
    }

    /// Stores attachments in `dir` (normally `<data>/attachments`); the default
    /// of [`AppState::new`] is a folder in the system's temporary directory.
    pub fn with_attachments_dir(mut self, dir: PathBuf) -> AppState {
        self.attachments_dir = dir;
        self
    }

    /// Sets the open-data API's limit per client and minute.
    pub fn with_api_rate(mut self, per_minute: usize) -> AppState {
        self.api_rate = per_minute;
        self.api_limiter = Arc::new(RateLimiter::new(per_minute, Duration::from_secs(60)));
        self
    }

    /// Serves /metrics to anyone with this bearer token (instead of loopback only).
    pub fn with_metrics_token(mut self, token: Option<String>) -> AppState {
        self.metrics_token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }

    /// Marks session cookies `Secure` (set when the public address is https).
    pub fn with_secure_cookies(mut self, secure: bool) -> AppState {
        self.secure_cookies = secure;
        self
    }

    /// Believes `X-Forwarded-For` from these proxies (nginx in front of the portal).
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }
}

/// Default requests per client and minute on `/api/v1` (`PORTAL_API_RATE`).
pub const API_REQUESTS_PER_MINUTE: usize = 120;

/// The API limit `PORTAL_API_RATE` sets (requests per client and minute; the
/// default when unset or empty), or why the value cannot be used.
pub fn api_rate_from(value: Option<&str>) -> Result<usize, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(API_REQUESTS_PER_MINUTE),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("PORTAL_API_RATE: “{v}” is not a number of requests per minute (1 or more)")),
    }
}

/// Credit reports issued per client IP within [`SUBMISSION_WINDOW`].
pub const REPORTS_PER_WINDOW: usize = 20;
/// Report verifications per client IP within [`SUBMISSION_WINDOW`] (right or wrong).
pub const VERIFICATIONS_PER_WINDOW: usize = 30;

/// Tracking lookups (`/track`, right or wrong) per client IP within [`SUBMISSION_WINDOW`].
pub const TRACKING_LOOKUPS_PER_WINDOW: usize = 30;

/// Accepted submissions per client IP within [`SUBMISSION_WINDOW`].
pub const SUBMISSIONS_PER_WINDOW: usize = 5;
pub const SUBMISSION_WINDOW: Duration = Duration::from_secs(10 * 60);

/// Largest request body accepted, except by the forms that take attachments.
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;
/// Largest body of a form with attachments (5 × 10 MB + 1 MB).
pub use uploads::UPLOAD_BODY_LIMIT_BYTES;

/// No inline script or style anywhere, so the policy can be strict.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

pub fn router(state: AppState) -> Router {
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // No page of the portal needs the camera, microphone or location.
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ];
    // Behind TLS (the same switch as secure cookies), browsers stay on HTTPS for a year.
    let secure = state.secure_cookies;
    let mut router = Router::new()
        .merge(routes::public_pages(&state))
        .merge(routes::public_forms(&state))
        .merge(routes::open_data(&state))
        .merge(routes::feeds(&state))
        .merge(routes::back_office(&state))
        .merge(routes::operations(&state))
        // Counted per route pattern; unmatched paths (404 fallback) are not tracked.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), ops::track))
        // A form post may change what the public pages show.
        .route_layer(axum::middleware::from_fn_with_state(
            state.store.clone(),
            page_cache::posts_change_the_data,
        ))
        .fallback(pages::not_found)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(error::portal_errors))
        // Outside every layer that renders a page, so each page sees the site settings.
        .layer(axum::middleware::from_fn_with_state(state.site.clone(), provide_site))
        // One log line per request: method, path, status, latency.
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        );
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if secure {
        router = router.layer(axum::middleware::map_response(cookies::mark_secure));
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    router
}

/// Runs the request with the site settings as a Leptos context: pages are
/// plain functions rendered inside the handler, and `app::site::current`
/// reads the context of the reactive owner set here for every poll, as
/// leptos_axum does for its own routes.
async fn provide_site(State(site): State<Arc<SiteSettings>>, request: Request, next: Next) -> Response {
    let owner = Owner::new();
    let scoped = owner.with(|| {
        provide_context(SiteSettings::clone(&site));
        ScopedFuture::new_untracked(next.run(request))
    });
    scoped.await
}

/// The public origin from `PORTAL_PUBLIC_URL` (an `http(s)://` address), or
/// when unset `http://localhost:<port>` of the listening address: a request's
/// `Host` header is never used, so nobody can make the feeds point elsewhere.
pub fn public_url_from(value: Option<&str>, port: u16) -> Result<String, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(format!("http://localhost:{port}")),
        Some(v) => {
            let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
            let host_ok = rest.is_some_and(|r| {
                let host = r.split('/').next().unwrap_or_default();
                !host.is_empty()
                    && r.chars()
                        .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`' | '?' | '#'))
            });
            if host_ok {
                Ok(v.trim_end_matches('/').to_string())
            } else {
                Err(format!(
                    "PORTAL_PUBLIC_URL: “{v}” is not an http:// or https:// address (e.g. https://credit.example.gov.cn)"
                ))
            }
        }
    }
}

/// Past this, a request is answered 408 (`PORTAL_REQUEST_TIMEOUT_SECONDS`):
/// it covers reading the body, so a client trickling one cannot hold a
/// connection and a worker. Public reads have their shorter budget (`budget`).
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The forms that take attachments (up to 51 MB) get longer.
pub const UPLOAD_REQUEST_TIMEOUT: Duration = Duration::from_secs(300);

/// The request timeout setting, or why the value cannot be used.
pub fn request_timeout_from(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(DEFAULT_REQUEST_TIMEOUT),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=3600).contains(s))
            .map(Duration::from_secs)
            .ok_or_else(|| format!("PORTAL_REQUEST_TIMEOUT_SECONDS: “{v}” is not a number of seconds from 1 to 3600")),
    }
}

fn request_timeout(after: Duration) -> tower_http::timeout::TimeoutLayer {
    tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, after)
}

#[cfg(test)]
mod api_rate_tests {
    use super::*;

    #[test]
    fn the_public_url_is_configured_or_localhost_never_a_request_header() {
        assert_eq!(public_url_from(None, 3000).unwrap(), "http://localhost:3000");
        assert_eq!(
            public_url_from(Some("https://credit.example.gov.cn/"), 3000).unwrap(),
            "https://credit.example.gov.cn"
        );
        for bad in [
            "credit.example.gov.cn",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "https://x\"y",
        ] {
            let e = public_url_from(Some(bad), 3000).unwrap_err();
            assert!(e.contains("PORTAL_PUBLIC_URL"), "{e}");
        }
        assert_eq!(request_timeout_from(None), Ok(DEFAULT_REQUEST_TIMEOUT));
        assert_eq!(request_timeout_from(Some("5")), Ok(Duration::from_secs(5)));
        assert!(request_timeout_from(Some("0"))
            .unwrap_err()
            .contains("PORTAL_REQUEST_TIMEOUT_SECONDS"));
    }

    #[test]
    fn the_api_rate_comes_from_the_environment_or_the_default() {
        assert_eq!(api_rate_from(None), Ok(API_REQUESTS_PER_MINUTE));
        assert_eq!(api_rate_from(Some(" ")), Ok(API_REQUESTS_PER_MINUTE));
        assert_eq!(api_rate_from(Some("100000")), Ok(100_000));
        for bad in ["0", "-5", "fast", "1.5"] {
            let e = api_rate_from(Some(bad)).unwrap_err();
            assert!(e.contains("PORTAL_API_RATE") && e.contains(bad), "{e}");
        }
    }
}
