//! Every route of the portal, grouped by who uses it (as crates.io's
//! `src/router.rs`): citizens reading pages, people filling in forms, open-data
//! clients, feed readers, staff, and operators. Each group carries the layers
//! its routes need; `http::router` adds what every response gets (security
//! headers, error pages, metrics, the site settings).
//!
//! The layers a group can take:
//! - `remembered`: answered from the page cache until the data changes
//!   (`page_cache`), for what is the same for every visitor;
//! - `within_budget`: a public read past its time budget answers 503
//!   (`budget`);
//! - body limit and request timeout: 2 MiB and `PORTAL_REQUEST_TIMEOUT_SECONDS`,
//!   or the upload limits for forms with files.

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;

use super::{
    admin, api, assets, budget, cases, downloads, feeds, ops, page_cache, pages, record_submissions, reports, search,
    statistics, submissions, AppState, BODY_LIMIT_BYTES, UPLOAD_BODY_LIMIT_BYTES, UPLOAD_REQUEST_TIMEOUT,
};

/// The pages citizens, enterprises and journalists read.
pub(super) fn public_pages(state: &AppState) -> Router<AppState> {
    let remembered = Router::new()
        .route("/", get(pages::home))
        .route("/records/{id}", get(pages::record))
        .route("/subjects/{id}", get(pages::subject))
        .route("/lists/red", get(pages::red_list))
        .route("/lists/black", get(pages::black_list))
        .route("/departments", get(pages::departments))
        .route("/departments/{id}", get(pages::department))
        .route("/departments/{id}/integrity", get(statistics::profile))
        .route("/statistics", get(statistics::page))
        .route("/cases", get(cases::list))
        .route("/cases/{id}", get(cases::show))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::remembered,
        ));
    Router::new()
        .route("/search", get(search::search_page))
        .route("/reports/{number}", get(reports::show))
        .route("/style/portal.css", get(assets::stylesheet))
        .route("/forms.js", get(assets::forms_script))
        .route("/favicon.svg", get(assets::favicon))
        .route("/favicon.ico", get(assets::favicon))
        .route("/robots.txt", get(assets::robots))
        .merge(remembered)
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout))
}

/// The forms the public sends: complaints, objections, repair and removal
/// applications and pledges; credit reports and their verification; the
/// receipt and tracking.
pub(super) fn public_forms(state: &AppState) -> Router<AppState> {
    // These take attachments: a larger body and more time, no read budget.
    let with_files = Router::new()
        .route(
            "/complaints/new",
            get(submissions::complaint_form).post(submissions::complaint_submit),
        )
        .route(
            "/records/{id}/objection",
            get(record_submissions::objection_form).post(record_submissions::objection_submit),
        )
        .route(
            "/records/{id}/repair",
            get(record_submissions::repair_form).post(record_submissions::repair_submit),
        )
        .route(
            "/records/{id}/removal",
            get(record_submissions::removal_form).post(record_submissions::removal_submit),
        )
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT_BYTES))
        .layer(RequestBodyLimitLayer::new(UPLOAD_BODY_LIMIT_BYTES))
        .layer(super::request_timeout(
            UPLOAD_REQUEST_TIMEOUT.max(state.request_timeout),
        ));
    // The same for every visitor but its CSRF token: remembered with a
    // stand-in token, each visitor's own written in (`page_cache::remembered_form`).
    let remembered_forms = Router::new()
        .route("/subjects/{id}/report", get(reports::intro).post(reports::issue))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::remembered_form,
        ));
    Router::new()
        .route(
            "/pledges/new",
            get(record_submissions::pledge_form).post(record_submissions::pledge_submit),
        )
        .route("/submissions/received", get(submissions::received))
        .route("/track", get(submissions::track_form).post(submissions::track_submit))
        .route("/verify", get(reports::verify_form).post(reports::verify))
        .merge(remembered_forms)
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout))
        .merge(with_files)
}

/// Open data: the JSON API (its own rate limit, JSON errors), the bulk
/// downloads and their dictionary and catalogue.
pub(super) fn open_data(state: &AppState) -> Router<AppState> {
    let api_remembered = Router::new()
        .route("/api/v1/records", get(api::records))
        .route("/api/v1/records/{id}", get(api::record))
        .route("/api/v1/subjects/{id}", get(api::subject))
        .route("/api/v1/departments", get(api::departments))
        .route("/api/v1/lists", get(api::lists))
        .route("/api/v1/changes", get(feeds::changes_json))
        .route("/api/v1/statistics", get(statistics::api))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::remembered,
        ));
    let api = Router::new()
        .route("/api/v1/search", get(search::search_api))
        .route("/api/v1/openapi.json", get(api::openapi))
        .merge(api_remembered)
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), api::rate_limit))
        .layer(super::request_timeout(state.request_timeout));
    let files = Router::new()
        .route("/downloads", get(downloads::downloads))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::remembered,
        ))
        .route("/api", get(api::docs_page))
        .route("/downloads/dictionary", get(downloads::dictionary_html))
        .route("/downloads/catalog.jsonld", get(downloads::catalog))
        .route("/downloads/{file}", get(downloads::file))
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout));
    api.merge(files)
}

/// Atom feeds of every change, of a subject and of a department.
pub(super) fn feeds(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/changes.atom", get(feeds::changes_atom))
        .route("/subjects/{id}/feed.atom", get(feeds::subject_feed))
        .route("/departments/{id}/feed.atom", get(feeds::department_feed))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::remembered,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout))
}

/// The back-office at `/admin` (`admin::routes`), and its record upload with
/// the larger body limit.
pub(super) fn back_office(state: &AppState) -> Router<AppState> {
    admin::routes()
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout))
        .merge(admin::record_upload_routes().layer(super::request_timeout(
            UPLOAD_REQUEST_TIMEOUT.max(state.request_timeout),
        )))
}

/// Health, readiness and metrics for operators and their probes.
pub(super) fn operations(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.request_budget,
            budget::within_budget,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(super::request_timeout(state.request_timeout))
}
