//! The back-office at `/admin`: every handler takes a [`Staff`] (logged in,
//! or redirected to the login page) and asks `app::domain::staff::Actor`
//! whether this role may do this; a wrong role gets 403, whatever the page
//! shows. Every POST carries the session's CSRF token.

mod audit;
mod dashboard;
mod lists;
mod session;
mod submissions;
mod users;

use app::pages::admin::forbidden_page;
use axum::routing::{get, post};
use axum::Router;

pub use session::Staff;

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
        .route("/admin/lists", get(lists::lists).post(lists::create_list))
        .route("/admin/lists/{id}", get(lists::list))
        .route("/admin/lists/{id}/config", post(lists::configure))
        .route("/admin/lists/{id}/entries", post(lists::propose))
        .route("/admin/lists/{id}/entries/{record}", post(lists::step))
}

/// The 403 page with the back-office header.
pub async fn forbidden(state: &AppState, staff: &Staff) -> axum::response::Response {
    let html = forbidden_page(&staff.nav(state).await);
    super::submissions::page(axum::http::StatusCode::FORBIDDEN, html, None)
}
