//! Credit reports: issue one for a subject (`POST /subjects/{id}/report`),
//! show it once with its verification code (`/reports/{number}`), and check a
//! printed one (`/verify`). Issuing and verifying are rate-limited per client.

use std::time::Instant;

use app::domain::clock::{china_date, china_time};
use app::domain::credit_report::{is_report_number, report_number, ReportContent, ReportLine};
use app::domain::dates::format_date;
use app::domain::field_error::FieldError;
use app::domain::kinds::RecordKind;
use app::domain::tracking::{code_from_bytes, code_hash, code_matches, is_query_code, normalize};
use app::pages::{report_intro_page, report_page, verify_page, VerifyView};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::client_ip::ClientIp;
use super::csrf::{csrf_token, CsrfForm, NoFields};
use super::present::{parse_id, public_subject, subject_kind_of, summary, visible, PublicSubject};
use super::respond::{page, PageResult};
use super::{cookies, AppError, AppState};
use crate::store::NewReport;

/// The code travels to the report page in this cookie, once.
const CODE_COOKIE: &str = "report_code";
const CODE_COOKIE_SECONDS: u64 = 600;
const WRONG: &str = "报告编号或核验码不正确";

pub async fn intro(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> PageResult {
    let subject = match public_subject(&state.store, parse_id(&id)?, 100).await? {
        None => return Err(AppError::NotFound),
        Some(PublicSubject::Merged(into)) => {
            return Ok(Redirect::permanent(&format!("/subjects/{into}/report")).into_response())
        }
        Some(PublicSubject::Known { subject, .. }) => subject,
    };
    let (csrf, cookie) = csrf_token(&headers);
    Ok(page(
        StatusCode::OK,
        report_intro_page(subject.id, subject.name, csrf),
        cookie,
    ))
}

/// What the report says about `subject` now: its public records by kind.
async fn content(state: &AppState, subject_id: i64) -> Result<Option<ReportContent>, AppError> {
    // A subject the public may not know of gets no report (404), as its page.
    let Some(PublicSubject::Known { subject, records: rows }) = public_subject(&state.store, subject_id, 5000).await?
    else {
        return Ok(None);
    };
    let today = state.clock.today();
    let lines: Vec<_> = rows
        .into_iter()
        .filter(|r| visible(r, today))
        .map(|r| summary(r, today))
        .collect();
    let sections = RecordKind::ALL
        .into_iter()
        .map(|k| {
            let of_kind = lines
                .iter()
                .filter(|s| s.kind == k)
                .map(|s| ReportLine {
                    doc_no: s.doc_no.clone(),
                    title: s.title.clone(),
                    authority: s.authority_name.clone(),
                    decision_date: format_date(s.decision_date),
                    end_date: s.end_date.map(format_date),
                    status: s.status.label().to_string(),
                })
                .collect();
            (k.label().to_string(), of_kind)
        })
        .collect();
    Ok(Some(ReportContent {
        subject_name: subject.name,
        subject_kind: subject_kind_of(&subject.kind).label().to_string(),
        uscc: subject.uscc,
        id_masked: subject.id_masked,
        issued_at: china_time(state.clock.now()),
        on_blacklist: lines.iter().any(|s| s.kind == RecordKind::Blacklist),
        on_redlist: lines.iter().any(|s| s.kind == RecordKind::Redlist),
        sections,
    }))
}

pub async fn issue(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    _: CsrfForm<NoFields>,
) -> PageResult {
    let id = parse_id(&id)?;
    if let Err(wait) = state.reports_limiter.check(ip, Instant::now()) {
        return Ok(super::rate_limit::too_many(wait));
    }
    let content = content(&state, id).await?.ok_or(AppError::NotFound)?;
    state.reports_limiter.record(ip, Instant::now());
    let now = state.clock.now();
    let number = report_number(china_date(now), &rand::random::<[u8; 8]>());
    let code = code_from_bytes(&rand::random::<[u8; 16]>());
    let salt = super::tokens::random_token();
    let json = serde_json::to_string(&content).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .issue_report(
            &NewReport {
                number: &number,
                subject_id: id,
                code_salt: &salt,
                code_hash: &code_hash(&salt, &code),
                content: &json,
                content_hash: &content.content_hash(),
            },
            now,
        )
        .await?;
    let path = format!("/reports/{number}");
    let mut r = Redirect::to(&path).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(CODE_COOKIE, &code, &path, Some(CODE_COOKIE_SECONDS)),
    );
    Ok(r)
}

/// The report right after issue, with its code (once); without the code cookie
/// only a pointer to `/verify` (the content may include records withdrawn since).
pub async fn show(State(state): State<AppState>, headers: HeaderMap, Path(number): Path<String>) -> PageResult {
    if !is_report_number(&number) {
        return Err(AppError::NotFound);
    }
    let row = state.store.report_by_number(&number).await?.ok_or(AppError::NotFound)?;
    let content: ReportContent =
        serde_json::from_str(&row.content).map_err(|e| AppError::Internal(format!("report {number}: {e}")))?;
    let path = format!("/reports/{number}");
    let code = cookies::get(&headers, CODE_COOKIE)
        .filter(|c| is_query_code(c) && code_matches(&row.code_salt, c, &row.code_hash));
    let clear = code.as_ref().map(|_| cookies::clear(CODE_COOKIE, &path));
    Ok(page(StatusCode::OK, report_page(number, content, code), clear))
}

pub async fn verify_form(headers: HeaderMap) -> Response {
    let (csrf, cookie) = csrf_token(&headers);
    page(
        StatusCode::OK,
        verify_page(VerifyView {
            csrf,
            ..VerifyView::default()
        }),
        cookie,
    )
}

#[derive(Deserialize)]
pub struct VerifyPost {
    #[serde(default)]
    number: String,
    #[serde(default)]
    code: String,
}

pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    CsrfForm { token, form: post }: CsrfForm<VerifyPost>,
) -> PageResult {
    // Every attempt counts, so codes cannot be guessed.
    if let Err(wait) = state.verify_limiter.check(ip, Instant::now()) {
        return Ok(super::rate_limit::too_many(wait));
    }
    state.verify_limiter.record(ip, Instant::now());
    let number = post.number.trim().to_uppercase();
    let code = normalize(&post.code);
    let found = if is_report_number(&number) && is_query_code(&code) {
        state.store.report_by_number(&number).await?
    } else {
        None
    };
    let Some(row) = found.filter(|r| code_matches(&r.code_salt, &code, &r.code_hash)) else {
        let v = VerifyView {
            csrf: token.clone(),
            number: post.number.clone(),
            errors: vec![FieldError {
                field: "number",
                message: WRONG.into(),
            }],
            genuine: None,
        };
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, verify_page(v), None));
    };
    let said: ReportContent =
        serde_json::from_str(&row.content).map_err(|e| AppError::Internal(format!("report {number}: {e}")))?;
    let changed = match content(&state, row.subject_id).await? {
        Some(now) => now.sections != said.sections,
        None => true,
    };
    let v = VerifyView {
        csrf: token,
        genuine: Some((row.report_number, said, changed)),
        ..VerifyView::default()
    };
    Ok(page(StatusCode::OK, verify_page(v), None))
}
