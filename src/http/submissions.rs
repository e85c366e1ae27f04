//! Handlers of public submissions: the complaint form (GET shows, POST checks
//! CSRF → honeypot → rate limit → fields → store, then 303 to the receipt),
//! the one-time receipt page, and tracking by number and query code.

use std::net::SocketAddr;
use std::time::Instant;

use app::domain::clock::CHINA_OFFSET_SECONDS;
use app::domain::complaint::{validate_complaint, ComplaintForm, FieldError, TargetKind};
use app::domain::masking::{mask_email, mask_name, mask_phone};
use app::domain::tracking::{code_matches, is_query_code, is_tracking_number, normalize};
use app::views::{ComplaintFormView, TrackFormView, TrackedSubmission};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use super::rate_limit::minutes_to_wait;
use super::tokens::{is_token, random_token};
use super::{cookies, query_code, AppError, AppState};
use crate::store::{SubmissionEvent, SubmissionRow};

const CSRF_COOKIE: &str = "csrf";
const RECEIPT_COOKIE: &str = "receipt";
const RECEIPT_PATH: &str = "/submissions/received";
/// The receipt cookie only has to survive the redirect.
const RECEIPT_MAX_AGE_SECONDS: u64 = 600;
/// Working days within which a complaint is accepted or refused.
const ACCEPTANCE_WORKING_DAYS: u32 = 2;
const WRONG_NUMBER_OR_CODE: &str = "跟踪编号或查询码不正确";

type PageResult = Result<Response, AppError>;

/// A page with a status; never cached, since forms carry tokens and receipts codes.
fn page(status: StatusCode, html: String, cookie: Option<HeaderValue>) -> Response {
    let mut r = (status, Html(html)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = cookie {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

/// The CSRF token of this browser, and the cookie to set when it is new.
fn csrf_token(headers: &HeaderMap) -> (String, Option<HeaderValue>) {
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
fn csrf_ok(headers: &HeaderMap, sent: &str) -> bool {
    cookies::get(headers, CSRF_COOKIE).is_some_and(|c| is_token(&c) && c == sent)
}

fn forbidden() -> Response {
    page(
        StatusCode::FORBIDDEN,
        app::pages::error_page(
            "无法提交：页面已过期",
            "为保护您的安全，我们无法确认这次提交来自本站的表单。这通常是因为页面打开太久或浏览器禁用了 Cookie。请重新打开表单再提交，您填写的内容需要重新输入。",
        ),
        None,
    )
}

pub async fn complaint_form(headers: HeaderMap) -> Response {
    let (csrf, cookie) = csrf_token(&headers);
    let view = ComplaintFormView {
        csrf,
        form_id: random_token(),
        ..Default::default()
    };
    page(StatusCode::OK, app::pages::complaint_page(view), cookie)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComplaintPost {
    csrf: String,
    form_id: String,
    website: String,
    target_kind: String,
    target_name: String,
    target_uscc: String,
    category: String,
    description: String,
    anonymous: Option<String>,
    contact_name: String,
    phone: String,
    email: String,
}

impl ComplaintPost {
    fn form(&self) -> ComplaintForm {
        ComplaintForm {
            target_kind: self.target_kind.clone(),
            target_name: self.target_name.clone(),
            target_uscc: self.target_uscc.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            anonymous: self.anonymous.is_some(),
            contact_name: self.contact_name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
        }
    }
}

pub async fn complaint_submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(post): Form<ComplaintPost>,
) -> PageResult {
    if !csrf_ok(&headers, &post.csrf) {
        return Ok(forbidden());
    }
    if !post.website.is_empty() {
        // The honeypot: people never see this field, form-filling robots do.
        return Ok(page(
            StatusCode::BAD_REQUEST,
            app::pages::error_page(
                "无法提交",
                "提交内容中有不应填写的内容，未被接受。如您是正常填写，请重新打开表单再试。",
            ),
            None,
        ));
    }
    if !is_token(&post.form_id) {
        return Ok(page(
            StatusCode::BAD_REQUEST,
            app::pages::error_page("无法提交", "表单不完整，请重新打开表单再提交。"),
            None,
        ));
    }
    let ip = peer.ip();
    if let Err(wait) = state.limiter.check(ip, Instant::now()) {
        let minutes = minutes_to_wait(wait);
        let mut r = page(
            StatusCode::TOO_MANY_REQUESTS,
            app::pages::error_page(
                "提交过于频繁",
                &format!("提交过于频繁，请 {minutes} 分钟后再试。每个网络地址 10 分钟内最多提交 5 件。"),
            ),
            None,
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return Ok(r);
    }
    let form = post.form();
    let complaint = match validate_complaint(&form) {
        Ok(c) => c,
        Err(errors) => {
            let view = ComplaintFormView {
                form,
                errors,
                csrf: post.csrf.clone(),
                form_id: post.form_id.clone(),
            };
            return Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                app::pages::complaint_page(view),
                None,
            ));
        }
    };
    let secret = state.secret.get_or_try_init(|| state.store.server_secret()).await?;
    let code = query_code::derive(secret, &post.form_id);
    let received = state
        .store
        .receive_complaint(&post.form_id, &complaint, &code, state.clock.now())
        .await?;
    if received.created {
        state.limiter.record(ip, Instant::now());
    }
    let receipt = format!("{}.{}", received.tracking_number, code);
    let mut r = Redirect::to(RECEIPT_PATH).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(RECEIPT_COOKIE, &receipt, RECEIPT_PATH, Some(RECEIPT_MAX_AGE_SECONDS)),
    );
    Ok(r)
}

/// Shows the receipt once: the cookie is cleared in the same response.
pub async fn received(headers: HeaderMap) -> Response {
    let receipt = cookies::get(&headers, RECEIPT_COOKIE).and_then(|v| {
        let (number, code) = v.split_once('.')?;
        (is_tracking_number(number) && is_query_code(code)).then(|| (number.to_string(), code.to_string()))
    });
    let clear = cookies::get(&headers, RECEIPT_COOKIE).map(|_| cookies::clear(RECEIPT_COOKIE, RECEIPT_PATH));
    page(StatusCode::OK, app::pages::received_page(receipt), clear)
}

pub async fn track_form(headers: HeaderMap) -> Response {
    let (csrf, cookie) = csrf_token(&headers);
    let view = TrackFormView {
        csrf,
        ..Default::default()
    };
    page(StatusCode::OK, app::pages::track_page(view, None), cookie)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrackPost {
    csrf: String,
    tracking_number: String,
    code: String,
}

pub async fn track_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(post): Form<TrackPost>,
) -> PageResult {
    if !csrf_ok(&headers, &post.csrf) {
        return Ok(forbidden());
    }
    let mut errors = Vec::new();
    if post.tracking_number.trim().is_empty() {
        errors.push(FieldError {
            field: "tracking_number",
            message: "请输入跟踪编号".into(),
        });
    }
    if post.code.trim().is_empty() {
        errors.push(FieldError {
            field: "code",
            message: "请输入查询码".into(),
        });
    }
    let found = if errors.is_empty() {
        find_submission(&state, &post.tracking_number, &post.code).await?
    } else {
        None
    };
    let Some(row) = found else {
        if errors.is_empty() {
            // One message for every miss: never say whether the number exists.
            errors.push(FieldError {
                field: "tracking_number",
                message: WRONG_NUMBER_OR_CODE.into(),
            });
        }
        let view = TrackFormView {
            tracking_number: post.tracking_number.clone(),
            errors,
            csrf: post.csrf.clone(),
        };
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            app::pages::track_page(view, None),
            None,
        ));
    };
    let events = state.store.submission_events(row.id).await?;
    let view = TrackFormView {
        tracking_number: row.tracking_number.clone(),
        errors: Vec::new(),
        csrf: post.csrf.clone(),
    };
    let tracked = tracked(&state, row, events);
    Ok(page(StatusCode::OK, app::pages::track_page(view, Some(tracked)), None))
}

