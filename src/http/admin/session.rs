//! Who is logged in: the `Staff` extractor, login, logout and password change.
//!
//! The session cookie (`portal_admin`, path `/admin`, HttpOnly,
//! SameSite=Strict, Secure behind TLS) holds a random token; the database
//! keeps its SHA-256, the account and the session's CSRF token. Sessions end
//! after [`IDLE_MINUTES`] without use or [`ABSOLUTE_HOURS`] after login,
//! whichever comes first. A new token is issued at every login, so a token
//! planted before login is worthless (no session fixation).

use app::domain::login_throttle::{minutes_left, DEVICE_DAYS};
use app::domain::staff::{password_problem, Actor, Role};
use app::pages::admin::{login_page, password_page, AdminNav, LoginView, PasswordView};
use axum::extract::{FromRequest, FromRequestParts, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::auth::password::{dummy_hash, GateError};
use crate::auth::session_token::{looks_like_token, new_token, token_hash, COOKIE};
use crate::http::client_ip::ClientIp;
use crate::http::cookies;
use crate::http::csrf::{csrf_token, read_form, CsrfForm, NoFields};
use crate::http::respond::{page, PageResult};
use crate::http::{AppError, AppState};
use crate::store::{LoginAttempt, Reservation};

/// A session ends after this long without a request.
pub const IDLE_MINUTES: i64 = 30;
/// And at the latest this long after login.
pub const ABSOLUTE_HOURS: i64 = 12;

/// A logged-in account, checked on every back-office request.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub department_id: Option<i64>,
    /// Read with the session, so every back-office page (a refusal's too)
    /// has its header without another query.
    pub department_name: Option<String>,
    pub csrf: String,
    pub must_change_password: bool,
}

impl Staff {
    pub fn actor(&self) -> Actor {
        Actor {
            role: self.role,
            department_id: self.department_id,
        }
    }

    /// The name written to the change log.
    pub fn log_name(&self) -> String {
        format!("staff:{}", self.username)
    }

    /// The synchroniser-token check of every back-office POST (403 otherwise).
    pub fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if !sent.is_empty() && sent == self.csrf {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "表单已过期或不是从本站后台提交的，请返回刷新后重试。".into(),
            ))
        }
    }

    /// The 403 of a page or action this account may not use: the
    /// back-office page with its header (`AppError::NotAllowed`).
    pub fn not_allowed(&self) -> AppError {
        AppError::NotAllowed(Box::new(self.nav()))
    }

    pub fn nav(&self) -> AdminNav {
        let a = self.actor();
        AdminNav {
            username: self.username.clone(),
            role_label: self.role.label().to_string(),
            department: self.department_name.clone(),
            csrf: self.csrf.clone(),
            can_handle_submissions: a.can_handle_submissions(),
            can_publish: a.can_publish(),
            can_administer: a.can_administer(),
            can_audit: a.can_audit(),
            can_publish_cases: a.can_publish_cases(),
            can_supervise_integrity: a.can_supervise_government_integrity(),
        }
    }
}

/// Not logged in (or the session ended): back to the login page.
pub struct LoginRequired {
    next: String,
}

impl IntoResponse for LoginRequired {
    fn into_response(self) -> Response {
        let target = format!("/admin/login?next={}", app::pages::url_encode(&self.next));
        let mut r = Redirect::to(&target).into_response();
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }
}

fn session_expiry(created: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (now + Duration::minutes(IDLE_MINUTES)).min(created + Duration::hours(ABSOLUTE_HOURS))
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let next = parts.uri.path().to_string();
        let login = || LoginRequired { next: next.clone() }.into_response();
        let Some(token) = cookies::get(&parts.headers, COOKIE).filter(|t| looks_like_token(t)) else {
            return Err(login());
        };
        let now = state.clock.now();
        let hash = token_hash(&token);
        let row = state
            .store
            .session(&hash, now)
            .await
            .map_err(|e| AppError::from(e).into_response())?;
        let Some(row) = row else {
            return Err(login());
        };
        let Some(role) = Role::from_code(&row.role).filter(|_| !row.disabled) else {
            return Err(login());
        };
        let expiry = session_expiry(row.created_at, now);
        if expiry > row.expires_at + Duration::minutes(1) {
            // Slide the idle timeout (at most once a minute per session).
            state
                .store
                .touch_session(&hash, now, expiry)
                .await
                .map_err(|e| AppError::from(e).into_response())?;
        }
        let staff = Staff {
            user_id: row.user_id,
            username: row.username,
            role,
            department_id: row.department_id,
            department_name: row.department_name,
            csrf: row.csrf,
            must_change_password: row.must_change_password,
        };
        // First login or after a reset: nothing but the password page (and logout).
        if staff.must_change_password && !matches!(parts.uri.path(), "/admin/password" | "/admin/logout") {
            return Err(Redirect::to("/admin/password").into_response());
        }
        Ok(staff)
    }
}

