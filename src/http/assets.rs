//! Static assets, compiled into the binary so it runs from any folder.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../style/portal.css");
const FAVICON: &str = include_str!("../../public/favicon.svg");
const ROBOTS: &str = include_str!("../../public/robots.txt");
const FORMS_JS: &str = include_str!("../../public/forms.js");

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
}

pub async fn robots() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], ROBOTS)
}

/// The one script: progressive enhancement for forms (pages work without it).
pub async fn forms_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        FORMS_JS,
    )
}