/// The submission when both the number and the code are right.
async fn find_submission(state: &AppState, number: &str, code: &str) -> Result<Option<SubmissionRow>, AppError> {
    let (number, code) = (normalize(number), normalize(code));
    if !is_tracking_number(&number) || !is_query_code(&code) {
        return Ok(None);
    }
    let row = state.store.submission_by_tracking_number(&number).await?;
    Ok(row.filter(|r| code_matches(&r.code_salt, &code, &r.code_hash)))
}

fn china_time(t: DateTime<Utc>) -> String {
    let china = FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("UTC+8");
    t.with_timezone(&china).format("%Y-%m-%d %H:%M").to_string()
}

fn event_label(event: &str) -> &str {
    match event {
        "received" => "收到",
        other => other,
    }
}

fn status_label(status: &str) -> &str {
    match status {
        "received" => "已收到，待受理",
        other => other,
    }
}

/// Turns a stored submission into what its submitter sees, contact masked.
fn tracked(state: &AppState, row: SubmissionRow, events: Vec<SubmissionEvent>) -> TrackedSubmission {
    let target_kind = TargetKind::from_code(&row.target_kind).map_or("", |k| k.label());
    let target = match &row.target_uscc {
        Some(code) => format!("{}（{target_kind}，{code}）", row.target_name),
        None => format!("{}（{target_kind}）", row.target_name),
    };
    let contact = [
        ("姓名", row.contact_name.as_deref().map(mask_name)),
        ("电话", row.contact_phone.as_deref().map(mask_phone)),
        ("电子邮箱", row.contact_email.as_deref().map(mask_email)),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|v| (label.to_string(), v)))
    .collect();
    let next_step = (row.status == "received").then(|| {
        let received_on = app::domain::clock::china_date(row.received_at);
        let due = state.calendar.add_working_days(received_on, ACCEPTANCE_WORKING_DAYS);
        format!(
            "下一步：决定是否受理。我们将在收到后 {ACCEPTANCE_WORKING_DAYS} 个工作日内，即 {} 前作出决定。",
            app::domain::dates::format_date(due)
        )
    });
    TrackedSubmission {
        tracking_number: row.tracking_number,
        kind_label: "投诉举报".into(),
        status_label: status_label(&row.status).to_string(),
        target,
        category: row.category,
        description: row.description,
        contact,
        anonymous: row.anonymous,
        timeline: events
            .iter()
            .map(|e| {
                let what = match &e.note {
                    Some(note) => format!("{}：{note}", event_label(&e.event)),
                    None => event_label(&e.event).to_string(),
                };
                (what, china_time(e.at))
            })
            .collect(),
        next_step,
    }
}