/// A back-office form posted by a logged-in account with its session's
/// token: the login, password-change and token checks all happen before the
/// handler runs (403 on a wrong token, as `Staff::check_csrf`).
pub struct StaffForm<T> {
    pub staff: Staff,
    pub form: T,
}

impl<T: serde::de::DeserializeOwned + Send> FromRequest<AppState> for StaffForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let (token, form) = read_form(parts, body, state).await?;
        staff.check_csrf(&token).map_err(IntoResponse::into_response)?;
        Ok(StaffForm { staff, form })
    }
}

/// The session cookie (`Secure` behind TLS, as every cookie: `cookies::secure_layer`).
fn session_cookie(value: &str, max_age: Option<u64>) -> HeaderValue {
    cookies::set(COOKIE, value, "/admin", max_age)
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Only paths inside the back-office are followed after login (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with("/admin")
                && !n.contains("://")
                && !n.contains('\\')
                // Only printable ASCII reaches the Location header (no CR/LF, DEL, spaces).
                && n.bytes().all(|b| b.is_ascii_graphic()) =>
        {
            n.to_string()
        }
        _ => "/admin".to_string(),
    }
}

pub async fn login_form(headers: HeaderMap, Query(q): Query<LoginQuery>) -> Response {
    let (csrf, cookie) = csrf_token(&headers);
    let v = LoginView {
        csrf,
        next: safe_next(q.next.as_deref()),
        ..LoginView::default()
    };
    page(StatusCode::OK, login_page(v), cookie)
}

#[derive(Deserialize)]
pub struct LoginPost {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login_submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    CsrfForm { token, form: post }: CsrfForm<LoginPost>,
) -> PageResult {
    let now = state.clock.now();
    let username = post.username.trim().to_lowercase();
    let ip = ip.to_string();
    let again = |status, errors, notice: Option<String>| {
        let v = LoginView {
            username: username.clone(),
            errors,
            locked: notice,
            csrf: token.clone(),
            next: safe_next(Some(&post.next)),
        };
        page(status, login_page(v), None)
    };
    let user = state.store.staff_by_username(&username).await?;
    // A browser this account logged in from before is throttled on its own
    // failures only (`login_throttle`): nobody else's guesses lock it out.
    let device_token = cookies::get(&headers, DEVICE_COOKIE).filter(|t| looks_like_token(t));
    let mut device = None;
    if let (Some(token), Some(u)) = (&device_token, &user) {
        let hash = token_hash(token);
        if state.store.staff_device(&hash, now).await? == Some(u.id) {
            device = Some(hash);
        }
    }
    let attempt = LoginAttempt {
        username: &username,
        ip: &ip,
        device: device.as_deref(),
    };
    let attempt_id = match state.store.reserve_login_attempt(&attempt, now).await? {
        Reservation::Reserved(id) => id,
        Reservation::Locked(until) => {
            let message = format!(
                "登录失败次数过多，请 {} 分钟后再试。在此前登录过本账号的浏览器上可以照常登录；如忘记密码，请联系管理员重置。",
                minutes_left(now, until)
            );
            let mut r = again(StatusCode::TOO_MANY_REQUESTS, vec![], Some(message));
            let secs = (until - now).num_seconds().max(1);
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&secs.to_string()).expect("digits"),
            );
            return Ok(r);
        }
    };
    // Verify against a dummy hash when there is no such account: same time, same answer.
    let hash = user
        .as_ref()
        .map_or(dummy_hash(), |u| u.password_hash.as_str())
        .to_string();
    let matches = match state.passwords.verify(post.password.clone(), hash).await {
        Ok(matches) => matches,
        Err(e) => {
            // Never checked: not a failure.
            state.store.forget_login_attempt(attempt_id).await?;
            if let GateError::Failed(why) = e {
                return Err(AppError::Internal(why));
            }
            let mut r = again(
                StatusCode::SERVICE_UNAVAILABLE,
                vec![],
                Some("此刻登录的人较多，请几秒钟后再试。".into()),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(BUSY_RETRY_SECONDS));
            return Ok(r);
        }
    };
    let user = match user {
        Some(u) if matches && !u.disabled => u,
        _ => {
            // The reserved attempt stays: it was a failure.
            let error = app::domain::field_error::FieldError {
                field: "username",
                message: "用户名或密码不正确".into(),
            };
            return Ok(again(StatusCode::UNAUTHORIZED, vec![error], None));
        }
    };
    state.store.forget_login_attempt(attempt_id).await?;
    tracing::info!(user = %user.username, "back-office login");
    // Remember this browser as a device of the account (a new token unless it already is one).
    let remembered = device_token.filter(|_| device.is_some());
    let token = remembered.clone().unwrap_or_else(new_token);
    state.store.remember_device(&token_hash(&token), user.id, now).await?;
    let target = if user.must_change_password {
        "/admin/password".to_string()
    } else {
        safe_next(Some(&post.next))
    };
    let mut r = start_session(&state, user.id, &target, now).await?;
    if remembered.is_none() {
        let age = u64::try_from(DEVICE_DAYS * 24 * 3600).expect("positive");
        r.headers_mut().append(
            header::SET_COOKIE,
            cookies::set(DEVICE_COOKIE, &token, "/admin/login", Some(age)),
        );
    }
    Ok(r)
}

