//! A time budget for every public read: a page or API answer that is not
//! ready within it gets 503 with `Retry-After`, instead of holding the client
//! while slower work piles up behind it (issue 14). Writes are never cut
//! short: a form post runs to its end, so what it stored is what it answered.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppError;

/// Default budget of one public read (`PORTAL_REQUEST_BUDGET_MS`).
pub const DEFAULT_REQUEST_BUDGET: Duration = Duration::from_secs(5);

pub async fn within_budget(State(budget): State<Duration>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_string();
    match tokio::time::timeout(budget, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, budget_ms = budget.as_millis() as u64, "request over its time budget");
            AppError::Busy.into_response()
        }
    }
}

/// Reads `PORTAL_REQUEST_BUDGET_MS` (milliseconds, at least 1); unset gives the default.
pub fn request_budget_from(value: Option<&str>) -> Result<Duration, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_REQUEST_BUDGET),
        Some(v) => match v.parse::<u64>() {
            Ok(ms) if ms >= 1 => Ok(Duration::from_millis(ms)),
            _ => Err(format!("PORTAL_REQUEST_BUDGET_MS 应为正整数（毫秒），收到 “{v}”")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use axum::routing::get;
    use axum::Router;
    use tower::Service;

    async fn status_of(method: Method, path: &str) -> (StatusCode, Option<String>) {
        let slow = || async {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            "done"
        };
        let mut router = Router::new()
            .route("/slow", get(slow).post(slow))
            .route("/fast", get(|| async { "fast" }))
            .route_layer(axum::middleware::from_fn_with_state(
                Duration::from_millis(100),
                within_budget,
            ));
        let request = axum::http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .unwrap();
        let response = router.call(request).await.unwrap();
        let retry = response
            .headers()
            .get(axum::http::header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_string());
        (response.status(), retry)
    }

    #[tokio::test]
    async fn a_read_over_its_budget_is_answered_503_but_a_write_runs_to_its_end() {
        assert_eq!(
            status_of(Method::GET, "/slow").await,
            (StatusCode::SERVICE_UNAVAILABLE, Some("5".into()))
        );
        assert_eq!(status_of(Method::GET, "/fast").await, (StatusCode::OK, None));
        assert_eq!(status_of(Method::POST, "/slow").await, (StatusCode::OK, None));
    }

    #[test]
    fn the_budget_is_read_in_milliseconds_and_refused_when_not_a_positive_number() {
        assert_eq!(request_budget_from(None), Ok(DEFAULT_REQUEST_BUDGET));
        assert_eq!(request_budget_from(Some(" ")), Ok(DEFAULT_REQUEST_BUDGET));
        assert_eq!(request_budget_from(Some("250")), Ok(Duration::from_millis(250)));
        for bad in ["0", "-5", "5s", "1.5"] {
            let e = request_budget_from(Some(bad)).unwrap_err();
            assert!(e.contains("PORTAL_REQUEST_BUDGET_MS") && e.contains(bad), "{e}");
        }
    }
}
