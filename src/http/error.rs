//! One error type for every handler, mapped to a status and a friendly page in
//! one place. Internal errors are logged with detail and shown without it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The thing existed but is no longer public (410).
    #[error("gone: {status}")]
    Gone { status: &'static str, explanation: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Logged in, but this account may not do this (or the form's token is wrong).
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal: {0}")]
    Internal(String),
    /// A back-office page or action this account's role or department may
    /// not use: 403 with the back-office header.
    #[error("not allowed for this account")]
    NotAllowed(Box<app::pages::admin::AdminNav>),
    /// The request ran over its time budget (`budget`): 503, come back later.
    #[error("over the time budget")]
    Busy,
}

/// What an [`AppError`] says to an API client: a code and words for people.
/// Every error response carries it, so `/api` answers with the error itself
/// rather than guessing from the page (`api::json_errors`).
#[derive(Clone, Debug)]
pub struct ApiWords {
    pub code: &'static str,
    pub message: String,
}

impl AppError {
    fn api_words(&self) -> ApiWords {
        let (code, message) = match self {
            AppError::NotFound => ("not_found", NOT_FOUND.to_string()),
            AppError::Gone { status, explanation } => ("not_public", format!("{status}：{explanation}")),
            AppError::BadRequest(m) => ("bad_request", m.clone()),
            AppError::Forbidden(m) => ("forbidden", m.clone()),
            AppError::NotAllowed(_) => ("forbidden", "无权访问".to_string()),
            AppError::Store(StoreError::Refused(m)) => ("conflict", m.clone()),
            AppError::Busy => ("unavailable", UNAVAILABLE.to_string()),
            AppError::Store(e) if e.is_unavailable() => ("unavailable", UNAVAILABLE.to_string()),
            AppError::Store(_) | AppError::Internal(_) => ("internal", INTERNAL.to_string()),
        };
        ApiWords { code, message }
    }
}

/// The API's words for a 404, a 503 and a 500 (`api::json_errors` too).
pub(super) const NOT_FOUND: &str = "没有这条公开信息";
pub(super) const UNAVAILABLE: &str = "服务暂时不可用，请稍后再试。";
pub(super) const INTERNAL: &str = "系统暂时无法处理您的请求，请稍后再试。";

/// Carries the headers that tell a client when to retry and what it may
/// send (`Retry-After`, `Allow`) from an answer over to its replacement.
pub(super) fn keep_retry_headers(from: &axum::http::HeaderMap, to: &mut Response) {
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = from.get(&name) {
            to.headers_mut().insert(name, v.clone());
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let words = self.api_words();
        let mut r = self.page();
        r.extensions_mut().insert(words);
        r
    }
}

impl AppError {
    /// The error as a page for people.
    fn page(self) -> Response {
        match self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                Html(app::pages::error_page(
                    "页面不存在",
                    "没有找到您要访问的页面或信息，它可能从未公示，或地址有误。",
                )),
            )
                .into_response(),
            AppError::Gone { status, explanation } => {
                (StatusCode::GONE, Html(app::pages::gone_page(status, &explanation))).into_response()
            }
            AppError::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                Html(app::pages::error_page("请求有误", &message)),
            )
                .into_response(),
            AppError::NotAllowed(nav) => {
                super::respond::page(StatusCode::FORBIDDEN, app::pages::admin::forbidden_page(&nav), None)
            }
            AppError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                Html(app::pages::error_page("无权访问", &message)),
            )
                .into_response(),
            // A rule said no (e.g. a decision not allowed in this state): the
            // message is written for people.
            AppError::Store(StoreError::Refused(message)) => (
                StatusCode::CONFLICT,
                Html(app::pages::error_page("无法完成操作", &message)),
            )
                .into_response(),
            AppError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                Html(app::pages::error_page(
                    "服务繁忙",
                    "访问人数较多，页面未能及时生成，请稍后刷新重试。",
                )),
            )
                .into_response(),
            // The database is down or restarting: say so, and when to come back.
            AppError::Store(e) if e.is_unavailable() => {
                tracing::warn!(error = %e, "database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(header::RETRY_AFTER, "5")],
                    Html(app::pages::error_page(
                        "服务暂时不可用",
                        "系统正在维护或重新连接数据库，请稍后再试。您刚才填写的内容没有提交，请返回上一页重新提交。",
                    )),
                )
                    .into_response()
            }
            AppError::Store(_) | AppError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(app::pages::error_page(
                        "服务暂时不可用",
                        "系统暂时无法处理您的请求，请稍后再试。",
                    )),
                )
                    .into_response()
            }
        }
    }
}

/// The last word on every response: what leaves the portal as an error is
/// the portal's own. Under `/api/` every answer is open to any origin and an
/// error is the API's JSON (`api::json_errors`); elsewhere an error that is
/// not a page — an extractor's plain-text rejection (bad or repeated query
/// parameters, a path that is not UTF-8), a body-limit 413, a timeout's 408 —
/// becomes the error page, with its status and `Retry-After`/`Allow` kept.
/// Machine endpoints (`/metrics`, `/healthz`, `/readyz`) keep their text.
pub async fn portal_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let path = request.uri().path();
    let api = path.starts_with("/api/");
    let machine = matches!(path, "/metrics" | "/healthz" | "/readyz");
    let r = next.run(request).await;
    if api {
        let mut r = super::api::json_errors(r).await;
        // Open data: anyone may read it from a browser page of their own,
        // refusals (429, 400) included, so a page can tell its user why.
        r.headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        return r;
    }
    let status = r.status();
    let is_page = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if machine || is_page || !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let mut page = match status {
        StatusCode::PAYLOAD_TOO_LARGE => super::uploads::too_large(),
        StatusCode::REQUEST_TIMEOUT => (
            status,
            Html(app::pages::error_page(
                "请求超时",
                "提交用时过长，连接已断开。请检查网络后重新提交；您填写的内容没有提交。",
            )),
        )
            .into_response(),
        StatusCode::METHOD_NOT_ALLOWED => (
            status,
            Html(app::pages::error_page("请求方式有误", "这个地址不接受这种请求方式。")),
        )
            .into_response(),
        s if s.is_client_error() => (
            status,
            Html(app::pages::error_page(
                "请求有误",
                "地址或参数有误（例如同一参数出现了两次，或含有无法识别的字符）。请返回上一页，或从首页重新进入。",
            )),
        )
            .into_response(),
        _ => AppError::Internal(format!("{status} without a page")).into_response(),
    };
    keep_retry_headers(r.headers(), &mut page);
    page
}
