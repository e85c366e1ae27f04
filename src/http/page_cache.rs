//! Public pages remembered as rendered (issue 14): the home page, the lists,
//! a department's pages, the statistics, the feeds and the open-data lists
//! are the same bytes for every visitor until the data changes, so the first
//! request renders them and the next ones are answered from memory — what a
//! city puts a CDN or nginx's micro-cache in front of its portal for, kept
//! inside the portal so it knows when a page is out of date.
//!
//! A remembered page is served only while all three hold:
//! - the data is as it was when the page was rendered: the store's
//!   [`ChangeCounter`](crate::store::ChangeCounter) has not moved (every
//!   committed transaction, every form post of this process, every change-log
//!   row the search follower saw arrive from another process or node);
//! - it is the same China day (publicity windows end at midnight);
//! - it is younger than the cache's maximum age (`PORTAL_PAGE_CACHE_SECONDS`),
//!   which bounds how late a change no counter saw can show (a submission
//!   posted on another node of a PostgreSQL deployment).
//!
//! Only `GET` answers of `200 OK` without `Set-Cookie` are kept; no public
//! page reads a cookie, and the forms (which carry a CSRF token) and search
//! (whose speed is measured uncached) are not behind this layer. Every answer
//! gets a strong `ETag` of its body and `If-None-Match` is answered `304`.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::AppState;
use crate::store::Store;

/// Default maximum age of a remembered page (`PORTAL_PAGE_CACHE_SECONDS`).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(10);
/// Memory the remembered pages may take in all.
const MAX_TOTAL_BYTES: usize = 64 * 1024 * 1024;
/// Larger pages are served as rendered, never kept.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// What a remembered page was rendered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataState {
    pub changes: u64,
    pub day: NaiveDate,
}

#[derive(Clone)]
struct Page {
    rendered_from: DataState,
    rendered_at: Instant,
    headers: HeaderMap,
    body: Bytes,
    /// The body gzipped, for clients that accept it (text of 1 KiB or more).
    gzipped: Option<Bytes>,
    /// Where a remembered form page holds its stand-in CSRF token
    /// ([`remembered_form`]); empty for other pages.
    token_at: Vec<usize>,
}

impl Page {
    /// Memory the page takes, both variants.
    fn size(&self) -> usize {
        self.body.len() + self.gzipped.as_ref().map_or(0, Bytes::len)
    }
}

#[derive(Default)]
struct Pages {
    by_uri: HashMap<String, Page>,
    /// Oldest first: what goes when the pages outgrow their memory.
    order: VecDeque<String>,
    bytes: usize,
}

/// The remembered pages, by path and query.
pub struct PageCache {
    pages: Mutex<Pages>,
    /// `None`: nothing is remembered (`PORTAL_PAGE_CACHE_SECONDS=0`).
    max_age: Option<Duration>,
    /// Answers from memory and answers rendered, since start (for /metrics).
    hits: AtomicU64,
    renders: AtomicU64,
}

impl PageCache {
    pub fn new(max_age: Duration) -> PageCache {
        PageCache {
            pages: Mutex::new(Pages::default()),
            max_age: (!max_age.is_zero()).then_some(max_age),
            hits: AtomicU64::new(0),
            renders: AtomicU64::new(0),
        }
    }

    /// The page remembered for `uri`, if it is still what `now` would render.
    fn fresh(&self, uri: &str, now: DataState) -> Option<Page> {
        let max_age = self.max_age?;
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .by_uri
            .get(uri)
            .filter(|p| p.rendered_from == now && p.rendered_at.elapsed() < max_age)
            .cloned()
    }

    fn remember(&self, uri: String, page: Page) {
        if self.max_age.is_none() {
            return;
        }
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        let size = page.size() + uri.len();
        if let Some(old) = pages.by_uri.insert(uri.clone(), page) {
            pages.bytes -= old.size() + uri.len();
        } else {
            pages.order.push_back(uri);
        }
        pages.bytes += size;
        while pages.bytes > MAX_TOTAL_BYTES {
            let Some(oldest) = pages.order.pop_front() else { break };
            if let Some(gone) = pages.by_uri.remove(&oldest) {
                pages.bytes -= gone.size() + oldest.len();
            }
        }
    }

