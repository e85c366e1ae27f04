//! Handlers of public submissions: the complaint form (GET shows, POST checks
//! CSRF → honeypot → rate limit → fields → store, then 303 to the receipt),
//! the one-time receipt page, and tracking by number and query code.

use std::net::IpAddr;
use std::time::Instant;

use app::domain::attachment_rules::format_size;
use app::domain::clock::{china_date, china_time};
use app::domain::complaint::{validate_complaint, ComplaintForm, TargetKind};
use app::domain::field_error::FieldError;
use app::domain::masking::{mask_email, mask_name, mask_phone};
use app::domain::pledge::PledgerKind;
use app::domain::submission_workflow::{deadline, next_step_text, Deadline, Outcome, Status, SubmissionKind};
use app::domain::tracking::{code_matches, is_query_code, is_tracking_number, normalize};
use app::views::{ComplaintFormView, TrackFormView, TrackedSubmission};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::client_ip::ClientIp;
use super::csrf::{csrf_ok, csrf_token};
use super::labels::{event_label, kind_label, status_label};
use super::rate_limit::minutes_to_wait;
use super::respond::{page, PageResult};
use super::tokens::{is_token, random_token};
use super::uploads::{with_files, Submitted};
use super::{cookies, query_code, AppError, AppState};
use crate::store::{NewSubmission, SubmissionEvent, SubmissionRow};

const RECEIPT_COOKIE: &str = "receipt";
const RECEIPT_PATH: &str = "/submissions/received";
/// The receipt cookie only has to survive the redirect.
const RECEIPT_MAX_AGE_SECONDS: u64 = 600;
const WRONG_NUMBER_OR_CODE: &str = "跟踪编号或查询码不正确";

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
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    submitted: Submitted,
) -> PageResult {
    let post: ComplaintPost = submitted.parse();
    if let Some(refused) = guard(&state, ip, &headers, &post.csrf, &post.website, &post.form_id) {
        return Ok(refused);
    }
    let form = post.form();
    let files = submitted.check(false);
    let complaint = match with_files(validate_complaint(&form), files) {
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
    let attachments = submitted.store(&state).await?;
    let new = NewSubmission::complaint(&complaint).with_attachments(attachments);
    receive(&state, ip, &post.form_id, new).await
}

/// The checks every submission passes before its fields are looked at:
/// CSRF → honeypot → form id → rate limit. `Some` is the refusal to send.
pub(super) fn guard(
    state: &AppState,
    ip: IpAddr,
    headers: &HeaderMap,
    csrf: &str,
    website: &str,
    form_id: &str,
) -> Option<Response> {
    if !csrf_ok(headers, csrf) {
        return Some(forbidden());
    }
    if !website.is_empty() {
        // The honeypot: people never see this field, form-filling robots do.
        return Some(page(
            StatusCode::BAD_REQUEST,
            app::pages::error_page(
                "无法提交",
                "提交内容中有不应填写的内容，未被接受。如您是正常填写，请重新打开表单再试。",
            ),
            None,
        ));
    }
    if !is_token(form_id) {
        return Some(page(
            StatusCode::BAD_REQUEST,
            app::pages::error_page("无法提交", "表单不完整，请重新打开表单再提交。"),
            None,
        ));
    }
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
        return Some(r);
    }
    None
}

