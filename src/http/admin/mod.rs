//! The back-office at `/admin`: every handler takes a [`Staff`] (logged in,
//! or redirected to the login page) and asks `app::domain::staff::Actor`
//! whether this role may do this; a wrong role gets 403, whatever the page
//! shows. Every POST carries the session's CSRF token.

mod audit;
mod cases;
mod dashboard;
mod government_integrity;
mod imports;
mod lists;
mod record_editor;
mod record_upload;
mod records;
mod session;
mod submissions;
mod users;

use axum::routing::{get, post};
use axum::Router;

pub use session::{Staff, StaffForm};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::dashboard))
        .route("/admin/login", get(session::login_form).post(session::login_submit))
        .route("/admin/logout", post(session::logout))
        .route(
            "/admin/password",
            get(session::password_form).post(session::password_submit),
        )
        .route("/admin/submissions", get(submissions::queue))
        .route(
            "/admin/submissions/{id}",
            get(submissions::detail).post(submissions::decide),
        )
        .route(
            "/admin/submissions/{id}/attachments/{attachment}",
            get(submissions::attachment),
        )
        .route("/admin/audit", get(audit::audit))
        .route("/admin/users", get(users::users).post(users::add_user))
        .route("/admin/users/{id}", post(users::change_user))
        .route("/admin/records", get(records::list))
        .route(
            "/admin/records/new",
            get(record_editor::new_form).post(record_editor::create),
        )
        .route("/admin/records/upload/confirm", post(record_upload::confirm))
        .route("/admin/imports", get(imports::runs))
        .route("/admin/imports/{id}", get(imports::run))
        .route("/admin/records/{id}", get(records::detail))
        .route("/admin/records/{id}/publish", post(records::publish))
        .route("/admin/records/{id}/withdraw", post(records::withdraw))
        .route("/admin/records/{id}/fulfil", post(records::fulfil))
        .route("/admin/records/overdue-pledges", get(records::overdue_pledges))
        .route(
            "/admin/records/{id}/edit",
            get(record_editor::edit_form).post(record_editor::correct),
        )
        .route("/admin/lists", get(lists::lists).post(lists::create_list))
        .route("/admin/cases", get(cases::cases).post(cases::publish))
        .route("/admin/cases/{id}/withdraw", post(cases::withdraw))
        .route("/admin/integrity", get(government_integrity::records))
        .route("/admin/integrity/{id}", get(government_integrity::record))
        .route("/admin/integrity/{id}/remedies", post(government_integrity::order))
        .route(
            "/admin/integrity/remedies/{id}",
            get(government_integrity::completion_form).post(government_integrity::complete),
        )
        .route(
            "/admin/evaluations",
            get(government_integrity::evaluations).post(government_integrity::publish_evaluation),
        )
        .route(
            "/admin/evaluations/{id}/withdraw",
            post(government_integrity::withdraw_evaluation),
        )
        .route("/admin/lists/{id}", get(lists::list))
        .route("/admin/lists/{id}/config", post(lists::configure))
        .route("/admin/lists/{id}/entries", post(lists::propose))
        .route("/admin/lists/{id}/entries/{record}", post(lists::step))
}

/// The record file upload, which takes bodies up to the upload limit of the
/// public forms with attachments (the rest of the back-office keeps 2 MiB).
pub fn record_upload_routes() -> Router<AppState> {
    use super::UPLOAD_BODY_LIMIT_BYTES;
    Router::new()
        .route(
            "/admin/records/upload",
            get(record_upload::upload_form).post(record_upload::upload),
        )
        .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_BODY_LIMIT_BYTES))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(UPLOAD_BODY_LIMIT_BYTES))
}