    /// How many pages are remembered (for /metrics and tests).
    pub fn len(&self) -> usize {
        self.pages.lock().unwrap_or_else(|e| e.into_inner()).by_uri.len()
    }

    /// Answers given from memory since start.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Answers rendered behind the cache since start.
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }
}

/// Reads `PORTAL_PAGE_CACHE_SECONDS` (0 turns the cache off); unset gives the default.
pub fn max_age_from(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_MAX_AGE),
        Some(v) => v.parse::<u64>().map(Duration::from_secs).map_err(|_| {
            format!("PORTAL_PAGE_CACHE_SECONDS: “{v}” is not a number of seconds (0 turns the cache off)")
        }),
    }
}

/// What a page is remembered by: its path and query.
fn path_and_query(request: &Request) -> String {
    request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |p| p.to_string())
}

/// The data state a page rendered now is rendered from.
fn data_state(state: &AppState) -> DataState {
    DataState {
        changes: state.store.changes().current(),
        day: state.clock.today(),
    }
}

/// The layer in front of the public read routes.
pub async fn remembered(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let uri = path_and_query(&request);
    let asked = request.headers().get(header::IF_NONE_MATCH).cloned();
    let gzip_ok = accepts_gzip(request.headers());
    // Read before rendering: a change made meanwhile leaves the page out of date.
    let now = data_state(&state);
    if let Some(page) = state.pages.fresh(&uri, now) {
        state.pages.hits.fetch_add(1, Ordering::Relaxed);
        return answer(page, asked.as_ref(), gzip_ok);
    }
    state.pages.renders.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    // A rendered page knows its length; a stream (a download) is not kept.
    let known = response.body().size_hint().exact();
    if known.is_none_or(|len| len > MAX_PAGE_BYTES as u64) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::warn!(%uri, error = %e, "rendered page unreadable");
            return super::AppError::Busy.into_response();
        }
    };
    let mut headers = parts.headers;
    headers.insert(header::ETAG, entity_tag(&body));
    headers.remove(header::CONTENT_LENGTH);
    let gzipped = compressible(&headers).then(|| gzip(&body)).flatten();
    let page = Page {
        rendered_from: now,
        rendered_at: Instant::now(),
        headers,
        body,
        gzipped,
        token_at: Vec::new(),
    };
    state.pages.remember(uri, page.clone());
    answer(page, asked.as_ref(), gzip_ok)
}

/// A public page whose only per-visitor part is its form's CSRF token (the
/// credit report's first page): kept as rendered with a stand-in token, and
/// each answer gets the visitor's own token written in (with its cookie when
/// the browser has none yet). These answers are never 304 or gzipped, since
/// every visitor's copy differs, and stay `no-store` as every form.
pub async fn remembered_form(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = format!("form {}", path_and_query(&request));
    let (token, cookie) = super::csrf::csrf_token(request.headers());
    let now = data_state(&state);
    if let Some(page) = state.pages.fresh(&key, now) {
        state.pages.hits.fetch_add(1, Ordering::Relaxed);
        return with_token(&page, &token, cookie);
    }
    state.pages.renders.fetch_add(1, Ordering::Relaxed);
    // The handler renders the stand-in as if it were this browser's token;
    // nothing else of the visitor's cookies may shape a remembered page.
    let stand_in = stand_in_token();
    request.headers_mut().remove(header::COOKIE);
    if let Ok(v) = HeaderValue::from_str(&format!("csrf={stand_in}")) {
        request.headers_mut().insert(header::COOKIE, v);
    }
    let response = next.run(request).await;
    let known = response.body().size_hint().exact();
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || known.is_none_or(|len| len > MAX_PAGE_BYTES as u64)
    {
        // Not a page to keep (a 404, a redirect): it shows no token.
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return super::AppError::Busy.into_response();
    };
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    let page = Page {
        rendered_from: now,
        rendered_at: Instant::now(),
        token_at: token_offsets(&body, stand_in.as_bytes()),
        headers,
        body,
        gzipped: None,
    };
    state.pages.remember(key, page.clone());
    with_token(&page, &token, cookie)
}

/// The token remembered form pages are rendered with: random per process, so
/// no visitor can send it as theirs.
fn stand_in_token() -> &'static str {
    static STAND_IN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STAND_IN.get_or_init(super::tokens::random_token)
}

