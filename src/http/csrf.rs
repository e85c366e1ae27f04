//! Cross-site request forgery: every form that changes something carries a
//! token its page put there, checked before the handler runs.
//!
//! - Public forms (report, verify, login) use a double-submit cookie: the
//!   page sets `csrf` and copies it into the form; [`CsrfForm`] refuses a post
//!   whose field does not equal the cookie.
//! - Back-office forms use the session's synchroniser token instead
//!   (`admin::session::StaffForm`), which reads the body with [`read_form`].
//! - Forms with files (multipart) and the public submission forms, whose
//!   guard also checks a honeypot and a rate limit, call [`csrf_ok`].

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::tokens::{is_token, random_token};
use super::{cookies, AppError, AppState};

const CSRF_COOKIE: &str = "csrf";

/// The refusal of a public form whose token does not match.
const EXPIRED: &str = "页面已过期，或浏览器禁用了 Cookie。请返回刷新页面后重试。";

/// The CSRF token of this browser, and the cookie to set when it is new.
pub(super) fn csrf_token(headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    match cookies::get(headers, CSRF_COOKIE).filter(|t| is_token(t)) {
        Some(t) => (t, None),
        None => {
            let t = random_token();
            let cookie = cookies::set(CSRF_COOKIE, &t, "/", None);
            (t, Some(cookie))
        }
    }
}

/// Double-submit check: the form's hidden token must equal the cookie.
pub(super) fn csrf_ok(headers: &HeaderMap, sent: &str) -> bool {
    cookies::get(headers, CSRF_COOKIE).is_some_and(|c| is_token(&c) && c == sent)
}

/// A form with no fields but its token (logout, publish, issue a report).
#[derive(Debug, Default, Deserialize)]
pub(super) struct NoFields {}

/// The token field every form carries, read beside the form's own fields.
#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf: String,
}

/// Reads a url-encoded body as `T` and, from the same bytes, its `csrf`
/// field. Both go through axum's `Form`, so a wrong content type or a body
/// that does not fit `T` is refused exactly as a plain `Form<T>` would be.
pub(super) async fn read_form<T: DeserializeOwned>(
    parts: Parts,
    body: Body,
    state: &AppState,
) -> Result<(String, T), Response> {
    let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(IntoResponse::into_response)?;
    let again = |bytes: Bytes| Request::from_parts(parts.clone(), Body::from(bytes));
    let Form(TokenField { csrf }) = Form::from_request(again(bytes.clone()), state)
        .await
        .map_err(IntoResponse::into_response)?;
    let Form(form) = Form::<T>::from_request(again(bytes), state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok((csrf, form))
}

/// A public form whose CSRF token matched this browser's cookie; a post
/// without it gets 403 before the handler runs.
pub(super) struct CsrfForm<T> {
    /// The token, for a page that shows the form again.
    pub token: String,
    pub form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let headers = parts.headers.clone();
        let (token, form) = read_form(parts, body, state).await?;
        if !csrf_ok(&headers, &token) {
            return Err(AppError::Forbidden(EXPIRED.into()).into_response());
        }
        Ok(CsrfForm { token, form })
    }
}
