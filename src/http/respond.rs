//! How a handler answers with a page: [`PageResult`] and [`page`]. Refusals
//! (404, 403, 410, 503 …) are `AppError`s, rendered in one place (`error.rs`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::AppError;

/// What a page handler returns.
pub(super) type PageResult = Result<Response, AppError>;

/// A page with a status; never cached, since forms carry tokens and receipts codes.
pub(super) fn page(status: StatusCode, html: String, cookie: Option<HeaderValue>) -> Response {
    let mut r = (status, Html(html)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = cookie {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}