/// Where `token` appears in `body`.
fn token_offsets(body: &[u8], token: &[u8]) -> Vec<usize> {
    let mut at = Vec::new();
    let mut from = 0;
    while let Some(i) = body[from..].windows(token.len()).position(|w| w == token) {
        at.push(from + i);
        from += i + token.len();
    }
    at
}

/// A remembered form page with this visitor's token in place of the stand-in.
fn with_token(page: &Page, token: &str, cookie: Option<HeaderValue>) -> Response {
    let mut body = page.body.to_vec();
    for &at in &page.token_at {
        // Tokens are all the same length (`tokens::random_token`).
        if let Some(slot) = body.get_mut(at..at + token.len()) {
            slot.copy_from_slice(token.as_bytes());
        }
    }
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = page.headers.clone();
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// Whether the client takes gzip (`Accept-Encoding`, a `q` of 0 refusing it).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && q > 0.0
        })
}

/// Text worth compressing: HTML, feeds, JSON.
fn compressible(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/") || t.contains("json") || t.contains("xml"))
}

/// The body gzipped, when it is worth it (1 KiB or more, and smaller after).
fn gzip(body: &[u8]) -> Option<Bytes> {
    use std::io::Write as _;
    if body.len() < 1024 {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    let zipped = encoder.finish().ok()?;
    (zipped.len() < body.len()).then(|| Bytes::from(zipped))
}

/// The gzip variant's own validator (RFC 9110: each representation its tag).
fn gzip_tag(tag: &HeaderValue) -> Option<HeaderValue> {
    let plain = tag.to_str().ok()?.trim_matches('"');
    HeaderValue::from_str(&format!("\"{plain}-gzip\"")).ok()
}

/// After any request but a read, the data may have changed (a form post, a
/// staff decision): remembered pages are out of date from then on. Most such
/// writes also commit a transaction, which counts by itself; this covers the
/// rest.
pub async fn posts_change_the_data(State(store): State<Store>, request: Request, next: Next) -> Response {
    let read = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(request).await;
    if !read {
        store.changes().bump();
    }
    response
}

/// `304 Not Modified` when the client holds this version, else the page,
/// gzipped when there is a gzip variant and the client takes it.
fn answer(page: Page, asked: Option<&HeaderValue>, gzip_ok: bool) -> Response {
    let mut headers = page.headers;
    let body = match page.gzipped {
        Some(zipped) => {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            if gzip_ok {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                if let Some(tag) = headers.get(header::ETAG).and_then(gzip_tag) {
                    headers.insert(header::ETAG, tag);
                }
                zipped
            } else {
                page.body
            }
        }
        None => page.body,
    };
    let etag = headers.get(header::ETAG);
    if let (Some(asked), Some(etag)) = (asked, etag) {
        if matches_etag(asked, etag) {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            response.headers_mut().insert(header::ETAG, etag.clone());
            return response;
        }
    }
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}

/// A strong validator from the page's bytes: the same page has the same tag
/// across restarts and nodes.
fn entity_tag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let tag = format!("\"{}\"", hex::encode(&digest[..16]));
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// `If-None-Match` holds the tag (in a list, weak or not) or `*`.
fn matches_etag(asked: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(asked), Ok(etag)) = (asked.to_str(), etag.to_str()) else {
        return false;
    };
    asked
        .split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(changes: u64) -> DataState {
        DataState {
            changes,
            day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        }
    }

    fn page(from: DataState, body: &'static str) -> Page {
        Page {
            rendered_from: from,
            rendered_at: Instant::now(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
            gzipped: None,
            token_at: Vec::new(),
        }
    }

    #[test]
    fn a_form_page_gets_each_visitors_token_in_place_of_the_stand_in() {
        let stand_in = "0123456789abcdef0123456789abcdef";
        let body = format!("<input name=csrf value={stand_in}><p>x</p><input value={stand_in}>");
        let at = token_offsets(body.as_bytes(), stand_in.as_bytes());
        assert_eq!(at.len(), 2);
        let page = Page {
            token_at: at,
            body: Bytes::from(body),
            ..page(state(1), "")
        };
        let visitor = "fedcba9876543210fedcba9876543210";
        let answered = with_token(&page, visitor, None);
        let text = futures_text(answered);
        assert_eq!(
            text,
            format!("<input name=csrf value={visitor}><p>x</p><input value={visitor}>")
        );
        assert!(token_offsets(b"no token here", stand_in.as_bytes()).is_empty());
    }

    fn futures_text(r: Response) -> String {
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn a_page_is_served_only_while_the_data_and_the_day_are_unchanged() {
        let cache = PageCache::new(Duration::from_secs(60));
        cache.remember("/".into(), page(state(3), "home"));
        assert_eq!(cache.fresh("/", state(3)).unwrap().body, "home");
        assert!(cache.fresh("/", state(4)).is_none(), "a change since");
        let tomorrow = DataState {
            day: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            ..state(3)
        };
        assert!(cache.fresh("/", tomorrow).is_none(), "another day");
        assert!(cache.fresh("/?page=2", state(3)).is_none(), "another page");
    }

    #[test]
    fn a_page_older_than_the_maximum_age_is_rendered_again() {
        let cache = PageCache::new(Duration::from_millis(30));
        cache.remember("/".into(), page(state(1), "home"));
        assert!(cache.fresh("/", state(1)).is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.fresh("/", state(1)).is_none());
    }

    #[test]
    fn a_zero_maximum_age_remembers_nothing() {
        let cache = PageCache::new(Duration::ZERO);
        cache.remember("/".into(), page(state(1), "home"));
        assert_eq!(cache.len(), 0);
        assert!(cache.fresh("/", state(1)).is_none());
    }

    #[test]
    fn the_oldest_pages_go_when_memory_runs_out() {
        let cache = PageCache::new(Duration::from_secs(60));
        let big: &'static str = Box::leak("x".repeat(MAX_PAGE_BYTES).into_boxed_str());
        let fits = MAX_TOTAL_BYTES / MAX_PAGE_BYTES;
        for i in 0..fits + 3 {
            cache.remember(format!("/p{i}"), page(state(1), big));
        }
        assert!(cache.len() < fits, "{} pages kept", cache.len());
        assert!(cache.fresh("/p0", state(1)).is_none(), "the oldest went first");
        assert!(cache.fresh(&format!("/p{}", fits + 2), state(1)).is_some());
        let pages = cache.pages.lock().unwrap();
        assert!(pages.bytes <= MAX_TOTAL_BYTES);
        assert_eq!(pages.order.len(), pages.by_uri.len());
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_the_star() {
        let etag = entity_tag(b"page");
        let tag = etag.to_str().unwrap().to_string();
        for asked in [tag.clone(), format!("\"other\", {tag}"), format!("W/{tag}"), "*".into()] {
            assert!(matches_etag(&HeaderValue::from_str(&asked).unwrap(), &etag), "{asked}");
        }
        assert!(!matches_etag(&HeaderValue::from_static("\"other\""), &etag));
        assert_eq!(entity_tag(b"page"), etag, "the same bytes, the same tag");
        assert_ne!(entity_tag(b"page 2"), etag);
    }

    #[test]
    fn the_maximum_age_is_read_in_seconds() {
        assert_eq!(max_age_from(None), Ok(DEFAULT_MAX_AGE));
        assert_eq!(max_age_from(Some("0")), Ok(Duration::ZERO));
        assert_eq!(max_age_from(Some("30")), Ok(Duration::from_secs(30)));
        let e = max_age_from(Some("1m")).unwrap_err();
        assert!(e.contains("PORTAL_PAGE_CACHE_SECONDS") && e.contains("1m"), "{e}");
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(with("*"));
        assert!(!with("gzip;q=0"));
        assert!(!with("br, deflate"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn only_text_of_some_size_is_gzipped_and_the_variant_has_its_own_tag() {
        use std::io::Read as _;
        let page = "<p>嘉峪关市</p>".repeat(200);
        let zipped = gzip(page.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, page);
        assert!(gzip(b"short").is_none());
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml"));
        assert!(compressible(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
        assert!(compressible(&h), "SVG is text too");
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
        assert!(!compressible(&h));
        assert_eq!(
            gzip_tag(&HeaderValue::from_static("\"ab12\"")).unwrap(),
            "\"ab12-gzip\""
        );
    }
}
