//! One error type for every handler, mapped to a status and a friendly page in
//! one place. Internal errors are logged with detail and shown without it.

use axum::http::{header, StatusCode};
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
    /// The request ran over its time budget (`budget`): 503, come back later.
    #[error("over the time budget")]
    Busy,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
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