/// The cookie that marks a browser as a remembered device of an account
/// (sent to the login form only).
pub const DEVICE_COOKIE: &str = "portal_device";

/// How long a login refused for a full password gate is asked to wait.
const BUSY_RETRY_SECONDS: &str = "2";

/// A new session (new token, new CSRF token) and a redirect to `target`.
async fn start_session(state: &AppState, user_id: i64, target: &str, now: DateTime<Utc>) -> PageResult {
    let token = new_token();
    let csrf = crate::http::tokens::random_token();
    state
        .store
        .create_session(&token_hash(&token), user_id, &csrf, now, session_expiry(now, now))
        .await?;
    let mut r = Redirect::to(target).into_response();
    r.headers_mut().append(header::SET_COOKIE, session_cookie(&token, None));
    Ok(r)
}

pub async fn logout(State(state): State<AppState>, headers: HeaderMap, _: StaffForm<NoFields>) -> PageResult {
    if let Some(token) = cookies::get(&headers, COOKIE) {
        state.store.end_session(&token_hash(&token)).await?;
    }
    let mut r = Redirect::to("/admin/login").into_response();
    r.headers_mut().append(header::SET_COOKIE, session_cookie("", Some(0)));
    Ok(r)
}

pub async fn password_form(staff: Staff) -> Response {
    let v = PasswordView {
        nav: staff.nav(),
        errors: vec![],
        forced: staff.must_change_password,
    };
    page(StatusCode::OK, password_page(v), None)
}

#[derive(Deserialize)]
pub struct PasswordPost {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password_submit(
    State(state): State<AppState>,
    StaffForm { staff, form: post }: StaffForm<PasswordPost>,
) -> PageResult {
    let user = state
        .store
        .staff_by_id(staff.user_id)
        .await?
        .ok_or_else(|| AppError::Internal("session of a deleted account".into()))?;
    let stored = user.password_hash.clone();
    let current = post.current.clone();
    let current_ok = state
        .passwords
        .verify_when_free(current, stored)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut errors = Vec::new();
    let err = |field, message: String| app::domain::field_error::FieldError { field, message };
    if !current_ok {
        errors.push(err("current", "当前密码不正确".into()));
    }
    if let Some(problem) = password_problem(&staff.username, &post.new_password) {
        errors.push(err("new_password", problem));
    } else if post.new_password == post.current {
        errors.push(err("new_password", "新密码不能与当前密码相同".into()));
    }
    if post.confirm != post.new_password {
        errors.push(err("confirm", "两次输入的新密码不一致".into()));
    }
    if !errors.is_empty() {
        let v = PasswordView {
            nav: staff.nav(),
            errors,
            forced: staff.must_change_password,
        };
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, password_page(v), None));
    }
    let new = post.new_password.clone();
    let hash = state
        .passwords
        .hash(new)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = state.clock.now();
    // Ends every session of the account (a stolen cookie dies with the old
    // password), then starts a fresh one for this browser.
    state
        .store
        .set_staff_password(staff.user_id, &hash, false, &staff.log_name(), now)
        .await?;
    start_session(&state, staff.user_id, "/admin", now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_back_office_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/admin/submissions/3")), "/admin/submissions/3");
        for bad in [
            "https://evil.example/admin",
            "//evil.example",
            "/search",
            "/admin\\..\\x",
            "",
            "/admin\x7f",
            "/admin\r\nSet-Cookie: x=1",
            "/admin page",
        ] {
            assert_eq!(safe_next(Some(bad)), "/admin", "{bad}");
        }
        assert_eq!(safe_next(None), "/admin");
    }

    #[test]
    fn sessions_slide_but_never_beyond_the_absolute_limit() {
        let login = Utc::now();
        assert_eq!(session_expiry(login, login), login + Duration::minutes(IDLE_MINUTES));
        let late = login + Duration::hours(ABSOLUTE_HOURS) - Duration::minutes(5);
        assert_eq!(session_expiry(login, late), login + Duration::hours(ABSOLUTE_HOURS));
    }
}