/// Stores a checked submission (idempotent per form id, code derived with the
/// server secret) and redirects to the one-time receipt.
pub(super) async fn receive(state: &AppState, ip: IpAddr, form_id: &str, new: NewSubmission) -> PageResult {
    let secret = state.secret.get_or_try_init(|| state.store.server_secret()).await?;
    let code = query_code::derive(secret, form_id);
    let received = state.store.receive(form_id, &new, &code, state.clock.now()).await?;
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
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(post): Form<TrackPost>,
) -> PageResult {
    if !csrf_ok(&headers, &post.csrf) {
        return Ok(forbidden());
    }
    // Every lookup counts, right or wrong, so query codes cannot be guessed.
    let now = std::time::Instant::now();
    if let Err(wait) = state.track_limiter.check(ip, now) {
        return Ok(super::rate_limit::too_many(wait));
    }
    state.track_limiter.record(ip, now);
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
    let authority = match row.authority_id {
        Some(id) => state.store.department(id).await?.map(|d| d.name),
        None => None,
    };
    let attachments = state
        .store
        .attachments_of(row.id)
        .await?
        .into_iter()
        .map(|a| (a.original_name, format_size(a.size.max(0) as u64)))
        .collect();
    let mut tracked = tracked(&state, row, events, authority);
    tracked.attachments = attachments;
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

/// The deadline of the step a submission waits for, if it waits.
pub(super) fn current_deadline(state: &AppState, row: &SubmissionRow) -> Option<Deadline> {
    let kind = SubmissionKind::from_code(&row.kind)?;
    let status = Status::from_code(&row.status)?;
    // From receipt or from acceptance, never from the last assignment.
    let accepted_on = row.accepted_at.map(china_date);
    deadline(&state.calendar, kind, status, china_date(row.received_at), accepted_on)
}

/// What was submitted, labelled for its kind.
fn details(row: &SubmissionRow, authority: Option<String>) -> Vec<(String, String)> {
    let with_uscc = |name: &str, extra: &str| match &row.target_uscc {
        Some(code) if extra.is_empty() => format!("{name}（{code}）"),
        Some(code) => format!("{name}（{extra}，{code}）"),
        None if extra.is_empty() => name.to_string(),
        None => format!("{name}（{extra}）"),
    };
    let record = || {
        row.record_id
            .map(|id| ("所涉信息".to_string(), format!("/records/{id}")))
    };
    let pairs: Vec<Option<(String, String)>> = match row.kind.as_str() {
        "objection" => vec![
            record(),
            Some(("申请人".into(), with_uscc(&row.target_name, ""))),
            Some(("异议理由".into(), row.category.clone())),
            Some(("异议说明".into(), row.description.clone())),
        ],
        "repair" | "removal" => vec![
            record(),
            Some(("申请人".into(), with_uscc(&row.target_name, ""))),
            Some(("整改情况说明".into(), row.description.clone())),
        ],
        "pledge" => {
            let kind = PledgerKind::from_code(&row.target_kind).map_or("", |k| k.label());
            vec![
                Some(("承诺主体".into(), with_uscc(&row.target_name, kind))),
                Some(("承诺类型".into(), row.category.clone())),
                row.matter.clone().map(|m| ("承诺事项".into(), m)),
                Some(("承诺内容".into(), row.description.clone())),
                row.pledge_due_date
                    .map(|d| ("承诺履行期限".into(), app::domain::dates::format_date(d))),
                authority.map(|a| ("承诺接收部门".into(), a)),
            ]
        }
        _ => {
            let kind = TargetKind::from_code(&row.target_kind).map_or("", |k| k.label());
            vec![
                Some(("被投诉举报对象".into(), with_uscc(&row.target_name, kind))),
                Some(("问题类别".into(), row.category.clone())),
                Some(("问题描述".into(), row.description.clone())),
            ]
        }
    };
    pairs.into_iter().flatten().collect()
}

/// What happens next and by when, while the submission waits.
fn next_step(state: &AppState, row: &SubmissionRow) -> Option<String> {
    if row.kind == "pledge" && row.status == "received" {
        return Some("下一步：由承诺接收部门确认。确认后本承诺才会在本站公示，目前不公开。".to_string());
    }
    current_deadline(state, row).map(|d| {
        let text = next_step_text(&d);
        match app::domain::working_days::estimated_deadline_note(&state.calendar, d.due) {
            Some(note) => format!("{text}{note}"),
            None => text,
        }
    })
}

/// Turns a stored submission into what its submitter sees, contact masked.
fn tracked(
    state: &AppState,
    row: SubmissionRow,
    events: Vec<SubmissionEvent>,
    authority: Option<String>,
) -> TrackedSubmission {
    let contact = [
        ("姓名", row.contact_name.as_deref().map(mask_name)),
        ("电话", row.contact_phone.as_deref().map(mask_phone)),
        ("电子邮箱", row.contact_email.as_deref().map(mask_email)),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|v| (label.to_string(), v)))
    .collect();
    TrackedSubmission {
        attachments: Vec::new(),
        details: details(&row, authority),
        next_step: next_step(state, &row),
        outcome: row
            .outcome
            .as_deref()
            .and_then(Outcome::from_code)
            .map(|o| o.text(row.record_version)),
        reply: row.reply.clone(),
        kind_label: kind_label(&row.kind).into(),
        status_label: status_label(&row.kind, &row.status).to_string(),
        tracking_number: row.tracking_number,
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
    }
}
